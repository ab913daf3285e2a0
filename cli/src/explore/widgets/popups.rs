//! Popups over the main screen (help, explanation, run picker, changes) and the empty screen.

use arsenal_report::diff::Direction;
use arsenal_report::figure::{self, Unit};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{better, bold, dim, worse};
use crate::explore::app::App;

/// A centred rectangle of `percent_x` × `percent_y` of `area`, at least 40 × 8 where it fits.
fn centred(area: Rect, percent_x: u16, percent_y: u16) -> Rect {
    let w = (area.width * percent_x / 100).max(40).min(area.width);
    let h = (area.height * percent_y / 100).max(8).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(row);
    cell
}

fn popup(frame: &mut Frame, area: Rect, title: String, text: Text<'static>, scroll: u16) {
    let rect = centred(area, 90, 80);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(title, bold()))
        .title_bottom(Span::styled(" ↑↓ scroll · Esc closes ", dim()));
    let paragraph = Paragraph::new(text)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph, rect);
}

/// The key list.
pub fn help(frame: &mut Frame, area: Rect, app: &App) {
    let keys: [(&str, &str); 15] = [
        ("↑ ↓  j k", "pick an op (PgUp/PgDn: by ten)"),
        ("← →  h ] [", "pick a size (Home/End: first/last)"),
        ("t", "throughput: units per second, median"),
        ("l", "latency: p99 time per call"),
        ("/", "filter ops by name (Enter keeps, Esc clears)"),
        ("e", "the oracle's explanation at the selected size"),
        (
            "r",
            "pick runs: Enter opens one, Space marks two to compare",
        ),
        (
            "c",
            "with two runs: every winner changed, every figure moved",
        ),
        ("?", "this help"),
        ("q", "quit (in a popup: close it)"),
        ("", ""),
        ("★", "the oracle's winner at the selected size"),
        ("×win", "time over the winner's time"),
        ("%ceil", "rate as a share of the host's read or FMA ceiling"),
        (
            "⚠",
            "the drift guard: the machine ran slow or drifted during the run",
        ),
    ];
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("  {k:<12}"), bold()),
                Span::raw(*v),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "  Δ in the op list: a winner changed against the baseline; ▲ slower, ▼ faster beyond both 95% intervals.",
        dim(),
    ));
    popup(frame, area, " Keys ".into(), Text::from(lines), app.scroll);
}

/// The oracle's explanation at the selected size.
pub fn explain(frame: &mut Frame, area: Rect, app: &App) {
    let (Some(run), Some(op), Some(size)) = (&app.current, app.op(), app.selected_size()) else {
        popup(
            frame,
            area,
            " Explanation ".into(),
            Text::raw("Nothing measured here."),
            0,
        );
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    match run.explain(&op.op, app.strategy, size) {
        Ok(e) => {
            lines.extend(e.to_string().lines().map(|l| Line::raw(l.to_string())));
            let units = |ns: f64| {
                op.strategy(app.strategy)
                    .and_then(|v| v.cell(&e.winner.variant, size))
                    .map(|c| c.units_per_call / ns.max(f64::MIN_POSITIVE) * 1e9)
            };
            if let Some(rate) = units(e.winner.objective_ns) {
                let share = run.share(op, size, rate).map_or(String::new(), |s| {
                    format!(" ({} of its {})", s.percent_text(), s.bound_text(op.unit))
                });
                lines.push(Line::raw(format!(
                    "  figure     {}{share}",
                    figure::rate(op.unit, rate)
                )));
            }
        }
        Err(e) => lines.push(Line::raw(e)),
    }
    if let Some(base) = &app.baseline {
        let before = base
            .explain(&op.op, app.strategy, size)
            .map(|e| e.winner.variant)
            .unwrap_or_else(|_| "-".into());
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "  baseline run {}: winner {before}",
            base.data.run.id
        )));
    }
    let title = format!(
        " Why: {} {} at {} (←→ size) ",
        op.op,
        app.strategy,
        figure::size(op.unit, size)
    );
    popup(frame, area, title, Text::from(lines), app.scroll);
}

/// The run picker.
pub fn runs(frame: &mut Frame, area: Rect, app: &App) {
    let current = app.current.as_ref().map(|r| r.data.run.id);
    let baseline = app.baseline.as_ref().map(|r| r.data.run.id);
    let mut lines = vec![Line::styled(
        "  Enter opens a run · Space marks two to compare (newer against older)",
        dim(),
    )];
    for (i, r) in app.runs.iter().enumerate() {
        let mark = if app.marked.contains(&r.id) {
            "[x]"
        } else {
            "[ ]"
        };
        let role = match (Some(r.id) == current, Some(r.id) == baseline) {
            (true, _) => "shown",
            (_, true) => "baseline",
            _ => "",
        };
        let started: String = r.started_at.replace('T', " ").chars().take(16).collect();
        let strategies = if r.strategies.len() == 2 {
            "both".to_string()
        } else {
            r.strategies.join("+")
        };
        let warned = match r.warnings.len() {
            0 => String::new(),
            n => format!("  ⚠ {n}"),
        };
        let text = format!(
            "{mark} #{:<3} {started}  {:<10} {:>2} ops  {strategies:<10} {:>3.0} s  {role}{warned}",
            r.id,
            r.status.to_string(),
            r.ops_done,
            r.budget_secs
        );
        let style = if i == app.runs_cursor {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let rect = centred(area, 90, 70);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(format!(" Runs in {} ", app.label()), bold()))
        .title_bottom(Span::styled(
            " ↑↓ move · Enter open · Space mark · Esc close ",
            dim(),
        ));
    // Keep the cursor in view: scroll so it sits on the last visible line at most.
    let visible = rect.height.saturating_sub(2);
    let cursor_line = app.runs_cursor as u16 + 1;
    let scroll = cursor_line.saturating_sub(visible.saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

/// Every winner that changed and figure that moved against the baseline.
pub fn changes(frame: &mut Frame, area: Rect, app: &App) {
    let Some(diff) = &app.diff else {
        return;
    };
    let unit = |op: &str| {
        app.current
            .as_ref()
            .and_then(|r| r.op(op))
            .map_or(Unit::Elements, |o| o.unit)
    };
    let mut lines = Vec::new();
    if !diff.same_host {
        lines.push(Line::styled("  The baseline ran on another host.", worse()));
    }
    lines.push(Line::styled(diff.winners_title(), bold()));
    // Decisive changes first (the diff sorts them so), tie reshuffles after, marked.
    for w in &diff.winners {
        lines.push(Line::raw(format!(
            "  {} {} {}: {} → {}{}",
            w.op,
            w.strategy,
            figure::size(unit(&w.op), w.size),
            w.before,
            w.after,
            if w.reshuffle() {
                " (tie reshuffle)"
            } else if w.decisive {
                ""
            } else {
                " (tie)"
            }
        )));
    }
    let slower = diff.regressions().count();
    lines.push(Line::raw(""));
    if let Some(direction) = diff.systematic() {
        let word = if direction == Direction::Slower {
            "slower"
        } else {
            "faster"
        };
        lines.push(Line::styled(
            format!("  Nearly every figure moved {word}: the machine's state probably changed between the runs."),
            Style::default().add_modifier(Modifier::ITALIC),
        ));
    }
    lines.push(Line::styled(
        format!(
            "Figures that moved beyond their 95% intervals ({slower} slower, {} faster)",
            diff.moves.len() - slower
        ),
        bold(),
    ));
    for m in &diff.moves {
        let style = match m.direction {
            Direction::Slower => worse(),
            Direction::Faster => better(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {} {} {} {}: {} → {} ",
                m.op,
                m.strategy,
                m.variant,
                figure::size(unit(&m.op), m.size),
                figure::ns(m.before_ns),
                figure::ns(m.after_ns)
            )),
            Span::styled(m.change_text(), style),
        ]));
    }
    let title = format!(" Run {} against baseline {} ", diff.current, diff.baseline);
    popup(frame, area, title, Text::from(lines), app.scroll);
}

/// The screen of an empty or missing database: how to fill it.
pub fn empty(frame: &mut Frame, area: Rect, app: &App) {
    let label = app.label();
    let exists = std::path::Path::new(&label).exists();
    let first = if exists {
        format!("{label} holds no runs yet.")
    } else {
        format!("There is no database at {label}.")
    };
    let lines = vec![
        Line::styled(first, bold()),
        Line::raw(""),
        Line::raw("Measure this machine first:"),
        Line::raw(""),
        Line::styled(format!("    arsenal tune --db {label}"), bold()),
        Line::raw(""),
        Line::raw("then open it again:"),
        Line::raw(""),
        Line::styled(format!("    arsenal explore --db {label}"), bold()),
        Line::raw(""),
        Line::styled("q quits", dim()),
    ];
    let block = Block::bordered().title(Span::styled(" arsenal explore ", bold()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
