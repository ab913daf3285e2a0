//! The reference: `u64::count_ones` over little-endian words, then over the tail's bytes.
//!
//! Built for the x86_64 baseline, which has no `popcnt`, the compiler counts each word with its
//! bit-parallel sequence (shifts, masks and a multiply); the `popcnt` variant is this same code
//! with the instruction enabled.

/// The number of set bits in `data`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn popcount(data: &[u8]) -> u64 {
    count(data)
}

/// [`popcount`] as a safe function, inlined into the callers so it takes their features (the
/// `popcnt` variant) and serves the vector variants' tails.
#[inline(always)]
pub fn count(data: &[u8]) -> u64 {
    let mut words = data.chunks_exact(8);
    let mut n = 0u64;
    for w in &mut words {
        let word = u64::from_le_bytes(w.try_into().expect("chunks of 8"));
        n += u64::from(word.count_ones());
    }
    n + words
        .remainder()
        .iter()
        .map(|b| u64::from(b.count_ones()))
        .sum::<u64>()
}
