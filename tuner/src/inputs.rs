//! The user's files (`arsenal tune --input`, `arsenal compare --input`): found, read once,
//! fingerprinted, and kept within stated bounds.
//!
//! Each path is a file or a folder, walked recursively in file-name order (links followed).
//! One pass over each file computes its SHA-256 and keeps the bytes the benches will cut their
//! inputs from, within two caps, so memory stays bounded whatever the folder holds:
//!
//! - a file longer than [`FILE_CAP`] (16 MiB) is **sampled**: [`SAMPLE_PIECES`] pieces of
//!   1 MiB, spread evenly from its start to its end, are kept one after another as one input of
//!   16 MiB;
//! - once [`TOTAL_CAP`] (64 MiB) is kept, a later file that would pass it is fingerprinted and
//!   counted, but not kept.
//!
//! An empty file inside a folder is skipped and counted; an empty file named on its own, a
//! missing path, an unreadable file and a folder with no non-empty file are errors.

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use arsenal::Corpus;
use sha2::{Digest, Sha256};

/// Bytes kept of one file; a longer file is sampled.
pub const FILE_CAP: usize = 16 << 20;
/// Pieces a sampled file is kept as, each `FILE_CAP / SAMPLE_PIECES` bytes.
pub const SAMPLE_PIECES: usize = 16;
/// Bytes kept over all files.
pub const TOTAL_CAP: usize = 64 << 20;

/// One file read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Its path, as found.
    pub path: PathBuf,
    /// Its length in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// Bytes of it kept for measuring: all of it, a sample of [`FILE_CAP`], or none (past
    /// [`TOTAL_CAP`]).
    pub kept: u64,
}

impl InputFile {
    /// Whether only a sample of it was kept.
    pub fn sampled(&self) -> bool {
        self.kept > 0 && self.kept < self.bytes
    }
}

/// The user's files, read.
#[derive(Debug, Default)]
pub struct UserInputs {
    /// Every file found, in the order read.
    pub files: Vec<InputFile>,
    /// The bytes kept, one entry per file with `kept > 0`, in the same order.
    pub corpus: Corpus,
    /// Empty files found in folders and skipped.
    pub empty_skipped: usize,
}

impl UserInputs {
    /// Bytes over all files.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }

    /// The paths of the kept files, in corpus order.
    pub fn kept_paths(&self) -> impl Iterator<Item = &Path> {
        self.files
            .iter()
            .filter(|f| f.kept > 0)
            .map(|f| f.path.as_path())
    }

    /// What was read and how it was bounded, as sentences for a note.
    pub fn bounds(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let sampled = self.files.iter().filter(|f| f.sampled()).count();
        if sampled > 0 {
            notes.push(format!(
                "{sampled} file(s) longer than {} MiB sampled: {SAMPLE_PIECES} pieces of {} KiB \
                 spread from start to end, measured as one input",
                FILE_CAP >> 20,
                (FILE_CAP / SAMPLE_PIECES) >> 10
            ));
        }
        let unkept = self.files.iter().filter(|f| f.kept == 0).count();
        if unkept > 0 {
            notes.push(format!(
                "{unkept} file(s) fingerprinted but not measured: {} MiB kept at most, in path order",
                TOTAL_CAP >> 20
            ));
        }
        if self.empty_skipped > 0 {
            notes.push(format!("{} empty file(s) skipped", self.empty_skipped));
        }
        notes
    }
}

/// Why the user's files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist.
    #[error("{}: no such file or folder", .0.display())]
    Missing(PathBuf),
    /// The path exists but could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file named on its own is empty.
    #[error("{}: the file is empty", .0.display())]
    Empty(PathBuf),
    /// A folder holds no file that is not empty.
    #[error("{}: the folder holds no file with data", .0.display())]
    NoFiles(PathBuf),
}

/// How far reading has come, passed after every piece read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadProgress {
    /// Files done.
    pub files: usize,
    /// Files found.
    pub files_total: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Bytes in all files found.
    pub bytes_total: u64,
}

/// The files under `paths` with their lengths, in order; empty files of folders left out and
/// counted. Errors name the first path that fails. `progress` hears of the files found so far
/// (nothing read yet) every [`FOUND_STEP`] files.
pub fn find(
    paths: &[PathBuf],
    progress: &mut dyn FnMut(&ReadProgress),
) -> Result<(Vec<(PathBuf, u64)>, usize), InputError> {
    let mut found: Vec<(PathBuf, u64)> = Vec::new();
    let (mut empty, mut bytes_total) = (0, 0);
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => InputError::Missing(path.clone()),
            _ => unreadable(path, e),
        })?;
        if !meta.is_dir() {
            if meta.len() == 0 {
                return Err(InputError::Empty(path.clone()));
            }
            found.push((path.clone(), meta.len()));
            bytes_total += meta.len();
            continue;
        }
        let before = found.len();
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = entry.map_err(|e| {
                let at = e.path().unwrap_or(path).to_path_buf();
                unreadable(&at, e.into())
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let len = entry
                .metadata()
                .map_err(|e| unreadable(entry.path(), e.into()))?
                .len();
            if len == 0 {
                empty += 1;
            } else {
                found.push((entry.into_path(), len));
                bytes_total += len;
                if found.len().is_multiple_of(FOUND_STEP) {
                    progress(&ReadProgress {
                        files: 0,
                        files_total: found.len(),
                        bytes: 0,
                        bytes_total,
                    });
                }
            }
        }
        if found.len() == before {
            return Err(InputError::NoFiles(path.clone()));
        }
    }
    Ok((found, empty))
}

/// Files found between two progress reports while walking folders.
pub const FOUND_STEP: usize = 256;

fn unreadable(path: &Path, source: io::Error) -> InputError {
    InputError::Unreadable {
        path: path.to_path_buf(),
        source,
    }
}

/// Finds the files under `paths` and reads each once (see the module docs), calling `progress`
/// as it goes.
pub fn read(
    paths: &[PathBuf],
    progress: &mut dyn FnMut(&ReadProgress),
) -> Result<UserInputs, InputError> {
    let (found, empty_skipped) = find(paths, progress)?;
    let mut state = ReadProgress {
        files: 0,
        files_total: found.len(),
        bytes: 0,
        bytes_total: found.iter().map(|f| f.1).sum(),
    };
    progress(&state);
    let mut inputs = UserInputs {
        empty_skipped,
        ..UserInputs::default()
    };
    let mut buf = vec![0; 1 << 20];
    for (path, len) in found {
        let want = kept_ranges(len);
        let wanted: u64 = want.iter().map(|r| r.end - r.start).sum();
        let keep = inputs.corpus.total_bytes() as u64 + wanted <= TOTAL_CAP as u64;
        let mut kept = Vec::new();
        let mut hasher = Sha256::new();
        let mut file = File::open(&path).map_err(|e| unreadable(&path, e))?;
        let mut at = 0u64;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(unreadable(&path, e)),
            };
            let piece = &buf[..n];
            hasher.update(piece);
            if keep {
                keep_overlap(&want, at, piece, &mut kept);
            }
            at += n as u64;
            state.bytes += n as u64;
            progress(&state);
        }
        if !kept.is_empty() {
            inputs.corpus.push(&kept);
        }
        inputs.files.push(InputFile {
            path,
            bytes: at,
            sha256: hex(&hasher.finalize()),
            kept: kept.len() as u64,
        });
        state.files += 1;
        progress(&state);
    }
    Ok(inputs)
}

/// The byte ranges kept of a file of `len` bytes: all of it up to [`FILE_CAP`], else
/// [`SAMPLE_PIECES`] pieces spread evenly from its start to its end.
fn kept_ranges(len: u64) -> Vec<Range<u64>> {
    let cap = FILE_CAP as u64;
    if len <= cap {
        #[allow(clippy::single_range_in_vec_init)] // One range: the whole file.
        return vec![0..len];
    }
    let (pieces, piece) = (SAMPLE_PIECES as u64, cap / SAMPLE_PIECES as u64);
    (0..pieces)
        .map(|i| {
            let start = (len - piece) * i / (pieces - 1);
            start..start + piece
        })
        .collect()
}

/// Appends to `kept` the bytes of `piece` (which starts at byte `at` of its file) that lie in
/// one of `want`.
fn keep_overlap(want: &[Range<u64>], at: u64, piece: &[u8], kept: &mut Vec<u8>) {
    let end = at + piece.len() as u64;
    for r in want {
        let (from, to) = (r.start.max(at), r.end.min(end));
        if from < to {
            kept.extend_from_slice(&piece[(from - at) as usize..(to - at) as usize]);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, data) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, data).unwrap();
        }
        dir
    }

    #[test]
    fn reads_a_folder_in_order_with_fingerprints() {
        let dir = folder(&[("b.txt", b"second"), ("a/x.bin", b"abc"), ("empty", b"")]);
        let mut calls = 0;
        let inputs = read(&[dir.path().to_path_buf()], &mut |_| calls += 1).unwrap();
        let names: Vec<_> = inputs
            .files
            .iter()
            .map(|f| f.path.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(names, [PathBuf::from("a/x.bin"), PathBuf::from("b.txt")]);
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            inputs.files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(inputs.empty_skipped, 1);
        assert_eq!(inputs.total_bytes(), 9);
        let kept: Vec<&[u8]> = inputs.corpus.files().collect();
        assert_eq!(kept, [&b"abc"[..], b"second"]);
        assert!(calls >= 3, "progress after each file");
        assert_eq!(inputs.bounds(), ["1 empty file(s) skipped"]);
    }

    #[test]
    fn bad_paths_say_what_is_wrong() {
        let dir = folder(&[("empty", b""), ("sub/also-empty", b"")]);
        let missing = dir.path().join("nope");
        let err = read(std::slice::from_ref(&missing), &mut |_| {}).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: no such file or folder", missing.display())
        );
        let empty = dir.path().join("empty");
        let err = read(std::slice::from_ref(&empty), &mut |_| {}).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: the file is empty", empty.display())
        );
        let err = read(&[dir.path().to_path_buf()], &mut |_| {}).unwrap_err();
        assert!(matches!(err, InputError::NoFiles(_)), "{err}");
        // A path through a file (not a folder) cannot be read; root reads any file, so this is
        // the unreadable case a test can make everywhere.
        let through = empty.join("inside");
        let err = read(std::slice::from_ref(&through), &mut |_| {}).unwrap_err();
        assert!(matches!(err, InputError::Unreadable { .. }), "{err}");
        assert!(err
            .to_string()
            .starts_with(&format!("{}: cannot read: ", through.display())));
    }

    #[test]
    fn large_files_are_sampled_evenly() {
        let len = FILE_CAP as u64 * 3 + 5;
        let ranges = kept_ranges(len);
        assert_eq!(ranges.len(), SAMPLE_PIECES);
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().unwrap().end, len);
        let kept: u64 = ranges.iter().map(|r| r.end - r.start).sum();
        assert_eq!(kept, FILE_CAP as u64);
        assert_eq!(kept_ranges(10).len(), 1);
        assert_eq!(kept_ranges(10)[0], 0..10);
    }

    #[test]
    fn keeps_the_overlap_of_each_piece_read() {
        let want = [2..5, 8..12];
        let mut kept = Vec::new();
        keep_overlap(&want, 0, b"0123456", &mut kept);
        keep_overlap(&want, 7, b"789abcdef", &mut kept);
        assert_eq!(kept, b"23489ab");
    }
}
