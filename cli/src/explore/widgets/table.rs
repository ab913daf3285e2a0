//! The figures at the selected size: every variant, fastest first, with its objective and 95 %
//! interval, its ratio to the winner, its rate (and share of the host's ceiling), the change
//! against the baseline, and hardware counters. Columns that do not fit are left out, least
//! important first.

use arsenal_oracle::Strategy;
use arsenal_report::diff::Direction;
use arsenal_report::figure;
use arsenal_report::{Cell as Figures, OpView, StrategyView};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

use super::{better, bold, colour, dim, worse};
use crate::explore::app::App;

/// One column: title, width, one cell per row; `priority` 0 is always kept.
struct Column {
    title: &'static str,
    width: u16,
    priority: u8,
    cells: Vec<Span<'static>>,
}

/// Draws the figures table into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (Some(op), Some(view), Some(size)) = (app.op(), app.view_of_op(), app.selected_size())
    else {
        frame.render_widget(Block::bordered().title(" Figures "), area);
        return;
    };
    let ranked = view.ranked(size);
    let winner = view.winner(size);
    let columns = columns(app, op, view, size, &ranked, winner);
    let inner = area.width.saturating_sub(2);
    let kept = fit(columns, inner);
    let header = Row::new(kept.iter().map(|c| Cell::from(c.title))).style(bold());
    let rows: Vec<Row> = (0..ranked.len())
        .map(|i| Row::new(kept.iter().map(|c| Cell::from(c.cells[i].clone()))))
        .collect();
    let widths: Vec<Constraint> = kept.iter().map(|c| Constraint::Length(c.width)).collect();
    let title = title(op, view, size, winner);
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(Block::bordered().title(title));
    frame.render_widget(table, area);
}

fn title(op: &OpView, view: &StrategyView, size: u64, winner: Option<&str>) -> Line<'static> {
    let decision = view.plan.sizes.iter().find(|d| d.size == size);
    let verdict = match decision {
        Some(d) if d.decisive => Span::styled("decisive", better()),
        Some(d) => Span::styled(
            d.rule
                .map_or("tie".to_string(), |r| r.describe().to_string()),
            Style::default().add_modifier(Modifier::ITALIC),
        ),
        None => Span::raw(""),
    };
    Line::from(vec![
        Span::styled(format!(" at {} ", figure::size(op.unit, size)), bold()),
        Span::raw(format!("· winner {} · ", winner.unwrap_or("-"))),
        verdict,
        Span::raw(" "),
    ])
}

/// Keeps the columns that fit in `width`, dropping the least important first.
fn fit(mut columns: Vec<Column>, width: u16) -> Vec<Column> {
    let total = |cs: &[Column]| cs.iter().map(|c| c.width + 1).sum::<u16>();
    while total(&columns) > width + 1 {
        let Some(drop) = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.priority > 0)
            .max_by_key(|(i, c)| (c.priority, *i))
            .map(|(i, _)| i)
        else {
            break;
        };
        columns.remove(drop);
    }
    columns
}

fn columns(
    app: &App,
    op: &OpView,
    view: &StrategyView,
    size: u64,
    ranked: &[&Figures],
    winner: Option<&str>,
) -> Vec<Column> {
    let strategy = view.strategy;
    let best = ranked.first().map_or(1.0, |c| c.objective_ns);
    let run = app.current.as_ref();
    let mut out = vec![
        Column {
            title: "variant",
            width: name_width(ranked),
            priority: 0,
            cells: ranked.iter().map(|c| name(op, c, winner)).collect(),
        },
        Column {
            title: match strategy {
                Strategy::Throughput => "median",
                Strategy::Latency => "p99",
            },
            width: 7,
            priority: 0,
            cells: ranked
                .iter()
                .map(|c| Span::raw(figure::ns_short(c.objective_ns)))
                .collect(),
        },
        Column {
            title: "95% CI",
            width: 8,
            priority: 1,
            cells: ranked
                .iter()
                .map(|c| Span::styled(interval(c), dim()))
                .collect(),
        },
        Column {
            title: "×win",
            width: 5,
            priority: 0,
            cells: ranked
                .iter()
                .map(|c| Span::raw(times(c.objective_ns / best.max(f64::MIN_POSITIVE))))
                .collect(),
        },
        Column {
            title: "rate",
            width: 8,
            priority: 2,
            cells: ranked
                .iter()
                .map(|c| Span::raw(rate(op, c.units_per_second())))
                .collect(),
        },
    ];
    if strategy == Strategy::Latency {
        out.push(Column {
            title: "p50",
            width: 7,
            priority: 3,
            cells: ranked
                .iter()
                .map(|c| Span::raw(figure::ns_short(c.p50_ns)))
                .collect(),
        });
    }
    if let Some(run) = run.filter(|r| !r.ceilings.is_empty() && strategy == Strategy::Throughput) {
        out.push(Column {
            title: "%ceil",
            width: 5,
            priority: 3,
            cells: ranked
                .iter()
                .map(|c| {
                    let share = run.share(op, size, c.units_per_second());
                    Span::raw(share.map_or(String::new(), |s| s.percent_text()))
                })
                .collect(),
        });
    }
    if let Some(diff) = &app.diff {
        out.push(Column {
            title: "vs base",
            width: 7,
            priority: 1,
            cells: ranked
                .iter()
                .map(|c| match diff.move_of(&op.op, strategy, &c.variant, size) {
                    Some(m) if m.direction == Direction::Slower => {
                        Span::styled(format!("{}▲", m.change_text()), worse())
                    }
                    Some(m) => Span::styled(format!("{}▼", m.change_text()), better()),
                    None => Span::styled("~", dim()),
                })
                .collect(),
        });
    }
    out.extend(counter_columns(ranked));
    out
}

fn counter_columns(ranked: &[&Figures]) -> Vec<Column> {
    let counted = ranked.iter().any(|c| c.counters.is_some());
    let cell = |f: &dyn Fn(&Figures) -> Option<String>| -> Vec<Span<'static>> {
        ranked
            .iter()
            .map(|c| match f(c) {
                Some(text) => Span::raw(text),
                None => Span::styled("n/a", dim()),
            })
            .collect()
    };
    if !counted {
        return vec![Column {
            title: "counters",
            width: 8,
            priority: 3,
            cells: cell(&|_| None),
        }];
    }
    vec![
        Column {
            title: "IPC",
            width: 4,
            priority: 2,
            cells: cell(&|c| c.ipc().map(|v| format!("{v:.1}"))),
        },
        Column {
            title: "cyc/call",
            width: 8,
            priority: 4,
            cells: cell(&|c| c.counters.as_ref().map(|k| figure::rate_short(k.cycles))),
        },
        Column {
            title: "miss/call",
            width: 9,
            priority: 5,
            cells: cell(&|c| {
                c.counters
                    .as_ref()
                    .map(|k| format!("{:.2}", k.cache_misses))
            }),
        },
    ]
}

/// A ratio in at most 5 characters: `1.00`, `14.5`, `431`.
fn times(ratio: f64) -> String {
    if ratio < 10.0 {
        format!("{ratio:.2}")
    } else if ratio < 100.0 {
        format!("{ratio:.1}")
    } else {
        format!("{ratio:.0}")
    }
}

/// The 95 % interval relative to the objective, compactly: `-2/+3%`.
fn interval(c: &Figures) -> String {
    let at = c.objective_ns.max(f64::MIN_POSITIVE);
    let below = ((1.0 - c.ci_ns.0 / at) * 100.0).round();
    let above = ((c.ci_ns.1 / at - 1.0) * 100.0).round();
    if above >= 100.0 {
        format!("-{below:.0}/×{:.0}", c.ci_ns.1 / at)
    } else {
        format!("-{below:.0}/+{above:.0}%")
    }
}

fn rate(op: &OpView, per_second: f64) -> String {
    let suffix = match op.unit {
        figure::Unit::Bytes => "B/s",
        figure::Unit::Elements => "/s",
        figure::Unit::Flops => "F/s",
    };
    format!("{}{suffix}", figure::rate_short(per_second))
}

fn name_width(ranked: &[&Figures]) -> u16 {
    let longest = ranked.iter().map(|c| c.variant.chars().count()).max();
    (longest.unwrap_or(7).max(7) + 2).min(20) as u16
}

fn name(op: &OpView, c: &Figures, winner: Option<&str>) -> Span<'static> {
    let style = Style::default().fg(colour(op.variant_index(&c.variant)));
    if winner == Some(c.variant.as_str()) {
        Span::styled(
            format!("★ {}", c.variant),
            style.add_modifier(Modifier::BOLD),
        )
    } else {
        Span::styled(format!("  {}", c.variant), style)
    }
}
