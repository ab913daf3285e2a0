//! How long a variant will take at the next size, from the last size it was measured at.
//!
//! The ladder runs from small to large sizes. A variant far slower than the rest (a naive triple
//! loop at n = 1024, a byte-at-a-time scan of 256 MiB) would spend seconds per call there, longer
//! than its cell's share of the budget, and it cannot win. Such a variant is left out of the cell
//! (and reported so) when both hold: its predicted time per call is at least [`SLOWER`] × the
//! fastest prediction, and [`MIN_ROUNDS`](crate::sampling::MIN_ROUNDS) calls of it exceed the
//! cell's share. Predictions scale the last time per call by the ratio of units of work, which is
//! exact for linear ops and optimistic for the rest.

use std::collections::HashMap;
use std::time::Duration;

use arsenal::registry::VariantInfo;

use crate::sampling::MIN_ROUNDS;
use crate::{Strategy, VariantResult};

/// A variant predicted this many times slower than the fastest may be left out.
pub const SLOWER: f64 = 10.0;

/// The last measured (units per call, ns per call) of each (strategy, variant) of one op.
#[derive(Debug, Default)]
pub struct Pace {
    last: HashMap<(Strategy, &'static str), (f64, f64)>,
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

impl Pace {
    /// Remembers the figures of a measured cell.
    pub fn record(&mut self, strategy: Strategy, results: &[VariantResult]) {
        for r in results {
            self.last
                .insert((strategy, r.variant), (r.units_per_call, r.median_ns));
        }
    }

    /// The predicted ns per call of `variant` at `units` per call, if it was measured before.
    pub fn predict(&self, strategy: Strategy, variant: &str, units: f64) -> Option<f64> {
        let &(u0, ns0) = self.last.get(&(strategy, variant))?;
        (u0 > 0.0).then(|| ns0 * units / u0)
    }

    /// Splits `candidates` into those to time and those left out (see the module doc).
    pub fn select(
        &self,
        strategy: Strategy,
        candidates: &[&'static VariantInfo],
        units: f64,
        share: Duration,
    ) -> (Vec<&'static VariantInfo>, Vec<LeftOut>) {
        let predicted: Vec<Option<f64>> = candidates
            .iter()
            .map(|v| self.predict(strategy, v.name, units))
            .collect();
        let fastest = predicted
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let share_ns = share.as_nanos() as f64;
        let mut kept = Vec::new();
        let mut left = Vec::new();
        for (v, p) in candidates.iter().zip(predicted) {
            match p {
                Some(ns) if ns >= SLOWER * fastest && ns * MIN_ROUNDS as f64 > share_ns => left
                    .push(LeftOut {
                        variant: v.name,
                        predicted_ns: ns,
                        fastest_ns: fastest,
                    }),
                _ => kept.push(*v),
            }
        }
        (kept, left)
    }
}

impl Pace {
    /// The least time a cell of `variants` can take at `units` per call, if every variant was
    /// measured before: two rounds of samples lasting at least `min_sample` each (throughput) or
    /// two timed calls (latency).
    pub fn minimum_cell(
        &self,
        strategy: Strategy,
        variants: &[&'static VariantInfo],
        units: f64,
        min_sample: Duration,
    ) -> Option<Duration> {
        let floor = match strategy {
            Strategy::Throughput => min_sample.as_nanos() as f64,
            Strategy::Latency => 0.0,
        };
        let mut total = 0.0;
        for v in variants {
            total += 2.0 * self.predict(strategy, v.name, units)?.max(floor);
        }
        Some(Duration::from_nanos(total as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(variant: &'static str, units: f64, ns: f64) -> VariantResult {
        VariantResult {
            variant,
            parallel: false,
            units_per_call: units,
            iters_per_sample: 1,
            median_ns: ns,
            mad_ns: 0.0,
            median_ci: (ns, ns),
            p50_ns: ns,
            p99_ns: ns,
            p99_ci: (ns, ns),
            outliers: 0,
            objective_ns: ns,
            objective_ci: (ns, ns),
            counters: Err(String::new()),
            samples_ns: vec![ns; 2],
        }
    }

    #[test]
    fn hopelessly_slow_variants_are_left_out_only_when_they_do_not_fit() {
        let variants = arsenal::workload("search.memchr").unwrap().variants();
        let (scalar, avx2) = (variants[0], variants[3]);
        let mut pace = Pace::default();
        let t = Strategy::Throughput;
        pace.record(
            t,
            &[
                result(scalar.name, 1000.0, 1e6),
                result(avx2.name, 1000.0, 1e4),
            ],
        );
        assert_eq!(pace.predict(t, scalar.name, 8000.0), Some(8e6));
        assert_eq!(pace.predict(Strategy::Latency, scalar.name, 8000.0), None);

        // 100× slower and 3 calls (24 ms) exceed a 10 ms share: left out.
        let (kept, left) = pace.select(t, &[scalar, avx2], 8000.0, Duration::from_millis(10));
        assert_eq!(kept.iter().map(|v| v.name).collect::<Vec<_>>(), [avx2.name]);
        assert_eq!(left[0].variant, scalar.name);
        assert_eq!(left[0].fastest_ns, 8e4);
        // With a share that fits its rounds it is timed after all.
        let (kept, left) = pace.select(t, &[scalar, avx2], 8000.0, Duration::from_secs(1));
        assert_eq!((kept.len(), left.len()), (2, 0));
        // Two rounds of at least 1 ms samples each: 2 × (8 ms + 1 ms).
        let need = pace.minimum_cell(t, &[scalar, avx2], 8000.0, Duration::from_millis(1));
        assert_eq!(need, Some(Duration::from_millis(18)));
        assert_eq!(
            pace.minimum_cell(Strategy::Latency, &[scalar], 1.0, Duration::ZERO),
            None
        );
        // Never measured before: always timed.
        let fresh = Pace::default();
        let (kept, _) = fresh.select(t, &[scalar, avx2], 8000.0, Duration::from_nanos(1));
        assert_eq!(kept.len(), 2);
    }
}
