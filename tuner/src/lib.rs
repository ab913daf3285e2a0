//! Measures every variant of every Arsenal op on this host.
//!
//! Organised like criterion: [`measurement`] (clocks), [`sampling`] (calibration and the
//! interleaved timing loops of both strategies), [`stats`] (median, MAD, distribution-free
//! intervals, outliers), [`analysis`] (per-variant figures, the verdict of a cell), [`budget`]
//! (the time split), [`gate`] (verification before timing), [`compare`](mod@compare) (two variants now) and [`report`] (the [`Sink`] seam the
//! store, the progress bar and the JSON output hang off). [`tune`] runs them in order.
//!
//! The tuner knows nothing of SQLite or manifests: it reports through a [`Sink`].

#![deny(missing_docs)]

pub mod affinity;
pub mod analysis;
pub mod budget;
pub mod compare;
pub mod counters;
pub mod gate;
pub mod measurement;
pub mod pace;
pub mod report;
pub mod sampling;
pub mod stats;

use std::time::{Duration, Instant};

use arsenal::harness::Rng;
use arsenal::registry::{Unit, VariantInfo};
use arsenal::Workload;

pub use compare::{compare, CompareError, Comparison, Faster};
pub use counters::Counters;
pub use report::{Fanout, Sink, SinkError};

use crate::affinity::Affinity;
use crate::budget::Budget;
use crate::counters::PerfCounters;
use crate::measurement::CycleClock;
use crate::sampling::Env;

pub use arsenal::Strategy;

/// Which sizes of each op a run measures.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Sizes {
    /// The op's own size ladder.
    #[default]
    Ladder,
    /// These sizes, for every op (in each op's units).
    Fixed(Vec<usize>),
    /// The geometric midpoints between adjacent sizes of each op's ladder: sizes a tune did not
    /// measure, where a manifest's bands are put to the test.
    Midpoints,
}

impl Sizes {
    /// The sizes of `op` under this choice.
    pub fn of(&self, op: &dyn Workload) -> Vec<usize> {
        match self {
            Sizes::Ladder => op.sizes().to_vec(),
            Sizes::Fixed(sizes) => sizes.clone(),
            Sizes::Midpoints => op
                .sizes()
                .windows(2)
                .map(|w| ((w[0] as f64 * w[1] as f64).sqrt().round() as usize).max(1))
                .collect(),
        }
    }
}

/// What a tune covers and how.
#[derive(Clone, Debug)]
pub struct Config {
    /// Strategies to measure, in order.
    pub strategies: Vec<Strategy>,
    /// Total wall time for the run, verification included.
    pub budget: Duration,
    /// Seed of inputs and of the interleaving order.
    pub seed: u64,
    /// Minimum duration of one throughput sample.
    pub min_sample: Duration,
    /// Sizes to measure.
    pub sizes: Sizes,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strategies: Strategy::ALL.to_vec(),
            budget: Duration::from_secs(60),
            seed: 0x0A25_E4A1,
            min_sample: Duration::from_millis(1),
            sizes: Sizes::Ladder,
        }
    }
}

/// Why a run could not start or was stopped.
#[derive(Debug, thiserror::Error)]
pub enum TuneError {
    /// The configuration cannot be run.
    #[error("{0}")]
    Config(String),
    /// A sink failed (the store could not write, say).
    #[error(transparent)]
    Sink(#[from] SinkError),
}

/// The gate's outcome for one variant.
#[derive(Clone, Debug, PartialEq)]
pub enum GateOutcome {
    /// Agreed with the reference on every input.
    Passed,
    /// Disagreed: the first mismatch.
    Failed(String),
    /// The host cannot run it: why.
    Skipped(String),
}

impl GateOutcome {
    /// `passed`, `failed` or `skipped`.
    pub fn status(&self) -> &'static str {
        match self {
            GateOutcome::Passed => "passed",
            GateOutcome::Failed(_) => "failed",
            GateOutcome::Skipped(_) => "skipped",
        }
    }

    /// The mismatch or the reason, empty when passed.
    pub fn detail(&self) -> &str {
        match self {
            GateOutcome::Passed => "",
            GateOutcome::Failed(d) | GateOutcome::Skipped(d) => d,
        }
    }
}

/// One variant through the gate.
#[derive(Clone, Debug)]
pub struct Verification {
    /// The op.
    pub op: &'static str,
    /// The variant.
    pub variant: &'static str,
    /// What happened.
    pub outcome: GateOutcome,
    /// Wall time of the verification.
    pub seconds: f64,
}

/// One variant's figures in one cell. Times are nanoseconds per call.
#[derive(Clone, Debug)]
pub struct VariantResult {
    /// The variant.
    pub variant: &'static str,
    /// Whether one call used several threads.
    pub parallel: bool,
    /// Mean units of work per call.
    pub units_per_call: f64,
    /// Calls per sample (throughput) or 1 (latency).
    pub iters_per_sample: u64,
    /// Median.
    pub median_ns: f64,
    /// Median absolute deviation.
    pub mad_ns: f64,
    /// 95 % interval of the median.
    pub median_ci: (f64, f64),
    /// 50th percentile (equal to the median; named for the latency table).
    pub p50_ns: f64,
    /// 99th percentile.
    pub p99_ns: f64,
    /// 95 % interval of the 99th percentile.
    pub p99_ci: (f64, f64),
    /// Samples outside Tukey's fences.
    pub outliers: usize,
    /// What selection minimises: the median (throughput) or the p99 (latency).
    pub objective_ns: f64,
    /// Its 95 % interval.
    pub objective_ci: (f64, f64),
    /// Hardware counters per call, or why there are none.
    pub counters: Result<Counters, String>,
    /// Every sample: per-sample ns per call (throughput) or per-call ns (latency).
    pub samples_ns: Vec<f64>,
}

impl VariantResult {
    /// Units per second (per core for single-threaded variants), from the objective.
    pub fn units_per_second(&self) -> f64 {
        self.units_per_call / self.objective_ns.max(f64::MIN_POSITIVE) * 1e9
    }
}

/// The winner of a cell against its runner-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Lowest objective.
    pub winner: &'static str,
    /// Second lowest, if any.
    pub runner_up: Option<&'static str>,
    /// Runner-up's objective over the winner's (≥ 1).
    pub ratio: f64,
    /// Conservative 95 % interval of that ratio.
    pub ratio_ci: (f64, f64),
    /// The winner's interval lies entirely below the runner-up's.
    pub decisive: bool,
}

/// One measured (op, strategy, size).
#[derive(Clone, Debug)]
pub struct Cell {
    /// The op.
    pub op: &'static str,
    /// The strategy.
    pub strategy: Strategy,
    /// The size (latency: the ladder size the band is centred on).
    pub size: usize,
    /// Sizes drawn from (latency) or `(size, size)`.
    pub band: (usize, usize),
    /// What sizes count.
    pub unit: Unit,
    /// Every measured variant.
    pub results: Vec<VariantResult>,
    /// Variants left out as hopelessly slow at this size (see [`pace`]).
    pub left_out: Vec<pace::LeftOut>,
    /// Winner and margin.
    pub verdict: Option<Verdict>,
    /// Wall time the cell took: input generation, calibration, timing.
    pub seconds: f64,
}

/// A cell that was not measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// The op.
    pub op: &'static str,
    /// The strategy.
    pub strategy: Strategy,
    /// The size.
    pub size: usize,
    /// Why.
    pub reason: String,
}

/// Everything measured for one op.
#[derive(Clone, Debug)]
pub struct OpReport {
    /// The op.
    pub op: &'static str,
    /// The gate's results, one per variant.
    pub verifications: Vec<Verification>,
    /// Measured cells.
    pub cells: Vec<Cell>,
    /// Cells not measured.
    pub skipped: Vec<Skipped>,
}

/// What the run will cover.
#[derive(Clone, Debug)]
pub struct RunPlan {
    /// Ops in order.
    pub ops: Vec<&'static str>,
    /// Strategies.
    pub strategies: Vec<Strategy>,
    /// Number of (op, strategy, size) cells.
    pub cells: usize,
    /// The budget.
    pub budget: Duration,
    /// The seed.
    pub seed: u64,
}

/// The whole run.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Per op.
    pub ops: Vec<OpReport>,
    /// Wall time from start to the last cell.
    pub elapsed: Duration,
    /// The budget it had.
    pub budget: Duration,
    /// Why there are no hardware counters, when there are none.
    pub counters_note: Option<String>,
    /// Whether single-threaded variants ran pinned to one CPU.
    pub pinned: bool,
    /// `tsc` or `wall`: the clock of latency calls.
    pub latency_clock: &'static str,
}

impl Summary {
    /// Every cell that was not measured.
    pub fn skipped(&self) -> impl Iterator<Item = &Skipped> {
        self.ops.iter().flat_map(|o| o.skipped.iter())
    }
}

/// Verifies, then measures, every op in `ops` within `config.budget`, reporting to `sink`.
pub fn tune(
    ops: &[&'static dyn Workload],
    config: &Config,
    sink: &mut dyn Sink,
) -> Result<Summary, TuneError> {
    validate(config)?;
    let budget = Budget::start(config.budget);
    let cells_total: usize = ops
        .iter()
        .map(|op| config.sizes.of(*op).len() * config.strategies.len())
        .sum();
    sink.run_started(&RunPlan {
        ops: ops.iter().map(|o| o.info().name).collect(),
        strategies: config.strategies.clone(),
        cells: cells_total,
        budget: config.budget,
        seed: config.seed,
    })?;

    let mut gates = Vec::with_capacity(ops.len());
    for op in ops {
        let results = gate::verify_op(*op);
        sink.op_verified(op.info().name, &results)?;
        gates.push(results);
    }

    let affinity = Affinity::new();
    let mut perf = PerfCounters::open();
    let counters_note = perf.as_ref().err().cloned();
    let cycles = CycleClock::calibrate();
    let mut rng = Rng::new(config.seed);
    let mut cells_left = cells_total;
    let mut reports = Vec::with_capacity(ops.len());

    for (op, verifications) in ops.iter().zip(gates) {
        let mut report = OpReport {
            op: op.info().name,
            verifications,
            cells: Vec::new(),
            skipped: Vec::new(),
        };
        let passed: Vec<&'static VariantInfo> = op
            .variants()
            .into_iter()
            .filter(|v| {
                report
                    .verifications
                    .iter()
                    .any(|r| r.variant == v.name && r.outcome == GateOutcome::Passed)
            })
            .collect();
        for &strategy in &config.strategies {
            let candidates: Vec<_> = passed
                .iter()
                .copied()
                .filter(|v| strategy == Strategy::Latency || !v.parallel)
                .collect();
            let sizes = config.sizes.of(*op);
            let mut pace = pace::Pace::default();
            for (index, &size) in sizes.iter().enumerate() {
                let now = Instant::now();
                let share = budget.cell_share(cells_left);
                cells_left -= 1;
                let skip = |reason: &str| Skipped {
                    op: op.info().name,
                    strategy,
                    size,
                    reason: reason.into(),
                };
                if candidates.is_empty() {
                    let s = skip("no variant passed verification");
                    sink.cell_skipped(&s)?;
                    report.skipped.push(s);
                    continue;
                }
                if now >= budget.deadline() {
                    let s = skip("no time left in the budget");
                    sink.cell_skipped(&s)?;
                    report.skipped.push(s);
                    continue;
                }
                let mut env = Env {
                    min_sample: config.min_sample,
                    hard_deadline: budget.deadline(),
                    cell_deadline: now + share,
                    affinity: &affinity,
                    perf: perf.as_mut().ok(),
                    cycles,
                    rng: &mut rng,
                    seed: config.seed ^ size as u64,
                };
                let band = match strategy {
                    Strategy::Throughput => (size, size),
                    Strategy::Latency => sampling::band(&sizes, index),
                };
                let units = op.units(size) as f64;
                let (timed, left_out) = pace.select(strategy, &candidates, units, share);
                let need = pace.minimum_cell(strategy, &timed, units, config.min_sample);
                if let Some(need) = need.filter(|&n| n > budget.remaining()) {
                    let s = skip(&format!(
                        "no time left in the budget (needs ~{:.1} s, {:.1} s left)",
                        need.as_secs_f64(),
                        budget.remaining().as_secs_f64()
                    ));
                    sink.cell_skipped(&s)?;
                    report.skipped.push(s);
                    continue;
                }
                let measured = match strategy {
                    Strategy::Throughput => sampling::throughput(*op, size, &timed, &mut env),
                    Strategy::Latency => sampling::latency(*op, band, &timed, &mut env),
                };
                match measured {
                    Ok(contenders) => {
                        let results: Vec<_> = contenders
                            .into_iter()
                            .filter_map(|c| analysis::summarise(c, strategy))
                            .collect();
                        pace.record(strategy, &results);
                        let cell = Cell {
                            op: op.info().name,
                            strategy,
                            size,
                            band,
                            unit: op.info().unit,
                            verdict: analysis::verdict(&results),
                            results,
                            left_out,
                            seconds: now.elapsed().as_secs_f64(),
                        };
                        sink.cell_measured(&cell)?;
                        report.cells.push(cell);
                    }
                    Err(reason) => {
                        let s = skip(&reason);
                        sink.cell_skipped(&s)?;
                        report.skipped.push(s);
                    }
                }
            }
        }
        affinity.unpin();
        sink.op_finished(&report)?;
        reports.push(report);
    }

    let summary = Summary {
        ops: reports,
        elapsed: budget.elapsed(),
        budget: config.budget,
        counters_note,
        pinned: affinity.usable(),
        latency_clock: if cycles.is_some() { "tsc" } else { "wall" },
    };
    sink.run_finished(&summary)?;
    Ok(summary)
}

fn validate(config: &Config) -> Result<(), TuneError> {
    if config.budget.is_zero() {
        return Err(TuneError::Config(
            "the budget must be more than 0 seconds".into(),
        ));
    }
    if config.strategies.is_empty() {
        return Err(TuneError::Config("no strategy to measure".into()));
    }
    if let Sizes::Fixed(sizes) = &config.sizes {
        if sizes.is_empty() || sizes.contains(&0) {
            return Err(TuneError::Config(
                "sizes must be a non-empty list of positive numbers".into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midpoints_lie_between_ladder_sizes() {
        let op = arsenal::workload("search.memchr").unwrap();
        let ladder = Sizes::Ladder.of(op);
        let mids = Sizes::Midpoints.of(op);
        assert_eq!(mids.len(), ladder.len() - 1);
        for (m, w) in mids.iter().zip(ladder.windows(2)) {
            assert!(w[0] < *m && *m < w[1], "{m} not inside {w:?}");
        }
        assert_eq!(mids[0], 32, "geometric mean of 16 and 64");
        assert_eq!(Sizes::Fixed(vec![7]).of(op), vec![7]);
    }

    #[test]
    fn a_zero_budget_or_size_is_refused() {
        let zero = Config {
            budget: Duration::ZERO,
            ..Config::default()
        };
        assert!(validate(&zero).is_err());
        let bad = Config {
            sizes: Sizes::Fixed(vec![0]),
            ..Config::default()
        };
        assert!(validate(&bad).is_err());
        assert!(validate(&Config::default()).is_ok());
    }
}
