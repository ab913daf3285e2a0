//! The selection manifest of a run: the plans of every op under both strategies. The schema and
//! its checks are `arsenal_manifest`'s; tests of reading and writing stay here, beside the plans
//! that fill it.

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
    use crate::features::Level;
    use crate::plan::RUNTIME;
    use crate::record::Origin;
    use crate::test_support::{at, rec};
    use arsenal_manifest::ManifestError;

    const EXAMPLE: &str = r#"{
  "schema": 1,
  "arsenal": "0.1.0",
  "host": { "fingerprint": "f00d", "vendor": "AuthenticAMD", "brand": "AMD Ryzen 9 7950X",
            "family": 25, "model": 97, "stepping": 2, "microcode": "0xa601206",
            "features": ["sse2", "avx2", "avx512f", "avx512bw"] },
  "run": 7,
  "policy": { "only_own": false, "no_crates": false, "max_features": null, "max_threads": null, "exclude": [] },
  "default_strategy": "throughput",
  "ops": {
    "hash.xxh3_64": {
      "throughput": [ { "below": 64, "variant": "scalar", "decisive": true },
                      { "below": null, "variant": "avx512", "decisive": true } ],
      "latency":    [ { "below": null, "variant": "avx2", "decisive": false } ]
    }
  }
}"#;

    fn example() -> Manifest {
        Manifest::from_json(EXAMPLE).unwrap()
    }

    fn with_bands(bands: &str) -> String {
        EXAMPLE.replace(
            r#"[ { "below": null, "variant": "avx2", "decisive": false } ]"#,
            bands,
        )
    }

    fn semantic(text: &str) -> String {
        match Manifest::from_json(text) {
            Err(err @ ManifestError::Semantic { .. }) => err.to_string(),
            other => panic!("expected a semantic error, got {other:?}"),
        }
    }

    #[test]
    fn reads_the_design_example() {
        let manifest = example();
        assert_eq!(manifest.schema, 1);
        assert_eq!(manifest.run, 7);
        assert_eq!(manifest.host.family, 25);
        assert_eq!(manifest.default_strategy, Strategy::Throughput);
        assert!(manifest.policy.is_unrestricted());
        assert_eq!(manifest.ops["hash.xxh3_64"].throughput.len(), 2);
    }

    #[test]
    fn json_round_trips() {
        let manifest = example();
        let text = manifest.to_json_pretty();
        assert_eq!(Manifest::from_json(&text).unwrap(), manifest);
        assert!(
            text.contains(r#""default_strategy": "throughput""#),
            "{text}"
        );
        assert!(text.contains(r#""below": null"#), "{text}");
        let mut restricted = manifest;
        restricted.policy = Policy {
            only_own: true,
            no_crates: true,
            max_features: Some(Level::Sse42),
            max_threads: Some(4),
            exclude: vec!["avx2".into()],
            tie_margin: crate::TieMargin::new(0.05).unwrap(),
        };
        restricted.default_strategy = Strategy::Latency;
        let text = restricted.to_json_pretty();
        assert!(text.contains(r#""max_features": "sse4.2""#), "{text}");
        assert_eq!(Manifest::from_json(&text).unwrap(), restricted);
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let broken = EXAMPLE.replace(r#""run": 7,"#, r#""run": 7"#);
        let err = Manifest::from_json(&broken).unwrap_err();
        let ManifestError::Syntax { line, column, .. } = &err else {
            panic!("expected a syntax error, got {err:?}");
        };
        assert_eq!((*line, *column), (8, 3));
        assert_eq!(err.to_string(), "line 8, column 3: expected `,` or `}`");
    }

    #[test]
    fn wrong_shape_names_line_column_and_field() {
        let err = Manifest::from_json(&EXAMPLE.replace(r#""run": 7"#, r#""run": "seven""#));
        let text = err.unwrap_err().to_string();
        assert!(
            text.starts_with("line 7, column 16: invalid type: string"),
            "{text}"
        );
        let err = Manifest::from_json(&EXAMPLE.replace(r#""default_strategy": "throughput","#, ""));
        let text = err.unwrap_err().to_string();
        assert!(text.contains("missing field `default_strategy`"), "{text}");
        let err = Manifest::from_json(r#"{ "schema": 1 "#).unwrap_err();
        assert!(
            matches!(err, ManifestError::Syntax { line: 1, .. }),
            "{err:?}"
        );
        let err = Manifest::from_json("").unwrap_err();
        assert!(err.to_string().contains("EOF"), "{err}");
    }

    #[test]
    fn unknown_schema_is_refused() {
        let text = EXAMPLE.replace(r#""schema": 1"#, r#""schema": 2"#);
        let err = Manifest::from_json(&text).unwrap_err();
        assert_eq!(err, ManifestError::Schema { found: 2 });
        assert!(err.to_string().contains("schema 2 is not supported"));
        // A future schema with another shape is still reported as a schema problem.
        let err = Manifest::from_json(r#"{"schema": 3, "ops": []}"#).unwrap_err();
        assert_eq!(err, ManifestError::Schema { found: 3 });
    }

    #[test]
    fn unsorted_bands_are_refused_naming_the_op() {
        let text = with_bands(
            r#"[ { "below": 64, "variant": "a", "decisive": true },
                 { "below": 64, "variant": "b", "decisive": true },
                 { "below": null, "variant": "c", "decisive": true } ]"#,
        );
        assert_eq!(
            semantic(&text),
            "op `hash.xxh3_64`: latency: band 2 has `below: 64`, not above the previous band's \
             64; bands must be sorted strictly ascending"
        );
        let text = with_bands(
            r#"[ { "below": 256, "variant": "a", "decisive": true },
                 { "below": 64, "variant": "b", "decisive": true },
                 { "below": null, "variant": "c", "decisive": true } ]"#,
        );
        assert!(semantic(&text).contains("strictly ascending"));
    }

    #[test]
    fn two_unbounded_bands_are_refused() {
        let text = with_bands(
            r#"[ { "below": null, "variant": "a", "decisive": true },
                 { "below": null, "variant": "b", "decisive": true } ]"#,
        );
        assert_eq!(
            semantic(&text),
            "op `hash.xxh3_64`: latency: band 1 is unbounded (`below: null`) but is not the last; \
             only the last band may be unbounded"
        );
    }

    #[test]
    fn a_bounded_last_band_and_empty_names_are_refused() {
        let text = with_bands(r#"[ { "below": 64, "variant": "a", "decisive": true } ]"#);
        assert!(semantic(&text).contains("the last band must be unbounded"));
        let text = with_bands(r#"[ { "below": null, "variant": " ", "decisive": true } ]"#);
        assert_eq!(
            semantic(&text),
            "op `hash.xxh3_64`: latency: band 1 has an empty variant name"
        );
    }

    #[test]
    fn an_empty_band_list_means_no_plan() {
        let text = with_bands("[]");
        let manifest = Manifest::from_json(&text).unwrap();
        assert_eq!(
            manifest.variant_for("hash.xxh3_64", Strategy::Latency, 8),
            None
        );
        let text = EXAMPLE.replace(
            r#",
      "latency":    [ { "below": null, "variant": "avx2", "decisive": false } ]"#,
            "",
        );
        let manifest = Manifest::from_json(&text).unwrap();
        assert!(manifest.ops["hash.xxh3_64"].latency.is_empty());
    }

    #[test]
    fn variant_for_treats_below_as_exclusive() {
        let manifest = example();
        let at = |size| manifest.variant_for("hash.xxh3_64", Strategy::Throughput, size);
        assert_eq!(at(0), Some("scalar"));
        assert_eq!(at(63), Some("scalar"));
        assert_eq!(at(64), Some("avx512"));
        assert_eq!(at(u64::MAX), Some("avx512"));
        assert_eq!(
            manifest.variant_for("hash.xxh3_64", Strategy::Latency, 1),
            Some("avx2")
        );
        assert_eq!(
            manifest.variant_for("hash.other", Strategy::Throughput, 1),
            None
        );
    }

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

    #[test]
    fn chosen_lists_each_variant_once() {
        let manifest = example();
        assert_eq!(
            manifest.chosen(),
            [
                ("hash.xxh3_64", Strategy::Throughput, "scalar"),
                ("hash.xxh3_64", Strategy::Throughput, "avx512"),
                ("hash.xxh3_64", Strategy::Latency, "avx2"),
            ]
        );
    }
}
