//! `arsenal report`: index.html and report.md of a run, optionally against a baseline, with
//! what a manifest wires.

use std::path::PathBuf;

use anyhow::Result;
use arsenal_report::wiring::Wiring;
use arsenal_report::{html, markdown, Report, RunDiff, RunView};
use serde_json::json;

use crate::args::ReportArgs;
use crate::cmd::manifest;
use crate::files::write_atomically;
use crate::{ops, profile, Outcome, UsageError};

/// Runs `arsenal report`.
pub fn run(args: &ReportArgs) -> Result<Outcome> {
    let policy = args.policy.policy()?;
    let default = args.policy.default_strategy()?;
    let store = profile::open_for_reading(&args.db)?;
    let run = profile::load_from(&store, args.run)?.run;
    let current = RunView::new(profile::run_data(&store, run)?, policy.clone())
        .with_quality_ops(&ops::quality(), default);
    let baseline = match args.baseline {
        Some(id) => {
            let row = store
                .run(id)
                .map_err(|e| UsageError(format!("--baseline: {e}")))?;
            Some(RunView::new(profile::run_data(&store, row)?, policy))
        }
        None => None,
    };
    let diff = baseline.as_ref().map(|b| RunDiff::new(b, &current));
    let manifest_path = args
        .manifest
        .clone()
        .or_else(|| Some(PathBuf::from("arsenal-manifest.json")).filter(|p| p.exists()));
    let manifest = match &manifest_path {
        Some(path) => Some((path.display().to_string(), manifest::read(path)?)),
        None => None,
    };
    let report = Report {
        run: &current,
        baseline: baseline.as_ref().zip(diff.as_ref()),
        wiring: manifest
            .as_ref()
            .map(|(path, manifest)| Wiring { path, manifest }),
    };
    std::fs::create_dir_all(&args.out).map_err(|e| {
        UsageError(format!(
            "cannot create the directory {}: {e}",
            args.out.display()
        ))
    })?;
    let index = args.out.join("index.html");
    let md = args.out.join("report.md");
    write_atomically(&index, html::render(&report).as_bytes())?;
    write_atomically(&md, markdown::render(&report).as_bytes())?;
    if args.json {
        let doc = json!({
            "run": current.data.run.id,
            "baseline": args.baseline,
            "html": index.display().to_string(),
            "markdown": md.display().to_string(),
            "winners_changed": diff.as_ref().map(|d| d.winners.len()),
            "regressions": diff.as_ref().map(|d| d.regressions().count()),
            "manifest": manifest.as_ref().map(|(path, _)| path),
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!(
            "Wrote {} and {} (run {}{}).",
            index.display(),
            md.display(),
            current.data.run.id,
            args.baseline
                .map_or(String::new(), |b| format!(" against baseline run {b}"))
        );
    }
    Ok(Outcome::Success)
}
