//! The report's tables in GitHub-flavoured Markdown, to paste into a pull request.

use std::fmt::Write;

use crate::diff::Direction;
use crate::table::{selection, HEADER};
use crate::view::RunView;
use crate::Report;
use crate::{drift, figure};

/// Escapes the characters that would break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table_row(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn header_row(out: &mut String, titles: &[&str], right: &[usize]) {
    let _ = writeln!(out, "| {} |", titles.join(" | "));
    let rule: Vec<&str> = (0..titles.len())
        .map(|i| if right.contains(&i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
}

/// The report as Markdown.
pub fn render(report: &Report<'_>) -> String {
    let run = report.run;
    let r = &run.data.run;
    let h = &run.data.host;
    let mut out = String::new();
    let _ = writeln!(out, "## Arsenal: run {}\n", r.id);
    let _ = writeln!(
        out,
        "{} ({}), {} logical cores, kernel {}, {}; started {} ({}), budget {:.0} s, strategies {}.\n",
        h.brand,
        h.vendor,
        h.logical_cores,
        h.kernel,
        h.rustc,
        r.started_at,
        r.status,
        r.budget_secs,
        r.strategies.join(", ")
    );
    drift_section(&mut out, run);
    if let Some((_, diff)) = report.baseline {
        changes(&mut out, run, diff);
    }
    if let Some(wiring) = &report.wiring {
        let m = wiring.manifest;
        let _ = writeln!(
            out,
            "### Manifest\n\n{}: run {}, default strategy {}; a band {} is the user's choice \
             (`arsenal manifest --pin`).\n",
            wiring.path,
            m.run,
            m.default_strategy,
            crate::wiring::PINNED
        );
        header_row(&mut out, &crate::wiring::HEADER, &[]);
        for row in crate::wiring::rows(wiring, run) {
            table_row(&mut out, &row.cells());
        }
        out.push('\n');
    }
    for op in &run.ops {
        let _ = writeln!(out, "### {}\n", op.op);
        for view in &op.strategies {
            let _ = writeln!(out, "**{}**: {}\n", view.strategy, view.bands_text(op.unit));
            header_row(&mut out, &HEADER, &[0, 2, 3, 4, 6]);
            for row in selection(run, op, view) {
                table_row(&mut out, &row.cells());
            }
            out.push('\n');
        }
        if op.strategies.is_empty() {
            out.push_str("Nothing measured in this run.\n\n");
        }
        let profiles = crate::profiles::rows(run, op);
        if !profiles.is_empty() {
            out.push_str("**profiles**\n\n");
            header_row(&mut out, &crate::profiles::HEADER, &[]);
            for row in profiles {
                table_row(&mut out, &row.cells());
            }
            out.push('\n');
        }
        for f in &op.failed {
            let _ = writeln!(
                out,
                "- **failed verification** `{}`: {}",
                f.variant,
                cell(&f.detail)
            );
        }
        if !op.failed.is_empty() {
            out.push('\n');
        }
    }
    out
}

/// Replicas and the drift guard's verdict, its warnings, and its probes when there are any.
fn drift_section(out: &mut String, run: &RunView) {
    let _ = writeln!(
        out,
        "Measured on: {}. Replicas per cell: {}. Drift guard: {}.\n",
        cell(&run.data.run.measured_on()),
        run.data.run.replicas,
        drift::status_text(&run.data)
    );
    for w in &run.data.run.warnings {
        let _ = writeln!(out, "- **warning**: {}", cell(w));
    }
    if !run.data.run.warnings.is_empty() {
        out.push('\n');
    }
    let rows = drift::probe_rows(&run.data.probes);
    if rows.is_empty() {
        return;
    }
    header_row(out, &drift::PROBE_HEADER, &[0, 1, 2, 3]);
    for row in rows {
        table_row(out, &row.cells());
    }
    out.push('\n');
}

fn changes(out: &mut String, run: &RunView, diff: &crate::RunDiff) {
    let _ = writeln!(out, "### Changes since run {}\n", diff.baseline);
    if !diff.same_host {
        out.push_str("The baseline ran on another host.\n\n");
    }
    let _ = writeln!(out, "{}\n", diff.winners_title());
    let decisive: Vec<&crate::diff::WinnerChange> = diff.decisive_changes().collect();
    if !decisive.is_empty() {
        header_row(
            out,
            &["op", "strategy", "size", "before", "now", "decision"],
            &[2],
        );
        for w in decisive {
            let unit = run.op(&w.op).map_or(figure::Unit::Elements, |o| o.unit);
            table_row(
                out,
                &[
                    w.op.clone(),
                    w.strategy.to_string(),
                    figure::size(unit, w.size),
                    w.before.clone(),
                    w.after.clone(),
                    if w.decisive { "decisive" } else { "tie" }.into(),
                ],
            );
        }
        out.push('\n');
    }
    let reshuffles: Vec<String> = diff
        .reshuffles()
        .map(|w| {
            let unit = run.op(&w.op).map_or(figure::Unit::Elements, |o| o.unit);
            let size = figure::size(unit, w.size);
            format!("{} {} {size} {}→{}", w.op, w.strategy, w.before, w.after)
        })
        .collect();
    if !reshuffles.is_empty() {
        let _ = writeln!(out, "Tie reshuffles: {}.\n", reshuffles.join("; "));
    }
    if diff.moves.is_empty() {
        out.push_str("No figure moved beyond its 95 % interval.\n\n");
        return;
    }
    let slower = diff.regressions().count();
    let _ = writeln!(
        out,
        "Figures that moved beyond their 95 % intervals: {slower} slower, {} faster.\n",
        diff.moves.len() - slower
    );
    if let Some(direction) = diff.systematic() {
        let word = direction.word();
        let _ = writeln!(
            out,
            "Nearly every figure moved {word}: the machine's state probably changed between the runs.\n"
        );
    }
    header_row(
        out,
        &["op", "strategy", "variant", "sizes", "change in time"],
        &[4],
    );
    for direction in [Direction::Slower, Direction::Faster] {
        for g in diff.groups(direction) {
            let unit = run.op(&g.op).map_or(figure::Unit::Elements, |o| o.unit);
            let sizes: Vec<String> = g.sizes.iter().map(|&s| figure::size(unit, s)).collect();
            let change = crate::diff::range_text(g.ratios);
            let word = match direction {
                Direction::Slower => "**slower**",
                Direction::Faster => "faster",
            };
            table_row(
                out,
                &[
                    g.op.clone(),
                    g.strategy.to_string(),
                    g.variant.clone(),
                    sizes.join(", "),
                    format!("{change} {word}"),
                ],
            );
        }
    }
    out.push('\n');
}
