//! `rapidhash`: rapidhash V3 (Nicolas De Carli, `rapidhash.h` in github.com/Nicoshev/rapidhash),
//! with its default secrets, the fast (not protected) multiply and the compact loop.
//!
//! Built on wyhash's multiply-and-fold (`mix`, shared with [`super::wyhash`]): the seed is mixed
//! with the secret; up to 16 bytes become two words from 64-bit, 32-bit or single-byte reads
//! (the length folded into the seed from 4 bytes on); longer inputs pass through seven lanes of
//! 16 bytes (112 per round) and then up to six 16-byte steps, and the last 16 bytes become the two
//! words, with the remaining length folded in. Safe code: bounds-checked slice reads.

use super::wyhash::{mix, mum, r4, r8};

/// The default secrets of `rapidhash.h` (`rapid_secret`).
pub const SECRET: [u64; 8] = [
    0x2d35_8dcc_aa6c_78a5,
    0x8bb8_4b93_962e_acc9,
    0x4b33_a62e_d433_d4a3,
    0x4d5a_2da5_1de1_aa47,
    0xa076_1d64_78bd_642f,
    0xe703_7ed1_a0b4_28db,
    0x90ed_1765_281c_388c,
    0xaaaa_aaaa_aaaa_aaaa,
];

/// rapidhash V3 of `data` with `seed`.
///
/// # Safety
///
/// None: safe code (`unsafe` for the op's signature only).
pub unsafe fn rapidhash(data: &[u8], seed: u64) -> u64 {
    hash(data, seed)
}

/// rapidhash V3 of `data` with `seed`, as a safe function.
#[inline]
pub fn hash(data: &[u8], seed: u64) -> u64 {
    let s = &SECRET;
    let len = data.len();
    let mut seed = seed ^ mix(seed ^ s[2], s[1]);
    let (a, b);
    // What is left of the input at the end: the length itself up to 16 bytes.
    let mut rest = len;
    if len <= 16 {
        if len >= 4 {
            seed ^= len as u64;
            if len >= 8 {
                a = r8(data, 0);
                b = r8(data, len - 8);
            } else {
                a = r4(data, 0);
                b = r4(data, len - 4);
            }
        } else if len > 0 {
            a = (u64::from(data[0]) << 45) | u64::from(data[len - 1]);
            b = u64::from(data[len >> 1]);
        } else {
            a = 0;
            b = 0;
        }
    } else {
        let mut p = data;
        if p.len() > 112 {
            let mut see = [seed; 6];
            while p.len() > 112 {
                seed = mix(r8(p, 0) ^ s[0], r8(p, 8) ^ seed);
                for (k, lane) in see.iter_mut().enumerate() {
                    let at = 16 * (k + 1);
                    *lane = mix(r8(p, at) ^ s[k + 1], r8(p, at + 8) ^ *lane);
                }
                p = &p[112..];
            }
            seed ^= see[0] ^ see[1] ^ see[2] ^ see[3] ^ see[4] ^ see[5];
        }
        // Up to six 16-byte steps, each with its secret.
        const STEP_SECRET: [usize; 6] = [2, 2, 1, 1, 2, 1];
        for (k, &secret) in STEP_SECRET.iter().enumerate() {
            if p.len() <= 16 * (k + 1) {
                break;
            }
            seed = mix(r8(p, 16 * k) ^ s[secret], r8(p, 16 * k + 8) ^ seed);
        }
        rest = p.len();
        a = r8(data, len - 16) ^ rest as u64;
        b = r8(data, len - 8);
    }
    let (a, b) = mum(a ^ s[1], b ^ seed);
    mix(a ^ s[7], b ^ s[1] ^ rest as u64)
}

/// The seed's part of rapidhash V3 at length 8 (a `u64` key), done once per hash map: the seed
/// mixed with the secret, the length folded in.
#[inline(always)]
pub const fn key_u64(seed: u64) -> u64 {
    seed ^ mix(seed ^ SECRET[2], SECRET[1]) ^ 8
}

/// [`hash`] of a `u64`'s 8 little-endian bytes, with the seed's part done by [`key_u64`]: both
/// 64-bit reads give the key.
#[inline(always)]
pub fn hash_u64_keyed(key: u64, keyed: u64) -> u64 {
    let s = &SECRET;
    let (a, b) = mum(key ^ s[1], key ^ keyed);
    mix(a ^ s[7], b ^ s[1] ^ 8)
}
