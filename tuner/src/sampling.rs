//! The timing loops: calibration, interleaved rounds, and the two strategies.
//!
//! **Throughput**: every variant gets the same inputs at one size: up to [`INPUTS`] distinct ones,
//! as many as fit [`INPUTS_BYTES`] together, each sample's calls shared evenly between them
//! (`Rotating`). One input would let its content decide the cell (UTF-8 validation of 32
//! random characters is three times faster when they happen to be ASCII; a window of a user's
//! font and one of a page differ more), and a replica with a fresh seed would disagree; several
//! inputs small enough to stay in the L1 cache together measure the content's spread at the cache
//! level of one input; from a 32 KiB footprint on, a cell reads one input.
//! Calibration picks the calls per sample so one sample lasts at least `min_sample` (~1 ms); a
//! round takes one sample of every variant, in an order shuffled per round (seeded), so drift in
//! clock speed or load hits all variants alike. Ops that change their input (sorts) get one
//! prepared copy per call, restored untimed before each sample.
//!
//! **Latency**: a pool of inputs with sizes drawn log-uniformly within the size's band and random
//! misalignments, larger than L1 in total; every call is timed on its own with the cycle counter.
//! Rounds walk the pool in a shuffled order shared by all variants of the round.

use std::time::{Duration, Instant};

use arsenal::harness::Rng;
use arsenal::registry::VariantInfo;
use arsenal::{Bench, Case, Workload};

use crate::affinity::Affinity;
use crate::counters::{Counters, PerfCounters};
use crate::measurement::{Clock, CycleClock, WallClock};

/// Rounds a throughput cell takes even past its share of the budget (but not past the run's
/// deadline, where two suffice).
pub const MIN_ROUNDS: usize = 3;
/// More rounds than this add nothing the interval needs.
pub const MAX_ROUNDS: usize = 400;
/// Timed calls kept per variant in a latency cell (bounds the stored samples).
pub const MAX_LATENCY_CALLS: usize = 8192;
/// A latency pool touches about this many bytes in total: past a 32–48 KiB L1d, while the pools
/// of all the variants of a cell still fit in L2.
pub const POOL_BYTES: usize = 1 << 16;
/// Prepared copies of a mutated input are capped at this many units in total.
const COPIES_UNITS: usize = 1 << 23;

/// One variant being measured in a cell.
pub struct Contender {
    /// The variant.
    pub info: &'static VariantInfo,
    bench: Box<dyn Bench>,
    /// Calls per throughput sample (1 for latency: every call is timed).
    pub iters: u64,
    /// Nanoseconds per call: one value per sample (throughput) or per call (latency).
    pub samples: Vec<f64>,
    /// Mean units of work per call.
    pub units_per_call: f64,
    /// What one sample can tell apart, in ns per call: the clock's step (latency), or the wall
    /// clock's over the calls of a sample (throughput).
    pub resolution_ns: f64,
    /// Hardware counters per call, or why there are none.
    pub counters: Result<Counters, String>,
}

#[cfg(test)]
impl Contender {
    /// A contender with given samples and no bench behind it, for statistics tests.
    pub fn for_test(info: &'static VariantInfo, samples: Vec<f64>) -> Contender {
        struct Nothing;
        impl Bench for Nothing {
            fn cases(&self) -> usize {
                0
            }
            fn units(&self, _: usize) -> u64 {
                0
            }
            fn run(&mut self, _: usize) {}
        }
        Contender {
            info,
            bench: Box::new(Nothing),
            iters: 1,
            samples,
            units_per_call: 1.0,
            resolution_ns: 0.0,
            counters: Err("test".into()),
        }
    }
}

impl std::fmt::Debug for Contender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Contender({}, {} samples)",
            self.info.name,
            self.samples.len()
        )
    }
}

/// What the loops need besides the cell itself.
#[derive(Debug)]
pub struct Env<'a> {
    /// Minimum duration of one throughput sample.
    pub min_sample: Duration,
    /// The run's deadline: never start a round that would end after it, beyond two.
    pub hard_deadline: Instant,
    /// This cell's share of the budget.
    pub cell_deadline: Instant,
    /// Pins single-threaded variants.
    pub affinity: &'a Affinity,
    /// Hardware counters, when the kernel allows them.
    pub perf: Option<&'a mut PerfCounters>,
    /// The cycle clock for latency, when the CPU has a usable one.
    pub cycles: Option<CycleClock>,
    /// Shuffles orders.
    pub rng: &'a mut Rng,
    /// Seed of the inputs (the same for every variant).
    pub seed: u64,
}

/// Fisher–Yates: a seeded permutation of `0..n`.
pub fn shuffled(n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    order
}

/// Nanoseconds per call, from growing batches (non-mutating) or single reset calls (mutating),
/// until the timed work lasts a quarter of `target`. Also warms caches and branch predictors.
pub(crate) fn estimate_call_ns(bench: &mut dyn Bench, target: Duration) -> f64 {
    let goal = target.as_nanos() as f64 / 4.0;
    if bench.mutates() {
        let (mut total, mut calls) = (0.0, 0u32);
        while total < goal && calls < 4096 {
            bench.reset(0);
            let t = Instant::now();
            bench.run(0);
            total += t.elapsed().as_nanos() as f64;
            calls += 1;
        }
        return total / f64::from(calls);
    }
    let mut n: u64 = 1;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            bench.run(0);
        }
        let ns = t.elapsed().as_nanos() as f64;
        if ns >= goal || n >= 1 << 32 {
            return ns / n as f64;
        }
        n *= 2;
    }
}

/// One throughput sample: nanoseconds per call over `iters` back-to-back calls.
fn throughput_sample(c: &mut Contender) -> f64 {
    let clock = WallClock;
    if c.bench.mutates() {
        let n = c.bench.cases();
        for i in 0..n {
            c.bench.reset(i);
        }
        let t = clock.now();
        for i in 0..n {
            c.bench.run(i);
        }
        clock.elapsed_ns(t, clock.now()) / n as f64
    } else {
        let t = clock.now();
        c.bench.repeat(0, c.iters);
        clock.elapsed_ns(t, clock.now()) / c.iters as f64
    }
}

fn place(affinity: &Affinity, info: &VariantInfo) {
    if info.parallel {
        affinity.unpin();
    } else {
        affinity.pin();
    }
}

/// Measures `variants` of `op` at `size` back to back. `Err` says why the cell was skipped.
pub fn throughput(
    op: &dyn Workload,
    size: usize,
    variants: &[&'static VariantInfo],
    env: &mut Env<'_>,
) -> Result<Vec<Contender>, String> {
    let target = env.min_sample;
    let mut contenders = Vec::with_capacity(variants.len());
    let mut round_ns = 0.0;
    let inputs = vec![Case::aligned(size); inputs_at(op.footprint(size))];
    for &info in variants {
        place(env.affinity, info);
        let mut bench = op
            .bench(info.name, &inputs, env.seed)
            .map_err(|e| e.to_string())?;
        if inputs.len() > 1 {
            bench = match bench.mutates() {
                // Mutating benches get their copies below, one input.
                true => op
                    .bench(info.name, &[Case::aligned(size)], env.seed)
                    .map_err(|e| e.to_string())?,
                false => Box::new(Rotating {
                    inputs: bench,
                    next: 0,
                }),
            };
        }
        let est = estimate_call_ns(bench.as_mut(), target).max(0.1);
        let mut iters = (target.as_nanos() as f64 / est).ceil().max(1.0) as u64;
        if bench.mutates() && iters > 1 {
            let copies = (iters as usize)
                .min(4096)
                .min((COPIES_UNITS / size.max(1)).max(1));
            bench = op
                .bench(info.name, &vec![Case::aligned(size); copies], env.seed)
                .map_err(|e| e.to_string())?;
            iters = copies as u64;
        }
        round_ns += est * iters as f64;
        contenders.push(Contender {
            info,
            bench,
            iters,
            samples: Vec::new(),
            units_per_call: op.units(size) as f64,
            resolution_ns: WallClock.resolution_ns() / iters as f64,
            counters: Err("not measured".into()),
        });
    }
    let round = Duration::from_nanos(round_ns as u64);
    let mut rounds = 0;
    while rounds < MAX_ROUNDS {
        let ends = Instant::now() + round;
        let enough = rounds >= MIN_ROUNDS && ends > env.cell_deadline;
        if enough || (rounds >= 2 && ends > env.hard_deadline) {
            break;
        }
        for i in shuffled(contenders.len(), env.rng) {
            place(env.affinity, contenders[i].info);
            let ns = throughput_sample(&mut contenders[i]);
            contenders[i].samples.push(ns);
        }
        rounds += 1;
    }
    count_events(&mut contenders, env, None);
    Ok(contenders)
}

/// Distinct inputs a throughput cell reads at most (see the module docs).
pub const INPUTS: usize = 8;

/// Bytes a throughput cell's inputs touch together at most: the smallest L1 data cache seen
/// (32 KiB).
pub const INPUTS_BYTES: usize = 32 << 10;

/// How many inputs a throughput cell reads when one call touches `footprint` bytes.
pub fn inputs_at(footprint: usize) -> usize {
    (INPUTS_BYTES / footprint.max(1)).clamp(1, INPUTS)
}

/// Several inputs of one size as one case: calls go to each in turn, and a run of calls is
/// shared evenly between them, each share in the inner bench's own compiled loop.
struct Rotating {
    inputs: Box<dyn Bench>,
    next: usize,
}

impl Bench for Rotating {
    fn cases(&self) -> usize {
        1
    }

    fn units(&self, _case: usize) -> u64 {
        self.inputs.units(0)
    }

    fn run(&mut self, _case: usize) {
        self.inputs.run(self.next);
        self.next = (self.next + 1) % self.inputs.cases();
    }

    fn repeat(&mut self, _case: usize, calls: u64) {
        let n = self.inputs.cases() as u64;
        for input in 0..n {
            let share = calls / n + u64::from(input < calls % n);
            if share > 0 {
                self.inputs.repeat(input as usize, share);
            }
        }
    }
}

/// The band of sizes a latency cell draws from: from the geometric mean with the previous ladder
/// size to the geometric mean with the next, and no further than the ladder's own ends. A
/// manifest serves no size outside the measured range (those go to runtime dispatch), so a pool
/// drawn there would time calls no band is chosen for; at the top of sgemm's ladder they would be
/// up to 8 times as dear (n up to 2048 where the ladder stops at 1024).
pub fn band(ladder: &[usize], index: usize) -> (usize, usize) {
    let s = ladder[index] as f64;
    let lo = index
        .checked_sub(1)
        .map_or(s, |p| (ladder[p] as f64 * s).sqrt());
    let hi = ladder.get(index + 1).map_or(s, |&n| (n as f64 * s).sqrt());
    ((lo.ceil() as usize).max(1), (hi.floor() as usize).max(1))
}

/// [`band`] of `op`'s `sizes` (its ladder, or the sizes a run measures), its top no higher than
/// the op's [`max_size`](Workload::max_size).
pub fn band_of(op: &dyn Workload, sizes: &[usize], index: usize) -> (usize, usize) {
    let (lo, hi) = band(sizes, index);
    match op.max_size() {
        Some(max) => (lo.min(max), hi.min(max)),
        None => (lo, hi),
    }
}

/// The geometric middle of a band (at least 1): the size a latency pool's footprint is judged at.
pub fn middle((lo, hi): (usize, usize)) -> usize {
    ((lo as f64 * hi as f64).sqrt() as usize).max(1)
}

/// A pool of cases in `lo..=hi` (log-uniform sizes, random misalignments) that touches about
/// [`POOL_BYTES`] in all, `footprint` being the bytes one call at the band's middle touches
/// (4 cases for register-only ops, at most 1024).
pub fn pool(lo: usize, hi: usize, footprint: usize, rng: &mut Rng) -> Vec<Case> {
    let n = pool_len(footprint);
    let (llo, lhi) = ((lo as f64).ln(), (hi as f64).ln());
    (0..n)
        .map(|_| {
            let u = rng.next_u64() as f64 / u64::MAX as f64;
            let size = (llo + u * (lhi - llo)).exp().round() as usize;
            Case {
                size: size.clamp(lo, hi),
                offset: rng.below(64),
            }
        })
        .collect()
}

/// How many cases a latency pool has when one call touches `footprint` bytes (see [`pool`]).
pub fn pool_len(footprint: usize) -> usize {
    match footprint {
        0 => 4,
        bytes => (POOL_BYTES / bytes).clamp(4, 1024),
    }
}

/// Timed calls a latency pass gives each variant where they fit (see [`latency_calls`]): the p99
/// of 16 calls is their worst, of 400 the fifth worst, and three replicas' 1200 pin it down; one
/// interrupted chunk then moves a variant's p99 by a rank or two, not to the interruption.
pub const LATENCY_CALLS: usize = 400;

/// The calls a latency pass times of a variant whose call takes `call_ns`, in a pool of `cases`:
/// [`LATENCY_CALLS`], or as many as fit [`MIN_ROUNDS`] throughput samples of `min_sample` when
/// calls are dear, but at least one chunk.
pub fn latency_calls(call_ns: f64, min_sample: Duration, cases: usize) -> usize {
    let fit = MIN_ROUNDS as f64 * min_sample.as_nanos() as f64 / call_ns.max(1.0);
    (fit as usize).clamp(cases.clamp(1, CHUNK), LATENCY_CALLS)
}

/// Calls each variant makes on the pool before the variant order is shuffled again: fine enough
/// that drift hits all alike, and the deadline is checked between chunks.
pub const CHUNK: usize = 16;

/// Times single calls of `variants` over a pool drawn from `lo..=hi`.
pub fn latency(
    op: &dyn Workload,
    (lo, hi): (usize, usize),
    variants: &[&'static VariantInfo],
    env: &mut Env<'_>,
) -> Result<Vec<Contender>, String> {
    let mut cases = pool(lo, hi, op.footprint(middle((lo, hi))), env.rng);
    for case in &mut cases {
        case.size = arsenal::workload::on_step(case.size, op.size_step(), (lo, hi));
    }
    let units_per_call =
        cases.iter().map(|c| op.units(c.size) as f64).sum::<f64>() / cases.len() as f64;
    let mut contenders = Vec::with_capacity(variants.len());
    for &info in variants {
        place(env.affinity, info);
        let mut bench = op
            .bench(info.name, &cases, env.seed)
            .map_err(|e| e.to_string())?;
        // Warm-up: code, branch predictors and the first page faults out of the way.
        bench.reset(0);
        bench.run(0);
        contenders.push(Contender {
            info,
            bench,
            iters: 1,
            samples: Vec::new(),
            units_per_call,
            resolution_ns: match env.cycles {
                Some(clock) => clock.resolution_ns(),
                None => WallClock.resolution_ns(),
            },
            counters: Err("not measured".into()),
        });
    }
    'rounds: loop {
        let order = shuffled(cases.len(), env.rng);
        for chunk in order.chunks(CHUNK) {
            let now = Instant::now();
            let enough = contenders.iter().all(|c| {
                let n = c.samples.len();
                let call_ns = || c.samples.iter().sum::<f64>() / n as f64;
                n >= LATENCY_CALLS
                    || (n >= 2 && n >= latency_calls(call_ns(), env.min_sample, cases.len()))
            });
            let full = contenders
                .iter()
                .all(|c| c.samples.len() >= MAX_LATENCY_CALLS);
            if enough && (full || now > env.cell_deadline || now > env.hard_deadline) {
                break 'rounds;
            }
            for i in shuffled(contenders.len(), env.rng) {
                let c = &mut contenders[i];
                if c.samples.len() >= MAX_LATENCY_CALLS {
                    continue;
                }
                place(env.affinity, c.info);
                match env.cycles {
                    Some(clock) => time_calls(&clock, c, chunk),
                    None => time_calls(&WallClock, c, chunk),
                }
            }
        }
    }
    count_events(&mut contenders, env, Some(cases.len().min(CHUNK)));
    Ok(contenders)
}

fn time_calls<C: Clock>(clock: &C, c: &mut Contender, order: &[usize]) {
    let mutates = c.bench.mutates();
    for &case in order {
        if mutates {
            c.bench.reset(case);
        }
        let t = clock.now();
        c.bench.run(case);
        let ns = clock.elapsed_ns(t, clock.now());
        c.samples.push(ns);
    }
}

/// One counting pass per contender, outside the timed samples. `pool` is the number of latency
/// cases (every case once), `None` for throughput (one sample's worth of calls).
fn count_events(contenders: &mut [Contender], env: &mut Env<'_>, pool: Option<usize>) {
    for c in contenders.iter_mut() {
        place(env.affinity, c.info);
        c.counters = match env.perf.as_deref_mut() {
            None => Err("perf events unavailable".into()),
            Some(perf) => perf.measure(|toggle| {
                let bench = &mut c.bench;
                if pool.is_none() && !bench.mutates() {
                    // One toggle around a sample's worth of back-to-back calls.
                    toggle(true);
                    for _ in 0..c.iters {
                        bench.run(0);
                    }
                    toggle(false);
                    return c.iters;
                }
                // Every case once, restoring each untimed (uncounted) first.
                let calls = pool.unwrap_or_else(|| bench.cases());
                for case in 0..calls {
                    bench.reset(case);
                    toggle(true);
                    bench.run(case);
                    toggle(false);
                }
                calls as u64
            }),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bench that counts the calls each case gets.
    struct Counting(std::rc::Rc<std::cell::RefCell<Vec<u64>>>);

    impl Bench for Counting {
        fn cases(&self) -> usize {
            self.0.borrow().len()
        }
        fn units(&self, _: usize) -> u64 {
            5
        }
        fn run(&mut self, case: usize) {
            self.0.borrow_mut()[case] += 1;
        }
    }

    #[test]
    fn inputs_together_stay_within_the_l1_cache() {
        assert_eq!(inputs_at(16), INPUTS);
        assert_eq!(inputs_at(4 << 10), INPUTS);
        assert_eq!(inputs_at(8 << 10), 4);
        assert_eq!(inputs_at(32 << 10), 1);
        assert_eq!(inputs_at(1 << 20), 1);
    }

    #[test]
    fn a_throughput_case_shares_its_calls_between_its_inputs() {
        let calls = std::rc::Rc::new(std::cell::RefCell::new(vec![0; INPUTS]));
        let mut bench = Rotating {
            inputs: Box::new(Counting(calls.clone())),
            next: 0,
        };
        assert_eq!((bench.cases(), bench.units(0)), (1, 5));
        bench.repeat(0, 2 * INPUTS as u64 + 3);
        let expected: Vec<u64> = (0..INPUTS).map(|w| 2 + u64::from(w < 3)).collect();
        assert_eq!(*calls.borrow(), expected);
        bench.run(0);
        bench.run(0);
        assert_eq!(calls.borrow()[0], 4);
        assert_eq!(calls.borrow()[1], 4);
    }

    #[test]
    fn latency_passes_time_enough_calls_for_a_p99_where_they_fit() {
        let ms = Duration::from_millis(1);
        assert_eq!(latency_calls(100.0, ms, 1024), LATENCY_CALLS);
        // 3 ms of 100 µs calls.
        assert_eq!(latency_calls(100e3, ms, 1024), 30);
        // Dear calls: one chunk, or the whole pool when it is smaller.
        assert_eq!(latency_calls(50e6, ms, 1024), CHUNK);
        assert_eq!(latency_calls(50e6, ms, 4), 4);
        // A short budget shortens samples, and the calls with them.
        assert_eq!(latency_calls(10e3, ms / 4, 1024), 75);
    }

    #[test]
    fn shuffles_are_permutations_and_seeded() {
        let mut a = Rng::new(3);
        let mut b = Rng::new(3);
        let (x, y) = (shuffled(50, &mut a), shuffled(50, &mut b));
        assert_eq!(x, y);
        let mut sorted = x.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        // Successive rounds differ.
        assert_ne!(shuffled(50, &mut a), x);
    }

    #[test]
    fn interleaving_visits_every_position_evenly() {
        // Over many rounds each of 4 variants runs first about a quarter of the time.
        let mut rng = Rng::new(9);
        let mut first = [0usize; 4];
        for _ in 0..4000 {
            first[shuffled(4, &mut rng)[0]] += 1;
        }
        for n in first {
            assert!((850..1150).contains(&n), "{first:?}");
        }
    }

    #[test]
    fn bands_meet_at_geometric_means_within_the_ladder() {
        let ladder = [16, 64, 256];
        assert_eq!(band(&ladder, 0), (16, 32));
        assert_eq!(band(&ladder, 1), (32, 128));
        // The ends stop at the ladder's: nothing beyond it is served from its bands.
        assert_eq!(band(&ladder, 2), (128, 256));
        assert_eq!(band(&[1024], 0), (1024, 1024));
    }

    #[test]
    fn pools_stay_in_band_and_exceed_l1() {
        let mut rng = Rng::new(1);
        let p = pool(32, 128, 64, &mut rng);
        assert!(p
            .iter()
            .all(|c| (32..=128).contains(&c.size) && c.offset < 64));
        assert!(p.iter().map(|c| c.size).sum::<usize>() >= 48 << 10);
        let sizes: std::collections::BTreeSet<_> = p.iter().map(|c| c.size).collect();
        assert!(sizes.len() > 20, "sizes vary");
        let big = pool(1 << 20, 2 << 20, 3 << 20 >> 1, &mut rng);
        assert_eq!(big.len(), 4);
        assert_eq!(
            pool(8, 32, 0, &mut rng).len(),
            4,
            "register-only ops need few cases"
        );
        assert_eq!(
            pool(8, 32, 16 * 16 * 12, &mut rng).len(),
            21,
            "by bytes touched, not units"
        );
    }
}
