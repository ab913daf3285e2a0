//! The vector layer: one byte-vector interface, implemented for SSE2, AVX2 and AVX-512.
//!
//! Byte-scanning algorithms are written once against [`Vector`] and instantiated per instruction
//! set (the design of the `memchr` crate's `Vector` trait). Comparisons produce a [`Vector::Cmp`]:
//! a vector of `0x00`/`0xFF` lanes on SSE2 and AVX2, a mask register on AVX-512, so the AVX-512
//! instantiation combines results with `kor` instead of vector ORs and never moves masks out of
//! mask registers until one is known to be non-zero.
//!
//! Every method is `unsafe` and `#[inline(always)]`: it may only be called from a function compiled
//! with the implementation's target features (an `_impl` body), where it inlines.

pub(crate) mod avx2;
pub(crate) mod avx512;
pub(crate) mod sse2;

/// A vector of `BYTES` bytes.
///
/// # Safety
///
/// Implementors' methods execute instructions of their instruction set: callers must have
/// verified the CPU has it. Loads read `BYTES` bytes at the pointer (aligned loads: a multiple
/// of `BYTES`), which must be readable.
pub(crate) unsafe trait Vector: Copy {
    /// Width in bytes.
    const BYTES: usize;
    /// The result of a comparison: a lane vector or a mask register.
    type Cmp: Copy;

    /// Every lane set to `byte`.
    unsafe fn splat(byte: u8) -> Self;
    /// Loads `BYTES` bytes from any address.
    unsafe fn load_unaligned(ptr: *const u8) -> Self;
    /// Loads `BYTES` bytes from an address aligned to `BYTES`.
    unsafe fn load_aligned(ptr: *const u8) -> Self;
    /// Lane-wise equality.
    unsafe fn cmpeq(self, other: Self) -> Self::Cmp;
    /// Lanes set in either comparison.
    unsafe fn or(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp;
    /// Lanes set in both comparisons.
    unsafe fn and(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp;
    /// Bit `i` set when lane `i` of the comparison is set.
    unsafe fn mask(cmp: Self::Cmp) -> u64;

    /// Whether any lane of the four vectors equals `splat`'s: the hot test of scanning loops.
    /// By default four comparisons OR-ed together; an implementation may do it more cheaply.
    #[inline(always)]
    unsafe fn any_eq4(v: [Self; 4], splat: Self) -> bool {
        // SAFETY: the implementor's features, per the trait contract.
        unsafe {
            let a = Self::or(v[0].cmpeq(splat), v[1].cmpeq(splat));
            let b = Self::or(v[2].cmpeq(splat), v[3].cmpeq(splat));
            Self::mask(Self::or(a, b)) != 0
        }
    }
}
