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
//! - [`staleness`] and [`Manifest::staleness`] say why a manifest may not fit a host.

#![deny(missing_docs)]

mod explain;
mod features;
mod manifest;
mod plan;
mod policy;
mod record;
mod select;
mod stale;
#[cfg(test)]
mod test_support;

pub use explain::{explain, Candidate, ExplainError, Explanation, Ratio};
pub use features::{feature_count, normalize, with_prerequisites, Level, ParseLevelError};
pub use manifest::{
    build_manifest, HostFacts, Manifest, ManifestError, ManifestHost, OpPlan, SCHEMA_VERSION,
};
pub use plan::{
    bands, crossover, measured_sizes, ops, plan, plan_all, Band, Note, Plan, SizeDecision,
};
pub use policy::{exclusion, Policy};
pub use record::{Origin, ParseStrategyError, Record, Strategy};
pub use select::{Exclusion, Rule};
pub use stale::staleness;
