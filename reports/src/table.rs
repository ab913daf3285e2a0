//! The selection table of one (op, strategy), as plain strings for any output format.

use arsenal_oracle::Strategy;

use crate::figure;
use crate::view::{OpView, RunView, StrategyView};

/// One measured size: the winner, its figures, the runner-up and the margin.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionRow {
    /// The size.
    pub size: u64,
    /// `4 KiB`.
    pub size_text: String,
    /// The oracle's winner, `-` when the policy left none.
    pub winner: String,
    /// The winner's rate: `83.2 GB/s`.
    pub figure: String,
    /// The rate as a share of the host's ceiling (throughput only): `42%`.
    pub share: Option<String>,
    /// The winner's time per call: `40.3 ns`, or `p99 … / p50 …` for latency.
    pub time: String,
    /// The runner-up, `-` when alone.
    pub runner_up: String,
    /// Runner-up time over winner time with its interval: `×1.15 [1.05, 1.22]`.
    pub ratio: String,
    /// Whether the winner's interval is clear of the runner-up's.
    pub decisive: bool,
    /// The rule that decided.
    pub rule: String,
}

/// The column titles, in the order of [`SelectionRow::cells`].
pub const HEADER: [&str; 8] = [
    "size",
    "winner",
    "figure",
    "% ceiling",
    "time/call",
    "runner-up",
    "ratio [95% CI]",
    "decision",
];

impl SelectionRow {
    /// The row's cells in the order of [`HEADER`].
    pub fn cells(&self) -> [String; 8] {
        [
            self.size_text.clone(),
            self.winner.clone(),
            self.figure.clone(),
            self.share.clone().unwrap_or_default(),
            self.time.clone(),
            self.runner_up.clone(),
            self.ratio.clone(),
            self.rule.clone(),
        ]
    }
}

/// One row per measured size of `view`, ascending.
pub fn selection(run: &RunView, op: &OpView, view: &StrategyView) -> Vec<SelectionRow> {
    view.sizes
        .iter()
        .map(|&size| row(run, op, view, size))
        .collect()
}

fn row(run: &RunView, op: &OpView, view: &StrategyView, size: u64) -> SelectionRow {
    let size_text = figure::size(op.unit, size);
    let explanation = run.explain(&op.op, view.strategy, size);
    let Ok(e) = explanation else {
        return SelectionRow {
            size,
            size_text,
            winner: "-".into(),
            figure: String::new(),
            share: None,
            time: String::new(),
            runner_up: "-".into(),
            ratio: String::new(),
            decisive: false,
            rule: explanation.err().unwrap_or_default(),
        };
    };
    let cell = view.cell(&e.winner.variant, size);
    let rate = cell.map(|c| c.units_per_second());
    let share = match view.strategy {
        Strategy::Throughput => rate.and_then(|r| run.share(op, size, r)),
        Strategy::Latency => None,
    };
    let time = match (view.strategy, cell) {
        (Strategy::Throughput, Some(c)) => figure::ns(c.median_ns),
        (Strategy::Latency, Some(c)) => {
            format!(
                "p99 {} / p50 {}",
                figure::ns(c.p99_ns),
                figure::ns(c.p50_ns)
            )
        }
        (_, None) => String::new(),
    };
    SelectionRow {
        size,
        size_text,
        winner: e.winner.variant.clone(),
        figure: rate.map(|r| figure::rate(op.unit, r)).unwrap_or_default(),
        share: share.map(|s| s.percent_text()),
        time,
        runner_up: e
            .runner_up
            .as_ref()
            .map_or("-".into(), |r| r.variant.clone()),
        ratio: e.ratio.map_or(String::new(), |r| {
            format!("×{:.2} [{:.2}, {:.2}]", r.estimate, r.low, r.high)
        }),
        decisive: e.decisive,
        rule: e.rule.describe().to_string(),
    }
}
