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
            .find(|band| band.below.is_none_or(|below| size < below))
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
