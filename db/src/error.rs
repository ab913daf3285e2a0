//! The store's errors: one line each, naming the input and the fix.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the store. Each message is one line that names the file (or
/// the record) at fault and says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The store does not exist yet and its directory is missing or is not a directory.
    #[error("cannot create the store {}: directory {} does not exist; create it or choose another path", .path.display(), .dir.display())]
    NoDirectory {
        /// The store's path.
        path: PathBuf,
        /// The directory that is missing.
        dir: PathBuf,
    },
    /// SQLite could not open or create the file (permissions, a read-only file system, …).
    #[error("cannot open the store {}: {reason}; check that the file and its directory are writable", .path.display())]
    Open {
        /// The store's path.
        path: PathBuf,
        /// What the operating system or SQLite said.
        reason: String,
    },
    /// A read-only open of a file that does not exist.
    #[error("no store at {}: run `arsenal tune` first or point at an existing store", .path.display())]
    Missing {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// A read-only open of an empty (0-byte) file: nothing has been stored yet.
    #[error("the store {} is empty: run `arsenal tune` to fill it first", .path.display())]
    Empty {
        /// The store's path.
        path: PathBuf,
    },
    /// The file exists but is not an Arsenal store. It was left untouched.
    #[error("{} is not an Arsenal store ({what}); choose another file (it was left untouched)", .path.display())]
    Foreign {
        /// The file's path.
        path: PathBuf,
        /// What the file turned out to be.
        what: String,
    },
    /// The store was written by a newer Arsenal. It was left untouched.
    #[error("the store {} has schema version {found}, newer than the {known} this Arsenal knows; use a newer arsenal (the file was left untouched)", .path.display())]
    TooNew {
        /// The store's path.
        path: PathBuf,
        /// Its `user_version`.
        found: u32,
        /// The newest version this code knows.
        known: u32,
    },
    /// A read-only open of a store whose schema is older than this code's: it must be upgraded by
    /// opening it writable once.
    #[error("the store {} has schema version {found}, older than {known}; open it writable once (e.g. `arsenal tune`) to upgrade it", .path.display())]
    TooOld {
        /// The store's path.
        path: PathBuf,
        /// Its `user_version`.
        found: u32,
        /// The version this code needs.
        known: u32,
    },
    /// A write through a store opened with [`Store::open_read_only`](crate::Store::open_read_only).
    #[error("the store {} was opened read-only; open it with Store::open to write", .path.display())]
    ReadOnly {
        /// The store's path.
        path: PathBuf,
    },
    /// No run with this id.
    #[error("no run {id} in the store {}; list the runs to find its id", .path.display())]
    NoSuchRun {
        /// The store's path.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// No host with this id.
    #[error("no host {id} in the store {}; take host ids from the runs", .path.display())]
    NoSuchHost {
        /// The store's path.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// A run with this uuid is already stored.
    #[error("a run with uuid {uuid} is already in the store {}; give every run a fresh uuid", .path.display())]
    DuplicateRun {
        /// The store's path.
        path: PathBuf,
        /// The uuid that clashed.
        uuid: String,
    },
    /// A record handed to the store is inconsistent or holds a value the store cannot keep.
    #[error("invalid record: {what}")]
    Invalid {
        /// What is wrong and how to fix it.
        what: String,
    },
    /// An export document of another format or version.
    #[error("not an Arsenal export this version reads (format {format:?}, version {version}); expected format \"arsenal-export\" version 1, as written by `arsenal export`")]
    ExportFormat {
        /// The `format` field found (empty when missing).
        format: String,
        /// The `version` field found (0 when missing).
        version: u64,
    },
    /// An export document that is not valid JSON or lacks fields.
    #[error("malformed Arsenal export: {reason}; re-create it with `arsenal export`")]
    ExportJson {
        /// What serde_json said (with line and column).
        reason: String,
    },
    /// Any other SQLite failure, with the action that failed.
    #[error("the store {}: {action} failed: {source}", .path.display())]
    Sqlite {
        /// The store's path.
        path: PathBuf,
        /// What the store was doing.
        action: &'static str,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

/// The store's result type.
pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// Attaches the store's path and the action to a SQLite error.
pub(crate) trait Context<T> {
    /// Wraps an error as [`DbError::Sqlite`].
    fn context(self, path: &Path, action: &'static str) -> Result<T>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn context(self, path: &Path, action: &'static str) -> Result<T> {
        self.map_err(|source| DbError::Sqlite {
            path: path.to_path_buf(),
            action,
            source,
        })
    }
}

/// Shorthand for [`DbError::Invalid`].
pub(crate) fn invalid(what: impl Into<String>) -> DbError {
    DbError::Invalid { what: what.into() }
}
