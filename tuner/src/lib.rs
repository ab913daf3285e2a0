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
pub mod drift;
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
    /// How many times each cell is measured, apart in time and with fresh inputs at fresh
    /// addresses; the cell's intervals hold the spread between these replicas (at least 1).
    pub replicas: usize,
    /// Whether to probe the read bandwidth at the start and the end (see [`drift`]).
    pub drift_probe: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strategies: Strategy::ALL.to_vec(),
            budget: Duration::from_secs(60),
            seed: 0x0A25_E4A1,
            min_sample: Duration::from_millis(1),
            sizes: Sizes::Ladder,
            replicas: 2,
            drift_probe: true,
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
    /// Replicas per cell.
    pub replicas: usize,
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
    /// The read-bandwidth probes of the start and the end of the run (see [`drift`]).
    pub probes: Vec<drift::Probe>,
    /// How many replicas each cell was measured in (the last may have been cut by the budget).
    pub replicas: usize,
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
    let mut budget = Budget::start(config.budget);
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
        replicas: config.replicas.max(1),
    })?;

    let mut gates = Vec::with_capacity(ops.len());
    for op in ops {
        let results = gate::verify_op(*op);
        sink.op_verified(op.info().name, &results)?;
        gates.push(results);
    }

    let affinity = Affinity::new();
    let mut probes = Vec::new();
    if config.drift_probe {
        let t = Instant::now();
        probes = drift::probe(drift::Phase::Start, &affinity, config.seed);
        // The same time again is kept back for the end probe.
        budget = budget.keeping_back(t.elapsed());
    }
    let mut perf = PerfCounters::open();
    let counters_note = perf.as_ref().err().cloned();
    let cycles = CycleClock::calibrate();
    let mut rng = Rng::new(config.seed);
    let replicas = config.replicas.max(1);
    let mut cells_left: usize = ops
        .iter()
        .map(|op| {
            let cells = config.sizes.of(*op).len() * config.strategies.len();
            cells * replicas + 2 * refine_slots(cells)
        })
        .sum();
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
        // Every cell is measured `config.replicas` times: one pass over the op's cells per
        // replica, so the replicas of a cell lie apart in time, each with fresh inputs at fresh
        // addresses; the cells are reported once folded (see [`analysis::fold`]).
        let mut jobs = Vec::new();
        for &strategy in &config.strategies {
            let candidates: Vec<_> = passed
                .iter()
                .copied()
                .filter(|v| strategy == Strategy::Latency || !v.parallel)
                .collect();
            let sizes = config.sizes.of(*op);
            for (index, &size) in sizes.iter().enumerate() {
                let band = match strategy {
                    Strategy::Throughput => (size, size),
                    Strategy::Latency => sampling::band(&sizes, index),
                };
                jobs.push(Job {
                    strategy,
                    size,
                    band,
                    candidates: candidates.clone(),
                    timed: Vec::new(),
                    left_out: Vec::new(),
                    replicas: Vec::new(),
                    skipped: None,
                    seconds: 0.0,
                });
            }
        }
        let mut pace = pace::Pace::default();
        for replica in 0..replicas {
            // Shifts the heap addresses of this replica's inputs (a fresh layout).
            let _shift: Vec<u8> = Vec::with_capacity(1 + rng.below(64) * 4096 + rng.below(64) * 64);
            for job in &mut jobs {
                let now = Instant::now();
                let share = budget.cell_share(cells_left);
                cells_left -= 1;
                if job.skipped.is_some() {
                    continue;
                }
                let skip = |reason: &str| Skipped {
                    op: op.info().name,
                    strategy: job.strategy,
                    size: job.size,
                    reason: reason.into(),
                };
                let units = op.units(job.size) as f64;
                if replica == 0 {
                    if job.candidates.is_empty() {
                        job.skipped = Some(skip("no variant passed verification"));
                        continue;
                    }
                    if now >= budget.deadline() {
                        job.skipped = Some(skip("no time left in the budget"));
                        continue;
                    }
                    let (timed, left_out) =
                        pace.select(job.strategy, &job.candidates, units, share);
                    let need = pace.minimum_cell(job.strategy, &timed, units, config.min_sample);
                    if let Some(need) = need.filter(|&n| n > budget.remaining()) {
                        job.skipped = Some(skip(&format!(
                            "no time left in the budget (needs ~{:.1} s, {:.1} s left)",
                            need.as_secs_f64(),
                            budget.remaining().as_secs_f64()
                        )));
                        continue;
                    }
                    (job.timed, job.left_out) = (timed, left_out);
                } else {
                    // A later replica fits in what is left, or the cell keeps the ones it has.
                    let need =
                        pace.minimum_cell(job.strategy, &job.timed, units, config.min_sample);
                    if now >= budget.deadline() || need.is_some_and(|n| n > budget.remaining()) {
                        continue;
                    }
                }
                let mut env = Env {
                    min_sample: config.min_sample,
                    hard_deadline: budget.deadline(),
                    cell_deadline: now + share,
                    affinity: &affinity,
                    perf: perf.as_mut().ok(),
                    cycles,
                    rng: &mut rng,
                    seed: config.seed
                        ^ job.size as u64
                        ^ (replica as u64).wrapping_mul(REPLICA_SALT),
                };
                let measured = job.measure(*op, &mut env);
                job.seconds += now.elapsed().as_secs_f64();
                match measured {
                    Ok(results) => {
                        if replica == 0 {
                            pace.record(job.strategy, &results);
                        }
                        job.replicas.push(results);
                    }
                    Err(reason) if replica == 0 => job.skipped = Some(skip(&reason)),
                    Err(_) => {}
                }
            }
        }
        // Refinement: the cells still undecided, widest margin interval first, get one replica
        // more with twice a replica's share (see [`REFINE`]).
        let slots = refine_slots(jobs.len());
        let mut order: Vec<(usize, f64)> = jobs
            .iter()
            .enumerate()
            .filter(|(_, j)| j.skipped.is_none() && !j.replicas.is_empty())
            .filter_map(|(i, j)| {
                let verdict = analysis::verdict(&j.folded())?;
                let (lo, hi) = verdict.ratio_ci;
                (!verdict.decisive).then_some((i, hi / lo.max(f64::MIN_POSITIVE)))
            })
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1));
        order.truncate(slots);
        for &(i, _) in &order {
            let job = &mut jobs[i];
            let now = Instant::now();
            let share = budget.cell_share(cells_left).saturating_mul(2);
            cells_left = cells_left.saturating_sub(2);
            let units = op.units(job.size) as f64;
            let need = pace.minimum_cell(job.strategy, &job.timed, units, config.min_sample);
            if now >= budget.deadline() || need.is_some_and(|n| n > budget.remaining()) {
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
                seed: config.seed
                    ^ job.size as u64
                    ^ (job.replicas.len() as u64).wrapping_mul(REPLICA_SALT),
            };
            let measured = job.measure(*op, &mut env);
            job.seconds += now.elapsed().as_secs_f64();
            if let Ok(results) = measured {
                job.replicas.push(results);
            }
        }
        // Slots no cell needed go to the ops after this one.
        cells_left = cells_left.saturating_sub(2 * (slots - order.len()));
        for job in jobs {
            if let Some(s) = job.skipped {
                sink.cell_skipped(&s)?;
                report.skipped.push(s);
                continue;
            }
            let cell = job.fold(op.info().name, op.info().unit);
            sink.cell_measured(&cell)?;
            report.cells.push(cell);
        }
        affinity.unpin();
        sink.op_finished(&report)?;
        reports.push(report);
    }

    if config.drift_probe {
        probes.extend(drift::probe(drift::Phase::End, &affinity, config.seed));
    }
    let summary = Summary {
        probes,
        replicas,
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

/// Mixed into the input seed of each replica after the first.
const REPLICA_SALT: u64 = 0x9E37_79B9_7F4A_7C15;

/// One cell of an op while its replicas are measured.
struct Job {
    strategy: Strategy,
    size: usize,
    band: (usize, usize),
    candidates: Vec<&'static VariantInfo>,
    timed: Vec<&'static VariantInfo>,
    left_out: Vec<pace::LeftOut>,
    /// Per replica, every timed variant's figures.
    replicas: Vec<Vec<VariantResult>>,
    skipped: Option<Skipped>,
    seconds: f64,
}

/// The share of an op's cells that get a refinement replica (with twice a replica's time), if
/// they are still undecided after the regular replicas.
pub const REFINE: f64 = 0.25;

/// How many of an op's `cells` may be refined.
fn refine_slots(cells: usize) -> usize {
    (cells as f64 * REFINE).ceil() as usize
}

impl Job {
    /// One replica of the cell: every timed variant's figures, or why it could not be measured.
    fn measure(&self, op: &dyn Workload, env: &mut Env<'_>) -> Result<Vec<VariantResult>, String> {
        let contenders = match self.strategy {
            Strategy::Throughput => sampling::throughput(op, self.size, &self.timed, env),
            Strategy::Latency => sampling::latency(op, self.band, &self.timed, env),
        }?;
        Ok(contenders
            .into_iter()
            .filter_map(|c| analysis::summarise(c, self.strategy))
            .collect())
    }

    /// Per timed variant, its replicas folded (a variant missing from a replica is folded from
    /// the replicas it has).
    fn folded(&self) -> Vec<VariantResult> {
        self.timed
            .iter()
            .filter_map(|v| {
                let of_variant: Vec<VariantResult> = self
                    .replicas
                    .iter()
                    .filter_map(|r| r.iter().find(|x| x.variant == v.name).cloned())
                    .collect();
                analysis::fold(of_variant, self.strategy)
            })
            .collect()
    }

    /// The cell, its variants' replicas folded.
    fn fold(self, op: &'static str, unit: Unit) -> Cell {
        let results = self.folded();
        Cell {
            op,
            strategy: self.strategy,
            size: self.size,
            band: self.band,
            unit,
            verdict: analysis::verdict(&results),
            results,
            left_out: self.left_out,
            seconds: self.seconds,
        }
    }
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

    #[test]
    fn a_tune_measures_every_cell_in_its_replicas_between_two_probes() {
        let op = arsenal::workload("ceiling.read").unwrap();
        let config = Config {
            strategies: vec![Strategy::Throughput],
            budget: Duration::from_secs(3),
            sizes: Sizes::Fixed(vec![4096, 65536]),
            replicas: 3,
            ..Config::default()
        };
        let summary = tune(&[op], &config, &mut Fanout::new()).unwrap();
        assert_eq!(summary.replicas, 3);
        let phases: Vec<_> = summary.probes.iter().map(|p| p.phase).collect();
        let each = drift::PROBE_SIZES.len();
        assert_eq!(phases.len(), 2 * each, "{:?}", summary.probes);
        assert!(phases[..each].iter().all(|&p| p == drift::Phase::Start));
        assert!(phases[each..].iter().all(|&p| p == drift::Phase::End));
        let cells = &summary.ops[0].cells;
        assert_eq!(cells.len(), 2, "{:?}", summary.ops[0].skipped);
        for cell in cells {
            for r in &cell.results {
                // At least the first replica's rounds; the interval holds the pooled estimate.
                assert!(r.samples_ns.len() >= 2);
                assert!(r.objective_ci.0 <= r.objective_ns && r.objective_ns <= r.objective_ci.1);
            }
        }
        let unprobed = Config {
            drift_probe: false,
            ..config
        };
        assert!(tune(&[op], &unprobed, &mut Fanout::new())
            .unwrap()
            .probes
            .is_empty());
    }
}
