//! The screen: a status line (under it the run's warnings, if any), the op list on the left, the
//! chart over the figures table on the right, a key line at the bottom, and the popup of the
//! current mode on top.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, Mode};
use super::widgets::{bold, chart, dim, ops, popups, table, warning};

/// Below this the explorer asks for a larger terminal instead of drawing a crushed screen.
pub const MIN_SIZE: (u16, u16) = (40, 10);
/// Narrower than this, the op list is hidden (↑↓ still pick ops; the chart names the op).
const OPS_PANE_MIN_WIDTH: u16 = 64;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = format!(
            "Terminal {}×{} is too small: arsenal explore needs {}×{} (80×24 shows everything). q quits.",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    if app.current.is_none() {
        popups::empty(frame, area, app);
        return;
    }
    let warned = warning_rows(app, area);
    let [top, warnings_area, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(warned),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    status(frame, top, app);
    warnings(frame, warnings_area, app);
    let right = if area.width >= OPS_PANE_MIN_WIDTH {
        let width = (area.width / 4).clamp(22, 30);
        let [left, right] =
            Layout::horizontal([Constraint::Length(width), Constraint::Min(0)]).areas(body);
        ops::draw(frame, left, app);
        right
    } else {
        body
    };
    let rows = app.view_of_op().map_or(1, |v| v.variants.len()) as u16 + 3;
    let table_height = rows.min(body.height / 2).max(4);
    let [chart_area, table_area] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(table_height)]).areas(right);
    chart::draw(frame, chart_area, app);
    table::draw(frame, table_area, app);
    footer(frame, bottom, app);
    match app.mode {
        Mode::Help => popups::help(frame, area, app),
        Mode::Explain => popups::explain(frame, area, app),
        Mode::Runs => popups::runs(frame, area, app),
        Mode::Changes => popups::changes(frame, area, app),
        Mode::Normal | Mode::Filter => {}
    }
}

fn status(frame: &mut Frame, area: Rect, app: &App) {
    let Some(run) = &app.current else {
        return;
    };
    let r = &run.data.run;
    let mut spans = vec![
        Span::styled(" arsenal explore ", bold()),
        Span::styled("│ ", dim()),
        Span::raw(format!("run {} ", r.id)),
        Span::styled(format!("({}, {}) ", r.status, r.started_at), dim()),
    ];
    if let Some(base) = &app.baseline {
        spans.push(Span::raw(format!("vs run {} ", base.data.run.id)));
    }
    spans.push(Span::styled("│ ", dim()));
    spans.push(Span::styled(app.strategy.to_string(), bold()));
    spans.push(Span::styled(format!(" │ {}", app.label()), dim()));
    // Last, so a narrow terminal cuts this first; `report` and `explain` name the files.
    let on = match r.inputs.len() {
        0 => "synthetic inputs".to_string(),
        n => format!("your {n} files"),
    };
    spans.push(Span::styled(format!(" │ on {on}"), dim()));
    frame.render_widget(Line::from(spans), area);
}

/// The run's warnings, one per line.
fn warning_lines(app: &App) -> Vec<Line<'static>> {
    let Some(run) = &app.current else {
        return Vec::new();
    };
    run.data
        .run
        .warnings
        .iter()
        .map(|w| {
            Line::from(vec![
                Span::styled(" ⚠ warning: ", warning().add_modifier(Modifier::BOLD)),
                Span::styled(w.clone(), warning()),
            ])
        })
        .collect()
}

/// Rows for the warnings: as many as they take wrapped at the screen's width, but at most a
/// sixth of the screen (one row at least), so the chart and the table keep their room; none
/// when the run has no warnings.
fn warning_rows(app: &App, area: Rect) -> u16 {
    // Wrapping at words leaves up to a word's width unused at the end of a row.
    let width = usize::from(area.width.saturating_sub(12).max(1));
    let needed: usize = warning_lines(app)
        .iter()
        .map(|l| l.width().div_ceil(width))
        .sum();
    let cap = usize::from((area.height / 6).max(1));
    needed.min(cap) as u16
}

fn warnings(frame: &mut Frame, area: Rect, app: &App) {
    if area.height == 0 {
        return;
    }
    let text = Paragraph::new(warning_lines(app)).wrap(Wrap { trim: true });
    frame.render_widget(text, area);
}

fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let line = if app.mode == Mode::Filter {
        Line::from(vec![
            Span::styled(format!(" /{}▏", app.filter), bold()),
            Span::styled("  Enter keeps · Esc clears", dim()),
        ])
    } else if let Some(message) = &app.message {
        Line::from(Span::raw(format!(" {message}")))
    } else {
        let keys = [
            ("↑↓", "op"),
            ("←→", "size"),
            ("t/l", "strategy"),
            ("/", "filter"),
            ("e", "why"),
            ("r", "runs"),
            ("c", "changes"),
            ("?", "help"),
            ("q", "quit"),
        ];
        let mut spans = vec![Span::raw(" ")];
        for (i, (key, what)) in keys.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled(key, bold()));
            spans.push(Span::styled(format!(" {what}"), dim()));
        }
        Line::from(spans)
    };
    frame.render_widget(line, area);
}
