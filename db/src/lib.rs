//! The SQLite store of Arsenal's profiles.
//!
//! A [`Store`] is one SQLite file (bundled SQLite, so no system library) holding the hosts that
//! were tuned, the runs made on them, and every op's variants, verification verdicts and
//! measurements with their raw samples. It depends on no other Arsenal crate: the CLI converts
//! between tuner and kernel types and the plain rows in [`records`].
//!
//! ```no_run
//! # fn demo(host: &arsenal_db::HostRecord, meta: &arsenal_db::RunMeta, op: &arsenal_db::OpRecord) -> arsenal_db::Result<()> {
//! let mut store = arsenal_db::Store::open("arsenal.db")?;
//! let host_id = store.host_id(host)?;
//! let run_id = store.begin_run(host_id, meta)?;
//! store.write_op(run_id, op)?; // one transaction per finished op
//! store.write_probes(run_id, &[])?; // the drift guard's probes and findings, at the end
//! store.write_warnings(run_id, &[])?;
//! store.finish_run(run_id)?;
//! let measurements = store.measurements(run_id)?;
//! # Ok(()) }
//! ```
//!
//! # Safety of the file
//!
//! - **Foreign files are never touched.** An existing file's header is first read directly: it
//!   must start with SQLite's magic and carry `PRAGMA application_id` = [`APPLICATION_ID`]
//!   ("ARSN"); only then does a read-only connection check that its `user_version` is no newer
//!   than [`SCHEMA_VERSION`]. Only a file so confirmed (or a missing or 0-byte one) is opened for
//!   writing. A foreign file does not even get SQLite's `-wal`/`-shm` files beside it.
//! - **Migrations** follow cargo's `util/sqlite.rs`: an append-only list of SQL steps tracked by
//!   `PRAGMA user_version`, applied in one `IMMEDIATE` transaction right after opening, the version
//!   re-read inside it so two processes opening a fresh file at once migrate it once.
//! - **Concurrency.** WAL journal, a 60 s busy timeout on every connection and `BEGIN IMMEDIATE`
//!   for every write: two tunes writing into one file both finish.
//! - **Crashes.** Each op is one transaction, so `kill -9` keeps every finished op. A run records
//!   its process (pid, start time, boot id); an unfinished run whose process is gone reads as
//!   [`RunStatus::Incomplete`], one whose process still lives as [`RunStatus::Running`].
//!
//! # Schema (version 2)
//!
//! Unsigned 64-bit values are stored as the `i64` with the same bits. JSON columns hold arrays.
//! Times are RFC 3339 UTC text. Deleting a run cascades to everything below it.
//!
//! - `hosts`: `id` INTEGER PK, `fingerprint` TEXT UNIQUE ([`HostRecord::fingerprint`]),
//!   `vendor`, `brand` TEXT, `family`, `model`, `stepping` INTEGER, `microcode` TEXT NULL,
//!   `features` TEXT (JSON strings), `caches` TEXT (JSON `{level, kind, bytes}`), `logical_cores`
//!   INTEGER, `kernel`, `rustc`, `arsenal` TEXT.
//! - `runs`: `id` INTEGER PK, `uuid` TEXT UNIQUE, `host_id` → `hosts` (indexed), `started_at`
//!   TEXT, `finished_at` TEXT NULL (NULL until [`Store::finish_run`]), `budget_secs` REAL,
//!   `strategies` TEXT (JSON), `ops_pattern` TEXT NULL, `seed` INTEGER, `arsenal`, `command`
//!   TEXT, `pid`, `pid_start` INTEGER NULL and `boot_id` TEXT NULL (the writing process; NULL for
//!   imported runs); since version 2 `replicas` INTEGER (measurements per cell, 1 for older runs)
//!   and `warnings` TEXT (JSON strings: what the drift guard found, `[]` when nothing); since
//!   version 4 `inputs` TEXT (JSON `{path, bytes, sha256, kept}`: the user's files of
//!   `tune --input`, `[]` when every input was generated).
//! - `ops`: `id` INTEGER PK, `run_id` → `runs`, `op` TEXT, `written_at` TEXT; UNIQUE (`run_id`,
//!   `op`). One row per op written in a run, even an op with no variants. Since version 4
//!   `inputs` TEXT (`user` when its cells were measured on the run's `inputs`, else
//!   `synthetic`); since version 5 `role` TEXT (`kernel`, or the kind of host bound a ceiling op
//!   measures: `read`, `fma_f32`); since version 6 `bounds` TEXT NULL (JSON
//!   `[{kind, per, sized, why}]`: the ceilings a kernel's throughput is read against, `[]` for
//!   none, NULL for ops stored before).
//! - `variants`: `id` INTEGER PK, `op_id` → `ops`, `name`, `origin`, `origin_detail` TEXT,
//!   `requires` TEXT (JSON), `parallel` INTEGER 0/1; UNIQUE (`op_id`, `name`). Kept per run, so
//!   a crate's version at the time of the run is not overwritten by a later one.
//! - `verifications`: `id` INTEGER PK, `variant_id` → `variants` (indexed), `status`, `detail`
//!   TEXT, `seconds` REAL.
//! - `measurements`: `id` INTEGER PK, `variant_id` → `variants` (indexed with `strategy`,
//!   `size`), `strategy` TEXT, `size` INTEGER, `unit` TEXT, `units_per_call`, `objective_ns`,
//!   `objective_ci_low_ns`, `objective_ci_high_ns`, `median_ns`, `mad_ns`, `p50_ns`, `p99_ns`
//!   REAL, `outliers`, `iters_per_sample` INTEGER, `samples` BLOB (per-call ns of each sample,
//!   little-endian `f32`, 4 bytes each), `cycles`, `instructions`, `cache_misses`,
//!   `branch_misses` REAL NULL (all NULL when counters were unavailable), `counters_note` TEXT
//!   NULL.
//! - `ceilings`: `id` INTEGER PK, `run_id` → `runs`, `kind` TEXT, `size` INTEGER, `value` REAL,
//!   `unit`, `variant` TEXT; UNIQUE (`run_id`, `kind`, `size`).
//! - `probes` (version 2): `id` INTEGER PK, `run_id` → `runs`, `phase` TEXT (`start` or `end`),
//!   `size` INTEGER (bytes), `bytes_per_second` REAL; UNIQUE (`run_id`, `phase`, `size`). The
//!   drift guard's read-bandwidth probe at the start and the end of a run;
//!   [`Store::earlier_start_probes`] finds what a run's start probe is compared with.
//! - `skipped` (version 3): `id` INTEGER PK, `op_id` → `ops`, `strategy` TEXT, `size` INTEGER,
//!   `reason` TEXT: the cells a run planned but did not measure.

#![deny(missing_docs)]

mod error;
mod export;
mod liveness;
mod read;
pub mod records;
mod schema;
mod store;
mod write;

pub use error::{DbError, Result};
pub use export::{ExportDoc, ExportHost, ExportRun, ImportStats, EXPORT_FORMAT, EXPORT_VERSION};
pub use records::{
    BoundRecord, CacheRecord, CeilingRecord, Counters, HostRecord, InputRecord, MeasurementRecord,
    OpRecord, ProbeRecord, RunMeta, RunRow, RunStatus, SkippedRecord, VariantRecord,
    VerificationRecord,
};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use store::Store;
