//! The one object-safe interface through which the tuner verifies and runs every op.
//!
//! Ops differ in signature (`&[u8] -> u64`, `&mut [u64]`, …); the tuner does not care. Each op
//! implements [`Kernel`] once, statically typed; the blanket impl turns it into a [`Workload`]
//! that speaks in variant names, sizes and [`Bench`] objects.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::registry::{self, Checked, OpInfo, Variant, VariantInfo};

/// The size ladder of byte-oriented ops: L1 to just past L2 on the machines seen so far.
pub const BYTE_LADDER: &[usize] = &[
    16,
    64,
    256,
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
];

/// One input the bench prepares: its size in the op's units and the byte offset of its start
/// from a 64-byte boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    /// Size in the op's units (bytes, elements, matrix dimension).
    pub size: usize,
    /// Misalignment of the input's start, in bytes from a 64-byte boundary (0..64).
    pub offset: usize,
}

impl Case {
    /// A 64-byte-aligned input of `size` units.
    pub const fn aligned(size: usize) -> Case {
        Case { size, offset: 0 }
    }
}

/// Prepared inputs for one variant; the tuner times [`run`](Bench::run).
pub trait Bench {
    /// Number of prepared cases.
    fn cases(&self) -> usize;

    /// Units of work in case `case` (bytes, elements, flops).
    fn units(&self, case: usize) -> u64;

    /// Whether a call changes its input, so [`reset`](Bench::reset) must run before each call.
    fn mutates(&self) -> bool {
        false
    }

    /// Restores the input of `case` (untimed). A no-op for ops that do not change their input.
    fn reset(&mut self, _case: usize) {}

    /// One call of the variant on case `case`; its result goes through `black_box`.
    fn run(&mut self, case: usize);

    /// `calls` back-to-back calls on case `case`, as a throughput sample times them: the loop is
    /// compiled into each implementation, so a call costs what it costs in a criterion loop,
    /// without a virtual call of `run` in between.
    fn repeat(&mut self, case: usize, calls: u64) {
        for _ in 0..calls {
            self.run(case);
        }
    }
}

/// The first input on which a variant disagreed with the reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// What the input was (`len 37, offset 5, needle at 12`).
    pub case: String,
    /// The reference's result.
    pub expected: String,
    /// The variant's result.
    pub got: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.case, self.expected, self.got
        )
    }
}

/// Why a variant could not be verified or benched: the op has no variant of that name, or the
/// host may not run it ([`registry::LookupError`], under the name the tuner uses).
pub use crate::registry::LookupError as VariantError;

/// The outcome of verifying one variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// It could not run.
    Variant(VariantError),
    /// It ran and disagreed with the reference.
    Mismatch(Mismatch),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Variant(e) => e.fmt(f),
            VerifyError::Mismatch(m) => m.fmt(f),
        }
    }
}

/// An op as the tuner sees it, whatever its signature.
pub trait Workload: Sync {
    /// The op's description.
    fn info(&self) -> &'static OpInfo;

    /// Every variant built for this target, available here or not.
    fn variants(&self) -> Vec<&'static VariantInfo>;

    /// The size ladder the tuner measures, in the op's units.
    fn sizes(&self) -> &'static [usize];

    /// Units of work in one call at `size` (equal to `size` except for sgemm's flops).
    fn units(&self, size: usize) -> u64;

    /// Bytes of memory one call at `size` touches (inputs and outputs): how the tuner sizes a
    /// latency pool to exceed L1.
    fn footprint(&self, size: usize) -> usize;

    /// The variant runtime dispatch picks on this host.
    fn runtime_choice(&self) -> &'static str;

    /// Runs the shared verification harness on one variant: every edge case and seeded random
    /// input the op defines, against the reference.
    fn verify(&self, variant: &str) -> Result<(), VerifyError>;

    /// Prepares `cases` (inputs generated from `seed`) for timing `variant`.
    fn bench(
        &self,
        variant: &str,
        cases: &[Case],
        seed: u64,
    ) -> Result<Box<dyn Bench>, VariantError>;
}

/// An op, statically typed: implement this once per op and it is a [`Workload`].
pub trait Kernel: Sync + 'static {
    /// The signature every variant shares, as an `unsafe fn` pointer.
    type Fn: Copy + 'static;

    /// The op's description.
    fn info() -> &'static OpInfo;

    /// Every variant built for this target.
    fn table() -> &'static [Variant<Self::Fn>];

    /// Runtime-dispatch preference, best first; the last needs no CPU feature.
    const PREFER: &'static [&'static str];

    /// The size ladder.
    const SIZES: &'static [usize];

    /// Units of work in one call at `size`.
    fn units(size: usize) -> u64 {
        size as u64
    }

    /// Bytes of memory one call at `size` touches (default: `size`, for byte-sized ops).
    fn footprint(size: usize) -> usize {
        size
    }

    /// The shared harness applied to one variant.
    fn verify(variant: Checked<Self::Fn>) -> Result<(), Mismatch>;

    /// Inputs prepared for timing one variant.
    fn bench(variant: Checked<Self::Fn>, cases: &[Case], seed: u64) -> Box<dyn Bench>;

    /// The runtime-dispatch choice on this host.
    fn choose() -> Checked<Self::Fn> {
        registry::choose(Self::table(), Self::PREFER)
    }
}

impl<K: Kernel> Workload for K {
    fn info(&self) -> &'static OpInfo {
        K::info()
    }

    fn variants(&self) -> Vec<&'static VariantInfo> {
        K::table().iter().map(Variant::info).collect()
    }

    fn sizes(&self) -> &'static [usize] {
        K::SIZES
    }

    fn units(&self, size: usize) -> u64 {
        K::units(size)
    }

    fn footprint(&self, size: usize) -> usize {
        K::footprint(size)
    }

    fn runtime_choice(&self) -> &'static str {
        K::choose().name()
    }

    fn verify(&self, variant: &str) -> Result<(), VerifyError> {
        let f = registry::variant::<K>(variant).map_err(VerifyError::Variant)?;
        K::verify(f).map_err(VerifyError::Mismatch)
    }

    fn bench(
        &self,
        variant: &str,
        cases: &[Case],
        seed: u64,
    ) -> Result<Box<dyn Bench>, VariantError> {
        Ok(K::bench(registry::variant::<K>(variant)?, cases, seed))
    }
}
