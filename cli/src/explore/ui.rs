//! The screen: a status line, the op list on the left, the chart over the figures table on the
//! right, a key line at the bottom, and the popup of the current mode on top.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::app::{App, Mode};
use super::widgets::{bold, chart, dim, ops, popups, table};

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
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    if app.current.is_none() {
        popups::empty(frame, area, app);
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    status(frame, top, app);
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
    frame.render_widget(Line::from(spans), area);
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
