//! The end-of-tune summary: per op and strategy, per size the winner, its figure, the margin
//! over the runner-up with its interval, decisive or tie; then what was not measured.

use std::fmt::Write;

use arsenal_db::CeilingRecord;
use arsenal_tuner::{Cell, Strategy, Summary};
use comfy_table::{presets, CellAlignment, Table};
use serde_json::{json, Value};

use crate::{convert, format};

/// The summary as text.
pub fn text(summary: &Summary, ceilings: &[CeilingRecord]) -> String {
    let mut out = String::new();
    for op in &summary.ops {
        for strategy in Strategy::ALL {
            let cells: Vec<&Cell> = op.cells.iter().filter(|c| c.strategy == strategy).collect();
            if cells.is_empty() {
                continue;
            }
            let objective = match strategy {
                Strategy::Throughput => "median",
                Strategy::Latency => "p99",
            };
            let _ = writeln!(out, "\n{} · {} (objective: {objective})", op.op, strategy);
            let mut table = Table::new();
            table.load_style(presets::NOTHING);
            table.set_header(HEADER);
            for cell in cells {
                table.add_row(row(cell, ceilings));
            }
            for i in [0, 2, 3, 4] {
                if let Some(col) = table.column_mut(i) {
                    col.set_cell_alignment(CellAlignment::Right);
                }
            }
            let _ = writeln!(out, "{table}");
        }
        for v in &op.verifications {
            if v.outcome.status() == "failed" {
                let _ = writeln!(
                    out,
                    "  FAILED verification {}: {}",
                    v.variant,
                    v.outcome.detail()
                );
            }
        }
    }
    let left_out: Vec<String> = summary
        .ops
        .iter()
        .flat_map(|o| &o.cells)
        .flat_map(|c| {
            c.left_out.iter().map(move |l| {
                format!(
                    "  {} {} {}: {} left out, predicted {} per call ({:.0}× the fastest)",
                    c.op,
                    c.strategy,
                    format::size(c.unit, c.size),
                    l.variant,
                    format::ns(l.predicted_ns),
                    l.predicted_ns / l.fastest_ns
                )
            })
        })
        .collect();
    if !left_out.is_empty() {
        let _ = writeln!(out, "\nLeft out as hopelessly slow ({}):", left_out.len());
        for line in left_out {
            let _ = writeln!(out, "{line}");
        }
    }
    let skipped: Vec<_> = summary.skipped().collect();
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nNot measured ({}; a manifest from this run leaves these sizes to runtime dispatch):",
            skipped.len()
        );
        for s in skipped {
            let _ = writeln!(out, "  {} {} {}: {}", s.op, s.strategy, s.size, s.reason);
        }
    }
    if out.contains("at ceiling") {
        let _ = writeln!(out, "\n{}", arsenal_report::ceiling::AT_CEILING_NOTE);
    }
    let plan = &summary.plan;
    let _ = writeln!(
        out,
        "\nPlanned: {} cells, first passes ~{:.1} s of the {:.1} s left after verification ({} samples){}",
        plan.cells,
        plan.first_pass.as_secs_f64(),
        plan.available.as_secs_f64(),
        format::ns(plan.min_sample.as_nanos() as f64),
        match plan.shortfall().or_else(|| plan.overrun_note()) {
            Some(line) => format!("; {line}"),
            None => String::new(),
        }
    );
    let _ = writeln!(
        out,
        "{:.1} s of a {:.1} s budget; {} per cell; single-threaded variants {}; latency clock: {}; counters: {}",
        summary.elapsed.as_secs_f64(),
        summary.budget.as_secs_f64(),
        match summary.replicas {
            1 => "1 replica".to_string(),
            n => format!("{n} replicas"),
        },
        if summary.pinned { "pinned to one CPU" } else { "not pinned (not permitted here)" },
        summary.latency_clock,
        summary.counters_note.as_deref().unwrap_or("recorded"),
    );
    out
}

/// The columns of a summary table; [`row`] fills exactly these.
const HEADER: [&str; 8] = [
    "size",
    "winner",
    "figure",
    "of ceiling",
    "time/call",
    "runner-up",
    "margin [95% CI]",
    "",
];

fn row(cell: &Cell, ceilings: &[CeilingRecord]) -> [String; HEADER.len()] {
    let size = format::size(cell.unit, cell.size);
    let Some(v) = &cell.verdict else {
        let mut row: [String; HEADER.len()] = Default::default();
        row[0] = size;
        row[1] = "-".into();
        return row;
    };
    let winner = cell
        .results
        .iter()
        .find(|r| r.variant == v.winner)
        .expect("the verdict's winner is one of the cell's results");
    let time = match cell.strategy {
        Strategy::Throughput => format::ns(winner.median_ns),
        Strategy::Latency => format!(
            "p99 {} / p50 {}",
            format::ns(winner.p99_ns),
            format::ns(winner.p50_ns)
        ),
    };
    [
        size,
        v.winner.to_string(),
        format::rate(cell.unit, winner.units_per_second()),
        of_ceiling(cell, winner.units_per_second(), ceilings),
        time,
        v.runner_up.unwrap_or("-").to_string(),
        format!("×{:.2} [{:.2}, {:.2}]", v.ratio, v.ratio_ci.0, v.ratio_ci.1),
        if v.decisive { "decisive" } else { "tie" }.to_string(),
    ]
}

/// A throughput figure as a percentage of the matching hardware ceiling, or `-`.
fn of_ceiling(cell: &Cell, per_second: f64, ceilings: &[CeilingRecord]) -> String {
    if cell.strategy != Strategy::Throughput {
        return "-".into();
    }
    let bounds = convert::bounds(cell.op);
    format::of_ceiling_text(ceilings, &bounds, cell.size as u64, per_second)
        .unwrap_or_else(|| "-".into())
}

/// The summary as JSON (raw samples left out; they are in the database), with the replicas per
/// cell and the drift guard's probes (the caller adds its warnings).
pub fn json(summary: &Summary, ceilings: &[CeilingRecord]) -> Value {
    let ops: Vec<Value> = summary
        .ops
        .iter()
        .map(|op| {
            let cells: Vec<Value> = op.cells.iter().map(|c| cell_json(c, ceilings)).collect();
            let verifications: Vec<Value> = op
                .verifications
                .iter()
                .map(|v| {
                    json!({"variant": v.variant, "status": v.outcome.status(),
                           "detail": v.outcome.detail(), "seconds": v.seconds})
                })
                .collect();
            let skipped: Vec<Value> = op
                .skipped
                .iter()
                .map(|s| json!({"strategy": s.strategy.name(), "size": s.size, "reason": s.reason}))
                .collect();
            json!({"op": op.op, "verifications": verifications, "cells": cells, "not_measured": skipped})
        })
        .collect();
    json!({
        "elapsed_seconds": summary.elapsed.as_secs_f64(),
        "budget_seconds": summary.budget.as_secs_f64(),
        "pinned": summary.pinned,
        "latency_clock": summary.latency_clock,
        "counters_note": summary.counters_note,
        "replicas": summary.replicas,
        "plan": {
            "cells": summary.plan.cells,
            "dropped": summary.plan.dropped,
            "min_sample_seconds": summary.plan.min_sample.as_secs_f64(),
            "first_pass_seconds": summary.plan.first_pass.as_secs_f64(),
            "needed_seconds": summary.plan.needed.as_secs_f64(),
            "available_seconds": summary.plan.available.as_secs_f64(),
            "overhead_seconds": summary.plan.overhead.as_secs_f64(),
            "budget_for_every_cell_seconds": summary.plan.budget_for_all().as_secs_f64(),
            "overrun_seconds": summary.plan.overrun.as_secs_f64(),
        },
        "probes": summary.probes.iter().map(|p| json!({
            "phase": p.phase.name(), "size": p.size, "bytes_per_second": p.bytes_per_second,
        })).collect::<Vec<_>>(),
        "ops": ops,
    })
}

fn cell_json(cell: &Cell, ceilings: &[CeilingRecord]) -> Value {
    let bounds = convert::bounds(cell.op);
    let results: Vec<Value> = cell
        .results
        .iter()
        .map(|r| {
            let percent = (cell.strategy == Strategy::Throughput)
                .then(|| {
                    format::of_ceiling(ceilings, &bounds, cell.size as u64, r.units_per_second())
                })
                .flatten();
            json!({
                "variant": r.variant,
                "objective_ns": r.objective_ns,
                "objective_ci_ns": [r.objective_ci.0, r.objective_ci.1],
                "median_ns": r.median_ns, "mad_ns": r.mad_ns,
                "p50_ns": r.p50_ns, "p99_ns": r.p99_ns,
                "units_per_second": r.units_per_second(),
                // The raw share, and whether it reads "at ceiling" (above 100 %: the ceiling at
                // that size is not an upper bound for this call shape; see AT_CEILING_NOTE).
                "percent_of_ceiling": percent,
                "at_ceiling": percent.map(|p| p > 100.0),
                "samples": r.samples_ns.len(), "outliers": r.outliers,
                "counters": r.counters.as_ref().ok().map(|c| json!({
                    "cycles": c.cycles, "instructions": c.instructions,
                    "cache_misses": c.cache_misses, "branch_misses": c.branch_misses})),
            })
        })
        .collect();
    json!({
        "strategy": cell.strategy.name(),
        "size": cell.size,
        "band": [cell.band.0, cell.band.1],
        "unit": cell.unit.name(),
        "winner": cell.verdict.as_ref().map(|v| v.winner),
        "runner_up": cell.verdict.as_ref().and_then(|v| v.runner_up),
        "ratio": cell.verdict.as_ref().map(|v| v.ratio),
        "ratio_ci": cell.verdict.as_ref().map(|v| [v.ratio_ci.0, v.ratio_ci.1]),
        "decisive": cell.verdict.as_ref().map(|v| v.decisive),
        "seconds": cell.seconds,
        "results": results,
        "left_out": cell.left_out.iter().map(|l| json!({
            "variant": l.variant, "predicted_ns": l.predicted_ns, "fastest_ns": l.fastest_ns,
        })).collect::<Vec<_>>(),
    })
}
