//! Schema migrations, after cargo's `util/sqlite.rs`.
//!
//! [`MIGRATIONS`] is an append-only list: step *n* takes a store from `user_version` *n* to *n + 1*.
//! A step is never edited or removed once released and never breaks old data; a change of
//! schema is a new step at the end. [`migrate`] applies the missing steps inside one `IMMEDIATE`
//! transaction right after opening, reading `user_version` *inside* it, so two processes opening
//! a fresh file at once serialise and the second finds nothing to do.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, DbError, Result};
use crate::Store;

/// `PRAGMA application_id` of an Arsenal store: "ARSN" in ASCII. `file(1)` and the store itself
/// tell Arsenal stores from other SQLite files by it.
pub const APPLICATION_ID: u32 = 0x4152_534E;

/// The migration steps; `MIGRATIONS.len()` is the schema version this code writes.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the first schema (documented in the crate docs).
    r#"
    CREATE TABLE hosts (
        id            INTEGER PRIMARY KEY,
        fingerprint   TEXT NOT NULL UNIQUE,
        vendor        TEXT NOT NULL,
        brand         TEXT NOT NULL,
        family        INTEGER NOT NULL,
        model         INTEGER NOT NULL,
        stepping      INTEGER NOT NULL,
        microcode     TEXT,
        features      TEXT NOT NULL,
        caches        TEXT NOT NULL,
        logical_cores INTEGER NOT NULL,
        kernel        TEXT NOT NULL,
        rustc         TEXT NOT NULL,
        arsenal       TEXT NOT NULL
    );
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        host_id     INTEGER NOT NULL REFERENCES hosts(id),
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        budget_secs REAL NOT NULL,
        strategies  TEXT NOT NULL,
        ops_pattern TEXT,
        seed        INTEGER NOT NULL,
        arsenal     TEXT NOT NULL,
        command     TEXT NOT NULL,
        pid         INTEGER,
        pid_start   INTEGER,
        boot_id     TEXT
    );
    CREATE INDEX runs_by_host ON runs(host_id);
    CREATE TABLE ops (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        op         TEXT NOT NULL,
        written_at TEXT NOT NULL,
        UNIQUE (run_id, op)
    );
    CREATE TABLE variants (
        id            INTEGER PRIMARY KEY,
        op_id         INTEGER NOT NULL REFERENCES ops(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        origin        TEXT NOT NULL,
        origin_detail TEXT NOT NULL,
        requires      TEXT NOT NULL,
        parallel      INTEGER NOT NULL,
        UNIQUE (op_id, name)
    );
    CREATE TABLE verifications (
        id         INTEGER PRIMARY KEY,
        variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
        status     TEXT NOT NULL,
        detail     TEXT NOT NULL,
        seconds    REAL NOT NULL
    );
    CREATE INDEX verifications_by_variant ON verifications(variant_id);
    CREATE TABLE measurements (
        id                   INTEGER PRIMARY KEY,
        variant_id           INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
        strategy             TEXT NOT NULL,
        size                 INTEGER NOT NULL,
        unit                 TEXT NOT NULL,
        units_per_call       REAL NOT NULL,
        objective_ns         REAL NOT NULL,
        objective_ci_low_ns  REAL NOT NULL,
        objective_ci_high_ns REAL NOT NULL,
        median_ns            REAL NOT NULL,
        mad_ns               REAL NOT NULL,
        p50_ns               REAL NOT NULL,
        p99_ns               REAL NOT NULL,
        outliers             INTEGER NOT NULL,
        iters_per_sample     INTEGER NOT NULL,
        samples              BLOB NOT NULL,
        cycles               REAL,
        instructions         REAL,
        cache_misses         REAL,
        branch_misses        REAL,
        counters_note        TEXT
    );
    CREATE INDEX measurements_by_variant ON measurements(variant_id, strategy, size);
    CREATE TABLE ceilings (
        id      INTEGER PRIMARY KEY,
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind    TEXT NOT NULL,
        size    INTEGER NOT NULL,
        value   REAL NOT NULL,
        unit    TEXT NOT NULL,
        variant TEXT NOT NULL,
        UNIQUE (run_id, kind, size)
    );
    "#,
    // 2: replicas per cell and the drift guard (the read-bandwidth probes at the start and the
    // end of a run, and the warnings drawn from them). Runs stored before read as measured once,
    // with no probes and no warnings.
    r#"
    ALTER TABLE runs ADD COLUMN replicas INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE runs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE probes (
        id               INTEGER PRIMARY KEY,
        run_id           INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        phase            TEXT NOT NULL,
        size             INTEGER NOT NULL,
        bytes_per_second REAL NOT NULL,
        UNIQUE (run_id, phase, size)
    );
    "#,
    // 3: the cells a run planned but did not measure, with why, so a manifest built from the run
    // leaves their sizes to runtime dispatch instead of stretching a neighbour's band over them.
    // Runs stored before read as having skipped nothing.
    r#"
    CREATE TABLE skipped (
        id       INTEGER PRIMARY KEY,
        op_id    INTEGER NOT NULL REFERENCES ops(id) ON DELETE CASCADE,
        strategy TEXT NOT NULL,
        size     INTEGER NOT NULL,
        reason   TEXT NOT NULL
    );
    "#,
    // 4: runs on the user's files (`tune --input`): per run the files read (path, bytes,
    // SHA-256, bytes kept) as JSON, and per op whether its cells were measured on them
    // ('user') or on generated inputs ('synthetic'). Runs stored before read as synthetic.
    r#"
    ALTER TABLE runs ADD COLUMN inputs TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE ops ADD COLUMN inputs TEXT NOT NULL DEFAULT 'synthetic';
    "#,
    // 5: each op's role as its declaration gives it: 'kernel', or the kind of host bound a
    // ceiling op measures ('read', 'fma_f32'), so the views read figures against the host's
    // ceilings by the stored role, not by op name. Runs stored before had the two ceiling ops
    // below.
    r#"
    ALTER TABLE ops ADD COLUMN role TEXT NOT NULL DEFAULT 'kernel';
    UPDATE ops SET role = 'read' WHERE op = 'ceiling.read';
    UPDATE ops SET role = 'fma_f32' WHERE op = 'ceiling.fma_f32';
    "#,
    // 6: each op's bounds as its declaration states them (JSON `[{kind, per, sized, why}]`):
    // which of the host's ceilings its throughput is read against, and at what ratio. NULL for
    // ops stored before, which the views read by unit as they were then.
    r#"
    ALTER TABLE ops ADD COLUMN bounds TEXT;
    "#,
    // 7: each cell's median interval as the tuner drew it (widened by the clock's resolution and
    // to hold every replica's own median), so a latency tie on the p99 is broken on the same
    // interval the tuner would use. NULL for cells stored before: those are read from the
    // samples, unwidened.
    r#"
    ALTER TABLE measurements ADD COLUMN median_ci_low_ns REAL;
    ALTER TABLE measurements ADD COLUMN median_ci_high_ns REAL;
    "#,
];

/// The schema version this code writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads `(application_id, user_version)`.
pub(crate) fn header(conn: &Connection) -> rusqlite::Result<(u32, u32)> {
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let user_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // Both are 32-bit header fields that SQLite reports signed.
    Ok((application_id as u32, user_version as u32))
}

/// Whether the database holds no schema at all.
pub(crate) fn is_blank(conn: &Connection) -> rusqlite::Result<bool> {
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    Ok(objects == 0)
}

/// Brings the store to [`SCHEMA_VERSION`], refusing a file that turns out not to be ours.
pub(crate) fn migrate(store: &mut Store) -> Result<()> {
    let path = store.path.clone();
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context(&path, "starting the migration")?;
    let (application_id, user_version) =
        header(&tx).context(&path, "reading the schema version")?;
    if application_id != APPLICATION_ID {
        // Only a blank database (a new or 0-byte file) may become ours.
        if application_id != 0
            || user_version != 0
            || !is_blank(&tx).context(&path, "reading the schema")?
        {
            return Err(DbError::Foreign {
                path,
                what: describe_foreign(application_id),
            });
        }
        tx.pragma_update(None, "application_id", i64::from(APPLICATION_ID))
            .context(&path, "setting the application id")?;
    }
    if user_version > SCHEMA_VERSION {
        return Err(DbError::TooNew {
            path,
            found: user_version,
            known: SCHEMA_VERSION,
        });
    }
    if user_version < SCHEMA_VERSION {
        for step in &MIGRATIONS[user_version as usize..] {
            tx.execute_batch(step)
                .context(&path, "migrating the schema")?;
        }
        tx.pragma_update(None, "user_version", i64::from(SCHEMA_VERSION))
            .context(&path, "recording the schema version")?;
    }
    tx.commit().context(&path, "committing the migration")
}

/// Words for a SQLite file that is not ours.
pub(crate) fn describe_foreign(application_id: u32) -> String {
    match application_id {
        0 => "a SQLite database of another application".to_owned(),
        id => format!("a SQLite database with application id {id:#010x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_id_spells_arsn() {
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"ARSN");
    }

    /// A store as the first schema left it: one host and one finished run, no replicas, probes
    /// or warnings.
    fn version_1_store(path: &std::path::Path) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "application_id", i64::from(APPLICATION_ID))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            r#"INSERT INTO hosts (id, fingerprint, vendor, brand, family, model, stepping,
                   microcode, features, caches, logical_cores, kernel, rustc, arsenal)
               VALUES (1, '0123456789abcdef', 'GenuineIntel', 'Old CPU', 6, 85, 7, NULL,
                   '["sse2"]', '[]', 4, '6.1.0', 'rustc 1.89.0', '0.1.0');
               INSERT INTO runs (id, uuid, host_id, started_at, finished_at, budget_secs,
                   strategies, ops_pattern, seed, arsenal, command)
               VALUES (1, 'old-run', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 60.0,
                   '["throughput"]', NULL, 7, '0.1.0', 'arsenal tune');
               INSERT INTO ops (run_id, op, written_at) VALUES
                   (1, 'ceiling.read', '2026-01-01T00:00:10Z'),
                   (1, 'hash.xxh3_64', '2026-01-01T00:00:20Z');"#,
        )
        .unwrap();
    }

    #[test]
    fn a_version_1_store_migrates_and_reads_as_measured_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        version_1_store(&path);
        assert!(matches!(
            Store::open_read_only(&path).unwrap_err(),
            DbError::TooOld { found: 1, .. }
        ));
        let mut store = Store::open(&path).unwrap();
        let run = store.run(1).unwrap();
        assert_eq!((run.uuid.as_str(), run.seed), ("old-run", 7));
        assert_eq!(run.replicas, 1);
        assert!(run.warnings.is_empty());
        // Step 4: measured on generated inputs; step 5: the old ceiling op has its role.
        assert!(run.inputs.is_empty() && run.user_data_ops.is_empty());
        assert_eq!(run.ceiling_ops, ["ceiling.read"]);
        let records = store.op_records(1).unwrap();
        let roles: Vec<&str> = records.iter().map(|o| o.role()).collect();
        assert_eq!(roles, ["read", "kernel"]);
        // Step 6: no bounds stored; the views read such ops by unit.
        assert!(records.iter().all(|o| o.bounds.is_none()) && run.bounds.is_empty());
        assert!(store.probes(1).unwrap().is_empty());
        assert!(store.earlier_start_probes(1).unwrap().is_empty());
        // The old run takes the new rows like any other.
        store.write_warnings(1, &["late".into()]).unwrap();
        assert_eq!(store.run(1).unwrap().warnings, ["late"]);
        drop(store);
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.runs().unwrap().len(), 1);
        assert_eq!(
            header(&store.conn).unwrap(),
            (APPLICATION_ID, SCHEMA_VERSION)
        );
    }

    #[test]
    fn every_step_applies_to_an_empty_database() {
        let conn = Connection::open_in_memory().unwrap();
        for step in MIGRATIONS {
            conn.execute_batch(step).unwrap();
        }
    }
}
