//! Opening a store: telling ours from foreign files without touching them, then migrating.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Context, DbError, Result};
use crate::schema::{self, APPLICATION_ID, SCHEMA_VERSION};

/// How long a connection waits for another writer before giving up. Long enough that two tunes
/// writing one op at a time into one file never see "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A handle on one store file. Each thread or process opens its own; any number may write one
/// file at once (WAL, a 60 s busy timeout, `BEGIN IMMEDIATE` for every write).
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    read_only: bool,
}

/// What [`inspect`] found at a path.
enum Found {
    /// Nothing there.
    Missing,
    /// A 0-byte file.
    Empty,
    /// An Arsenal store at `version`, with the read-only connection that checked it.
    Ours { version: u32, conn: Connection },
}

impl Store {
    /// Opens the store at `path` for reading and writing, creating it if missing (or 0 bytes),
    /// and brings its schema up to date.
    ///
    /// A file that is not an Arsenal store ([`DbError::Foreign`]) or comes from a newer Arsenal
    /// ([`DbError::TooNew`]) is refused and left byte-for-byte untouched: its header is read
    /// first, then its schema version through a read-only connection, and it is opened for
    /// writing only once confirmed ours or new.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Found::Missing = inspect(&path)? {
            check_directory(&path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| open_error(&path, e))?;
        let mut store = Store {
            conn,
            path,
            read_only: false,
        };
        store.configure().map_err(|e| open_error(&store.path, e))?;
        schema::migrate(&mut store)?;
        store.enable_wal()?;
        Ok(store)
    }

    /// Opens an existing store for reading only (viewers). Never creates or changes a file; a
    /// store from an older Arsenal must first be opened once with [`Store::open`] to upgrade it.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        match inspect(&path)? {
            Found::Missing => Err(DbError::Missing { path }),
            Found::Empty => Err(DbError::Empty { path }),
            Found::Ours { version, .. } if version < SCHEMA_VERSION => Err(DbError::TooOld {
                path,
                found: version,
                known: SCHEMA_VERSION,
            }),
            Found::Ours { conn, .. } => Ok(Store {
                conn,
                path,
                read_only: true,
            }),
        }
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Settings every read-write connection needs.
    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // In WAL mode NORMAL never corrupts and keeps every commit across a killed process;
        // only an operating-system crash may lose the last few.
        self.conn.pragma_update(None, "synchronous", "NORMAL")
    }

    /// Switches the file to WAL (persistent, so usually already done). Changing the journal mode
    /// needs a moment alone with the file, so a busy answer is retried within the busy timeout.
    fn enable_wal(&self) -> Result<()> {
        let start = Instant::now();
        loop {
            match self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            {
                // A file system without WAL support keeps its mode; the busy timeout still
                // serialises writers there.
                Ok(_) => return Ok(()),
                Err(e) if is_busy(&e) && start.elapsed() < BUSY_TIMEOUT => {
                    thread::sleep(Duration::from_millis(10));
                }
                Err(e) => return Err(e).context(&self.path, "switching to WAL"),
            }
        }
    }

    /// Fails on a read-only store.
    fn writable(&self) -> Result<()> {
        match self.read_only {
            true => Err(DbError::ReadOnly {
                path: self.path.clone(),
            }),
            false => Ok(()),
        }
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE`: it takes the write lock up front, waiting
    /// up to the busy timeout, so it can never fail half-way on a lock).
    pub(crate) fn write(&mut self) -> Result<(Transaction<'_>, &Path)> {
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(&self.path, "starting a write")?;
        Ok((tx, &self.path))
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Maps a failure to open as [`DbError::Open`], or [`DbError::Foreign`] when SQLite says the file
/// is not a database.
fn open_error(path: &Path, e: rusqlite::Error) -> DbError {
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        return DbError::Foreign {
            path: path.to_path_buf(),
            what: "not a SQLite database".into(),
        };
    }
    DbError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// A store to be created needs an existing directory.
fn check_directory(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match dir.is_dir() {
        true => Ok(()),
        false => Err(DbError::NoDirectory {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        }),
    }
}

/// Looks at `path` without changing it: missing, empty, or an Arsenal store of some version.
/// Anything else is an error.
fn inspect(path: &Path) -> Result<Found> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => {
            return Err(DbError::Open {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })
        }
    };
    if metadata.is_dir() {
        return Err(DbError::Foreign {
            path: path.to_path_buf(),
            what: "a directory".into(),
        });
    }
    if metadata.len() == 0 {
        return Ok(Found::Empty);
    }
    if let Some(what) = foreign_header(path)? {
        return Err(DbError::Foreign {
            path: path.to_path_buf(),
            what,
        });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| open_error(path, e))?;
    let version = check_version(&conn, path)?;
    Ok(Found::Ours { version, conn })
}

/// Reads the database header straight from the file, before any SQLite connection (which, on a
/// WAL database, would leave `-wal` and `-shm` files beside it): what the file is if it is not
/// an Arsenal store, `None` if it is.
///
/// Our application id reaches the file in the same commit that first writes page 1, so it is
/// always there. A negative verdict is read twice, 50 ms apart, in case another process was just
/// writing page 1 of a fresh store.
fn foreign_header(path: &Path) -> Result<Option<String>> {
    let io_error = |e: io::Error| DbError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let verdict = read_header(path).map_err(io_error)?;
    if verdict.is_none() {
        return Ok(None);
    }
    thread::sleep(Duration::from_millis(50));
    read_header(path).map_err(io_error)
}

/// The header verdict of [`foreign_header`], read once.
fn read_header(path: &Path) -> io::Result<Option<String>> {
    // The database header is 100 bytes; the application id is the big-endian u32 at offset 68.
    let mut header = [0u8; 100];
    let mut file = File::open(path)?;
    match file.read_exact(&mut header) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(Some(NOT_SQLITE.into())),
        Err(e) => return Err(e),
    }
    if &header[..16] != SQLITE_MAGIC {
        return Ok(Some(NOT_SQLITE.into()));
    }
    let application_id = u32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    Ok((application_id != APPLICATION_ID).then(|| schema::describe_foreign(application_id)))
}

const NOT_SQLITE: &str = "not a SQLite database";

/// Reads the schema version through SQLite (which sees the WAL too) and refuses a newer one.
fn check_version(conn: &Connection, path: &Path) -> Result<u32> {
    let (application_id, version) = schema::header(conn).map_err(|e| open_error(path, e))?;
    if application_id != APPLICATION_ID {
        let what = schema::describe_foreign(application_id);
        return Err(DbError::Foreign {
            path: path.to_path_buf(),
            what,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(DbError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(version)
}
