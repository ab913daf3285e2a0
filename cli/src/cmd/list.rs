//! `arsenal list`: ops and variants, with availability on this host.

use std::path::Path;

use anyhow::Result;
use arsenal::registry::{Availability, Unit};
use arsenal_db::MeasurementRecord;
use arsenal_report::ceiling;
use comfy_table::{presets, Table};
use serde_json::json;

use crate::args::ListArgs;
use crate::profile::{self, Profile};
use crate::{format, ops, Outcome};

/// A run's figures, for `list --json`.
struct Measured {
    profile: Profile,
    measurements: Vec<MeasurementRecord>,
}

impl Measured {
    fn figures(&self, op: &str, variant: &str) -> Vec<serde_json::Value> {
        self.measurements
            .iter()
            .filter(|m| m.op == op && m.variant == variant)
            .map(|m| {
                let per_second = m.units_per_call / m.objective_ns.max(f64::MIN_POSITIVE) * 1e9;
                let unit = Unit::from_name(&m.unit);
                let bounds = ceiling::bounds(&self.profile.run, op, unit);
                let percent = (m.strategy == "throughput")
                    .then(|| {
                        format::of_ceiling(&self.profile.ceilings, &bounds, m.size, per_second)
                    })
                    .flatten();
                json!({
                    "run": self.profile.run.id, "strategy": m.strategy, "size": m.size,
                    "objective_ns": m.objective_ns, "units_per_second": per_second,
                    "percent_of_ceiling": percent,
                    "at_ceiling": percent.map(|p| p > 100.0),
                })
            })
            .collect()
    }
}

/// The latest complete run of `--db` (or of ./arsenal.db when it exists), if any.
fn measured(args: &ListArgs) -> Result<Option<Measured>> {
    let path = match &args.db {
        Some(p) => p.clone(),
        None if Path::new("arsenal.db").exists() => "arsenal.db".into(),
        None => return Ok(None),
    };
    let store = profile::open_for_reading(&path)?;
    let Some(run) = store.latest_run(true)? else {
        return Ok(None);
    };
    let profile = profile::load_from(&store, Some(run.id))?;
    let measurements = store.measurements(run.id)?;
    Ok(Some(Measured {
        profile,
        measurements,
    }))
}

/// Runs `arsenal list`.
pub fn run(args: &ListArgs) -> Result<Outcome> {
    let ops = ops::select(args.ops.as_deref())?;
    if args.json {
        let measured = measured(args)?;
        let doc: Vec<_> = ops
            .iter()
            .map(|w| {
                let info = w.info();
                let variants: Vec<_> = w
                    .variants()
                    .iter()
                    .map(|v| {
                        let availability = v.availability();
                        json!({
                            "name": v.name,
                            "origin": v.origin.kind().name(),
                            "origin_detail": v.origin.to_string(),
                            "requires": v.requires.iter().map(|f| f.name()).collect::<Vec<_>>(),
                            "parallel": v.parallel,
                            "available": availability == Availability::Available,
                            "unavailable_reason": (availability != Availability::Available)
                                .then(|| availability.to_string()),
                            "measured": measured.as_ref().map(|m| m.figures(info.name, v.name)),
                        })
                    })
                    .collect();
                json!({
                    "op": info.name,
                    "summary": info.summary,
                    "contract": info.contract.to_string(),
                    "reference": info.reference,
                    "spec": info.spec,
                    "unit": info.unit.name(),
                    "sizes": w.sizes(),
                    "role": info.role.name(),
                    "takes_input": w.input().takes_bytes(),
                    "input": w.input().note(),
                    "runtime_choice": w.runtime_choice(),
                    "variants": variants,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(Outcome::Success);
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header(["op", "variant", "origin", "requires", "threads", "here"]);
    for w in &ops {
        let chosen = w.runtime_choice();
        for v in w.variants() {
            let here = match v.availability() {
                Availability::Available if v.name == chosen => "available (runtime choice)".into(),
                other => other.to_string(),
            };
            table.add_row([
                w.info().name.to_string(),
                v.name.to_string(),
                v.origin.to_string(),
                v.requires.to_string(),
                if v.parallel { "many" } else { "one" }.to_string(),
                here,
            ]);
        }
    }
    println!("{table}");
    println!("\nHow each op reads your files (`arsenal tune --input PATH`):");
    for w in &ops {
        let how = match w.input().takes_bytes() {
            true => w.input().note().to_string(),
            false => format!("takes no --input: {}", w.input().note()),
        };
        println!("  {:<20} {how}", w.info().name);
    }
    Ok(Outcome::Success)
}
