//! CPU features: Arsenal's own feature-set type, detection on the host, and `ARSENAL_DISABLE`.
//!
//! Variants state the features they need as a [`FeatureSet`]. The host's set is detected once
//! ([`host`]): with `std`, by `is_x86_feature_detected!` (which also checks that the OS saves the
//! wide registers); without `std`, conservatively, by the features enabled at compile time.
//!
//! `ARSENAL_DISABLE=avx512f,avx2,…` masks detected features at start-up so that every fallback runs
//! on a machine that has everything. Masking is closed under prerequisites: masking `avx2` also
//! masks `avx512f` and everything built on it, since an AVX-512 body executes AVX2 instructions too.

mod feature;
#[cfg(feature = "std")]
mod host;

pub use feature::{Feature, FeatureSet, UnknownFeature};
#[cfg(feature = "std")]
pub use host::{Cache, HostInfo};

use core::sync::atomic::{AtomicU64, Ordering};

/// Bit pattern meaning "not detected yet"; bit 63 is never a feature.
const UNINIT: u64 = u64::MAX;

static HOST: AtomicU64 = AtomicU64::new(UNINIT);

/// The features variants may use on this host: detected, minus `ARSENAL_DISABLE`, closed under
/// prerequisites. Detected once and cached.
pub fn host() -> FeatureSet {
    let bits = HOST.load(Ordering::Relaxed);
    if bits != UNINIT {
        return FeatureSet::from_bits(bits);
    }
    // An unknown name in ARSENAL_DISABLE does not stop the known ones from being masked; the CLI
    // reports it through `disabled()`.
    let set = detected().difference(disable_spec().0).closed();
    HOST.store(set.bits(), Ordering::Relaxed);
    set
}

/// Whether every feature of `set` may be used on this host (see [`host`]).
pub fn has(set: FeatureSet) -> bool {
    host().contains_all(set)
}

/// The features masked by `ARSENAL_DISABLE`, or the first name in it that is not a feature.
///
/// Without `std` there is no environment and nothing is masked.
pub fn disabled() -> Result<FeatureSet, UnknownFeature> {
    match disable_spec() {
        (_, Some(unknown)) => Err(unknown),
        (set, None) => Ok(set),
    }
}

fn disable_spec() -> (FeatureSet, Option<UnknownFeature>) {
    #[cfg(feature = "std")]
    {
        match std::env::var("ARSENAL_DISABLE") {
            Ok(spec) => FeatureSet::parse_list(&spec),
            Err(_) => (FeatureSet::EMPTY, None),
        }
    }
    #[cfg(not(feature = "std"))]
    {
        (FeatureSet::EMPTY, None)
    }
}

/// A CPU model as CPUID leaves 0 and 1 name it: what a fleet manifest keys its tables by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Model {
    vendor: [u8; 12],
    /// Display family (base plus extended).
    pub family: u32,
    /// Display model (base plus extended).
    pub model: u32,
    /// Stepping.
    pub stepping: u32,
}

impl Model {
    /// The CPUID vendor string (`AuthenticAMD`, `GenuineIntel`).
    pub fn vendor(&self) -> &str {
        core::str::from_utf8(&self.vendor).unwrap_or("unknown")
    }
}

/// This CPU's model; `None` off x86_64 (or where CPUID has no vendor).
pub fn model() -> Option<Model> {
    model_impl()
}

#[cfg(target_arch = "x86_64")]
fn model_impl() -> Option<Model> {
    let cpuid = raw_cpuid::CpuId::new();
    let name = cpuid.get_vendor_info()?;
    let mut vendor = [b' '; 12];
    let bytes = name.as_str().as_bytes();
    let n = bytes.len().min(12);
    vendor[..n].copy_from_slice(&bytes[..n]);
    let (family, model, stepping) = cpuid.get_feature_info().map_or((0, 0, 0), |f| {
        (
            u32::from(f.family_id()),
            u32::from(f.model_id()),
            u32::from(f.stepping_id()),
        )
    });
    Some(Model {
        vendor,
        family,
        model,
        stepping,
    })
}

#[cfg(not(target_arch = "x86_64"))]
fn model_impl() -> Option<Model> {
    None
}

/// The features the CPU and OS support, before masking.
pub fn detected() -> FeatureSet {
    detect_impl()
}

#[cfg(all(target_arch = "x86_64", feature = "std"))]
fn detect_impl() -> FeatureSet {
    use Feature::*;
    let mut set = FeatureSet::EMPTY;
    macro_rules! probe {
        ($($feat:ident => $name:tt),* $(,)?) => {
            $(if std::is_x86_feature_detected!($name) { set = set.with($feat); })*
        };
    }
    probe!(
        Sse2 => "sse2", Ssse3 => "ssse3", Sse41 => "sse4.1", Sse42 => "sse4.2",
        Popcnt => "popcnt", Pclmulqdq => "pclmulqdq", Avx => "avx", Avx2 => "avx2", Fma => "fma",
        Bmi1 => "bmi1", Bmi2 => "bmi2", Avx512f => "avx512f", Avx512bw => "avx512bw",
        Avx512vl => "avx512vl", Avx512dq => "avx512dq", Avx512vbmi => "avx512vbmi",
        Avx512vbmi2 => "avx512vbmi2", Avx512vpopcntdq => "avx512vpopcntdq",
        Vpclmulqdq => "vpclmulqdq", Gfni => "gfni", Vaes => "vaes", Sha => "sha",
    );
    set.union(string_features())
}

#[cfg(all(target_arch = "x86_64", not(feature = "std")))]
fn detect_impl() -> FeatureSet {
    // Without std we cannot ask the OS whether it saves AVX state, so only what the build
    // already assumes is trusted.
    use Feature::*;
    let mut set = FeatureSet::EMPTY;
    macro_rules! assumed {
        ($($feat:ident => $name:tt),* $(,)?) => {
            $(if cfg!(target_feature = $name) { set = set.with($feat); })*
        };
    }
    assumed!(
        Sse2 => "sse2", Ssse3 => "ssse3", Sse41 => "sse4.1", Sse42 => "sse4.2",
        Popcnt => "popcnt", Pclmulqdq => "pclmulqdq", Avx => "avx", Avx2 => "avx2", Fma => "fma",
        Bmi1 => "bmi1", Bmi2 => "bmi2", Avx512f => "avx512f", Avx512bw => "avx512bw",
        Avx512vl => "avx512vl", Avx512dq => "avx512dq", Avx512vbmi => "avx512vbmi",
        Avx512vbmi2 => "avx512vbmi2", Avx512vpopcntdq => "avx512vpopcntdq",
        Vpclmulqdq => "vpclmulqdq", Gfni => "gfni", Vaes => "vaes", Sha => "sha",
    );
    set.union(string_features())
}

/// ERMS and FSRM only make `rep movsb` fast; they need no OS support, so CPUID is enough.
#[cfg(target_arch = "x86_64")]
fn string_features() -> FeatureSet {
    let leaf7 = raw_cpuid::cpuid!(7, 0);
    let max_leaf = raw_cpuid::cpuid!(0, 0).eax;
    let mut set = FeatureSet::EMPTY;
    if max_leaf >= 7 && leaf7.ebx & (1 << 9) != 0 {
        set = set.with(Feature::Erms);
    }
    if max_leaf >= 7 && leaf7.edx & (1 << 4) != 0 {
        set = set.with(Feature::Fsrm);
    }
    set
}

#[cfg(not(target_arch = "x86_64"))]
fn detect_impl() -> FeatureSet {
    FeatureSet::EMPTY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_within_detected() {
        assert!(detected().contains_all(host()));
    }

    #[cfg(all(target_arch = "x86_64", feature = "std"))]
    #[test]
    fn sse2_is_baseline_on_x86_64() {
        assert!(detected().contains(Feature::Sse2));
    }
}
