//! `arsenal explain OP`: why the oracle chose what it chose, size by size.

use anyhow::Result;
use arsenal::registry::Unit;
use arsenal_oracle::{
    explain_with_gaps, measured_sizes, pins_of, plan_with_gaps, quality_choice, Strategy,
};
use arsenal_report::ceiling::{self, Ceilings, Share, AT_CEILING_NOTE};
use serde_json::json;

use crate::args::ExplainArgs;
use crate::cmd::manifest;
use crate::profile::{self, Profile};
use crate::{ops, Outcome};

/// A figure as a share of the least of the op's stored bounds at `size` (throughput only).
pub(crate) fn of_ceiling(
    profile: &Profile,
    op: &str,
    strategy: Strategy,
    size: u64,
    figure: Option<f64>,
) -> Option<(Share, Unit)> {
    if strategy != Strategy::Throughput {
        return None;
    }
    let unit = arsenal::workload(op)?.info().unit;
    let bounds = ceiling::bounds(&profile.run, op, unit);
    let share = Ceilings::new(&profile.ceilings).share(&bounds, size, figure?)?;
    Some((share, unit))
}

/// Runs `arsenal explain`.
pub fn run(args: &ExplainArgs) -> Result<Outcome> {
    ops::named(&args.op)?;
    let policy = args.policy.policy()?;
    let default = args.policy.default_strategy()?;
    let profile = profile::load(&args.db, args.run)?;
    let strategies: Vec<Strategy> = match &args.strategy {
        Some(s) => vec![s.parse()?],
        None => Strategy::ALL.to_vec(),
    };
    let mut explanations = Vec::new();
    let measured_on = profile.run.op_measured_on(&args.op);
    let mut text = format!(
        "{} in run {} was measured on {measured_on}.\n",
        args.op, profile.run.id
    );
    let quality = arsenal::workload(&args.op).is_some_and(|w| w.info().contract.is_quality());
    let mut one_variants = Vec::new();
    for strategy in strategies {
        let sizes = match args.size {
            Some(size) => vec![size],
            None => measured_sizes(&profile.records, &args.op, strategy),
        };
        if sizes.is_empty() {
            text.push_str(&format!(
                "{} {strategy}: not measured in run {}\n",
                args.op, profile.run.id
            ));
            continue;
        }
        let p = plan_with_gaps(&profile.records, &profile.gaps, &args.op, strategy, &policy);
        text.push_str(&format!("{} {strategy} plan:", args.op));
        if quality {
            // Its variants' outputs differ: the manifest serves one of them at every size.
            // The manifest's one variant, chosen under its default strategy for both.
            let one = quality_choice(&profile.records, &args.op, default, &policy);
            one_variants.push(json!({
                "strategy": strategy.name(),
                "variant": one.as_ref().map(|o| o.variant.clone()),
                "mean_ratio": one.as_ref().map(|o| o.mean_ratio),
            }));
            match one {
                Some(one) => text.push_str(&format!(
                    " {} for every size (its contract is quality: one variant, chosen under \
                     {}), {:.2}x the fastest per size on geometric mean there, at worst {:.2}x \
                     at size {}; each size's own winner follows",
                    one.variant, one.strategy, one.mean_ratio, one.worst.0, one.worst.1
                )),
                None => text.push_str(" runtime dispatch (no variant was measured at every size)"),
            }
        }
        for band in p.bands.iter().filter(|_| !quality) {
            let below = band.below.map_or("∞".into(), |b| b.to_string());
            text.push_str(&format!(" [..{below}) {}", band.variant));
        }
        text.push('\n');
        for size in sizes {
            let gaps = &profile.gaps;
            match explain_with_gaps(&profile.records, gaps, &args.op, strategy, size, &policy) {
                Ok(e) => {
                    text.push_str(&e.to_string());
                    let mut value = serde_json::to_value(&e)?;
                    if let Some((s, unit)) = of_ceiling(
                        &profile,
                        &args.op,
                        strategy,
                        e.measured_size,
                        e.winner.figure,
                    ) {
                        let p = s.percent;
                        let share = match s.at_ceiling() {
                            true => format!("{p:.0} % ({AT_CEILING_NOTE})"),
                            false => format!("{p:.0} %"),
                        };
                        text.push_str(&format!(
                            "  ceiling    winner at {share} of its {}\n",
                            s.bound_text(unit)
                        ));
                        value["winner_percent_of_ceiling"] = json!(p);
                        value["winner_at_ceiling"] = json!(s.at_ceiling());
                        value["winner_bound"] = json!({
                            "kind": s.kind, "per": s.per, "size": s.size,
                            "units_per_second": s.value, "why": s.why,
                        });
                    }
                    explanations.push(value);
                }
                Err(e) => {
                    text.push_str(&format!("{e}\n"));
                    explanations.push(
                        json!({"strategy": strategy.name(), "size": size, "error": e.to_string()}),
                    );
                }
            }
        }
    }
    let manifest_path = args.manifest.clone().or_else(|| {
        Some("arsenal-manifest.json".into()).filter(|p: &std::path::PathBuf| p.exists())
    });
    let read = match &manifest_path {
        Some(path) => Some((path, manifest::read(path)?)),
        None => None,
    };
    let stale = read
        .as_ref()
        .map(|(path, m)| (*path, manifest::staleness(m)));
    // The user's pins of this op: what the manifest serves there is no measurement's choice.
    let pins: Vec<(Strategy, Option<u64>, String)> = read
        .as_ref()
        .map(|(_, m)| pins_of(m, &args.op))
        .unwrap_or_default()
        .into_iter()
        .map(|(s, below, v)| (s, below, v.to_string()))
        .collect();
    if args.json {
        let pins: Vec<_> = pins
            .iter()
            .map(|(s, below, v)| json!({"strategy": s.name(), "below": below, "variant": v}))
            .collect();
        let staleness = stale.as_ref().map(|(p, r)| {
            json!({"manifest": p.display().to_string(), "stale": !r.is_empty(), "reasons": r, "pinned": pins})
        });
        let mut doc = json!({"op": args.op, "run": profile.run.id, "measured_on": measured_on, "explanations": explanations, "manifest": staleness});
        if quality {
            doc["one_variant"] = json!(one_variants);
        }
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print!("{text}");
        for (strategy, below, variant) in &pins {
            let sizes = below.map_or("every size".to_string(), |b| format!("sizes below {b}"));
            println!(
                "{} {strategy}: the manifest pins {variant} for {sizes} (the user's choice, not \
                 measured).",
                args.op
            );
        }
        if let Some((path, reasons)) = stale {
            if reasons.is_empty() {
                println!("Manifest {} fits this host.", path.display());
            } else {
                println!("Manifest {} is stale for this host:", path.display());
                for r in reasons {
                    println!("  {r}");
                }
            }
        }
    }
    Ok(Outcome::Success)
}
