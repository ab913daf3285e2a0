//! `compression.lz4_decompress`: an LZ4 block, decompressed into a buffer of the size the
//! caller knows.
//!
//! Spec: the LZ4 block format (Y. Collet, "LZ4 Block Format Description", lz4 project,
//! `doc/lz4_Block_format.md`). A block is a run of sequences. A sequence is a token byte (high
//! nibble the literal count, low nibble the match length less 4, each nibble 15 followed by
//! bytes added to it up to the first that is not 255), the literals, a two-byte little-endian
//! offset (1 to 65535) and the match: that many bytes copied from `offset` bytes back in the
//! output, overlapping allowed. The last sequence has literals only and ends the block.
//!
//! # Validity
//!
//! Every variant gives the reference's result: `Ok(bytes written)` when `src` decodes in full,
//! the last sequence's literals ending exactly at its end, into at most `dst.len()` bytes;
//! otherwise [`DecompressError`]. So these are errors: an empty block; a length, literal run or
//! offset cut short by the end of the block; an offset of zero or one reaching before the start
//! of the output; a block ending after a match (with no last literals); and output past the end
//! of `dst` (lengths that would overflow included). The format's rules for compressors (the
//! last five bytes literals, no match starting in the last twelve) are not checked: decoders,
//! `lz4_flex`'s and the reference implementation's too, accept blocks that break them.
//!
//! Nothing outside `src` is read and nothing outside `dst` written, on any input. Past the bytes
//! written, and on an error, the contents of `dst` are unspecified: the wild copies write up to
//! 16 bytes past the output so far where `dst` has room.
//!
//! # Variants
//!
//! - `scalar`: the reference ([`scalar`]), a byte at a time for matches.
//! - `wild`: safe scalar with wild copies ([`wild`]).
//! - `ssse3`: the same on 16-byte vectors, with `pshufb` spreading the period of a match closer
//!   than 16 bytes ([`x86_64::ssse3`]).
//! - `crate:lz4_flex` and `crate:lz4_flex:unsafe`: the `lz4_flex` crate's safe and unsafe
//!   decoders ([`external`]).
//!
//! The bench decompresses blocks `lz4_flex` compressed (the crate's own compressor; the greedy
//! one of [`blocks`] without the `std` feature) from three kinds of data: English-like text, Rust
//! source code (this crate's own), and random bytes (nearly all literals); or, on the user's
//! files (`--input`), from three windows of them.

pub mod blocks;
#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
mod verify;
pub mod wild;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::harness::{fill_english, AlignedBytes, Rng};
use crate::registry::{Bound, Ceiling, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

/// Why an LZ4 block could not be decompressed: it is not a valid block (the module says
/// [what one is](self#validity)), or its output does not fit the destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecompressError;

impl fmt::Display for DecompressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a valid LZ4 block, or its output is longer than the destination")
    }
}

impl core::error::Error for DecompressError {}

#[cfg(feature = "std")]
const LZ4_FLEX: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "lz4_flex",
    version: "0.14.2",
};

#[cfg(feature = "std")]
const LZ4_FLEX_UNSAFE: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "lz4_flex",
    version: "0.13.0",
};

/// Every output byte is a copy of a byte read from the block or from the output.
const BOUND: Bound = Bound {
    ceiling: Ceiling::Read,
    per: 1.0,
    why: "memory-bound: every output byte is copied from a byte read (a literal or earlier output)",
};

crate::declare::ops! {

    /// `compression.lz4_decompress`.
    pub struct Lz4Decompress {
        info: OpInfo {
            name: "compression.lz4_decompress",
            summary: "an LZ4 block to at most dst.len() bytes, or an error for a malformed block",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "LZ4 block format (lz4_Block_format.md); a block ends with a literals-only \
                   sequence; offset 0, offsets before the start, cut input and overlong output \
                   are errors",
            unit: Unit::Bytes,
            role: Role::Kernel(&[BOUND]),
        },
        // An LZ4 block in, `dst` out; the bytes written, or the error.
        signature: fn(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError>,
        prefer: ["ssse3", "wild", "scalar"],
        variants: [
            "scalar" => scalar::decompress {
                requires: [], origin: Own, safety: "safe code",
            },
            "wild" => wild::decompress {
                requires: [], origin: Own, safety: "safe code",
            },
            #[cfg(target_arch = "x86_64")]
            "ssse3" => x86_64::ssse3::decompress {
                requires: [Ssse3], origin: Own, safety: "the body needs exactly SSSE3",
            },
            #[cfg(feature = "std")]
            "crate:lz4_flex" => external::lz4_flex {
                requires: [], origin: LZ4_FLEX, safety: "a safe crate API",
            },
            #[cfg(feature = "std")]
            "crate:lz4_flex:unsafe" => external::lz4_flex_unsafe {
                requires: [], origin: LZ4_FLEX_UNSAFE, safety: "a safe crate API",
            },
        ],
        /// Runs the variant: the block `src` decompressed into the start of `dst`, and the
        /// bytes written.
        ///
        /// # Errors
        ///
        /// [`DecompressError`] for a malformed block or output past `dst`'s end.
        call(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
            run: |f| f(src, dst),
        }
        entries: [
            /// Decompresses the LZ4 block `src` (the block format, without a frame) into the
            /// start of `dst`: `Ok(bytes written)`. `dst` holds the decompressed size, which
            /// the format does not store: the caller keeps it, as for `lz4_flex`'s
            /// `decompress_into`. Never reads outside `src` or writes outside `dst`; past the
            /// bytes written its contents are unspecified.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// # Errors
            ///
            /// [`DecompressError`] when `src` is not a valid block or decompresses to more
            /// than `dst.len()` bytes; `dst` is then unspecified.
            ///
            /// ```
            /// // "abc", a match of 7 bytes 3 back, then the last literal "!".
            /// let block = [0x33, b'a', b'b', b'c', 3, 0, 0x10, b'!'];
            /// let mut out = [0; 11];
            /// assert_eq!(arsenal::compression::lz4_decompress(&block, &mut out), Ok(11));
            /// assert_eq!(&out, b"abcabcabca!");
            /// assert!(arsenal::compression::lz4_decompress(&block[..6], &mut out).is_err());
            /// ```
            fn lz4_decompress | runtime_lz4_decompress(src: &[u8], dst: &mut [u8])
                -> Result<usize, DecompressError>
            {
                size: dst.len(),
                run: |f| f(src, dst),
            }
        ],
    }
}

/// Output sizes.
const SIZES: &[usize] = &[
    64,
    256,
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
];

impl Kernel for Lz4Decompress {
    const SIZES: &'static [usize] = SIZES;
    const INPUT: Input = Input::Bytes(
        "decompresses each file and window after lz4_flex compressed it as one block (a size is \
         the decompressed length), three windows a call",
    );

    /// The output bytes of a call: three blocks of `size` each.
    fn units(size: usize) -> u64 {
        3 * size as u64
    }

    /// Three blocks and their outputs.
    fn footprint(size: usize) -> usize {
        6 * size
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify::verify(&|src, dst| variant.call(src, dst))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        verify::verify_input(&|src, dst| variant.call(src, dst), data)
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        let mut rng = Rng::new(source.seed());
        let cases = cases
            .iter()
            .map(|case| {
                KINDS
                    .iter()
                    .map(|&(_, fill)| {
                        let mut data = vec![0; case.size];
                        source.fill(&mut rng, &mut data, fill);
                        Block::new(&compress(&data), case.offset % 64, case.size)
                    })
                    .collect()
            })
            .collect();
        Box::new(Lz4Bench { cases, variant })
    }
}

/// A block and its output in one buffer, the output 2 KiB past the page after the block, so
/// every variant's output lies at the same distance from its input modulo a page: the stalls
/// of loads that alias earlier stores 4 KiB apart then cost every variant alike, which buffers
/// allocated apart do not (they made the variant measured second up to 20 % slower).
struct Block {
    buf: AlignedBytes,
    offset: usize,
    len: usize,
    out_at: usize,
    size: usize,
}

impl Block {
    fn new(block: &[u8], offset: usize, size: usize) -> Block {
        let out_at = (offset + block.len()).next_multiple_of(4096) + 2048;
        let mut buf = AlignedBytes::new(out_at + size);
        buf.slice_at_mut(offset, block.len()).copy_from_slice(block);
        Block {
            buf,
            offset,
            len: block.len(),
            out_at,
            size,
        }
    }

    /// The block, and the output.
    fn parts(&mut self) -> (&[u8], &mut [u8]) {
        let all = self.buf.slice_at_mut(0, self.out_at + self.size);
        let (head, out) = all.split_at_mut(self.out_at);
        (&head[self.offset..self.offset + self.len], out)
    }
}

/// Per case, a block of each [kind](KINDS); a call decompresses all of them.
struct Lz4Bench {
    cases: Vec<Vec<Block>>,
    variant: Checked<Lz4Decompress>,
}

impl Bench for Lz4Bench {
    fn cases(&self) -> usize {
        self.cases.len()
    }

    fn units(&self, case: usize) -> u64 {
        Lz4Decompress::units(self.cases[case][0].size)
    }

    #[inline]
    fn run(&mut self, case: usize) {
        for block in &mut self.cases[case] {
            let (src, out) = block.parts();
            let src = core::hint::black_box(src);
            core::hint::black_box(self.variant.call(src, out)).ok();
        }
    }
}

/// `data` as a block: compressed by `lz4_flex`, or without `std` by [`blocks::compress`].
pub(crate) fn compress(data: &[u8]) -> Vec<u8> {
    #[cfg(feature = "std")]
    return external::compress(data);
    #[cfg(not(feature = "std"))]
    return blocks::compress(data);
}

/// A way to fill an input.
pub(crate) type Fill = fn(&mut Rng, &mut [u8]);

/// The kinds of data the bench's blocks are compressed from.
pub(crate) const KINDS: [(&str, Fill); 3] = [
    ("English-like text", fill_english),
    ("Rust source code", fill_source),
    ("random bytes", Rng::fill),
];

/// Some of this crate's source files, the source code the bench compresses.
const SOURCE: [&str; 6] = [
    include_str!("mod.rs"),
    include_str!("../../declare.rs"),
    include_str!("../../search/memmem/mod.rs"),
    include_str!("../../text/base64/mod.rs"),
    include_str!("../../workload.rs"),
    include_str!("../../registry.rs"),
];

/// Fills `buf` with source code: the files of [`SOURCE`] one after another from a random
/// start, over again as long as it takes.
pub(crate) fn fill_source(rng: &mut Rng, buf: &mut [u8]) {
    let total: usize = SOURCE.iter().map(|f| f.len()).sum();
    let mut at = rng.below(total);
    let mut filled = 0;
    while filled < buf.len() {
        let (mut file, mut skip) = (0, at);
        while skip >= SOURCE[file].len() {
            skip -= SOURCE[file].len();
            file += 1;
        }
        let piece = &SOURCE[file].as_bytes()[skip..];
        let n = piece.len().min(buf.len() - filled);
        buf[filled..filled + n].copy_from_slice(&piece[..n]);
        filled += n;
        at = (at + n) % total;
    }
}
