//! Charts as inline SVG (plotters' SVG backend, no fonts needed: the browser lays out the text).
//!
//! One chart per (op, strategy): every variant's figure against size, both axes logarithmic
//! (sizes double along the ladder; figures span decades), each point with its 95 % interval as a
//! vertical bar, and the oracle's winning bands shaded behind in the winner's colour. The legend
//! is left to the page ([`legend_html`]), where it covers no line.

use plotters::prelude::*;

use arsenal_oracle::Strategy;

use crate::figure;
use crate::view::{OpView, StrategyView};

/// Ten colours distinguishable on white (Tableau 10), one per variant in registry order.
pub const PALETTE: [(u8, u8, u8); 10] = [
    (0x4e, 0x79, 0xa7),
    (0xf2, 0x8e, 0x2b),
    (0xe1, 0x57, 0x59),
    (0x76, 0xb7, 0xb2),
    (0x59, 0xa1, 0x4f),
    (0xed, 0xc9, 0x48),
    (0xb0, 0x7a, 0xa1),
    (0xff, 0x9d, 0xa7),
    (0x9c, 0x75, 0x5f),
    (0xba, 0xb0, 0xac),
];

/// The colour of the variant at `index` in its op's registry order, as `#rrggbb`.
pub fn colour_hex(index: usize) -> String {
    let (r, g, b) = PALETTE[index % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn colour(index: usize) -> RGBColor {
    let (r, g, b) = PALETTE[index % PALETTE.len()];
    RGBColor(r, g, b)
}

/// The chart of `view` (one strategy of `op`) as an `<svg>` element `width` × `height` pixels.
pub fn chart(op: &OpView, view: &StrategyView, width: u32, height: u32) -> String {
    let mut out = String::new();
    // Drawing into a String cannot fail but for a coordinate range plotters rejects, which
    // `ranges` rules out; a failure leaves a note in place of the chart rather than a panic.
    if let Err(e) = draw(&mut out, op, view, (width, height)) {
        return format!("<p class=\"note\">chart unavailable: {}</p>", escape(&e));
    }
    out
}

type Fallible = Result<(), String>;

fn ranges(view: &StrategyView) -> ((f64, f64), (f64, f64)) {
    let sizes = view.sizes.iter().map(|&s| s.max(1) as f64);
    let (x0, x1) = sizes.fold((f64::MAX, f64::MIN), |(a, b), s| (a.min(s), b.max(s)));
    let mut lo = f64::MAX;
    let mut hi = f64::MIN;
    for c in &view.cells {
        let (_, (l, h)) = c.figure(view.strategy);
        if l.is_finite() && l > 0.0 {
            lo = lo.min(l);
        }
        if h.is_finite() && h > 0.0 {
            hi = hi.max(h);
        }
    }
    if lo > hi {
        (lo, hi) = (1.0, 10.0);
    }
    // Half a doubling of room either side on x, a little on y, so points are not on the frame.
    (
        (x0 / 1.5, x1 * 1.5),
        (lo / 1.3, hi * if hi / lo < 10.0 { 2.0 } else { 1.3 }),
    )
}

fn draw(out: &mut String, op: &OpView, view: &StrategyView, size: (u32, u32)) -> Fallible {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let root = SVGBackend::with_string(out, size).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let ((x0, x1), (y0, y1)) = ranges(view);
    let unit = op.unit;
    let y_desc = match view.strategy {
        Strategy::Throughput => format!("{} per second (median)", unit.name()),
        Strategy::Latency => "p99 time per call".to_string(),
    };
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d((x0..x1).log_scale().base(2.0), (y0..y1).log_scale())
        .map_err(|x| e(&x))?;
    let y_label = |v: &f64| match view.strategy {
        Strategy::Throughput => figure::rate_short(*v),
        Strategy::Latency => figure::ns_short(*v),
    };
    chart
        .configure_mesh()
        .x_desc(format!("size ({})", unit.name()))
        .y_desc(y_desc)
        .x_label_formatter(&|v| figure::size_short(unit, v.round() as u64))
        .y_label_formatter(&y_label)
        .x_labels(12)
        .y_labels(8)
        .light_line_style(RGBColor(0xee, 0xee, 0xee))
        .bold_line_style(RGBColor(0xd8, 0xd8, 0xd8))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;
    for (from, below, variant) in view.band_ranges() {
        let left = (from as f64).max(x0);
        let right = below.map_or(x1, |b| (b as f64).min(x1));
        let c = colour(op.variant_index(variant));
        let band = Rectangle::new([(left, y0), (right, y1)], c.mix(0.12).filled());
        chart.draw_series([band]).map_err(|x| e(&x))?;
        let mid = (left * right).sqrt();
        let label = Text::new(
            variant.to_string(),
            (mid, y1 / 1.05),
            ("sans-serif", 13).into_font().color(&c.mix(0.9)),
        );
        chart.draw_series([label]).map_err(|x| e(&x))?;
    }
    for variant in &view.variants {
        let c = colour(op.variant_index(variant));
        let points: Vec<(f64, f64, f64, f64)> = view
            .series(variant)
            .iter()
            .map(|cell| {
                let (y, (l, h)) = cell.figure(view.strategy);
                (cell.size as f64, y, l, h)
            })
            .collect();
        let bars = points.iter().map(|&(x, _, l, h)| {
            PathElement::new(vec![(x, l.max(y0)), (x, h.min(y1))], c.stroke_width(1))
        });
        chart.draw_series(bars).map_err(|x| e(&x))?;
        let line = LineSeries::new(points.iter().map(|&(x, y, _, _)| (x, y)), c.stroke_width(2));
        chart.draw_series(line).map_err(|x| e(&x))?;
        let dots = points
            .iter()
            .map(|&(x, y, _, _)| Circle::new((x, y), 3, c.filled()));
        chart.draw_series(dots).map_err(|x| e(&x))?;
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// The chart's legend as HTML: a swatch and the name of each charted variant.
pub fn legend_html(op: &OpView, view: &StrategyView) -> String {
    let items: Vec<String> = view
        .variants
        .iter()
        .map(|v| {
            format!(
                "<span class=\"key\"><span class=\"line\" style=\"background:{}\"></span>{}</span>",
                colour_hex(op.variant_index(v)),
                escape(v)
            )
        })
        .collect();
    format!("<div class=\"legend\">{}</div>", items.join(""))
}

/// Escapes `<`, `>`, `&` and quotes for HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
