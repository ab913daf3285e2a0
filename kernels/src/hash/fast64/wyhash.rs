//! `wyhash`: wyhash, final version 4.2 (Wang Yi, `wyhash.h` in github.com/wangyi-fudan/wyhash),
//! with its default secret and `WYHASH_CONDOM` 1 (the multiply replaces both words). Version
//! 4.2 changed the default secret of version 4 and runs the 48-byte loop from 48 bytes on.
//!
//! The seed is mixed with the secret first. Up to 16 bytes are read as two 64-bit words built
//! from (possibly overlapping) 32-bit or single-byte reads; longer inputs pass through three
//! lanes of 48 bytes, then 16 bytes at a time, and the last 16 bytes of the input become the two
//! words. Both words go through one 64 × 64 → 128-bit multiply and a final multiply-and-fold
//! with the length. Safe code: every read is a bounds-checked slice of the input.

/// The default secret of `wyhash.h` 4.2 (`_wyp`).
pub const SECRET: [u64; 4] = [
    0x2d35_8dcc_aa6c_78a5,
    0x8bb8_4b93_962e_acc9,
    0x4b33_a62e_d433_d4a3,
    0x4d5a_2da5_1de1_aa47,
];

/// The 128-bit product of `a` and `b` as (low, high) words (`_wymum`).
#[inline(always)]
pub(crate) const fn mum(a: u64, b: u64) -> (u64, u64) {
    let r = (a as u128) * (b as u128);
    (r as u64, (r >> 64) as u64)
}

/// The two words of the product, xored (`_wymix`).
#[inline(always)]
pub(crate) const fn mix(a: u64, b: u64) -> u64 {
    let (lo, hi) = mum(a, b);
    lo ^ hi
}

/// The little-endian `u64` at `at`.
#[inline(always)]
pub(crate) fn r8(p: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&p[at..at + 8]);
    u64::from_le_bytes(word)
}

/// The little-endian `u32` at `at`, widened.
#[inline(always)]
pub(crate) fn r4(p: &[u8], at: usize) -> u64 {
    let mut word = [0; 4];
    word.copy_from_slice(&p[at..at + 4]);
    u64::from(u32::from_le_bytes(word))
}

/// wyhash of `data` with `seed`.
///
/// # Safety
///
/// None: safe code (`unsafe` for the op's signature only).
pub unsafe fn wyhash(data: &[u8], seed: u64) -> u64 {
    hash(data, seed)
}

/// wyhash of `data` with `seed`, as a safe function.
#[inline]
pub fn hash(data: &[u8], seed: u64) -> u64 {
    let s = &SECRET;
    let len = data.len();
    let mut seed = seed ^ mix(seed ^ s[0], s[1]);
    let (a, b);
    if len <= 16 {
        if len >= 4 {
            // Two 32-bit reads from each end: 4..=7 bytes overlap, 8..=16 cover the middle.
            let quarter = (len >> 3) << 2;
            a = (r4(data, 0) << 32) | r4(data, quarter);
            b = (r4(data, len - 4) << 32) | r4(data, len - 4 - quarter);
        } else if len > 0 {
            a = (u64::from(data[0]) << 16)
                | (u64::from(data[len >> 1]) << 8)
                | u64::from(data[len - 1]);
            b = 0;
        } else {
            a = 0;
            b = 0;
        }
    } else {
        let mut p = data;
        if p.len() >= 48 {
            let (mut see1, mut see2) = (seed, seed);
            while p.len() >= 48 {
                seed = mix(r8(p, 0) ^ s[1], r8(p, 8) ^ seed);
                see1 = mix(r8(p, 16) ^ s[2], r8(p, 24) ^ see1);
                see2 = mix(r8(p, 32) ^ s[3], r8(p, 40) ^ see2);
                p = &p[48..];
            }
            seed ^= see1 ^ see2;
        }
        while p.len() > 16 {
            seed = mix(r8(p, 0) ^ s[1], r8(p, 8) ^ seed);
            p = &p[16..];
        }
        // The last 16 bytes of the input, reaching back before `p` when fewer remain.
        a = r8(data, len - 16);
        b = r8(data, len - 8);
    }
    let (a, b) = mum(a ^ s[1], b ^ seed);
    mix(a ^ s[0] ^ len as u64, b ^ s[1])
}

/// The seed's part of wyhash at length 8 (a `u64` key), done once per hash map: the seed mixed
/// with the secret.
#[inline(always)]
pub const fn key_u64(seed: u64) -> u64 {
    seed ^ mix(seed ^ SECRET[0], SECRET[1])
}

/// [`hash`] of a `u64`'s 8 little-endian bytes, with the seed's part done by [`key_u64`]: the
/// 32-bit reads give the key's halves swapped and the key itself.
#[inline(always)]
pub fn hash_u64_keyed(key: u64, keyed: u64) -> u64 {
    let s = &SECRET;
    let (a, b) = mum(key.rotate_left(32) ^ s[1], key ^ keyed);
    mix(a ^ s[0] ^ 8, b ^ s[1])
}

#[cfg(test)]
mod tests {
    use super::hash;

    /// The test vectors of wyhash final version 4.2 (the classic strings, seed = their index).
    #[test]
    fn published_vectors() {
        let vectors: [(&[u8], u64); 7] = [
            (b"", 0x9322_8a4d_e0ee_c5a2),
            (b"a", 0xc5ba_c3db_1787_13c4),
            (b"abc", 0xa97f_2f7b_1d9b_3314),
            (b"message digest", 0x786d_1f1d_f380_1df4),
            (b"abcdefghijklmnopqrstuvwxyz", 0xdca5_a813_8ad3_7c87),
            (
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                0xb9e7_34f1_17cf_af70,
            ),
            (
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                0x6cc5_eab4_9a92_d617,
            ),
        ];
        for (seed, (data, want)) in vectors.into_iter().enumerate() {
            assert_eq!(
                hash(data, seed as u64),
                want,
                "{:?}",
                core::str::from_utf8(data)
            );
        }
    }
}
