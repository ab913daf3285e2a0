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
//!
//! The budget is spent in replicas ([`REPLICAS`] by default), blocks one after the other, each
//! on fresh inputs at fresh addresses, and the interval is widened to hold every block's own
//! ratio, as `tune` folds a cell's replicas ([`analysis::fold`]). A shared host runs in spells
//! of a few hundred milliseconds to seconds that slow some code more than other code: on one
//! AMD EPYC (Zen 3) guest, `search.memrchr` at 91 bytes read `libc`/`avx2` ×0.76 in one
//! half-second process and ×1.20 in the next, each with an interval under 1 % wide. Pairing
//! cancels drift that slows both variants alike, not a spell that reorders them; a verdict
//! should hold only if it would hold again.

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
    /// How many replicas were measured (as asked, fewer when the budget ran out).
    pub replicas: usize,
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

/// How [`compare`] measures.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// The size, in the op's units (positive).
    pub size: usize,
    /// The strategy.
    pub strategy: Strategy,
    /// About how long to measure, all replicas together.
    pub budget: Duration,
    /// Blocks of the budget measured one after the other, each on fresh inputs at fresh
    /// addresses (at least 1; see the module documentation): [`REPLICAS`] for a verdict that
    /// should hold again, 1 for a check too short to split.
    pub replicas: usize,
    /// Seed of the inputs and of the interleaving order.
    pub seed: u64,
    /// Whether to verify both variants against the op's reference first. A quick check of
    /// variants verified elsewhere (`arsenal check`) skips it, as verifying would take most of
    /// its time; only timing is then at stake, since a variant that computes a wrong answer is
    /// still memory-safe under the op's contract.
    pub verify: bool,
}

/// Measures variants `a` and `b` of `op` (verified first if `setup.verify`) at `setup.size`,
/// interleaved, for about `setup.budget`.
///
/// # Errors
/// A variant unknown, unavailable here or (verifying) wrong; a zero size; too few samples.
pub fn compare(
    op: &dyn Workload,
    a: &str,
    b: &str,
    setup: &Setup,
) -> Result<Comparison, CompareError> {
    if setup.size == 0 {
        return Err(CompareError::Size("the size must be positive".into()));
    }
    let pick = |name| match setup.verify {
        true => variant(op, name),
        false => available(op, name),
    };
    measure([pick(a)?, pick(b)?], op, setup)
}

/// The default replicas of a comparison: blocks of the budget measured one after the other,
/// each on fresh inputs at fresh addresses (see the module documentation).
pub const REPLICAS: usize = 3;

/// Rounds a replica needs for its own ratio to widen the interval; its rounds join the pool
/// either way. The median of fewer is too rough to widen by: a replica of 33 ms (0.1 s in
/// three) held 8–18 rounds on a busy machine, and one outlier pair there moved a 4× ratio to
/// 1.1.
const MIN_OWN_ROUNDS: usize = 30;

/// `paired` (B's time over A's from all rounds, with its interval) widened to hold each
/// replica's own ratio.
fn widened((ratio, (low, high)): (f64, (f64, f64)), replicas: &[f64]) -> (f64, (f64, f64)) {
    let hull = replicas
        .iter()
        .fold((low, high), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    (ratio, hull)
}

/// Measures the two variants `infos` of `op` as `setup` says: interleaved, in replicas.
fn measure(
    infos: [&'static VariantInfo; 2],
    op: &dyn Workload,
    setup: &Setup,
) -> Result<Comparison, CompareError> {
    let &Setup {
        size,
        strategy,
        budget,
        seed,
        ..
    } = setup;
    let replicas = setup.replicas.max(1);
    let band = match (strategy, op.sizes().iter().position(|&s| s == size)) {
        (Strategy::Latency, Some(index)) => sampling::band_of(op, op.sizes(), index),
        _ => (size, size),
    };
    let affinity = Affinity::new();
    let mut perf = PerfCounters::open();
    let mut rng = Rng::new(seed);
    let cycles = CycleClock::calibrate();
    let started = Instant::now();
    let (mut a_rounds, mut b_rounds) = (Vec::new(), Vec::new());
    let mut own_ratios = Vec::new();
    let mut results: [Vec<VariantResult>; 2] = Default::default();
    for replica in 0..replicas {
        let deadline = started + budget.mul_f64((replica + 1) as f64 / replicas as f64);
        if replica > 0 && Instant::now() >= deadline {
            break;
        }
        let _shift = crate::fresh_layout(&mut rng);
        let mut env = Env {
            min_sample: Duration::from_millis(1).min(budget / 20 / replicas as u32),
            hard_deadline: deadline,
            cell_deadline: deadline,
            affinity: &affinity,
            perf: perf.as_mut().ok(),
            cycles,
            rng: &mut rng,
            seed: seed ^ size as u64 ^ (replica as u64) << 32,
        };
        let measured = match strategy {
            Strategy::Throughput => sampling::throughput(op, size, &infos, &mut env),
            Strategy::Latency => sampling::latency(op, band, &infos, &mut env),
        };
        let contenders = match measured {
            Ok(contenders) => contenders,
            Err(e) if replica == 0 => {
                affinity.unpin();
                return Err(CompareError::Measure(e));
            }
            Err(_) => break,
        };
        if strategy == Strategy::Throughput {
            let (a, b) = (&contenders[0].samples, &contenders[1].samples);
            if a.len().min(b.len()) >= MIN_OWN_ROUNDS {
                own_ratios.extend(paired_ratio(a, b).map(|(ratio, _)| ratio));
            }
            a_rounds.extend_from_slice(a);
            b_rounds.extend_from_slice(b);
        }
        for (of, c) in results.iter_mut().zip(contenders) {
            of.extend(analysis::summarise(c, strategy));
        }
    }
    affinity.unpin();
    let measured = results[0].len().min(results[1].len());
    let [ra, rb] = results.map(|r| analysis::fold(r, strategy));
    let too_few = || CompareError::Measure("fewer than two samples; raise the budget".into());
    let (ra, rb) = (ra.ok_or_else(too_few)?, rb.ok_or_else(too_few)?);
    let (ratio, ratio_ci) = match strategy {
        Strategy::Throughput => widened(
            paired_ratio(&a_rounds, &b_rounds).ok_or_else(too_few)?,
            &own_ratios,
        ),
        // The folded p99 intervals already hold each replica's p99.
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
        replicas: measured,
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
    fn replicas_that_disagree_leave_no_verdict() {
        // All rounds pooled say B is 1.1 × A, tightly; one replica said 0.9.
        let pooled = (1.1, (1.09, 1.11));
        let (ratio, interval) = widened(pooled, &[1.1, 1.25, 0.9]);
        assert_eq!((ratio, interval), (1.1, (0.9, 1.25)));
        assert_eq!(faster(interval), Faster::Neither);
        // Replicas that agree keep the pooled interval.
        assert_eq!(widened(pooled, &[1.095, 1.1, 1.105]), pooled);
        assert_eq!(faster(widened(pooled, &[1.095, 1.1]).1), Faster::A);
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
        let setup = |size| Setup {
            size,
            strategy: Strategy::Throughput,
            budget: Duration::from_millis(50),
            replicas: 1,
            seed: 1,
            verify: true,
        };
        let err = compare(op, "scalar", "nope", &setup(64)).unwrap_err();
        assert!(matches!(&err, CompareError::Unknown { variant, .. } if variant == "nope"));
        assert!(err.to_string().contains("variants: scalar"), "{err}");
        let err = compare(op, "scalar", "scalar", &setup(0)).unwrap_err();
        assert!(matches!(err, CompareError::Size(_)));
        let missing = op.variants().into_iter().find(|v| !v.is_available());
        if let Some(missing) = missing {
            let err = compare(op, missing.name, "scalar", &setup(64)).unwrap_err();
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
        for strategy in Strategy::ALL {
            let setup = Setup {
                size: 64 << 10,
                strategy,
                budget: Duration::from_millis(300),
                replicas: REPLICAS,
                seed: 7,
                verify: true,
            };
            let c = compare(op, vector.name, "scalar", &setup).unwrap();
            assert_eq!(c.replicas, REPLICAS);
            assert_eq!(c.faster, Faster::A, "{strategy}: {c:?}");
            assert!(c.ratio > 1.5, "{strategy}: ratio {}", c.ratio);
            assert!(c.ratio_ci.0 <= c.ratio && c.ratio <= c.ratio_ci.1);
        }
    }
}
