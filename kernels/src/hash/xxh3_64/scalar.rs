//! The portable XXH3-64: every input-size path of the spec, and the long-input loop written once
//! over `Lanes` so the vector variants reuse it with their own registers.
//!
//! Everything here follows the spec's pseudo-code (see the module doc of [`super`]); the only
//! restructuring is in the long-input accumulation, described on `Lanes`.

/// `PRIME32_1` of the spec: the scramble multiplier.
pub(super) const PRIME32_1: u64 = 0x9E37_79B1;
const PRIME32_2: u64 = 0x85EB_CA77;
const PRIME32_3: u64 = 0xC2B2_AE3D;
const PRIME64_1: u64 = 0x9E37_79B1_85EB_CA87;
const PRIME64_2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const PRIME64_3: u64 = 0x1656_67B1_9E37_79F9;
const PRIME64_4: u64 = 0x85EB_CA77_C2B2_AE63;
const PRIME64_5: u64 = 0x27D4_EB2F_1656_67C5;
const PRIME_MX1: u64 = 0x1656_6791_9E37_79F9;
const PRIME_MX2: u64 = 0x9FB2_1C65_1E98_DF25;

/// Length of the default secret, and of the secret derived from a seed.
pub(super) const SECRET_LEN: usize = 192;
/// Bytes per stripe: eight 64-bit lanes.
pub(super) const STRIPE: usize = 64;
/// Stripes per block: `(SECRET_LEN - 64) / 8`; each takes the secret 8 bytes further on.
pub(super) const STRIPES_PER_BLOCK: usize = (SECRET_LEN - STRIPE) / 8;
/// Bytes per block.
pub(super) const BLOCK: usize = STRIPE * STRIPES_PER_BLOCK;
/// Where the scramble reads its 64 bytes of secret: the last 64.
pub(super) const SCRAMBLE_SECRET: usize = SECRET_LEN - STRIPE;
/// Where the last stripe reads its secret: `secretLength - 71`.
pub(super) const LAST_STRIPE_SECRET: usize = SECRET_LEN - STRIPE - 7;
/// How far ahead of the stripe being read the vector loops ask for data in L1: two blocks, so a
/// line coming from L3 arrives before the loop reaches it (measured on Zen 4: 512 and 8192 are
/// slower at 1 MiB)…
#[cfg(target_arch = "x86_64")]
pub(super) const PREFETCH_L1: usize = 2048;
/// …and, on AVX-512, whose loop outruns the hardware prefetcher once the input outgrows L2, in L2
/// (6 KiB ahead: about 4 % more at 1 MiB than the L1 prefetch alone).
#[cfg(target_arch = "x86_64")]
pub(super) const PREFETCH_L2: usize = 6144;
/// Inputs longer than this take the long-input (stripe) path.
pub(crate) const MID_MAX: usize = 240;

/// The spec's default secret.
#[rustfmt::skip]
pub(super) static DEFAULT_SECRET: Secret = Secret([
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
    0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
    0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
    0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
    0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
    0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
    0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
    0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
    0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
]);

/// The accumulators' starting values for long inputs.
pub(super) const INIT_ACC: [u64; 8] = [
    PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1,
];

/// A 192-byte secret, aligned to a cache line so the stripe loop's secret loads split as few
/// lines as possible.
#[derive(Clone)]
#[repr(C, align(64))]
pub(super) struct Secret(pub(super) [u8; SECRET_LEN]);

impl Secret {
    /// The spec's `deriveSecret(seed)`: even 64-bit words plus the seed, odd ones minus it.
    #[inline(always)]
    fn derived(seed: u64) -> Secret {
        let mut derived = DEFAULT_SECRET.clone();
        for (i, word) in derived.0.chunks_exact_mut(8).enumerate() {
            let v = u64::from_le_bytes(word.try_into().expect("chunks of 8"));
            let v = if i % 2 == 0 {
                v.wrapping_add(seed)
            } else {
                v.wrapping_sub(seed)
            };
            word.copy_from_slice(&v.to_le_bytes());
        }
        derived
    }

    #[inline(always)]
    fn u32_at(&self, at: usize) -> u64 {
        u64::from(read_u32(&self.0, at))
    }

    #[inline(always)]
    fn u64_at(&self, at: usize) -> u64 {
        read_u64(&self.0, at)
    }
}

#[inline(always)]
fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

#[inline(always)]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The low half of the full product, xor its high half.
#[inline(always)]
fn mul128_fold64(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The spec's `avalanche`.
#[inline(always)]
fn avalanche(mut x: u64) -> u64 {
    x ^= x >> 37;
    x = x.wrapping_mul(PRIME_MX1);
    x ^ (x >> 32)
}

/// The spec's `avalanche_XXH64`.
#[inline(always)]
fn avalanche_xxh64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(PRIME64_2);
    x ^= x >> 29;
    x = x.wrapping_mul(PRIME64_3);
    x ^ (x >> 32)
}

/// XXH3-64 of `data` with `seed`.
///
/// # Safety
///
/// None: the signature is `unsafe` only to match the op's other variants.
pub unsafe fn xxh3_64(data: &[u8], seed: u64) -> u64 {
    if data.len() <= MID_MAX {
        return hash_upto_240(data, seed);
    }
    long(data, seed)
}

/// The long-input path, kept out of line so short inputs skip its stack frame.
#[inline(never)]
fn long(data: &[u8], seed: u64) -> u64 {
    // SAFETY: `[u64; 8]` needs no CPU feature, and the input is longer than 240 bytes.
    unsafe { hash_long::<[u64; 8]>(data, seed) }
}

/// XXH3-64 of an input of at most 240 bytes: the spec's small and medium algorithms, which the
/// vector variants share.
#[inline(always)]
pub(crate) fn hash_upto_240(data: &[u8], seed: u64) -> u64 {
    let secret = &DEFAULT_SECRET;
    // Shortest first, with the fewest comparisons on the way to the common short lengths.
    if data.len() <= 16 {
        upto_16(data, seed, secret)
    } else if data.len() <= 128 {
        len_17to128(data, seed, secret)
    } else {
        len_129to240(data, seed, secret)
    }
}

#[inline(always)]
fn upto_16(data: &[u8], seed: u64, secret: &Secret) -> u64 {
    if data.len() > 8 {
        len_9to16(data, seed, secret)
    } else if data.len() >= 4 {
        len_4to8(data, seed, secret)
    } else if !data.is_empty() {
        len_1to3(data, seed, secret)
    } else {
        avalanche_xxh64(seed ^ secret.u64_at(56) ^ secret.u64_at(64))
    }
}

#[inline(always)]
fn len_1to3(data: &[u8], seed: u64, secret: &Secret) -> u64 {
    let len = data.len();
    let combined = u32::from(data[len - 1])
        | ((len as u32) << 8)
        | (u32::from(data[0]) << 16)
        | (u32::from(data[len >> 1]) << 24);
    let flip = (secret.u32_at(0) ^ secret.u32_at(4)).wrapping_add(seed);
    avalanche_xxh64(flip ^ u64::from(combined))
}

#[inline(always)]
fn len_4to8(data: &[u8], seed: u64, secret: &Secret) -> u64 {
    let len = data.len();
    let seed = seed ^ (u64::from((seed as u32).swap_bytes()) << 32);
    let first = u64::from(read_u32(data, 0));
    let last = u64::from(read_u32(data, len - 4));
    let flip = (secret.u64_at(8) ^ secret.u64_at(16)).wrapping_sub(seed);
    rrmxmx((last | (first << 32)) ^ flip, len)
}

/// `secret.u64_at(8) ^ secret.u64_at(16)` of the default secret: the 4-to-8-byte path's flip.
const FLIP_4TO8: u64 = {
    let s = &DEFAULT_SECRET.0;
    let mut word = [0; 8];
    let mut i = 0;
    while i < 8 {
        word[i] = s[8 + i] ^ s[16 + i];
        i += 1;
    }
    u64::from_le_bytes(word)
};

/// The seed's part of XXH3-64 at length 8 (a `u64` key: [`len_4to8`]), done once per hash map.
/// The seed's flip `f` enters as `x = k ^ f` (`k` the key with its halves swapped), and the
/// first step of `rrmxmx` is `x ^ rotl(x, 49) ^ rotl(x, 24)`; rotations distribute over xor, so
/// `f`'s share of that step, `f ^ rotl(f, 49) ^ rotl(f, 24)`, is done here.
#[inline(always)]
pub(crate) const fn key_u64(seed: u64) -> u64 {
    let seed = seed ^ ((((seed as u32).swap_bytes()) as u64) << 32);
    let flip = FLIP_4TO8.wrapping_sub(seed);
    flip ^ flip.rotate_left(49) ^ flip.rotate_left(24)
}

/// XXH3-64 of a `u64`'s 8 little-endian bytes, with the seed's part done by [`key_u64`]: the
/// key's share of `rrmxmx`'s first step (`k = rotl(key, 32)`, so `rotl(k, 49) = rotl(key, 17)`
/// and `rotl(k, 24) = rotl(key, 56)`), then the rest of it (no length to test, no read of the
/// secret).
#[inline(always)]
pub(crate) fn hash_u64_keyed(key: u64, keyed: u64) -> u64 {
    let x = key.rotate_left(32) ^ key.rotate_left(17) ^ key.rotate_left(56) ^ keyed;
    rrmxmx_after_rotations(x, 8)
}

/// The spec's `rrmxmx`: the 4-to-8-byte path's finish.
#[inline(always)]
fn rrmxmx(x: u64, len: usize) -> u64 {
    rrmxmx_after_rotations(x ^ x.rotate_left(49) ^ x.rotate_left(24), len)
}

/// `rrmxmx` from its first multiply on.
#[inline(always)]
fn rrmxmx_after_rotations(mut x: u64, len: usize) -> u64 {
    x = x.wrapping_mul(PRIME_MX2);
    x ^= (x >> 35).wrapping_add(len as u64);
    x = x.wrapping_mul(PRIME_MX2);
    x ^ (x >> 28)
}

#[inline(always)]
fn len_9to16(data: &[u8], seed: u64, secret: &Secret) -> u64 {
    let len = data.len();
    let flip_lo = (secret.u64_at(24) ^ secret.u64_at(32)).wrapping_add(seed);
    let flip_hi = (secret.u64_at(40) ^ secret.u64_at(48)).wrapping_sub(seed);
    let lo = read_u64(data, 0) ^ flip_lo;
    let hi = read_u64(data, len - 8) ^ flip_hi;
    let acc = (len as u64)
        .wrapping_add(lo.swap_bytes())
        .wrapping_add(hi)
        .wrapping_add(mul128_fold64(lo, hi));
    avalanche(acc)
}

/// The spec's `mixStep`: 16 bytes of data at `at` against 16 of secret at `secret_at`.
#[inline(always)]
fn mix16(data: &[u8], at: usize, secret: &Secret, secret_at: usize, seed: u64) -> u64 {
    let lo = read_u64(data, at) ^ secret.u64_at(secret_at).wrapping_add(seed);
    let hi = read_u64(data, at + 8) ^ secret.u64_at(secret_at + 8).wrapping_sub(seed);
    mul128_fold64(lo, hi)
}

#[inline(always)]
fn len_17to128(data: &[u8], seed: u64, secret: &Secret) -> u64 {
    let len = data.len();
    let mut acc = (len as u64).wrapping_mul(PRIME64_1);
    // Pairs of 16-byte chunks from both ends until they cover the input: the spec's loop over
    // `numRounds = (len - 1) / 32 + 1` rounds, unrolled. The sum wraps, so the order does not
    // matter.
    let pair = |i: usize| {
        mix16(data, 16 * i, secret, 32 * i, seed).wrapping_add(mix16(
            data,
            len - 16 * i - 16,
            secret,
            32 * i + 16,
            seed,
        ))
    };
    if len > 32 {
        if len > 64 {
            if len > 96 {
                acc = acc.wrapping_add(pair(3));
            }
            acc = acc.wrapping_add(pair(2));
        }
        acc = acc.wrapping_add(pair(1));
    }
    acc = acc.wrapping_add(pair(0));
    avalanche(acc)
}

/// Out of line: its registers would otherwise cost the shorter paths a larger prologue.
#[inline(never)]
fn len_129to240(data: &[u8], seed: u64, secret: &Secret) -> u64 {
    let len = data.len();
    let mut acc = (len as u64).wrapping_mul(PRIME64_1);
    for i in 0..8 {
        acc = acc.wrapping_add(mix16(data, 16 * i, secret, 16 * i, seed));
    }
    acc = avalanche(acc);
    for i in 8..len / 16 {
        acc = acc.wrapping_add(mix16(data, 16 * i, secret, 16 * (i - 8) + 3, seed));
    }
    acc = acc.wrapping_add(mix16(data, len - 16, secret, 119, seed));
    avalanche(acc)
}

/// The eight 64-bit accumulators of the long-input path, in whatever registers a variant keeps
/// them.
///
/// The spec's `accumulate` adds `stripe[i]` to `acc[i ^ 1]` for every stripe. Addition modulo
/// 2^64 is associative and commutative, so instead every stripe is added, unswapped, to a second
/// set of lanes (`sum`), and `sum` with adjacent lanes swapped is added to the accumulators once,
/// before each scramble and before the merge ([`Lanes::fold`]). The result is bit-identical and
/// the per-stripe work loses a shuffle.
///
/// # Safety
///
/// Implementors execute instructions of their instruction set; callers must have checked the
/// CPU has it. `load` reads 64 bytes at its pointer, which must be readable.
pub(super) unsafe trait Lanes: Copy {
    /// The accumulators' starting values.
    unsafe fn init() -> Self;
    /// All lanes zero.
    unsafe fn zero() -> Self;
    /// Eight little-endian 64-bit lanes from 64 bytes at any address.
    unsafe fn load(ptr: *const u8) -> Self;
    /// One stripe: `acc[i] += lo32(v[i]) * hi32(v[i])` with `v = data ^ secret`, and
    /// `sum[i] += data[i]`.
    unsafe fn accumulate(acc: &mut Self, sum: &mut Self, data: Self, secret: Self);
    /// `acc[i] + sum[i ^ 1]`: the data sums moved to the lanes the spec adds them to.
    unsafe fn fold(acc: Self, sum: Self) -> Self;
    /// The spec's `round_scramble`: `((acc ^ (acc >> 47)) ^ secret) * PRIME32_1`.
    unsafe fn scramble(acc: Self, secret: Self) -> Self;
    /// The lanes, lane 0 first.
    unsafe fn to_array(self) -> [u64; 8];
    /// A hint that the stripes some way past the one at `stripe` will be read soon; the
    /// addresses hinted need not be readable.
    #[inline(always)]
    fn prefetch(_stripe: *const u8) {}
}

// SAFETY: plain integer code, no CPU feature; `load` reads exactly 64 bytes.
unsafe impl Lanes for [u64; 8] {
    #[inline(always)]
    unsafe fn init() -> Self {
        INIT_ACC
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        [0; 8]
    }

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        core::array::from_fn(|i| {
            // SAFETY: lane `i` lies within the 64 readable bytes at `ptr`.
            u64::from_le(unsafe { ptr.add(8 * i).cast::<u64>().read_unaligned() })
        })
    }

    #[inline(always)]
    unsafe fn accumulate(acc: &mut Self, sum: &mut Self, data: Self, secret: Self) {
        for i in 0..8 {
            let v = data[i] ^ secret[i];
            acc[i] = acc[i].wrapping_add((v & 0xFFFF_FFFF).wrapping_mul(v >> 32));
            sum[i] = sum[i].wrapping_add(data[i]);
        }
    }

    #[inline(always)]
    unsafe fn fold(acc: Self, sum: Self) -> Self {
        core::array::from_fn(|i| acc[i].wrapping_add(sum[i ^ 1]))
    }

    #[inline(always)]
    unsafe fn scramble(acc: Self, secret: Self) -> Self {
        core::array::from_fn(|i| {
            let a = acc[i] ^ (acc[i] >> 47) ^ secret[i];
            a.wrapping_mul(PRIME32_1)
        })
    }

    #[inline(always)]
    unsafe fn to_array(self) -> [u64; 8] {
        self
    }
}

/// XXH3-64 of an input longer than 240 bytes, accumulating in `L`.
///
/// # Safety
///
/// The CPU has `L`'s instruction set; `data.len() > 240`.
#[inline(always)]
pub(super) unsafe fn hash_long<L: Lanes>(data: &[u8], seed: u64) -> u64 {
    // Seed 0 derives the default secret itself: use it in place.
    let derived;
    let secret = if seed == 0 {
        &DEFAULT_SECRET
    } else {
        derived = Secret::derived(seed);
        &derived
    };
    // SAFETY: the caller's guarantees, passed on.
    let acc = unsafe { accumulate_long::<L>(data, secret) };
    merge(&acc, data.len() as u64, secret)
}

/// The spec's steps 1–3 for long inputs: full blocks with a scramble after each, then the stripes
/// of the last block but its last, then the input's last 64 bytes as a stripe.
///
/// # Safety
///
/// The CPU has `L`'s instruction set; `data.len() > 240` (so at least one full stripe).
#[inline(always)]
unsafe fn accumulate_long<L: Lanes>(data: &[u8], secret: &Secret) -> [u64; 8] {
    debug_assert!(data.len() > MID_MAX);
    let len = data.len();
    let input = data.as_ptr();
    let key = secret.0.as_ptr();
    // The last block is handled apart even when full: the final stripe always overlaps it.
    let blocks = (len - 1) / BLOCK;
    // SAFETY: every load below reads 64 bytes inside `data` (stripes of full blocks, stripes
    // before the last, and `len - 64 >= 0`) or inside the 192-byte secret (offsets ≤ 128).
    unsafe {
        let mut acc = L::init();
        if blocks > 0 {
            acc = full_blocks(acc, input, blocks, key);
        }
        let base = input.add(blocks * BLOCK);
        let stripes = (len - 1 - blocks * BLOCK) / STRIPE;
        let mut sum = L::zero();
        for n in 0..stripes {
            let stripe = L::load(base.add(n * STRIPE));
            L::accumulate(&mut acc, &mut sum, stripe, L::load(key.add(8 * n)));
        }
        let last = L::load(input.add(len - STRIPE));
        L::accumulate(
            &mut acc,
            &mut sum,
            last,
            L::load(key.add(LAST_STRIPE_SECRET)),
        );
        L::fold(acc, sum).to_array()
    }
}

/// The spec's rounds over `blocks` full blocks at `input`: sixteen stripes each, then a scramble.
///
/// # Safety
///
/// The CPU has `L`'s instruction set; `blocks * BLOCK` bytes readable at `input`; `key` is a
/// 192-byte secret.
#[inline(always)]
unsafe fn full_blocks<L: Lanes>(mut acc: L, input: *const u8, blocks: usize, key: *const u8) -> L {
    // SAFETY: stripe loads stay inside the blocks, secret loads inside the secret (≤ 128 + 64).
    unsafe {
        // Every block reads the same sixteen secret vectors: loaded once (where registers allow,
        // they stay there; AVX-512 has room for all of them).
        let mut keys = [L::zero(); STRIPES_PER_BLOCK];
        for (n, k) in keys.iter_mut().enumerate() {
            *k = L::load(key.add(8 * n));
        }
        let scramble_key = L::load(key.add(SCRAMBLE_SECRET));
        for block in 0..blocks {
            let base = input.add(block * BLOCK);
            let mut sum = L::zero();
            for (n, &k) in keys.iter().enumerate() {
                L::prefetch(base.wrapping_add(n * STRIPE));
                L::accumulate(&mut acc, &mut sum, L::load(base.add(n * STRIPE)), k);
            }
            acc = L::scramble(L::fold(acc, sum), scramble_key);
        }
        acc
    }
}

/// The spec's `finalMerge(inputLength * PRIME64_1, 11)`.
#[inline(always)]
pub(super) fn merge(acc: &[u64; 8], len: u64, secret: &Secret) -> u64 {
    let mut result = len.wrapping_mul(PRIME64_1);
    for i in 0..4 {
        let at = 11 + 16 * i;
        let lo = acc[2 * i] ^ secret.u64_at(at);
        let hi = acc[2 * i + 1] ^ secret.u64_at(at + 8);
        result = result.wrapping_add(mul128_fold64(lo, hi));
    }
    avalanche(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_zero_keeps_the_default_secret() {
        assert_eq!(Secret::derived(0).0, DEFAULT_SECRET.0);
        let derived = Secret::derived(1);
        assert_eq!(derived.u64_at(0), DEFAULT_SECRET.u64_at(0).wrapping_add(1));
        assert_eq!(derived.u64_at(8), DEFAULT_SECRET.u64_at(8).wrapping_sub(1));
    }

    #[test]
    fn block_geometry_of_the_default_secret() {
        assert_eq!(STRIPES_PER_BLOCK, 16);
        assert_eq!(BLOCK, 1024);
        assert_eq!(LAST_STRIPE_SECRET, 121);
    }
}
