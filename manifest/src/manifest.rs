//! The manifest itself: per op and strategy, its size bands, with the host and policy they came
//! from. The format is documented in `docs/manifest.md`. [`Manifest::from_json`] checks syntax
//! (errors name line and column), the schema version, and the band semantics, so `kernels/build.rs`
//! can fail a build with one clear line.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::policy::Policy;
use crate::strategy::Strategy;

/// The variant of a band the build serves by runtime dispatch: sizes the run did not measure, or
/// where no candidate was left. No variant has this name.
pub const RUNTIME: &str = "runtime";

/// One size band of a plan: `variant` serves sizes below `below` (exclusive) and at or above the
/// previous band's `below`; the last band has `below: None` (unbounded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// Exclusive upper bound in the op's units; `None` for the last, unbounded band.
    pub below: Option<u64>,
    /// The chosen variant's name.
    pub variant: String,
    /// Whether the variant won every measured size of the band with its interval clear.
    pub decisive: bool,
    /// Whether the user chose it (`arsenal manifest --pin`) rather than the measurements;
    /// written only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
    /// The variant that came closest across the band's measured sizes (the most frequent
    /// runner-up), which `arsenal verify-manifest --quick` measures the choice against; absent
    /// where there was none (one candidate, runtime dispatch, a pin, a quality op's one variant)
    /// and in manifests written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runner_up: Option<String>,
}

impl Band {
    /// Whether the band's upper end lies above `size`: it holds `size` when the bands before it
    /// do not (bands are in size order, each ending where the next starts).
    pub fn ends_above(&self, size: u64) -> bool {
        self.below.is_none_or(|below| size < below)
    }
}

/// Each band of `bands` with the first size it covers: `(from, band)`, `from` inclusive (0 for
/// the first band, the previous band's `below` after it), the band's `below` exclusive.
pub fn band_ranges(bands: &[Band]) -> impl Iterator<Item = (u64, &Band)> {
    bands.iter().scan(0, |from, band| {
        let start = *from;
        *from = band.below.unwrap_or(u64::MAX);
        Some((start, band))
    })
}

fn is_false(value: &bool) -> bool {
    !value
}

/// The manifest schema this crate reads and writes. Bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The host a manifest was tuned on (also what staleness compares against the current host).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestHost {
    /// The store's host fingerprint: a digest of the CPU, caches, cores, kernel and toolchain.
    pub fingerprint: String,
    /// CPU vendor string, e.g. `AuthenticAMD`.
    pub vendor: String,
    /// CPU brand string.
    pub brand: String,
    /// CPU family.
    pub family: u32,
    /// CPU model.
    pub model: u32,
    /// CPU stepping.
    pub stepping: u32,
    /// Microcode revision as the OS reports it, e.g. `0xa201016`.
    pub microcode: String,
    /// Detected CPU features (after `ARSENAL_DISABLE`), by `target_feature` name.
    pub features: Vec<String>,
}

/// The description of a host, as the tuner and the CLI gather it: the same fields as a
/// manifest's `host`.
pub type HostFacts = ManifestHost;

/// The bands of one op under each strategy. An empty list means that strategy was not planned
/// (not measured, or no candidate at any size): callers fall back to runtime dispatch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpPlan {
    /// Bands for back-to-back calls.
    #[serde(default)]
    pub throughput: Vec<Band>,
    /// Bands for single calls.
    #[serde(default)]
    pub latency: Vec<Band>,
}

impl OpPlan {
    /// The bands of `strategy`.
    pub fn bands(&self, strategy: Strategy) -> &[Band] {
        match strategy {
            Strategy::Throughput => &self.throughput,
            Strategy::Latency => &self.latency,
        }
    }

    /// The bands of `strategy`, to fill.
    pub fn bands_mut(&mut self, strategy: Strategy) -> &mut Vec<Band> {
        match strategy {
            Strategy::Throughput => &mut self.throughput,
            Strategy::Latency => &mut self.latency,
        }
    }
}

/// A selection manifest, schema version [`SCHEMA_VERSION`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The schema version, [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The Arsenal version that wrote it.
    pub arsenal: String,
    /// The host it was tuned on.
    pub host: ManifestHost,
    /// The store's run id the measurements came from.
    pub run: i64,
    /// The policy the plans obeyed.
    pub policy: Policy,
    /// The strategy plain (unqualified) entry points use.
    pub default_strategy: Strategy,
    /// Per op name, its bands.
    pub ops: BTreeMap<String, OpPlan>,
    /// The user's files the run measured on (`arsenal tune --input`); absent when every input
    /// was generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_on: Option<MeasuredOn>,
}

/// The user's files a manifest's run measured on, in its header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasuredOn {
    /// How many files.
    pub files: usize,
    /// Their bytes in all.
    pub bytes: u64,
    /// The ops measured on them (every other op on generated inputs).
    pub ops: Vec<String>,
}

/// Why a manifest could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestError {
    /// Not valid JSON, or not the manifest's shape (a missing field, a wrong type).
    Syntax {
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A schema version this crate does not know.
    Schema {
        /// The version in the file.
        found: u32,
    },
    /// Well-formed JSON whose bands break the rules.
    Semantic {
        /// The op whose bands are wrong (empty if the fault is not in an op).
        op: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Syntax {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            ManifestError::Schema { found } => write!(
                f,
                "manifest schema {found} is not supported (this Arsenal reads schema \
                 {SCHEMA_VERSION}); regenerate it with `arsenal manifest`"
            ),
            ManifestError::Semantic { op, message } if op.is_empty() => f.write_str(message),
            ManifestError::Semantic { op, message } => write!(f, "op `{op}`: {message}"),
        }
    }
}

impl std::error::Error for ManifestError {}

impl From<serde_json::Error> for ManifestError {
    fn from(err: serde_json::Error) -> ManifestError {
        // serde_json's message ends in " at line L column C"; the position is kept separately.
        let text = err.to_string();
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
        ManifestError::Syntax {
            line: err.line(),
            column: err.column(),
            message,
        }
    }
}

/// Just the version, read first so a future schema is reported as such, not as a shape error.
#[derive(Deserialize)]
struct SchemaOnly {
    schema: u32,
}

impl Manifest {
    /// Parses and validates a manifest.
    ///
    /// # Errors
    /// [`ManifestError::Syntax`] with line and column for bad JSON or a wrong shape,
    /// [`ManifestError::Schema`] for an unknown schema version, [`ManifestError::Semantic`] naming
    /// the op for bands that are unsorted, not closed by exactly one unbounded band, or unnamed.
    pub fn from_json(text: &str) -> Result<Manifest, ManifestError> {
        let SchemaOnly { schema } = serde_json::from_str(text)?;
        if schema != SCHEMA_VERSION {
            return Err(ManifestError::Schema { found: schema });
        }
        let manifest: Manifest = serde_json::from_str(text)?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// The manifest as indented JSON, the form `arsenal manifest` writes.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect(
            "a manifest has string map keys only, and JSON writes non-finite numbers as null",
        )
    }

    /// Checks the rules [`from_json`](Self::from_json) enforces on an already built manifest.
    ///
    /// # Errors
    /// The first rule broken, as in [`from_json`](Self::from_json).
    pub fn validate(&self) -> Result<(), ManifestError> {
        if self.schema != SCHEMA_VERSION {
            return Err(ManifestError::Schema { found: self.schema });
        }
        for (op, plan) in &self.ops {
            let fault = |message: String| ManifestError::Semantic {
                op: op.clone(),
                message,
            };
            if op.trim().is_empty() {
                return Err(fault("an op has an empty name".to_string()));
            }
            for strategy in Strategy::ALL {
                validate_bands(plan.bands(strategy))
                    .map_err(|message| fault(format!("{strategy}: {message}")))?;
            }
        }
        Ok(())
    }

    /// The variant chosen for `op` at `size` under `strategy`; `None` when the op or strategy has
    /// no plan. `below` is exclusive: a size equal to a band's `below` belongs to the next band.
    pub fn variant_for(&self, op: &str, strategy: Strategy, size: u64) -> Option<&str> {
        self.band_for(op, strategy, size)
            .map(|band| band.variant.as_str())
    }

    /// The band holding `size` in `op`'s plan under `strategy`, as [`Manifest::variant_for`].
    pub fn band_for(&self, op: &str, strategy: Strategy, size: u64) -> Option<&Band> {
        self.ops
            .get(op)?
            .bands(strategy)
            .iter()
            .find(|band| band.ends_above(size))
    }

    /// Every (op, strategy, variant) the manifest chooses somewhere, each once, in op order
    /// (runtime dispatch, [`RUNTIME`], is no choice).
    pub fn chosen(&self) -> Vec<(&str, Strategy, &str)> {
        let mut chosen = Vec::new();
        for (op, plan) in &self.ops {
            for strategy in Strategy::ALL {
                for band in plan.bands(strategy).iter().filter(|b| b.variant != RUNTIME) {
                    let entry = (op.as_str(), strategy, band.variant.as_str());
                    if !chosen.contains(&entry) {
                        chosen.push(entry);
                    }
                }
            }
        }
        chosen
    }
}

/// Checks one band list: empty, or strictly ascending bounds closed by exactly one `null`.
fn validate_bands(bands: &[Band]) -> Result<(), String> {
    let mut previous: Option<u64> = None;
    for (i, band) in bands.iter().enumerate() {
        let number = i + 1;
        if band.variant.trim().is_empty() {
            return Err(format!("band {number} has an empty variant name"));
        }
        let last = i + 1 == bands.len();
        match (band.below, last) {
            (None, true) => {}
            (None, false) => {
                return Err(format!(
                    "band {number} is unbounded (`below: null`) but is not the last; only the \
                     last band may be unbounded"
                ))
            }
            (Some(below), true) => {
                return Err(format!(
                    "the last band has `below: {below}`; the last band must be unbounded \
                     (`below: null`)"
                ))
            }
            (Some(below), false) => {
                if let Some(prev) = previous.filter(|prev| below <= *prev) {
                    return Err(format!(
                        "band {number} has `below: {below}`, not above the previous band's \
                         {prev}; bands must be sorted strictly ascending"
                    ));
                }
                previous = Some(below);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Level, TieMargin};

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

    #[test]
    fn a_band_ends_above_the_sizes_below_its_bound() {
        let m = example();
        let bands = m.ops["hash.xxh3_64"].bands(Strategy::Throughput);
        assert!(bands[0].ends_above(63) && !bands[0].ends_above(64));
        assert!(bands[1].ends_above(64) && bands[1].ends_above(u64::MAX));
        assert_eq!(
            m.band_for("hash.xxh3_64", Strategy::Throughput, 64)
                .map(|b| b.variant.as_str()),
            Some("avx512")
        );
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
            tie_margin: TieMargin::new(0.05).unwrap(),
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
