//! The shared verification harness of `compression.lz4_decompress`, against the scalar
//! reference, result for result and byte for byte: blocks of every kind of data at every size
//! up to a sweep limit and large ones, compressed by the greedy compressor of [`blocks`] and (with
//! `std`) by `lz4_flex`; hand-built blocks with every short match offset and length, the
//! longest offset, and lengths at each extension-byte boundary; destinations exactly the output's
//! size, larger and one byte short; every truncation of valid blocks; malformed blocks of each
//! kind; random corruption; and blocks and destinations flush against inaccessible pages.

use alloc::format;

use super::blocks::{self, BlockWriter};
use super::*;
use crate::harness::expect_eq;

type Run<'a> = &'a dyn Fn(&[u8], &mut [u8]) -> Result<usize, DecompressError>;

/// Sizes swept in full up to this.
const SWEEP_MAX: usize = 300;
/// Bytes of slack after a destination, checked to stay untouched.
const SLACK: usize = 64;
/// What the slack holds.
const CANARY: u8 = 0xA5;

/// The kinds of data, the bench's and adversarial ones.
const DATA: [(&str, Fill); 6] = [
    KINDS[0],
    KINDS[1],
    KINDS[2],
    ("zeros", |_, buf| buf.fill(0)),
    ("short periods", |rng, buf| {
        // Runs of a pattern of 1 to 20 bytes: matches closer than a vector, overlapping.
        let mut i = 0;
        while i < buf.len() {
            let period = 1 + rng.below(20);
            let pattern: alloc::vec::Vec<u8> = (0..period).map(|_| rng.below(256) as u8).collect();
            let run = (rng.below(200) + 1).min(buf.len() - i);
            for k in 0..run {
                buf[i + k] = pattern[k % period];
            }
            i += run;
        }
    }),
    ("few distinct bytes", |rng, buf| {
        for b in buf.iter_mut() {
            *b = b"ab"[rng.below(2)];
        }
    }),
];

/// Runs the variant on `src` into `dst_len` bytes (with canaries after them) at misalignment
/// `offset`, against the reference.
fn check(
    run: Run<'_>,
    src: &[u8],
    dst_len: usize,
    offset: usize,
    what: &str,
) -> Result<(), Mismatch> {
    let case = || {
        format!(
            "a block of {} bytes at offset {} into {dst_len} bytes at offset {offset} ({what})",
            src.len(),
            src.as_ptr() as usize % 64
        )
    };
    let mut want = vec![0; dst_len];
    let expected = scalar::decompress(src, &mut want);
    let mut buf = AlignedBytes::new(offset + dst_len + SLACK);
    buf.slice_at_mut(0, offset + dst_len + SLACK).fill(CANARY);
    let got = run(src, buf.slice_mut(offset, dst_len));
    expect_eq(expected, got, case)?;
    if let Ok(n) = expected {
        expect_eq(&want[..n], buf.slice(offset, n), case)?;
    }
    let around = buf.slice_at(0, offset + dst_len + SLACK);
    let intact = around[..offset]
        .iter()
        .chain(&around[offset + dst_len..])
        .all(|&b| b == CANARY);
    expect_eq(true, intact, || {
        format!("{}: the bytes around the output untouched", case())
    })
}

/// A valid block for `data`, checked into destinations of its exact size, larger and one short.
fn check_block(
    run: Run<'_>,
    block: &[u8],
    size: usize,
    what: &str,
    rng: &mut Rng,
) -> Result<(), Mismatch> {
    let offset = rng.below(64);
    let mut placed = AlignedBytes::new(offset + block.len());
    placed.slice_mut(offset, block.len()).copy_from_slice(block);
    let src = placed.slice(offset, block.len());
    check(run, src, size, rng.below(64), what)?;
    check(
        run,
        src,
        size + 1 + rng.below(40),
        rng.below(64),
        &format!("{what}, larger output"),
    )?;
    if size > 0 {
        check(
            run,
            src,
            size - 1,
            rng.below(64),
            &format!("{what}, output one byte short"),
        )?;
    }
    Ok(())
}

/// The variant on the user's `data` as the bench reads it: compressed as one block, which the
/// reference decompresses back to `data`, then the variant into destinations of its exact size,
/// larger and one byte short, at an aligned and a misaligned start.
pub(super) fn verify_input(run: Run<'_>, data: &[u8]) -> Result<(), Mismatch> {
    let block = compress(data);
    let mut back = vec![0; data.len()];
    let case = || format!("your file of {} bytes, compressed by lz4_flex", data.len());
    expect_eq(Ok(data.len()), scalar::decompress(&block, &mut back), case)?;
    expect_eq(data, &back[..], case)?;
    for offset in [0, 5] {
        let mut placed = AlignedBytes::new(offset + block.len());
        placed
            .slice_mut(offset, block.len())
            .copy_from_slice(&block);
        let src = placed.slice(offset, block.len());
        check(run, src, data.len(), offset, "your file")?;
        check(run, src, data.len() + 7, offset, "your file, larger output")?;
        if !data.is_empty() {
            check(
                run,
                src,
                data.len() - 1,
                0,
                "your file, output one byte short",
            )?;
        }
    }
    Ok(())
}

pub(super) fn verify(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x1242_0001);
    for (what, fill) in DATA {
        for size in (0..=SWEEP_MAX).chain([4 << 10, 64 << 10, (1 << 20) - 3]) {
            let mut data = vec![0; size];
            fill(&mut rng, &mut data);
            let own = blocks::compress(&data);
            check_block(run, &own, size, &format!("{what}, greedy"), &mut rng)?;
            #[cfg(feature = "std")]
            check_block(
                run,
                &external::compress(&data),
                size,
                &format!("{what}, lz4_flex"),
                &mut rng,
            )?;
            if size <= SWEEP_MAX && size % 7 == 0 {
                // Every truncation of the block.
                for cut in 0..own.len() {
                    check(
                        run,
                        &own[..cut],
                        size,
                        size % 64,
                        &format!("{what}, cut at {cut}"),
                    )?;
                }
            }
        }
    }
    handmade(run, &mut rng)?;
    malformed(run, &mut rng)?;
    corrupted(run, &mut rng)?;
    page_edges(run, &mut rng)
}

/// Blocks built sequence by sequence: every offset below 40 with every match length up to 80
/// after literals of each length up to 20; the longest offset; literal and match lengths at
/// each extension boundary.
fn handmade(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for offset in 1..40u16 {
        for len in 4..=80 {
            let n = offset as usize + rng.below(20);
            let lead = rng.bytes(n);
            let mut w = BlockWriter::new();
            w.sequence(&lead, offset, len);
            let n = rng.below(6);
            let block = w.finish(&rng.bytes(n));
            let size = scalar::decompress(&block, &mut vec![0; 1 << 10]).expect("a valid block");
            let what = format!("a match of {len} at offset {offset}");
            check(run, &block, size, len % 64, &what)?;
            check(run, &block, size + 40, len % 64, &what)?;
        }
    }
    let mut w = BlockWriter::new();
    w.sequence(&rng.bytes(65_535), 65_535, 100);
    w.sequence(&[], 65_535, 70_000);
    let block = w.finish(b"end");
    check(
        run,
        &block,
        65_535 + 100 + 70_000 + 3,
        0,
        "matches at the longest offset",
    )?;
    for n in [
        14, 15, 16, 17, 18, 19, 20, 269, 270, 271, 273, 274, 275, 524, 525, 1000,
    ] {
        let mut w = BlockWriter::new();
        w.sequence(&rng.bytes(n), 1 + rng.below(n) as u16, n);
        w.sequence(&rng.bytes(3), 3, n + 4);
        let block = w.finish(&rng.bytes(n));
        let size = 3 * n + 3 + n + 4;
        check(
            run,
            &block,
            size,
            n % 64,
            &format!("lengths of {n} and {}", n + 4),
        )?;
    }
    Ok(())
}

/// Blocks that are not: offsets of zero and past the start, runs past the end, a block ending
/// after a match, extension bytes that run out or add up to more than any input.
fn malformed(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let lit = rng.bytes(40);
    let mut blocks: alloc::vec::Vec<(&str, alloc::vec::Vec<u8>)> = vec![
        ("empty", vec![]),
        ("offset zero", vec![0x14, lit[0], 0, 0, 0x10, b'!']),
        (
            "offset one past the start",
            vec![0x24, lit[0], lit[1], 3, 0, 0x10, b'!'],
        ),
        (
            "a match and no last literals",
            vec![0x24, lit[0], lit[1], 1, 0],
        ),
        ("a literal run past the end", vec![0x90, lit[0], lit[1]]),
        ("a length whose bytes run out", vec![0xF0, 255, 255]),
        ("half an offset", vec![0x10, lit[0], 1]),
    ];
    let mut long = vec![0xF0];
    long.extend(core::iter::repeat_n(255, 5000));
    long.push(0);
    blocks.push(("a literal run of 255s longer than the block", long));
    let mut w = BlockWriter::new();
    w.sequence(&lit, 41, 8);
    blocks.push((
        "an offset before the start after 40 literals",
        w.finish(b"!"),
    ));
    for (what, block) in &blocks {
        for dst_len in [0, 16, 100, 4096] {
            check(run, block, dst_len, dst_len % 64, what)?;
        }
    }
    Ok(())
}

/// Valid blocks with a few bytes changed and cut at a random length, and random bytes.
fn corrupted(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for round in 0..3000 {
        let size = rng.below(2000);
        let (what, fill) = DATA[round % DATA.len()];
        let mut data = vec![0; size];
        fill(rng, &mut data);
        let mut block = blocks::compress(&data);
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(block.len());
            block[i] = match rng.below(3) {
                0 => rng.below(256) as u8,
                1 => block[i] ^ (1 << rng.below(8)),
                _ => 0xFF,
            };
        }
        if rng.below(3) == 0 {
            block.truncate(rng.below(block.len() + 1));
        }
        let dst_len = size + rng.below(3) * rng.below(40);
        check(
            run,
            &block,
            dst_len,
            rng.below(64),
            &format!("{what}, corrupted (round {round})"),
        )?;
        let n = rng.below(100);
        let random = rng.bytes(n);
        check(
            run,
            &random,
            rng.below(500),
            0,
            &format!("random bytes (round {round})"),
        )?;
    }
    Ok(())
}

/// Blocks flush against an inaccessible page at either end, whole and cut, into destinations of
/// exactly their size flush against one at the end (a wild copy past it faults).
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for size in (0..=SWEEP_MAX).step_by(3).chain([5000]) {
        for (what, fill) in DATA {
            let mut data = vec![0; size];
            fill(rng, &mut data);
            let block = blocks::compress(&data);
            for len in [block.len(), block.len() / 2] {
                for mut page in [Guarded::at_end(len), Guarded::at_start(len)] {
                    page.bytes_mut().copy_from_slice(&block[..len]);
                    let what = format!("{what}, {len} of {} bytes at a page edge", block.len());
                    check(run, page.bytes(), size, size % 64, &what)?;
                }
            }
            let mut out = Guarded::at_end(size);
            let got = run(&block, out.bytes_mut());
            let case = || format!("{size} bytes of {what} into an output flush against a page end");
            expect_eq(Ok(size), got, case)?;
            expect_eq(&data[..], out.bytes(), case)?;
        }
    }
    Ok(())
}

#[cfg(not(all(feature = "std", unix)))]
fn page_edges(_: Run<'_>, _: &mut Rng) -> Result<(), Mismatch> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_harness_catches_a_decoder_that_accepts_offset_zero() {
        let wrong = |src: &[u8], dst: &mut [u8]| {
            if src.len() == 6 && src[2..4] == [0, 0] {
                return Ok(0);
            }
            scalar::decompress(src, dst)
        };
        assert!(verify(&wrong).is_err());
    }

    #[test]
    fn the_harness_catches_a_wrong_overlapping_copy() {
        let wrong = |src: &[u8], dst: &mut [u8]| {
            let r = scalar::decompress(src, dst);
            // As if a match at offset 3 copied its bytes in the wrong phase.
            if let (Ok(n), Some(&[0x33, ..])) = (r, src.get(..1)) {
                dst[..n].rotate_left(1);
            }
            r
        };
        assert!(verify(&wrong).is_err());
    }
}
