//! The plain loop: the reference. Four independent accumulators so the adds do not form one
//! dependency chain; the compiler may still vectorise it with the baseline instruction set.

/// The wrapping sum of the whole little-endian `u64` words of `data`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn read(data: &[u8]) -> u64 {
    sum(data)
}

/// The wrapping sum of the whole little-endian `u64` words of `data` (safe form).
pub fn sum(data: &[u8]) -> u64 {
    let mut acc = [0u64; 4];
    let mut blocks = data.chunks_exact(32);
    for block in &mut blocks {
        for (a, word) in acc.iter_mut().zip(block.chunks_exact(8)) {
            *a = a.wrapping_add(word_at(word));
        }
    }
    let mut total = acc.iter().fold(0u64, |t, &a| t.wrapping_add(a));
    for word in blocks.remainder().chunks_exact(8) {
        total = total.wrapping_add(word_at(word));
    }
    total
}

/// The little-endian word in the first 8 bytes of `bytes` (which holds at least 8).
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(w)
}
