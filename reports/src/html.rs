//! The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched).
//!
//! Host and run (with the drift guard's warnings and probes), an overview of every op's bands, then per op a chart and a selection table per
//! strategy, the oracle's explanations (folded), and the variants that failed verification. With
//! a baseline, a section up front lists the winners that changed and the figures that moved.

use std::fmt::Write;

use arsenal_oracle::Strategy;

use crate::diff::{Direction, RunDiff, WinnerChange};
use crate::svg::{chart, colour_hex, escape, legend_html};
use crate::table::{selection, HEADER};
use crate::view::{OpView, RunView, StrategyView};
use crate::Report;
use crate::{drift, figure};

const CSS: &str = "
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d1d1f;
       background: #fff; max-width: 1240px; margin: 0 auto; padding: 0 24px 48px; }
h1 { font-size: 26px; margin: 24px 0 4px; }
h2 { font-size: 21px; margin: 36px 0 8px; padding-top: 12px; border-top: 1px solid #ddd; }
h3 { font-size: 17px; margin: 20px 0 6px; }
h4 { font-size: 15px; margin: 14px 0 4px; }
.sub { color: #555; margin: 0 0 12px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 3px 10px; text-align: left; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
th { background: #f5f5f7; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f7f7f9; padding: 10px; overflow-x: auto; border-radius: 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
.tie { color: #8a6d00; }
.decisive { color: #1b6e20; }
.pinned td { background: #fff4d6; }
.slower { color: #b3261e; font-weight: 600; }
.faster { color: #1b6e20; font-weight: 600; }
.failed { color: #b3261e; }
.note { color: #555; font-style: italic; }
.warning { color: #7a4100; background: #fff4e0; border-left: 4px solid #e6a100; padding: 6px 12px;
           margin: 8px 0; }
figure { margin: 8px 0; }
details { margin: 6px 0 14px; }
summary { cursor: pointer; color: #333; }
nav a { margin-right: 12px; }
.legend { font-size: 13px; margin: 4px 0 2px 70px; }
.legend .key { margin-right: 14px; white-space: nowrap; }
.legend .line { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 5px; }
";

/// The report as one HTML page.
pub fn render(report: &Report<'_>) -> String {
    let run = report.run;
    let mut out = String::new();
    let id = run.data.run.id;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Arsenal report: run {id}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    );
    header(&mut out, run);
    if let Some((baseline, diff)) = report.baseline {
        changes(&mut out, run, baseline, diff);
    }
    overview(&mut out, run);
    if let Some(wiring) = &report.wiring {
        wiring_section(&mut out, run, wiring);
    }
    for op in &run.ops {
        op_section(&mut out, run, op);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn header(out: &mut String, run: &RunView) {
    let r = &run.data.run;
    let h = &run.data.host;
    let _ = write!(
        out,
        "<h1>Arsenal report: run {}</h1>\n<p class=\"sub\">{} · started {} · {} · budget {:.0} s · \
         strategies {} · <code>{}</code></p>\n",
        r.id,
        escape(&h.brand),
        escape(&r.started_at),
        r.status,
        r.budget_secs,
        escape(&r.strategies.join(", ")),
        escape(&r.command),
    );
    let caches: Vec<String> = h
        .caches
        .iter()
        .map(|c| {
            format!(
                "L{} {} {}",
                c.level,
                c.kind,
                figure::size(figure::Unit::Bytes, c.bytes)
            )
        })
        .collect();
    let rows = [
        ("CPU", format!("{} ({})", h.brand, h.vendor)),
        (
            "family / model / stepping",
            format!("{} / {} / {}", h.family, h.model, h.stepping),
        ),
        ("microcode", h.microcode.clone().unwrap_or("-".into())),
        ("logical cores", h.logical_cores.to_string()),
        ("caches", caches.join(", ")),
        ("features", h.features.join(" ")),
        ("kernel", h.kernel.clone()),
        ("rustc", h.rustc.clone()),
        ("arsenal", h.arsenal.clone()),
        ("fingerprint", r.host_fingerprint.clone()),
        ("ceilings", ceilings_text(run)),
        ("replicas per cell", r.replicas.to_string()),
        ("measured on", r.measured_on()),
        ("drift guard", drift::status_text(&run.data)),
    ];
    out.push_str("<h2 id=\"host\">Host</h2>\n<table>\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", k, escape(&v));
    }
    out.push_str("</table>\n");
    drift_section(out, run);
}

/// The drift guard's warnings, then its probes at the start and the end; nothing for a run
/// never probed.
fn drift_section(out: &mut String, run: &RunView) {
    for w in &run.data.run.warnings {
        let _ = writeln!(
            out,
            "<p class=\"warning\"><strong>warning:</strong> {}</p>",
            escape(w)
        );
    }
    let rows = drift::probe_rows(&run.data.probes);
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "<h3 id=\"drift\">Drift probe <span class=\"note\">(read bandwidth at the start and the \
         end of the run)</span></h3>\n<table><tr>",
    );
    for h in drift::PROBE_HEADER {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row.cells() {
            let _ = write!(out, "<td class=\"num\">{}</td>", escape(&c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn ceilings_text(run: &RunView) -> String {
    if run.data.ceilings.is_empty() {
        return "not measured (figures are shown without a share of a ceiling)".into();
    }
    let list: Vec<String> = run
        .data
        .ceilings
        .iter()
        .map(|c| match c.unit.as_str() {
            "bytes/s" => format!(
                "{} {} at {}",
                c.kind,
                figure::rate(figure::Unit::Bytes, c.value),
                figure::size(figure::Unit::Bytes, c.size)
            ),
            "flops/s" => format!("{} {}", c.kind, figure::rate(figure::Unit::Flops, c.value)),
            unit => format!("{} {} {unit}", c.kind, figure::rate_short(c.value)),
        })
        .collect();
    format!(
        "{}. Each figure is shown as a share of the least of its op's bounds (a ratio to one of \
         these, stated with the op). A share shown as {}",
        list.join("; "),
        crate::ceiling::AT_CEILING_NOTE
    )
}

/// A table of winner changes: op, strategy, size, before, now and the current decision.
fn winners_table(out: &mut String, run: &RunView, winners: &[&WinnerChange]) {
    out.push_str("<table><tr><th>op</th><th>strategy</th><th>size</th><th>before</th><th>now</th><th>decision</th></tr>\n");
    for w in winners {
        let unit = run.op(&w.op).map_or(figure::Unit::Elements, |o| o.unit);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&w.op),
            w.strategy,
            figure::size(unit, w.size),
            escape(&w.before),
            escape(&w.after),
            verdict_html(w.decisive),
        );
    }
    out.push_str("</table>\n");
}

fn changes(out: &mut String, run: &RunView, baseline: &RunView, diff: &RunDiff) {
    let _ = writeln!(
        out,
        "<h2 id=\"changes\">Changes since run {}</h2>\n<p class=\"sub\">Baseline run {} started {}{}. \
         A figure is listed when its 95&nbsp;% interval no longer overlaps the baseline's.</p>",
        diff.baseline,
        diff.baseline,
        escape(&baseline.data.run.started_at),
        if diff.same_host { " on the same host" } else { " on <strong>another host</strong>" },
    );
    let _ = writeln!(out, "<h3>{}</h3>", escape(&diff.winners_title()));
    if diff.winners.is_empty() {
        out.push_str("<p class=\"note\">No winner changed.</p>\n");
    }
    let decisive: Vec<&WinnerChange> = diff.decisive_changes().collect();
    if !decisive.is_empty() {
        winners_table(out, run, &decisive);
    }
    let reshuffles: Vec<&WinnerChange> = diff.reshuffles().collect();
    if !reshuffles.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} tie reshuffles: a tie in both runs, so the winner changed within \
             the noise</summary>",
            reshuffles.len()
        );
        winners_table(out, run, &reshuffles);
        out.push_str("</details>\n");
    }
    let slower = diff.groups(Direction::Slower);
    let faster = diff.groups(Direction::Faster);
    let regressions = diff.regressions().count();
    let _ = writeln!(
        out,
        "<h3>Figures that moved: {} slower, {} faster</h3>",
        regressions,
        diff.moves.len() - regressions
    );
    if let Some(direction) = diff.systematic() {
        let word = direction.word();
        let _ = writeln!(
            out,
            "<p class=\"note\">Nearly every figure moved {word}: the machine's state (clock, load, \
             other work) probably changed between the runs, more than the kernels did.</p>"
        );
    }
    if diff.moves.is_empty() {
        out.push_str("<p class=\"note\">No figure moved beyond its interval.</p>\n");
        return;
    }
    if !slower.is_empty() {
        out.push_str("<h4 class=\"slower\">Regressions</h4>\n");
        groups_table(out, run, &slower);
    }
    if !faster.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Improvements ({} variants)</summary>",
            faster.len()
        );
        groups_table(out, run, &faster);
        out.push_str("</details>\n");
    }
    let _ = writeln!(
        out,
        "<details><summary>Every moved figure ({})</summary>",
        diff.moves.len()
    );
    moves_table(out, run, diff);
    out.push_str("</details>\n");
}

fn groups_table(out: &mut String, run: &RunView, groups: &[crate::diff::MoveGroup]) {
    out.push_str("<table><tr><th>op</th><th>strategy</th><th>variant</th><th>sizes</th><th>change in time</th></tr>\n");
    for g in groups {
        let unit = run.op(&g.op).map_or(figure::Unit::Elements, |o| o.unit);
        let sizes: Vec<String> = g.sizes.iter().map(|&s| figure::size(unit, s)).collect();
        let change = crate::diff::range_text(g.ratios);
        let class = g.direction.word();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num {class}\">{}</td></tr>",
            escape(&g.op),
            g.strategy,
            escape(&g.variant),
            escape(&sizes.join(", ")),
            escape(&change),
        );
    }
    out.push_str("</table>\n");
}

fn moves_table(out: &mut String, run: &RunView, diff: &RunDiff) {
    out.push_str("<table><tr><th>op</th><th>strategy</th><th>variant</th><th>size</th><th>before</th><th>now</th><th>change</th></tr>\n");
    for m in &diff.moves {
        let unit = run.op(&m.op).map_or(figure::Unit::Elements, |o| o.unit);
        let class = m.direction.word();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num {class}\">{} {class}</td></tr>",
            escape(&m.op),
            m.strategy,
            escape(&m.variant),
            figure::size(unit, m.size),
            figure::ns(m.before_ns),
            figure::ns(m.after_ns),
            m.change_text(),
        );
    }
    out.push_str("</table>\n");
}

fn verdict_html(decisive: bool) -> &'static str {
    if decisive {
        "<span class=\"decisive\">decisive</span>"
    } else {
        "<span class=\"tie\">tie</span>"
    }
}

fn anchor(op: &str) -> String {
    let slug: String = op
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("op-{slug}")
}

fn overview(out: &mut String, run: &RunView) {
    out.push_str("<h2 id=\"selection\">Selection</h2>\n");
    if run.ops.is_empty() {
        out.push_str("<p class=\"note\">This run measured no op.</p>\n");
        return;
    }
    out.push_str("<table><tr><th>op</th><th>unit</th><th>throughput bands</th><th>latency bands</th><th>failed verification</th></tr>\n");
    for op in &run.ops {
        let bands = |s: Strategy| {
            op.strategy(s)
                .map_or("<span class=\"note\">not measured</span>".into(), |v| {
                    bands_html(op, v)
                })
        };
        let failed: Vec<String> = op.failed.iter().map(|f| escape(&f.variant)).collect();
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"failed\">{}</td></tr>",
            anchor(&op.op),
            escape(&op.op),
            op.unit,
            bands(Strategy::Throughput),
            bands(Strategy::Latency),
            failed.join(", "),
        );
    }
    out.push_str("</table>\n");
}

/// What the manifest wires, the user's pins marked.
fn wiring_section(out: &mut String, run: &RunView, wiring: &crate::wiring::Wiring<'_>) {
    let m = wiring.manifest;
    let _ = writeln!(
        out,
        "<h2 id=\"manifest\">Manifest</h2>\n<p class=\"sub\">{}: run {}, default strategy {}. \
         A band marked pinned is the user's choice (<code>arsenal manifest --pin</code>), not \
         the measurements'.</p>",
        escape(wiring.path),
        m.run,
        m.default_strategy
    );
    out.push_str("<table><tr>");
    for h in crate::wiring::HEADER {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>\n");
    for row in crate::wiring::rows(wiring, run) {
        let class = if row.pinned { " class=\"pinned\"" } else { "" };
        let _ = write!(out, "<tr{class}>");
        for c in row.cells() {
            let _ = write!(out, "<td>{}</td>", escape(&c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn bands_html(op: &OpView, view: &StrategyView) -> String {
    if view.plan.bands.is_empty() {
        return "<span class=\"note\">no winner</span>".into();
    }
    let parts: Vec<String> = view
        .plan
        .bands
        .iter()
        .map(|b| {
            let swatch = format!(
                "<span class=\"swatch\" style=\"background:{}\"></span>",
                colour_hex(op.variant_index(&b.variant))
            );
            let below = b.below.map_or(String::new(), |x| {
                format!(" &lt;{}", figure::size(op.unit, x))
            });
            let tie = if b.decisive {
                ""
            } else {
                " <span class=\"tie\">(tie)</span>"
            };
            format!("{swatch}{}{below}{tie}", escape(&b.variant))
        })
        .collect();
    parts.join(" · ")
}

fn op_section(out: &mut String, run: &RunView, op: &OpView) {
    let _ = writeln!(out, "<h2 id=\"{}\">{}</h2>", anchor(&op.op), escape(&op.op));
    let variants: Vec<String> = op
        .variants
        .iter()
        .map(|v| {
            let needs = if v.requires.is_empty() {
                String::new()
            } else {
                format!(" ({})", v.requires.join(", "))
            };
            format!("{}{}", escape(&v.name), escape(&needs))
        })
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"sub\">sizes in {}; variants: {}</p>",
        op.unit,
        variants.join(", ")
    );
    if op.strategies.is_empty() {
        out.push_str("<p class=\"note\">Nothing was measured for this op in this run.</p>\n");
    }
    for view in &op.strategies {
        strategy_section(out, run, op, view);
    }
    profiles_section(out, run, op);
    failures(out, op);
}

/// Per variant: where it wins, where it loses and to whom, what it needs, its share of the bound.
fn profiles_section(out: &mut String, run: &RunView, op: &OpView) {
    let rows = crate::profiles::rows(run, op);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h3>Profiles <span class=\"note\">(<code>arsenal profile {}</code>)</span></h3>",
        escape(&op.op)
    );
    out.push_str("<table><tr>");
    for h in crate::profiles::HEADER {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row.cells() {
            let _ = write!(out, "<td>{}</td>", escape(&c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn strategy_section(out: &mut String, run: &RunView, op: &OpView, view: &StrategyView) {
    let what = match view.strategy {
        Strategy::Throughput => "median, units per second per core",
        Strategy::Latency => "p99 time per call; lower is better",
    };
    let _ = writeln!(
        out,
        "<h3>{} <span class=\"note\">({what})</span></h3>\n<p>Bands: {}</p>",
        view.strategy,
        bands_html(op, view)
    );
    if let Some(sizes) = view.not_measured_text(|s| figure::size(op.unit, s)) {
        let _ = writeln!(
            out,
            "<p class=\"note\">Not measured (runtime dispatch there): {}</p>",
            escape(&sizes)
        );
    }
    let _ = writeln!(
        out,
        "<figure>{}{}</figure>",
        legend_html(op, view),
        chart(op, view, 1100, 420)
    );
    out.push_str("<table><tr>");
    for h in HEADER {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>\n");
    for row in selection(run, op, view) {
        let cells = row.cells();
        out.push_str("<tr>");
        for (i, c) in cells.iter().enumerate() {
            let class = match i {
                0 | 2..=4 | 6 => " class=\"num\"",
                _ => "",
            };
            if i == 7 {
                let class = if row.decisive { "decisive" } else { "tie" };
                let _ = write!(out, "<td class=\"{class}\">{}</td>", escape(c));
            } else {
                let _ = write!(out, "<td{class}>{}</td>", escape(c));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    let mut text = String::new();
    for &size in &view.sizes {
        match run.explain(&op.op, view.strategy, size) {
            Ok(e) => text.push_str(&e.to_string()),
            Err(e) => {
                text.push_str(&e);
                text.push('\n');
            }
        }
    }
    let _ = writeln!(
        out,
        "<details><summary>Explanations ({} sizes)</summary><pre>{}</pre></details>",
        view.sizes.len(),
        escape(&text)
    );
}

fn failures(out: &mut String, op: &OpView) {
    if op.failed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h3 class=\"failed\">Failed verification ({})</h3>\n<p class=\"sub\">Left out of timing and \
         selection.</p>\n<table><tr><th>variant</th><th>first mismatch</th></tr>",
        op.failed.len()
    );
    for f in &op.failed {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td></tr>",
            escape(&f.variant),
            escape(&f.detail)
        );
    }
    out.push_str("</table>\n");
}
