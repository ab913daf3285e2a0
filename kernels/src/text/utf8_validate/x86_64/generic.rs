//! The lookup algorithm of Keiser & Lemire, written once: its tables, the block loop with the
//! ASCII fast path, and the exact error location.
//!
//! **Classifying byte pairs.** Every error of Table 3-7 shows in at most two consecutive bytes,
//! except the count of continuation bytes after a 3- or 4-byte lead. For each pair (`prev1`, the
//! byte before, and the current byte) three 16-entry tables, indexed by `prev1`'s high nibble,
//! `prev1`'s low nibble and the current byte's high nibble, give a byte of error-class bits; the
//! AND of the three has a bit set exactly when the pair belongs to that class (§4 of the paper):
//!
//! | bit | class | pair |
//! |---|---|---|
//! | 0 | `TOO_SHORT` | lead `11xx_xxxx` followed by a non-continuation |
//! | 1 | `TOO_LONG` | ASCII followed by a continuation |
//! | 2 | `OVERLONG_3` | `E0` followed by `80..9F` |
//! | 3 | `TOO_LARGE` | `F4` followed by `90..BF`, or `F5..FF` by `90..BF` |
//! | 4 | `SURROGATE` | `ED` followed by `A0..BF` |
//! | 5 | `OVERLONG_2` | `C0`/`C1` followed by a continuation |
//! | 6 | `TOO_LARGE_1000` / `OVERLONG_4` | `F5..FF` followed by `80..8F` / `F0` followed by `80..8F` |
//! | 7 | `TWO_CONTS` | a continuation followed by a continuation |
//!
//! **Counting continuations.** `TWO_CONTS` is an error unless the byte is the third or fourth of a
//! sequence, i.e. unless `prev2 >= E0` or `prev3 >= F0`. Both tests become bit 7 of a saturating
//! subtraction (`prev2 -sat 0x60 >= 0x80` exactly when `prev2 >= 0xE0`); that bit must equal the
//! `TWO_CONTS` bit, and every other class bit must be clear: the block is valid when the class
//! byte equals the "must be a continuation" byte in every lane.
//!
//! **Block boundaries.** `prev1..prev3` of a block's first lanes come from the previous block
//! (the paper's `alignr` across the previous register); a block of ASCII skips the check, and
//! then only the previous block's last three bytes matter: the input is invalid if they end in an
//! unfinished sequence (lanes above `BF`, `DF`, `EF` in the last three positions). After an ASCII
//! block the previous block is taken as all zero, which classifies exactly like any ASCII bytes.
//! The input's tail is read zero-padded (the padding is ASCII, so an unfinished sequence at the
//! end meets it as `TOO_SHORT`), and an empty tail is an all-zero, ASCII block.
//!
//! **The loop.** Blocks go two at a time: one test of the high bits of both (if they are ASCII,
//! only the unfinished-sequence test of the block before), else both checked and one branch on
//! the OR of their errors. A run of ASCII then goes four blocks per test. Under 128 bytes left, a
//! single block, then the tail.
//!
//! **Error position.** The algorithm only says *that* a block (or the sequence that reaches into
//! it) is invalid (here: one of a pair of blocks). All blocks before were valid, so the input up to the block's start is whole
//! characters except possibly one unfinished sequence in its last three bytes; [`locate`] backs up
//! to that sequence's lead and runs the exact scalar check from there (the approach `simdutf8`
//! documents for its `compat` API), so the position is `Utf8Error::valid_up_to` exactly.

use crate::text::utf8_validate::scalar;

/// Bytes per block: one AVX-512 register, two AVX2 registers.
pub(super) const BLOCK: usize = 64;

const TOO_SHORT: u8 = 1 << 0;
const TOO_LONG: u8 = 1 << 1;
const OVERLONG_3: u8 = 1 << 2;
const TOO_LARGE: u8 = 1 << 3;
const SURROGATE: u8 = 1 << 4;
const OVERLONG_2: u8 = 1 << 5;
const TOO_LARGE_1000: u8 = 1 << 6;
const OVERLONG_4: u8 = 1 << 6;
const TWO_CONTS: u8 = 1 << 7;
/// Classes decided by the high nibble of `prev1` and the current byte alone.
const CARRY: u8 = TOO_SHORT | TOO_LONG | TWO_CONTS;

/// Classes by the high nibble of the previous byte.
pub(super) const PREV1_HIGH: [u8; 16] = [
    // 0xxx: ASCII
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    // 10xx: continuation
    TWO_CONTS,
    TWO_CONTS,
    TWO_CONTS,
    TWO_CONTS,
    // 1100: C0..CF, two-byte leads (C0, C1 overlong)
    TOO_SHORT | OVERLONG_2,
    // 1101: D0..DF
    TOO_SHORT,
    // 1110: E0..EF, three-byte leads (E0 overlong, ED surrogates)
    TOO_SHORT | OVERLONG_3 | SURROGATE,
    // 1111: F0..FF, four-byte leads (F0 overlong, F4 and up too large)
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
];

/// Classes by the low nibble of the previous byte.
pub(super) const PREV1_LOW: [u8; 16] = [
    // x0: C0, E0, F0
    CARRY | OVERLONG_2 | OVERLONG_3 | OVERLONG_4,
    // x1: C1
    CARRY | OVERLONG_2,
    CARRY,
    CARRY,
    // x4: F4
    CARRY | TOO_LARGE,
    // x5..: F5..FF
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    // xD: ED
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
];

/// Classes by the high nibble of the current byte.
pub(super) const CURRENT_HIGH: [u8; 16] = [
    // 0xxx: ASCII
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    // 1000: 80..8F
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    // 1001: 90..9F
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
    // 101x: A0..BF
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    // 11xx: leads
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
];

/// `prev2 -sat THIRD >= 0x80` exactly when `prev2 >= 0xE0` (a 3- or 4-byte lead two back).
pub(super) const THIRD: u8 = 0xE0 - 0x80;
/// `prev3 -sat FOURTH >= 0x80` exactly when `prev3 >= 0xF0` (a 4-byte lead three back).
pub(super) const FOURTH: u8 = 0xF0 - 0x80;

/// The largest byte allowed in each of a block's last `N` lanes for the block to end on a whole
/// character: any lead in the last lane, a 3/4-byte lead in the one before, a 4-byte lead three
/// back would need bytes past the block.
pub(super) const fn unfinished_max<const N: usize>() -> [u8; N] {
    let mut max = [0xFF; N];
    max[N - 3] = 0xEF;
    max[N - 2] = 0xDF;
    max[N - 1] = 0xBF;
    max
}

/// The lookup algorithm for one instruction set, on 64-byte blocks.
///
/// # Safety
///
/// Methods execute the implementation's instruction set: callers must have verified the CPU
/// has it. `load` reads 64 bytes at the pointer, `four_ascii` 256; `load_tail` reads exactly `len < 64`.
pub(super) unsafe trait Engine: Sized {
    /// 64 bytes in registers.
    type Block: Copy;
    /// Whether `load_tail` goes through a copy, so that an ASCII tail is better found by
    /// reading words.
    const TAIL_COPIES: bool;

    /// The state before the first block: the previous block all zero (ASCII).
    unsafe fn new() -> Self;
    /// 64 bytes from any address.
    unsafe fn load(ptr: *const u8) -> Self::Block;
    /// `len < 64` bytes, zero-padded to a block, never reading past `ptr + len`.
    unsafe fn load_tail(ptr: *const u8, len: usize) -> Self::Block;
    /// No byte of the block has its high bit set.
    unsafe fn is_ascii(block: Self::Block) -> bool;
    /// No byte of either block has its high bit set.
    unsafe fn both_ascii(a: Self::Block, b: Self::Block) -> bool;
    /// No byte of the four blocks at `ptr` has its high bit set.
    unsafe fn four_ascii(ptr: *const u8) -> bool;
    /// The previous block ends in an unfinished sequence.
    unsafe fn unfinished(&self) -> bool;
    /// The previous block was ASCII.
    unsafe fn after_ascii(&mut self);
    /// Whether `block`, after the previous one, has an error; it becomes the previous block.
    unsafe fn check(&mut self, block: Self::Block) -> bool;
    /// Whether `a` or `b` after it has an error (as two `check`s, with one test at the end).
    unsafe fn check_pair(&mut self, a: Self::Block, b: Self::Block) -> bool;
}

/// `Ok` if `input` is UTF-8, else `Err(valid_up_to)`.
///
/// # Safety
///
/// The CPU has `E`'s instruction set.
#[inline(always)]
pub(super) unsafe fn validate<E: Engine>(input: &[u8]) -> Result<(), usize> {
    let start = input.as_ptr();
    let len = input.len();
    // SAFETY: (whole body) `E`'s features are the caller's promise; a `load` at `pos` or a pair
    // at `pos` and `pos + 64` or `four_ascii` at `pos` happen only with `len - pos` at least 64,
    // 128 or 256; the tail reads exactly the `len - pos < 64` bytes left.
    unsafe {
        let mut engine = E::new();
        // Invariant: `input[..pos]` holds no error, except that its last three bytes may be an
        // unfinished sequence, which `engine` remembers as its previous block.
        let mut pos = 0;
        // Two blocks per step: one branch for "both ASCII", one for "an error in either".
        while len - pos >= 2 * BLOCK {
            let a = E::load(start.add(pos));
            let b = E::load(start.add(pos + BLOCK));
            if E::both_ascii(a, b) {
                if engine.unfinished() {
                    return locate(input, pos);
                }
                engine.after_ascii();
                pos += 2 * BLOCK;
                // A run of ASCII: nothing to carry, nothing to check but the high bits.
                while len - pos >= 4 * BLOCK && E::four_ascii(start.add(pos)) {
                    pos += 4 * BLOCK;
                }
                while len - pos >= 2 * BLOCK
                    && E::both_ascii(E::load(start.add(pos)), E::load(start.add(pos + BLOCK)))
                {
                    pos += 2 * BLOCK;
                }
            } else {
                if engine.check_pair(a, b) {
                    return locate(input, pos);
                }
                pos += 2 * BLOCK;
            }
        }
        if len - pos >= BLOCK {
            let block = E::load(start.add(pos));
            let bad = if E::is_ascii(block) {
                let bad = engine.unfinished();
                engine.after_ascii();
                bad
            } else {
                engine.check(block)
            };
            if bad {
                return locate(input, pos);
            }
            pos += BLOCK;
        }
        let bad = if pos == len || E::TAIL_COPIES && all_ascii(&input[pos..]) {
            engine.unfinished()
        } else {
            let tail = E::load_tail(start.add(pos), len - pos);
            if E::is_ascii(tail) {
                engine.unfinished()
            } else {
                engine.check(tail)
            }
        };
        if bad {
            return locate(input, pos);
        }
        Ok(())
    }
}

/// Whether no byte of `bytes` (a tail, under 64 bytes) has its high bit set, a word at a time.
#[inline(always)]
fn all_ascii(bytes: &[u8]) -> bool {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
    let mut chunks = bytes.chunks_exact(8);
    let mut any = chunks.by_ref().fold(0, |any, c| any | word(c));
    any |= match bytes.len() {
        // The last word again, overlapping: covers the remainder.
        8.. => word(&bytes[bytes.len() - 8..]),
        _ => chunks
            .remainder()
            .iter()
            .fold(0, |any, &b| any | u64::from(b)),
    };
    any & HIGH_BITS == 0
}

/// The exact error position, given that `input[..block]` is whole characters but for an
/// unfinished sequence in its last three bytes, and that the input from there has an error
/// (the lookup algorithm found one in the block or the pair of blocks starting at `block`).
#[cold]
#[inline(never)]
pub(super) fn locate(input: &[u8], block: usize) -> Result<(), usize> {
    // The lead of an unfinished sequence is at most three bytes back; three continuations in a
    // row end a four-byte character, so then the block starts on a character.
    let from = (1..=3.min(block))
        .find(|&back| !scalar::is_continuation(input[block - back]))
        .map_or(block, |back| block - back);
    scalar::validate(&input[from..]).map_err(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The algorithm in scalar form, lane by lane: pins the tables independently of any SIMD
    /// code. Zero bytes stand before the input and after it (the zero-padded tail).
    fn lookup_valid(bytes: &[u8]) -> bool {
        let at = |i: isize| -> u8 {
            usize::try_from(i)
                .ok()
                .and_then(|i| bytes.get(i))
                .copied()
                .unwrap_or(0)
        };
        (0..bytes.len() as isize + 3).all(|i| {
            let (cur, p1, p2, p3) = (at(i), at(i - 1), at(i - 2), at(i - 3));
            let class = PREV1_HIGH[usize::from(p1 >> 4)]
                & PREV1_LOW[usize::from(p1 & 15)]
                & CURRENT_HIGH[usize::from(cur >> 4)];
            let must = (p2.saturating_sub(THIRD) | p3.saturating_sub(FOURTH)) & 0x80;
            class == must
        })
    }

    #[test]
    fn tables_classify_like_std() {
        let edges = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xED, 0xEE, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF,
        ];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let s = [a, b];
                assert_eq!(
                    lookup_valid(&s),
                    core::str::from_utf8(&s).is_ok(),
                    "{s:02x?}"
                );
                for c in edges {
                    for d in edges {
                        let s = [a, b, c, d];
                        assert_eq!(
                            lookup_valid(&s),
                            core::str::from_utf8(&s).is_ok(),
                            "{s:02x?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn locate_backs_up_to_the_lead() {
        // An unfinished E2 82 at the end of a 64-byte block, then ASCII.
        let mut s = [b'a'; 80];
        s[62] = 0xE2;
        s[63] = 0x82;
        assert_eq!(locate(&s, 64), Err(62));
        // A whole 4-byte character ends the block; the error is a stray continuation after it.
        s[60..64].copy_from_slice(&[0xF0, 0x9F, 0x98, 0x80]);
        s[64] = 0x80;
        assert_eq!(locate(&s, 64), Err(64));
    }
}
