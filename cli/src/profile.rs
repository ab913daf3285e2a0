//! A run read back from the store, as the oracle's records.

use anyhow::{Context, Result};
use arsenal_db::{CeilingRecord, DbError, HostRecord, RunRow, Store};
use arsenal_oracle::{Gap, Level, Policy, Record, Strategy, TieMargin};
use arsenal_report::RunData;

use crate::args::PolicyArgs;
use crate::UsageError;

/// One run's measurements, ready for the oracle.
pub struct Profile {
    /// The run.
    pub run: RunRow,
    /// The host it ran on.
    pub host: HostRecord,
    /// Every measurement of a variant that passed verification.
    pub records: Vec<Record>,
    /// The cells the run planned but did not measure (runtime dispatch in its manifest).
    pub gaps: Vec<Gap>,
    /// The host's best hardware ceilings over all its runs.
    pub ceilings: Vec<CeilingRecord>,
}

/// Opens `db` read-only and loads run `run` (default: the latest complete run).
pub fn load(db: &std::path::Path, run: Option<i64>) -> Result<Profile> {
    load_from(&open_for_reading(db)?, run)
}

/// Opens `db` for reading. A store an older Arsenal wrote is upgraded in place first (the
/// migrations only add columns and tables, so nothing it holds changes), saying so on stderr, so
/// that a viewer after an upgrade does not ask for a new tune. A store that cannot be opened for
/// writing is an error that says both.
pub fn open_for_reading(db: &std::path::Path) -> Result<Store, UsageError> {
    match Store::open_read_only(db) {
        Err(DbError::TooOld { found, known, .. }) => {
            Store::open(db).map_err(|e| {
                UsageError(format!(
                    "{} has schema version {found}, older than {known}, and could not be \
                     upgraded: {e}",
                    db.display()
                ))
            })?;
            eprintln!(
                "arsenal: upgraded {} from schema version {found} to {known}",
                db.display()
            );
            Store::open_read_only(db).map_err(|e| UsageError(e.to_string()))
        }
        opened => opened.map_err(|e| UsageError(e.to_string())),
    }
}

/// Loads run `run` (default: the latest complete run) from an open store.
pub fn load_from(store: &Store, run: Option<i64>) -> Result<Profile> {
    let run = match run {
        Some(id) => store.run(id).map_err(|e| UsageError(e.to_string()))?,
        None => store.latest_run(true)?.ok_or_else(|| {
            UsageError(format!(
                "{} holds no complete run: run `arsenal tune --db {}` first",
                store.path().display(),
                store.path().display()
            ))
        })?,
    };
    let host = store.host(run.host_id)?;
    let records = arsenal_report::view::oracle_records(
        &store.variants(run.id)?,
        &store.verifications(run.id)?,
        &store.measurements(run.id)?,
        host.logical_cores,
    );
    let ceilings = store.ceilings(run.host_id)?;
    let gaps = arsenal_report::view::gaps(&store.skipped(run.id)?);
    Ok(Profile {
        run,
        host,
        records,
        gaps,
        ceilings,
    })
}

/// Everything stored of `run`, with the host's best ceilings, for the report and the explorer.
pub fn run_data(store: &Store, run: RunRow) -> Result<RunData> {
    let host = store.host(run.host_id)?;
    let ceilings = store.ceilings(run.host_id)?;
    Ok(RunData::new(
        run.clone(),
        host,
        store.variants(run.id)?,
        store.verifications(run.id)?,
        store.measurements(run.id)?,
        ceilings,
        store.probes(run.id)?,
    )
    .with_skipped(&store.skipped(run.id)?))
}

impl PolicyArgs {
    /// The oracle's policy.
    pub fn policy(&self) -> Result<Policy> {
        let max_features = self
            .max_features
            .as_deref()
            .map(str::parse::<Level>)
            .transpose()
            .map_err(|e| UsageError(format!("--max-features: {e}")))?;
        Ok(Policy {
            only_own: self.only.is_some(),
            no_crates: self.no_crates,
            max_features,
            max_threads: self.max_threads,
            exclude: self.exclude.clone(),
            tie_margin: TieMargin::new(self.tie_margin / 100.0).ok_or_else(|| {
                UsageError(format!(
                    "--tie-margin {}: a percentage in 0..100",
                    self.tie_margin
                ))
            })?,
        })
    }

    /// The manifest's default strategy.
    pub fn default_strategy(&self) -> Result<Strategy> {
        self.default_strategy
            .parse()
            .with_context(|| format!("--default-strategy {}", self.default_strategy))
    }
}
