//! The shared verification harness of `text.base64_encode` and `text.base64_decode`: RFC 4648
//! §10 vectors, every length up to a sweep limit at every alignment, round trips, invalid bytes
//! at every position, every padded and unpadded ending, page-end inputs and large random inputs,
//! each against the scalar reference, with canaries around every destination.

use super::*;
use crate::harness::aligned_and_not;

type EncodeRun<'a> = &'a dyn Fn(&[u8], &mut [u8]);
type DecodeRun<'a> = &'a dyn Fn(&[u8], &mut [u8]) -> Result<usize, usize>;

/// The test vectors of RFC 4648 §10.
pub(super) const RFC_VECTORS: [(&[u8], &[u8]); 7] = [
    (b"", b""),
    (b"f", b"Zg=="),
    (b"fo", b"Zm8="),
    (b"foo", b"Zm9v"),
    (b"foob", b"Zm9vYg=="),
    (b"fooba", b"Zm9vYmE="),
    (b"foobar", b"Zm9vYmFy"),
];

/// Raw lengths (encoding) and text lengths (decoding) run at every misalignment up to this.
const SWEEP_MAX: usize = 300;
/// Texts up to this many characters get every invalid byte at every position.
const INVALID_MAX: usize = 200;
/// Large inputs go up to this many bytes.
const LARGE_MAX: usize = 1 << 20;
/// Bytes of slack on either side of an output slice, checked to stay untouched.
const SLACK: usize = 64;
/// What the slack holds.
const CANARY: u8 = 0xA5;

/// The destination misalignment paired with a source misalignment: a bijection for every length,
/// so each length also sees every destination offset.
fn dst_offset(src_offset: usize, len: usize) -> usize {
    (src_offset * 37 + len) % 64
}

/// An output slice at a chosen misalignment with [`SLACK`] canary bytes on either side.
struct Out {
    buf: AlignedBytes,
}

impl Out {
    fn new(max_len: usize) -> Out {
        Out {
            buf: AlignedBytes::new(max_len + 2 * SLACK + 64),
        }
    }

    /// The `len` bytes at `offset` from a 64-byte boundary, with the slack around them (and
    /// they) set to the canary.
    fn prepare(&mut self, offset: usize, len: usize) -> &mut [u8] {
        self.buf.slice_at_mut(offset, len + 2 * SLACK).fill(CANARY);
        self.buf.slice_at_mut(offset + SLACK, len)
    }

    fn data(&self, offset: usize, len: usize) -> &[u8] {
        self.buf.slice_at(offset + SLACK, len)
    }

    /// Whether the slack on either side of the slice is untouched.
    fn intact(&self, offset: usize, len: usize) -> bool {
        let around = self.buf.slice_at(offset, len + 2 * SLACK);
        around[..SLACK]
            .iter()
            .chain(&around[SLACK + len..])
            .all(|&b| b == CANARY)
    }
}

/// `len` bytes of a text, shown in mismatches: the bytes, escaped, shortened when long.
pub(super) fn show(text: &[u8]) -> String {
    let shown = &text[..text.len().min(80)];
    let mut s: String = shown.escape_ascii().to_string();
    if text.len() > shown.len() {
        s.push('…');
    }
    s
}

/// Runs an encoding variant and compares it with the reference, checking the slack.
struct EncodeCheck<'a> {
    run: EncodeRun<'a>,
    out: Out,
    expected: Vec<u8>,
}

impl<'a> EncodeCheck<'a> {
    fn new(run: EncodeRun<'a>, max_len: usize) -> EncodeCheck<'a> {
        EncodeCheck {
            run,
            out: Out::new(encoded_len(max_len)),
            expected: Vec::new(),
        }
    }

    fn check(
        &mut self,
        src: &[u8],
        dst_offset: usize,
        what: &dyn Fn() -> String,
    ) -> Result<(), Mismatch> {
        let len = encoded_len(src.len());
        self.expected.resize(len, 0);
        scalar::encode_at(src, &mut self.expected, 0, 0);
        (self.run)(src, self.out.prepare(dst_offset, len));
        let case = || {
            format!(
                "len {}, src offset {}, dst offset {dst_offset}, {}",
                src.len(),
                src.as_ptr() as usize % 64,
                what()
            )
        };
        let got = self.out.data(dst_offset, len);
        if let Some(at) = (0..len).find(|&i| got[i] != self.expected[i]) {
            return Err(Mismatch {
                case: format!("{}, first difference at {at}", case()),
                expected: show(&self.expected[at..]),
                got: show(&got[at..]),
            });
        }
        expect_eq(true, self.out.intact(dst_offset, len), || {
            format!("{}, slack around dst intact", case())
        })
    }
}

/// Runs a decoding variant and compares it with the reference (result, and the bytes written
/// on `Ok`), checking the slack.
struct DecodeCheck<'a> {
    run: DecodeRun<'a>,
    out: Out,
    expected: Vec<u8>,
}

impl<'a> DecodeCheck<'a> {
    fn new(run: DecodeRun<'a>, max_len: usize) -> DecodeCheck<'a> {
        DecodeCheck {
            run,
            out: Out::new(decoded_len_max(max_len)),
            expected: Vec::new(),
        }
    }

    /// The reference's result for `src` (its bytes left in `self.expected`).
    fn reference(&mut self, src: &[u8]) -> Result<usize, usize> {
        self.expected.resize(decoded_len_max(src.len()), 0);
        scalar::decode_at(src, &mut self.expected, 0, 0)
    }

    fn check(
        &mut self,
        src: &[u8],
        dst_offset: usize,
        what: &dyn Fn() -> String,
    ) -> Result<(), Mismatch> {
        let expected = self.reference(src);
        self.compare(src, dst_offset, expected, what)
    }

    /// As [`check`](Self::check), with the result stated (the bytes still the reference's).
    fn check_against(
        &mut self,
        src: &[u8],
        dst_offset: usize,
        expected: Result<usize, usize>,
        what: &dyn Fn() -> String,
    ) -> Result<(), Mismatch> {
        let _ = self.reference(src);
        self.compare(src, dst_offset, expected, what)
    }

    fn compare(
        &mut self,
        src: &[u8],
        dst_offset: usize,
        expected: Result<usize, usize>,
        what: &dyn Fn() -> String,
    ) -> Result<(), Mismatch> {
        let len = decoded_len_max(src.len());
        let got = (self.run)(src, self.out.prepare(dst_offset, len));
        let case = || {
            format!(
                "text len {}, src offset {}, dst offset {dst_offset}, {} (text {})",
                src.len(),
                src.as_ptr() as usize % 64,
                what(),
                show(src)
            )
        };
        expect_eq(expected, got, case)?;
        if let Ok(n) = got {
            let data = self.out.data(dst_offset, n);
            if let Some(at) = (0..n).find(|&i| data[i] != self.expected[i]) {
                return Err(Mismatch {
                    case: format!("{}, first difference at byte {at}", case()),
                    expected: format!("{:02x?}", &self.expected[at..n.min(at + 16)]),
                    got: format!("{:02x?}", &data[at..n.min(at + 16)]),
                });
            }
        }
        expect_eq(true, self.out.intact(dst_offset, len), || {
            format!("{}, slack around dst intact", case())
        })
    }
}

pub(super) fn verify_encode(run: EncodeRun<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0xB64E_0001);
    let mut check = EncodeCheck::new(run, LARGE_MAX);
    rfc_encode(&mut check)?;
    encode_lengths(&mut check, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    encode_page_edges(run, &mut rng)?;
    encode_large(&mut check, &mut rng)
}

/// An encoding variant on one of the user's files.
pub(super) fn verify_encode_input(run: EncodeRun<'_>, data: &[u8]) -> Result<(), Mismatch> {
    let mut check = EncodeCheck::new(run, data.len());
    aligned_and_not(data, |src| {
        let dst = dst_offset(src.as_ptr() as usize % 64, src.len());
        check.check(src, dst, &|| "the user's data".into())
    })
}

/// A decoding variant on the encoding of one of the user's files.
pub(super) fn verify_decode_input(run: DecodeRun<'_>, text: &[u8]) -> Result<(), Mismatch> {
    let mut check = DecodeCheck::new(run, text.len());
    aligned_and_not(text, |src| {
        let dst = dst_offset(src.as_ptr() as usize % 64, src.len());
        check.check(src, dst, &|| "the user's data, encoded".into())
    })
}

pub(super) fn verify_decode(run: DecodeRun<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0xB64D_0001);
    let mut check = DecodeCheck::new(run, encoded_len(LARGE_MAX));
    rfc_decode(&mut check)?;
    round_trips(&mut check, &mut rng)?;
    text_lengths(&mut check, &mut rng)?;
    invalid_bytes(&mut check, &mut rng)?;
    endings(&mut check, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    decode_page_edges(run, &mut rng)?;
    decode_large(&mut check, &mut rng)
}

/// The RFC's vectors at every source misalignment: these pin the reference itself.
fn rfc_encode(check: &mut EncodeCheck<'_>) -> Result<(), Mismatch> {
    for (raw, text) in RFC_VECTORS {
        for offset in crate::harness::OFFSETS {
            let buf = AlignedBytes::with_data(raw, offset);
            let src = buf.slice(offset, raw.len());
            let dst = dst_offset(offset, raw.len());
            check.check(src, dst, &|| "RFC 4648 vector".into())?;
            expect_eq(text, check.out.data(dst, text.len()), || {
                format!("RFC 4648 vector {}", show(raw))
            })?;
        }
    }
    Ok(())
}

fn rfc_decode(check: &mut DecodeCheck<'_>) -> Result<(), Mismatch> {
    for (raw, text) in RFC_VECTORS {
        for offset in crate::harness::OFFSETS {
            let buf = AlignedBytes::with_data(text, offset);
            let src = buf.slice(offset, text.len());
            let dst = dst_offset(offset, text.len());
            check.check_against(src, dst, Ok(raw.len()), &|| "RFC 4648 vector".into())?;
            expect_eq(raw, check.out.data(dst, raw.len()), || {
                format!("RFC 4648 vector {}", show(text))
            })?;
        }
    }
    Ok(())
}

/// Every raw length at every source misalignment (destinations rotating), random bytes and the
/// extreme patterns (all-zero and all-ones fields, every byte value in order).
fn encode_lengths(check: &mut EncodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    for len in 0..=SWEEP_MAX {
        for offset in crate::harness::OFFSETS {
            let src = buf.slice_mut(offset, len);
            match offset {
                0 => src.fill(0),
                1 => src.fill(0xFF),
                2 => src.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8),
                _ => rng.fill(src),
            }
            check.check(src, dst_offset(offset, len), &|| "sweep".into())?;
        }
    }
    Ok(())
}

/// Random data of every length, encoded by the reference and decoded at every misalignment.
fn round_trips(check: &mut DecodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(encoded_len(SWEEP_MAX));
    for len in 0..=SWEEP_MAX {
        let raw = rng.bytes(len);
        let mut text = vec![0; encoded_len(len)];
        scalar::encode_at(&raw, &mut text, 0, 0);
        for offset in crate::harness::OFFSETS {
            let src = buf.slice_mut(offset, text.len());
            src.copy_from_slice(&text);
            let dst = dst_offset(offset, text.len());
            check.check_against(src, dst, Ok(len), &|| "round trip".into())?;
            expect_eq(&raw[..], check.out.data(dst, len), || {
                format!("round trip of {len} bytes, offset {offset}")
            })?;
        }
    }
    Ok(())
}

/// A random alphabet character.
fn symbol(rng: &mut Rng) -> u8 {
    scalar::ALPHABET[rng.below(64)]
}

/// Every text length at every misalignment: random alphabet characters (valid when the length
/// is a multiple of 4, cut short otherwise), and the same with a padded final quantum.
fn text_lengths(check: &mut DecodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    for len in 0..=SWEEP_MAX {
        for offset in crate::harness::OFFSETS {
            let src = buf.slice_mut(offset, len);
            src.iter_mut().for_each(|b| *b = symbol(rng));
            if offset % 2 == 1 && len % 4 == 0 && len > 0 {
                // `xx==` with zero spare bits, or `xxx=`.
                if offset % 4 == 1 {
                    src[len - 3] = scalar::ALPHABET[rng.below(4) * 16];
                    src[len - 2..].fill(b'=');
                } else {
                    src[len - 2] = scalar::ALPHABET[rng.below(16) * 4];
                    src[len - 1] = b'=';
                }
            }
            check.check(src, dst_offset(offset, len), &|| "random text".into())?;
        }
    }
    Ok(())
}

/// Every byte outside the alphabet (`=` included) at every position of valid texts (padded
/// and unpadded) up to [`INVALID_MAX`] characters.
fn invalid_bytes(check: &mut DecodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let invalid: Vec<u8> = (0..=255u8)
        .filter(|&b| scalar::VALUES[usize::from(b)] == scalar::INVALID)
        .collect();
    debug_assert_eq!(invalid.len(), 192);
    let mut buf = AlignedBytes::new(INVALID_MAX);
    for len in (4..=INVALID_MAX).step_by(4) {
        let raw = rng.bytes(decoded_len_max(len) - (len / 4) % 3);
        let mut text = vec![0; len];
        scalar::encode_at(&raw, &mut text, 0, 0);
        for pos in 0..len {
            for &byte in &invalid {
                let offset = (pos + usize::from(byte)) % 64;
                let src = buf.slice_mut(offset, len);
                src.copy_from_slice(&text);
                src[pos] = byte;
                check.check(src, dst_offset(offset, len), &|| {
                    format!("byte {byte:#04x} at {pos}")
                })?;
            }
        }
    }
    Ok(())
}

/// Every ending of up to five bytes over characters that matter to padding (`A` and `Q`: zero
/// and non-zero spare bits; `B`, `/`; `=`; an invalid ASCII byte and one above 0x7F) after
/// valid prefixes whose lengths put the ending at every place of a 16-, 32- and 64-byte block.
fn endings(check: &mut DecodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const CHARS: [u8; 8] = [b'A', b'Q', b'B', b'g', b'/', b'=', b'!', 0xC1];
    const PREFIXES: [usize; 12] = [0, 4, 12, 28, 32, 44, 60, 64, 92, 124, 128, 188];
    let mut buf = AlignedBytes::new(PREFIXES[11] + 5);
    for (i, prefix) in PREFIXES.into_iter().enumerate() {
        for k in 0..=5u32 {
            for code in 0..CHARS.len().pow(k) {
                let len = prefix + k as usize;
                let offset = (code + i) % 64;
                let src = buf.slice_mut(offset, len);
                src[..prefix].iter_mut().for_each(|b| *b = symbol(rng));
                let mut c = code;
                for b in &mut src[prefix..] {
                    *b = CHARS[c % CHARS.len()];
                    c /= CHARS.len();
                }
                check.check(src, dst_offset(offset, len), &|| {
                    format!("ending after {prefix}")
                })?;
            }
        }
    }
    Ok(())
}

/// Sources and destinations flush against an inaccessible page: an over-read or over-write
/// faults.
#[cfg(all(feature = "std", unix))]
fn encode_page_edges(run: EncodeRun<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in 0..=SWEEP_MAX {
        let raw = rng.bytes(len);
        let mut expected = vec![0; encoded_len(len)];
        scalar::encode_at(&raw, &mut expected, 0, 0);
        for at_end in [true, false] {
            let edge = |n| {
                if at_end {
                    Guarded::at_end(n)
                } else {
                    Guarded::at_start(n)
                }
            };
            let mut src = edge(len);
            src.bytes_mut().copy_from_slice(&raw);
            let mut dst = edge(expected.len());
            run(src.bytes(), dst.bytes_mut());
            expect_eq(&expected[..], dst.bytes(), || {
                format!(
                    "len {len}, at a page {}",
                    if at_end { "end" } else { "start" }
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(all(feature = "std", unix))]
fn decode_page_edges(run: DecodeRun<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in 0..=SWEEP_MAX {
        for at_end in [true, false] {
            let edge = |n| {
                if at_end {
                    Guarded::at_end(n)
                } else {
                    Guarded::at_start(n)
                }
            };
            let mut src = edge(len);
            let text = src.bytes_mut();
            let raw = rng.bytes(decoded_len_max(len) - (len / 4) % 3);
            scalar::encode_at(&raw, &mut text[..encoded_len(raw.len())], 0, 0);
            text[encoded_len(raw.len())..].fill(b'A');
            if len % 7 == 3 {
                text[len / 2] = b'*';
            }
            let mut expected = vec![0; decoded_len_max(len)];
            let want = scalar::decode_at(text, &mut expected, 0, 0);
            let mut dst = edge(decoded_len_max(len));
            let got = run(src.bytes(), dst.bytes_mut());
            let side = if at_end { "end" } else { "start" };
            expect_eq(want, got, || format!("text len {len}, at a page {side}"))?;
            if let Ok(n) = got {
                expect_eq(&expected[..n], &dst.bytes()[..n], || {
                    format!("text len {len}, at a page {side}, bytes")
                })?;
            }
        }
    }
    Ok(())
}

/// Seeded random inputs up to 1 MiB at random misalignments.
fn encode_large(check: &mut EncodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(LARGE_MAX);
    for round in 0..8 {
        let len = if round == 0 {
            LARGE_MAX
        } else {
            rng.below(LARGE_MAX + 1)
        };
        let offset = rng.below(64);
        let src = buf.slice_mut(offset, len);
        rng.fill(src);
        check.check(src, rng.below(64), &|| format!("random round {round}"))?;
    }
    Ok(())
}

/// Round trips of seeded random data up to 1 MiB, then the same texts with one invalid byte far
/// inside, near the end, or a padding error at the end.
fn decode_large(check: &mut DecodeCheck<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(encoded_len(LARGE_MAX));
    for round in 0..8 {
        let raw_len = if round == 0 {
            LARGE_MAX
        } else {
            rng.below(LARGE_MAX + 1)
        };
        let raw = rng.bytes(raw_len);
        let len = encoded_len(raw_len);
        let offset = rng.below(64);
        let src = buf.slice_mut(offset, len);
        scalar::encode_at(&raw, src, 0, 0);
        let dst = rng.below(64);
        check.check_against(src, dst, Ok(raw_len), &|| format!("random round {round}"))?;
        expect_eq(true, check.out.data(dst, raw_len) == &raw[..], || {
            format!("random round {round}, bytes")
        })?;
        if len == 0 {
            continue;
        }
        let src = buf.slice_mut(offset, len);
        let at = match round % 3 {
            0 => rng.below(len),
            1 => len - 1 - rng.below(len.min(100)),
            _ => len - 1,
        };
        let kept = src[at];
        src[at] = if round % 2 == 0 { b'=' } else { 0x80 | kept };
        check.check(src, dst, &|| {
            format!("random round {round}, byte at {at} spoilt")
        })?;
        src[at] = kept;
    }
    Ok(())
}
