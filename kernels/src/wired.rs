//! Build-time hard-wiring, run-time side: the plans `build.rs` turned the manifest named by
//! `ARSENAL_MANIFEST` into, how an entry follows them, the cached guards, which host table runs
//! ([`host_table`]), and [`selected`].
//!
//! `build.rs` writes plain data (`OUT_DIR/wired.rs`): per host table, op and strategy the
//! manifest's bands (an exclusive size bound and a variant name), and the target features of the
//! build. One host's manifest is one table, run whatever the CPU. A fleet manifest has a table per
//! host; the first wired call picks, once, the table serving the running CPU by
//! [`arsenal_manifest::serving`]'s rule (its vendor, family and model, every feature of the table
//! usable here, `ARSENAL_DISABLE` counted), and on a CPU no table serves every entry is runtime
//! dispatch. Each entry holds every table's chain of bands and branches on the cached table index.
//! Each op's declaration ([`crate::declare::ops!`]) generates its entries' `throughput` and
//! `latency` forms with [`wired_fn!`]: the entry resolves its op's plan against the op's own
//! variant table ([`Op::TABLE`]) in constant evaluation and unrolls into a chain of size
//! comparisons, each calling its band's variant through a constant function pointer, which the
//! compiler turns into a direct call:
//!
//! - a variant whose features are all enabled for the whole build is called with no check;
//! - one whose features are not is guarded by a run-time check (once per band, cached) and
//!   falls back to runtime dispatch;
//! - a variant the op declares but this build leaves out (its target or crate feature is off),
//!   and a `runtime` band (sizes the run did not measure), run runtime dispatch, and [`selected`]
//!   says so.
//!
//! A manifest naming an op or a variant no declaration has fails the build, naming the op, the
//! variant and the manifest; so does one that wires more than one variant (or bands of sizes) for
//! an op whose contract is quality, whose variants' outputs differ. With no manifest every plan is
//! empty and every entry is the runtime-dispatch entry.

use core::sync::atomic::{AtomicU8, Ordering};

use crate::cpu::{self, Feature, FeatureSet};
use crate::registry::Op;
use crate::Strategy;

#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/wired.rs"));
}

pub use generated::{DEFAULT_STRATEGY, MANIFEST};

/// One host table of the manifest: the CPU it serves and its plans.
#[derive(Debug, PartialEq, Eq)]
pub struct HostTable {
    /// CPUID vendor string of the host the table was tuned on (`AuthenticAMD`).
    pub vendor: &'static str,
    /// Its display family.
    pub family: u32,
    /// Its display model.
    pub model: u32,
    /// Its CPU features (after `ARSENAL_DISABLE` there), by `target_feature` name: in a fleet,
    /// the table serves only a CPU that has them all.
    pub features: &'static [&'static str],
    /// Per op, the plans.
    pub(crate) plans: &'static [Plan],
}

/// The manifest's plan for one op: the bands of each strategy.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// The op (`search.memchr`).
    pub op: &'static str,
    /// The build's error when no declaration has the op.
    pub unknown: &'static str,
    /// The build's error when the op's contract is quality ([`Contract::Quality`]) and the plan
    /// is not one variant for every size and both strategies; empty when it is.
    ///
    /// [`Contract::Quality`]: crate::registry::Contract::Quality
    pub mixed: &'static str,
    /// Bands of the throughput and latency plans, in size order (empty: runtime dispatch).
    pub bands: [&'static [Band]; 2],
}

/// One band of a plan.
#[derive(Debug, PartialEq, Eq)]
pub struct Band {
    /// Exclusive upper bound of the band's sizes; `None` for the last.
    pub below: Option<u64>,
    /// The manifest's variant, or `runtime`.
    pub variant: &'static str,
    /// The build's error when the op declares no such variant.
    pub unknown: &'static str,
}

/// The variant name of a band whose sizes the run did not measure: runtime dispatch.
pub const RUNTIME: &str = "runtime";

/// The most bands one op's plan may have: [`wired_fn!`] unrolls that many, and `build.rs`
/// refuses a manifest with more.
pub const MAX_BANDS: usize = 24;
const _: () = assert!(generated::MAX_BANDS == MAX_BANDS);

/// The most host tables a fleet manifest may have: [`wired_fn!`] unrolls that many, and
/// `build.rs` refuses a fleet with more.
pub const MAX_HOSTS: usize = 4;
const _: () = assert!(generated::MAX_HOSTS == MAX_HOSTS);

/// How many host tables this build has (0 without a manifest).
pub const HOSTS: usize = generated::HOSTS.len();

/// The features every function of this build may use (`-C target-feature`, `-C target-cpu`).
pub const TARGET: FeatureSet = target_features(generated::TARGET_FEATURES);

const fn target_features(names: &[&str]) -> FeatureSet {
    let mut set = FeatureSet::EMPTY;
    let mut i = 0;
    while i < names.len() {
        let mut k = 0;
        while k < Feature::ALL.len() {
            if str_eq(Feature::ALL[k].name(), names[i]) {
                set = set.with(Feature::ALL[k]);
            }
            k += 1;
        }
        i += 1;
    }
    set
}

pub(crate) const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn contains(names: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < names.len() {
        if str_eq(names[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

const fn slot(strategy: Strategy) -> usize {
    match strategy {
        Strategy::Throughput => 0,
        Strategy::Latency => 1,
    }
}

/// Host table `host`'s bands for `K` under `strategy` (empty when it has none, or there is no
/// such table), after checking that `K` declares every variant the table names for it (else the
/// build fails with the band's message), and that an op whose contract is quality gets one
/// variant for every size and both strategies (else the build fails with the plan's message):
/// its variants' outputs differ, and every call of its entries in one build must agree.
pub const fn plan<K: Op>(host: usize, strategy: Strategy) -> &'static [Band] {
    if host >= generated::HOSTS.len() {
        return &[];
    }
    let plans = generated::HOSTS[host].plans;
    let mut i = 0;
    while i < plans.len() {
        if str_eq(plans[i].op, K::INFO.name) {
            if K::INFO.contract.is_quality() && !plans[i].mixed.is_empty() {
                panic!("{}", plans[i].mixed);
            }
            let mut s = 0;
            while s < 2 {
                let bands = plans[i].bands[s];
                let mut b = 0;
                while b < bands.len() {
                    let name = bands[b].variant;
                    if !str_eq(name, RUNTIME) && !contains(K::DECLARED, name) {
                        panic!("{}", bands[b].unknown);
                    }
                    b += 1;
                }
                s += 1;
            }
            return plans[i].bands[slot(strategy)];
        }
        i += 1;
    }
    &[]
}

/// Fails the build when a table of the manifest names an op that is not in `ops` (every
/// declared op).
pub(crate) const fn check_ops(ops: &[&str]) {
    let mut h = 0;
    while h < generated::HOSTS.len() {
        let plans = generated::HOSTS[h].plans;
        let mut i = 0;
        while i < plans.len() {
            if !contains(ops, plans[i].op) {
                panic!("{}", plans[i].unknown);
            }
            i += 1;
        }
        h += 1;
    }
}

/// No table: the index [`active`] gives on a CPU no table of a fleet serves; above every table.
const NO_TABLE: u8 = u8::MAX;
/// Not chosen yet.
const UNCHOSEN: u8 = u8::MAX - 1;
const _: () = assert!(MAX_HOSTS < UNCHOSEN as usize);

static ACTIVE: AtomicU8 = AtomicU8::new(UNCHOSEN);

/// The index of the host table this process runs: 0 for one host's manifest (a constant, so the
/// entries' branch on it folds away); in a fleet, the table serving the running CPU, chosen on
/// the first call and cached, or [`NO_TABLE`].
#[inline]
pub fn active() -> usize {
    if !generated::FLEET {
        return 0;
    }
    match ACTIVE.load(Ordering::Relaxed) {
        UNCHOSEN => choose_table(),
        table => usize::from(table),
    }
}

#[cold]
#[inline(never)]
fn choose_table() -> usize {
    let table = serving_table().map_or(NO_TABLE, |i| i as u8);
    ACTIVE.store(table, Ordering::Relaxed);
    usize::from(table)
}

/// The fleet table serving this CPU, by [`arsenal_manifest::serving`] with the features usable
/// here ([`cpu::host`], after `ARSENAL_DISABLE`).
fn serving_table() -> Option<usize> {
    let model = cpu::model()?;
    let usable = cpu::host();
    let cpu = arsenal_manifest::CpuModel {
        vendor: model.vendor(),
        family: model.family,
        model: model.model,
    };
    let tables = generated::HOSTS.iter().map(|t| {
        let key = arsenal_manifest::CpuModel {
            vendor: t.vendor,
            family: t.family,
            model: t.model,
        };
        (key, t.features.iter().copied())
    });
    arsenal_manifest::serving(tables, cpu, |name| {
        Feature::ALL
            .iter()
            .any(|f| f.name() == name && usable.contains(*f))
    })
}

/// The host table the wired entries run in this process: the manifest's one table, or the fleet
/// table serving this CPU; `None` without a manifest, or on a CPU no table of the fleet serves
/// (every entry is runtime dispatch).
pub fn host_table() -> Option<&'static HostTable> {
    generated::HOSTS.get(active())
}

/// One band resolved against its op's table: what a wired entry calls below `below`.
#[derive(Clone, Copy, Debug)]
pub struct Wire<F> {
    /// Exclusive upper bound of the band's sizes (`u64::MAX` for the last; 0 past the plan's end,
    /// so the band is never taken).
    pub below: u64,
    /// The manifest's variant.
    pub variant: &'static str,
    /// Its function, if this build has it.
    pub f: Option<F>,
    /// Whether every feature it needs is enabled for this whole build (no run-time check).
    pub direct: bool,
}

/// Band `k` of `bands` resolved against `K`'s table, in constant evaluation.
pub const fn wire<K: Op>(bands: &[Band], k: usize) -> Wire<K::Fn> {
    if k >= bands.len() {
        return Wire {
            below: 0,
            variant: "",
            f: None,
            direct: false,
        };
    }
    let band = &bands[k];
    let below = match band.below {
        Some(below) => below,
        None => u64::MAX,
    };
    let table = K::TABLE;
    let mut i = 0;
    while i < table.len() {
        let info = table[i].info();
        if str_eq(info.name, band.variant) {
            return Wire {
                below,
                variant: band.variant,
                f: Some(table[i].raw()),
                direct: TARGET.contains_all(info.requires),
            };
        }
        i += 1;
    }
    // `runtime`, or a variant this build leaves out.
    Wire {
        below,
        variant: band.variant,
        f: None,
        direct: false,
    }
}

/// One entry of an op's declaration under one strategy: `#[inline]`, `#[track_caller]` with the
/// precondition first when it has one, then the plan's chain of bands and, past them, the
/// runtime-dispatch entry. Generated by [`crate::declare::ops!`].
macro_rules! wired_fn {
    (
        $(#[$attr:meta])*
        $strategy:ident, $kernel:ty,
        fn $name:ident($($p:ident: $t:ty),*) $(-> $ret:ty)?;
        [$($check:expr)?]
        size: $size:expr,
        run: |$f:ident| $run:expr,
        runtime: $runtime:path $(,)?
    ) => {
        $crate::declare::entry_fn! {
            $(#[$attr])*
            #[allow(unreachable_code, clippy::needless_return)]
            pub fn $name[]($($p: $t),*) $(-> $ret)?;
            [$($check)?]
            {
                type K = $kernel;
                if $crate::wired::HOSTS == 0 {
                    return $runtime($($p),*);
                }
                let table = $crate::wired::active();
                let size = ($size) as u64;
                $crate::wired::host!(0, $strategy, table, size, |$f| $run, $runtime($($p),*));
                $crate::wired::host!(1, $strategy, table, size, |$f| $run, $runtime($($p),*));
                $crate::wired::host!(2, $strategy, table, size, |$f| $run, $runtime($($p),*));
                $crate::wired::host!(3, $strategy, table, size, |$f| $run, $runtime($($p),*));
                const _: () = assert!($crate::wired::MAX_HOSTS == 4, "one `host!` per table");
                $runtime($($p),*)
            }
        }
    };
}

/// Host table `$h`'s chain of bands in an entry (`K` in scope), taken when `$table` is `$h`:
/// its plan's bands in size order, and past them runtime dispatch. Nothing when the build has no
/// such table or the table no plan for the op.
macro_rules! host {
    ($h:literal, $strategy:ident, $table:ident, $size:ident, |$f:ident| $run:expr, $runtime:expr) => {
        if $h < $crate::wired::HOSTS {
            const BANDS: &[$crate::wired::Band] =
                $crate::wired::plan::<K>($h, $crate::Strategy::$strategy);
            if !BANDS.is_empty() && $table == $h {
                $crate::wired::band!(0, $size, |$f| $run, $runtime);
                $crate::wired::band!(1, $size, |$f| $run, $runtime);
                $crate::wired::band!(2, $size, |$f| $run, $runtime);
                $crate::wired::band!(3, $size, |$f| $run, $runtime);
                $crate::wired::band!(4, $size, |$f| $run, $runtime);
                $crate::wired::band!(5, $size, |$f| $run, $runtime);
                $crate::wired::band!(6, $size, |$f| $run, $runtime);
                $crate::wired::band!(7, $size, |$f| $run, $runtime);
                $crate::wired::band!(8, $size, |$f| $run, $runtime);
                $crate::wired::band!(9, $size, |$f| $run, $runtime);
                $crate::wired::band!(10, $size, |$f| $run, $runtime);
                $crate::wired::band!(11, $size, |$f| $run, $runtime);
                $crate::wired::band!(12, $size, |$f| $run, $runtime);
                $crate::wired::band!(13, $size, |$f| $run, $runtime);
                $crate::wired::band!(14, $size, |$f| $run, $runtime);
                $crate::wired::band!(15, $size, |$f| $run, $runtime);
                $crate::wired::band!(16, $size, |$f| $run, $runtime);
                $crate::wired::band!(17, $size, |$f| $run, $runtime);
                $crate::wired::band!(18, $size, |$f| $run, $runtime);
                $crate::wired::band!(19, $size, |$f| $run, $runtime);
                $crate::wired::band!(20, $size, |$f| $run, $runtime);
                $crate::wired::band!(21, $size, |$f| $run, $runtime);
                $crate::wired::band!(22, $size, |$f| $run, $runtime);
                $crate::wired::band!(23, $size, |$f| $run, $runtime);
                return $runtime;
            }
        }
    };
}

/// Band `$k` of the entry's plan (`K` and `BANDS` in scope): taken when `$size` is below its
/// bound; nothing when the plan is shorter. Every test but the size comparison is on constants
/// and folds away.
macro_rules! band {
    ($k:literal, $size:ident, |$f:ident| $run:expr, $runtime:expr) => {
        if $k < BANDS.len() {
            const W: $crate::wired::Wire<<K as $crate::registry::Op>::Fn> =
                $crate::wired::wire::<K>(BANDS, $k);
            if $size < W.below {
                match W.f {
                    Some($f) if W.direct => {
                        // SAFETY: every feature the variant needs is enabled for this whole
                        // build; the call meets the op's argument contract.
                        return unsafe { $run };
                    }
                    Some($f) => {
                        static GUARD: core::sync::atomic::AtomicU8 =
                            core::sync::atomic::AtomicU8::new(0);
                        let op = <K as $crate::registry::Op>::INFO.name;
                        if $crate::wired::guard(&GUARD, op, W.variant) {
                            // SAFETY: the guard checked, once, that this host has the
                            // variant's features; the call meets the op's argument contract.
                            return unsafe { $run };
                        }
                        return $runtime;
                    }
                    None => return $runtime,
                }
            }
        }
    };
}

pub(crate) use {band, host, wired_fn};

// Guard states; 0 means not checked yet.
const YES: u8 = 1;
const NO: u8 = 2;

/// Whether the host may run `op`'s `variant`, checked once per call site and cached. Only the
/// wired entries call it.
#[inline]
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
    /// The host table the choice comes from ([`host_table`]): in a fleet, the one serving this
    /// CPU.
    pub table: &'static HostTable,
}

/// What the build wired for `op` under `strategy` at `size`, from the host table this process
/// runs ([`host_table`]); `None` when the op has no plan for the strategy (no manifest, the
/// manifest does not cover it, or no table of a fleet serves this CPU): runtime dispatch.
pub fn selected(op: &str, strategy: Strategy, size: u64) -> Option<Selected> {
    let table = host_table()?;
    let plan = table.plans.iter().find(|p| p.op == op)?;
    let band = plan.bands[slot(strategy)]
        .iter()
        .find(|b| b.below.is_none_or(|below| size < below))?;
    let info = crate::workload(op)?
        .variants()
        .into_iter()
        .find(|v| v.name == band.variant);
    let direct = info.is_some_and(|v| TARGET.contains_all(v.requires));
    let runs = match info {
        Some(v) if direct || v.is_available() => band.variant,
        _ => crate::runtime_variant(op)?,
    };
    Some(Selected {
        variant: band.variant,
        direct,
        runs,
        table,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::memchr::Memchr;

    #[test]
    fn the_build_target_is_in_the_feature_set() {
        // Every x86_64 target has SSE2; other targets have none of these features.
        assert_eq!(
            TARGET.contains(Feature::Sse2),
            cfg!(target_feature = "sse2"),
            "{:?}",
            generated::TARGET_FEATURES
        );
        assert_eq!(
            TARGET.contains(Feature::Avx2),
            cfg!(target_feature = "avx2")
        );
    }

    #[test]
    fn a_band_resolves_against_its_table_by_name() {
        type F = <Memchr as Op>::Fn;
        const BANDS: &[Band] = &[
            Band {
                below: Some(64),
                variant: "scalar",
                unknown: "",
            },
            Band {
                below: None,
                variant: RUNTIME,
                unknown: "",
            },
        ];
        const W0: Wire<F> = wire::<Memchr>(BANDS, 0);
        const W1: Wire<F> = wire::<Memchr>(BANDS, 1);
        const W2: Wire<F> = wire::<Memchr>(BANDS, 2);
        assert_eq!(
            (W0.below, W0.variant, W0.f.is_some(), W0.direct),
            (64, "scalar", true, true)
        );
        assert_eq!(
            (W1.below, W1.f.is_some(), W1.direct),
            (u64::MAX, false, false)
        );
        assert_eq!((W2.below, W2.f.is_some()), (0, false));
        let f = W0.f.expect("resolved");
        // SAFETY: `scalar` needs no CPU feature.
        assert_eq!(unsafe { f(b'l', b"hello") }, Some(2));
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
