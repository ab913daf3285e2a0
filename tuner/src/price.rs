//! What each cell will cost, found out before the run is planned.
//!
//! A run is planned before it is measured (see [`schedule`](crate::schedule)), so the planner
//! needs the least time each (op, strategy, size) cell can take. The probe here times, for every
//! variant that passed the gate, how long preparing its input takes (`setup`) and how long one
//! call takes (`call`), at the op's sizes from the smallest up. Once a call takes
//! [`PROBE_LIMIT`] or more, larger sizes are not run but predicted from the last measured size:
//! the call scaled by the units of work, the setup by the bytes touched. That is exact for linear
//! ops and optimistic for the rest, and it bounds the probe to a few milliseconds per variant, so
//! a naive triple loop at n = 1024 is never run just to be priced.
//!
//! [`cell_minimum`] turns those costs into the least time a cell's first pass takes, following
//! what the loops in [`sampling`] do; [`leave_out`] decides which variants are
//! hopelessly slow at a size (the rule [`SLOWER`] states).

use std::time::{Duration, Instant};

use arsenal::registry::VariantInfo;
use arsenal::{Case, Workload};

use crate::sampling::{self, MIN_ROUNDS};
use crate::Strategy;

/// Sizes whose calls take this long or more are predicted, not run.
pub const PROBE_LIMIT: Duration = Duration::from_millis(1);
/// Calls at one size are timed until they add up to this (at least one).
const PROBE_TIME: Duration = Duration::from_micros(20);
/// What a cell costs besides its variants: bookkeeping, shuffles, folding.
const CELL_OVERHEAD_NS: f64 = 200_000.0;
/// A variant predicted this many times slower than the fastest at a size may be left out.
pub const SLOWER: f64 = 10.0;

/// One variant's costs at one size, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallCost {
    /// Preparing the inputs of one call (generation, allocation, first touch).
    pub setup_ns: f64,
    /// One warm call.
    pub call_ns: f64,
    /// Whether the op changes its input, so each call needs a fresh copy.
    pub mutates: bool,
    /// Whether this was timed (or predicted from a smaller size).
    pub measured: bool,
}

/// Every variant's costs at each of an op's sizes.
#[derive(Clone, Debug)]
pub struct OpPrices {
    /// The sizes, ascending.
    pub sizes: Vec<usize>,
    /// Per variant, its cost at each size (`None`: it could not be prepared).
    pub variants: Vec<(&'static VariantInfo, Vec<Option<CallCost>>)>,
}

impl OpPrices {
    /// The cost of `variant` at `size`: at a priced size as priced, elsewhere scaled from the
    /// nearest priced size below (or the smallest) by units of work and bytes touched.
    pub fn cost(&self, op: &dyn Workload, variant: &str, size: usize) -> Option<CallCost> {
        let (_, costs) = self.variants.iter().find(|(v, _)| v.name == variant)?;
        let index = self.sizes.iter().rposition(|&s| s <= size).unwrap_or(0);
        let base = costs.get(index).copied().flatten()?;
        Some(scale(op, base, self.sizes[index], size))
    }
}

/// `cost` measured at `from`, predicted at `to`.
fn scale(op: &dyn Workload, cost: CallCost, from: usize, to: usize) -> CallCost {
    if from == to {
        return cost;
    }
    let ratio = |a: f64, b: f64| if a > 0.0 { b / a } else { 1.0 };
    CallCost {
        call_ns: cost.call_ns * ratio(op.units(from) as f64, op.units(to) as f64),
        setup_ns: cost.setup_ns * ratio(op.footprint(from) as f64, op.footprint(to) as f64),
        measured: false,
        ..cost
    }
}

/// Prices every one of `variants` at each of `sizes` (ascending), timing the small sizes and
/// predicting the large ones (see the module doc).
pub fn probe(
    op: &dyn Workload,
    variants: &[&'static VariantInfo],
    sizes: &[usize],
    seed: u64,
) -> OpPrices {
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable();
    sizes.dedup();
    let variants = variants
        .iter()
        .map(|&v| (v, probe_variant(op, v, &sizes, seed)))
        .collect();
    OpPrices { sizes, variants }
}

fn probe_variant(
    op: &dyn Workload,
    variant: &VariantInfo,
    sizes: &[usize],
    seed: u64,
) -> Vec<Option<CallCost>> {
    let mut costs = Vec::with_capacity(sizes.len());
    let mut last: Option<(usize, CallCost)> = None;
    for &size in sizes {
        let cost = match last {
            Some((from, c)) if c.call_ns >= PROBE_LIMIT.as_nanos() as f64 => {
                Some(scale(op, c, from, size))
            }
            _ => time_one(op, variant, size, seed),
        };
        if let Some(c) = cost.filter(|c| c.measured) {
            last = Some((size, c));
        }
        costs.push(cost);
    }
    costs
}

/// Prepares one input of `size` and times calls on it with the calibration the timing loops
/// use ([`sampling::estimate_call_ns`]), until the timed calls add up to [`PROBE_TIME`]; a first
/// call longer than that is the figure.
fn time_one(op: &dyn Workload, variant: &VariantInfo, size: usize, seed: u64) -> Option<CallCost> {
    let started = Instant::now();
    let mut bench = op.bench(variant.name, &[Case::aligned(size)], seed).ok()?;
    let setup_ns = started.elapsed().as_nanos() as f64;
    // The calibration times calls until a quarter of its target.
    let call_ns = sampling::estimate_call_ns(bench.as_mut(), PROBE_TIME * 4);
    Some(CallCost {
        setup_ns,
        call_ns: call_ns.max(0.1),
        mutates: bench.mutates(),
        measured: true,
    })
}

/// The variants to time at a cell and those left out: a variant is left out when its predicted
/// call is at least [`SLOWER`] × the fastest and [`MIN_ROUNDS`] calls of it exceed `share`.
pub fn leave_out(
    predicted: &[(&'static VariantInfo, f64)],
    share: Duration,
) -> (Vec<&'static VariantInfo>, Vec<LeftOut>) {
    let fastest = predicted
        .iter()
        .map(|(_, ns)| *ns)
        .fold(f64::INFINITY, f64::min);
    let share_ns = share.as_nanos() as f64;
    let mut kept = Vec::new();
    let mut left = Vec::new();
    for &(v, ns) in predicted {
        if ns >= SLOWER * fastest && ns * MIN_ROUNDS as f64 > share_ns {
            left.push(LeftOut {
                variant: v.name,
                predicted_ns: ns,
                fastest_ns: fastest,
            });
        } else {
            kept.push(v);
        }
    }
    (kept, left)
}

/// A variant left out of a cell, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftOut {
    /// The variant.
    pub variant: &'static str,
    /// Its predicted time per call, in ns.
    pub predicted_ns: f64,
    /// The fastest prediction in the cell, in ns.
    pub fastest_ns: f64,
}

/// The least time a cell's pass takes with variants of these `costs` (at the cell's size, or
/// the middle of a latency band whose pool has `pool_cases` inputs), as the loops spend it:
///
/// - throughput, per variant: the setup, the calibration (about half a sample, or one call),
///   [`MIN_ROUNDS`] samples of at least `min_sample` or one call (a mutating op's sample is a batch
///   of prepared copies, each prepared and restored too);
/// - latency, per variant: the pool's setup, a warm-up call and its
///   [`latency_calls`](sampling::latency_calls) timed calls.
pub fn cell_minimum(
    strategy: Strategy,
    costs: &[CallCost],
    min_sample: Duration,
    pool_cases: usize,
) -> Duration {
    let sample_ns = min_sample.as_nanos() as f64;
    let per_variant = |c: &CallCost| match strategy {
        Strategy::Throughput => {
            let calibration = (sample_ns / 2.0).max(c.call_ns);
            let sample = sample_ns.max(c.call_ns);
            let mut ns = c.setup_ns + calibration + MIN_ROUNDS as f64 * sample;
            if c.mutates {
                // The copies: prepared once, restored before each sample (about a call's worth).
                let copies = (sample_ns / c.call_ns).ceil().clamp(1.0, 4096.0);
                ns += c.setup_ns * copies + MIN_ROUNDS as f64 * sample;
            }
            ns
        }
        Strategy::Latency => {
            let calls = sampling::latency_calls(c.call_ns, min_sample, pool_cases) as f64;
            let resets = if c.mutates { 2.0 } else { 1.0 };
            c.setup_ns * pool_cases as f64 + resets * (1.0 + calls) * c.call_ns
        }
    };
    let ns = CELL_OVERHEAD_NS + costs.iter().map(per_variant).sum::<f64>();
    Duration::from_nanos(ns as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(setup_ns: f64, call_ns: f64) -> CallCost {
        CallCost {
            setup_ns,
            call_ns,
            mutates: false,
            measured: true,
        }
    }

    #[test]
    fn hopelessly_slow_variants_are_left_out_only_when_they_do_not_fit() {
        let variants = arsenal::workload("search.memchr").unwrap().variants();
        let (scalar, avx2) = (variants[0], variants[3]);
        let predicted = [(scalar, 8e6), (avx2, 8e4)];
        // 100× slower and 3 calls (24 ms) exceed a 10 ms share: left out.
        let (kept, left) = leave_out(&predicted, Duration::from_millis(10));
        assert_eq!(kept.iter().map(|v| v.name).collect::<Vec<_>>(), [avx2.name]);
        assert_eq!(left[0].variant, scalar.name);
        assert_eq!(left[0].fastest_ns, 8e4);
        // With a share that fits its rounds it is timed after all.
        let (kept, left) = leave_out(&predicted, Duration::from_secs(1));
        assert_eq!((kept.len(), left.len()), (2, 0));
    }

    #[test]
    fn a_cell_costs_its_setups_calibrations_and_minimum_rounds() {
        let ms = Duration::from_millis(1);
        // Two variants with 10 µs setups and 100 ns calls: per variant 10 µs + 0.5 ms + 3 × 1 ms.
        let two = [cost(1e4, 100.0), cost(1e4, 100.0)];
        let t = cell_minimum(Strategy::Throughput, &two, ms, 0);
        assert_eq!(t, Duration::from_nanos(200_000 + 2 * 3_510_000));
        // A 10 ms call is its own sample and calibration: 4 calls.
        let slow = cell_minimum(Strategy::Throughput, &[cost(0.0, 1e7)], ms, 0);
        assert_eq!(slow, Duration::from_nanos(200_000 + 40_000_000));
        // Latency: 4 inputs prepared, a warm call and 400 timed calls (they fit 3 ms)…
        let lat = cell_minimum(Strategy::Latency, &[cost(1e3, 1e3)], ms, 4);
        assert_eq!(lat, Duration::from_nanos(200_000 + 4_000 + 401_000));
        // … or, for 10 ms calls, one walk of the 4-input pool.
        let dear = cell_minimum(Strategy::Latency, &[cost(1e3, 1e7)], ms, 4);
        assert_eq!(dear, Duration::from_nanos(200_000 + 4_000 + 50_000_000));
        // A mutating op pays for its copies too.
        let sort = CallCost {
            mutates: true,
            ..cost(1e3, 1e5)
        };
        let mutating = cell_minimum(Strategy::Throughput, &[sort], ms, 0);
        assert!(mutating > cell_minimum(Strategy::Throughput, &[cost(1e3, 1e5)], ms, 0));
    }

    #[test]
    fn the_probe_times_small_sizes_and_predicts_large_ones() {
        let op = arsenal::workload("linalg.sgemm").unwrap();
        let naive = op
            .variants()
            .into_iter()
            .find(|v| v.name == "naive")
            .unwrap();
        let prices = probe(op, &[naive], op.sizes(), 1);
        let costs = &prices.variants[0].1;
        assert!(costs[0].unwrap().measured, "the smallest size is timed");
        let last = costs.last().unwrap().unwrap();
        assert!(!last.measured, "n = 1024 naive is predicted: {last:?}");
        // Predictions scale with the units of work (flops) from the last timed size.
        let i = costs.iter().rposition(|c| c.unwrap().measured).unwrap();
        let (from, to) = (op.sizes()[i], *op.sizes().last().unwrap());
        let expected = costs[i].unwrap().call_ns * op.units(to) as f64 / op.units(from) as f64;
        assert!((last.call_ns - expected).abs() <= 1e-6 * expected);
        // Between priced sizes, the nearest below is scaled.
        let mid = prices.cost(op, "naive", from + 1).unwrap();
        assert!(mid.call_ns > costs[i].unwrap().call_ns);
    }
}
