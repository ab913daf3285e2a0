//! AVX2: the lookup algorithm on two 32-byte registers per block, the tables looked up with
//! `vpshufb` (16 entries, repeated in both 128-bit lanes), `prev1..prev3` built with one
//! `vperm2i128` and three `vpalignr` across the previous register.

use core::arch::x86_64::*;

use super::generic::{self, Engine, CURRENT_HIGH, FOURTH, PREV1_HIGH, PREV1_LOW, THIRD};

/// `Ok` if `bytes` is well-formed UTF-8, else `Err(valid_up_to)`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn utf8_validate(bytes: &[u8]) -> Result<(), usize> {
    // SAFETY: AVX2 is enabled.
    unsafe { generic::validate::<Avx2>(bytes) }
}

/// The largest byte of each lane of a register that ends on a whole character.
const UNFINISHED_MAX: [u8; 32] = generic::unfinished_max::<32>();

/// The engine's state: the previous register and the constants, kept in registers.
#[derive(Clone, Copy)]
struct Avx2 {
    prev: __m256i,
    prev1_high: __m256i,
    prev1_low: __m256i,
    current_high: __m256i,
}

/// A 16-byte table in both lanes.
#[inline(always)]
unsafe fn table(t: &[u8; 16]) -> __m256i {
    // SAFETY: AVX2 (the caller's); 16 readable bytes.
    unsafe { _mm256_broadcastsi128_si256(_mm_loadu_si128(t.as_ptr().cast())) }
}

impl Avx2 {
    /// The lanes of `input` whose class differs from what their position requires (non-zero
    /// lanes are errors), given the register before it.
    #[inline(always)]
    unsafe fn errors(&self, input: __m256i, prev: __m256i) -> __m256i {
        // SAFETY: AVX2 (the caller's); register operations only.
        unsafe {
            // The previous register's high lane followed by this one's low lane, so `alignr`
            // in each 128-bit lane reaches back across the lane and register boundary.
            let across = _mm256_permute2x128_si256(prev, input, 0x21);
            let prev1 = _mm256_alignr_epi8(input, across, 15);
            let prev2 = _mm256_alignr_epi8(input, across, 14);
            let prev3 = _mm256_alignr_epi8(input, across, 13);
            let nibble = _mm256_set1_epi8(0x0F);
            let p1_high = _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble);
            let p1_low = _mm256_and_si256(prev1, nibble);
            let cur_high = _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble);
            let class = _mm256_and_si256(
                _mm256_and_si256(
                    _mm256_shuffle_epi8(self.prev1_high, p1_high),
                    _mm256_shuffle_epi8(self.prev1_low, p1_low),
                ),
                _mm256_shuffle_epi8(self.current_high, cur_high),
            );
            let third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(THIRD as i8));
            let fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8(FOURTH as i8));
            let must = _mm256_and_si256(
                _mm256_or_si256(third, fourth),
                _mm256_set1_epi8(0x80u8 as i8),
            );
            _mm256_xor_si256(class, must)
        }
    }
}

// SAFETY: every method runs AVX2 only; loads read 64 bytes (`load`) or exactly `len`
// (`load_tail`, through a stack copy).
unsafe impl Engine for Avx2 {
    const TAIL_COPIES: bool = true;
    type Block = [__m256i; 2];

    #[inline(always)]
    unsafe fn new() -> Self {
        // SAFETY: AVX2 (the caller's).
        unsafe {
            Avx2 {
                prev: _mm256_setzero_si256(),
                prev1_high: table(&PREV1_HIGH),
                prev1_low: table(&PREV1_LOW),
                current_high: table(&CURRENT_HIGH),
            }
        }
    }

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self::Block {
        // SAFETY: the caller guarantees 64 readable bytes.
        unsafe {
            [
                _mm256_loadu_si256(ptr.cast()),
                _mm256_loadu_si256(ptr.add(32).cast()),
            ]
        }
    }

    #[inline(always)]
    unsafe fn load_tail(ptr: *const u8, len: usize) -> Self::Block {
        debug_assert!(len < 64);
        let mut padded = [0u8; 64];
        // SAFETY: `len` bytes readable at `ptr` (the caller's), and `len < 64` fit the copy.
        unsafe {
            core::ptr::copy_nonoverlapping(ptr, padded.as_mut_ptr(), len);
            Self::load(padded.as_ptr())
        }
    }

    #[inline(always)]
    unsafe fn is_ascii(block: Self::Block) -> bool {
        // SAFETY: AVX2 (the caller's).
        unsafe { _mm256_movemask_epi8(_mm256_or_si256(block[0], block[1])) == 0 }
    }

    #[inline(always)]
    unsafe fn both_ascii(a: Self::Block, b: Self::Block) -> bool {
        // SAFETY: AVX2 (the caller's).
        unsafe {
            let any = _mm256_or_si256(_mm256_or_si256(a[0], a[1]), _mm256_or_si256(b[0], b[1]));
            _mm256_movemask_epi8(any) == 0
        }
    }

    #[inline(always)]
    unsafe fn four_ascii(ptr: *const u8) -> bool {
        // SAFETY: AVX2 (the caller's); the caller guarantees 256 readable bytes.
        unsafe {
            let v: [__m256i; 8] =
                core::array::from_fn(|i| _mm256_loadu_si256(ptr.add(32 * i).cast()));
            let any = _mm256_or_si256(
                _mm256_or_si256(_mm256_or_si256(v[0], v[1]), _mm256_or_si256(v[2], v[3])),
                _mm256_or_si256(_mm256_or_si256(v[4], v[5]), _mm256_or_si256(v[6], v[7])),
            );
            _mm256_movemask_epi8(any) == 0
        }
    }

    #[inline(always)]
    unsafe fn unfinished(&self) -> bool {
        // SAFETY: AVX2 (the caller's); 32 readable bytes in the static.
        unsafe {
            let max = _mm256_loadu_si256(UNFINISHED_MAX.as_ptr().cast());
            let over = _mm256_subs_epu8(self.prev, max);
            _mm256_testz_si256(over, over) == 0
        }
    }

    #[inline(always)]
    unsafe fn after_ascii(&mut self) {
        // SAFETY: AVX2 (the caller's).
        self.prev = unsafe { _mm256_setzero_si256() };
    }

    #[inline(always)]
    unsafe fn check(&mut self, block: Self::Block) -> bool {
        // SAFETY: AVX2 (the caller's).
        unsafe {
            let errors = _mm256_or_si256(
                self.errors(block[0], self.prev),
                self.errors(block[1], block[0]),
            );
            self.prev = block[1];
            _mm256_testz_si256(errors, errors) == 0
        }
    }

    #[inline(always)]
    unsafe fn check_pair(&mut self, a: Self::Block, b: Self::Block) -> bool {
        // SAFETY: AVX2 (the caller's).
        unsafe {
            let errors = _mm256_or_si256(
                _mm256_or_si256(self.errors(a[0], self.prev), self.errors(a[1], a[0])),
                _mm256_or_si256(self.errors(b[0], a[1]), self.errors(b[1], b[0])),
            );
            self.prev = b[1];
            _mm256_testz_si256(errors, errors) == 0
        }
    }
}
