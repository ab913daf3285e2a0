//! The oracle's input: one [`Record`] per (op, variant, strategy, size) measured by the tuner.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Who wrote a variant, as a kind: decides the `--only own` and `--no-crates` policies and two tie
/// rules (`arsenal_manifest::OriginKind`, under the oracle's name).
pub use arsenal_manifest::OriginKind as Origin;
pub use arsenal_manifest::{ParseStrategyError, Strategy};

/// A figure with its 95 % confidence interval, in nanoseconds per call.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The point estimate.
    pub ns: f64,
    /// Lower end of the interval.
    pub low_ns: f64,
    /// Upper end of the interval.
    pub high_ns: f64,
}

/// The median of `sorted` (ascending, not empty): the middle value, or the mean of the two.
pub(crate) fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

impl Estimate {
    /// The median of `samples` with its distribution-free 95 % interval: the order statistics at
    /// ranks `n/2 ∓ 0.98·√n` (the normal approximation of the binomial ranks, good from a few
    /// dozen samples). `None` for fewer than 8 samples or a non-finite one.
    pub fn median_of(samples: &[f32]) -> Option<Estimate> {
        let n = samples.len();
        if n < 8 || samples.iter().any(|s| !s.is_finite()) {
            return None;
        }
        let mut sorted: Vec<f64> = samples.iter().map(|&s| f64::from(s)).collect();
        sorted.sort_by(f64::total_cmp);
        let half = 0.98 * (n as f64).sqrt();
        let low = ((n as f64 / 2.0 - half).floor() as usize).clamp(1, n);
        let high = ((n as f64 / 2.0 + half).ceil() as usize).clamp(low, n);
        Some(Estimate {
            ns: median_of_sorted(&sorted),
            low_ns: sorted[low - 1],
            high_ns: sorted[high - 1],
        })
    }
}

/// One measured cell: a variant of an op at one size under one strategy.
///
/// Plain data, as the tuner writes it and the store gives it back. Times are nanoseconds per call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `domain.name`, e.g. `hash.xxh3_64`.
    pub op: String,
    /// `scalar`, `avx2`, `crate:memchr`, …
    pub variant: String,
    /// CPU features the variant executes, by Rust `target_feature` name (`sse4.2`, `avx512bw`).
    pub requires: Vec<String>,
    /// Who wrote the variant.
    pub origin: Origin,
    /// Whether one call spreads over several threads.
    pub parallel: bool,
    /// Threads one call may use; 1 unless `parallel`.
    pub threads: u32,
    /// The strategy this cell was measured under.
    pub strategy: Strategy,
    /// Input size in the op's units (bytes, elements, or matrix n).
    pub size: u64,
    /// Time per call the oracle minimises: the median (throughput) or the p99 (latency).
    pub objective_ns: f64,
    /// Lower end of the objective's 95 % confidence interval.
    pub ci_low_ns: f64,
    /// Upper end of the objective's 95 % confidence interval.
    pub ci_high_ns: f64,
    /// The median and its 95 % interval, where stored (a latency tie on the p99 is broken on it).
    #[serde(default)]
    pub p50: Option<Estimate>,
    /// Units per second, for display only.
    pub figure: Option<f64>,
    /// Hardware counters per call, where they could be read.
    pub counters: Option<BTreeMap<String, f64>>,
}

#[cfg(test)]
mod tests {
    use super::Estimate;

    #[test]
    fn the_median_interval_holds_the_median_and_narrows_with_more_samples() {
        assert_eq!(Estimate::median_of(&[1.0; 7]), None);
        assert_eq!(
            Estimate::median_of(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, f32::NAN]),
            None
        );
        let few: Vec<f32> = (1..=20).map(|i| i as f32).collect();
        let many: Vec<f32> = (1..=2000).map(|i| (i % 20 + 1) as f32).collect();
        let a = Estimate::median_of(&few).unwrap();
        let b = Estimate::median_of(&many).unwrap();
        assert_eq!(a.ns, 10.5);
        assert!(a.low_ns <= a.ns && a.ns <= a.high_ns && a.low_ns < a.high_ns);
        assert!(
            (5.0..=8.0).contains(&a.low_ns) && (13.0..=15.0).contains(&a.high_ns),
            "{a:?}"
        );
        assert!(b.high_ns - b.low_ns <= 1.0, "{b:?}");
    }
}
