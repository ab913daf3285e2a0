//! The one object-safe interface through which the tuner verifies and runs every op.
//!
//! Ops differ in signature (`&[u8] -> u64`, `&mut [u64]`, …); the tuner does not care. Each op
//! implements [`Kernel`] once, statically typed; the blanket impl turns it into a [`Workload`]
//! that speaks in variant names, sizes and [`Bench`] objects.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::corpus::Corpus;
use crate::registry::{self, Checked, Op, OpInfo, Variant, VariantInfo, VariantPath};

/// The size ladder of byte-oriented ops: L1 to just past L2 on the machines seen so far, doubling
/// up to 1 KiB (where one vector width more or less decides: memrchr at 32 B is one AVX2 load,
/// and with 16 and 64 B only, sse2 was wired there, 13–30 % slower on an AMD EPYC), then ×4.
pub const BYTE_LADDER: &[usize] = &[
    16,
    32,
    64,
    128,
    256,
    512,
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
];

/// `size` as a multiple of `step` (at least 1): the nearest one in `lo..=hi`, or the nearest
/// at all when none lies there. A size the tuner picks itself goes through it
/// ([`Workload::size_step`]).
pub fn on_step(size: usize, step: usize, (lo, hi): (usize, usize)) -> usize {
    let step = step.max(1);
    let near = (size + step / 2) / step * step;
    let inside = if near > hi {
        near.saturating_sub(step)
    } else {
        near
    };
    let inside = if inside < lo { inside + step } else { inside };
    match (lo..=hi).contains(&inside) {
        true => inside.max(step),
        false => near.max(step),
    }
}

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

/// Whether and how an op measures the user's own files (`arsenal tune --input`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// The op reads the user's bytes; how, in one line (`arsenal list` and the docs show it).
    Bytes(&'static str),
    /// The op reads the user's bytes as little-endian values of the given width in bytes (Stream
    /// VByte's `u32`s), and a size counts values: a file's last `len % width` bytes are not
    /// read, and a window starts a whole number of values into its file
    /// ([`Corpus::fill_values`]). How, in one line.
    Values(usize, &'static str),
    /// The op takes no user data; why, in one line.
    None(&'static str),
}

impl Input {
    /// Whether the op reads the user's bytes.
    pub const fn takes_bytes(self) -> bool {
        matches!(self, Input::Bytes(_) | Input::Values(..))
    }

    /// The bytes of the user's data in one unit of size: a value's width, else 1.
    pub const fn width(self) -> usize {
        match self {
            Input::Values(width, _) => width,
            Input::Bytes(_) | Input::None(_) => 1,
        }
    }

    /// The line that says how or why not.
    pub const fn note(self) -> &'static str {
        match self {
            Input::Bytes(note) | Input::Values(_, note) | Input::None(note) => note,
        }
    }
}

/// Where a bench's inputs come from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// Generated from this seed.
    Generated(u64),
    /// Cut from the user's files (see [`Corpus::fill`]); the seed picks files and windows.
    User(&'a Corpus, u64),
}

impl Source<'_> {
    /// The seed.
    pub fn seed(self) -> u64 {
        match self {
            Source::Generated(seed) | Source::User(_, seed) => seed,
        }
    }

    /// Writes one input into `buf`: `generate`'s when the source is generated, the user's
    /// bytes ([`Corpus::fill`]) when it is theirs.
    pub fn fill(
        self,
        rng: &mut crate::harness::Rng,
        buf: &mut [u8],
        generate: impl FnOnce(&mut crate::harness::Rng, &mut [u8]),
    ) {
        match self {
            Source::Generated(_) => generate(rng, buf),
            Source::User(corpus, _) => corpus.fill(rng, buf),
        }
    }

    /// One input of `n` `u32`s: `draw`'s, one value at a time, when the source is generated;
    /// the user's bytes as little-endian values ([`Corpus::fill_values`]) when it is theirs.
    pub fn values_u32(
        self,
        rng: &mut crate::harness::Rng,
        n: usize,
        mut draw: impl FnMut(&mut crate::harness::Rng) -> u32,
    ) -> Vec<u32> {
        match self {
            Source::Generated(_) => (0..n).map(|_| draw(rng)).collect(),
            Source::User(corpus, _) => {
                let mut bytes = alloc::vec![0; 4 * n];
                corpus.fill_values(rng, &mut bytes, 4);
                u32s_le(&bytes)
            }
        }
    }
}

/// `bytes` as little-endian `u32`s; the last `len % 4` bytes are left out.
pub fn u32s_le(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
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

    /// Where each of [`variants`](Self::variants) is declared: its function and its `safety`
    /// sentence, in the same order; empty for a workload no declaration made (a test's, or a
    /// wrapper that does not say).
    fn paths(&self) -> &'static [VariantPath] {
        &[]
    }

    /// The size ladder the tuner measures, in the op's units.
    fn sizes(&self) -> &[usize];

    /// The largest size the op's inputs can have, when bounded: an op measured on the user's
    /// files has none longer than the longest file, so the latency band of its top size stops
    /// there. `None` (the default): unbounded.
    fn max_size(&self) -> Option<usize> {
        None
    }

    /// The step the op's sizes come in: every size the tuner picks itself (a midpoint, a
    /// bisection, a latency pool's draw) is a multiple of it. 1 but for base64 decoding, whose
    /// texts are whole quanta of 4 (a text of another length is only ever an error).
    fn size_step(&self) -> usize {
        1
    }

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

    /// Whether and how the op measures the user's files.
    fn input(&self) -> Input;

    /// The corpus the op reads, made from the user's files: `None` when it reads them as they
    /// are (base64 decoding reads each file's encoding).
    fn prepare_input(&self, files: &Corpus) -> Option<Corpus>;

    /// Checks `variant` against the reference on one of the user's files (as the op reads it,
    /// after [`prepare_input`](Self::prepare_input)), at an aligned and a misaligned start.
    /// An op that takes no input fails every variant.
    fn verify_input(&self, variant: &str, data: &[u8]) -> Result<(), VerifyError>;

    /// Prepares `cases` cut from `corpus` (see [`Corpus::fill`]) for timing `variant`.
    ///
    /// # Panics
    ///
    /// If the op does not read bytes ([`Input::None`]).
    fn bench_input(
        &self,
        variant: &str,
        cases: &[Case],
        corpus: &Corpus,
        seed: u64,
    ) -> Result<Box<dyn Bench>, VariantError>;
}

/// An op, statically typed: what varies by op (sizes, input, verification, benches), on top of
/// the fixed parts its declaration generates ([`Op`]). Implement it once per op and the op is a
/// [`Workload`].
pub trait Kernel: Op {
    /// The size ladder.
    const SIZES: &'static [usize];

    /// Whether and how the op measures the user's files.
    const INPUT: Input;

    /// The step its sizes come in ([`Workload::size_step`]).
    const SIZE_STEP: usize = 1;

    /// Units of work in one call at `size`.
    fn units(size: usize) -> u64 {
        size as u64
    }

    /// Bytes of memory one call at `size` touches (default: `size`, for byte-sized ops).
    fn footprint(size: usize) -> usize {
        size
    }

    /// The shared harness applied to one variant.
    fn verify(variant: Checked<Self>) -> Result<(), Mismatch>;

    /// Inputs prepared for timing one variant, generated or cut from the user's files.
    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench>;

    /// The corpus the op reads, made from the user's files; `None` (the default) reads them as
    /// they are.
    fn prepare_input(_files: &Corpus) -> Option<Corpus> {
        None
    }

    /// The variant against the reference on one of the user's files. An op whose
    /// [`INPUT`](Self::INPUT) is [`Input::Bytes`] must override it; the default fails, so an op
    /// that forgets is never timed on data it did not check.
    fn verify_input(_variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        Err(Mismatch {
            case: alloc::format!("a file of {} bytes", data.len()),
            expected: "a check of the user's data".into(),
            got: "none: the op does not verify user data".into(),
        })
    }
}

impl<K: Kernel> Workload for K {
    fn info(&self) -> &'static OpInfo {
        K::info()
    }

    fn variants(&self) -> Vec<&'static VariantInfo> {
        K::table().iter().map(Variant::info).collect()
    }

    fn paths(&self) -> &'static [VariantPath] {
        K::PATHS
    }

    fn sizes(&self) -> &[usize] {
        K::SIZES
    }

    fn size_step(&self) -> usize {
        K::SIZE_STEP
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
        Ok(K::bench(
            registry::variant::<K>(variant)?,
            cases,
            Source::Generated(seed),
        ))
    }

    fn input(&self) -> Input {
        K::INPUT
    }

    fn prepare_input(&self, files: &Corpus) -> Option<Corpus> {
        K::prepare_input(files)
    }

    fn verify_input(&self, variant: &str, data: &[u8]) -> Result<(), VerifyError> {
        let f = registry::variant::<K>(variant).map_err(VerifyError::Variant)?;
        K::verify_input(f, data).map_err(VerifyError::Mismatch)
    }

    fn bench_input(
        &self,
        variant: &str,
        cases: &[Case],
        corpus: &Corpus,
        seed: u64,
    ) -> Result<Box<dyn Bench>, VariantError> {
        assert!(
            K::INPUT.takes_bytes(),
            "{} takes no input: {}",
            K::info().name,
            K::INPUT.note()
        );
        Ok(K::bench(
            registry::variant::<K>(variant)?,
            cases,
            Source::User(corpus, seed),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::on_step;

    #[test]
    fn sizes_on_a_step_stay_in_their_range() {
        // Step 1 leaves every size as it is.
        for size in [1, 7, 23, 1000] {
            assert_eq!(on_step(size, 1, (1, usize::MAX)), size);
        }
        // The nearest multiple of 4: 23 → 24, 21 → 20, 22 → 24 (half up).
        assert_eq!(on_step(23, 4, (17, 31)), 24);
        assert_eq!(on_step(21, 4, (17, 31)), 20);
        assert_eq!(on_step(22, 4, (17, 31)), 24);
        // Kept inside the range where a multiple lies there; never below one step.
        assert_eq!(on_step(31, 4, (17, 30)), 28);
        assert_eq!(on_step(17, 4, (18, 30)), 20);
        assert_eq!(on_step(1, 4, (1, 3)), 4);
        assert_eq!(on_step(0, 4, (0, 100)), 4);
    }
}
