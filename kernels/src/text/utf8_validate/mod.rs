//! `text.utf8_validate`: whether bytes are well-formed UTF-8, and if not, where the first error
//! is.
//!
//! Spec: the Unicode Standard §3.9, D92 and Table 3-7 "Well-Formed UTF-8 Byte Sequences" (also
//! RFC 3629 §4). The result is `Ok(())`, or `Err(valid_up_to)`: the length of the longest prefix
//! of whole, well-formed characters, which is exactly `core::str::Utf8Error::valid_up_to` (the
//! start of the first ill-formed sequence).
//!
//! Variants:
//! - `std:from_utf8` — `core::str::from_utf8`, the reference.
//! - `scalar` — the table's rows as range checks, one character at a time, with a 16-byte ASCII
//!   fast path ([`scalar`]).
//! - `avx2`, `avx512` — the *lookup* algorithm of J. Keiser and D. Lemire, "Validating UTF-8 In
//!   Less Than One Instruction Per Byte", Software: Practice and Experience 51(5), 2021: three
//!   nibble-indexed table lookups classify every byte pair, saturating subtractions find the
//!   bytes that must be the third or fourth of a sequence, and blocks of ASCII skip the check
//!   ([`x86_64`]'s `generic` module has the details). `avx512` uses AVX-512 VBMI's byte permutes
//!   for 64-entry lookups and the cross-block shifts, after C. Clausecker and D. Lemire,
//!   "Transcoding Unicode Characters with AVX-512 Instructions", Software: Practice and
//!   Experience 53(12), 2023. What differs from the paper: the paper (like simdjson) only
//!   answers valid/invalid over the whole input; here the error is tested after every two
//!   64-byte blocks, and the exact position is found by re-checking from the last character
//!   boundary before the failing blocks with the scalar code (the approach `simdutf8`
//!   documents), so a call stops early at the first bad block pair.
//! - `crate:simdutf8` — `simdutf8::compat::from_utf8`.
//!
//! The tuner's workload, and so the criterion bench's (`benches/ops.rs`), is
//! [`TextKind::Realistic`] text (runs of Latin, Cyrillic and CJK words); the other
//! [`TextKind`]s (pure ASCII, mixed) serve verification and the properties.

use crate::harness::{aligned_and_not, expect_eq, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub mod external;
pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

crate::declare::ops! {

    /// `text.utf8_validate`.
    pub struct Utf8Validate {
        info: OpInfo {
            name: "text.utf8_validate",
            summary: "whether bytes are UTF-8; else the length of the valid prefix",
            contract: Contract::Exact,
            reference: "std:from_utf8",
            spec: "Unicode 3.9 D92 Table 3-7 (RFC 3629 4); error = str::Utf8Error::valid_up_to",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // `Ok(())` for well-formed UTF-8, else `Err(valid_up_to)`.
        signature: fn(bytes: &[u8]) -> Result<(), usize>,
        prefer: ["avx512", "avx2", "std:from_utf8"],
        variants: [
            "std:from_utf8" => external::std_from_utf8 {
                requires: [], origin: Std, safety: "a safe API of `core`",
            },
            "scalar" => scalar::utf8_validate { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::utf8_validate {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::utf8_validate {
                requires: [Avx512f, Avx512bw, Avx512vbmi],
                origin: Own,
                safety: "the body needs exactly AVX-512F, BW and VBMI",
            },
            #[cfg(feature = "std")]
            "crate:simdutf8" => external::crate_simdutf8 {
                requires: [],
                origin: Crate { name: "simdutf8", version: "0.1.5" },
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: `Ok(())` if `bytes` is UTF-8, else `Err(valid_up_to)`.
        call(bytes: &[u8]) -> Result<(), usize> { run: |f| f(bytes) }
        entries: [
            /// `Ok(())` if `bytes` is well-formed UTF-8, else `Err(valid_up_to)`: the length of
            /// the longest prefix of whole characters, as
            /// [`core::str::Utf8Error::valid_up_to`] gives it.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// assert_eq!(arsenal::text::utf8_validate("grüße, 世界".as_bytes()), Ok(()));
            /// assert_eq!(arsenal::text::utf8_validate(b"ab\xC3("), Err(2));
            /// ```
            fn utf8_validate | runtime_utf8_validate(bytes: &[u8]) -> Result<(), usize> {
                size: bytes.len(),
                run: |f| f(bytes),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type Utf8Fn = <Utf8Validate as crate::registry::Op>::Fn;

impl Kernel for Utf8Validate {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input =
        Input::Bytes("validates each file and window as it is: invalid UTF-8 included, since rejecting it is real work");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|bytes| variant.call(bytes))
    }

    /// Realistic text: the mix of ASCII runs and multi-byte runs real documents have.
    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |bytes: &[u8]| variant.call(bytes);
        aligned_and_not(data, |d| check(&run, d, &|| "the user's data".into()))
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(
            cases,
            source,
            |rng, buf| fill_text(TextKind::Realistic, rng, buf),
            move |bytes| variant.call(bytes),
        )
    }
}

/// The kinds of valid text the verification and the benches generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Printable ASCII.
    Ascii,
    /// Characters of 1, 2, 3 and 4 bytes in equal shares (by count), in random order.
    Mixed,
    /// Runs of words of one script at a time (Latin with a few accented letters, Cyrillic, CJK;
    /// now and then an emoji), separated by spaces and punctuation.
    Realistic,
}

impl TextKind {
    /// Every kind.
    pub const ALL: [TextKind; 3] = [TextKind::Ascii, TextKind::Mixed, TextKind::Realistic];

    /// `ascii`, `mixed` or `realistic`.
    pub const fn name(self) -> &'static str {
        match self {
            TextKind::Ascii => "ascii",
            TextKind::Mixed => "mixed",
            TextKind::Realistic => "realistic",
        }
    }
}

/// Fills all of `buf` with valid UTF-8 of `kind`: characters while they fit, then ASCII spaces.
pub fn fill_text(kind: TextKind, rng: &mut Rng, buf: &mut [u8]) {
    let mut words = Words::default();
    let mut at = 0;
    loop {
        let c = match kind {
            TextKind::Ascii => ascii_char(rng),
            TextKind::Mixed => mixed_char(rng),
            TextKind::Realistic => words.next_char(rng),
        };
        let Some(slot) = buf.get_mut(at..at + c.len_utf8()) else {
            break;
        };
        c.encode_utf8(slot);
        at += c.len_utf8();
    }
    buf[at..].fill(b' ');
}

/// `len` bytes of valid text of `kind`.
pub fn text(kind: TextKind, rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut v = alloc::vec![0; len];
    fill_text(kind, rng, &mut v);
    v
}

fn char_in(rng: &mut Rng, lo: u32, hi: u32) -> char {
    let cp = lo + rng.below((hi - lo + 1) as usize) as u32;
    char::from_u32(cp).unwrap_or(' ')
}

fn ascii_char(rng: &mut Rng) -> char {
    if rng.below(64) == 0 {
        '\n'
    } else {
        char_in(rng, 0x20, 0x7E)
    }
}

fn mixed_char(rng: &mut Rng) -> char {
    match rng.below(4) {
        0 => char_in(rng, 0x20, 0x7E),
        1 => char_in(rng, 0x80, 0x7FF),
        // Surrogates are not characters: draw around them.
        2 if rng.below(0xF000) < 0xD000 => char_in(rng, 0x800, 0xD7FF),
        2 => char_in(rng, 0xE000, 0xFFFF),
        _ => char_in(rng, 0x1_0000, 0x10_FFFF),
    }
}

/// The state of the realistic-text generator: the script of the current run and how much of
/// the run and the word is left.
#[derive(Default)]
struct Words {
    script: usize,
    words_left: usize,
    letters_left: usize,
}

/// Accented Latin letters (two bytes each).
const ACCENTED: [char; 8] = ['é', 'è', 'ü', 'ö', 'ñ', 'ç', 'à', 'ß'];

impl Words {
    fn next_char(&mut self, rng: &mut Rng) -> char {
        if self.letters_left > 0 {
            self.letters_left -= 1;
            return self.letter(rng);
        }
        // Between words: pick the next word (and maybe the next run's script).
        if self.words_left == 0 {
            self.script = rng.below(3);
            self.words_left = rng.between(4, 30);
        }
        self.words_left -= 1;
        self.letters_left = match self.script {
            2 => rng.between(1, 4),
            _ => rng.between(2, 10),
        };
        match rng.below(16) {
            0 => ',',
            1 => '.',
            2 if rng.below(4) == 0 => '\n',
            3 if rng.below(4) == 0 => char_in(rng, 0x1F600, 0x1F64F),
            _ => ' ',
        }
    }

    fn letter(&self, rng: &mut Rng) -> char {
        match self.script {
            0 if rng.below(12) == 0 => ACCENTED[rng.below(ACCENTED.len())],
            0 => char_in(rng, u32::from(b'a'), u32::from(b'z')),
            1 => char_in(rng, 0x430, 0x44F),
            _ => char_in(rng, 0x4E00, 0x9FFF),
        }
    }
}

type Run<'a> = &'a dyn Fn(&[u8]) -> Result<(), usize>;

/// Lengths of valid text checked at every misalignment.
const SWEEP_MAX: usize = 600;
/// The buffer adversarial sequences are placed in, at every position up to `PLACE_MAX`: two
/// AVX2 registers and a whole AVX-512 block past the first block boundary.
const PLACE_LEN: usize = 192;
const PLACE_MAX: usize = 130;

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x7574_6638);
    valid_lengths(run, &mut rng)?;
    every_pair_across_a_boundary(run)?;
    placed(run, &mut rng)?;
    truncated_at_end(run, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    page_edges(run, &mut rng)?;
    large_random(run, &mut rng)
}

/// `run(bytes)` against the standard library.
fn check(run: Run<'_>, bytes: &[u8], what: &dyn Fn() -> String) -> Result<(), Mismatch> {
    expect_eq(external::reference(bytes), run(bytes), || {
        format!(
            "len {}, offset {}, {}",
            bytes.len(),
            bytes.as_ptr() as usize % 64,
            what()
        )
    })
}

/// Valid text of every kind at every length up to `SWEEP_MAX` and every misalignment.
fn valid_lengths(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    for kind in TextKind::ALL {
        let mut current = (usize::MAX, Vec::new());
        sweep(SWEEP_MAX, SWEEP_MAX + 1, |offset, len| {
            if current.0 != len {
                current = (len, text(kind, rng, len));
            }
            let input = buf.slice_mut(offset, len);
            input.copy_from_slice(&current.1);
            check(run, input, &|| format!("valid {} text", kind.name()))
        })?;
    }
    Ok(())
}

/// Every two-byte pair, followed by each of a few bytes and a continuation, straddling the first
/// block boundary (starting 61..=64 bytes into ASCII).
fn every_pair_across_a_boundary(run: Run<'_>) -> Result<(), Mismatch> {
    let mut buf = [b'a'; 128];
    for a in 0..=255u8 {
        let at = 61 + usize::from(a % 4);
        for b in 0..=255u8 {
            for c in [0x80, 0xBF, 0x41, 0xE1] {
                buf[at..at + 4].copy_from_slice(&[a, b, c, 0x80]);
                check(run, &buf, &|| format!("{a:02x} {b:02x} {c:02x} 80 at {at}"))?;
            }
        }
        buf[at..at + 4].fill(b'a');
    }
    Ok(())
}

/// Ill-formed sequences of every class, and well-formed ones at the table's edges.
const SEQUENCES: &[&[u8]] = &[
    // Overlong two-byte forms (leads C0, C1).
    &[0xC0, 0x80],
    &[0xC0, 0xAF],
    &[0xC1, 0xBF],
    // Overlong three- and four-byte forms.
    &[0xE0, 0x80, 0x80],
    &[0xE0, 0x9F, 0xBF],
    &[0xF0, 0x80, 0x80, 0x80],
    &[0xF0, 0x8F, 0xBF, 0xBF],
    // Surrogates, alone and paired.
    &[0xED, 0xA0, 0x80],
    &[0xED, 0xBF, 0xBF],
    &[0xED, 0xA0, 0xBD, 0xED, 0xB2, 0xA9],
    // Above U+10FFFF.
    &[0xF4, 0x90, 0x80, 0x80],
    &[0xF4, 0xBF, 0xBF, 0xBF],
    &[0xF5, 0x80, 0x80, 0x80],
    &[0xF7, 0xBF, 0xBF, 0xBF],
    &[0xF8, 0x88, 0x80, 0x80, 0x80],
    &[0xFC, 0x84, 0x80, 0x80, 0x80, 0x80],
    // Invalid leads alone.
    &[0xC0],
    &[0xC1],
    &[0xF5],
    &[0xF8],
    &[0xFE],
    &[0xFF],
    // Stray continuations.
    &[0x80],
    &[0xBF],
    &[0x80, 0x80],
    &[0xBF, 0x80, 0xBF],
    // Too long: a whole character and one continuation more.
    &[0xC2, 0xA9, 0x80],
    &[0xE2, 0x82, 0xAC, 0xBF],
    &[0xF0, 0x9F, 0x98, 0x80, 0x80],
    // Too short, followed by ASCII.
    &[0xC2, 0x41],
    &[0xE1, 0x41],
    &[0xE1, 0x80, 0x41],
    &[0xF1, 0x41],
    &[0xF1, 0x80, 0x41],
    &[0xF1, 0x80, 0x80, 0x41],
    // Too short, followed by a lead.
    &[0xC2, 0xC2, 0xA9],
    &[0xE1, 0xC2, 0xA9],
    &[0xE1, 0x80, 0xE1, 0x80, 0x80],
    &[0xF1, 0x80, 0x80, 0xF1, 0x80, 0x80, 0x80],
    &[0xF1, 0xE2, 0x82, 0xAC],
    &[0xE2, 0x82, 0xF0, 0x9F, 0x98, 0x80],
    // Well-formed at the edges of the table's rows.
    &[0xC2, 0x80],
    &[0xDF, 0xBF],
    &[0xE0, 0xA0, 0x80],
    &[0xED, 0x9F, 0xBF],
    &[0xEE, 0x80, 0x80],
    &[0xEF, 0xBF, 0xBF],
    &[0xF0, 0x90, 0x80, 0x80],
    &[0xF3, 0xBF, 0xBF, 0xBF],
    &[0xF4, 0x8F, 0xBF, 0xBF],
];

/// Each of [`SEQUENCES`] at every position `0..=PLACE_MAX` of a `PLACE_LEN`-byte buffer of
/// valid ASCII or mixed text, at a few misalignments.
fn placed(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(PLACE_LEN);
    for kind in [TextKind::Ascii, TextKind::Mixed] {
        for (s, seq) in SEQUENCES.iter().enumerate() {
            for pos in 0..=PLACE_MAX {
                let mut bytes = text(kind, rng, pos);
                bytes.extend_from_slice(seq);
                let rest = PLACE_LEN - bytes.len();
                bytes.extend_from_slice(&text(kind, rng, rest));
                for offset in [0, 1, 33, 63, (pos + s) % 64] {
                    let input = buf.slice_mut(offset, PLACE_LEN);
                    input.copy_from_slice(&bytes);
                    check(run, input, &|| {
                        format!("{seq:02x?} at {pos} in {} text", kind.name())
                    })?;
                }
            }
        }
    }
    Ok(())
}

/// Characters of each width, at the table's edges and not.
const WHOLE: &[&[u8]] = &[
    &[0xC2, 0x80],
    &[0xDF, 0xBF],
    &[0xE0, 0xA0, 0x80],
    &[0xE2, 0x82, 0xAC],
    &[0xED, 0x9F, 0xBF],
    &[0xEF, 0xBF, 0xBF],
    &[0xF0, 0x90, 0x80, 0x80],
    &[0xF0, 0x9F, 0x98, 0x80],
    &[0xF4, 0x8F, 0xBF, 0xBF],
];

/// Every proper prefix of a multi-byte character ending the input, at every input length up to
/// 200 (so the end falls at every lane of a block), and the whole character there too.
fn truncated_at_end(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(200);
    for kind in [TextKind::Ascii, TextKind::Mixed] {
        for ch in WHOLE {
            for cut in 1..=ch.len() {
                for len in cut..=200 {
                    let mut bytes = text(kind, rng, len - cut);
                    bytes.extend_from_slice(&ch[..cut]);
                    let input = buf.slice_mut((len * 5 + cut) % 64, len);
                    input.copy_from_slice(&bytes);
                    check(run, input, &|| {
                        format!("{:02x?} at the end of {} text", &ch[..cut], kind.name())
                    })?;
                }
            }
        }
    }
    Ok(())
}

/// Inputs flush against an inaccessible page on either side: an over-read faults.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in 0..=260 {
        for mut guarded in [Guarded::at_end(len), Guarded::at_start(len)] {
            let kind = TextKind::ALL[len % 3];
            let input = guarded.bytes_mut();
            fill_text(kind, rng, input);
            check(run, input, &|| {
                format!("valid {} text at a page edge", kind.name())
            })?;
            if len > 0 {
                input[len - 1] = 0xE2;
                check(run, input, &|| "a lone lead last, at a page edge".into())?;
                input[0] = 0x80;
                check(run, input, &|| {
                    "a continuation first, at a page edge".into()
                })?;
            }
        }
    }
    Ok(())
}

/// Seeded valid text up to 1 MiB, then with an ill-formed sequence written at a random place.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1 << 20;
    let mut buf = AlignedBytes::new(MAX);
    for round in 0..12 {
        let kind = TextKind::ALL[round % 3];
        let len = if round < 3 { MAX } else { rng.below(MAX + 1) };
        let offset = rng.below(64);
        let input = buf.slice_mut(offset, len);
        fill_text(kind, rng, input);
        check(run, input, &|| {
            format!("random {} text, round {round}", kind.name())
        })?;
        let seq = SEQUENCES[rng.below(SEQUENCES.len())];
        if len >= seq.len() {
            let at = rng.below(len - seq.len() + 1);
            input[at..at + seq.len()].copy_from_slice(seq);
            check(run, input, &|| {
                format!("{seq:02x?} written at {at} of {} text", kind.name())
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_text_is_valid_and_of_its_kind() {
        let mut rng = Rng::new(1);
        for kind in TextKind::ALL {
            for len in [0, 1, 7, 100, 5000] {
                let t = text(kind, &mut rng, len);
                assert_eq!(t.len(), len);
                let s = core::str::from_utf8(&t).expect("valid");
                if kind == TextKind::Ascii {
                    assert!(s.is_ascii());
                }
            }
        }
        let mixed = text(TextKind::Mixed, &mut rng, 40_000);
        let chars = core::str::from_utf8(&mixed).unwrap().chars();
        let mut widths = [0usize; 5];
        for c in chars {
            widths[c.len_utf8()] += 1;
        }
        let total: usize = widths.iter().sum();
        for w in 1..=4 {
            assert!(widths[w] * 5 > total && widths[w] * 3 < total, "{widths:?}");
        }
    }
}
