//! `arsenal verify-manifest`: an independent check of a manifest on this machine.
//!
//! At the geometric midpoints between the ladder sizes a tune measured, every available variant
//! is verified and measured again (interleaved, as in a tune), and the manifest's choice at that
//! size is compared with the fastest: regret = time(chosen) / time(best) − 1, per op and strategy
//! (median and max) and over all cells. Each regret also has its least value the 95 % intervals
//! allow (`regret_low`: zero where the chosen's and the best's intervals overlap), which tells a
//! choice that is measurably slower from one that lost within the noise of this measurement.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use arsenal::Workload;
use arsenal_oracle::{Manifest, Strategy as OracleStrategy};
use arsenal_tuner::{Cell, Config, Sizes, Strategy, Summary};
use comfy_table::{presets, Table};
use serde_json::json;

use crate::args::VerifyManifestArgs;
use crate::cmd::manifest;
use crate::sinks::progress::Progress;
use crate::{format, ops, Outcome, UsageError};

/// A regret worth a line of its own in the text summary.
const NOTABLE: f64 = 0.10;

/// One measured midpoint.
struct Regret {
    op: &'static str,
    strategy: Strategy,
    size: usize,
    chosen: String,
    runs: String,
    best: &'static str,
    regret: f64,
    /// The least regret the intervals allow: the chosen's interval low over the best's high,
    /// less one, and zero where the intervals overlap. Above zero, the choice is measurably
    /// slower; a point regret with none of this is within the noise of the measurement.
    regret_low: f64,
}

/// Runs `arsenal verify-manifest`.
pub fn run(args: &VerifyManifestArgs) -> Result<Outcome> {
    let manifest = manifest::read(&args.manifest)?;
    let selected = ops::select(args.ops.as_deref())?;
    let planned: Vec<&'static dyn Workload> = selected
        .into_iter()
        .filter(|w| manifest.ops.contains_key(w.info().name))
        .collect();
    if planned.is_empty() {
        return Err(UsageError(format!(
            "{} plans none of the selected ops",
            args.manifest.display()
        ))
        .into());
    }
    let stale = manifest::staleness(&manifest);
    if !stale.is_empty() && !args.json {
        eprintln!(
            "warning: {} was made on another host:",
            args.manifest.display()
        );
        for r in &stale {
            eprintln!("  {r}");
        }
    }
    let strategies: Vec<Strategy> = Strategy::ALL
        .into_iter()
        .filter(|s| {
            manifest
                .ops
                .values()
                .any(|p| !p.bands(oracle(*s)).is_empty())
        })
        .collect();
    let config = Config {
        strategies,
        budget: Duration::from_secs_f64(args.budget),
        seed: args.seed,
        sizes: args.sizes.clone().map_or(Sizes::Midpoints, Sizes::Fixed),
        ..Config::default()
    };
    let mut progress = Progress::new(!args.json && std::io::stderr().is_terminal());
    let summary = arsenal_tuner::tune(&planned, &config, &mut progress)?;
    let regrets = regrets(&manifest, &summary);
    if args.json {
        print_json(args, &summary, &regrets, &stale)?;
    } else {
        print_text(&summary, &regrets);
    }
    Ok(Outcome::Success)
}

fn oracle(s: Strategy) -> OracleStrategy {
    match s {
        Strategy::Throughput => OracleStrategy::Throughput,
        Strategy::Latency => OracleStrategy::Latency,
    }
}

fn regrets(manifest: &Manifest, summary: &Summary) -> Vec<Regret> {
    let cells = summary.ops.iter().flat_map(|o| &o.cells);
    cells.filter_map(|cell| regret(manifest, cell)).collect()
}

/// The regret of the manifest's choice in one cell; `None` where it plans nothing there.
fn regret(manifest: &Manifest, cell: &Cell) -> Option<Regret> {
    let chosen = manifest.variant_for(cell.op, oracle(cell.strategy), cell.size as u64)?;
    let best = cell
        .results
        .iter()
        .min_by(|a, b| a.objective_ns.total_cmp(&b.objective_ns))?;
    // What runs for the choice: the variant itself, or the runtime fallback where it cannot run.
    let runs = match cell.results.iter().find(|r| r.variant == chosen) {
        Some(r) => r,
        None => {
            let fallback = arsenal::runtime_variant(cell.op)?;
            cell.results.iter().find(|r| r.variant == fallback)?
        }
    };
    let regret = runs.objective_ns / best.objective_ns.max(f64::MIN_POSITIVE) - 1.0;
    let clear = runs.objective_ci.0 / best.objective_ci.1.max(f64::MIN_POSITIVE) - 1.0;
    Some(Regret {
        op: cell.op,
        strategy: cell.strategy,
        size: cell.size,
        chosen: chosen.to_string(),
        runs: runs.variant.to_string(),
        best: best.variant,
        regret,
        regret_low: clear.clamp(0.0, regret.max(0.0)),
    })
}

/// Median and maximum of the regrets, or `None` for none.
fn median_max(values: &mut [f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Some((median, values[n - 1]))
}

fn groups(regrets: &[Regret]) -> Vec<(&'static str, Strategy, Vec<&Regret>)> {
    let mut out: Vec<(&'static str, Strategy, Vec<&Regret>)> = Vec::new();
    for r in regrets {
        match out
            .iter_mut()
            .find(|(op, s, _)| *op == r.op && *s == r.strategy)
        {
            Some(g) => g.2.push(r),
            None => out.push((r.op, r.strategy, vec![r])),
        }
    }
    out
}

fn print_text(summary: &Summary, regrets: &[Regret]) {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header([
        "op",
        "strategy",
        "cells",
        "median regret",
        "max regret",
        "worst at",
    ]);
    for (op, strategy, rows) in groups(regrets) {
        let mut values: Vec<f64> = rows.iter().map(|r| r.regret).collect();
        let (median, max) = median_max(&mut values).expect("groups are not empty");
        let worst = rows
            .iter()
            .max_by(|a, b| a.regret.total_cmp(&b.regret))
            .expect("groups are not empty");
        let unit = arsenal::workload(op).map(|w| w.info().unit);
        let at = unit.map_or(worst.size.to_string(), |u| format::size(u, worst.size));
        let runs = if worst.runs == worst.chosen {
            worst.chosen.clone()
        } else {
            format!("{} (runs {})", worst.chosen, worst.runs)
        };
        table.add_row([
            op.to_string(),
            strategy.name().to_string(),
            rows.len().to_string(),
            format!("{:.1} %", median * 100.0),
            format!("{:.1} %", max * 100.0),
            format!("{at}: {runs} vs {}", worst.best),
        ]);
    }
    println!("{table}");
    let mut all: Vec<f64> = regrets.iter().map(|r| r.regret).collect();
    match median_max(&mut all) {
        Some((median, max)) => println!(
            "\nOverall: {} cells, median regret {:.1} %, max {:.1} %.",
            all.len(),
            median * 100.0,
            max * 100.0
        ),
        None => println!("\nNo cell was measured."),
    }
    let above = regrets.iter().filter(|r| r.regret > NOTABLE).count();
    if above > 0 {
        let clear = regrets.iter().filter(|r| r.regret_low > 0.0).count();
        let mut lows: Vec<f64> = regrets.iter().map(|r| r.regret_low).collect();
        let (_, max_low) = median_max(&mut lows).expect("regrets are not empty");
        println!(
            "{above} cell(s) above {:.0} % regret; {clear} cell(s) measurably slower than the best \
             (intervals clear), by at least {:.1} % at most.",
            NOTABLE * 100.0,
            max_low * 100.0
        );
    }
    let skipped = summary.skipped().count();
    if skipped > 0 {
        println!("{skipped} cell(s) not measured (no time left in the budget).");
    }
}

fn print_json(
    args: &VerifyManifestArgs,
    summary: &Summary,
    regrets: &[Regret],
    stale: &[String],
) -> Result<()> {
    let cells: Vec<_> = regrets
        .iter()
        .map(|r| {
            json!({"op": r.op, "strategy": r.strategy.name(), "size": r.size, "chosen": r.chosen,
                   "runs": r.runs, "best": r.best, "regret": r.regret, "regret_low": r.regret_low})
        })
        .collect();
    let per_op: Vec<_> = groups(regrets)
        .into_iter()
        .map(|(op, strategy, rows)| {
            let mut v: Vec<f64> = rows.iter().map(|r| r.regret).collect();
            let (median, max) = median_max(&mut v).expect("groups are not empty");
            json!({"op": op, "strategy": strategy.name(), "cells": rows.len(), "median": median, "max": max})
        })
        .collect();
    let mut all: Vec<f64> = regrets.iter().map(|r| r.regret).collect();
    let mut lows: Vec<f64> = regrets.iter().map(|r| r.regret_low).collect();
    let max_low = median_max(&mut lows).map(|(_, max)| max);
    let overall = median_max(&mut all)
        .map(|(median, max)| json!({"median": median, "max": max, "max_low": max_low}));
    let doc = json!({
        "manifest": args.manifest.display().to_string(),
        "stale": stale,
        "overall": overall,
        "per_op": per_op,
        "cells": cells,
        "not_measured": summary.skipped().count(),
        "elapsed_seconds": summary.elapsed.as_secs_f64(),
    });
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_max() {
        assert_eq!(median_max(&mut []), None);
        assert_eq!(median_max(&mut [0.3, 0.0, 0.1]), Some((0.1, 0.3)));
        let (median, max) = median_max(&mut [0.0, 0.2, 0.1, 0.4]).unwrap();
        assert!((median - 0.15).abs() < 1e-12 && max == 0.4);
    }
}
