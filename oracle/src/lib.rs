//! Turns Arsenal's measurements into plans and selection manifests.
//!
//! Pure functions over plain data, no store and no kernels (the kernels crate build-depends on
//! this one to read manifests):
//!
//! - [`Record`]s, one per measured (op, variant, strategy, size), go in;
//! - [`plan`] picks the winner at every measured size under a [`Policy`] (ties broken by fewer
//!   CPU features, own portable code, safe code, lower objective, name) and merges sizes into
//!   [`Band`]s crossing over at geometric means;
//! - [`explain`] says why, with the runner-up, the ratio and the deciding [`Rule`];
//! - [`build_manifest`] gathers every plan into a [`Manifest`] (JSON, `docs/manifest.md`), which
//!   [`Manifest::from_json`] reads back with errors naming line, column or op;
//! - [`staleness`] says why a manifest may not fit a host;
//! - [`regret`] and [`summarise`] score a manifest against a fresh measurement.
//!
//! ```
//! use arsenal_oracle::*;
//!
//! let cell = |variant: &str, requires: &[&str], size, ns: f64| Record {
//!     op: "search.memchr".into(),
//!     variant: variant.into(),
//!     requires: requires.iter().map(|f| f.to_string()).collect(),
//!     origin: Origin::Own,
//!     parallel: false,
//!     threads: 1,
//!     strategy: Strategy::Throughput,
//!     size,
//!     objective_ns: ns,
//!     ci_low_ns: ns * 0.98,
//!     ci_high_ns: ns * 1.02,
//!     p50: None,
//!     figure: None,
//!     counters: None,
//! };
//! let records = [
//!     cell("scalar", &[], 16, 3.0),
//!     cell("avx2", &["avx2"], 16, 5.0),
//!     cell("scalar", &[], 4096, 900.0),
//!     cell("avx2", &["avx2"], 4096, 80.0),
//! ];
//! let policy: Policy = Policy { max_features: Some("avx2".parse()?), ..Policy::default() };
//! let (manifest, notes) = build_manifest(
//!     &records, &[], ManifestHost::default(), 1, &policy, Strategy::Throughput, "0.1.0");
//! assert_eq!(notes.len(), 1); // latency was not measured
//!
//! // The crossover lies where the two times cross, interpolated in log-log between 16 and 4096.
//! let manifest = Manifest::from_json(&manifest.to_json_pretty())?;
//! assert_eq!(manifest.variant_for("search.memchr", Strategy::Throughput, 41), Some("scalar"));
//! assert_eq!(manifest.variant_for("search.memchr", Strategy::Throughput, 42), Some("avx2"));
//! // Nothing is extrapolated: past the largest measured size, runtime dispatch.
//! assert_eq!(manifest.variant_for("search.memchr", Strategy::Throughput, 4097), Some(RUNTIME));
//!
//! let why = explain(&records, "search.memchr", Strategy::Throughput, 4096, &policy)?;
//! assert_eq!((why.winner.variant.as_str(), why.rule), ("avx2", Rule::Faster));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod explain;
mod features;
mod manifest;
mod pin;
mod plan;
mod policy;
mod profile;
mod record;
mod regret;
mod select;
mod stale;
#[cfg(test)]
mod test_support;
mod uniform;

pub use arsenal_manifest::{
    band_ranges, Fleet, HostFacts, HostKey, Manifest, ManifestError, ManifestFile, ManifestHost,
    MeasuredOn, OpPlan, SCHEMA_VERSION,
};
pub use explain::{explain, explain_with_gaps, ns, Candidate, ExplainError, Explanation, Ratio};
pub use features::{feature_count, normalize_feature, with_prerequisites, Level, ParseLevelError};
pub use manifest::build_manifest;
pub use pin::{pins_of, Pin};
pub use plan::{
    bands, crossover, measured_sizes, ops, plan, plan_all, plan_with_gaps, Band, Gap, Note, Plan,
    SizeDecision, RUNTIME,
};
pub use policy::{exclusion, Policy, TieMargin};
pub use profile::{variant_profile, BestFor, Defeat, Served};
pub use record::{Estimate, Origin, ParseStrategyError, Record, Strategy};
pub use regret::{regret, summarise, Observed, Regret, RegretGroup, RegretStats, RegretSummary};
pub use select::{Exclusion, Rule};
pub use stale::{manifest_staleness, staleness};
pub use uniform::{choice_strategy, one_variant, plan_quality_ops, quality_choice, OneVariant};
