//! The left pane: every op (filtered), each with its winners under the strategy in view.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState};
use ratatui::Frame;

use super::{colour, dim};
use crate::explore::app::{App, Mode};

/// Draws the op list into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let ops = app.ops();
    let width = area.width.saturating_sub(4) as usize;
    let items: Vec<ListItem> = ops
        .iter()
        .map(|op| {
            let changed = app.diff.as_ref().is_some_and(|d| d.op_changed(&op.op));
            let mut name = vec![Span::raw(op.op.clone())];
            if changed {
                name.push(Span::styled(" Δ", super::worse()));
            }
            let winners: Line = match op.strategy(app.strategy) {
                Some(view) if !view.plan.bands.is_empty() => {
                    let mut spans = vec![Span::raw(" ")];
                    let mut used = 1;
                    for (i, band) in view.plan.bands.iter().enumerate() {
                        let sep = if i == 0 { "" } else { "·" };
                        if used + sep.len() + band.variant.len() > width {
                            spans.push(Span::styled("…", dim()));
                            break;
                        }
                        used += sep.len() + band.variant.chars().count();
                        spans.push(Span::styled(sep, dim()));
                        let c = colour(op.variant_index(&band.variant));
                        spans.push(Span::styled(band.variant.clone(), Style::default().fg(c)));
                    }
                    Line::from(spans)
                }
                Some(_) => Line::styled(" no winner", dim()),
                None => Line::styled(format!(" no {}", app.strategy), dim()),
            };
            ListItem::new(vec![Line::from(name), winners])
        })
        .collect();
    let title = if app.mode == Mode::Filter || !app.filter.is_empty() {
        format!(" Ops /{} ", app.filter)
    } else {
        format!(" Ops ({}) ", ops.len())
    };
    let empty = items.is_empty();
    let list = List::new(items)
        .block(Block::bordered().title(title))
        .highlight_style(Style::default().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default();
    if !empty {
        state.select(Some(app.op_index.min(ops.len() - 1)));
    }
    frame.render_stateful_widget(list, area, &mut state);
    if empty && area.height > 3 {
        let inner = Rect::new(area.x + 2, area.y + 1, area.width.saturating_sub(4), 1);
        frame.render_widget(Line::styled("no op matches", dim()), inner);
    }
}
