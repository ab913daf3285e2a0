//! `arsenal verify-manifest`: an independent check of a manifest on this machine.
//!
//! At the geometric midpoints between the ladder sizes a tune measured, every available variant
//! is verified and measured again (interleaved, as in a tune), and the manifest's choice at that
//! size is scored by the oracle ([`arsenal_oracle::regret`]): its regret against the fastest, and
//! the least regret the intervals allow. The headline is the cells *measurably worse* (that lower
//! bound above the manifest's tie margin), split by strategy and decisive / tie bands, with the
//! ops whose contract wires one variant for every size counted apart; per op and strategy the
//! median and max follow. This module only measures and prints. `--quick` is
//! [`verify_quick`]: one band per op and strategy, its choice against the recorded runner-up.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use arsenal::Workload;
use arsenal_oracle::{regret, summarise, Manifest, Observed, Regret, RegretStats};
use arsenal_tuner::{Config, Sizes, Strategy, Summary};
use comfy_table::{presets, Table};
use serde_json::json;

use crate::args::VerifyManifestArgs;
use crate::cmd::{manifest, verify_quick};
use crate::sinks::progress::Progress;
use crate::{format, ops, Outcome, UsageError};

/// Runs `arsenal verify-manifest`.
pub fn run(args: &VerifyManifestArgs) -> Result<Outcome> {
    let manifest = manifest::read(&args.manifest)?;
    let selected = ops::select(args.ops.as_deref())?;
    // The ceilings measure the host for the "of the bound" figures; no one calls them for their
    // result, so their regret is checked only when `--ops` names them.
    let (probes, planned): (Vec<&'static dyn Workload>, Vec<&'static dyn Workload>) = selected
        .into_iter()
        .filter(|w| manifest.ops.contains_key(w.info().name))
        .partition(|w| args.ops.is_none() && w.info().role.ceiling().is_some());
    let probes: Vec<&str> = probes.iter().map(|w| w.info().name).collect();
    if !probes.is_empty() && !args.json {
        eprintln!(
            "note: left out the ceiling probes ({}): they measure the host; name them with --ops \
             to check them",
            probes.join(", ")
        );
    }
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
    if args.quick {
        return verify_quick::run(args, &manifest, &planned);
    }
    let strategies: Vec<Strategy> = Strategy::ALL
        .into_iter()
        .filter(|s| manifest.ops.values().any(|p| !p.bands(*s).is_empty()))
        .collect();
    let config = Config {
        strategies,
        budget: Duration::from_secs_f64(args.budget),
        every_cell: args.every_cell,
        seed: args.seed,
        sizes: args.sizes.clone().map_or(Sizes::Midpoints, Sizes::Fixed),
        ..Config::default()
    };
    let mut progress = Progress::new(!args.json && std::io::stderr().is_terminal());
    let summary = arsenal_tuner::tune(&planned, &config, &mut progress)?;
    let regrets = regrets(&manifest, &summary);
    let margin = manifest.policy.tie_margin.fraction();
    if args.json {
        print_json(args, &summary, &regrets, margin, &stale, &probes)?;
    } else {
        print_text(&summary, &regrets, margin);
    }
    Ok(Outcome::Success)
}

/// The oracle's regret of the manifest's choice in every measured cell.
fn regrets(manifest: &Manifest, summary: &Summary) -> Vec<Regret> {
    let cells = summary.ops.iter().flat_map(|o| &o.cells);
    cells
        .filter_map(|cell| {
            let observed: Vec<Observed<'_>> = cell
                .results
                .iter()
                .map(|r| Observed {
                    variant: r.variant,
                    objective_ns: r.objective_ns,
                    ci: r.objective_ci,
                })
                .collect();
            let at = (cell.op, cell.strategy, cell.size as u64);
            let one_variant =
                arsenal::workload(cell.op).is_some_and(|w| w.info().contract.is_quality());
            let runtime = arsenal::runtime_variant(cell.op);
            regret(manifest, at, &observed, runtime, one_variant)
        })
        .collect()
}

/// The regrets of each (op, strategy), in measuring order.
fn groups(regrets: &[Regret]) -> Vec<(&str, Strategy, Vec<&Regret>)> {
    let mut out: Vec<(&str, Strategy, Vec<&Regret>)> = Vec::new();
    for r in regrets {
        match out
            .iter_mut()
            .find(|(op, s, _)| *op == r.op && *s == r.strategy)
        {
            Some(g) => g.2.push(r),
            None => out.push((r.op.as_str(), r.strategy, vec![r])),
        }
    }
    out
}

/// `12.3 %`.
fn percent(fraction: f64) -> String {
    format!("{:.1} %", fraction * 100.0)
}

/// `32 B: sse2 vs libc`, or `… sse2 (runs avx2) vs …` where another variant runs for the choice.
fn worst_at(worst: &Regret) -> String {
    let unit = arsenal::workload(&worst.op).map(|w| w.info().unit);
    let at = unit.map_or(worst.size.to_string(), |u| {
        format::size(u, worst.size as usize)
    });
    let runs = if worst.runs == worst.chosen {
        worst.chosen.clone()
    } else {
        format!("{} (runs {})", worst.chosen, worst.runs)
    };
    format!("{at}: {runs} vs {}", worst.best)
}

fn print_text(summary: &Summary, regrets: &[Regret], margin: f64) {
    let totals = summarise(regrets, margin);
    if regrets.is_empty() {
        println!("No cell was measured.");
        return;
    }
    if let Some(overall) = &totals.overall {
        println!(
            "Measurably worse (the regret's lower bound above the {} tie margin): {} of {} \
             cells; max lower-bound regret {} ({} {}).",
            percent(margin),
            overall.measurably_worse,
            overall.cells,
            percent(overall.max_low),
            overall.worst.op,
            worst_at(&overall.worst),
        );
        let mut split = Table::new();
        split.load_style(presets::NOTHING);
        split.set_header([
            "strategy",
            "bands",
            "cells",
            "measurably worse",
            "max lower bound",
            "median regret",
            "max regret",
        ]);
        for g in &totals.groups {
            split.add_row([
                g.strategy.name().to_string(),
                if g.decisive_band { "decisive" } else { "tie" }.to_string(),
                g.stats.cells.to_string(),
                g.stats.measurably_worse.to_string(),
                percent(g.stats.max_low),
                percent(g.stats.median),
                percent(g.stats.max),
            ]);
        }
        println!("{split}");
    }
    if let Some(apart) = &totals.one_variant {
        println!(
            "Apart: ops whose contract is quality wire one variant for every size, so their best \
             at a size may be an algorithm the build may not mix in: {} cells, {} measurably \
             worse; max lower-bound regret {} ({} {}).",
            apart.cells,
            apart.measurably_worse,
            percent(apart.max_low),
            apart.worst.op,
            worst_at(&apart.worst),
        );
    }
    println!();
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header([
        "op",
        "strategy",
        "cells",
        "median regret",
        "max regret",
        "max lower bound",
        "worst at",
    ]);
    for (op, strategy, rows) in groups(regrets) {
        let stats = RegretStats::of(rows, margin).expect("groups are not empty");
        table.add_row([
            op.to_string(),
            strategy.name().to_string(),
            stats.cells.to_string(),
            percent(stats.median),
            percent(stats.max),
            percent(stats.max_low),
            worst_at(&stats.worst),
        ]);
    }
    println!("{table}");
    if let Some(overall) = &totals.overall {
        println!(
            "\nOverall: {} cells, median regret {}, max {}.",
            overall.cells,
            percent(overall.median),
            percent(overall.max)
        );
    }
    let skipped = summary.skipped().count();
    if skipped > 0 {
        println!("{skipped} cell(s) not measured: the budget did not cover them (raise --budget).");
    }
}

fn print_json(
    args: &VerifyManifestArgs,
    summary: &Summary,
    regrets: &[Regret],
    margin: f64,
    stale: &[String],
    probes_left_out: &[&str],
) -> Result<()> {
    let totals = summarise(regrets, margin);
    let per_op: Vec<_> = groups(regrets)
        .into_iter()
        .filter_map(|(op, strategy, rows)| {
            let stats = RegretStats::of(rows, margin)?;
            Some(
                json!({"op": op, "strategy": strategy.name(), "cells": stats.cells,
                        "median": stats.median, "max": stats.max, "max_low": stats.max_low,
                        "measurably_worse": stats.measurably_worse}),
            )
        })
        .collect();
    let doc = json!({
        "manifest": args.manifest.display().to_string(),
        "stale": stale,
        "probes_left_out": probes_left_out,
        "tie_margin": margin,
        "overall": totals.overall,
        "groups": totals.groups,
        "one_variant": totals.one_variant,
        "per_op": per_op,
        "cells": regrets,
        "not_measured": summary.skipped().count(),
        "elapsed_seconds": summary.elapsed.as_secs_f64(),
    });
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}
