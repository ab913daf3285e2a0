//! `arsenal manifest`: write a run's selection manifest, or check one against this host.

use std::path::Path;

use anyhow::Result;
use arsenal_oracle::{
    build_manifest, plan_quality_ops, Manifest, MeasuredOn, Note, Policy, Strategy,
};
use serde_json::json;

use crate::args::ManifestArgs;
use crate::profile::{self, Profile};
use crate::{files, host, Outcome, UsageError};

/// Runs `arsenal manifest`.
pub fn run(args: &ManifestArgs) -> Result<Outcome> {
    if let Some(path) = &args.check {
        return check(path, args.json);
    }
    let policy = args.policy.policy()?;
    let strategy = args.policy.default_strategy()?;
    let profile = profile::load(&args.db, args.run)?;
    let notes = write(&profile, &policy, strategy, &args.out)?;
    if args.json {
        let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
        println!(
            "{}",
            json!({"out": args.out.display().to_string(), "run": profile.run.id, "notes": notes})
        );
    } else {
        for note in &notes {
            println!("note: {note}");
        }
        println!(
            "Wrote {} from run {} of {}.",
            args.out.display(),
            profile.run.id,
            args.db.display()
        );
    }
    Ok(Outcome::Success)
}

/// Builds the manifest of `profile` under `policy` and writes it atomically to `out`.
pub fn write(
    profile: &Profile,
    policy: &Policy,
    strategy: Strategy,
    out: &Path,
) -> Result<Vec<Note>> {
    let (mut manifest, mut notes) = build_manifest(
        &profile.records,
        &profile.gaps,
        host::manifest_host(&profile.host),
        profile.run.id,
        policy,
        strategy,
        env!("CARGO_PKG_VERSION"),
    );
    // Ops whose variants' outputs differ take one variant for every size: the build refuses
    // any other plan of them.
    let quality: Vec<&str> = arsenal::workloads()
        .iter()
        .map(|w| w.info())
        .filter(|info| info.contract.is_quality())
        .map(|info| info.name)
        .collect();
    notes.extend(plan_quality_ops(
        &mut manifest,
        &profile.records,
        &quality,
        policy,
    ));
    let run = &profile.run;
    manifest.measured_on = (!run.inputs.is_empty()).then(|| MeasuredOn {
        files: run.inputs.len(),
        bytes: run.inputs.iter().map(|f| f.bytes).sum(),
        ops: run.user_data_ops.clone(),
    });
    files::write_atomically(out, manifest.to_json_pretty().as_bytes())?;
    Ok(notes)
}

/// Reads the manifest at `path`.
pub fn read(path: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    Manifest::from_json(&text).map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

/// Why `manifest` does not fit this host (empty: it fits).
pub fn staleness(manifest: &Manifest) -> Vec<String> {
    let here = host::manifest_host(&host::record());
    arsenal_oracle::manifest_staleness(manifest, &here, |op, variant| {
        let w = arsenal::workload(op)?;
        let v = w.variants().into_iter().find(|v| v.name == variant)?;
        Some(v.requires.iter().map(|f| f.name().to_string()).collect())
    })
}

fn check(path: &Path, as_json: bool) -> Result<Outcome> {
    let manifest = read(path)?;
    let reasons = staleness(&manifest);
    if as_json {
        println!(
            "{}",
            json!({"manifest": path.display().to_string(), "stale": !reasons.is_empty(), "reasons": reasons})
        );
    } else if reasons.is_empty() {
        println!("{} fits this host (run {}).", path.display(), manifest.run);
    } else {
        println!("{} is stale for this host:", path.display());
        for r in &reasons {
            println!("  {r}");
        }
    }
    Ok(if reasons.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}
