//! Opening: fresh files, migrations, foreign and too-new files, bad paths.

use std::fs;
use std::path::Path;

use arsenal_db::{DbError, Store, APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::Connection;

use crate::common::{assert_one_line, filled, scratch};

fn pragma(path: &Path, name: &str) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.pragma_query_value(None, name, |r| r.get(0)).unwrap()
}

fn tables(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut s = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn schema_sql(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut s = conn
        .prepare("SELECT ifnull(sql, name) FROM sqlite_schema ORDER BY name")
        .unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_fresh_file_gets_the_schema() {
    let (_dir, path) = scratch();
    let store = Store::open(&path).unwrap();
    drop(store);
    assert_eq!(pragma(&path, "application_id"), i64::from(APPLICATION_ID));
    assert_eq!(pragma(&path, "user_version"), i64::from(SCHEMA_VERSION));
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let expected = [
        "ceilings",
        "hosts",
        "measurements",
        "ops",
        "probes",
        "runs",
        "skipped",
        "variants",
        "verifications",
    ];
    assert_eq!(tables(&path), expected);
}

#[test]
fn migrating_twice_is_a_no_op() {
    let (_dir, path) = scratch();
    let (store, run_id) = filled(&path, "run-1");
    let before = (store.runs().unwrap(), store.measurements(run_id).unwrap());
    drop(store);
    let schema = schema_sql(&path);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        (store.runs().unwrap(), store.measurements(run_id).unwrap()),
        before
    );
    drop(store);
    assert_eq!(schema_sql(&path), schema);
    assert_eq!(pragma(&path, "user_version"), i64::from(SCHEMA_VERSION));
}

#[test]
fn an_empty_file_counts_as_new() {
    let (_dir, path) = scratch();
    fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert!(store.runs().unwrap().is_empty());
    drop(store);
    assert_eq!(pragma(&path, "application_id"), i64::from(APPLICATION_ID));
}

/// Opens `path` both ways, expecting `DbError::Foreign`, and checks the directory is unchanged.
fn assert_foreign_and_untouched(path: &Path) {
    let listing = |dir: &Path| {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let dir = path.parent().unwrap();
    let (bytes, names) = (fs::read(path).unwrap(), listing(dir));
    for result in [Store::open(path), Store::open_read_only(path)] {
        let err = result.unwrap_err();
        assert!(matches!(err, DbError::Foreign { .. }), "{err:?}");
        assert_one_line(&err.to_string(), &path.display().to_string());
    }
    assert_eq!(fs::read(path).unwrap(), bytes, "the file changed");
    assert_eq!(listing(dir), names, "files appeared beside it");
}

#[test]
fn random_bytes_are_foreign_and_untouched() {
    let (_dir, path) = scratch();
    // A fixed xorshift stream: random-looking, reproducible.
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    fs::write(&path, bytes).unwrap();
    assert_foreign_and_untouched(&path);
}

#[test]
fn a_short_text_file_is_foreign_and_untouched() {
    // SQLite itself would take a file shorter than a page for an empty database and overwrite it.
    let (_dir, path) = scratch();
    fs::write(&path, b"my notes\n").unwrap();
    assert_foreign_and_untouched(&path);
}

#[test]
fn another_applications_sqlite_is_foreign_and_untouched() {
    let (_dir, path) = scratch();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    drop(conn);
    assert_foreign_and_untouched(&path);
}

#[test]
fn another_applications_wal_database_is_foreign_and_untouched() {
    let (_dir, path) = scratch();
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        .unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    drop(conn);
    assert_foreign_and_untouched(&path);
}

#[test]
fn a_sqlite_file_with_another_application_id_is_foreign_and_untouched() {
    let (_dir, path) = scratch();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE runs (id INTEGER);",
    )
    .unwrap();
    drop(conn);
    assert_foreign_and_untouched(&path);
    let err = Store::open(&path).unwrap_err().to_string();
    assert!(err.contains("0x000004d2"), "{err}");
}

#[test]
fn a_too_new_store_is_refused_untouched() {
    let (_dir, path) = scratch();
    drop(filled(&path, "run-1"));
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", i64::from(SCHEMA_VERSION) + 1)
        .unwrap();
    drop(conn);
    let bytes = fs::read(&path).unwrap();
    for result in [Store::open(&path), Store::open_read_only(&path)] {
        let err = result.unwrap_err();
        assert!(
            matches!(err, DbError::TooNew { found, .. } if found == SCHEMA_VERSION + 1),
            "{err:?}"
        );
        assert_one_line(&err.to_string(), &path.display().to_string());
    }
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_missing_directory_is_a_clean_error() {
    let (dir, _) = scratch();
    let path = dir.path().join("no/such/dir/arsenal.db");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, DbError::NoDirectory { .. }), "{err:?}");
    assert_one_line(&err.to_string(), &path.display().to_string());
    assert!(!dir.path().join("no").exists());
}

#[test]
fn a_file_as_directory_is_a_clean_error() {
    let (dir, _) = scratch();
    fs::write(dir.path().join("plain"), b"x").unwrap();
    let path = dir.path().join("plain/arsenal.db");
    let err = Store::open(&path).unwrap_err();
    assert_one_line(&err.to_string(), &path.display().to_string());
}

#[test]
#[cfg(target_os = "linux")]
fn an_unwritable_directory_is_a_clean_error() {
    // Nobody, not even root, can create a file in /proc.
    let path = Path::new("/proc/arsenal-db-test.db");
    let err = Store::open(path).unwrap_err();
    assert!(matches!(err, DbError::Open { .. }), "{err:?}");
    assert_one_line(&err.to_string(), "/proc/arsenal-db-test.db");
}

#[test]
fn a_directory_is_not_a_store() {
    let (dir, _) = scratch();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, DbError::Foreign { .. }), "{err:?}");
}

#[test]
fn read_only_open_never_creates() {
    let (_dir, path) = scratch();
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(matches!(err, DbError::Missing { .. }), "{err:?}");
    assert_one_line(&err.to_string(), &path.display().to_string());
    assert!(!path.exists());
    fs::write(&path, b"").unwrap();
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(matches!(err, DbError::Empty { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), b"");
}

#[test]
fn a_read_only_store_reads_and_refuses_writes() {
    let (_dir, path) = scratch();
    let (_writer, run_id) = filled(&path, "run-1");
    let mut store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.measurements(run_id).unwrap().len(), 4);
    let err = store.finish_run(run_id).unwrap_err();
    assert!(matches!(err, DbError::ReadOnly { .. }), "{err:?}");
}
