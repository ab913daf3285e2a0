//! The shared verification harness.
//!
//! Every op's [`Kernel::verify`](crate::workload::Kernel::verify) is written with these pieces, so
//! `arsenal check`, the tuner's correctness gate and the test suite run one and the same set of
//! inputs: all small lengths at every misalignment, seeded random large inputs, adversarial
//! patterns, and inputs that end (or start) at the edge of an inaccessible page, where an
//! over-reading SIMD tail would fault.

mod bytes;
#[cfg(all(feature = "std", unix))]
mod guard;
mod rng;
mod text;

pub use bytes::AlignedBytes;
#[cfg(all(feature = "std", unix))]
pub use guard::Guarded;
pub use rng::Rng;
pub use text::fill_english;

use alloc::format;
use alloc::string::String;
use core::fmt::Debug;

use crate::workload::Mismatch;

/// `rounds` seeded random inputs of up to `max` bytes (the first exactly `max`), each at a random
/// misalignment and filled by `rng`; `check` gets the generator (for the round's other draws),
/// the round and the bytes, which it may change before checking.
pub fn random_rounds(
    rng: &mut Rng,
    max: usize,
    rounds: usize,
    mut check: impl FnMut(&mut Rng, usize, &mut [u8]) -> Result<(), Mismatch>,
) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(max);
    for round in 0..rounds {
        let len = if round == 0 { max } else { rng.below(max + 1) };
        let data = buf.slice_mut(rng.below(64), len);
        rng.fill(data);
        check(rng, round, data)?;
    }
    Ok(())
}

/// Misalignments the sweeps visit: every offset from a 64-byte boundary.
pub const OFFSETS: core::ops::Range<usize> = 0..64;

/// `Ok` when `got == expected`, else a [`Mismatch`] describing the case (built only on failure).
pub fn expect_eq<T: PartialEq + Debug>(
    expected: T,
    got: T,
    case: impl FnOnce() -> String,
) -> Result<(), Mismatch> {
    if expected == got {
        Ok(())
    } else {
        Err(Mismatch {
            case: case(),
            expected: format!("{expected:?}"),
            got: format!("{got:?}"),
        })
    }
}

/// `check` on a copy of `data` that starts on a 64-byte boundary, then on one that starts 37
/// bytes past one: how an op checks a variant on one of the user's files.
pub fn aligned_and_not(
    data: &[u8],
    mut check: impl FnMut(&[u8]) -> Result<(), Mismatch>,
) -> Result<(), Mismatch> {
    for offset in [0, 37] {
        let buf = AlignedBytes::with_data(data, offset);
        check(buf.slice(offset, data.len()))?;
    }
    Ok(())
}

/// Visits every `(offset, len)` with `len` in `0..=max_len`: every offset in [`OFFSETS`] for
/// lengths up to `all_offsets_below`, then one offset per length, rotating through all of them.
/// Stops at the first error.
pub fn sweep<E>(
    max_len: usize,
    all_offsets_below: usize,
    mut visit: impl FnMut(usize, usize) -> Result<(), E>,
) -> Result<(), E> {
    for len in 0..=max_len {
        if len < all_offsets_below {
            for offset in OFFSETS {
                visit(offset, len)?;
            }
        } else {
            visit((len * 7) % OFFSETS.end, len)?;
        }
    }
    Ok(())
}

/// Fills `buf` with `needle` at about one byte in `density` and other bytes, never `needle`,
/// elsewhere: haystacks of a chosen match density.
pub fn fill_density(rng: &mut Rng, buf: &mut [u8], needle: u8, density: usize) {
    for b in buf.iter_mut() {
        *b = if rng.below(density) == 0 {
            needle
        } else {
            needle ^ (1 + rng.below(255) as u8)
        };
    }
}

/// Haystacks of every length up to `max_len` flush against an inaccessible page, at the end and
/// then at the start, so an over-read faults: each first random, then every byte the needle
/// (`needles[len % needles.len()]`). `check` gets the needle, the haystack and what it holds.
#[cfg(all(feature = "std", unix))]
pub fn page_edge_haystacks(
    max_len: usize,
    needles: &[u8],
    rng: &mut Rng,
    mut check: impl FnMut(u8, &[u8], &str) -> Result<(), Mismatch>,
) -> Result<(), Mismatch> {
    for len in 0..=max_len {
        for mut guarded in [Guarded::at_end(len), Guarded::at_start(len)] {
            let needle = needles[len % needles.len()];
            let hay = guarded.bytes_mut();
            rng.fill(hay);
            check(needle, hay, "random, at a page edge")?;
            hay.fill(needle);
            check(needle, hay, "every byte, at a page edge")?;
        }
    }
    Ok(())
}
