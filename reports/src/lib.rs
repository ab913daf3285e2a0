//! HTML and Markdown reports of Arsenal's profiles, and the views they share with the explorer.
//!
//! Pure rendering from data passed in: the CLI reads a run from the store into a [`RunData`],
//! [`RunView::new`] gathers it per op and strategy under a policy (plans from `arsenal-oracle`),
//! and [`html`] / [`markdown`] turn a [`Report`] into text. Nothing here touches a file, a
//! terminal or the network.
//!
//! - [`figure`] spells rates, times and sizes;
//! - [`ceiling`] sets figures against the host's hardware ceilings;
//! - [`diff`] compares two runs: winners that changed, figures that moved beyond their intervals;
//! - [`drift`] lays out the drift guard: a run's warnings and its start and end probes;
//! - [`profiles`] tabulates each variant's profile: where it wins, loses and to whom;
//! - [`wiring`] lists what a manifest wires, the user's pins marked;
//! - [`svg`] draws a chart per (op, strategy) with plotters' SVG backend.

#![deny(missing_docs)]

pub mod ceiling;
pub mod diff;
pub mod drift;
pub mod figure;
pub mod html;
pub mod markdown;
pub mod profiles;
pub mod sample;
pub mod svg;
pub mod table;
pub mod view;
pub mod wiring;

pub use diff::RunDiff;
pub use view::{Cell, OpView, RunData, RunView, StrategyView};

/// What one report shows: a run, optionally a baseline to compare it with, and optionally the
/// manifest it wires.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The run reported.
    pub run: &'a RunView,
    /// The baseline and the differences from it, with `--baseline`.
    pub baseline: Option<(&'a RunView, &'a RunDiff)>,
    /// The manifest, with `--manifest` (or `./arsenal-manifest.json` where present).
    pub wiring: Option<wiring::Wiring<'a>>,
}
