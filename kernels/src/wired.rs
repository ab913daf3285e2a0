//! Build-time hard-wiring, run-time side: the dispatch `build.rs` generated from the manifest
//! named by `ARSENAL_MANIFEST`, the cached guards it calls, and [`selected`].

use core::sync::atomic::{AtomicU8, Ordering};

use crate::Strategy;

#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/wired.rs"));
}

pub(crate) use generated::default;
pub use generated::{latency, throughput, DEFAULT_STRATEGY, MANIFEST};

/// What the build wired for one op.
#[derive(Debug)]
pub struct OpWiring {
    /// The op.
    pub op: &'static str,
    /// Bands of the throughput and latency plans (empty: runtime dispatch).
    pub bands: [&'static [BandWiring]; 2],
}

/// One band of a wired plan.
#[derive(Debug)]
pub struct BandWiring {
    /// Exclusive upper bound of the band's sizes; `None` for the last.
    pub below: Option<u64>,
    /// The manifest's variant.
    pub variant: &'static str,
    /// Whether the variant exists in this build (its crate feature and target).
    pub exists: bool,
    /// Whether it is called with no run-time check (its features are enabled at compile time).
    pub direct: bool,
}

// Guard states; 0 means not checked yet.
const YES: u8 = 1;
const NO: u8 = 2;

/// Whether the host may run `op`'s `variant`, checked once per call site and cached. Only the
/// code generated from a manifest calls it.
#[inline]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn guard(cache: &AtomicU8, op: &str, variant: &str) -> bool {
    match cache.load(Ordering::Relaxed) {
        YES => true,
        NO => false,
        _ => {
            let ok = runnable(op, variant);
            cache.store(if ok { YES } else { NO }, Ordering::Relaxed);
            ok
        }
    }
}

#[cold]
#[inline(never)]
fn runnable(op: &str, variant: &str) -> bool {
    crate::workload(op)
        .and_then(|w| w.variants().into_iter().find(|v| v.name == variant))
        .is_some_and(|v| v.is_available())
}

/// What a hard-wired entry runs for one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selected {
    /// The manifest's variant for this size.
    pub variant: &'static str,
    /// Whether it is called directly, with no run-time check.
    pub direct: bool,
    /// What actually runs on this host: `variant`, or the runtime-dispatch choice when the
    /// variant cannot run here (its features are missing or masked, or it is not in this build).
    pub runs: &'static str,
}

/// What the build wired for `op` under `strategy` at `size`; `None` when the op has no plan for
/// the strategy (no manifest, or the manifest does not cover it): runtime dispatch.
pub fn selected(op: &str, strategy: Strategy, size: u64) -> Option<Selected> {
    let wiring = generated::PLAN.iter().find(|w| w.op == op)?;
    let slot = match strategy {
        Strategy::Throughput => 0,
        Strategy::Latency => 1,
    };
    let band = wiring.bands[slot]
        .iter()
        .find(|b| b.below.is_none_or(|below| size < below))?;
    let runs = if band.exists && (band.direct || runnable(op, band.variant)) {
        band.variant
    } else {
        crate::runtime_variant(op)?
    };
    Some(Selected {
        variant: band.variant,
        direct: band.direct,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    mod table {
        include!("../wiring.rs");
    }

    #[test]
    fn wiring_table_matches_the_registry() {
        for op in table::WIRED_OPS {
            let w =
                crate::workload(op.name).unwrap_or_else(|| panic!("{} not registered", op.name));
            let registered: alloc::vec::Vec<_> = w.variants();
            for v in op.variants {
                // Variants cfg'd out of this build are not registered either.
                let Some(info) = registered.iter().find(|r| r.name == v.name) else {
                    continue;
                };
                let features: crate::cpu::FeatureSet = v
                    .features
                    .iter()
                    .map(|f| crate::cpu::Feature::from_name(f).expect("a known feature"))
                    .collect();
                assert_eq!(features, info.requires, "{}/{}", op.name, v.name);
                let declared = w
                    .paths()
                    .iter()
                    .find(|p| p.variant == v.name)
                    .expect("every registered variant has a declared path");
                assert_eq!(
                    declared.from_crate_root(),
                    v.path,
                    "{}/{}: wiring.rs calls another function than the declaration",
                    op.name,
                    v.name
                );
            }
            for r in &registered {
                assert!(
                    op.variants.iter().any(|v| v.name == r.name),
                    "{}/{} missing from wiring.rs",
                    op.name,
                    r.name
                );
            }
        }
        for w in crate::workloads() {
            assert!(
                table::WIRED_ENTRIES.iter().any(|e| e.op == w.info().name),
                "{} has no wired entry",
                w.info().name
            );
        }
    }

    #[test]
    fn guards_cache_their_answer() {
        let cache = AtomicU8::new(0);
        assert!(guard(&cache, "search.memchr", "scalar"));
        assert_eq!(cache.load(Ordering::Relaxed), YES);
        let cache = AtomicU8::new(0);
        assert!(!guard(&cache, "search.memchr", "no-such-variant"));
        assert_eq!(cache.load(Ordering::Relaxed), NO);
    }
}
