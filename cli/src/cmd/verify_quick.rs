//! `arsenal verify-manifest --quick`: a deployment check in seconds. Per op and strategy of the
//! manifest (of a fleet, the table serving this host), one band: the one holding the most of
//! the op's ladder sizes (the manifest records no call counts, so the widest band stands in for
//! the most called). Its wired variant is measured against the runner-up the tune recorded for
//! the band, at the band's median ladder size, interleaved as in `arsenal compare`, for
//! [`PER_CELL`] each in one replica, without verifying them first (`arsenal check` verifies;
//! here only time is at stake). A cell is lost decisively when the runner-up is faster with its whole 95 %
//! interval beyond the manifest's tie margin; any such cell makes the exit status 1.

use std::time::{Duration, Instant};

use anyhow::Result;
use arsenal::Workload;
use arsenal_oracle::{band_ranges, Manifest, Strategy, RUNTIME};
use arsenal_tuner::{compare, Comparison, Setup};
use comfy_table::{presets, Table};
use serde_json::{json, Value};

use crate::args::VerifyManifestArgs;
use crate::format;
use crate::Outcome;

/// How long each cell's two variants are measured.
pub const PER_CELL: Duration = Duration::from_millis(100);

/// The band of one op and strategy a quick check measures.
struct Cell {
    op: &'static dyn Workload,
    strategy: Strategy,
    /// The band's first size and exclusive end.
    from: u64,
    below: Option<u64>,
    /// The size measured: the median ladder size in the band.
    size: usize,
    wired: String,
    runner_up: Option<String>,
}

/// What a cell came to.
enum Verdict {
    /// Measured: runner-up time over wired time, and whether the wired variant lost decisively.
    Measured(Box<Comparison>, bool),
    /// Not measured, and why.
    Skipped(String),
}

/// Runs the quick check of `manifest` (read from `args.manifest`) over the `planned` ops.
pub fn run(
    args: &VerifyManifestArgs,
    manifest: &Manifest,
    planned: &[&'static dyn Workload],
) -> Result<Outcome> {
    let started = Instant::now();
    let margin = manifest.policy.tie_margin.fraction();
    let cells: Vec<Cell> = planned
        .iter()
        .flat_map(|&op| Strategy::ALL.map(|s| cell(manifest, op, s)))
        .flatten()
        .collect();
    let verdicts: Vec<Verdict> = cells
        .iter()
        .map(|c| measure(c, margin, args.seed))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let lost = verdicts
        .iter()
        .filter(|v| matches!(v, Verdict::Measured(_, true)))
        .count();
    if args.json {
        let rows: Vec<Value> = cells
            .iter()
            .zip(&verdicts)
            .map(|(c, v)| json_of(c, v))
            .collect();
        let doc = json!({
            "manifest": args.manifest.display().to_string(),
            "seconds": seconds,
            "tie_margin": margin,
            "lost_decisively": lost,
            "cells": rows,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(args, &cells, &verdicts, seconds, margin);
    }
    Ok(match lost {
        0 => Outcome::Success,
        _ => Outcome::Failed,
    })
}

/// The band of `op` under `strategy` to check: the one of a variant holding the most ladder
/// sizes (the first of equals); `None` when the plan has none.
fn cell(manifest: &Manifest, op: &'static dyn Workload, strategy: Strategy) -> Option<Cell> {
    let bands = manifest.ops.get(op.info().name)?.bands(strategy);
    let ladder = op.sizes();
    let mut best: Option<(usize, Cell)> = None;
    for (from, band) in band_ranges(bands) {
        let inside: Vec<usize> = ladder
            .iter()
            .copied()
            .filter(|&s| s as u64 >= from && band.ends_above(s as u64))
            .collect();
        if band.variant != RUNTIME
            && !inside.is_empty()
            && best.as_ref().is_none_or(|(n, _)| inside.len() > *n)
        {
            let c = Cell {
                op,
                strategy,
                from,
                below: band.below,
                size: inside[inside.len() / 2],
                wired: band.variant.clone(),
                runner_up: band.runner_up.clone(),
            };
            best = Some((inside.len(), c));
        }
    }
    best.map(|(_, c)| c)
}

fn measure(cell: &Cell, margin: f64, seed: u64) -> Verdict {
    let Some(runner_up) = &cell.runner_up else {
        return Verdict::Skipped(
            "the manifest records no runner-up for this band (one candidate, a pin, a quality \
             op's one variant, or a manifest from before runner-ups were recorded)"
                .to_string(),
        );
    };
    let setup = Setup {
        size: cell.size,
        strategy: cell.strategy,
        budget: PER_CELL,
        // 100 ms is too short to split into replicas worth their own median.
        replicas: 1,
        seed,
        verify: false,
    };
    match compare(cell.op, &cell.wired, runner_up, &setup) {
        // Lost decisively: the runner-up's time over the wired one's, all of its interval
        // below 1 / (1 + margin), i.e. the wired choice's regret clear of the tie margin.
        Ok(c) => {
            let lost = c.ratio_ci.1 < 1.0 / (1.0 + margin);
            Verdict::Measured(Box::new(c), lost)
        }
        Err(e) => Verdict::Skipped(e.to_string()),
    }
}

fn band_text(cell: &Cell) -> String {
    arsenal_report::figure::size_range(cell.op.info().unit, cell.from, cell.below)
}

fn verdict_text(verdict: &Verdict) -> (String, String) {
    match verdict {
        Verdict::Measured(c, lost) => {
            let ratio = format!("×{:.2} [{:.2}, {:.2}]", c.ratio, c.ratio_ci.0, c.ratio_ci.1);
            let word = match (lost, c.ratio_ci.0 > 1.0) {
                (true, _) => "LOST decisively",
                (false, true) => "holds",
                (false, false) => "within the tie margin",
            };
            (ratio, word.to_string())
        }
        Verdict::Skipped(why) => ("-".to_string(), format!("not measured: {why}")),
    }
}

fn print_text(
    args: &VerifyManifestArgs,
    cells: &[Cell],
    verdicts: &[Verdict],
    seconds: f64,
    margin: f64,
) {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header([
        "op",
        "strategy",
        "band",
        "size",
        "wired",
        "runner-up",
        "runner-up time / wired",
        "verdict",
    ]);
    for (c, v) in cells.iter().zip(verdicts) {
        let (ratio, word) = verdict_text(v);
        table.add_row([
            c.op.info().name.to_string(),
            c.strategy.name().to_string(),
            band_text(c),
            format::size(c.op.info().unit, c.size),
            c.wired.clone(),
            c.runner_up.clone().unwrap_or_else(|| "-".to_string()),
            ratio,
            word,
        ]);
    }
    println!(
        "Quick check of {}: per op and strategy, the band holding the most ladder sizes, its \
         choice against the recorded runner-up ({} ms each, not verified; `arsenal check` \
         verifies).\n",
        args.manifest.display(),
        PER_CELL.as_millis()
    );
    println!("{table}\n");
    let lost: Vec<String> = cells
        .iter()
        .zip(verdicts)
        .filter_map(|(c, v)| match v {
            Verdict::Measured(comparison, true) => Some(format!(
                "  {} {} {}: {} lost to {} (its time ×{:.2} of the wired one's)",
                c.op.info().name,
                c.strategy,
                format::size(c.op.info().unit, c.size),
                c.wired,
                comparison.b.variant,
                comparison.ratio
            )),
            _ => None,
        })
        .collect();
    let measured = verdicts
        .iter()
        .filter(|v| matches!(v, Verdict::Measured(..)))
        .count();
    if lost.is_empty() {
        println!(
            "No cell lost decisively (beyond the {:.0} % tie margin): {measured} of {} cells \
             measured in {seconds:.1} s.",
            margin * 100.0,
            cells.len()
        );
    } else {
        println!(
            "{} of {measured} measured cells lost decisively (beyond the {:.0} % tie margin), in \
             {seconds:.1} s:",
            lost.len(),
            margin * 100.0
        );
        for line in lost {
            println!("{line}");
        }
    }
}

fn json_of(cell: &Cell, verdict: &Verdict) -> Value {
    let mut doc = json!({
        "op": cell.op.info().name,
        "strategy": cell.strategy.name(),
        "from": cell.from,
        "below": cell.below,
        "size": cell.size,
        "wired": cell.wired,
        "runner_up": cell.runner_up,
    });
    match verdict {
        Verdict::Measured(c, lost) => {
            doc["ratio"] = json!(c.ratio);
            doc["ratio_ci"] = json!([c.ratio_ci.0, c.ratio_ci.1]);
            doc["wired_ns"] = json!(c.a.objective_ns);
            doc["runner_up_ns"] = json!(c.b.objective_ns);
            doc["lost_decisively"] = json!(lost);
        }
        Verdict::Skipped(why) => doc["skipped"] = json!(why),
    }
    doc
}
