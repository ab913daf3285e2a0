//! `arsenal manifest`: write a run's selection manifest, merge manifests of different hosts into
//! a fleet manifest, or check one against this host.

use std::path::Path;

use anyhow::Result;
use arsenal_oracle::{
    build_manifest, plan_quality_ops, Fleet, HostKey, Manifest, ManifestFile, MeasuredOn, Note,
    Pin, Policy, Strategy,
};
use serde_json::json;

use crate::args::ManifestArgs;
use crate::profile::{self, Profile};
use crate::{files, host, ops, Outcome, UsageError};

/// Runs `arsenal manifest`.
pub fn run(args: &ManifestArgs) -> Result<Outcome> {
    if let Some(path) = &args.check {
        return check(path, args.json);
    }
    if !args.merge.is_empty() {
        if args.policy.policy()? != Policy::default()
            || args.policy.default_strategy()? != Strategy::Throughput
        {
            return Err(UsageError(
                "--merge takes each manifest as it was written: policy flags and \
                 --default-strategy apply when a manifest is written from a run (write each \
                 manifest with them, then merge)"
                    .to_string(),
            )
            .into());
        }
        return merge(&args.merge, &args.out, args.json);
    }
    let policy = args.policy.policy()?;
    let strategy = args.policy.default_strategy()?;
    let pins = pins(args)?;
    let profile = profile::load(&args.db, args.run)?;
    let notes = write(&profile, &policy, strategy, &pins, &args.out)?;
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

/// The `--pin`s, checked against the ops and variants this build declares: any fault is bad
/// input, before anything is read or written.
fn pins(args: &ManifestArgs) -> Result<Vec<Pin>> {
    let strategy = args.strategy.as_deref().map(str::parse).transpose()?;
    let mut pins = Vec::new();
    for spec in &args.pin {
        let pin = Pin::parse(spec, strategy, args.below).map_err(UsageError)?;
        let workload = arsenal::workload(&pin.op)
            .ok_or_else(|| UsageError(format!("--pin {spec}: unknown op `{}`", pin.op)))?;
        let variants = workload.variants();
        if !variants.iter().any(|v| v.name == pin.variant) {
            let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
            return Err(UsageError(format!(
                "--pin {spec}: {} has no variant `{}` (it has {})",
                pin.op,
                pin.variant,
                names.join(", ")
            ))
            .into());
        }
        if workload.info().contract.is_quality() && (pin.strategy.is_some() || pin.below.is_some())
        {
            return Err(UsageError(format!(
                "--pin {spec}: {}'s contract is quality (its variants' outputs differ), so a pin \
                 covers every size and both strategies: drop --strategy and --below",
                pin.op
            ))
            .into());
        }
        pins.push(pin);
    }
    Ok(pins)
}

/// Builds the manifest of `profile` under `policy`, with `pins` written over its plans, and
/// writes it atomically to `out`.
pub fn write(
    profile: &Profile,
    policy: &Policy,
    strategy: Strategy,
    pins: &[Pin],
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
    notes.extend(plan_quality_ops(
        &mut manifest,
        &profile.records,
        &ops::quality(),
        policy,
    ));
    for pin in pins {
        pin.apply(&mut manifest);
    }
    let run = &profile.run;
    manifest.measured_on = (!run.inputs.is_empty()).then(|| MeasuredOn {
        files: run.inputs.len(),
        bytes: run.inputs.iter().map(|f| f.bytes).sum(),
        ops: run.user_data_ops.clone(),
    });
    files::write_atomically(out, manifest.to_json_pretty().as_bytes())?;
    Ok(notes)
}

/// `--merge`: reads every input first, so a bad one writes nothing.
fn merge(paths: &[std::path::PathBuf], out: &Path, as_json: bool) -> Result<Outcome> {
    let mut inputs = Vec::new();
    for path in paths {
        inputs.push((path.display().to_string(), read_file(path)?));
    }
    let fleet = Fleet::merge(inputs, env!("CARGO_PKG_VERSION")).map_err(UsageError)?;
    files::write_atomically(out, fleet.to_json_pretty().as_bytes())?;
    let here = host::manifest_host(&host::record());
    let serving = fleet.serving(&here).map(|t| HostKey(&t.host).to_string());
    if as_json {
        let tables: Vec<_> = fleet
            .fleet
            .iter()
            .map(|t| json!({"vendor": t.host.vendor, "family": t.host.family, "model": t.host.model, "features": t.host.features, "run": t.run}))
            .collect();
        println!(
            "{}",
            json!({"out": out.display().to_string(), "tables": tables, "serving_this_host": serving})
        );
        return Ok(Outcome::Success);
    }
    println!(
        "Wrote {} with {} host tables:",
        out.display(),
        fleet.fleet.len()
    );
    for table in &fleet.fleet {
        println!("  {} — {}", HostKey(&table.host), table.host.brand);
    }
    match serving {
        Some(key) => println!("On this host a build runs the table of {key}."),
        None => println!(
            "No table serves this host ({}): a build here runs runtime dispatch.",
            HostKey(&here)
        ),
    }
    Ok(Outcome::Success)
}

/// Reads the manifest or fleet manifest at `path`.
fn read_file(path: &Path) -> Result<ManifestFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    ManifestFile::from_json(&text)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

/// Reads the manifest at `path`; of a fleet manifest, the table that serves this host.
pub fn read(path: &Path) -> Result<Manifest> {
    match read_file(path)? {
        ManifestFile::Host(manifest) => Ok(*manifest),
        ManifestFile::Fleet(fleet) => {
            let here = host::manifest_host(&host::record());
            fleet.serving(&here).cloned().ok_or_else(|| {
                UsageError(format!(
                    "{}: no table of this fleet serves this host ({}; the fleet has {})",
                    path.display(),
                    HostKey(&here),
                    fleet
                        .fleet
                        .iter()
                        .map(|t| HostKey(&t.host).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .into()
            })
        }
    }
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
    let (run, reasons) = match read_file(path)? {
        ManifestFile::Host(manifest) => (manifest.run, staleness(&manifest)),
        ManifestFile::Fleet(fleet) => {
            let here = host::manifest_host(&host::record());
            match fleet.serving(&here) {
                Some(table) => (table.run, staleness(table)),
                None => (
                    0,
                    vec![format!(
                        "no table of the fleet serves this host ({}): a build here runs runtime \
                         dispatch",
                        HostKey(&here)
                    )],
                ),
            }
        }
    };
    if as_json {
        println!(
            "{}",
            json!({"manifest": path.display().to_string(), "stale": !reasons.is_empty(), "reasons": reasons})
        );
    } else if reasons.is_empty() {
        println!("{} fits this host (run {run}).", path.display());
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
