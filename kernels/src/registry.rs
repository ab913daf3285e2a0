//! The registry: what every op is and which variants implement it.
//!
//! An op ([`OpInfo`]) has a name (`domain.name`), a contract, a reference variant and the spec it
//! follows. Each of its variants ([`Variant`]) pairs a description ([`VariantInfo`]: name, origin,
//! required CPU features, parallel or not) with an `unsafe fn` pointer of the op's signature.
//!
//! Safe code reaches a variant only through [`variant`] (by name, with the reason when there is
//! none) or [`Variant::checked`], which succeed only when the host has every feature the variant
//! requires; the [`Checked`] token they return is the proof, and each op gives it a safe calling
//! method.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::cpu::{self, FeatureSet};

/// What a variant's result must satisfy relative to the op's reference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Contract {
    /// Bit-identical to the reference for every input.
    Exact,
    /// Within a stated bound of the reference.
    Tolerance {
        /// The bound, stated for people (`"relative error ≤ 1e-5 · √n"`).
        bound: &'static str,
    },
    /// Any output that passes the stated quality tests: variants may differ from the reference
    /// and from each other (a hash for hash tables), so the verifier runs the tests instead of
    /// comparing outputs, and a build wires one variant for every size of the op.
    Quality {
        /// The tests, stated for people.
        tests: &'static str,
    },
}

impl Contract {
    /// Whether outputs may differ between variants ([`Contract::Quality`]): a build then wires
    /// one variant for every size of the op, so its results agree with each other.
    pub const fn is_quality(self) -> bool {
        matches!(self, Contract::Quality { .. })
    }
}

impl fmt::Display for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Contract::Exact => f.write_str("exact"),
            Contract::Tolerance { bound } => write!(f, "tolerance: {bound}"),
            Contract::Quality { tests } => write!(f, "quality: {tests}"),
        }
    }
}

/// What an op's size counts, and what its throughput figure is per second of (defined in
/// `arsenal-manifest`, which the reports read too).
pub use arsenal_manifest::Unit;

pub use arsenal_manifest::OriginKind;

/// A bound of the host that a ceiling op measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ceiling {
    /// Read bandwidth at each working-set size, in bytes per second.
    Read,
    /// The f32 fused multiply-add peak of one core, in flops per second.
    FmaF32,
    /// The peak of 32 × 32 → 64-bit unsigned multiplies of one core, per second.
    MulU32,
}

impl Ceiling {
    /// The store's name of the ceiling: `read`, `fma_f32` or `mul_u32`.
    pub const fn kind(self) -> &'static str {
        match self {
            Ceiling::Read => "read",
            Ceiling::FmaF32 => "fma_f32",
            Ceiling::MulU32 => "mul_u32",
        }
    }

    /// The unit of its figure: `bytes/s`, `flops/s` or `muls/s`.
    pub const fn unit(self) -> &'static str {
        match self {
            Ceiling::Read => "bytes/s",
            Ceiling::FmaF32 => "flops/s",
            Ceiling::MulU32 => "muls/s",
        }
    }

    /// Whether it depends on the working-set size (a figure is read against the ceiling measured
    /// at the nearest size) rather than being one peak (the best over its sizes).
    pub const fn sized(self) -> bool {
        matches!(self, Ceiling::Read)
    }
}

/// A bound on a kernel's throughput, derived from one of the host's ceilings: the kernel cannot
/// do more than `per` of its units for each unit of the ceiling, because every implementation of
/// the op needs at least that much of the ceiling's resource (`why`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    /// The ceiling it is derived from.
    pub ceiling: Ceiling,
    /// The op's units per unit of the ceiling: 1 for a byte kernel against read bandwidth.
    pub per: f64,
    /// The derivation, for the reader: what each unit of the op needs of the ceiling.
    pub why: &'static str,
}

impl Bound {
    /// Memory-bound: each input byte is read at least once, so bytes per second cannot exceed
    /// the read bandwidth at the size.
    pub const READ: Bound = Bound {
        ceiling: Ceiling::Read,
        per: 1.0,
        why: "memory-bound: every input byte is read at least once",
    };

    /// Compute-bound on floating point: flops per second cannot exceed the FMA peak.
    pub const FMA_F32: Bound = Bound {
        ceiling: Ceiling::FmaF32,
        per: 1.0,
        why: "compute-bound: its flops run at most at the f32 FMA peak",
    };
}

/// What an op is for the views that read its figures against the host's bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Role {
    /// It measures one of the host's bounds; its figures are read against nothing, and it runs
    /// on generated inputs in every run (`--input` or not).
    Ceiling(Ceiling),
    /// A kernel, bounded by each of these: its throughput is read against the least of them at
    /// the size (none for a kernel no ceiling bounds, such as a sort counting elements).
    Kernel(&'static [Bound]),
}

impl Role {
    /// A memory-bound kernel: read against the read bandwidth at its size.
    pub const MEMORY: Role = Role::Kernel(&[Bound::READ]);

    /// The store's name of the role: `kernel`, or the kind of ceiling measured (`read`,
    /// `fma_f32`).
    pub const fn name(self) -> &'static str {
        match self {
            Role::Ceiling(c) => c.kind(),
            Role::Kernel(_) => "kernel",
        }
    }

    /// The bound it measures, when it is a ceiling op.
    pub const fn ceiling(self) -> Option<Ceiling> {
        match self {
            Role::Ceiling(c) => Some(c),
            Role::Kernel(_) => None,
        }
    }

    /// The bounds its figures are read against: none for a ceiling op.
    pub const fn bounds(self) -> &'static [Bound] {
        match self {
            Role::Ceiling(_) => &[],
            Role::Kernel(bounds) => bounds,
        }
    }
}

/// One operation.
#[derive(Debug)]
pub struct OpInfo {
    /// `domain.name`, e.g. `hash.xxh3_64`.
    pub name: &'static str,
    /// One line on what it computes.
    pub summary: &'static str,
    /// What every variant must satisfy.
    pub contract: Contract,
    /// Name of the variant whose output is the reference.
    pub reference: &'static str,
    /// The specification or paper the op (and its own variants) follow.
    pub spec: &'static str,
    /// What the size of an input counts.
    pub unit: Unit,
    /// A kernel, or a ceiling op measuring one of the host's bounds.
    pub role: Role,
}

/// Who wrote a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in this crate.
    Own,
    /// A wrapper around another crate's public API.
    Crate {
        /// The crate's name on crates.io.
        name: &'static str,
        /// The exact version this build links.
        version: &'static str,
    },
    /// The Rust standard library.
    Std,
    /// The C library.
    Libc,
}

impl Origin {
    /// Its kind: own, crate, std or libc (`arsenal_manifest::OriginKind`, which the oracle ranks
    /// by).
    pub const fn kind(self) -> OriginKind {
        match self {
            Origin::Own => OriginKind::Own,
            Origin::Crate { .. } => OriginKind::Crate,
            Origin::Std => OriginKind::Std,
            Origin::Libc => OriginKind::Libc,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Crate { name, version } => write!(f, "crate {name} {version}"),
            other => f.write_str(other.kind().name()),
        }
    }
}

/// The description of one variant.
#[derive(Debug)]
pub struct VariantInfo {
    /// `scalar`, `avx2`, `crate:memchr`, `std:sort_unstable`, …
    pub name: &'static str,
    /// Who wrote it.
    pub origin: Origin,
    /// CPU features it executes; it may run only where the host has them all.
    pub requires: FeatureSet,
    /// Whether one call spreads over several threads.
    pub parallel: bool,
}

impl VariantInfo {
    /// An own, single-threaded variant.
    pub const fn own(name: &'static str, requires: FeatureSet) -> VariantInfo {
        VariantInfo {
            name,
            origin: Origin::Own,
            requires,
            parallel: false,
        }
    }

    /// A single-threaded variant of the given origin that needs no CPU feature.
    pub const fn portable(name: &'static str, origin: Origin) -> VariantInfo {
        VariantInfo {
            name,
            origin,
            requires: FeatureSet::EMPTY,
            parallel: false,
        }
    }

    /// This variant, marked as spreading one call over several threads.
    pub const fn parallel(self) -> VariantInfo {
        VariantInfo {
            parallel: true,
            ..self
        }
    }

    /// Whether it may run on this host, and if not, why.
    pub fn availability(&self) -> Availability {
        let missing = self.requires.difference(cpu::host());
        if missing.is_empty() {
            Availability::Available
        } else {
            Availability::Missing {
                masked: missing.intersection(cpu::detected()),
                missing,
            }
        }
    }

    /// Whether it may run on this host.
    pub fn is_available(&self) -> bool {
        cpu::has(self.requires)
    }
}

/// Whether a variant may run on this host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// Every required feature is usable.
    Available,
    /// Some required features are not usable.
    Missing {
        /// Required features the host may not use.
        missing: FeatureSet,
        /// Those of them the CPU has but `ARSENAL_DISABLE` masks.
        masked: FeatureSet,
    },
}

impl fmt::Display for Availability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Availability::Available => f.write_str("available"),
            Availability::Missing { missing, masked } if masked.is_empty() => {
                write!(f, "the CPU lacks {missing}")
            }
            Availability::Missing { missing, masked } => {
                write!(f, "needs {missing} ({masked} masked by ARSENAL_DISABLE)")
            }
        }
    }
}

/// An op's fixed parts: what the crate's `declare::ops!` generates from its declaration.
pub trait Op: Sized + Sync + 'static {
    /// The signature every variant shares, as an `unsafe fn` pointer.
    type Fn: Copy + 'static;

    /// The op's description.
    const INFO: &'static OpInfo;

    /// Every variant built for this target.
    const TABLE: &'static [Variant<Self>];

    /// Runtime-dispatch preference, best first; the last needs no CPU feature.
    const PREFER: &'static [&'static str];

    /// Where each variant of [`TABLE`](Self::TABLE) is declared, in the same order.
    const PATHS: &'static [VariantPath];

    /// Every variant the declaration names, whether this build has it or not (its `cfg`): a
    /// manifest may name any of these.
    const DECLARED: &'static [&'static str];

    /// The variant runtime dispatch runs on this host, chosen on the first call and cached.
    #[doc(hidden)]
    fn runtime() -> Self::Fn;

    /// The op's description.
    fn info() -> &'static OpInfo {
        Self::INFO
    }

    /// Every variant built for this target.
    fn table() -> &'static [Variant<Self>] {
        Self::TABLE
    }

    /// The runtime-dispatch choice on this host: the variant `ARSENAL_FORCE` names for the op
    /// when this host may run it ([`crate::force`]), else the first of [`PREFER`](Self::PREFER)
    /// it may run.
    ///
    /// # Panics
    ///
    /// If none is available: every op's preference list ends with a variant that requires
    /// nothing, which `every_op_has_its_reference_and_portable_fallback` checks for every op.
    fn choose() -> Checked<Self> {
        let forced = crate::force::forced(Self::INFO.name)
            .and_then(|name| Self::TABLE.iter().find(|v| v.info.name == name)?.checked());
        if let Some(variant) = forced {
            return variant;
        }
        Self::PREFER
            .iter()
            .find_map(|name| Self::TABLE.iter().find(|v| v.info.name == *name)?.checked())
            .expect("every preference list ends with a portable variant")
    }
}

/// Where a variant's function is, as its op's declaration names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VariantPath {
    /// The variant's name.
    pub variant: &'static str,
    /// The module of the declaration (`arsenal::search::memchr`).
    pub module: &'static str,
    /// The function's path from that module, as written (`x86_64::avx2::memchr`).
    pub function: &'static str,
    /// Why calling it is sound on a host with the variant's features.
    pub safety: &'static str,
}

/// A variant of op `K`: its description and its function.
pub struct Variant<K: Op> {
    info: VariantInfo,
    f: K::Fn,
}

impl<K: Op> Variant<K> {
    /// Pairs a description with a function.
    ///
    /// # Safety
    ///
    /// Calling `f` must be sound whenever the host has every feature in `info.requires` and the
    /// caller meets the op's documented argument contract (for the ops here: any valid slices).
    pub const unsafe fn new(info: VariantInfo, f: K::Fn) -> Variant<K> {
        Variant { info, f }
    }

    /// Its description.
    pub const fn info(&self) -> &VariantInfo {
        &self.info
    }

    /// The function, if this host may run it.
    pub fn checked(&'static self) -> Option<Checked<K>> {
        self.info.is_available().then_some(Checked {
            f: self.f,
            info: &self.info,
        })
    }

    /// The function, whether or not this host may run it. Calling it is `unsafe`: the caller must
    /// know the host has `info().requires`.
    pub const fn raw(&self) -> K::Fn {
        self.f
    }
}

impl<K: Op> fmt::Debug for Variant<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant").field("info", &self.info).finish()
    }
}

/// A variant of op `K` this host may run: the proof that its required features are present.
/// Each op's declaration gives it a safe `call` with the op's parameters.
pub struct Checked<K: Op> {
    pub(crate) f: K::Fn,
    info: &'static VariantInfo,
}

impl<K: Op> Clone for Checked<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Op> Copy for Checked<K> {}

impl<K: Op> Checked<K> {
    /// The variant's description.
    pub fn info(&self) -> &'static VariantInfo {
        self.info
    }

    /// The variant's name.
    pub fn name(&self) -> &'static str {
        self.info.name
    }
}

impl<K: Op> fmt::Debug for Checked<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Checked({})", self.info.name)
    }
}

/// Why [`variant`] found no variant of that name that this host may run.
///
/// The tuner's [`VariantError`](crate::workload::VariantError) is the same type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// The op has no variant of that name.
    Unknown {
        /// The op (`search.memchr`).
        op: &'static str,
        /// The name asked for.
        name: String,
        /// Every variant of the op in this build, in table order.
        known: Vec<&'static str>,
    },
    /// The variant exists, but this host may not run it: its name, and the features it needs
    /// that the host lacks (or `ARSENAL_DISABLE` masks).
    Unavailable(&'static str, Availability),
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Unknown { op, name, known } => {
                write!(f, "`{op}` has no variant `{name}` (variants: ")?;
                for (i, k) in known.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(k)?;
                }
                f.write_str(")")
            }
            LookupError::Unavailable(name, why) => write!(f, "`{name}` is unavailable: {why}"),
        }
    }
}

impl core::error::Error for LookupError {}

/// The variant `name` of op `K`, ready to run on the caller's data through its op's `call`:
/// `Err` says whether the op has no such variant or this host may not run it.
///
/// Each op's kernel type is public next to its variants (`search::memchr::Memchr`,
/// `text::base64::Base64Decode`, …; [`crate::workloads`] lists them by name), and
/// [`Checked`]`<K>` has a safe `call` with the op's signature.
///
/// ```
/// use arsenal::registry::{self, LookupError};
/// use arsenal::search::memchr::Memchr;
///
/// let scalar = registry::variant::<Memchr>("scalar")?;
/// assert_eq!(scalar.call(b'x', b"find x"), Some(5));
///
/// let err = registry::variant::<Memchr>("quantum").unwrap_err();
/// assert!(matches!(err, LookupError::Unknown { .. }));
/// assert!(err.to_string().starts_with("`search.memchr` has no variant `quantum` (variants: scalar,"));
/// # Ok::<(), LookupError>(())
/// ```
pub fn variant<K: Op>(name: &str) -> Result<Checked<K>, LookupError> {
    let table = K::table();
    let entry = table
        .iter()
        .find(|v| v.info.name == name)
        .ok_or_else(|| LookupError::Unknown {
            op: K::info().name,
            name: name.into(),
            known: table.iter().map(|v| v.info.name).collect(),
        })?;
    entry
        .checked()
        .ok_or_else(|| LookupError::Unavailable(entry.info.name, entry.info.availability()))
}
