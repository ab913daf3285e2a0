//! The selection manifest's schema: what `arsenal manifest` writes, `arsenal verify-manifest`
//! reads, and Arsenal's `build.rs` hard-wires a downstream crate from.
//!
//! Without the default `std` feature only [`Strategy`], [`Unit`], [`OriginKind`] and the rule of
//! which fleet table serves a CPU ([`serving`]) are built, with no dependency:
//! the `arsenal` crate (which builds without std) takes them from here.
//!
//! Only the types and their checks live here, so the `arsenal` crate's build depends on this
//! small crate rather than on the whole oracle, and every crate names the same [`Strategy`]. How
//! plans are made from measurements is the oracle's business (`arsenal-oracle`).
//!
//! ```
//! use arsenal_manifest::{Manifest, Strategy};
//!
//! let text = r#"{
//!   "schema": 1, "arsenal": "0.1.0", "run": 1,
//!   "host": {"fingerprint": "", "vendor": "", "brand": "", "family": 0, "model": 0,
//!            "stepping": 0, "microcode": "", "features": []},
//!   "policy": {}, "default_strategy": "throughput",
//!   "ops": {"search.memchr": {"throughput": [{"below": 64, "variant": "sse2", "decisive": true},
//!                                            {"below": null, "variant": "avx2", "decisive": true}]}}
//! }"#;
//! let manifest = Manifest::from_json(text).unwrap();
//! assert_eq!(manifest.variant_for("search.memchr", Strategy::Throughput, 63), Some("sse2"));
//! assert_eq!(manifest.variant_for("search.memchr", Strategy::Throughput, 64), Some("avx2"));
//! assert_eq!(manifest.variant_for("search.memchr", Strategy::Latency, 64), None);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
mod fleet;
#[cfg(feature = "std")]
mod manifest;
mod origin;
#[cfg(feature = "std")]
mod policy;
mod serving;
mod strategy;
mod unit;

#[cfg(feature = "std")]
pub use fleet::{Fleet, HostKey, ManifestFile};
#[cfg(feature = "std")]
pub use manifest::{
    band_ranges, Band, HostFacts, Manifest, ManifestError, ManifestHost, MeasuredOn, OpPlan,
    RUNTIME, SCHEMA_VERSION,
};
pub use origin::OriginKind;
#[cfg(feature = "std")]
pub use policy::{Level, ParseLevelError, Policy, TieMargin};
pub use serving::{serving, CpuModel};
#[cfg(feature = "std")]
pub use strategy::ParseStrategyError;
pub use strategy::Strategy;
pub use unit::Unit;
