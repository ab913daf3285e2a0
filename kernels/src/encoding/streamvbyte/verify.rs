//! The shared verification harness of `encoding.streamvbyte_encode` and
//! `encoding.streamvbyte_decode`, against the scalar reference: every count up to a sweep limit
//! for every kind of values, at every misalignment of the input and the output; values at every
//! length boundary; page-end inputs and outputs; large random inputs; and, for decoding, every
//! truncation, codes past the count, trailing bytes and random corruption of valid encodings,
//! with canaries around every output.

use alloc::format;

use super::*;
use crate::harness::expect_eq;

type EncodeRun<'a> = &'a dyn Fn(&[u32], &mut [u8]) -> Result<usize, DstTooShort>;
type DecodeRun<'a> = &'a dyn Fn(&[u8], &mut [u32]) -> Result<usize, DecodeError>;

/// Counts swept at every misalignment up to this.
const SWEEP_MAX: usize = 80;
/// Large inputs go up to this many values.
const LARGE_MAX: usize = 1 << 16;
/// Values of slack after an output, checked to stay untouched.
const SLACK: usize = 64;
/// What the slack holds.
const CANARY: u8 = 0xA5;

/// Every kind of values the harness draws: the bench's kinds, then adversarial ones.
const DRAWS: [(&str, Draw); 8] = [
    KINDS[0],
    KINDS[1],
    ("random bits", |rng| rng.next_u64() as u32),
    ("zeros", |_| 0),
    ("u32::MAX", |_| u32::MAX),
    ("length boundaries", |rng| {
        const EDGES: [u32; 8] = [255, 256, 65_535, 65_536, (1 << 24) - 1, 1 << 24, 1, 0];
        EDGES[rng.below(EDGES.len())]
    }),
    ("1 or 4 bytes", |rng| {
        of_length(if rng.below(2) == 0 { 1 } else { 4 }, rng)
    }),
    ("mostly 4-byte", |rng| {
        of_length(if rng.below(8) == 0 { 1 } else { 4 }, rng)
    }),
];

fn values_of(draw: Draw, n: usize, rng: &mut Rng) -> Vec<u32> {
    (0..n).map(|_| draw(rng)).collect()
}

/// The reference's encoding of `values`, exactly as long as it is.
fn reference_encoding(values: &[u32]) -> Vec<u8> {
    let mut out = vec![0; max_encoded_len(values.len())];
    let n = scalar::encode(values, &mut out);
    out.truncate(n);
    out
}

/// Runs the encoder on `values` into a destination of exactly the room it needs at byte
/// misalignment `offset`, with canaries after it, and with one byte less.
fn check_encode(
    run: EncodeRun<'_>,
    values: &[u32],
    offset: usize,
    what: &str,
) -> Result<(), Mismatch> {
    let n = values.len();
    let case = || format!("{n} values ({what}), output at offset {offset}");
    let want = reference_encoding(values);
    let room = max_encoded_len(n);
    let mut buf = AlignedBytes::new(offset + room + SLACK);
    buf.slice_at_mut(0, offset + room + SLACK).fill(CANARY);
    let got = run(values, buf.slice_mut(offset, room));
    expect_eq(Ok(want.len()), got, case)?;
    expect_eq(&want[..], buf.slice(offset, want.len()), case)?;
    let around = buf.slice_at(0, offset + room + SLACK);
    let untouched = around[..offset]
        .iter()
        .chain(&around[offset + room..])
        .all(|&b| b == CANARY);
    expect_eq(true, untouched, || {
        format!("{}: the bytes around the output untouched", case())
    })?;
    if room > 0 {
        let short = buf.slice_mut(offset, room - 1);
        short.fill(CANARY);
        expect_eq(Err(DstTooShort { needed: room }), run(values, short), case)?;
        let untouched = buf.slice(offset, room - 1).iter().all(|&b| b == CANARY);
        expect_eq(true, untouched, || {
            format!("{}: a short output untouched", case())
        })?;
    }
    Ok(())
}

/// Runs the decoder on `src` for `n` values into a destination with canaries after it, against
/// the reference.
fn check_decode(run: DecodeRun<'_>, src: &[u8], n: usize, what: &str) -> Result<(), Mismatch> {
    let case = || {
        format!(
            "{n} values from {} bytes at offset {} ({what})",
            src.len(),
            src.as_ptr() as usize % 64
        )
    };
    let mut want = vec![0; n];
    let expected = scalar::decode(src, &mut want);
    let mut got = vec![u32::from_ne_bytes([CANARY; 4]); n + SLACK];
    let result = run(src, &mut got[..n]);
    expect_eq(expected, result, case)?;
    if expected.is_ok() {
        expect_eq(&want[..], &got[..n], case)?;
    }
    let untouched = got[n..]
        .iter()
        .all(|&v| v == u32::from_ne_bytes([CANARY; 4]));
    expect_eq(true, untouched, || {
        format!("{}: the values after the output untouched", case())
    })
}

/// `len` bytes of a guarded page as `u32`s.
#[cfg(all(feature = "std", unix))]
fn as_u32s(bytes: &mut [u8]) -> &mut [u32] {
    // SAFETY: every bit pattern is a valid u32; `align_to_mut` returns only the aligned middle.
    let (head, middle, tail) = unsafe { bytes.align_to_mut::<u32>() };
    assert!(
        head.is_empty() && tail.is_empty(),
        "a page edge is 4-aligned"
    );
    middle
}

pub(super) fn encode(run: EncodeRun<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x5742_0001);
    for (what, draw) in DRAWS {
        for n in 0..=SWEEP_MAX {
            let values = values_of(draw, n, &mut rng);
            let offsets: &[usize] = if n < 20 {
                &[0, 1, 2, 3, 7, 15, 31, 33, 63]
            } else {
                &[n % 64]
            };
            for &offset in offsets {
                check_encode(run, &values, offset, what)?;
            }
        }
    }
    // Inputs not 4-aligned in their buffer's cache line, and values flush against a page end
    // (a vector load past the last value faults), the output too.
    for n in 0..=SWEEP_MAX {
        let values = values_of(KINDS[0].1, n + 8, &mut rng);
        for skip in 1..8 {
            check_encode(
                run,
                &values[skip..skip + n],
                n % 64,
                "the values slice starting mid-line",
            )?;
        }
        #[cfg(all(feature = "std", unix))]
        {
            use crate::harness::Guarded;
            let mut page = Guarded::at_end(4 * n);
            let at_end = as_u32s(page.bytes_mut());
            at_end.copy_from_slice(&values[..n]);
            let want = reference_encoding(at_end);
            let mut out = Guarded::at_end(max_encoded_len(n));
            let got = run(at_end, out.bytes_mut());
            let case = || format!("{n} values and the output each flush against a page end");
            expect_eq(Ok(want.len()), got, case)?;
            expect_eq(&want[..], &out.bytes()[..want.len()], case)?;
        }
    }
    // Large inputs of every kind.
    for (what, draw) in DRAWS {
        let n = LARGE_MAX - rng.below(64);
        check_encode(run, &values_of(draw, n, &mut rng), rng.below(64), what)?;
    }
    Ok(())
}

/// The encoder on the user's `data` read as little-endian `u32`s: from the start of a vector
/// into a 64-byte-aligned output, and from 4 bytes further into an output 5 bytes past one.
pub(super) fn encode_input(run: EncodeRun<'_>, data: &[u8]) -> Result<(), Mismatch> {
    let mut values = crate::workload::u32s_le(data);
    check_encode(run, &values, 0, "your file")?;
    values.insert(0, 0);
    check_encode(run, &values[1..], 5, "your file")
}

/// The decoder on the encoding of the user's `data` read as little-endian `u32`s, at a
/// 64-byte-aligned start and 3 bytes past one.
pub(super) fn decode_input(run: DecodeRun<'_>, data: &[u8]) -> Result<(), Mismatch> {
    let values = crate::workload::u32s_le(data);
    let encoded = reference_encoding(&values);
    let mut at = Placed(AlignedBytes::new(encoded.len() + 64));
    for offset in [0, 3] {
        check_decode(run, at.at(&encoded, offset), values.len(), "your file")?;
    }
    Ok(())
}

/// One buffer that inputs are copied into at a chosen misalignment.
struct Placed(AlignedBytes);

impl Placed {
    /// `bytes`, copied to `offset` bytes past a 64-byte boundary.
    fn at(&mut self, bytes: &[u8], offset: usize) -> &[u8] {
        self.0.slice_mut(offset, bytes.len()).copy_from_slice(bytes);
        self.0.slice(offset, bytes.len())
    }
}

pub(super) fn decode(run: DecodeRun<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x5742_0002);
    let mut at = Placed(AlignedBytes::new(max_encoded_len(LARGE_MAX) + 2 * 64));
    for (what, draw) in DRAWS {
        for n in 0..=SWEEP_MAX {
            let encoded = reference_encoding(&values_of(draw, n, &mut rng));
            let offsets: &[usize] = if n < 20 {
                &[0, 1, 2, 3, 7, 15, 31, 33, 63]
            } else {
                &[n % 64]
            };
            for &offset in offsets {
                check_decode(run, at.at(&encoded, offset), n, what)?;
            }
            // Every truncation, and bytes after the encoding (not part of it).
            for cut in 0..encoded.len() {
                check_decode(
                    run,
                    at.at(&encoded[..cut], n % 64),
                    n,
                    &format!("{what}, cut at {cut}"),
                )?;
            }
            let mut longer = encoded.clone();
            longer.extend((0..40).map(|_| rng.below(256) as u8));
            check_decode(
                run,
                at.at(&longer, n % 64),
                n,
                &format!("{what}, 40 bytes after it"),
            )?;
            // Decoding fewer values than were encoded, the last control byte then coding more.
            for fewer in n.saturating_sub(5)..n {
                check_decode(
                    run,
                    at.at(&encoded, 0),
                    fewer,
                    &format!("{what}, read as {fewer}"),
                )?;
            }
        }
    }
    // Codes past the count in the last control byte, each on its own.
    for n in (1..=SWEEP_MAX).filter(|n| n % 4 != 0) {
        let mut encoded = reference_encoding(&values_of(KINDS[1].1, n, &mut rng));
        encoded.extend([0; 12]);
        for bit in 2 * (n % 4)..8 {
            let mut bad = encoded.clone();
            bad[control_len(n) - 1] |= 1 << bit;
            check_decode(
                run,
                at.at(&bad, 5),
                n,
                &format!("code bit {bit} past the count"),
            )?;
        }
    }
    corrupted(run, &mut rng, &mut at)?;
    page_edges(run, &mut rng)?;
    // Large inputs of every kind, whole and cut short.
    for (what, draw) in DRAWS {
        let n = LARGE_MAX - rng.below(64);
        let encoded = reference_encoding(&values_of(draw, n, &mut rng));
        let offset = rng.below(64);
        check_decode(run, at.at(&encoded, offset), n, what)?;
        let cut = encoded.len() - 1 - rng.below(100);
        check_decode(
            run,
            at.at(&encoded[..cut], offset),
            n,
            &format!("{what}, cut short"),
        )?;
    }
    Ok(())
}

/// Valid encodings with random bytes changed, whole and cut at a random length: each must give
/// the reference's values or its error.
fn corrupted(run: DecodeRun<'_>, rng: &mut Rng, at: &mut Placed) -> Result<(), Mismatch> {
    for round in 0..2000 {
        let n = rng.below(200);
        let (what, draw) = DRAWS[round % DRAWS.len()];
        let mut encoded = reference_encoding(&values_of(draw, n, rng));
        for _ in 0..1 + rng.below(4) {
            if encoded.is_empty() {
                break;
            }
            // Mostly control bytes, which change the lengths.
            let i = if rng.below(2) == 0 {
                rng.below(control_len(n).max(1)).min(encoded.len() - 1)
            } else {
                rng.below(encoded.len())
            };
            encoded[i] = rng.below(256) as u8;
        }
        let cut = if rng.below(2) == 0 {
            encoded.len()
        } else {
            rng.below(encoded.len() + 1)
        };
        let what = format!("{what}, corrupted (round {round})");
        check_decode(run, at.at(&encoded[..cut], rng.below(64)), n, &what)?;
    }
    Ok(())
}

/// Encodings flush against an inaccessible page at their end and their start, whole and
/// truncated (a vector load past the input faults), with the output flush against one too.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: DecodeRun<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for n in 0..=SWEEP_MAX {
        for (what, draw) in [DRAWS[0], DRAWS[1], DRAWS[4]] {
            let encoded = reference_encoding(&values_of(draw, n, rng));
            for len in [
                encoded.len(),
                encoded.len().saturating_sub(1),
                encoded.len() / 2,
            ] {
                for mut page in [Guarded::at_end(len), Guarded::at_start(len)] {
                    page.bytes_mut().copy_from_slice(&encoded[..len]);
                    let what = format!("{what}, {len} of {} bytes at a page edge", encoded.len());
                    check_decode(run, page.bytes(), n, &what)?;
                }
            }
            let mut out = Guarded::at_end(4 * n);
            let mut want = vec![0; n];
            let expected = scalar::decode(&encoded, &mut want);
            let got = run(&encoded, as_u32s(out.bytes_mut()));
            let case = || format!("{n} values ({what}) into an output flush against a page end");
            expect_eq(expected, got, case)?;
            expect_eq(&want[..], as_u32s(out.bytes_mut()), case)?;
        }
    }
    Ok(())
}

#[cfg(not(all(feature = "std", unix)))]
fn page_edges(_: DecodeRun<'_>, _: &mut Rng) -> Result<(), Mismatch> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_harness_catches_a_decoder_that_misreads_the_last_quad() {
        let wrong = |src: &[u8], dst: &mut [u32]| {
            let r = scalar::decode(src, dst);
            if dst.len() % 4 == 3 {
                dst[dst.len() - 1] ^= 1;
            }
            r
        };
        assert!(decode(&wrong).is_err());
    }

    #[test]
    fn the_harness_catches_an_encoder_that_drops_the_last_byte() {
        let wrong = |values: &[u32], dst: &mut [u8]| {
            let n = scalar::encode(values, dst);
            if values.len() == 37 {
                n - 1
            } else {
                n
            }
        };
        // SAFETY: the scalar reference runs everywhere, with the room `encode_checked` checks.
        assert!(encode(&|v, d| unsafe { encode_checked(wrong, v, d) }).is_err());
    }

    #[test]
    fn the_harness_catches_an_error_reported_differently() {
        let wrong = |src: &[u8], dst: &mut [u32]| match scalar::decode(src, dst) {
            Err(DecodeError::Padding) => Err(DecodeError::Truncated { needed: 0 }),
            other => other,
        };
        assert!(decode(&wrong).is_err());
    }
}
