//! `arsenal tune`: verify, measure, record, summarise.

use std::io::IsTerminal;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use arsenal_db::{CeilingRecord, RunMeta, Store};
use arsenal_oracle::Note;
use arsenal_tuner::{Config, Fanout, Sizes, Strategy, Summary};

use crate::args::{StrategyArg, TuneArgs};
use crate::cmd::manifest;
use crate::sinks::{progress::Progress, store::StoreSink};
use crate::{convert, host, inputs, ops, profile, summary, Outcome, UsageError};

/// Runs `arsenal tune`.
pub fn run(args: &TuneArgs) -> Result<Outcome> {
    let ops = ops::select(args.ops.as_deref())?;
    let visible = !args.json && std::io::stderr().is_terminal();
    let (ops, user_inputs) = if args.input.is_empty() {
        (ops, None)
    } else {
        let (taken, left) = inputs::ops_for(ops, args.ops.is_some())?;
        let read = inputs::read(&args.input, visible)?;
        if !left.is_empty() && !args.json {
            let names: Vec<&str> = left.iter().map(|w| w.info().name).collect();
            eprintln!(
                "note: {} take no --input: not tuned in this run (tune them without --input)",
                names.join(", ")
            );
        }
        (taken, Some(read))
    };
    let config = Config {
        strategies: match args.strategy {
            StrategyArg::Throughput => vec![Strategy::Throughput],
            StrategyArg::Latency => vec![Strategy::Latency],
            StrategyArg::Both => Strategy::ALL.to_vec(),
        },
        budget: Duration::from_secs_f64(args.budget),
        every_cell: args.every_cell,
        seed: args.seed,
        sizes: args.sizes.clone().map_or(Sizes::Ladder, Sizes::Fixed),
        replicas: args.replicas,
        drift_probe: !args.no_drift_probe,
        bisect: args.bisect,
        inputs: user_inputs.clone(),
        ..Config::default()
    };
    let policy = args.policy.policy()?;
    let default_strategy = args.policy.default_strategy()?;
    let mut store = Store::open(&args.db).map_err(|e| UsageError(e.to_string()))?;
    let meta = RunMeta {
        uuid: uuid::Uuid::new_v4().to_string(),
        started_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        budget_secs: args.budget,
        strategies: config
            .strategies
            .iter()
            .map(|s| s.name().to_string())
            .collect(),
        ops_pattern: args.ops.clone(),
        seed: args.seed,
        arsenal: env!("CARGO_PKG_VERSION").to_string(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        // The store sink records the tuner's figure when the run starts.
        replicas: 1,
        inputs: user_inputs
            .as_deref()
            .map_or_else(Vec::new, convert::inputs),
    };
    let mut progress = Progress::new(visible);
    let mut sink = StoreSink::new(&mut store, host::record(), meta);
    let result = {
        let mut fan = Fanout::new().with(&mut progress).with(&mut sink);
        arsenal_tuner::tune(&ops, &config, &mut fan)
    };
    let run = sink.run_id();
    let warnings = sink.warnings().to_vec();
    let summary = result.with_context(|| format!("tuning into {}", args.db.display()))?;
    let manifest = match run {
        Some(run) if !args.no_manifest => {
            let profile = profile::load_from(&store, Some(run))?;
            let notes = manifest::write(&profile, &policy, default_strategy, &[], &args.manifest)?;
            Some(notes)
        }
        _ => None,
    };
    let (ceilings, measured_on) = match run {
        Some(run) => {
            let row = store.run(run)?;
            (store.ceilings(row.host_id)?, Some(row.measured_on()))
        }
        None => (Vec::new(), None),
    };
    let bounds = user_inputs.as_deref().map_or_else(Vec::new, |i| i.bounds());
    report(
        args,
        run,
        &summary,
        &ceilings,
        manifest.as_deref(),
        &warnings,
        (measured_on.as_deref(), &bounds),
    )?;
    let failed = summary
        .ops
        .iter()
        .flat_map(|o| &o.verifications)
        .any(|v| v.outcome.status() == "failed");
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

fn report(
    args: &TuneArgs,
    run: Option<i64>,
    summary: &Summary,
    ceilings: &[CeilingRecord],
    notes: Option<&[Note]>,
    warnings: &[String],
    (measured_on, bounds): (Option<&str>, &[String]),
) -> Result<()> {
    let manifest = notes.map(|_| args.manifest.display().to_string());
    if args.json {
        let mut doc = summary::json(summary, ceilings);
        doc["warnings"] = serde_json::json!(warnings);
        doc["run"] = serde_json::json!(run);
        doc["db"] = serde_json::json!(args.db.display().to_string());
        doc["manifest"] = serde_json::json!(manifest);
        doc["measured_on"] = serde_json::json!(measured_on);
        doc["input_notes"] = serde_json::json!(bounds);
        let manifest_notes: Vec<String> = notes
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
        doc["manifest_notes"] = serde_json::json!(manifest_notes);
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print!("{}", summary::text(summary, ceilings));
        if let Some(on) = measured_on {
            println!("Measured on {on}.");
        }
        for line in bounds {
            println!("note: --input: {line}");
        }
        if let Some(run) = run {
            println!("Recorded as run {run} in {}.", args.db.display());
        }
        for note in notes.unwrap_or_default() {
            println!("note: {note}");
        }
        if let Some(path) = manifest {
            println!(
                "Wrote the selection manifest {path} (ARSENAL_MANIFEST for downstream builds)."
            );
        }
    }
    // After the summary, on stderr in both forms: the drift guard's findings are about the
    // machine, not the kernels, and must not be lost in piped output.
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    Ok(())
}
