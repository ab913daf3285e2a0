//! `arsenal export` and `arsenal import`: profiles to and from JSON.

use anyhow::{Context, Result};
use arsenal_db::{ExportDoc, Store};
use serde_json::json;

use crate::args::{ExportArgs, ImportArgs};
use crate::{files, Outcome, UsageError};

/// Runs `arsenal export`.
pub fn export(args: &ExportArgs) -> Result<Outcome> {
    let store = crate::profile::open_for_reading(&args.db)?;
    let doc = store.export()?;
    files::write_atomically(&args.out, doc.to_json().as_bytes())?;
    if args.json {
        println!(
            "{}",
            json!({"out": args.out.display().to_string(), "hosts": doc.hosts.len(), "runs": doc.runs.len()})
        );
    } else {
        println!(
            "Exported {} run(s) of {} host(s) to {}.",
            doc.runs.len(),
            doc.hosts.len(),
            args.out.display()
        );
    }
    Ok(Outcome::Success)
}

/// Runs `arsenal import`.
pub fn import(args: &ImportArgs) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", args.file.display())))?;
    let doc = ExportDoc::from_json(&text)
        .map_err(|e| UsageError(format!("{}: {e}", args.file.display())))?;
    let mut store = Store::open(&args.db).map_err(|e| UsageError(e.to_string()))?;
    let stats = store.import(&doc).with_context(|| {
        format!(
            "importing {} into {}",
            args.file.display(),
            args.db.display()
        )
    })?;
    if args.json {
        println!(
            "{}",
            json!({"runs_added": stats.runs_added, "runs_skipped": stats.runs_skipped})
        );
    } else {
        println!(
            "Imported {} run(s) into {}; {} already present.",
            stats.runs_added,
            args.db.display(),
            stats.runs_skipped
        );
    }
    Ok(Outcome::Success)
}
