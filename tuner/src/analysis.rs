//! From samples to figures: per-variant statistics, and the verdict of a cell.

use crate::sampling::Contender;
use crate::stats::Sorted;
use crate::{Strategy, VariantResult, Verdict};

/// `(lo, hi)` widened by the clock's `resolution` on each side: an order statistic of readings in
/// steps of 10 ns is known to ±10 ns, however many samples agree on it.
fn widen((lo, hi): (f64, f64), resolution: f64) -> (f64, f64) {
    ((lo - resolution).max(0.0), hi + resolution)
}

/// Statistics of one contender's samples, or `None` with fewer than two. The intervals hold the
/// clock's resolution besides the sampling spread.
pub fn summarise(c: Contender, strategy: Strategy) -> Option<VariantResult> {
    let sorted = Sorted::new(&c.samples).ok()?;
    let median_ci = widen(sorted.quantile_interval(0.5), c.resolution_ns);
    let p99_ci = widen(sorted.quantile_interval(0.99), c.resolution_ns);
    let (objective_ns, objective_ci) = match strategy {
        Strategy::Throughput => (sorted.median(), median_ci),
        Strategy::Latency => (sorted.quantile(0.99), p99_ci),
    };
    Some(VariantResult {
        variant: c.info.name,
        parallel: c.info.parallel,
        units_per_call: c.units_per_call,
        iters_per_sample: c.iters,
        median_ns: sorted.median(),
        mad_ns: sorted.median_abs_dev(),
        median_ci,
        p50_ns: sorted.quantile(0.5),
        p99_ns: sorted.quantile(0.99),
        p99_ci,
        outliers: sorted.tukey_outliers(),
        objective_ns,
        objective_ci,
        resolution_ns: c.resolution_ns,
        counters: c.counters,
        samples_ns: c.samples,
    })
}

/// One variant's figures from several replicas of a cell (measured apart in time, each with
/// fresh inputs at fresh addresses): the estimates come from the pooled samples, and each
/// interval is the pooled interval widened to hold every replica's own estimate, so it holds the
/// spread between replicas as well as the spread within them. Two variants whose order flipped
/// between replicas then overlap, and "decisive" means "would be decisive again". More samples
/// narrow the pooled part; only replicas that agree narrow the rest. `None` when `replicas` is
/// empty.
pub fn fold(replicas: Vec<VariantResult>, strategy: Strategy) -> Option<VariantResult> {
    let mut replicas = replicas.into_iter();
    let first = replicas.next()?;
    let rest: Vec<VariantResult> = replicas.collect();
    if rest.is_empty() {
        return Some(first);
    }
    let all = || std::iter::once(&first).chain(rest.iter());
    let samples: Vec<f64> = all().flat_map(|r| r.samples_ns.iter().copied()).collect();
    let sorted = Sorted::new(&samples).ok()?;
    let resolution = all().map(|r| r.resolution_ns).fold(0.0, f64::max);
    let widened = |pooled: (f64, f64), of: fn(&VariantResult) -> f64| {
        all()
            .map(of)
            .fold(widen(pooled, resolution), |(lo, hi), x| {
                (lo.min(x), hi.max(x))
            })
    };
    let median_ci = widened(sorted.quantile_interval(0.5), |r| r.median_ns);
    let p99_ci = widened(sorted.quantile_interval(0.99), |r| r.p99_ns);
    let (objective_ns, objective_ci) = match strategy {
        Strategy::Throughput => (sorted.median(), median_ci),
        Strategy::Latency => (sorted.quantile(0.99), p99_ci),
    };
    let n = (rest.len() + 1) as f64;
    Some(VariantResult {
        units_per_call: all().map(|r| r.units_per_call).sum::<f64>() / n,
        median_ns: sorted.median(),
        mad_ns: sorted.median_abs_dev(),
        median_ci,
        p50_ns: sorted.quantile(0.5),
        p99_ns: sorted.quantile(0.99),
        p99_ci,
        outliers: sorted.tukey_outliers(),
        objective_ns,
        objective_ci,
        resolution_ns: resolution,
        samples_ns: samples,
        ..first
    })
}

/// The winner (lowest objective) against the runner-up: decisive when the winner's interval
/// lies entirely below the runner-up's. The ratio's interval is the conservative quotient of the
/// two intervals.
pub fn verdict(results: &[VariantResult]) -> Option<Verdict> {
    let mut ranked: Vec<&VariantResult> = results.iter().collect();
    ranked.sort_by(|a, b| a.objective_ns.total_cmp(&b.objective_ns));
    let winner = *ranked.first()?;
    let Some(&runner) = ranked.get(1) else {
        return Some(Verdict {
            winner: winner.variant,
            runner_up: None,
            ratio: 1.0,
            ratio_ci: (1.0, 1.0),
            decisive: true,
        });
    };
    let w = winner.objective_ns.max(f64::MIN_POSITIVE);
    Some(Verdict {
        winner: winner.variant,
        runner_up: Some(runner.variant),
        ratio: runner.objective_ns / w,
        ratio_ci: (
            runner.objective_ci.0 / winner.objective_ci.1.max(f64::MIN_POSITIVE),
            runner.objective_ci.1 / winner.objective_ci.0.max(f64::MIN_POSITIVE),
        ),
        decisive: winner.objective_ci.1 < runner.objective_ci.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &'static str, objective: f64, ci: (f64, f64)) -> VariantResult {
        VariantResult {
            variant: name,
            parallel: false,
            units_per_call: 100.0,
            iters_per_sample: 1,
            median_ns: objective,
            mad_ns: 0.0,
            median_ci: ci,
            p50_ns: objective,
            p99_ns: objective,
            p99_ci: ci,
            outliers: 0,
            objective_ns: objective,
            objective_ci: ci,
            resolution_ns: 0.0,
            counters: Err("none".into()),
            samples_ns: vec![objective; 2],
        }
    }

    #[test]
    fn clear_intervals_are_decisive() {
        let v = verdict(&[
            result("b", 20.0, (19.0, 21.0)),
            result("a", 10.0, (9.0, 11.0)),
        ])
        .unwrap();
        assert_eq!((v.winner, v.runner_up), ("a", Some("b")));
        assert!(v.decisive);
        assert_eq!(v.ratio, 2.0);
        assert_eq!(v.ratio_ci, (19.0 / 11.0, 21.0 / 9.0));
    }

    #[test]
    fn overlapping_intervals_are_a_tie() {
        let v = verdict(&[
            result("a", 10.0, (9.0, 12.0)),
            result("b", 11.0, (10.5, 12.0)),
        ])
        .unwrap();
        assert_eq!(v.winner, "a");
        assert!(!v.decisive);
    }

    #[test]
    fn a_lone_variant_wins_alone() {
        let v = verdict(&[result("a", 10.0, (9.0, 11.0))]).unwrap();
        assert_eq!(v.runner_up, None);
        assert!(verdict(&[]).is_none());
    }

    #[test]
    fn summarise_picks_the_objective_per_strategy() {
        let mut rng = arsenal::harness::Rng::new(1);
        let info = arsenal::workload("search.memchr").unwrap().variants()[0];
        let samples: Vec<f64> = (0..1000)
            .map(|i| 100.0 + (i % 100) as f64 + (rng.below(2) as f64))
            .collect();
        let contender = |samples: Vec<f64>| crate::sampling::Contender::for_test(info, samples);
        let t = summarise(contender(samples.clone()), Strategy::Throughput).unwrap();
        let l = summarise(contender(samples), Strategy::Latency).unwrap();
        assert_eq!(t.objective_ns, t.median_ns);
        assert_eq!(l.objective_ns, l.p99_ns);
        assert!(l.p99_ns > t.median_ns);
        assert!(t.median_ci.0 <= t.median_ns && t.median_ns <= t.median_ci.1);
        assert!(summarise(contender(vec![1.0]), Strategy::Throughput).is_none());
    }

    #[test]
    fn intervals_hold_the_clock_resolution() {
        let info = arsenal::workload("search.memchr").unwrap().variants()[0];
        // A clock in 10 ns steps: every call of one variant reads 60 ns, of another 70 ns.
        let at = |ns: f64| {
            let mut c = crate::sampling::Contender::for_test(info, vec![ns; 1000]);
            c.resolution_ns = 10.0;
            summarise(c, Strategy::Latency).unwrap()
        };
        let (a, b) = (at(60.0), at(70.0));
        assert_eq!(a.objective_ci, (50.0, 70.0));
        assert_eq!(a.median_ci, (50.0, 70.0));
        // One step apart is not told apart, however many samples agree.
        assert!(!verdict(&[a.clone(), b.clone()]).unwrap().decisive);
        assert!(verdict(&[a.clone(), at(90.0)]).unwrap().decisive);
        // Folding keeps the widening.
        let folded = fold(vec![a.clone(), a], Strategy::Latency).unwrap();
        assert_eq!(folded.objective_ci, (50.0, 70.0));
        assert_eq!(folded.resolution_ns, 10.0);
    }

    #[test]
    fn folded_intervals_hold_every_replica() {
        let info = arsenal::workload("search.memchr").unwrap().variants()[0];
        let replica = |base: f64| {
            let samples: Vec<f64> = (0..200).map(|i| base + (i % 10) as f64 * 0.1).collect();
            summarise(
                crate::sampling::Contender::for_test(info, samples),
                Strategy::Throughput,
            )
            .unwrap()
        };
        let (a, b) = (replica(100.0), replica(110.0));
        assert!(a.objective_ci.1 < b.objective_ci.0, "the replicas disagree");
        let folded = fold(vec![a.clone(), b.clone()], Strategy::Throughput).unwrap();
        assert_eq!(folded.samples_ns.len(), 400);
        assert!(folded.objective_ci.0 <= a.objective_ns);
        assert!(folded.objective_ci.1 >= b.objective_ns);
        assert!((100.0..=111.0).contains(&folded.objective_ns));
        // A variant clearly faster than one replica but not than the other is no longer decisive.
        let rival = result("rival", 105.0, (104.5, 105.5));
        assert!(verdict(&[a.clone(), rival.clone()]).unwrap().decisive);
        assert!(!verdict(&[folded, rival]).unwrap().decisive);
        // One replica folds to itself.
        let one = fold(vec![a.clone()], Strategy::Throughput).unwrap();
        assert_eq!(one.objective_ci, a.objective_ci);
        assert!(fold(Vec::new(), Strategy::Latency).is_none());
    }
}
