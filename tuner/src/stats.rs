//! Statistics on one variant's samples: quantiles, MAD, distribution-free intervals, outliers.
//!
//! Intervals for a quantile (the median, p99) are order-statistic intervals: with `n` samples
//! and `B ~ Binomial(n, q)` counting those below the true quantile, `[x₍ₗ₎, x₍ᵤ₎]` covers it with
//! probability `P(l ≤ B < u) ≥ 95 %`. They assume nothing about the distribution (timings are
//! skewed and heavy-tailed), cost one sort, and need no resampling. With very few samples the
//! interval is clamped to the extremes and covers less; the tuner takes enough rounds to avoid that
//! where its budget allows.

use thiserror::Error;

/// Why a set of values is not a sample.
#[derive(Debug, Error, PartialEq)]
pub enum StatsError {
    /// Fewer than two values.
    #[error("a sample needs at least 2 values, got {0}")]
    TooFew(usize),
    /// A NaN or infinite value.
    #[error("a sample holds a non-finite value")]
    NotFinite,
}

/// A sample of at least two finite values, kept sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct Sorted(Vec<f64>);

impl Sorted {
    /// Sorts a copy of `values`. Cost: O(n log n).
    pub fn new(values: &[f64]) -> Result<Sorted, StatsError> {
        if values.len() < 2 {
            return Err(StatsError::TooFew(values.len()));
        }
        if values.iter().any(|v| !v.is_finite()) {
            return Err(StatsError::NotFinite);
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        Ok(Sorted(v))
    }

    /// The values, ascending.
    pub fn values(&self) -> &[f64] {
        &self.0
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a sample has at least two values.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The `q`-quantile (0 ≤ q ≤ 1), interpolating linearly between order statistics. O(1).
    pub fn quantile(&self, q: f64) -> f64 {
        let pos = q.clamp(0.0, 1.0) * (self.0.len() - 1) as f64;
        let lo = pos.floor() as usize;
        let hi = pos.ceil() as usize;
        self.0[lo] + (self.0[hi] - self.0[lo]) * (pos - lo as f64)
    }

    /// The median. O(1).
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// Median absolute deviation from the median (unscaled). O(n log n).
    pub fn median_abs_dev(&self) -> f64 {
        let m = self.median();
        let deviations: Vec<f64> = self.0.iter().map(|v| (v - m).abs()).collect();
        Sorted::new(&deviations).map_or(0.0, |d| d.median())
    }

    /// A 95 % distribution-free interval of the `q`-quantile. O(n) for the binomial sums.
    pub fn quantile_interval(&self, q: f64) -> (f64, f64) {
        let (l, u) = order_statistic_ranks(self.0.len(), q, 0.05);
        (self.0[l - 1], self.0[u - 1])
    }

    /// Number of values outside Tukey's fences (1.5 interquartile ranges beyond the quartiles).
    pub fn tukey_outliers(&self) -> usize {
        let (q1, q3) = (self.quantile(0.25), self.quantile(0.75));
        let iqr = q3 - q1;
        let (lo, hi) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        self.0.iter().filter(|&&v| v < lo || v > hi).count()
    }
}

/// One-based ranks `(l, u)` of the order statistics bounding a `1 - alpha` interval of the
/// `q`-quantile of `n` values, clamped to `1..=n`.
pub fn order_statistic_ranks(n: usize, q: f64, alpha: f64) -> (usize, usize) {
    let cdf = binomial_cdf(n, q);
    // l: the largest k with P(B ≤ k − 1) ≤ α/2.
    let l = (1..=n)
        .rev()
        .find(|&k| cdf[k - 1] <= alpha / 2.0)
        .unwrap_or(1);
    // u: the smallest k with P(B ≥ k) = 1 − P(B ≤ k − 1) ≤ α/2.
    let u = (1..=n)
        .find(|&k| 1.0 - cdf[k - 1] <= alpha / 2.0)
        .unwrap_or(n);
    (l, u.max(l))
}

/// `cdf[k] = P(B ≤ k)` for `B ~ Binomial(n, q)`, `k` in `0..=n`, computed in log space so large
/// `n` does not underflow.
fn binomial_cdf(n: usize, q: f64) -> Vec<f64> {
    let q = q.clamp(1e-12, 1.0 - 1e-12);
    let (lq, lp) = (q.ln(), (1.0 - q).ln());
    let mut log_choose = 0.0; // ln C(n, k)
    let mut acc = 0.0;
    let mut cdf = Vec::with_capacity(n + 1);
    for k in 0..=n {
        if k > 0 {
            log_choose += ((n - k + 1) as f64).ln() - (k as f64).ln();
        }
        acc += (log_choose + k as f64 * lq + (n - k) as f64 * lp).exp();
        cdf.push(acc.min(1.0));
    }
    cdf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(v: &[f64]) -> Sorted {
        Sorted::new(v).unwrap()
    }

    #[test]
    fn rejects_bad_samples() {
        assert_eq!(Sorted::new(&[1.0]), Err(StatsError::TooFew(1)));
        assert_eq!(Sorted::new(&[1.0, f64::NAN]), Err(StatsError::NotFinite));
    }

    #[test]
    fn quantiles_and_mad_known_answers() {
        let s = sample(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        assert_eq!(s.median(), 3.0);
        assert_eq!(s.quantile(0.0), 1.0);
        assert_eq!(s.quantile(1.0), 5.0);
        assert_eq!(s.quantile(0.25), 2.0);
        // |x − 3| = 2,1,0,1,2 → median 1.
        assert_eq!(s.median_abs_dev(), 1.0);
        let even = sample(&[1.0, 2.0, 3.0, 10.0]);
        assert_eq!(even.median(), 2.5);
    }

    #[test]
    fn median_interval_ranks_match_tables() {
        // n = 25: the classical 95 % interval of the median is [x(8), x(18)].
        assert_eq!(order_statistic_ranks(25, 0.5, 0.05), (8, 18));
        // n = 10: [x(2), x(9)] (coverage 97.9 %).
        assert_eq!(order_statistic_ranks(10, 0.5, 0.05), (2, 9));
        // Tiny samples clamp to the extremes.
        assert_eq!(order_statistic_ranks(3, 0.5, 0.05), (1, 3));
    }

    #[test]
    fn p99_interval_brackets_the_rank() {
        let (l, u) = order_statistic_ranks(10_000, 0.99, 0.05);
        assert!(l < 9_900 && u > 9_900, "{l} {u}");
        assert!(u - l < 60, "{l} {u}");
    }

    #[test]
    fn interval_covers_the_true_median_about_95_percent() {
        // Uniform(0,1) samples from a fixed LCG: the true median is 0.5.
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let trials = 2000;
        let covered = (0..trials)
            .filter(|_| {
                let v: Vec<f64> = (0..31).map(|_| next()).collect();
                let (lo, hi) = sample(&v).quantile_interval(0.5);
                lo <= 0.5 && 0.5 <= hi
            })
            .count();
        let rate = covered as f64 / trials as f64;
        assert!((0.94..=0.995).contains(&rate), "coverage {rate}");
    }

    #[test]
    fn tukey_counts_far_values() {
        let mut v: Vec<f64> = (0..20).map(|i| 10.0 + (i % 5) as f64 * 0.1).collect();
        v.push(100.0);
        v.push(-50.0);
        assert_eq!(sample(&v).tukey_outliers(), 2);
    }
}
