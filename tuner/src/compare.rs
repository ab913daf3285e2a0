//! Two variants of one op measured now, interleaved, and their ratio with a 95 % interval.
//!
//! The cell is measured exactly as `tune` measures one: [`sampling::throughput`] or
//! [`sampling::latency`] with both variants in every round, in shuffled order. The verdict then
//! uses the pairing that interleaving gives:
//!
//! - **throughput**: sample *i* of A and sample *i* of B come from the same round, so the ratio is
//!   the median of the per-round ratios `B_i / A_i`, with the order-statistic interval of that
//!   median ([`Sorted::quantile_interval`]). Drift between rounds cancels in each ratio.
//! - **latency**: the objective is the p99, a tail that pairs do not estimate, so the ratio is
//!   `p99(B) / p99(A)` with the conservative quotient of the two p99 intervals, as in
//!   [`analysis::verdict`].
//!
//! A is faster when the whole interval lies above 1, B when it lies below 1; otherwise there is no
//! significant difference.

use std::time::{Duration, Instant};

use arsenal::harness::Rng;
use arsenal::registry::VariantInfo;
use arsenal::workload::VerifyError;
use arsenal::Workload;

use crate::affinity::Affinity;
use crate::counters::PerfCounters;
use crate::measurement::CycleClock;
use crate::sampling::{self, Env};
use crate::stats::Sorted;
use crate::{analysis, Strategy, VariantResult};

/// Which of the two variants is faster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Faster {
    /// A: the ratio's interval lies above 1.
    A,
    /// B: the ratio's interval lies below 1.
    B,
    /// The interval holds 1.
    Neither,
}

/// The outcome of [`compare`].
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The op.
    pub op: &'static str,
    /// The strategy.
    pub strategy: Strategy,
    /// The size asked for.
    pub size: usize,
    /// The sizes drawn from: `(size, size)` for throughput; for latency the ladder band around
    /// `size` when `size` is on the op's ladder, else `(size, size)`.
    pub band: (usize, usize),
    /// Variant A's figures.
    pub a: VariantResult,
    /// Variant B's figures.
    pub b: VariantResult,
    /// B's time over A's: above 1 when A is faster.
    pub ratio: f64,
    /// Its 95 % interval.
    pub ratio_ci: (f64, f64),
    /// The verdict.
    pub faster: Faster,
}

/// Why two variants could not be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    /// The op has no variant of that name.
    #[error("`{op}` has no variant `{variant}` (variants: {known})")]
    Unknown {
        /// The op.
        op: &'static str,
        /// The name asked for.
        variant: String,
        /// The op's variants, comma-separated.
        known: String,
    },
    /// The host cannot run the variant.
    #[error("`{variant}` is unavailable here: {reason}")]
    Unavailable {
        /// The variant.
        variant: String,
        /// Why.
        reason: String,
    },
    /// The variant disagreed with the reference: timing it would be meaningless.
    #[error("`{variant}` failed verification: {mismatch}")]
    Failed {
        /// The variant.
        variant: String,
        /// The first mismatch.
        mismatch: String,
    },
    /// The size cannot be measured.
    #[error("{0}")]
    Size(String),
    /// Measuring failed.
    #[error("measuring failed: {0}")]
    Measure(String),
}

/// The variant `name` of `op`, verified against the op's reference.
fn variant(op: &dyn Workload, name: &str) -> Result<&'static VariantInfo, CompareError> {
    let info = available(op, name)?;
    match op.verify(name) {
        Ok(()) => Ok(info),
        Err(VerifyError::Mismatch(m)) => Err(CompareError::Failed {
            variant: name.to_string(),
            mismatch: m.to_string(),
        }),
        Err(VerifyError::Variant(e)) => Err(CompareError::Unavailable {
            variant: name.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// The variant `name` of `op`, if this host can run it.
fn available(op: &dyn Workload, name: &str) -> Result<&'static VariantInfo, CompareError> {
    let variants = op.variants();
    let info = variants.iter().find(|v| v.name == name).ok_or_else(|| {
        let known: Vec<&str> = variants.iter().map(|v| v.name).collect();
        CompareError::Unknown {
            op: op.info().name,
            variant: name.to_string(),
            known: known.join(", "),
        }
    })?;
    if !info.is_available() {
        return Err(CompareError::Unavailable {
            variant: name.to_string(),
            reason: info.availability().to_string(),
        });
    }
    Ok(info)
}

/// The median of `b_i / a_i` over paired samples, with its 95 % interval; `None` with fewer than
/// two pairs. O(n log n).
pub fn paired_ratio(a: &[f64], b: &[f64]) -> Option<(f64, (f64, f64))> {
    let ratios: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(&a, &b)| b / a.max(f64::MIN_POSITIVE))
        .collect();
    let sorted = Sorted::new(&ratios).ok()?;
    Some((sorted.median(), sorted.quantile_interval(0.5)))
}

/// The verdict on a ratio interval of B's time over A's.
pub fn faster((low, high): (f64, f64)) -> Faster {
    if low > 1.0 {
        Faster::A
    } else if high < 1.0 {
        Faster::B
    } else {
        Faster::Neither
    }
}

/// Verifies variants `a` and `b` of `op`, then measures them at `size` under `strategy`,
/// interleaved, for about `budget`.
pub fn compare(
    op: &dyn Workload,
    a: &str,
    b: &str,
    size: usize,
    strategy: Strategy,
    budget: Duration,
    seed: u64,
) -> Result<Comparison, CompareError> {
    if size == 0 {
        return Err(CompareError::Size("the size must be positive".into()));
    }
    measure(
        [variant(op, a)?, variant(op, b)?],
        op,
        size,
        strategy,
        budget,
        seed,
    )
}

/// [`compare`] without verifying the two variants first: for a quick check of variants
/// verified elsewhere (`arsenal check`), where verifying would take most of the time. Only
/// timing is at stake: a variant that computes a wrong answer is still memory-safe under the
/// op's contract.
///
/// # Errors
/// As [`compare`], never [`CompareError::Failed`].
pub fn compare_unverified(
    op: &dyn Workload,
    a: &str,
    b: &str,
    size: usize,
    strategy: Strategy,
    budget: Duration,
    seed: u64,
) -> Result<Comparison, CompareError> {
    if size == 0 {
        return Err(CompareError::Size("the size must be positive".into()));
    }
    measure(
        [available(op, a)?, available(op, b)?],
        op,
        size,
        strategy,
        budget,
        seed,
    )
}

/// Measures the two variants `infos` of `op` at `size`, interleaved, for about `budget`.
fn measure(
    infos: [&'static VariantInfo; 2],
    op: &dyn Workload,
    size: usize,
    strategy: Strategy,
    budget: Duration,
    seed: u64,
) -> Result<Comparison, CompareError> {
    let band = match (strategy, op.sizes().iter().position(|&s| s == size)) {
        (Strategy::Latency, Some(index)) => sampling::band_of(op, op.sizes(), index),
        _ => (size, size),
    };
    let affinity = Affinity::new();
    let mut perf = PerfCounters::open();
    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + budget;
    let mut env = Env {
        min_sample: Duration::from_millis(1).min(budget / 20),
        hard_deadline: deadline,
        cell_deadline: deadline,
        affinity: &affinity,
        perf: perf.as_mut().ok(),
        cycles: CycleClock::calibrate(),
        rng: &mut rng,
        seed: seed ^ size as u64,
    };
    let measured = match strategy {
        Strategy::Throughput => sampling::throughput(op, size, &infos, &mut env),
        Strategy::Latency => sampling::latency(op, band, &infos, &mut env),
    };
    affinity.unpin();
    let mut contenders = measured.map_err(CompareError::Measure)?;
    let paired = paired_ratio(&contenders[0].samples, &contenders[1].samples);
    let mut results = contenders
        .drain(..)
        .map(|c| analysis::summarise(c, strategy));
    let too_few = || CompareError::Measure("fewer than two samples; raise the budget".into());
    let (ra, rb) = (
        results.next().flatten().ok_or_else(too_few)?,
        results.next().flatten().ok_or_else(too_few)?,
    );
    let (ratio, ratio_ci) = match strategy {
        Strategy::Throughput => paired.ok_or_else(too_few)?,
        Strategy::Latency => (
            rb.objective_ns / ra.objective_ns.max(f64::MIN_POSITIVE),
            (
                rb.objective_ci.0 / ra.objective_ci.1.max(f64::MIN_POSITIVE),
                rb.objective_ci.1 / ra.objective_ci.0.max(f64::MIN_POSITIVE),
            ),
        ),
    };
    Ok(Comparison {
        op: op.info().name,
        strategy,
        size,
        band,
        a: ra,
        b: rb,
        ratio,
        ratio_ci,
        faster: faster(ratio_ci),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_ratios_cancel_drift_between_rounds() {
        // Round i runs at speed factor (1 + i/10): drift that swamps unpaired medians. B is
        // 1.5 × A in every round, so every pair says 1.5.
        let a: Vec<f64> = (0..40).map(|i| 100.0 * (1.0 + i as f64 / 10.0)).collect();
        let b: Vec<f64> = a.iter().map(|x| x * 1.5).collect();
        let (ratio, (low, high)) = paired_ratio(&a, &b).unwrap();
        assert!((ratio - 1.5).abs() < 1e-12);
        assert!((low - 1.5).abs() < 1e-12 && (high - 1.5).abs() < 1e-12);
        assert_eq!(faster((low, high)), Faster::A);
        assert!(paired_ratio(&[1.0], &[2.0]).is_none());
    }

    #[test]
    fn verdicts_follow_the_interval() {
        assert_eq!(faster((1.01, 1.2)), Faster::A);
        assert_eq!(faster((0.7, 0.99)), Faster::B);
        assert_eq!(faster((0.95, 1.05)), Faster::Neither);
    }

    #[test]
    fn bad_requests_are_named() {
        let op = arsenal::workload("search.memchr").unwrap();
        let budget = Duration::from_millis(50);
        let t = Strategy::Throughput;
        let err = compare(op, "scalar", "nope", 64, t, budget, 1).unwrap_err();
        assert!(matches!(&err, CompareError::Unknown { variant, .. } if variant == "nope"));
        assert!(err.to_string().contains("variants: scalar"), "{err}");
        let err = compare(op, "scalar", "scalar", 0, t, budget, 1).unwrap_err();
        assert!(matches!(err, CompareError::Size(_)));
        let missing = op.variants().into_iter().find(|v| !v.is_available());
        if let Some(missing) = missing {
            let err = compare(op, missing.name, "scalar", 64, t, budget, 1).unwrap_err();
            assert!(matches!(err, CompareError::Unavailable { .. }), "{err}");
        }
    }

    #[test]
    fn a_vector_variant_beats_scalar_on_a_long_input() {
        let op = arsenal::workload("search.memchr").unwrap();
        let vector = op
            .variants()
            .into_iter()
            .find(|v| {
                v.name != "scalar"
                    && v.origin.kind() == arsenal::registry::OriginKind::Own
                    && v.is_available()
            })
            .filter(|v| !v.requires.is_empty());
        let Some(vector) = vector else {
            return; // a host with no vector unit: nothing to compare
        };
        let budget = Duration::from_millis(300);
        for strategy in Strategy::ALL {
            let c = compare(op, vector.name, "scalar", 64 << 10, strategy, budget, 7).unwrap();
            assert_eq!(c.faster, Faster::A, "{strategy}: {c:?}");
            assert!(c.ratio > 1.5, "{strategy}: ratio {}", c.ratio);
            assert!(c.ratio_ci.0 <= c.ratio && c.ratio <= c.ratio_ci.1);
        }
    }
}
