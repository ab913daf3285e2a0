//! The registry: what every op is and which variants implement it.
//!
//! An op ([`OpInfo`]) has a name (`domain.name`), a contract, a reference variant and the spec it
//! follows. Each of its variants ([`Variant`]) pairs a description ([`VariantInfo`]: name, origin,
//! required CPU features, parallel or not) with an `unsafe fn` pointer of the op's signature.
//!
//! Safe code reaches a variant only through [`Variant::checked`], which returns `None` unless the
//! host has every feature the variant requires; the [`Checked`] token it returns is the proof, and
//! each op gives it a safe calling method.

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
}

impl fmt::Display for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Contract::Exact => f.write_str("exact"),
            Contract::Tolerance { bound } => write!(f, "tolerance: {bound}"),
        }
    }
}

/// What an op's size counts, and what its throughput figure is per second of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Bytes of input.
    Bytes,
    /// Elements of input (sort keys).
    Elements,
    /// Floating-point operations (size is a matrix dimension).
    Flops,
}

impl Unit {
    /// `bytes`, `elements` or `flops`.
    pub const fn name(self) -> &'static str {
        match self {
            Unit::Bytes => "bytes",
            Unit::Elements => "elements",
            Unit::Flops => "flops",
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
    /// `own`, `crate`, `std` or `libc`.
    pub const fn kind(self) -> &'static str {
        match self {
            Origin::Own => "own",
            Origin::Crate { .. } => "crate",
            Origin::Std => "std",
            Origin::Libc => "libc",
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Crate { name, version } => write!(f, "crate {name} {version}"),
            other => f.write_str(other.kind()),
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

/// A variant: its description and its function.
pub struct Variant<F: 'static> {
    info: VariantInfo,
    f: F,
}

impl<F: Copy> Variant<F> {
    /// Pairs a description with a function.
    ///
    /// # Safety
    ///
    /// Calling `f` must be sound whenever the host has every feature in `info.requires` and the
    /// caller meets the op's documented argument contract (for the ops here: any valid slices).
    pub const unsafe fn new(info: VariantInfo, f: F) -> Variant<F> {
        Variant { info, f }
    }

    /// Its description.
    pub fn info(&self) -> &VariantInfo {
        &self.info
    }

    /// The function, if this host may run it.
    pub fn checked(&'static self) -> Option<Checked<F>> {
        self.info.is_available().then_some(Checked {
            f: self.f,
            info: &self.info,
        })
    }

    /// The function, whether or not this host may run it. Calling it is `unsafe`: the caller must
    /// know the host has `info().requires`.
    pub fn raw(&self) -> F {
        self.f
    }
}

impl<F> fmt::Debug for Variant<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant").field("info", &self.info).finish()
    }
}

/// A variant this host may run: the proof that its required features are present.
#[derive(Clone, Copy)]
pub struct Checked<F: 'static> {
    pub(crate) f: F,
    info: &'static VariantInfo,
}

impl<F> Checked<F> {
    /// The variant's description.
    pub fn info(&self) -> &'static VariantInfo {
        self.info
    }

    /// The variant's name.
    pub fn name(&self) -> &'static str {
        self.info.name
    }
}

impl<F> fmt::Debug for Checked<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Checked({})", self.info.name)
    }
}

/// Finds a variant by name in an op's table, if this host may run it.
pub fn lookup<F: Copy>(table: &'static [Variant<F>], name: &str) -> Option<Checked<F>> {
    table
        .iter()
        .find(|v| v.info.name == name)
        .and_then(Variant::checked)
}

/// The runtime-dispatch choice: the first variant of `prefer` this host may run.
///
/// # Panics
///
/// If none is available: every op's preference list ends with a variant that requires nothing,
/// which `tests::preferences_end_portable` checks for every op.
pub fn choose<F: Copy>(table: &'static [Variant<F>], prefer: &[&str]) -> Checked<F> {
    prefer
        .iter()
        .find_map(|name| lookup(table, name))
        .expect("every preference list ends with a portable variant")
}
