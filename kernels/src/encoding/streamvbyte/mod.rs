//! `encoding.streamvbyte_encode` and `encoding.streamvbyte_decode`: `u32`s in the Stream VByte
//! format.
//!
//! Spec: D. Lemire, N. Kurz, C. Rupp, "Stream VByte: Faster Byte-Oriented Integer
//! Compression", Information Processing Letters 130 (2018), 1–6 (arXiv:1709.08990). `n` values
//! are stored as `⌈n / 4⌉` control bytes followed by the data bytes. Each control byte describes
//! a quad of four values, two bits each, the first value in the low bits: the code `c` says the
//! value takes `c + 1` bytes of data, its low bytes in little-endian order. An encoder uses as
//! few bytes as the value needs (0 takes one); the last control byte's codes past the last
//! value are zero. The count `n` is not stored: the caller keeps it.
//!
//! # Contract
//!
//! An encoding variant's `dst` holds at least [`max_encoded_len`]`(n) = ⌈n / 4⌉ + 4 n` bytes;
//! it returns the encoding's length and writes nothing outside `dst` (past the encoding, the
//! contents of `dst` are unspecified: the SIMD variants store whole quads).
//!
//! A decoding variant decodes `dst.len()` values from the start of `src` and returns the bytes
//! the encoding took; bytes of `src` past them are not read as part of it. It reads nothing
//! outside `src` and writes nothing outside `dst`, for every input.
//!
//! # Errors
//!
//! Every variant gives the reference's result, checked in this order:
//!
//! 1. `src` is shorter than the `⌈n / 4⌉` control bytes: [`DecodeError::Truncated`], `needed`
//!    being their length;
//! 2. the last control byte has a non-zero code past the last value:
//!    [`DecodeError::Padding`] (no encoder writes one, so the input is not an encoding of `n`
//!    values);
//! 3. `src` is shorter than the control bytes and the data they describe:
//!    [`DecodeError::Truncated`], `needed` being that length.
//!
//! On an error the contents of `dst` are unspecified.
//!
//! # Variants
//!
//! - `scalar`: the reference ([`scalar`]), a value at a time.
//! - `ssse3`: the paper's `pshufb` decoder, one quad a step, and a `pshufb` encoder
//!   ([`x86_64::ssse3`]).
//! - `avx2`: the same on two quads a step, in the two lanes of a 256-bit register
//!   ([`x86_64::avx2`]).
//! - `crate:stream-vbyte`: the `stream-vbyte` crate's scalar codec ([`external`]: its SIMD
//!   codecs need a nightly compiler).
//!
//! The SIMD decoders run whole quads (pairs of quads) while every load provably stays inside
//! `src`, then decode the quads whose data lies in the last bytes from a zero-padded copy of
//! them, and hand the rest to the reference's own tail, which so alone finds every error.

#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
mod tables;
mod verify;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::harness::{AlignedBytes, Rng};
use crate::registry::{Bound, Ceiling, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

pub use crate::text::DstTooShort;

/// The length of the control bytes of `n` values: `⌈n / 4⌉`.
pub const fn control_len(n: usize) -> usize {
    n.div_ceil(4)
}

/// The room an encoder needs for `n` values: `⌈n / 4⌉ + 4 n` bytes, the longest encoding.
pub const fn max_encoded_len(n: usize) -> usize {
    control_len(n) + 4 * n
}

/// Why Stream VByte input could not be decoded (the module says in which order they are
/// [checked](self#errors)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecodeError {
    /// The input ends before the encoding of the values does: it needs `needed` bytes (when
    /// the control bytes themselves are cut short, their length).
    Truncated {
        /// The bytes the input needs.
        needed: usize,
    },
    /// The last control byte has a non-zero code past the last value.
    Padding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Truncated { needed } => {
                write!(f, "truncated Stream VByte input: it needs {needed} bytes")
            }
            DecodeError::Padding => f.write_str(
                "invalid Stream VByte input: the last control byte codes values past the count",
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Encodes `values` into `dst` with the variant `f`: the encoding's length, or [`DstTooShort`]
/// (nothing written) when `dst` has less than [`max_encoded_len`] bytes.
///
/// # Safety
///
/// The host may run `f`.
#[inline(always)]
unsafe fn encode_checked(
    f: EncodeFn,
    values: &[u32],
    dst: &mut [u8],
) -> Result<usize, DstTooShort> {
    let needed = max_encoded_len(values.len());
    if dst.len() < needed {
        return Err(DstTooShort { needed });
    }
    // SAFETY: the host may run `f` (the caller's promise); `dst` has the room it needs.
    Ok(unsafe { f(values, dst) })
}

/// The signature of every encoding variant: `values` in, `dst` of at least
/// [`max_encoded_len`]`(values.len())` bytes out; the encoding's length.
pub type EncodeFn = unsafe fn(&[u32], &mut [u8]) -> usize;

const SPEC: &str = "Stream VByte (Lemire, Kurz & Rupp 2018): u32s as control bytes (2-bit codes, \
                    first value in the low bits) then 1-4 little-endian data bytes each; strict \
                    decoding";

#[cfg(feature = "std")]
const STREAM_VBYTE_CRATE: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "stream-vbyte",
    version: "0.4.1",
};

/// Encoding reads each value's four bytes.
const ENCODE_BOUND: Bound = Bound {
    ceiling: Ceiling::Read,
    per: 0.25,
    why: "memory-bound: every value's four bytes are read",
};

/// Decoding reads at least a data byte and a quarter of a control byte per value.
const DECODE_BOUND: Bound = Bound {
    ceiling: Ceiling::Read,
    per: 0.8,
    why: "memory-bound: every value takes at least 1.25 bytes of the encoding, all read",
};

crate::declare::ops! {

    /// `encoding.streamvbyte_encode`.
    pub struct StreamVByteEncode {
        info: OpInfo {
            name: "encoding.streamvbyte_encode",
            summary: "u32s to Stream VByte (control bytes, then 1-4 data bytes a value)",
            contract: Contract::Exact,
            reference: "scalar",
            spec: SPEC,
            unit: Unit::Elements,
            role: Role::Kernel(&[ENCODE_BOUND]),
        },
        // `values` in, `dst` of at least `max_encoded_len(values.len())` bytes; the length.
        signature: fn(values: &[u32], dst: &mut [u8]) -> usize,
        prefer: ["avx2", "ssse3", "scalar"],
        variants: [
            "scalar" => scalar::encode {
                requires: [], origin: Own, safety: "safe code; the length precondition is the op's",
            },
            #[cfg(target_arch = "x86_64")]
            "ssse3" => x86_64::ssse3::encode {
                requires: [Ssse3],
                origin: Own,
                safety: "the body needs exactly SSSE3; the length precondition is the op's",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::encode {
                requires: [Avx2],
                origin: Own,
                safety: "the body needs exactly AVX2; the length precondition is the op's",
            },
            #[cfg(feature = "std")]
            "crate:stream-vbyte" => external::encode {
                requires: [], origin: STREAM_VBYTE_CRATE, safety: "a safe crate API",
            },
        ],
        /// Runs the variant: the Stream VByte encoding of `values` at the start of `dst`, and
        /// its length. `dst` needs [`max_encoded_len`]`(values.len())` bytes; past the encoding
        /// its contents are unspecified.
        ///
        /// # Errors
        ///
        /// [`DstTooShort`] if `dst` is shorter than that; nothing is written.
        call(values: &[u32], dst: &mut [u8]) -> Result<usize, DstTooShort> {
            run: |f| encode_checked(f, values, dst),
        }
        entries: [
            /// Encodes `values` in Stream VByte at the start of `dst`: `Ok(the encoding's
            /// length)`. `dst` needs [`max_encoded_len`]`(values.len())` bytes, the longest
            /// encoding; past the encoding its contents are unspecified. The count is not
            /// stored: decoding needs it.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// # Errors
            ///
            /// [`DstTooShort`] if `dst.len() < max_encoded_len(values.len())`; nothing is
            /// written.
            ///
            /// ```
            /// use arsenal::encoding::streamvbyte::max_encoded_len;
            /// let mut dst = [0; max_encoded_len(3)];
            /// let n = arsenal::encoding::streamvbyte_encode(&[1, 300, 70_000], &mut dst).unwrap();
            /// assert_eq!(&dst[..n], &[0b10_01_00, 1, 44, 1, 112, 17, 1]);
            /// ```
            fn streamvbyte_encode | runtime_streamvbyte_encode(values: &[u32], dst: &mut [u8])
                -> Result<usize, DstTooShort>
            {
                size: values.len(),
                run: |f| encode_checked(f, values, dst),
            }
        ],
    }

    /// `encoding.streamvbyte_decode`.
    pub struct StreamVByteDecode {
        info: OpInfo {
            name: "encoding.streamvbyte_decode",
            summary: "Stream VByte to u32s, or why the input is not an encoding of that many",
            contract: Contract::Exact,
            reference: "scalar",
            spec: SPEC,
            unit: Unit::Elements,
            role: Role::Kernel(&[DECODE_BOUND]),
        },
        // `dst.len()` values decoded from the start of `src`; the bytes they took, or the error.
        signature: fn(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError>,
        prefer: ["avx2", "ssse3", "scalar"],
        variants: [
            "scalar" => scalar::decode {
                requires: [], origin: Own, safety: "safe code",
            },
            #[cfg(target_arch = "x86_64")]
            "ssse3" => x86_64::ssse3::decode {
                requires: [Ssse3], origin: Own, safety: "the body needs exactly SSSE3",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::decode {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(feature = "std")]
            "crate:stream-vbyte" => external::decode {
                requires: [], origin: STREAM_VBYTE_CRATE, safety: "a safe crate API",
            },
        ],
        /// Runs the variant: `dst.len()` values decoded from the start of `src`, and the bytes
        /// they took.
        ///
        /// # Errors
        ///
        /// [`DecodeError`], as the module [defines](self#errors) it; `dst` is then unspecified.
        call(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
            run: |f| f(src, dst),
        }
        entries: [
            /// Decodes `dst.len()` values from the Stream VByte encoding at the start of `src`:
            /// `Ok(the bytes it took)`; bytes past them are left alone. Never reads outside
            /// `src`, whatever it holds.
            ///
            /// Dispatch as for [`streamvbyte_encode`].
            ///
            /// # Errors
            ///
            /// [`DecodeError::Truncated`] when `src` ends before the encoding of `dst.len()`
            /// values does, [`DecodeError::Padding`] when its last control byte codes values
            /// past them; the contents of `dst` are then unspecified.
            ///
            /// ```
            /// use arsenal::encoding::streamvbyte::DecodeError;
            /// let src = [0b10_01_00, 1, 44, 1, 112, 17, 1];
            /// let mut dst = [0; 3];
            /// assert_eq!(arsenal::encoding::streamvbyte_decode(&src, &mut dst), Ok(7));
            /// assert_eq!(dst, [1, 300, 70_000]);
            /// let cut = arsenal::encoding::streamvbyte_decode(&src[..6], &mut dst);
            /// assert_eq!(cut, Err(DecodeError::Truncated { needed: 7 }));
            /// ```
            fn streamvbyte_decode | runtime_streamvbyte_decode(src: &[u8], dst: &mut [u32])
                -> Result<usize, DecodeError>
            {
                size: dst.len(),
                run: |f| f(src, dst),
            }
        ],
    }
}

/// Value counts: one quad to 1 MiB of values.
const SIZES: &[usize] = &[
    4,
    16,
    64,
    256,
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
];

const INPUT: Input = Input::Values(
    4,
    "reads each file as little-endian u32s (a size counts values; a file's last len % 4 bytes \
     are left out), two windows a call; decoding decodes their encoding",
);

/// The values one call handles at `n`: two inputs of `n`.
fn units(n: usize) -> u64 {
    2 * n as u64
}

/// Two inputs of `n` values, and their encodings.
fn footprint(n: usize) -> usize {
    2 * (4 * n + max_encoded_len(n))
}

impl Kernel for StreamVByteEncode {
    const SIZES: &'static [usize] = SIZES;
    const INPUT: Input = INPUT;

    fn units(n: usize) -> u64 {
        units(n)
    }

    fn footprint(n: usize) -> usize {
        footprint(n)
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify::encode(&|values, dst| variant.call(values, dst))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        verify::encode_input(&|values, dst| variant.call(values, dst), data)
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        Box::new(CodecBench::new(
            cases,
            source,
            move |input: &Coded, out: &mut [u8]| variant.call(&input.values, out),
        ))
    }
}

impl Kernel for StreamVByteDecode {
    const SIZES: &'static [usize] = SIZES;
    const INPUT: Input = INPUT;

    fn units(n: usize) -> u64 {
        units(n)
    }

    fn footprint(n: usize) -> usize {
        footprint(n)
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify::decode(&|src, dst| variant.call(src, dst))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        verify::decode_input(&|src, dst| variant.call(src, dst), data)
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        Box::new(CodecBench::new(
            cases,
            source,
            move |input: &Coded, out: &mut [u32]| {
                let n = input.values.len();
                variant.call(input.encoded.slice(input.offset, input.len), &mut out[..n])
            },
        ))
    }
}

/// One input of a bench: values and their encoding, at the case's misalignment.
struct Coded {
    values: Vec<u32>,
    encoded: AlignedBytes,
    offset: usize,
    len: usize,
}

/// A draw of one value.
pub(crate) type Draw = fn(&mut Rng) -> u32;

/// The kinds of values a call runs on.
pub(crate) const KINDS: [(&str, Draw); 2] = [
    ("1- to 4-byte values, evenly", uniform_lengths),
    ("mostly 1-byte values", mostly_small),
];

/// A value of 1, 2, 3 or 4 bytes, each as likely, uniform within its length.
pub(crate) fn uniform_lengths(rng: &mut Rng) -> u32 {
    of_length(1 + rng.below(4), rng)
}

/// A value of one byte 90 % of the time, else of 2 (7 %), 3 (2 %) or 4 (1 %).
pub(crate) fn mostly_small(rng: &mut Rng) -> u32 {
    let len = match rng.below(100) {
        0..90 => 1,
        90..97 => 2,
        97..99 => 3,
        _ => 4,
    };
    of_length(len, rng)
}

/// A uniform value that takes exactly `len` (1..=4) bytes.
fn of_length(len: usize, rng: &mut Rng) -> u32 {
    let low = if len == 1 { 0 } else { 1u64 << (8 * (len - 1)) };
    let high = 1u64 << (8 * len);
    (low + rng.next_u64() % (high - low)) as u32
}

/// Per case, one input of each [kind](KINDS) and an output buffer each; a call codes both.
struct CodecBench<C, O> {
    cases: Vec<(Vec<Coded>, Vec<Vec<O>>)>,
    call: C,
}

impl<C, O: Copy + Default> CodecBench<C, O> {
    fn new(cases: &[Case], source: Source<'_>, call: C) -> CodecBench<C, O> {
        let mut rng = Rng::new(source.seed());
        let cases = cases
            .iter()
            .map(|case| {
                let inputs: Vec<Coded> = KINDS
                    .iter()
                    .map(|(_, draw)| {
                        let values = source.values_u32(&mut rng, case.size, draw);
                        let mut encoded = vec![0; max_encoded_len(case.size)];
                        let len = scalar::encode(&values, &mut encoded);
                        let offset = case.offset % 64;
                        Coded {
                            encoded: AlignedBytes::with_data(&encoded[..len], offset),
                            values,
                            offset,
                            len,
                        }
                    })
                    .collect();
                // Room for an encoding, more than the values (a decoder takes the first `n`).
                let out = vec![O::default(); max_encoded_len(case.size)];
                (inputs, vec![out; KINDS.len()])
            })
            .collect();
        CodecBench { cases, call }
    }
}

impl<C, O, R> Bench for CodecBench<C, O>
where
    C: FnMut(&Coded, &mut [O]) -> R,
{
    fn cases(&self) -> usize {
        self.cases.len()
    }

    fn units(&self, case: usize) -> u64 {
        units(self.cases[case].0[0].values.len())
    }

    #[inline]
    fn run(&mut self, case: usize) {
        let (inputs, outs) = &mut self.cases[case];
        for (input, out) in inputs.iter().zip(outs) {
            core::hint::black_box((self.call)(core::hint::black_box(input), out));
        }
    }
}
