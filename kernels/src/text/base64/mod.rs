//! `text.base64_encode` and `text.base64_decode`: base64 with the standard alphabet and padding.
//!
//! Spec: RFC 4648 §4 (alphabet of Table 1, `=` padding, test vectors of §10), decoded strictly as
//! §3.3 and §3.5 allow: no character outside the alphabet, padding exactly where the length
//! needs it, and zero bits past the data in the final quantum (so every byte string has exactly
//! one accepted encoding).
//!
//! # Contract
//!
//! Encoding writes `encoded_len(n) = 4 · ⌈n / 3⌉` characters; a variant's `dst` has exactly that
//! length. A decoding variant's `dst` has at least `decoded_len_max(n) = 3 · ⌊n / 4⌋` bytes, the
//! most it writes; it returns `Ok(bytes written)` or `Err(position)`. On `Err` (and past the
//! bytes written on `Ok`) the contents of `dst` are unspecified; nothing outside `dst` is
//! written.
//!
//! The safe entries (`arsenal::text::base64_encode`/`base64_decode`, their `runtime_`,
//! `throughput::` and `latency::` forms, and [`Checked::call`](crate::registry::Checked)) never
//! panic on a destination's size. Encoding needs `dst.len() >= encoded_len(n)` and writes the
//! first `encoded_len(n)` bytes; decoding needs `dst.len() >= decoded_len(src)`, the exact
//! length a valid text decodes to (`3 · ⌊n / 4⌋` less its padding), and never writes outside
//! `dst`. A shorter destination is an error ([`DstTooShort`], [`DecodeError::DstTooShort`]),
//! found before anything is written. When a padded text's destination is shorter than
//! `decoded_len_max`, the variant decodes all but the final quantum and the scalar code the
//! final quantum, through a stack buffer.
//!
//! # Error position
//!
//! The input is read as quanta of four bytes, the last possibly shorter, each byte in order; the
//! position is that of the first byte at which one of these holds:
//!
//! - it is neither in the alphabet nor `=`;
//! - it is `=` in the first or second place of its quantum;
//! - it is `=` in the third place, and the second character's low four bits are not zero: the
//!   position is then that of the **second character**, which carries the non-zero bits; or it
//!   is not followed by a `=` (the position is that of the byte in the fourth place);
//! - it is `=` in the fourth place and the third character's low two bits are not zero: the
//!   position is that of the **third character**;
//! - it follows a quantum that ended in `=` (excess or misplaced data after the padding);
//! - the input ends inside a quantum all of whose bytes so far are valid: the position is then
//!   **the input's length** (also for a length that is not a multiple of 4, and for `xx=`
//!   cut short before its second `=`).
//!
//! Every variant reports the same position: the SIMD variants decode whole blocks only while
//! every byte is in the alphabet and hand the block holding the first other byte to the scalar
//! code; their final block takes a valid padded ending itself and hands any other ending to the
//! scalar code too, which so alone decides every position.
//!
//! # Variants
//!
//! - `scalar`: the reference ([`scalar`]).
//! - `avx2`: Muła & Lemire, "Faster Base64 Encoding and Decoding Using AVX2 Instructions" (ACM
//!   TWEB 2018). Encoding: bytes spread by `pshufb` (with the load offset by −4 so one in-lane
//!   shuffle serves both halves), 6-bit fields split by `mulhi`/`mullo`, characters by the
//!   range-based lookup (saturating subtract, compare, `pshufb` of offsets). Decoding: validation
//!   by two nibble lookups whose AND is zero exactly for alphabet bytes, translation by a
//!   high-nibble offset lookup, packing by `pmaddubsw`/`pmaddwd`, compaction by `pshufb` and a
//!   cross-lane `vpermd`. The tables are derived here from the alphabet (see the module). Not
//!   in the paper: decoding ends with one dword-masked block (`vpmaskmovd`) that takes the
//!   padding in-register.
//! - `avx512` (AVX-512F/BW/VBMI): Muła & Lemire, "Base64 encoding and decoding at almost the
//!   speed of a memory copy" (Software: Practice and Experience 50(2), 2020; arXiv 2019).
//!   Encoding: `vpermb` spreads 48 bytes into 16 dwords, `vpmultishiftqb` moves each 6-bit field
//!   into a byte, `vpermb` on the alphabet gives the characters. Decoding: one `vpermi2b` over a
//!   128-entry table translates and marks invalid bytes (bit 7, with the input's own bit 7),
//!   `vpmaddubsw`/`vpmaddwd` pack, `vpermb` compacts 64 characters into 48 bytes. Unlike the
//!   paper, short inputs and tails are handled with masked loads and stores, and padding is
//!   written (encoding) and taken (decoding) in-register.
//! - `crate:base64` (`base64::engine::general_purpose::STANDARD`), `crate:base64:simd` (the same
//!   crate's AVX2 engine, `base64::engine::Simd::standard(PAD)`, on by default in 0.23: the
//!   fastest peer at decoding) and `crate:base64-simd` (`base64_simd::STANDARD`): see
//!   [`external`] for how their errors map to positions.

#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
mod verify;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::corpus::Corpus;
use crate::harness::{expect_eq, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

/// The signature of every encoding variant: `src` in, `dst` of exactly
/// [`encoded_len`]`(src.len())` bytes out.
pub type EncodeFn = unsafe fn(&[u8], &mut [u8]);

/// The signature of every decoding variant: base64 text in, `dst` of at least
/// [`decoded_len_max`]`(src.len())` bytes (the safe entries need only [`decoded_len`], and give
/// a variant that room); `Ok(bytes written)` or `Err(position of the first invalid byte)` as the
/// module defines it.
pub type DecodeFn = unsafe fn(&[u8], &mut [u8]) -> Result<usize, usize>;

/// Characters in the padded encoding of `n` bytes: `4 · ⌈n / 3⌉`.
pub const fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// The most bytes a decoding variant writes for `n` characters of input: `3 · ⌊n / 4⌋` (exact
/// for valid unpadded input, up to two more than a padded one decodes to). The room a
/// [`DecodeFn`] needs; the safe entries need only [`decoded_len`].
pub const fn decoded_len_max(n: usize) -> usize {
    n / 4 * 3
}

/// The room the safe decoding entries need for `src`: the number of bytes it decodes to if it is
/// valid, from its length and its last two bytes alone — `3 · ⌊n / 4⌋`, less one for each `=`
/// among the last two bytes when `n` is a multiple of 4.
///
/// A destination of this many bytes always suffices, for valid and invalid texts alike.
///
/// ```
/// use arsenal::text::base64::decoded_len;
/// assert_eq!(decoded_len(b"Zm9vYmFy"), 6);
/// assert_eq!(decoded_len(b"Zm9vYmE="), 5);
/// assert_eq!(decoded_len(b"Zm9vYg=="), 4);
/// assert_eq!(decoded_len(b""), 0);
/// ```
pub const fn decoded_len(src: &[u8]) -> usize {
    let n = src.len();
    let max = decoded_len_max(n);
    if n == 0 || !n.is_multiple_of(4) {
        return max;
    }
    match (src[n - 2], src[n - 1]) {
        (scalar::PAD, scalar::PAD) => max - 2,
        (_, scalar::PAD) => max - 1,
        _ => max,
    }
}

/// A destination too short for the call: it needs `needed` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DstTooShort {
    /// The bytes the call needs: [`encoded_len`] when encoding, [`decoded_len`] when decoding.
    pub needed: usize,
}

impl fmt::Display for DstTooShort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the destination is too short: it needs {} bytes",
            self.needed
        )
    }
}

impl core::error::Error for DstTooShort {}

/// Why base64 text could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecodeError {
    /// The text is not strict padded base64: the position of its first invalid byte, as the
    /// module [defines it](self#error-position) (the text's length when it ends inside a
    /// quantum).
    InvalidByte(usize),
    /// The destination holds fewer than [`decoded_len`]`(src)` bytes. Checked before anything
    /// is decoded, so it is reported whether the text is valid or not, and `dst` is untouched.
    DstTooShort {
        /// [`decoded_len`]`(src)`.
        needed: usize,
    },
}

impl DecodeError {
    /// The position of the first invalid byte, if that is the error.
    pub const fn position(self) -> Option<usize> {
        match self {
            DecodeError::InvalidByte(at) => Some(at),
            DecodeError::DstTooShort { .. } => None,
        }
    }
}

impl From<DstTooShort> for DecodeError {
    fn from(e: DstTooShort) -> DecodeError {
        DecodeError::DstTooShort { needed: e.needed }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::InvalidByte(at) => write!(f, "invalid base64 at byte {at}"),
            DecodeError::DstTooShort { needed } => DstTooShort { needed }.fmt(f),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Encodes `src` into the first [`encoded_len`]`(src.len())` bytes of `dst` with the variant
/// `f`: the number of bytes written, or [`DstTooShort`] (nothing written) when `dst` is
/// shorter. Every safe encoding entry runs its variant through this.
///
/// # Safety
///
/// The host may run `f` (it has the variant's CPU features).
#[inline(always)]
pub(crate) unsafe fn encode_checked(
    f: EncodeFn,
    src: &[u8],
    dst: &mut [u8],
) -> Result<usize, DstTooShort> {
    let needed = encoded_len(src.len());
    let Some(dst) = dst.get_mut(..needed) else {
        return Err(DstTooShort { needed });
    };
    // SAFETY: the host may run `f` (the caller's promise); `dst` has exactly the length every
    // encoding variant requires.
    unsafe { f(src, dst) };
    Ok(needed)
}

/// Decodes `src` into `dst` with the variant `f`, which needs [`decoded_len_max`] bytes of room,
/// when `dst` holds only [`decoded_len`]`(src)`: every safe decoding entry runs its variant
/// through this.
///
/// With room for `decoded_len_max`, `f` decodes the whole text. With less (a padded text, `dst`
/// one or two bytes short of that), `f` decodes all but the final quantum, which has room for
/// its `decoded_len_max` there, and the final quantum is decoded by the scalar code into a
/// stack buffer and copied out. Nothing is written outside `dst`, and the result (bytes or
/// error position) is the one decoding the whole text gives ([`split_final_quantum`] says why).
///
/// # Safety
///
/// The host may run `f` (it has the variant's CPU features).
#[inline(always)]
pub(crate) unsafe fn decode_checked(
    f: DecodeFn,
    src: &[u8],
    dst: &mut [u8],
) -> Result<usize, DecodeError> {
    let needed = decoded_len(src);
    if dst.len() < needed {
        return Err(DecodeError::DstTooShort { needed });
    }
    let n = src.len();
    if dst.len() >= decoded_len_max(n) {
        // SAFETY: the host may run `f` (the caller's promise); `dst` has the room every decoding
        // variant requires.
        return unsafe { f(src, dst) }.map_err(DecodeError::InvalidByte);
    }
    // SAFETY: the host may run `f`; `decoded_len(src) <= dst.len() < decoded_len_max(n)`.
    unsafe { split_final_quantum(f, src, dst) }
}

/// [`decode_checked`] for a `dst` of at least `decoded_len(src)` bytes but fewer than
/// `decoded_len_max(src.len())`: so `src.len()` is a positive multiple of 4, `src` ends in `=`,
/// and `dst` is at most two bytes short.
///
/// The result is the whole text's, as the scalar reference gives it (every variant gives the
/// same): it decodes quanta in order, and the first that is not four alphabet characters ends
/// the decoding. If that quantum lies in the head (all but the final quantum), it is found at
/// the same position in the head alone, with the same result, except when it is the head's last
/// quantum and a valid padded one: alone, the head is then valid, while the whole text has data
/// after the padding, an error at the head's length. Otherwise every quantum of the head is four
/// alphabet characters and the final quantum decides, alone as in the whole text.
///
/// # Safety
///
/// The host may run `f`; `decoded_len(src) <= dst.len() < decoded_len_max(src.len())`.
#[cold]
#[inline(never)]
unsafe fn split_final_quantum(
    f: DecodeFn,
    src: &[u8],
    dst: &mut [u8],
) -> Result<usize, DecodeError> {
    let head = src.len() - 4;
    let full = decoded_len_max(head);
    // SAFETY: the host may run `f` (the caller's promise); `dst` holds at least
    // `decoded_len(src) >= decoded_len_max(src.len()) - 2 > decoded_len_max(head)` bytes.
    let m = unsafe { f(&src[..head], dst) }.map_err(DecodeError::InvalidByte)?;
    if m != full {
        // The head ended in a valid padded quantum, and the final quantum follows it.
        return Err(DecodeError::InvalidByte(head));
    }
    let mut last = [0u8; 3];
    let k = scalar::decode_at(&src[head..], &mut last, 0, 0)
        .map_err(|at| DecodeError::InvalidByte(head + at))?;
    // `full + k == decoded_len(src) <= dst.len()`: the final quantum ends in `=` or `==`.
    dst[full..full + k].copy_from_slice(&last[..k]);
    Ok(full + k)
}

const SPEC: &str = "RFC 4648 4 base64, standard alphabet, padded; strict decoding (canonical \
                    padding, zero trailing bits), error at the first invalid byte";

#[cfg(feature = "std")]
const BASE64_CRATE: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "base64",
    version: "0.23.1",
};

#[cfg(feature = "std")]
const BASE64_SIMD_CRATE: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "base64-simd",
    version: "0.8.0",
};

// The variants need more of `dst` than the entries promise to use (exactly `encoded_len`;
// `decoded_len_max` rather than `decoded_len`), and return positions, not errors: `call` and
// every entry run them through `encode_checked` and `decode_checked`, which check the room, size
// what the variant sees, and build the errors.
crate::declare::ops! {

    /// `text.base64_encode`.
    pub struct Base64Encode {
        info: OpInfo {
            name: "text.base64_encode",
            summary: "bytes to padded base64 text (standard alphabet)",
            contract: Contract::Exact,
            reference: "scalar",
            spec: SPEC,
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // `src` in, `dst` of exactly `encoded_len(src.len())` bytes out.
        signature: fn(src: &[u8], dst: &mut [u8]),
        prefer: ["avx512", "avx2", "scalar"],
        variants: [
            "scalar" => scalar::encode {
                requires: [], origin: Own, safety: "safe code; the length precondition is the op's",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::encode {
                requires: [Avx2],
                origin: Own,
                safety: "the body needs exactly AVX2; the length precondition is the op's",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::encode {
                requires: [Avx512f, Avx512bw, Avx512vbmi],
                origin: Own,
                safety: "the body needs exactly AVX-512F, BW and VBMI; the length precondition \
                         is the op's",
            },
            #[cfg(feature = "std")]
            "crate:base64" => external::base64_encode {
                requires: [], origin: BASE64_CRATE, safety: "a safe crate API with its own dispatch",
            },
            #[cfg(feature = "std")]
            "crate:base64:simd" => external::base64_engine_simd_encode {
                requires: [], origin: BASE64_CRATE, safety: "a safe crate API with its own dispatch",
            },
            #[cfg(feature = "std")]
            "crate:base64-simd" => external::base64_simd_encode {
                requires: [],
                origin: BASE64_SIMD_CRATE,
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: the encoding of `src` into the first [`encoded_len`]`(src.len())`
        /// bytes of `dst`, and how many that is (the rest of `dst` is left as it was).
        ///
        /// # Errors
        ///
        /// [`DstTooShort`] if `dst.len() < encoded_len(src.len())`; nothing is written.
        call(src: &[u8], dst: &mut [u8]) -> Result<usize, DstTooShort> {
            run: |f| encode_checked(f, src, dst),
        }
        entries: [
            /// Encodes `src` as padded base64 (RFC 4648 §4, standard alphabet) into the first
            /// [`encoded_len`]`(src.len())` bytes of `dst`: `Ok(bytes written)`, that length.
            /// The rest of `dst`, if any, is left as it was.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// # Errors
            ///
            /// [`DstTooShort`] if `dst.len() < encoded_len(src.len())`; nothing is written.
            ///
            /// ```
            /// let mut dst = [0; 8];
            /// assert_eq!(arsenal::text::base64_encode(b"foobar", &mut dst), Ok(8));
            /// assert_eq!(&dst, b"Zm9vYmFy");
            /// let err = arsenal::text::base64_encode(b"foobar", &mut dst[..7]).unwrap_err();
            /// assert_eq!(err.needed, 8);
            /// ```
            fn base64_encode | runtime_base64_encode(src: &[u8], dst: &mut [u8])
                -> Result<usize, DstTooShort>
            {
                size: src.len(),
                run: |f| encode_checked(f, src, dst),
            }
        ],
    }

    /// `text.base64_decode`.
    pub struct Base64Decode {
        info: OpInfo {
            name: "text.base64_decode",
            summary: "padded base64 text to bytes, or the position of the first invalid byte",
            contract: Contract::Exact,
            reference: "scalar",
            spec: SPEC,
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // Base64 text in, `dst` of at least `decoded_len_max(src.len())` bytes; `Ok(bytes
        // written)` or `Err(position of the first invalid byte)` as the module defines it.
        signature: fn(src: &[u8], dst: &mut [u8]) -> Result<usize, usize>,
        prefer: ["avx512", "avx2", "scalar"],
        variants: [
            "scalar" => scalar::decode {
                requires: [], origin: Own, safety: "safe code; the length precondition is the op's",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::decode {
                requires: [Avx2],
                origin: Own,
                safety: "the body needs exactly AVX2; the length precondition is the op's",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::decode {
                requires: [Avx512f, Avx512bw, Avx512vbmi],
                origin: Own,
                safety: "the body needs exactly AVX-512F, BW and VBMI; the length precondition \
                         is the op's",
            },
            #[cfg(feature = "std")]
            "crate:base64" => external::base64_decode {
                requires: [], origin: BASE64_CRATE, safety: "a safe crate API with its own dispatch",
            },
            #[cfg(feature = "std")]
            "crate:base64:simd" => external::base64_engine_simd_decode {
                requires: [], origin: BASE64_CRATE, safety: "a safe crate API with its own dispatch",
            },
            #[cfg(feature = "std")]
            "crate:base64-simd" => external::base64_simd_decode {
                requires: [],
                origin: BASE64_SIMD_CRATE,
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: `src` decoded into `dst`, the number of bytes written. `dst` needs
        /// [`decoded_len`]`(src)` bytes, the exact decoded length of a valid text.
        ///
        /// # Errors
        ///
        /// [`DecodeError::DstTooShort`] if `dst.len() < decoded_len(src)` (checked first,
        /// nothing written); else [`DecodeError::InvalidByte`] with the position of the first
        /// invalid byte. On an error, and past the bytes written, the contents of `dst` are
        /// unspecified.
        call(src: &[u8], dst: &mut [u8]) -> Result<usize, DecodeError> {
            run: |f| decode_checked(f, src, dst),
        }
        entries: [
            /// Decodes padded base64 text (RFC 4648 §4, standard alphabet, strictly: canonical
            /// padding and zero trailing bits) into `dst`: `Ok(bytes written)`. `dst` needs
            /// [`decoded_len`]`(src)` bytes, the exact length a valid text decodes to
            /// (`3 · ⌊n / 4⌋` less its padding). Nothing outside `dst` is written; past the
            /// bytes written, and on error, its contents are unspecified.
            ///
            /// Dispatch as for [`base64_encode`].
            ///
            /// # Errors
            ///
            /// - [`DecodeError::DstTooShort`] if `dst.len() < decoded_len(src)`, whether the
            ///   text is valid or not (checked first, from the text's length and last two
            ///   bytes; nothing is written);
            /// - else [`DecodeError::InvalidByte`] with the position of the first invalid byte,
            ///   as [`base64`](crate::text::base64#error-position) defines it (the input's
            ///   length when it ends inside a quantum).
            ///
            /// ```
            /// use arsenal::text::{base64_decode, DecodeError};
            /// let mut dst = [0; 4];
            /// assert_eq!(base64_decode(b"Zm9vYg==", &mut dst), Ok(4));
            /// assert_eq!(&dst, b"foob");
            /// assert_eq!(base64_decode(b"Zm9vYmE=", &mut dst), Err(DecodeError::DstTooShort { needed: 5 }));
            /// let mut dst = [0; 5];
            /// assert_eq!(base64_decode(b"Zm9vYmE=", &mut dst), Ok(5));
            /// assert_eq!(base64_decode(b"Zm9v*mE=", &mut dst), Err(DecodeError::InvalidByte(4)));
            /// assert_eq!(base64_decode(b"Zm9vYmF=", &mut dst), Err(DecodeError::InvalidByte(6)));
            /// ```
            fn base64_decode | runtime_base64_decode(src: &[u8], dst: &mut [u8])
                -> Result<usize, DecodeError>
            {
                size: src.len(),
                run: |f| decode_checked(f, src, dst),
            }
        ],
    }
}

impl Kernel for Base64Encode {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes("encodes each file and window as it is");

    fn verify(variant: Checked<Base64Encode>) -> Result<(), Mismatch> {
        verify::verify_encode(&encode_run(variant))
    }

    fn verify_input(variant: Checked<Base64Encode>, data: &[u8]) -> Result<(), Mismatch> {
        verify::verify_encode_input(&encode_run(variant), data)
    }

    /// The bytes and their encoding.
    fn footprint(size: usize) -> usize {
        size + encoded_len(size)
    }

    fn bench(variant: Checked<Base64Encode>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        let output = |case: Case| Case::aligned(encoded_len(case.size));
        crate::bench::transforms(cases, source, Rng::fill, output, move |src, dst| {
            variant.call(src, dst)
        })
    }
}

impl Kernel for Base64Decode {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes(
        "decodes each file's base64 encoding (a size is a length of that text): whole encodings, and windows of them",
    );

    /// A text is whole quanta of 4 characters: any other length is an error at the length
    /// (the midpoints and latency draws the tuner picks stay valid texts).
    const SIZE_STEP: usize = 4;

    fn verify(variant: Checked<Base64Decode>) -> Result<(), Mismatch> {
        verify::verify_decode(&decode_run(variant))
    }

    fn prepare_input(files: &Corpus) -> Option<Corpus> {
        Some(files.map(|raw| {
            let mut text = vec![0; encoded_len(raw.len())];
            scalar::encode_at(raw, &mut text, 0, 0);
            text
        }))
    }

    fn verify_input(variant: Checked<Base64Decode>, text: &[u8]) -> Result<(), Mismatch> {
        verify::verify_decode_input(&decode_run(variant), text)
    }

    /// The text and the bytes decoded.
    fn footprint(size: usize) -> usize {
        size + decoded_len_max(size)
    }

    fn bench(variant: Checked<Base64Decode>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        let output = |case: Case| Case::aligned(decoded_len_max(case.size));
        crate::bench::transforms(cases, source, bench_text, output, move |src, dst| {
            variant.call(src, dst)
        })
    }
}

/// An encoding variant as the harness calls it. The harness hands out destinations of exactly
/// `encoded_len`, so the call cannot fail; a failure would show as an untouched destination.
fn encode_run(variant: Checked<Base64Encode>) -> impl Fn(&[u8], &mut [u8]) {
    move |src, dst| {
        let _ = variant.call(src, dst);
    }
}

/// A decoding variant as the harness calls it. The harness hands out destinations of
/// `decoded_len_max` bytes: the variant decodes the whole text itself, and only an invalid byte
/// can fail the call.
fn decode_run(variant: Checked<Base64Decode>) -> impl Fn(&[u8], &mut [u8]) -> Result<usize, usize> {
    move |src, dst| {
        variant.call(src, dst).map_err(|e| match e {
            DecodeError::InvalidByte(at) => at,
            DecodeError::DstTooShort { .. } => unreachable!("the harness sizes every dst"),
        })
    }
}

/// Fills `buf` with the text the decoding benches time: the encoding of random bytes ending in
/// one `=` (the commonest padded ending), over the largest multiple of 4 that fits; any 1–3
/// bytes left are alphabet characters, so every byte is read and the call ends in an error at
/// the length.
pub fn bench_text(rng: &mut Rng, buf: &mut [u8]) {
    let text = buf.len() / 4 * 4;
    let raw = rng.bytes(decoded_len_max(text).saturating_sub(1));
    scalar::encode_at(&raw, &mut buf[..text], 0, 0);
    buf[text..].fill(b'A');
}

#[cfg(test)]
mod tests;
