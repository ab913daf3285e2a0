//! Writing output files so that a failure leaves nothing half-written.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::UsageError;

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: readers see the
/// old file or the new one, never a partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| UsageError(format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
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
}
