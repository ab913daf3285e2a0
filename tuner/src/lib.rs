//! Measures every variant of every Arsenal op on this host.
//!
//! Organised like criterion: [`measurement`] (clocks), [`sampling`] (calibration and the
//! interleaved timing loops of both strategies), [`stats`] (median, MAD, distribution-free
//! intervals, outliers), [`analysis`] (per-variant figures, the verdict of a cell), [`budget`]
//! (the clock and deadline), [`gate`] (verification before timing), [`price`] (what each cell
//! will cost) and [`schedule`] (the plan of a run: every cell's first pass before any second),
//! [`compare`](mod@compare) (two variants now) and [`report`] (the [`Sink`] seam the store, the
//! progress bar and the JSON output hang off). [`tune`] runs them in order.
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
pub mod inputs;
pub mod ledger;
pub mod measurement;
pub mod price;
pub mod report;
pub mod sampling;
pub mod schedule;
pub mod stats;
pub mod user_data;

use std::time::{Duration, Instant};

use arsenal::harness::Rng;
use arsenal::registry::{Unit, VariantInfo};
use arsenal::Workload;

pub use compare::{compare, CompareError, Comparison, Faster, Setup};
pub use counters::Counters;
pub use report::{Fanout, Sink, SinkError};

use crate::affinity::Affinity;
use crate::budget::Budget;
use crate::counters::PerfCounters;
use crate::ledger::{bisect_slots, refine_slots, Allowance, Ledger, Pass};
use crate::measurement::CycleClock;
use crate::sampling::Env;
use crate::schedule::{Schedule, Slot};

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
                .map(|w| {
                    let mid = (w[0] as f64 * w[1] as f64).sqrt().round() as usize;
                    arsenal::workload::on_step(mid, op.size_step(), (w[0] + 1, w[1] - 1))
                })
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
    /// Give every cell its first pass even when that takes longer than `budget`: the plan then
    /// keeps every cell at the least sample and the run overruns by the time it lacked
    /// ([`PlanOutline::overrun`]). Off, the budget holds and cells that do not fit are left out.
    pub every_cell: bool,
    /// Seed of inputs and of the interleaving order.
    pub seed: u64,
    /// Minimum duration of one throughput sample.
    pub min_sample: Duration,
    /// Sizes to measure.
    pub sizes: Sizes,
    /// How many times each cell is measured, apart in time and with fresh inputs at fresh
    /// addresses; the cell's intervals hold the spread between these replicas (at least 1).
    ///
    /// Three by default. A shared host changes speed in spells seconds long (on an AMD EPYC VM,
    /// family 25 model 1, `sgemm` at n = 512 took 2.7 ms in one tune and 8.1 ms in the next,
    /// and `memrchr`'s avx2 went from level with libc to 1.5× its time at 91 B), and two
    /// replicas often both fall in one spell: their intervals then miss the spread, and a
    /// winner called decisive loses the next run. Two default tunes kept the winner of 94.4,
    /// 94.7, 91.8 and 95.1 % of the first run's decisive cells with two replicas, 99.2 and
    /// 96.1 % with three, in the same 60 s.
    pub replicas: usize,
    /// Whether to probe the read bandwidth at the start and the end (see [`drift`]).
    pub drift_probe: bool,
    /// Bisection steps between neighbouring sizes whose winners differ, one decisive (see
    /// [`schedule::bisections`]); each step measures a size between them, so a band's boundary
    /// lands near the real crossover. Only with the op's own ladder ([`Sizes::Ladder`]).
    pub bisect: usize,
    /// The user's files: every op that reads bytes is verified and measured on them
    /// ([`user_data::OnUserData`]) instead of generated inputs; the others (the ceilings) on
    /// generated inputs as ever.
    pub inputs: Option<std::sync::Arc<inputs::UserInputs>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strategies: Strategy::ALL.to_vec(),
            budget: Duration::from_secs(60),
            every_cell: false,
            seed: 0x0A25_E4A1,
            min_sample: Duration::from_millis(1),
            sizes: Sizes::Ladder,
            replicas: 3,
            drift_probe: true,
            bisect: 2,
            inputs: None,
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
    /// Its 95 % interval, holding the clock's resolution as well.
    pub objective_ci: (f64, f64),
    /// What one sample can tell apart, ns per call: every interval above is widened by it.
    pub resolution_ns: f64,
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
    /// Variants left out as hopelessly slow at this size (see [`price::leave_out`]).
    pub left_out: Vec<price::LeftOut>,
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
    /// Whether its inputs were cut from the user's files (else generated).
    pub on_user_data: bool,
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
    /// How the run was planned.
    pub plan: PlanOutline,
}

impl Summary {
    /// Every cell that was not measured.
    pub fn skipped(&self) -> impl Iterator<Item = &Skipped> {
        self.ops.iter().flat_map(|o| o.skipped.iter())
    }
}

/// Verifies, then measures, every op in `ops` within `config.budget`, reporting to `sink`.
///
/// In order: the gate, the price probe and the plan ([`schedule`]), then the first pass of every
/// cell of every op, then op by op the later replicas, the refinement and the bisections, which
/// spend the op's part of what the first passes left over (see [`ledger`]).
pub fn tune(
    ops: &[&'static dyn Workload],
    config: &Config,
    sink: &mut dyn Sink,
) -> Result<Summary, TuneError> {
    validate(config)?;
    let on_user_data: Vec<Option<user_data::OnUserData>> = match &config.inputs {
        Some(inputs) => ops
            .iter()
            .map(|op| user_data::OnUserData::new(*op, inputs))
            .collect(),
        None => Vec::new(),
    };
    let ops: Vec<&dyn Workload> = ops
        .iter()
        .enumerate()
        .map(|(i, &op)| match on_user_data.get(i) {
            Some(Some(on)) => on as &dyn Workload,
            _ => op,
        })
        .collect();
    let ops = &ops[..];
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
    let Planned {
        schedule,
        skipped: unmeasurable,
        priced,
        even,
        overrun,
    } = plan_run(ops, &gates, config, &budget, cells_total, &affinity);
    budget = budget.extended(overrun);
    let plan = PlanOutline {
        overhead: budget.elapsed(),
        overrun,
        ..PlanOutline::of(&schedule)
    };
    sink.run_planned(&plan)?;

    let mut perf = PerfCounters::open();
    let counters_note = perf.as_ref().err().cloned();
    let mut run = Executor {
        config,
        budget,
        affinity: &affinity,
        perf: perf.as_mut().ok(),
        cycles: CycleClock::calibrate(),
        rng: Rng::new(config.seed),
        min_sample: schedule.min_sample,
        ledger: Ledger::new(&schedule, config.replicas.max(1), bisect_steps(config)),
        allowance: Allowance::default(),
        even,
    };
    // Every op's first passes, then each op's later passes, so a cell's replicas lie as far
    // apart in time as the run allows: a slow spell of the host seconds long (on an AMD EPYC VM,
    // crc32c's pclmul 1.8× and its sse42 1.25× slower through whole half-second compares, on
    // either CPU) then shows as spread between them instead of moving both alike.
    let mut measured = Vec::with_capacity(ops.len());
    for (index, op) in ops.iter().enumerate() {
        sink.first_passes(op.info().name)?;
        let slots = schedule.cells.iter().filter(|s| s.op == index);
        let mut jobs: Vec<Job> = slots.map(|s| Job::new(s, schedule.min_sample)).collect();
        run.first_passes(*op, &mut jobs);
        measured.push(jobs);
    }
    let mut reports = Vec::with_capacity(ops.len());
    for (index, ((op, verifications), jobs)) in ops.iter().zip(gates).zip(measured).enumerate() {
        let mut skipped: Vec<Skipped> = unmeasurable
            .iter()
            .filter(|s| s.op == op.info().name)
            .cloned()
            .collect();
        skipped.extend(
            schedule
                .dropped
                .iter()
                .filter(|s| s.op == index)
                .map(|s| dropped(s, &schedule)),
        );
        let mut report = run.later_passes(
            *op,
            (index, &priced[index]),
            jobs,
            verifications,
            skipped,
            sink,
        )?;
        report.on_user_data = matches!(on_user_data.get(index), Some(Some(_)));
        // A bisection may measure a ladder size the plan left out (the log-midpoint of its
        // neighbours): that cell is measured, not skipped.
        let cells = &report.cells;
        report.skipped.retain(|s| {
            !cells
                .iter()
                .any(|c| c.strategy == s.strategy && c.size == s.size)
        });
        sink.op_finished(&report)?;
        reports.push(report);
    }

    if config.drift_probe {
        probes.extend(drift::probe(drift::Phase::End, &affinity, config.seed));
    }
    let summary = Summary {
        probes,
        replicas: config.replicas.max(1),
        ops: reports,
        elapsed: run.budget.elapsed(),
        budget: config.budget,
        counters_note,
        pinned: affinity.usable(),
        latency_clock: if run.cycles.is_some() { "tsc" } else { "wall" },
        plan,
    };
    sink.run_finished(&summary)?;
    Ok(summary)
}

/// How the run was planned, for the summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanOutline {
    /// Cells planned and measured in a first pass.
    pub cells: usize,
    /// Cells left out because their first passes did not fit.
    pub dropped: usize,
    /// The sample length the run used.
    pub min_sample: Duration,
    /// The first passes' predicted time.
    pub first_pass: Duration,
    /// The time that would cover the first pass of every cell at the configured sample.
    pub needed: Duration,
    /// The time there was for measuring.
    pub available: Duration,
    /// What the run spent before measuring: verification, the start probe, pricing.
    pub overhead: Duration,
    /// How far past its budget the run goes to give every cell its first pass
    /// ([`Config::every_cell`]); zero when the budget covers them or cells were left out instead.
    pub overrun: Duration,
}

impl PlanOutline {
    /// One line saying that the budget did not cover every cell, or `None` when it did.
    pub fn shortfall(&self) -> Option<String> {
        (self.dropped > 0).then(|| {
            let what = match self.cells {
                0 => "measuring nothing",
                _ => "measuring a coarser ladder across every op",
            };
            format!(
                "the budget covers {} of {} cells; --budget {:.0} would give every cell its first \
                 pass (they need ~{:.0} s; verification and pricing took {:.1} s, leaving {:.1} s): \
                 {what}",
                self.cells,
                self.cells + self.dropped,
                (self.budget_for_all().as_secs_f64()).ceil(),
                self.needed.as_secs_f64().ceil(),
                self.overhead.as_secs_f64(),
                self.available.as_secs_f64()
            )
        })
    }

    /// One line saying that the run goes past its budget to measure every cell, or `None`.
    pub fn overrun_note(&self) -> Option<String> {
        (!self.overrun.is_zero()).then(|| {
            format!(
                "the budget does not cover the first passes of the {} cells (they need ~{:.0} s \
                 at the least sample; verification and pricing took {:.1} s): measuring every \
                 cell at its least, ~{:.1} s past the budget",
                self.cells,
                self.first_pass.as_secs_f64().ceil(),
                self.overhead.as_secs_f64(),
                self.overrun.as_secs_f64()
            )
        })
    }

    /// A budget that would give every cell its first pass: what was spent before the measuring
    /// and the first passes at the configured sample, with a tenth to spare.
    pub fn budget_for_all(&self) -> Duration {
        (self.overhead + self.needed).mul_f64(1.1)
    }

    /// The outline of `schedule`.
    pub fn of(schedule: &Schedule) -> PlanOutline {
        PlanOutline {
            cells: schedule.cells.len(),
            dropped: schedule.dropped.len(),
            min_sample: schedule.min_sample,
            first_pass: schedule.first_pass,
            needed: schedule.needed,
            available: schedule.available,
            overhead: Duration::ZERO,
            overrun: Duration::ZERO,
        }
    }
}

/// The skipped cell of a slot the plan left out.
fn dropped(slot: &Slot, schedule: &Schedule) -> Skipped {
    Skipped {
        op: slot.op_name,
        strategy: slot.strategy,
        size: slot.size,
        reason: format!(
            "left out to fit the budget: first passes of every cell need ~{:.0} s, {:.1} s were left",
            schedule.needed.as_secs_f64().ceil(),
            schedule.available.as_secs_f64()
        ),
    }
}

/// Prices every cell (`cells_total` in all) of every op and plans the run into the time left (see
/// [`schedule`]). Cells of ops with no variant that passed the gate come back as skipped.
fn plan_run(
    ops: &[&dyn Workload],
    gates: &[Vec<Verification>],
    config: &Config,
    budget: &Budget,
    cells_total: usize,
    affinity: &Affinity,
) -> Planned {
    let replicas = config.replicas.max(1);
    // The share a cell would have, split evenly: what leave-outs are judged against.
    let even = budget.remaining() / (cells_total * replicas).max(1) as u32;
    let mut slots = Vec::new();
    let mut skipped = Vec::new();
    let mut per_op = Vec::with_capacity(ops.len());
    for (index, (op, verifications)) in ops.iter().zip(gates).enumerate() {
        let passed: Vec<&'static VariantInfo> = op
            .variants()
            .into_iter()
            .filter(|v| {
                verifications
                    .iter()
                    .any(|r| r.variant == v.name && r.outcome == GateOutcome::Passed)
            })
            .collect();
        let sizes = config.sizes.of(*op);
        let mut at: Vec<usize> = sizes.clone();
        if config.strategies.contains(&Strategy::Latency) {
            // Latency cells are priced at the top of their band.
            at.extend((0..sizes.len()).map(|i| sampling::band_of(*op, &sizes, i).1));
        }
        affinity.pin();
        let priced = Priced {
            prices: price::probe(*op, &passed, &at, config.seed),
            passed,
        };
        affinity.unpin();
        for &strategy in &config.strategies {
            for (rung, &size) in sizes.iter().enumerate() {
                if priced.candidates(strategy).is_empty() {
                    skipped.push(Skipped {
                        op: op.info().name,
                        strategy,
                        size,
                        reason: "no variant passed verification".into(),
                    });
                    continue;
                }
                let band = match strategy {
                    Strategy::Throughput => (size, size),
                    Strategy::Latency => sampling::band_of(*op, &sizes, rung),
                };
                slots.push(slot(
                    *op,
                    index,
                    strategy,
                    (size, band, rung),
                    &priced,
                    even,
                ));
            }
        }
        per_op.push(priced);
    }
    let remaining = budget.remaining();
    let available = match config.every_cell {
        true => remaining.max(schedule::least_first_pass(&slots, config.min_sample)),
        false => remaining,
    };
    Planned {
        schedule: schedule::plan(slots, available, config.min_sample),
        skipped,
        priced: per_op,
        even,
        overrun: available - remaining,
    }
}

/// A planned run: the schedule, the cells no variant can measure, and per op what the planner
/// knew (kept to price the cells a run adds, see [`schedule::bisections`]).
struct Planned {
    schedule: Schedule,
    skipped: Vec<Skipped>,
    priced: Vec<Priced>,
    /// The even share leave-outs are judged against.
    even: Duration,
    /// The time added to the budget so every cell fits ([`Config::every_cell`]).
    overrun: Duration,
}

/// One op's variants that passed the gate and their prices.
struct Priced {
    passed: Vec<&'static VariantInfo>,
    prices: price::OpPrices,
}

impl Priced {
    /// The variants that take part in `strategy` (parallel ones only in latency).
    fn candidates(&self, strategy: Strategy) -> Vec<&'static VariantInfo> {
        self.passed
            .iter()
            .copied()
            .filter(|v| strategy == Strategy::Latency || !v.parallel)
            .collect()
    }
}

/// One priced cell: its variants' costs at the size (throughput) or at the top of the band
/// (latency: the pool's calls reach up to it, and for superlinear ops like sgemm the dearest calls
/// of the band dominate), and those too slow to time.
fn slot(
    op: &dyn Workload,
    index: usize,
    strategy: Strategy,
    (size, band, rung): (usize, (usize, usize), usize),
    priced: &Priced,
    even: Duration,
) -> Slot {
    let (candidates, prices) = (priced.candidates(strategy), &priced.prices);
    let at = band.1;
    let cost = |v: &VariantInfo| prices.cost(op, v.name, at);
    let predicted: Vec<(&'static VariantInfo, f64)> = candidates
        .iter()
        .map(|&v| (v, cost(v).map_or(0.0, |c| c.call_ns)))
        .collect();
    let (timed, left_out) = price::leave_out(&predicted, even);
    Slot {
        op: index,
        op_name: op.info().name,
        strategy,
        size,
        band,
        rung,
        costs: timed.iter().filter_map(|v| cost(v)).collect(),
        timed,
        left_out,
        pool_cases: match strategy {
            Strategy::Throughput => 0,
            Strategy::Latency => sampling::pool_len(op.footprint(sampling::middle(band))),
        },
    }
}

/// What the executor carries from op to op.
struct Executor<'a> {
    config: &'a Config,
    budget: Budget,
    affinity: &'a Affinity,
    perf: Option<&'a mut PerfCounters>,
    cycles: Option<CycleClock>,
    rng: Rng,
    min_sample: Duration,
    ledger: Ledger,
    /// What the later passes of the op being measured may still spend.
    allowance: Allowance,
    /// The even share leave-outs are judged against, for cells added by bisection.
    even: Duration,
}

/// An allocation of random length to hold while a replica's inputs are allocated: it shifts
/// their heap addresses, a fresh layout for each replica.
pub(crate) fn fresh_layout(rng: &mut Rng) -> Vec<u8> {
    Vec::with_capacity(1 + rng.below(64) * 4096 + rng.below(64) * 64)
}

impl Executor<'_> {
    /// The first pass of every one of an op's cells; a cell that measured nothing keeps why.
    fn first_passes(&mut self, op: &dyn Workload, jobs: &mut [Job]) {
        let _shift = fresh_layout(&mut self.rng);
        for job in jobs.iter_mut() {
            if let Err(reason) = self.pass(op, job, Pass::First, 0) {
                job.skipped = Some(reason);
            }
        }
        self.affinity.unpin();
    }

    /// The later passes of one op's cells, whose first passes are done: the replicas, the
    /// refinement and the bisections; then every cell, folded, is reported to `sink`.
    fn later_passes(
        &mut self,
        op: &dyn Workload,
        (index, priced): (usize, &Priced),
        mut jobs: Vec<Job>,
        verifications: Vec<Verification>,
        mut skipped: Vec<Skipped>,
        sink: &mut dyn Sink,
    ) -> Result<OpReport, TuneError> {
        let replicas = self.config.replicas.max(1);
        // The later passes spend the op's part of what the first passes still owed leave.
        self.allowance = self.ledger.allowance(&self.budget, index);
        // One pass over the op's cells per replica, so the replicas of a cell lie apart in
        // time, each with fresh inputs at fresh addresses; the cells are reported once folded
        // (see [`analysis::fold`]). Where the time does not cover every replica, the cells
        // whose verdict a replica most likely changes go first.
        for replica in 1..replicas {
            let _shift = fresh_layout(&mut self.rng);
            for i in replica_order(&jobs) {
                let _ = self.pass(op, &mut jobs[i], Pass::Replica, replica);
            }
        }
        // Refinement: the cells still undecided, widest margin interval first, get one replica
        // more with twice a replica's share (see [`ledger::REFINE`]).
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
        order.truncate(refine_slots(jobs.len()));
        for &(i, _) in &order {
            let job = &mut jobs[i];
            let replica = job.replicas.len();
            let _ = self.pass(op, job, Pass::Refine, replica);
        }
        let room = bisect_slots(jobs.len(), bisect_steps(self.config));
        self.bisect(op, (index, priced), &mut jobs, room);
        // Cells in strategy and size order, the bisected among the ladder's.
        let rank = |s: Strategy| self.config.strategies.iter().position(|&x| x == s);
        jobs.sort_by_key(|j| (rank(j.strategy), j.size));
        let mut report = OpReport {
            op: op.info().name,
            verifications,
            cells: Vec::new(),
            skipped: Vec::new(),
            on_user_data: false,
        };
        for mut job in jobs {
            if let Some(reason) = job.skipped.take() {
                skipped.push(Skipped {
                    op: op.info().name,
                    strategy: job.strategy,
                    size: job.size,
                    reason,
                });
                continue;
            }
            let cell = job.fold(op.info().name, op.info().unit);
            sink.cell_measured(&cell)?;
            report.cells.push(cell);
        }
        for s in skipped {
            sink.cell_skipped(&s)?;
            report.skipped.push(s);
        }
        self.affinity.unpin();
        Ok(report)
    }

    /// Bisects, step by step, between neighbouring sizes where the choice may change (see
    /// [`schedule::bisections`]: the most at stake first, over both strategies), adding a
    /// cell measured once at each new size that fits in the op's allowance, at most `slots` in
    /// all.
    fn bisect(
        &mut self,
        op: &dyn Workload,
        (index, priced): (usize, &Priced),
        jobs: &mut Vec<Job>,
        slots: usize,
    ) {
        let mut tried = 0;
        for _ in 0..bisect_steps(self.config) {
            let mut new = Vec::new();
            for &strategy in &self.config.strategies {
                let mut folded: Vec<(usize, Vec<VariantResult>)> = jobs
                    .iter()
                    .filter(|j| j.strategy == strategy && j.skipped.is_none())
                    .map(|j| (j.size, j.folded()))
                    .collect();
                folded.sort_by_key(|(size, _)| *size);
                let measured: Vec<schedule::Measured> = folded
                    .iter()
                    .filter_map(|(size, results)| {
                        let v = analysis::verdict(results)?;
                        Some(schedule::Measured {
                            size: *size,
                            winner: v.winner,
                            runner_up: v.runner_up,
                            decisive: v.decisive,
                            times: results
                                .iter()
                                .map(|r| (r.variant, r.objective_ns))
                                .collect(),
                        })
                    })
                    .collect();
                for (size, why, stake) in schedule::bisections(&measured, op.size_step()) {
                    let (lo, hi) = (
                        measured.iter().rev().find(|m| m.size < size),
                        measured.iter().find(|m| m.size > size),
                    );
                    let (Some(lo), Some(hi)) = (lo, hi) else {
                        continue;
                    };
                    let band = match strategy {
                        Strategy::Throughput => (size, size),
                        Strategy::Latency => (
                            sampling::middle((lo.size, size)),
                            sampling::middle((size, hi.size)),
                        ),
                    };
                    let slot = slot(op, index, strategy, (size, band, 0), priced, self.even);
                    new.push((stake, why, Job::new(&slot, self.min_sample)));
                }
            }
            // The most at stake first, over both strategies.
            new.sort_by(|a, b| schedule::most_at_stake_first((a.0, a.1), (b.0, b.1)));
            new.truncate(slots - tried);
            if new.is_empty() {
                break;
            }
            for (_, _, mut job) in new {
                tried += 1;
                let _ = self.pass(op, &mut job, Pass::Bisect, 0);
                if !job.replicas.is_empty() {
                    absorb(jobs, job);
                }
            }
        }
    }

    /// One pass of one cell, if it is owed time: `Err` says why a first pass measured nothing.
    fn pass(
        &mut self,
        op: &dyn Workload,
        job: &mut Job,
        pass: Pass,
        replica: usize,
    ) -> Result<(), String> {
        let now = Instant::now();
        let need = job.minimum.max(job.last_pass);
        let share = match pass {
            Pass::First => Some(self.ledger.first_pass(&self.budget, job.minimum)),
            // Taken off the op's books even when the cell is not measured.
            _ => {
                let spare = self.budget.remaining().saturating_sub(self.ledger.first());
                self.allowance.take(job.minimum, need, pass, spare)
            }
        };
        let (Some(share), None) = (share, &job.skipped) else {
            return Ok(());
        };
        // Past the deadline a first pass still runs, at its least rounds, when every cell must
        // have one.
        let owed = pass == Pass::First && self.config.every_cell;
        if now >= self.budget.deadline() && !owed {
            return Err("no time left in the budget".into());
        }
        // Past this the loops stop at their least rounds: the first passes still owed start
        // no later than they must.
        let reserved = self.budget.deadline().checked_sub(self.ledger.first());
        // A run behind on its first passes (a machine slower than its prices) shortens this one
        // and every one after in proportion, so the last op is measured coarsely, not starved.
        let scale = match pass {
            Pass::First => {
                first_pass_scale(self.budget.remaining(), self.ledger.first(), job.minimum)
            }
            _ => 1.0,
        };
        let mut env = Env {
            min_sample: self.min_sample.mul_f64(scale),
            hard_deadline: reserved.unwrap_or(now).max(now),
            cell_deadline: now + share.mul_f64(scale),
            affinity: self.affinity,
            perf: self.perf.as_deref_mut(),
            cycles: self.cycles,
            rng: &mut self.rng,
            seed: self.config.seed ^ job.size as u64 ^ (replica as u64).wrapping_mul(REPLICA_SALT),
        };
        let measured = job.measure(op, &mut env);
        job.last_pass = now.elapsed();
        if pass != Pass::First {
            self.allowance.spent(job.last_pass, pass);
        }
        job.seconds += job.last_pass.as_secs_f64();
        match measured {
            Ok(results) => {
                job.replicas.push(results);
                Ok(())
            }
            Err(reason) if pass == Pass::First => Err(reason),
            Err(_) => Ok(()),
        }
    }
}

/// The least a first pass is shortened to when the run is behind: samples of 1/16 of the planned
/// length still time thousands of calls of a short kernel.
pub const MIN_FIRST_SCALE: f64 = 1.0 / 16.0;

/// How much a first pass of least time `minimum` is shortened when `remaining` does not cover it
/// and the first passes still `owed` after it: the share of those that fits (1 when all fit, at
/// least [`MIN_FIRST_SCALE`]).
fn first_pass_scale(remaining: Duration, owed: Duration, minimum: Duration) -> f64 {
    let want = owed + minimum;
    if want.is_zero() || remaining >= want {
        return 1.0;
    }
    (remaining.as_secs_f64() / want.as_secs_f64()).max(MIN_FIRST_SCALE)
}

/// The order of an op's cells in a replica pass: the decisive verdicts nearest to a tie first
/// (a replica most likely overturns them), then the rest in ladder order.
fn replica_order(jobs: &[Job]) -> Vec<usize> {
    let mut keyed: Vec<(usize, f64)> = jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| j.skipped.is_none() && !j.replicas.is_empty())
        .map(|(i, j)| {
            let near = match analysis::verdict(&j.folded()) {
                Some(v) if v.decisive && v.runner_up.is_some() => v.ratio_ci.0,
                _ => f64::INFINITY,
            };
            (i, near)
        })
        .collect();
    // Stable: equal keys keep the ladder order.
    keyed.sort_by(|a, b| a.1.total_cmp(&b.1));
    keyed.into_iter().map(|(i, _)| i).collect()
}

/// Adds a bisection cell to `jobs`. Its size may be that of a ladder cell the plan left out (the
/// midpoint of the measured sizes around it): that cell is measured now, so its skip goes, and
/// the run never reports one size both measured and skipped.
fn absorb(jobs: &mut Vec<Job>, job: Job) {
    jobs.retain(|j| !(j.strategy == job.strategy && j.size == job.size && j.skipped.is_some()));
    jobs.push(job);
}

/// Mixed into the input seed of each replica after the first.
const REPLICA_SALT: u64 = 0x9E37_79B9_7F4A_7C15;

/// One cell of an op while its replicas are measured.
struct Job {
    strategy: Strategy,
    size: usize,
    band: (usize, usize),
    timed: Vec<&'static VariantInfo>,
    left_out: Vec<price::LeftOut>,
    /// The least time of one pass.
    minimum: Duration,
    /// What the last pass took.
    last_pass: Duration,
    /// Per replica, every timed variant's figures.
    replicas: Vec<Vec<VariantResult>>,
    /// Why the cell has no figures.
    skipped: Option<String>,
    seconds: f64,
}

/// The bisection steps `config` asks for: none unless the sizes are the op's own ladder.
fn bisect_steps(config: &Config) -> usize {
    match config.sizes {
        Sizes::Ladder => config.bisect,
        _ => 0,
    }
}

impl Job {
    fn new(slot: &Slot, min_sample: Duration) -> Job {
        Job {
            strategy: slot.strategy,
            size: slot.size,
            band: slot.band,
            timed: slot.timed.clone(),
            left_out: slot.left_out.clone(),
            minimum: slot.minimum(min_sample),
            last_pass: Duration::ZERO,
            replicas: Vec::new(),
            skipped: None,
            seconds: 0.0,
        }
    }

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
        assert_eq!(mids[0], 23, "geometric mean of 16 and 32");
        assert_eq!(Sizes::Fixed(vec![7]).of(op), vec![7]);
        // base64 text comes in quanta of 4: a midpoint of another length would time the error
        // at the length, not a decode.
        let decode = arsenal::workload("text.base64_decode").unwrap();
        let mids = Sizes::Midpoints.of(decode);
        assert_eq!(mids[0], 24);
        assert!(mids.iter().all(|m| m % 4 == 0), "{mids:?}");
    }

    #[test]
    fn a_shortfall_says_what_fits_and_what_would_cover_every_cell() {
        let secs = Duration::from_secs;
        let mut plan = PlanOutline {
            cells: 200,
            dropped: 0,
            needed: secs(20),
            overhead: secs(8),
            available: secs(50),
            ..PlanOutline::default()
        };
        assert_eq!(plan.shortfall(), None);
        plan.dropped = 28;
        let line = plan.shortfall().unwrap();
        assert!(
            line.starts_with("the budget covers 200 of 228 cells; --budget 31 "),
            "{line}"
        );
        assert!(
            line.ends_with("measuring a coarser ladder across every op"),
            "{line}"
        );
        plan.cells = 0;
        assert!(plan.shortfall().unwrap().ends_with("measuring nothing"));
    }

    #[test]
    fn first_passes_shrink_in_proportion_when_the_run_is_behind() {
        let ms = Duration::from_millis;
        // On schedule: the remaining time covers this pass and those still owed.
        assert_eq!(first_pass_scale(ms(100), ms(80), ms(20)), 1.0);
        assert_eq!(first_pass_scale(ms(500), ms(80), ms(20)), 1.0);
        assert_eq!(first_pass_scale(ms(0), ms(0), ms(0)), 1.0);
        // Behind: the share of what is owed that fits.
        assert_eq!(first_pass_scale(ms(50), ms(80), ms(20)), 0.5);
        assert_eq!(first_pass_scale(ms(25), ms(80), ms(20)), 0.25);
        // Never below the floor, even with nothing left.
        assert_eq!(first_pass_scale(ms(1), ms(80), ms(20)), MIN_FIRST_SCALE);
        assert_eq!(first_pass_scale(ms(0), ms(80), ms(20)), MIN_FIRST_SCALE);
    }

    #[test]
    fn a_bisection_at_a_skipped_size_replaces_the_skip() {
        let job = |strategy, size, skipped: Option<&str>, measured: bool| Job {
            strategy,
            size,
            band: (size, size),
            timed: Vec::new(),
            left_out: Vec::new(),
            minimum: Duration::ZERO,
            last_pass: Duration::ZERO,
            replicas: if measured {
                vec![Vec::new()]
            } else {
                Vec::new()
            },
            skipped: skipped.map(str::to_string),
            seconds: 0.0,
        };
        let left_out = Some("left out to fit the budget");
        let mut jobs = vec![
            job(Strategy::Throughput, 8, None, true),
            job(Strategy::Throughput, 11, left_out, false),
            job(Strategy::Latency, 11, left_out, false),
            job(Strategy::Throughput, 16, None, true),
        ];
        absorb(&mut jobs, job(Strategy::Throughput, 11, None, true));
        let cells: Vec<_> = jobs
            .iter()
            .map(|j| (j.strategy, j.size, j.skipped.is_some()))
            .collect();
        assert_eq!(
            cells,
            [
                (Strategy::Throughput, 8, false),
                (Strategy::Latency, 11, true),
                (Strategy::Throughput, 16, false),
                (Strategy::Throughput, 11, false),
            ]
        );
    }

    #[test]
    fn every_op_gets_its_first_passes_before_any_op_its_later_passes() {
        #[derive(Default)]
        struct Events(Vec<String>);
        impl Sink for Events {
            fn first_passes(&mut self, op: &str) -> Result<(), SinkError> {
                self.0.push(format!("first {op}"));
                Ok(())
            }
            fn op_finished(&mut self, report: &OpReport) -> Result<(), SinkError> {
                self.0.push(format!("finished {}", report.op));
                Ok(())
            }
        }
        let ops = ["ceiling.read", "bits.popcount"].map(|n| arsenal::workload(n).unwrap());
        let config = Config {
            strategies: vec![Strategy::Throughput],
            budget: Duration::from_secs(8),
            sizes: Sizes::Fixed(vec![4096]),
            drift_probe: false,
            ..Config::default()
        };
        let mut events = Events::default();
        tune(&ops, &config, &mut events).unwrap();
        assert_eq!(
            events.0,
            [
                "first ceiling.read",
                "first bits.popcount",
                "finished ceiling.read",
                "finished bits.popcount"
            ]
        );
    }

    #[test]
    fn every_cell_gets_its_first_pass_past_a_budget_too_short() {
        let op = arsenal::workload("ceiling.read").unwrap();
        // 1 ms does not even cover verification: without `every_cell` nothing is measured.
        let config = Config {
            strategies: vec![Strategy::Throughput, Strategy::Latency],
            budget: Duration::from_millis(1),
            sizes: Sizes::Fixed(vec![4096, 65536, 1 << 20]),
            drift_probe: false,
            every_cell: true,
            ..Config::default()
        };
        let summary = tune(&[op], &config, &mut Fanout::new()).unwrap();
        let report = &summary.ops[0];
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert_eq!(report.cells.len(), 6);
        assert!(report.cells.iter().all(|c| !c.results.is_empty()));
        assert_eq!((summary.plan.cells, summary.plan.dropped), (6, 0));
        assert!(!summary.plan.overrun.is_zero());
        let note = summary.plan.overrun_note().expect("an overrun is said");
        assert!(note.contains("past the budget"), "{note}");
        let within = Config {
            every_cell: false,
            ..config
        };
        let summary = tune(&[op], &within, &mut Fanout::new()).unwrap();
        assert!(summary.ops[0].cells.is_empty() && summary.plan.overrun.is_zero());
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
        // The budget pays for verification and pricing too, which took all of 3 s once on a
        // busy 2-core machine: each cell gets its first pass whatever is left.
        let config = Config {
            strategies: vec![Strategy::Throughput],
            budget: Duration::from_secs(6),
            every_cell: true,
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
        // Whatever it measures, an unprobed tune has no probe.
        let unprobed = Config {
            drift_probe: false,
            budget: Duration::from_secs(1),
            ..config
        };
        assert!(tune(&[op], &unprobed, &mut Fanout::new())
            .unwrap()
            .probes
            .is_empty());
    }
}
