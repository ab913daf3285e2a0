//! From samples to figures: per-variant statistics, and the verdict of a cell.

use crate::sampling::Contender;
use crate::stats::Sorted;
use crate::{Strategy, VariantResult, Verdict};

/// Statistics of one contender's samples, or `None` with fewer than two.
pub fn summarise(c: Contender, strategy: Strategy) -> Option<VariantResult> {
    let sorted = Sorted::new(&c.samples).ok()?;
    let median_ci = sorted.quantile_interval(0.5);
    let p99_ci = sorted.quantile_interval(0.99);
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
        counters: c.counters,
        samples_ns: c.samples,
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
}
