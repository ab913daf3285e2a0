//! The selection manifest of a run: the plans of every op under both strategies. The schema, its
//! checks and their tests are `arsenal_manifest`'s.

use std::collections::BTreeMap;

use arsenal_manifest::{Manifest, ManifestHost, OpPlan, SCHEMA_VERSION};

use crate::plan::{measured_sizes, ops, plan_with_gaps, Gap, Note};
use crate::policy::Policy;
use crate::record::{Record, Strategy};

/// Builds the manifest of every op in `records` under `policy`, with the notes the plans raised.
///
/// An op measured under one strategy only gets an empty list for the other (and a note); every
/// size left without a candidate is noted; an op with no band at all is left out (and noted). The
/// manifest always passes [`Manifest::validate`].
pub fn build_manifest(
    records: &[Record],
    gaps: &[Gap],
    host: ManifestHost,
    run: i64,
    policy: &Policy,
    default_strategy: Strategy,
    arsenal_version: &str,
) -> (Manifest, Vec<Note>) {
    let mut notes = Vec::new();
    let mut op_plans = BTreeMap::new();
    for op in ops(records) {
        if op.trim().is_empty() {
            notes.extend(Strategy::ALL.map(|strategy| Note {
                op: op.clone(),
                strategy,
                size: None,
                message: "records with an empty op name are ignored".to_string(),
            }));
            continue;
        }
        let mut op_plan = OpPlan::default();
        for strategy in Strategy::ALL {
            let note = |message: &str| Note {
                op: op.clone(),
                strategy,
                size: None,
                message: message.to_string(),
            };
            if measured_sizes(records, &op, strategy).is_empty() {
                notes.push(note("not measured; runtime dispatch will choose"));
                continue;
            }
            let plan = plan_with_gaps(records, gaps, &op, strategy, policy);
            notes.extend(plan.notes);
            if plan.bands.is_empty() {
                notes.push(note("no size has a winner; runtime dispatch will choose"));
            }
            *op_plan.bands_mut(strategy) = plan.bands;
        }
        if op_plan != OpPlan::default() {
            op_plans.insert(op, op_plan);
        }
    }
    let manifest = Manifest {
        schema: SCHEMA_VERSION,
        arsenal: arsenal_version.to_string(),
        host,
        run,
        policy: policy.clone(),
        default_strategy,
        ops: op_plans,
        measured_on: None,
    };
    (manifest, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RUNTIME;
    use crate::record::Origin;
    use crate::test_support::{at, rec};

    #[test]
    fn build_manifest_plans_every_op_and_notes_gaps() {
        let mut avx2 = at(rec("avx2", 5.0, 4.0, 6.0), 1024);
        avx2.requires = vec!["avx2".into()];
        let mut krate = at(rec("crate:x", 1.0, 0.9, 1.1), 1024);
        krate.origin = Origin::Crate;
        let mut other = rec("scalar", 1.0, 0.9, 1.1);
        other.op = "other.op".into();
        let mut latency_only = rec("scalar", 1.0, 0.9, 1.1);
        latency_only.op = "late.op".into();
        latency_only.strategy = Strategy::Latency;
        let records = [
            at(rec("scalar", 10.0, 9.0, 11.0), 16),
            at(rec("avx2", 20.0, 19.0, 21.0), 16),
            at(rec("scalar", 10.0, 9.0, 11.0), 1024),
            avx2,
            krate,
            other,
            latency_only,
        ];
        let policy = Policy {
            no_crates: true,
            exclude: vec!["scalar".into()],
            ..Policy::default()
        };
        let host = ManifestHost {
            vendor: "GenuineIntel".into(),
            ..ManifestHost::default()
        };
        let (manifest, notes) = build_manifest(
            &records,
            &[],
            host.clone(),
            3,
            &policy,
            Strategy::Latency,
            "0.1.0",
        );
        manifest.validate().unwrap();
        assert_eq!((manifest.run, manifest.arsenal.as_str()), (3, "0.1.0"));
        assert_eq!(manifest.host, host);
        assert_eq!(manifest.policy, policy);
        assert_eq!(manifest.default_strategy, Strategy::Latency);
        // "op": scalar excluded, crate:x excluded: avx2 at the one measured size, 1024, and
        // runtime dispatch on either side of it.
        assert_eq!(manifest.ops["op"].throughput.len(), 3);
        for (size, variant) in [(1, RUNTIME), (1024, "avx2"), (1025, RUNTIME)] {
            assert_eq!(
                manifest.variant_for("op", Strategy::Throughput, size),
                Some(variant)
            );
        }
        assert_eq!(manifest.chosen(), [("op", Strategy::Throughput, "avx2")]);
        assert!(manifest.ops["op"].latency.is_empty());
        // "other.op" has only scalar, which is excluded: no bands, left out.
        assert!(!manifest.ops.contains_key("other.op"));
        assert_eq!(manifest.variant_for("late.op", Strategy::Latency, 1), None);
        let lines: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert!(lines.contains(&"op latency: not measured; runtime dispatch will choose".into()));
        assert!(lines.contains(
            &"other.op throughput: no size has a winner; runtime dispatch will choose".into()
        ));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("other.op throughput at size 1024: no candidate")));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("late.op latency at size 1024: no candidate")));
        let text = manifest.to_json_pretty();
        assert_eq!(Manifest::from_json(&text).unwrap(), manifest);
    }

    #[test]
    fn built_crossovers_land_in_the_manifest() {
        let mut records = Vec::new();
        for (size, a, b) in [
            (16, 1.0, 2.0),
            (64, 1.0, 2.0),
            (256, 2.0, 1.0),
            (1024, 2.0, 1.0),
        ] {
            records.push(at(rec("a", a, a * 0.9, a * 1.1), size));
            records.push(at(rec("b", b, b * 0.9, b * 1.1), size));
        }
        let (manifest, notes) = build_manifest(
            &records,
            &[],
            ManifestHost::default(),
            1,
            &Policy::default(),
            Strategy::Throughput,
            "0.1.0",
        );
        assert_eq!(notes.len(), 1, "{notes:?}"); // latency not measured
        let variant = |size| manifest.variant_for("op", Strategy::Throughput, size);
        assert_eq!((variant(127), variant(128)), (Some("a"), Some("b")));
    }
}
