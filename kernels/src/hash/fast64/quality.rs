//! The quality tests of `hash.fast64`, which its verifier runs on every variant in place of a
//! comparison with the reference (its contract is [`Contract::Quality`](crate::registry::Contract)):
//!
//! - **avalanche**: over [`KEYS`] random keys of each length in [`AVALANCHE_LENGTHS`], flipping
//!   one input bit flips each output bit with a frequency in [0.45, 0.55] (every input bit up to
//!   16 bytes; past that the first and last 8 bytes' and 64 more drawn at random);
//! - **no collisions** among the 64-bit hashes of a million sequential integers (as 8-byte
//!   little-endian keys), of sparse keys (every key of 8 to 128 bytes with one or two bits set,
//!   and all-zero keys of every length to 256), and of short strings (the decimal numbers below
//!   a million);
//! - **the seed matters**: flipping any one bit of the seed changes the hash of every test key;
//! - **one hash per key**: the same bytes give the same hash at every alignment and flush
//!   against an inaccessible page (so an over-read faults).
//!
//! With 4000 keys a frequency's standard deviation is at most 0.0079, and 0.05 is 6.3 of them:
//! a perfectly random hash fails one of the about 250 000 (length, input bit, output bit) cells
//! with probability below 10⁻⁴. The keys come from a fixed seed, so a variant passes or fails
//! the same way every time.

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use crate::harness::{AlignedBytes, Rng};
use crate::workload::Mismatch;

/// A variant as the tests call it: the hash of some bytes with a seed.
pub type Run<'a> = &'a dyn Fn(&[u8], u64) -> u64;

/// Random keys per length in the avalanche test.
pub const KEYS: usize = 4000;

/// Flip frequencies outside `[LOW, HIGH]` fail the avalanche test.
pub const LOW: f64 = 0.45;
/// See [`LOW`].
pub const HIGH: f64 = 0.55;

/// Key lengths of the avalanche test: every short-input path and the boundaries of the usual
/// block sizes (16, 48, 64, 112, 240 bytes).
pub const AVALANCHE_LENGTHS: &[usize] = &[
    1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 48, 49, 63, 64, 65, 96, 112, 113, 128,
    240, 241, 256, 1024,
];

/// Every quality test, in the order of the module documentation; the first failure.
pub fn check(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x6661_7374_3634);
    one_hash_per_key(run, &mut rng)?;
    avalanche(run, &mut rng)?;
    sequential_integers(run)?;
    sparse_keys(run)?;
    short_strings(run)?;
    seed_matters(run, &mut rng)
}

fn failure(case: impl ToString, expected: impl ToString, got: impl ToString) -> Mismatch {
    Mismatch {
        case: case.to_string(),
        expected: expected.to_string(),
        got: got.to_string(),
    }
}

/// The avalanche test at every length of [`AVALANCHE_LENGTHS`].
pub fn avalanche(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for &len in AVALANCHE_LENGTHS {
        let bits = input_bits(len, rng);
        // flips[i][j]: how often flipping input bit bits[i] flipped output bit j.
        let mut flips = alloc::vec![[0u32; 64]; bits.len()];
        let mut key = alloc::vec![0u8; len];
        for _ in 0..KEYS {
            rng.fill(&mut key);
            let seed = rng.next_u64();
            let base = run(&key, seed);
            for (i, &bit) in bits.iter().enumerate() {
                key[bit / 8] ^= 1 << (bit % 8);
                let diff = base ^ run(&key, seed);
                key[bit / 8] ^= 1 << (bit % 8);
                for (j, count) in flips[i].iter_mut().enumerate() {
                    *count += ((diff >> j) & 1) as u32;
                }
            }
        }
        for (i, row) in flips.iter().enumerate() {
            for (j, &count) in row.iter().enumerate() {
                let p = f64::from(count) / KEYS as f64;
                if !(LOW..=HIGH).contains(&p) {
                    return Err(failure(
                        format!(
                            "avalanche, {len}-byte keys: input bit {} to output bit {j}",
                            bits[i]
                        ),
                        format!("a flip frequency in [{LOW}, {HIGH}] over {KEYS} keys"),
                        format!("{p:.4}"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The input bits the avalanche test flips in a `len`-byte key.
fn input_bits(len: usize, rng: &mut Rng) -> Vec<usize> {
    let total = 8 * len;
    if len <= 16 {
        return (0..total).collect();
    }
    let mut bits: Vec<usize> = (0..64).chain(total - 64..total).collect();
    bits.extend((0..64).map(|_| rng.below(total)));
    bits.sort_unstable();
    bits.dedup();
    bits
}

/// The first two keys of `keys` with one hash, if any.
fn collision<K: Clone>(mut hashed: Vec<(u64, K)>) -> Option<(K, K)> {
    hashed.sort_unstable_by_key(|h| h.0);
    hashed
        .windows(2)
        .find(|w| w[0].0 == w[1].0)
        .map(|w| (w[0].1.clone(), w[1].1.clone()))
}

/// A million sequential integers as 8-byte little-endian keys, seed 0.
pub fn sequential_integers(run: Run<'_>) -> Result<(), Mismatch> {
    let hashed = (0..1_000_000u64)
        .map(|i| (run(&i.to_le_bytes(), 0), i))
        .collect();
    match collision(hashed) {
        None => Ok(()),
        Some((a, b)) => Err(failure(
            "sequential integers 0..1000000 as 8-byte keys",
            "no two with one hash",
            format!("{a} and {b} collide"),
        )),
    }
}

/// Keys of 8 to 128 bytes with one or two bits set, and all-zero keys of every length to 256:
/// their hashes all differ.
pub fn sparse_keys(run: Run<'_>) -> Result<(), Mismatch> {
    let mut hashed = Vec::new();
    for len in 0..=256usize {
        hashed.push((run(&alloc::vec![0; len], 0), (len, None, None)));
    }
    for len in [8usize, 16, 32, 64, 128] {
        let mut key = alloc::vec![0u8; len];
        for a in 0..8 * len {
            key[a / 8] ^= 1 << (a % 8);
            hashed.push((run(&key, 0), (len, Some(a), None)));
            for b in a + 1..8 * len {
                key[b / 8] ^= 1 << (b % 8);
                hashed.push((run(&key, 0), (len, Some(a), Some(b))));
                key[b / 8] ^= 1 << (b % 8);
            }
            key[a / 8] ^= 1 << (a % 8);
        }
    }
    let keys = hashed.len();
    match collision(hashed) {
        None => Ok(()),
        Some((a, b)) => Err(failure(
            format!("{keys} sparse keys (length, bits set)"),
            "no two with one hash",
            format!("{a:?} and {b:?} collide"),
        )),
    }
}

/// The decimal numbers below a million as strings.
pub fn short_strings(run: Run<'_>) -> Result<(), Mismatch> {
    let hashed = (0..1_000_000u32)
        .map(|i| (run(format!("{i}").as_bytes(), 0), i))
        .collect();
    match collision(hashed) {
        None => Ok(()),
        Some((a, b)) => Err(failure(
            "the decimal strings \"0\" to \"999999\"",
            "no two with one hash",
            format!("\"{a}\" and \"{b}\" collide"),
        )),
    }
}

/// Flipping any bit of the seed changes the hash, for keys of several lengths.
pub fn seed_matters(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for len in [0, 1, 3, 8, 16, 17, 64, 113, 256, 1024] {
        let key = rng.bytes(len);
        for seed in [0, rng.next_u64()] {
            let base = run(&key, seed);
            for bit in 0..64 {
                if run(&key, seed ^ (1 << bit)) == base {
                    return Err(failure(
                        format!("a {len}-byte key, seed {seed:#x} and seed bit {bit} flipped"),
                        "a different hash",
                        format!("{base:#x} both times"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The same bytes hash alike at every alignment and flush against an inaccessible page.
pub fn one_hash_per_key(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let lengths = (0..=300).chain([511, 512, 1023, 1024, 1025, 4095, 4096, 4097, 65_537]);
    let mut buf = AlignedBytes::new(65_537 + 64);
    for len in lengths {
        let key = rng.bytes(len);
        let seed = rng.next_u64();
        let want = run(&key, seed);
        let check = |data: &[u8], place: &str| {
            let got = run(data, seed);
            match got == want {
                true => Ok(()),
                false => Err(failure(
                    format!("a {len}-byte key {place}"),
                    format!("{want:#x}, its hash elsewhere"),
                    format!("{got:#x}"),
                )),
            }
        };
        let offsets = if len <= 300 { 0..64 } else { 0..4 };
        for offset in offsets {
            let data = buf.slice_mut(offset, len);
            data.copy_from_slice(&key);
            check(data, &format!("at offset {offset}"))?;
        }
        #[cfg(all(feature = "std", unix))]
        for mut guarded in [
            crate::harness::Guarded::at_end(len),
            crate::harness::Guarded::at_start(len),
        ] {
            guarded.bytes_mut().copy_from_slice(&key);
            check(guarded.bytes(), "at a page edge")?;
        }
    }
    Ok(())
}
