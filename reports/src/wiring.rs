//! What a manifest wires, as plain strings for any output format: per op and strategy its bands,
//! each band the user pinned (`arsenal manifest --pin`) marked as such, not measured.

use arsenal_oracle::{band_ranges, Manifest, Strategy, RUNTIME};

use crate::figure::{self, Unit};
use crate::view::RunView;

/// The manifest a report is read with: where it is, and what it says.
#[derive(Clone, Copy, Debug)]
pub struct Wiring<'a> {
    /// Its path, as given.
    pub path: &'a str,
    /// The manifest (of a fleet, the table serving this host).
    pub manifest: &'a Manifest,
}

/// One op and strategy of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WiringRow {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// Its bands: `scalar 0 B–63 B · avx2 64 B up (pinned by the user, not measured)`.
    pub bands: String,
    /// Whether a band of it is pinned.
    pub pinned: bool,
}

/// The column titles, in the order of [`WiringRow::cells`].
pub const HEADER: [&str; 3] = ["op", "strategy", "bands"];

impl WiringRow {
    /// The row's cells in the order of [`HEADER`].
    pub fn cells(&self) -> [String; 3] {
        [
            self.op.clone(),
            self.strategy.to_string(),
            self.bands.clone(),
        ]
    }
}

/// Marks a pinned band.
pub const PINNED: &str = "(pinned by the user, not measured)";

/// Every op and strategy the manifest plans, in op order; sizes are spelt in the op's unit
/// where the run measured it.
pub fn rows(wiring: &Wiring<'_>, run: &RunView) -> Vec<WiringRow> {
    let mut rows = Vec::new();
    for (op, plan) in &wiring.manifest.ops {
        let unit = run.op(op).map_or(Unit::Elements, |o| o.unit);
        for strategy in Strategy::ALL {
            let bands = plan.bands(strategy);
            if bands.is_empty() {
                continue;
            }
            let text: Vec<String> = band_ranges(bands)
                .map(|(from, b)| {
                    let range = figure::size_range(unit, from, b.below);
                    let name = match b.variant.as_str() {
                        RUNTIME => "runtime dispatch",
                        v => v,
                    };
                    match b.pinned {
                        true => format!("{name} {range} {PINNED}"),
                        false => format!("{name} {range}"),
                    }
                })
                .collect();
            rows.push(WiringRow {
                op: op.clone(),
                strategy,
                bands: text.join(" · "),
                pinned: bands.iter().any(|b| b.pinned),
            });
        }
    }
    rows
}
