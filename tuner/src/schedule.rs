//! The plan of a run: which cells are measured, with how long a sample, before anything is timed.
//!
//! Coverage comes first. Every (op, strategy, size) cell gets a first pass — its variants' minimum
//! rounds, priced by [`price`](crate::price) — before any cell gets a second. When the first
//! passes of every cell do not fit the time there is, the sample is shortened first (down to a
//! quarter of the configured one); if that is not enough, the ladder of *every* op is thinned
//! alike: each ladder's smallest and largest size first, then the sizes that halve it, quarter
//! it, …, level by level across all ops while they fit, so no op is starved for another and one
//! dear cell does not crowd out cheaper ones. The cells left out are reported, with the budget
//! that would cover them.
//!
//! The schedule is a plain value: [`plan`] is a pure function of the priced cells and the time,
//! testable without timing anything. The executor in [`tune`](crate::tune) follows it and keeps the
//! first passes still to come reserved, so later replicas only spend what is left, each op its part
//! (see [`ledger`](crate::ledger)).

use std::time::Duration;

use arsenal::registry::VariantInfo;

use crate::price::{cell_minimum, CallCost, LeftOut};
use crate::Strategy;

/// The fractions of the configured sample the planner tries, longest first.
const SAMPLE_DIVISORS: [u32; 3] = [1, 2, 4];

/// One cell as planned.
#[derive(Clone, Debug)]
pub struct Slot {
    /// Index of the op in the run's op list.
    pub op: usize,
    /// The op's name.
    pub op_name: &'static str,
    /// The strategy.
    pub strategy: Strategy,
    /// The size.
    pub size: usize,
    /// Sizes drawn from (latency) or `(size, size)`.
    pub band: (usize, usize),
    /// The position of the size in its (op, strategy) ladder.
    pub rung: usize,
    /// The variants to time.
    pub timed: Vec<&'static VariantInfo>,
    /// The variants left out as hopelessly slow here.
    pub left_out: Vec<LeftOut>,
    /// The timed variants' costs at this cell (at the band's middle for latency).
    pub costs: Vec<CallCost>,
    /// Inputs in a latency pool (0 for throughput).
    pub pool_cases: usize,
}

impl Slot {
    /// The least time one pass of this cell takes with samples of `min_sample`.
    pub fn minimum(&self, min_sample: Duration) -> Duration {
        cell_minimum(self.strategy, &self.costs, min_sample, self.pool_cases)
    }
}

/// What the run will measure.
#[derive(Clone, Debug)]
pub struct Schedule {
    /// The cells to measure, in the order given (op by op).
    pub cells: Vec<Slot>,
    /// Cells left out because their first passes did not fit.
    pub dropped: Vec<Slot>,
    /// The sample length the run uses.
    pub min_sample: Duration,
    /// The first pass of every kept cell, at `min_sample`.
    pub first_pass: Duration,
    /// The first pass of every cell, kept or not, at the configured sample: the time that would
    /// cover the whole ladder as configured.
    pub needed: Duration,
    /// The time there was to plan with.
    pub available: Duration,
}

impl Schedule {
    /// Whether every cell is measured.
    pub fn complete(&self) -> bool {
        self.dropped.is_empty()
    }

    /// The least time of each kept cell's pass, in order.
    pub fn minimums(&self) -> Vec<Duration> {
        self.cells
            .iter()
            .map(|c| c.minimum(self.min_sample))
            .collect()
    }
}

/// Plans `cells` into `available` time with samples of at least `min_sample` (see the module
/// doc).
pub fn plan(cells: Vec<Slot>, available: Duration, min_sample: Duration) -> Schedule {
    let total = |cells: &[Slot], sample: Duration| -> Duration {
        cells.iter().map(|c| c.minimum(sample)).sum()
    };
    let needed = total(&cells, min_sample);
    let mut sample = min_sample;
    for divisor in SAMPLE_DIVISORS {
        sample = min_sample / divisor;
        let first_pass = total(&cells, sample);
        if first_pass <= available {
            return Schedule {
                first_pass,
                cells,
                dropped: Vec::new(),
                min_sample: sample,
                needed,
                available,
            };
        }
    }
    let (kept, dropped) = thin(cells, sample, available);
    Schedule {
        first_pass: total(&kept, sample),
        cells: kept,
        dropped,
        min_sample: sample,
        needed,
        available,
    }
}

/// The least time the first passes of `cells` take: each at the shortest sample the planner
/// tries. With this much time [`plan`] keeps every cell.
pub fn least_first_pass(cells: &[Slot], min_sample: Duration) -> Duration {
    let shortest = min_sample / SAMPLE_DIVISORS[SAMPLE_DIVISORS.len() - 1];
    cells.iter().map(|c| c.minimum(shortest)).sum()
}

/// How coarse a rung's level is: a ladder's ends come first (0), then the rungs that halve it,
/// quarter it, … (the rung divisible by the largest power of two first), so taking levels in
/// order thins every ladder alike.
fn level(rung: usize, last: usize) -> u32 {
    if rung == 0 || rung == last {
        0
    } else {
        usize::BITS - rung.trailing_zeros()
    }
}

/// Keeps cells level by level (see [`level`]), the cheaper first within a level, as long as
/// they fit: every ladder keeps its ends before any keeps a middle rung, and one dear cell that
/// does not fit does not stop cheaper ones of the same level. The order of `cells` is kept.
fn thin(cells: Vec<Slot>, sample: Duration, available: Duration) -> (Vec<Slot>, Vec<Slot>) {
    let last = |c: &Slot| {
        cells
            .iter()
            .filter(|o| o.op == c.op && o.strategy == c.strategy)
            .map(|o| o.rung)
            .max()
            .unwrap_or(0)
    };
    let levels: Vec<u32> = cells.iter().map(|c| level(c.rung, last(c))).collect();
    let minimums: Vec<Duration> = cells.iter().map(|c| c.minimum(sample)).collect();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by_key(|&i| (levels[i], minimums[i]));
    let mut keep = vec![false; cells.len()];
    let mut spent = Duration::ZERO;
    for i in order {
        if spent + minimums[i] <= available {
            spent += minimums[i];
            keep[i] = true;
        }
    }
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for (cell, k) in cells.into_iter().zip(keep) {
        if k {
            kept.push(cell);
        } else {
            dropped.push(cell);
        }
    }
    (kept, dropped)
}

/// Why a size between two measured ones is worth measuring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Between {
    /// The winners differ and one is decisive: a winner decisive at 16 B and tied at 64 B may
    /// still lose by 40 % at 32 B.
    Crossover,
    /// Two ties whose winners differ: less certain, no less real. Two default tunes on an AMD
    /// EPYC (family 25 model 1) had `sort.u64` tied at 32 and at 100 elements with different
    /// winners, and the band boundary between them, at 57, lost 49 % there.
    TiedCrossover,
    /// One winner, decisive on one side and tied on the other: the variant it tied may win
    /// between. `linalg.sgemm`'s crate:gemm won n = 8 decisively and tied packed_avx2 at 16, and
    /// lost to it by 22–28 % at 11 (verify-manifest, same host).
    Contested,
}

/// One measured size of an op under one strategy, as the bisections see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured<'a> {
    /// The size.
    pub size: usize,
    /// The fastest variant there.
    pub winner: &'a str,
    /// The next fastest, if any.
    pub runner_up: Option<&'a str>,
    /// Whether the winner's interval is clear below the runner-up's.
    pub decisive: bool,
    /// Every timed variant's objective there, ns per call.
    pub times: Vec<(&'a str, f64)>,
}

impl Measured<'_> {
    fn time(&self, variant: &str) -> Option<f64> {
        self.times.iter().find(|t| t.0 == variant).map(|t| t.1)
    }
}

/// What a wrong boundary between `a` and `b` may cost: the largest ratio, at either size, of a
/// contender's time to that size's winner's. The contenders are the two winners and the
/// runner-up of a size that was not decisive (the variant a tie may hand the sizes between to).
/// `sort.u64` tied at 32 and at 100 elements (msd, then std:sort_unstable) stakes 1.97: std took
/// twice msd's time at 32.
pub fn stake<'a>(a: &Measured<'a>, b: &Measured<'a>) -> f64 {
    fn tied_runner_up<'a>(m: &Measured<'a>) -> Option<&'a str> {
        m.runner_up.filter(|_| !m.decisive)
    }
    let contenders = [
        Some(a.winner),
        Some(b.winner),
        tied_runner_up(a),
        tied_runner_up(b),
    ];
    let mut stake: f64 = 1.0;
    for end in [a, b] {
        let Some(best) = end.time(end.winner).filter(|t| *t > 0.0) else {
            continue;
        };
        for c in contenders.iter().flatten() {
            if let Some(t) = end.time(c) {
                stake = stake.max(t / best);
            }
        }
    }
    stake
}

/// The order bisections go in, each as `(stake, why)`: the highest [`stake`] first, the reason
/// breaking a tie.
pub fn most_at_stake_first(a: (f64, Between), b: (f64, Between)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The sizes to measure between neighbouring measured sizes where the choice may change: the
/// geometric mean of each such pair `(a, b)` (in log-size, the bisection of the crossover), when
/// a size lies strictly between them, each with why and its [`stake`], the highest stake first
/// (the most a wrong boundary could cost; the reason breaks a tie). `measured` is ascending by
/// size; sizes are multiples of `step` (the op's [`size_step`](arsenal::Workload::size_step)).
///
/// Ordered by reason alone, the decisive crossovers of one strategy filled an op's slots first:
/// `sort.u64`'s latency crossovers took every slot of two default tunes on an AMD EPYC (family 25
/// model 1), its throughput ties at 32 and 100 elements went unbisected, and the boundary guessed
/// between them lost 46 % at 57 in verify-manifest.
pub fn bisections(measured: &[Measured<'_>], step: usize) -> Vec<(usize, Between, f64)> {
    let mut between: Vec<(usize, Between, f64)> = measured
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let why = match (a.winner != b.winner, a.decisive, b.decisive) {
                (true, false, false) => Between::TiedCrossover,
                (true, _, _) => Between::Crossover,
                (false, x, y) if x != y => Between::Contested,
                _ => return None,
            };
            let mid = (a.size as f64 * b.size as f64).sqrt().round() as usize;
            let mid = arsenal::workload::on_step(mid, step, (a.size + 1, b.size.saturating_sub(1)));
            (a.size < mid && mid < b.size).then(|| (mid, why, stake(a, b)))
        })
        .collect();
    between.sort_by(|x, y| most_at_stake_first((x.2, x.1), (y.2, y.1)));
    between
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A default run's shape: 13 ops × 2 strategies × 10 sizes, each cell 10 variants whose calls
    /// grow four times a rung (1 ns at the bottom, 262 µs at the top of the ladder): about 6 s of
    /// first passes at 1 ms samples.
    fn ladder() -> Vec<Slot> {
        let mut cells = Vec::new();
        for op in 0..13 {
            for strategy in Strategy::ALL {
                for rung in 0..10 {
                    let call_ns = 4f64.powi(rung as i32);
                    cells.push(Slot {
                        op,
                        op_name: "op",
                        strategy,
                        size: 16 << (2 * rung),
                        band: (16 << (2 * rung), 16 << (2 * rung)),
                        rung,
                        timed: Vec::new(),
                        left_out: Vec::new(),
                        costs: vec![
                            CallCost {
                                setup_ns: call_ns,
                                call_ns,
                                mutates: false,
                                measured: true,
                            };
                            10
                        ],
                        pool_cases: 4,
                    });
                }
            }
        }
        cells
    }

    #[test]
    fn every_cell_gets_its_first_pass_for_budgets_of_5_20_and_60_seconds() {
        for secs in [5, 20, 60] {
            let schedule = plan(
                ladder(),
                Duration::from_secs(secs),
                Duration::from_millis(1),
            );
            assert!(
                schedule.complete(),
                "{secs} s: {:?}",
                schedule.dropped.len()
            );
            assert_eq!(schedule.cells.len(), 260);
            assert!(schedule.first_pass <= schedule.available, "{secs} s");
            assert!(schedule.min_sample >= Duration::from_micros(250));
        }
        // 60 s needs no shorter sample; 5 s does.
        let roomy = plan(ladder(), Duration::from_secs(60), Duration::from_millis(1));
        assert_eq!(roomy.min_sample, Duration::from_millis(1));
        let tight = plan(ladder(), Duration::from_secs(5), Duration::from_millis(1));
        assert!(tight.min_sample < Duration::from_millis(1));
    }

    #[test]
    fn a_budget_too_small_thins_every_ladder_alike_and_keeps_its_ends() {
        let all = ladder();
        let needed: Duration = all
            .iter()
            .map(|c| c.minimum(Duration::from_millis(1)))
            .sum();
        let schedule = plan(all, Duration::from_secs(1), Duration::from_millis(1));
        assert!(!schedule.complete());
        assert_eq!(schedule.needed, needed);
        assert!(schedule.first_pass <= schedule.available);
        assert_eq!(schedule.min_sample, Duration::from_micros(250));
        let rungs = |op, strategy| -> Vec<usize> {
            schedule
                .cells
                .iter()
                .filter(|c| c.op == op && c.strategy == strategy)
                .map(|c| c.rung)
                .collect()
        };
        let mut counts = Vec::new();
        for op in 0..13 {
            counts.push(0);
            for strategy in Strategy::ALL {
                let kept = rungs(op, strategy);
                // Every ladder keeps its ends, and the middle in halves, quarters, …
                assert!(
                    kept.contains(&0) && kept.contains(&9),
                    "{op} {strategy:?} {kept:?}"
                );
                for &r in &kept {
                    let coarser = (0..10).filter(|&o| level(o, 9) < level(r, 9));
                    assert!(coarser.into_iter().all(|o| kept.contains(&o)), "{kept:?}");
                }
                *counts.last_mut().unwrap() += kept.len();
            }
        }
        // No op is starved for another (ladders alike, so every op keeps about as many).
        let (fewest, most) = (counts.iter().min(), counts.iter().max());
        assert!(most.unwrap() - fewest.unwrap() <= 1, "{counts:?}");
        assert_eq!(schedule.cells.len() + schedule.dropped.len(), 260);
    }

    #[test]
    fn when_even_the_ends_do_not_fit_the_cheaper_ends_are_kept() {
        let schedule = plan(
            ladder(),
            Duration::from_millis(400),
            Duration::from_millis(1),
        );
        assert!(schedule.first_pass <= schedule.available);
        // Every ladder's cheap end is kept; only dear top rungs go.
        for op in 0..13 {
            for strategy in Strategy::ALL {
                assert!(schedule
                    .cells
                    .iter()
                    .any(|c| c.op == op && c.strategy == strategy && c.rung == 0));
            }
        }
        assert!(schedule.dropped.iter().any(|c| c.rung == 9));
    }

    /// A measured size whose winner takes 1 ns and whose other variants `others` (name, time).
    fn at<'a>(
        size: usize,
        winner: &'a str,
        decisive: bool,
        others: &[(&'a str, f64)],
    ) -> Measured<'a> {
        let mut times = vec![(winner, 1.0)];
        times.extend_from_slice(others);
        Measured {
            size,
            winner,
            runner_up: others.first().map(|o| o.0),
            decisive,
            times,
        }
    }

    #[test]
    fn bisections_fall_between_winners_that_differ_where_the_most_is_at_stake() {
        let measured = [
            at(16, "a", false, &[("b", 1.02)]),
            // Two ties that differ: bisect at 32, stake 1.02 (b within 2 % at 16, a at 64).
            at(64, "b", false, &[("a", 1.01)]),
            // Same winner, tied then decisive: bisect at 128; a, tied at 64, takes 1.5× at 256.
            at(256, "b", true, &[("a", 1.5)]),
            // b decisive, c a tie: bisect at 512; b takes 1.2× c's time at 1024.
            at(1024, "c", false, &[("b", 1.2)]),
            // Same winner, both ties: nothing.
            at(4096, "c", false, &[("b", 1.01)]),
            // c tie, b decisive: bisect at 5793; c takes 3× b at 8192.
            at(8192, "b", true, &[("c", 3.0)]),
            // No integer between: nothing.
            at(8193, "c", true, &[("b", 2.0)]),
            // Same winner, both decisive: nothing.
            at(9000, "c", true, &[("b", 2.0)]),
        ];
        use Between::*;
        let found: Vec<(usize, Between)> = bisections(&measured, 1)
            .into_iter()
            .map(|(size, why, _)| (size, why))
            .collect();
        assert_eq!(
            found,
            [
                (5793, Crossover),
                (128, Contested),
                (512, Crossover),
                (32, TiedCrossover)
            ]
        );
        assert!(bisections(&[], 1).is_empty());
        // Sizes in steps of 4 (base64 text): 23 is no size, 24 is; none lies between 20 and 24.
        let quanta = [
            at(16, "a", true, &[]),
            at(32, "b", true, &[]),
            at(36, "a", true, &[]),
        ];
        let found: Vec<usize> = bisections(&quanta, 4).iter().map(|b| b.0).collect();
        assert_eq!(found, [24]);
        assert!(bisections(&[at(20, "a", true, &[]), at(24, "b", true, &[])], 4).is_empty());
    }

    #[test]
    fn a_tie_with_much_at_stake_goes_before_a_close_decisive_crossover() {
        // sort.u64 throughput, two default tunes on an AMD EPYC (family 25 model 1): msd tied
        // small at 32, std:sort_unstable tied msd at 100, std twice msd's time at 32.
        let sort = [
            at(
                32,
                "msd",
                false,
                &[("small", 1.18), ("std:sort_unstable", 1.97)],
            ),
            at(
                100,
                "std:sort_unstable",
                false,
                &[("msd", 1.06), ("small", 1.81)],
            ),
        ];
        let tie = bisections(&sort, 1);
        assert_eq!((tie[0].0, tie[0].1), (57, Between::TiedCrossover));
        assert!((tie[0].2 - 1.97).abs() < 1e-9, "{tie:?}");
        // A decisive crossover of variants within 5 % of each other at both ends stakes less.
        let close = [
            at(16, "avx2", true, &[("sse2", 1.05)]),
            at(64, "sse2", true, &[("avx2", 1.04)]),
        ];
        let crossover = bisections(&close, 1);
        assert_eq!(crossover[0].1, Between::Crossover);
        assert!((crossover[0].2 - 1.05).abs() < 1e-9);
        let mut both: Vec<Measured<'_>> = close.to_vec();
        both.extend(sort.iter().map(|m| Measured {
            size: m.size * 100,
            ..m.clone()
        }));
        let order: Vec<Between> = bisections(&both, 1).iter().map(|b| b.1).collect();
        assert_eq!(order[0], Between::TiedCrossover);
    }

    #[test]
    fn levels_halve_the_ladder() {
        let levels: Vec<u32> = (0..10).map(|r| level(r, 9)).collect();
        // Ends, then 8, then 4, then 2 and 6, then the odd rungs.
        let mut order: Vec<usize> = (0..10).collect();
        order.sort_by_key(|&r| levels[r]);
        assert_eq!(order, [0, 9, 8, 4, 2, 6, 1, 3, 5, 7]);
    }
}
