//! Export and import: the whole store as one JSON document, merged back idempotently.
//!
//! ```json
//! {"format": "arsenal-export", "version": 1,
//!  "hosts": [{"fingerprint": "…", "vendor": "…", …}],
//!  "runs": [{"uuid": "…", "started_at": "…", …run meta…, "replicas": 2, "host_fingerprint": "…",
//!            "finished_at": "…" | null, "status": "complete", "ops": [OpRecord…],
//!            "ceilings": [CeilingRecord…], "probes": [ProbeRecord…], "warnings": ["…"]}]}
//! ```
//!
//! `replicas`, `probes` and `warnings` came with schema 2 and are optional on import: an export
//! written before them reads as runs measured once, with no probes and no warnings.
//!
//! Store ids do not appear: hosts are matched by fingerprint (recomputed from the record on
//! import) and runs by uuid, so importing a document twice, or into the store it came from,
//! adds nothing the second time. An imported unfinished run reads as incomplete: its process is
//! not on this machine.

use std::collections::HashMap;

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error::{invalid, Context, DbError, Result};
use crate::liveness::Writer;
use crate::records::{CeilingRecord, HostRecord, OpRecord, ProbeRecord, RunMeta, RunStatus};
use crate::write::{
    check_op, insert_run, replace_op, set_warnings, upsert_ceilings, upsert_host, upsert_probes,
};
use crate::Store;

/// The `format` field of an export.
pub const EXPORT_FORMAT: &str = "arsenal-export";
/// The `version` field of an export this code writes and reads.
pub const EXPORT_VERSION: u32 = 1;

/// The whole store as one serialisable document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportDoc {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`].
    pub version: u32,
    /// Every host.
    pub hosts: Vec<ExportHost>,
    /// Every run with its results.
    pub runs: Vec<ExportRun>,
}

/// A host in an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportHost {
    /// Its fingerprint, which the runs refer to.
    pub fingerprint: String,
    /// The host.
    #[serde(flatten)]
    pub host: HostRecord,
}

/// A run in an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRun {
    /// What `begin_run` was given.
    #[serde(flatten)]
    pub meta: RunMeta,
    /// The fingerprint of one of the document's hosts.
    pub host_fingerprint: String,
    /// Finish time, if finished.
    pub finished_at: Option<String>,
    /// The status when exported (informative: import derives it again).
    pub status: RunStatus,
    /// Everything the run's ops stored.
    pub ops: Vec<OpRecord>,
    /// The run's hardware ceilings.
    pub ceilings: Vec<CeilingRecord>,
    /// The run's drift probes (none in exports from before schema 2).
    #[serde(default)]
    pub probes: Vec<ProbeRecord>,
    /// The run's warning lines (none in exports from before schema 2).
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStats {
    /// Runs new to the store, added.
    pub runs_added: u32,
    /// Runs whose uuid the store already had, left as they were.
    pub runs_skipped: u32,
}

impl ExportDoc {
    /// Parses an export, checking `format` and `version` before anything else so that another
    /// kind of JSON gets [`DbError::ExportFormat`] rather than a complaint about a missing field.
    pub fn from_json(text: &str) -> Result<ExportDoc> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| DbError::ExportJson {
                reason: e.to_string(),
            })?;
        let format = value
            .get("format")
            .and_then(|f| f.as_str())
            .unwrap_or_default();
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .unwrap_or_default();
        check_format(format, version)?;
        serde_json::from_value(value).map_err(|e| DbError::ExportJson {
            reason: e.to_string(),
        })
    }

    /// The document as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .expect("an export holds only strings, finite numbers and lists")
    }
}

fn check_format(format: &str, version: u64) -> Result<()> {
    match format == EXPORT_FORMAT && version == u64::from(EXPORT_VERSION) {
        true => Ok(()),
        false => Err(DbError::ExportFormat {
            format: format.to_owned(),
            version,
        }),
    }
}

impl Store {
    /// The whole store as an [`ExportDoc`]: every host, every run with its ops, ceilings, probes
    /// and warnings.
    pub fn export(&self) -> Result<ExportDoc> {
        self.snapshot(|| self.export_in_snapshot())
    }

    fn export_in_snapshot(&self) -> Result<ExportDoc> {
        // Within one snapshot every run's host is among `hosts` (a foreign key), so the
        // fingerprint lookups below cannot miss.
        let hosts = self.hosts()?;
        let fingerprints: HashMap<i64, String> =
            hosts.iter().map(|(id, h)| (*id, h.fingerprint())).collect();
        let mut runs = vec![];
        for run in self.runs()? {
            runs.push(ExportRun {
                meta: run.meta(),
                host_fingerprint: fingerprints[&run.host_id].clone(),
                finished_at: run.finished_at,
                status: run.status,
                ops: self.op_records(run.id)?,
                ceilings: self.run_ceilings(run.id)?,
                probes: self.probes(run.id)?,
                warnings: run.warnings,
            });
        }
        let hosts = hosts
            .into_iter()
            .map(|(id, host)| ExportHost {
                fingerprint: fingerprints[&id].clone(),
                host,
            })
            .collect();
        Ok(ExportDoc {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            hosts,
            runs,
        })
    }

    /// Merges an export into this store in one transaction: hosts by fingerprint, runs by uuid
    /// (a run already present is skipped, not compared). Importing the same document twice
    /// changes nothing. An invalid document is refused whole.
    pub fn import(&mut self, doc: &ExportDoc) -> Result<ImportStats> {
        check_format(&doc.format, doc.version.into())?;
        for run in &doc.runs {
            run.ops.iter().try_for_each(check_op)?;
        }
        let (tx, path) = self.write()?;
        // A document's fingerprint → this store's host id.
        let mut host_ids = HashMap::new();
        for h in &doc.hosts {
            host_ids.insert(h.fingerprint.as_str(), upsert_host(&tx, path, &h.host)?);
        }
        let mut stats = ImportStats::default();
        for run in &doc.runs {
            let known = tx.query_row(
                "SELECT 1 FROM runs WHERE uuid = ?1",
                [&run.meta.uuid],
                |_| Ok(()),
            );
            if known.optional().context(path, "matching a run")?.is_some() {
                stats.runs_skipped += 1;
                continue;
            }
            let host_id = *host_ids.get(run.host_fingerprint.as_str()).ok_or_else(|| {
                invalid(format!(
                    "export run {} names host {}, which is not among the export's hosts; re-create the export",
                    run.meta.uuid, run.host_fingerprint
                ))
            })?;
            let no_writer = Writer::default();
            let run_id = insert_run(
                &tx,
                path,
                host_id,
                &run.meta,
                run.finished_at.as_deref(),
                &no_writer,
            )?;
            for op in &run.ops {
                replace_op(&tx, path, run_id, op)?;
            }
            upsert_ceilings(&tx, path, run_id, &run.ceilings)?;
            upsert_probes(&tx, path, run_id, &run.probes)?;
            set_warnings(&tx, path, run_id, &run.warnings)?;
            stats.runs_added += 1;
        }
        tx.commit().context(path, "committing the import")?;
        Ok(stats)
    }
}
