//! Writing output files so that a failure leaves nothing half-written.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::UsageError;

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: readers see the
/// old file or the new one, never a partial one. The file gets the permissions of the one it
/// replaces, or those of any new file (0666 less the umask on Unix), not the temporary file's
/// private 0600.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| UsageError(format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    if let Ok(old) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(old.permissions())
            .map_err(fail)?;
    }
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_reports_bad_directories() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let bad = dir.path().join("missing/x.json");
        let err = write_atomically(&bad, b"x").unwrap_err().to_string();
        assert!(err.contains("cannot write"), "{err}");
        assert!(!bad.exists());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_private_and_replaced_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let p = dir.path().join("report.md");
        write_atomically(&p, b"one").unwrap();
        // The process's umask, where Linux shows it (reading it with umask(2) would change it).
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("Umask:"))?;
                u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
            });
        if let Some(umask) = umask {
            assert_eq!(mode(&p), 0o666 & !umask);
        }
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o640);
    }
}
