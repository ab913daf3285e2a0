//! The chart: every variant's figure against size, both axes logarithmic, the winning bands as a
//! coloured strip along the bottom, and the selected size as a vertical cursor.
//!
//! ratatui's `Chart` is linear, so the data are transformed: x = log2(size), y = log10(figure).
//! Axis labels are spread evenly by ratatui, so the bounds are the exact data range and each
//! label names the value at its even position.

use arsenal_oracle::Strategy;
use arsenal_report::figure::{self, Unit};
use arsenal_report::{OpView, StrategyView};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};
use ratatui::Frame;

use super::{bold, colour, dim};
use crate::explore::app::App;

/// Draws the chart of the selected op into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (Some(op), Some(view)) = (app.op(), app.view_of_op()) else {
        let text = match app.op() {
            Some(op) => format!(
                "{} has no {} measurements in this run.",
                op.op, app.strategy
            ),
            None => "No op selected.".to_string(),
        };
        let block = Block::bordered().title(" Chart ");
        frame.render_widget(Paragraph::new(text).style(dim()).block(block), area);
        return;
    };
    let selected = app.selected_size().unwrap_or(0);
    let plot = Plot::new(view);
    let mut datasets = Vec::new();
    let cursor = plot.cursor(selected);
    datasets.push(
        Dataset::default()
            .data(&cursor)
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(dim()),
    );
    let bands = plot.bands(view);
    for (data, variant) in &bands {
        datasets.push(
            Dataset::default()
                .data(data)
                .graph_type(GraphType::Line)
                .marker(Marker::HalfBlock)
                .style(Style::default().fg(colour(op.variant_index(variant)))),
        );
    }
    let series = plot.series(view);
    for (data, variant) in &series {
        let graph = if data.len() > 1 {
            GraphType::Line
        } else {
            GraphType::Scatter
        };
        datasets.push(
            Dataset::default()
                .data(data)
                .graph_type(graph)
                .marker(Marker::Braille)
                .style(Style::default().fg(colour(op.variant_index(variant)))),
        );
    }
    let what = match view.strategy {
        Strategy::Throughput => format!("{} per second, median", op.unit.name()),
        Strategy::Latency => "p99 per call, lower is better".to_string(),
    };
    let block = Block::bordered()
        .title(Line::from(vec![
            Span::styled(format!(" {} ", op.op), bold()),
            Span::raw(format!("· {} · {what} ", view.strategy)),
        ]))
        .title_bottom(band_legend(op, view));
    let x_labels = plot.x_labels(op.unit, area.width);
    let y_labels = plot.y_labels(view.strategy, op.unit);
    let chart = Chart::new(datasets)
        .block(block)
        .legend_position(None)
        .x_axis(Axis::default().bounds(plot.x).labels(x_labels).style(dim()))
        .y_axis(Axis::default().bounds(plot.y).labels(y_labels).style(dim()));
    frame.render_widget(chart, area);
}

/// The bands as coloured names: `■ sse2 <32 B ■ avx2 <512 B ■ libc`.
fn band_legend<'a>(op: &OpView, view: &StrategyView) -> Line<'a> {
    let mut spans = vec![Span::styled(" bands:", dim())];
    for band in &view.plan.bands {
        let c = colour(op.variant_index(&band.variant));
        spans.push(Span::styled(" ■ ", Style::default().fg(c)));
        let below = band.below.map_or(String::new(), |b| {
            format!(" <{}", figure::size_short(op.unit, b))
        });
        spans.push(Span::raw(format!("{}{below}", band.variant)));
    }
    if let Some(sizes) = view.not_measured_text(|s| figure::size_short(op.unit, s)) {
        spans.push(Span::styled(format!("  not measured: {sizes}"), dim()));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The transformed coordinates of one chart.
struct Plot {
    x: [f64; 2],
    y: [f64; 2],
}

/// How many evenly spread x labels to draw, at most `max`: where the span (in doublings) is a
/// whole number, a count whose steps are whole doublings too, so every label is a round size.
fn label_count(span: f64, max: usize) -> usize {
    let whole = span.round();
    if (span - whole).abs() > 1e-9 || whole < 1.0 {
        return max.min(3);
    }
    let whole = whole as usize;
    (2..=max)
        .rev()
        .find(|n| whole.is_multiple_of(n - 1))
        .unwrap_or(2)
}

fn lg(v: f64) -> f64 {
    v.max(f64::MIN_POSITIVE).log10()
}

fn l2(size: u64) -> f64 {
    (size.max(1) as f64).log2()
}

impl Plot {
    fn new(view: &StrategyView) -> Plot {
        let (lo, hi) = view.sizes.iter().fold((f64::MAX, f64::MIN), |(a, b), &s| {
            (a.min(l2(s)), b.max(l2(s)))
        });
        let x = if hi > lo {
            [lo, hi]
        } else {
            [lo - 1.0, lo + 1.0]
        };
        let (mut ylo, mut yhi) = (f64::MAX, f64::MIN);
        for c in &view.cells {
            let y = lg(c.figure(view.strategy).0);
            (ylo, yhi) = (ylo.min(y), yhi.max(y));
        }
        if ylo > yhi {
            (ylo, yhi) = (0.0, 1.0);
        }
        // A little headroom, and at least a tenth of a decade so flat series are not on the edge.
        let pad = ((yhi - ylo) * 0.06).max(0.05);
        Plot {
            x,
            y: [ylo - pad, yhi + pad],
        }
    }

    fn cursor(&self, size: u64) -> Vec<(f64, f64)> {
        vec![(l2(size), self.y[0]), (l2(size), self.y[1])]
    }

    fn bands<'v>(&self, view: &'v StrategyView) -> Vec<(Vec<(f64, f64)>, &'v str)> {
        view.band_ranges()
            .into_iter()
            .map(|(from, below, variant)| {
                let left = l2(from).max(self.x[0]);
                let right = below.map_or(self.x[1], |b| l2(b).min(self.x[1]));
                (vec![(left, self.y[0]), (right, self.y[0])], variant)
            })
            .collect()
    }

    fn series<'v>(&self, view: &'v StrategyView) -> Vec<(Vec<(f64, f64)>, &'v str)> {
        view.variants
            .iter()
            .map(|variant| {
                let points = view
                    .series(variant)
                    .iter()
                    .map(|c| (l2(c.size), lg(c.figure(view.strategy).0)))
                    .collect();
                (points, variant.as_str())
            })
            .collect()
    }

    fn x_labels(&self, unit: Unit, width: u16) -> Vec<Span<'static>> {
        let n = label_count(self.x[1] - self.x[0], (width as usize / 10).clamp(2, 6));
        (0..n)
            .map(|i| {
                let x = self.x[0] + (self.x[1] - self.x[0]) * i as f64 / (n - 1) as f64;
                Span::styled(figure::size_short(unit, x.exp2().round() as u64), dim())
            })
            .collect()
    }

    fn y_labels(&self, strategy: Strategy, unit: Unit) -> Vec<Span<'static>> {
        let suffix = match unit {
            Unit::Bytes => "B/s",
            Unit::Elements => "/s",
            Unit::Flops => "F/s",
        };
        [0.0, 0.5, 1.0]
            .iter()
            .map(|t| {
                let v = 10f64.powf(self.y[0] + (self.y[1] - self.y[0]) * t);
                let text = match strategy {
                    Strategy::Throughput => format!("{}{suffix}", figure::rate_short(v)),
                    Strategy::Latency => figure::ns_short(v),
                };
                Span::styled(text, dim())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::label_count;

    #[test]
    fn x_labels_fall_on_whole_doublings() {
        // 16 B … 1 MiB is 16 doublings: 5 labels, 4 doublings apart.
        assert_eq!(label_count(16.0, 6), 5);
        assert_eq!(label_count(16.0, 4), 3);
        assert_eq!(label_count(12.0, 6), 5);
        assert_eq!(label_count(7.0, 6), 2);
        assert_eq!(label_count(2.5, 6), 3);
    }
}
