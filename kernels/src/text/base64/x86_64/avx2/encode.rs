//! AVX2 encoding, after Muła & Lemire (2018), "vectorized encoding": per 24 input bytes,
//!
//! 1. **Spread**: every 3-byte group `s0 s1 s2` becomes the dword `[s1, s0, s2, s1]`. `pshufb`
//!    shuffles within 128-bit lanes, so the 32-byte load starts 4 bytes *before* the 24 bytes:
//!    the low lane then holds bytes 0..12 at lane offsets 4..16, the high lane bytes 12..24 at
//!    offsets 0..12, and one shuffle with a different control per lane serves both (the first
//!    block, with nothing before it, uses two 16-byte loads instead).
//! 2. **Split**: in the dword, as two 16-bit words `[s0:s1]` and `[s1:s2]`, the four 6-bit fields
//!    `a b c d` sit at bits 10, 4 (low word) and 6, 0 (high word). Masking `a` and `c` and taking
//!    the high half of a multiply by 2^6 and 2^10 moves them to bits 0 and 16; masking `b` and `d`
//!    and a low multiply by 2^4 and 2^8 moves them to bits 8 and 24. The OR holds one field per
//!    byte, in output order. (Here the mask of `a` and `c` is applied after the multiply: the
//!    same fields, and a form the compiler keeps as one `vpmulhuw`.)
//! 3. **Translate** (range-based lookup): a saturating subtract of 51 maps `a..z` and `A..Z`
//!    (fields 0..51) to 0 and the digits, `+`, `/` (52..63) to 1..12; a compare marks the
//!    fields below 26 as class 13. A `pshufb` of per-class offsets (`'a' − 26`, `'0' − 52`,
//!    `'+' − 62`, `'/' − 63`, `'A'`) added to the fields gives the characters.
//!
//! The constants are derived here from that layout and the alphabet. After the 24-byte steps,
//! 12-byte steps run on the low lane while 16 bytes remain (inputs of 16..28 bytes start there);
//! the last bytes take the scalar code.

use core::arch::x86_64::*;

use super::super::both_lanes;
use crate::text::base64::scalar;

/// The `pshufb` control spreading four 3-byte groups per lane into `[s1, s0, s2, s1]` dwords,
/// the low lane's groups starting at byte `lo`, the high lane's at `hi`.
const fn spread(lo: usize, hi: usize) -> [u8; 32] {
    let mut t = [0; 32];
    let mut lane = 0;
    while lane < 2 {
        let first = if lane == 0 { lo } else { hi };
        let mut g = 0;
        while g < 4 {
            let s = first + 3 * g;
            let at = 16 * lane + 4 * g;
            t[at] = (s + 1) as u8;
            t[at + 1] = s as u8;
            t[at + 2] = (s + 2) as u8;
            t[at + 3] = (s + 1) as u8;
            g += 1;
        }
        lane += 1;
    }
    t
}

/// Offsets from a field to its character, by class: 0 `a..z`, 1..=10 digits, 11 `+`, 12 `/`,
/// 13 `A..Z`.
const OFFSETS: [u8; 16] = {
    let mut t = [0u8; 16];
    t[0] = b'a' - 26;
    let mut c = 1;
    while c <= 10 {
        t[c] = b'0'.wrapping_sub(52);
        c += 1;
    }
    t[11] = b'+'.wrapping_sub(62);
    t[12] = b'/'.wrapping_sub(63);
    t[13] = b'A';
    t
};

/// [`OFFSETS`] in both lanes.
const OFFSET_TABLE: [u8; 32] = both_lanes(OFFSETS);

/// Loads 32 bytes of a table.
///
/// # Safety
///
/// AVX.
#[inline(always)]
unsafe fn table(t: &[u8; 32]) -> __m256i {
    // SAFETY: 32 readable bytes; AVX per the caller.
    unsafe { _mm256_loadu_si256(t.as_ptr().cast()) }
}

/// `vpmulhuw` / `vpmullw` of two 256-bit registers, written as the instruction: the compiler
/// lowers `_mm256_mulhi_epu16` through widened 32-bit lanes (seven instructions in place of
/// one here), and turns multiplications by these powers of two into shifts and blends. The
/// expanding function must enable AVX2.
macro_rules! multiply {
    ($op:literal, $a:expr, $b:expr) => {{
        let product: __m256i;
        // SAFETY: a register-only AVX2 instruction, in a function that enables AVX2.
        unsafe {
            core::arch::asm!(
                concat!($op, " {p}, {a}, {b}"),
                p = lateout(ymm_reg) product,
                a = in(ymm_reg) $a,
                b = in(ymm_reg) $b,
                options(pure, nomem, nostack, preserves_flags),
            );
        }
        product
    }};
}

/// The 6-bit fields of the 24 bytes a spread control places in `v`, one per byte in output
/// order.
macro_rules! split {
    ($v:expr) => {{
        let v: __m256i = $v;
        // Intrinsics without memory operands are safe in the expanding function, which enables
        // AVX2.
        // The high half of the product is the word shifted right by 10 (`a`, alone) and by 6
        // (`c` under four bits of `s1`), masked after the multiply.
        let ac = multiply!("vpmulhuw", v, _mm256_set1_epi32(0x0400_0040));
        let ac = _mm256_and_si256(ac, _mm256_set1_epi32(0x003F_003F));
        let bd = _mm256_and_si256(v, _mm256_set1_epi32(0x003F_03F0));
        let bd = multiply!("vpmullw", bd, _mm256_set1_epi32(0x0100_0010));
        _mm256_or_si256(ac, bd)
    }};
}

/// Spreads the 24 bytes a control addresses in `v` into `[s1, s0, s2, s1]` dwords.
///
/// # Safety
///
/// AVX2.
#[inline(always)]
unsafe fn spread_block(v: __m256i, control: &[u8; 32]) -> __m256i {
    // SAFETY: AVX2 per the caller.
    unsafe { _mm256_shuffle_epi8(v, table(control)) }
}

/// The characters of 32 6-bit fields.
///
/// # Safety
///
/// AVX2.
#[inline(always)]
unsafe fn translate(fields: __m256i) -> __m256i {
    // SAFETY: AVX2 per the caller.
    unsafe {
        let class = _mm256_subs_epu8(fields, _mm256_set1_epi8(51));
        let upper = _mm256_cmpgt_epi8(_mm256_set1_epi8(26), fields);
        let class = _mm256_or_si256(class, _mm256_and_si256(upper, _mm256_set1_epi8(13)));
        let offsets = _mm256_shuffle_epi8(table(&OFFSET_TABLE), class);
        _mm256_add_epi8(fields, offsets)
    }
}

/// Groups at lane bytes 0..12 in both lanes (two 16-byte loads).
const SPREAD_SPLIT: [u8; 32] = spread(0, 0);
/// Low lane's groups at bytes 4..16 (a load starting 4 bytes early).
const SPREAD_EARLY: [u8; 32] = spread(4, 0);

/// Encodes `src` into `dst`.
///
/// # Safety
///
/// The CPU supports AVX2; `dst.len() == encoded_len(src.len())`.
#[target_feature(enable = "avx2")]
pub unsafe fn encode(src: &[u8], dst: &mut [u8]) {
    let n = src.len();
    let (sp, dp) = (src.as_ptr(), dst.as_mut_ptr());
    let (mut i, mut o) = (0, 0);
    if n >= 28 {
        // SAFETY: bytes 0..28 are readable.
        let first = unsafe {
            let lo = _mm_loadu_si128(sp.cast());
            let hi = _mm_loadu_si128(sp.add(12).cast());
            spread_block(
                _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi),
                &SPREAD_SPLIT,
            )
        };
        let fields = split!(first);
        // SAFETY: the 32 characters of bytes 0..24 fit in `dst`.
        unsafe { _mm256_storeu_si256(dp.cast(), translate(fields)) };
        i = 24;
        o = 32;
        // Invariant: `o == i / 3 * 4`; a step reads `i - 4..i + 28` and writes `o..o + 32`,
        // the characters of `i..i + 24`.
        while i + 28 <= n {
            // SAFETY: `4 <= i` and `i + 28 <= n`.
            let v =
                unsafe { spread_block(_mm256_loadu_si256(sp.add(i - 4).cast()), &SPREAD_EARLY) };
            let fields = split!(v);
            // SAFETY: `o + 32 == encoded_len(i + 24) <= dst.len()`.
            unsafe { _mm256_storeu_si256(dp.add(o).cast(), translate(fields)) };
            i += 24;
            o += 32;
        }
    }
    while n - i >= 16 {
        // A group of 12 bytes on the low lane (the high lane's result is dropped).
        // SAFETY: `i + 16 <= n`.
        let v = unsafe { _mm256_zextsi128_si256(_mm_loadu_si128(sp.add(i).cast())) };
        // SAFETY: as above (AVX2).
        let fields = split!(unsafe { spread_block(v, &SPREAD_SPLIT) });
        // SAFETY: `o + 16 == encoded_len(i + 12) <= dst.len()`.
        unsafe { _mm_storeu_si128(dp.add(o).cast(), _mm256_castsi256_si128(translate(fields))) };
        i += 12;
        o += 16;
    }
    scalar::encode_at(src, dst, i, o);
}
