//! Ops whose contract is quality (a hash for hash tables: any variant that passes the op's
//! tests): their variants' outputs differ, so a build wires **one** variant for every size and
//! both strategies, and every call of the op in a process agrees with every other. The kernels
//! crate refuses to build from any other plan of such an op.
//!
//! The one variant is the allowed variant (by the policy and the strategy) measured at every
//! measured size whose time, over the fastest allowed time at each size, has the least geometric
//! mean: each measured size weighs the same, so the op's size ladder says what matters. It is
//! chosen under the manifest's default strategy (the other one where that was not measured) and
//! serves both, unbounded: the one case where a plan covers sizes that were not measured, because
//! runtime dispatch there would be another algorithm.

use std::collections::BTreeMap;

use arsenal_manifest::{Band, Manifest, OpPlan};

use crate::plan::{cells, measured_sizes, Note};
use crate::policy::{exclusion, Policy};
use crate::record::{Record, Strategy};

/// The one variant for every size of an op, and what it costs.
#[derive(Clone, Debug, PartialEq)]
pub struct OneVariant {
    /// The variant.
    pub variant: String,
    /// The strategy it was chosen under.
    pub strategy: Strategy,
    /// Geometric mean over the measured sizes of its time over the fastest allowed time there
    /// (1 when it is the fastest at every size).
    pub mean_ratio: f64,
    /// Its largest such ratio, and the size of it.
    pub worst: (f64, u64),
    /// Whether it won every measured size with its interval clear of every other candidate's.
    pub decisive: bool,
}

/// The variant that serves every measured size of `op` under `strategy` best as one (see the
/// module's documentation); `None` when no allowed variant was measured at every size.
pub fn one_variant(
    records: &[Record],
    op: &str,
    strategy: Strategy,
    policy: &Policy,
) -> Option<OneVariant> {
    let sizes = measured_sizes(records, op, strategy);
    // Per variant, its allowed records at each size, in size order.
    let mut by_variant: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    // Every allowed record at each size, read once: the fastest and the intervals come from it.
    let per_size: Vec<Vec<&Record>> = sizes
        .iter()
        .map(|&size| allowed(records, op, strategy, size, policy))
        .collect();
    let fastest: Vec<f64> = per_size
        .iter()
        .map(|cell| {
            cell.iter()
                .map(|r| r.objective_ns)
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    for r in per_size.iter().flatten() {
        by_variant.entry(r.variant.as_str()).or_default().push(r);
    }
    let mut best: Option<OneVariant> = None;
    for (variant, cells) in by_variant {
        if cells.len() != sizes.len() {
            continue;
        }
        let ratios: Vec<f64> = cells
            .iter()
            .zip(&fastest)
            .map(|(r, &f)| r.objective_ns / f)
            .collect();
        let mean_ratio = (ratios.iter().map(|x| x.ln()).sum::<f64>() / ratios.len() as f64).exp();
        let worst = ratios
            .iter()
            .zip(&sizes)
            .map(|(&x, &s)| (x, s))
            .fold((0.0, 0), |w, x| if x.0 > w.0 { x } else { w });
        let decisive = per_size.iter().zip(&cells).all(|(cell, own)| {
            cell.iter()
                .filter(|r| r.variant != variant)
                .all(|r| own.ci_high_ns < r.ci_low_ns)
        });
        let candidate = OneVariant {
            variant: variant.to_string(),
            strategy,
            mean_ratio,
            worst,
            decisive,
        };
        // Ties keep the first by name, so the choice does not depend on record order.
        if best
            .as_ref()
            .is_none_or(|b| candidate.mean_ratio < b.mean_ratio)
        {
            best = Some(candidate);
        }
    }
    best
}

/// The records of `op` at `size` under `strategy` that `policy` and the strategy allow.
fn allowed<'a>(
    records: &'a [Record],
    op: &str,
    strategy: Strategy,
    size: u64,
    policy: &Policy,
) -> Vec<&'a Record> {
    let (kept, _) = cells(records, op, strategy, size);
    kept.into_iter()
        .filter(|r| exclusion(r, strategy, policy).is_none())
        .collect()
}

/// The strategy a quality op's one variant is chosen under: `default` (the manifest's default
/// strategy) when `op` was measured under it, else the other; `None` when neither was.
pub fn choice_strategy(records: &[Record], op: &str, default: Strategy) -> Option<Strategy> {
    let other = Strategy::ALL
        .into_iter()
        .find(|&s| s != default)
        .unwrap_or(default);
    [default, other]
        .into_iter()
        .find(|&s| !measured_sizes(records, op, s).is_empty())
}

/// The one variant a manifest with default strategy `default` serves `op` (a quality op) with,
/// in both strategies: [`one_variant`] under [`choice_strategy`].
pub fn quality_choice(
    records: &[Record],
    op: &str,
    default: Strategy,
    policy: &Policy,
) -> Option<OneVariant> {
    one_variant(records, op, choice_strategy(records, op, default)?, policy)
}

/// Rewrites the plans of `ops` (ops whose contract is quality) in `manifest`: one unbounded
/// band of [`one_variant`] in both strategies, chosen under the manifest's default strategy (the
/// other where it was not measured); the op left out (runtime dispatch) where no variant was
/// measured at every size. A note per op says what was chosen and what it costs.
pub fn plan_quality_ops(
    manifest: &mut Manifest,
    records: &[Record],
    ops: &[&str],
    policy: &Policy,
) -> Vec<Note> {
    let mut notes = Vec::new();
    for &op in ops {
        let Some(strategy) = choice_strategy(records, op, manifest.default_strategy) else {
            continue;
        };
        let note = |message: String| Note {
            op: op.to_string(),
            strategy,
            size: None,
            message,
        };
        match one_variant(records, op, strategy, policy) {
            Some(one) => {
                let band = Band {
                    below: None,
                    variant: one.variant.clone(),
                    decisive: one.decisive,
                    pinned: false,
                    runner_up: None,
                };
                manifest.ops.insert(
                    op.to_string(),
                    OpPlan {
                        throughput: vec![band.clone()],
                        latency: vec![band],
                    },
                );
                notes.push(note(format!(
                    "its contract is quality, so one variant serves every size and both \
                     strategies: {}, {:.2}x the fastest per size on geometric mean, at worst \
                     {:.2}x at size {}",
                    one.variant, one.mean_ratio, one.worst.0, one.worst.1
                )));
            }
            None => {
                manifest.ops.remove(op);
                notes.push(note(
                    "its contract is quality and no allowed variant was measured at every size: \
                     runtime dispatch will choose"
                        .to_string(),
                ));
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, rec};

    fn records() -> Vec<Record> {
        vec![
            // `a` is fastest at 8 and 16 by a little, `b` at 1024 by a lot.
            at(rec("a", 10.0, 9.9, 10.1), 8),
            at(rec("b", 11.0, 10.9, 11.1), 8),
            at(rec("a", 20.0, 19.9, 20.1), 16),
            at(rec("b", 21.0, 20.9, 21.1), 16),
            at(rec("a", 400.0, 399.0, 401.0), 1024),
            at(rec("b", 200.0, 199.0, 201.0), 1024),
            // `c` was not measured at 1024: it cannot serve every size.
            at(rec("c", 1.0, 0.9, 1.1), 8),
        ]
    }

    #[test]
    fn the_one_variant_has_the_least_geometric_mean_ratio() {
        let one = one_variant(&records(), "op", Strategy::Throughput, &Policy::default()).unwrap();
        // Over the fastest at each size (1 by `c`, 20, 200): a (10, 1, 2), b (11, 1.05, 1).
        assert_eq!(one.variant, "b");
        assert!(
            (one.mean_ratio - (11.0f64 * 1.05).cbrt()).abs() < 1e-9,
            "{one:?}"
        );
        assert_eq!(one.worst, (11.0, 8));
        assert!(!one.decisive);
    }

    #[test]
    fn the_policy_limits_the_choice() {
        let policy = Policy {
            exclude: vec!["b".to_string()],
            ..Policy::default()
        };
        let one = one_variant(&records(), "op", Strategy::Throughput, &policy).unwrap();
        assert_eq!(one.variant, "a");
        let none = Policy {
            exclude: vec!["a".to_string(), "b".to_string()],
            ..Policy::default()
        };
        assert_eq!(
            one_variant(&records(), "op", Strategy::Throughput, &none),
            None
        );
    }

    #[test]
    fn a_quality_op_gets_one_unbounded_band_in_both_strategies() {
        let records = records();
        let (mut manifest, _) = crate::build_manifest(
            &records,
            &[],
            Default::default(),
            1,
            &Policy::default(),
            Strategy::Latency,
            "0",
        );
        assert!(
            manifest.ops["op"].throughput.len() > 1,
            "bands by size first"
        );
        let notes = plan_quality_ops(&mut manifest, &records, &["op"], &Policy::default());
        let band = Band {
            below: None,
            variant: "b".to_string(),
            decisive: false,
            pinned: false,
            runner_up: None,
        };
        assert_eq!(manifest.ops["op"].throughput, vec![band.clone()]);
        assert_eq!(manifest.ops["op"].latency, vec![band]);
        // Latency was not measured: chosen under throughput.
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].strategy, Strategy::Throughput);
        assert!(
            notes[0].message.contains("b, 2.26x"),
            "{}",
            notes[0].message
        );
        manifest.validate().unwrap();
    }
}
