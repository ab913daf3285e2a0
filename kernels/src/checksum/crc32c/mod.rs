//! `checksum.crc32c`: CRC-32C (Castagnoli), streaming.
//!
//! Spec: the iSCSI CRC (RFC 3720 §12.1 and its test vectors in B.4; RFC 3385): the polynomial
//! `0x1EDC6F41`, reflected (`0x82F63B78`), register initialised to and finally XOR-ed with
//! `0xFFFFFFFF`; check value `crc32c(b"123456789") == 0xE3069283`. Every variant is an *update*:
//! `f(crc, bytes)` takes the finished CRC of the data so far (0 for none) and returns the finished
//! CRC with `bytes` appended, so `f(f(0, a), b) == f(0, a ++ b)` (the `crc32c` crate's
//! `crc32c_append` contract).
//!
//! Variants: `table` (Sarwate's byte table, the reference), `slicing8` (Kounavis & Berry's
//! slicing-by-8), `sse42` (the `crc32` instruction in three streams recombined by shift tables,
//! after Intel's iSCSI paper), `pclmul` and `vpclmul` (carry-less folding over 128- and 512-bit
//! registers after Gopal et al., run beside `crc32` streams on long inputs, with constants
//! computed here at compile time), and `crate:crc32c`. The polynomial arithmetic behind every
//! constant is in [`poly`].

#[cfg(feature = "std")]
pub mod external;
pub mod poly;
pub mod slicing8;
pub mod table;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::fmt;

use crate::harness::{aligned_and_not, expect_eq, random_rounds, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

/// The check value of the CRC catalogue: the CRC-32C of `b"123456789"`.
pub const CHECK: u32 = 0xE306_9283;

crate::declare::ops! {

    /// `checksum.crc32c`.
    pub struct Crc32c {
        info: OpInfo {
            name: "checksum.crc32c",
            summary: "CRC-32C (Castagnoli) of bytes, appended to a running CRC",
            contract: Contract::Exact,
            reference: "table",
            spec: "RFC 3720 12.1 / B.4 iSCSI CRC-32C: reflected poly 0x82F63B78, init and xorout \
                   0xFFFFFFFF, check 0xE3069283",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // The finished CRC of the data so far (0 for none) and the next bytes in, the finished
        // CRC of all of it out.
        signature: fn(crc: u32, data: &[u8]) -> u32,
        prefer: ["vpclmul", "pclmul", "sse42", "slicing8"],
        variants: [
            "table" => table::crc32c { requires: [], origin: Own, safety: "safe code" },
            "slicing8" => slicing8::crc32c { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "sse42" => x86_64::sse42::crc32c {
                requires: [Sse42], origin: Own, safety: "the body needs exactly SSE4.2",
            },
            #[cfg(target_arch = "x86_64")]
            "pclmul" => x86_64::pclmul::crc32c {
                requires: [Pclmulqdq, Sse42],
                origin: Own,
                safety: "the body needs exactly PCLMULQDQ and SSE4.2",
            },
            #[cfg(target_arch = "x86_64")]
            "vpclmul" => x86_64::vpclmul::crc32c {
                requires: [Avx512f, Vpclmulqdq, Pclmulqdq, Sse42],
                origin: Own,
                safety: "the body needs exactly AVX-512F, VPCLMULQDQ, PCLMULQDQ and SSE4.2",
            },
            #[cfg(feature = "std")]
            "crate:crc32c" => external::crate_crc32c {
                requires: [],
                origin: Crate { name: "crc32c", version: "0.6.9" },
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: the CRC-32C of the data whose CRC is `crc`, followed by `data`.
        call(crc: u32, data: &[u8]) -> u32 { run: |f| f(crc, data) }
        entries: [
            /// The CRC-32C of the data so far (`crc`, 0 for none) followed by `data`:
            /// `crc32c_update(crc32c_update(0, a), b) == crc32c(a ++ b)`.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// let crc = arsenal::checksum::crc32c_update(0, b"12345");
            /// assert_eq!(arsenal::checksum::crc32c_update(crc, b"6789"), 0xE306_9283);
            /// ```
            fn crc32c_update | runtime_crc32c_update(crc: u32, data: &[u8]) -> u32 {
                size: data.len(),
                run: |f| f(crc, data),
            }
            /// The CRC-32C (Castagnoli) of `data` (dispatch as for [`crc32c_update`]).
            ///
            /// ```
            /// assert_eq!(arsenal::checksum::crc32c(b"123456789"), 0xE306_9283);
            /// ```
            fn crc32c | runtime_crc32c(data: &[u8]) -> u32 {
                size: data.len(),
                run: |f| f(0, data),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type CrcFn = <Crc32c as crate::registry::Op>::Fn;

impl Kernel for Crc32c {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes("checksums each file and window as it is, from CRC 0");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|crc, data| variant.call(crc, data))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |crc: u32, data: &[u8]| variant.call(crc, data);
        aligned_and_not(data, |d| check(&run, 0, d, &|| "the user's data".into()))
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(cases, source, Rng::fill, move |data| variant.call(0, data))
    }
}

type Run<'a> = &'a dyn Fn(u32, &[u8]) -> u32;

/// A CRC, shown in hex in mismatches.
#[derive(PartialEq, Eq)]
struct Hex(u32);

impl fmt::Debug for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010x}", self.0)
    }
}

/// Lengths up to this run at every misalignment…
const SWEEP_ALL_OFFSETS: usize = 600;
/// …and up to this at one misalignment each, rotating.
const SWEEP_MAX: usize = 2048;

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x0C5C_32C0);
    known_values(run)?;
    lengths(run, &mut rng)?;
    splits(run, &mut rng)?;
    medium(run, &mut rng)?;
    patterns(run, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    page_edges(run, &mut rng)?;
    large_random(run, &mut rng)
}

/// `run(crc, data)` against the reference.
fn check(run: Run<'_>, crc: u32, data: &[u8], what: &dyn Fn() -> String) -> Result<(), Mismatch> {
    expect_eq(Hex(table::update(crc, data)), Hex(run(crc, data)), || {
        format!(
            "len {}, offset {}, crc {crc:#010x}, {}",
            data.len(),
            data.as_ptr() as usize % 64,
            what()
        )
    })
}

/// The catalogue's check value and the iSCSI test vectors of RFC 3720 B.4, at every
/// misalignment: these pin the reference itself.
fn known_values(run: Run<'_>) -> Result<(), Mismatch> {
    let ascending: [u8; 32] = core::array::from_fn(|i| i as u8);
    let descending: [u8; 32] = core::array::from_fn(|i| 31 - i as u8);
    let vectors: [(&[u8], u32); 5] = [
        (b"123456789", CHECK),
        (&[0; 32], 0x8A91_36AA),
        (&[0xFF; 32], 0x62A8_AB43),
        (&ascending, 0x46DD_794E),
        (&descending, 0x113F_DB5C),
    ];
    for (data, expected) in vectors {
        for offset in crate::harness::OFFSETS {
            let buf = AlignedBytes::with_data(data, offset);
            let input = buf.slice(offset, data.len());
            expect_eq(Hex(expected), Hex(run(0, input)), || {
                format!("known value, len {}, offset {offset}", data.len())
            })?;
        }
    }
    Ok(())
}

/// Every length at every misalignment (then rotating), from no data and from a random CRC.
fn lengths(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    sweep(SWEEP_MAX, SWEEP_ALL_OFFSETS + 1, |offset, len| {
        let data = buf.slice_mut(offset, len);
        rng.fill(data);
        check(run, 0, data, &|| "sweep".into())?;
        check(run, rng.next_u64() as u32, data, &|| {
            "sweep, streaming".into()
        })
    })
}

/// Lengths past the sweep, where the x86_64 variants switch to folding beside `crc32` streams,
/// and lengths around whole blocks of those (256 steps of 152 or 376 bytes), at rotating
/// misalignments.
fn medium(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const BLOCKS: [usize; 2] = [256 * 152, 256 * 376];
    let around = BLOCKS
        .iter()
        .flat_map(|&b| [b, 2 * b])
        .flat_map(|n| (0..24).map(move |i| n - 400 + 37 * i));
    let lens: alloc::vec::Vec<usize> = (SWEEP_MAX..16 << 10).step_by(13).chain(around).collect();
    let mut buf = AlignedBytes::new(3 * BLOCKS[1]);
    for (i, len) in lens.into_iter().enumerate() {
        let data = buf.slice_mut(i % 64, len);
        rng.fill(data);
        check(run, rng.next_u64() as u32, data, &|| "medium".into())?;
    }
    Ok(())
}

/// Updating piece by piece equals one update over the whole: every cut of one input in two, and
/// random cuts in three of random inputs.
fn splits(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(1 << 15);
    let data = buf.slice_mut(0, 700);
    rng.fill(data);
    let whole = table::update(0, data);
    for cut in 0..=data.len() {
        let (a, b) = data.split_at(cut);
        expect_eq(Hex(whole), Hex(run(run(0, a), b)), || {
            format!("len 700 cut at {cut}")
        })?;
    }
    for round in 0..300 {
        let len = rng.below(if round % 10 == 0 { 1 << 15 } else { 3000 } - 64);
        let offset = rng.below(64);
        let data = buf.slice_mut(offset, len);
        rng.fill(data);
        let crc = rng.next_u64() as u32;
        let (i, j) = (rng.below(len + 1), rng.below(len + 1));
        let (i, j) = (i.min(j), i.max(j));
        let got = run(run(run(crc, &data[..i]), &data[i..j]), &data[j..]);
        expect_eq(Hex(table::update(crc, data)), Hex(got), || {
            format!("len {len}, offset {offset}, crc {crc:#010x}, cuts at {i} and {j}")
        })?;
    }
    Ok(())
}

/// Constant bytes (a zero register stays zero on zero data: the initial CRC `0xFFFFFFFF` makes
/// the register zero), and single bits set in zeros at every position.
fn patterns(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1 << 20;
    let mut buf = AlignedBytes::new(MAX);
    let lens = (0..=1100).chain([4096, 4097, 65535, MAX]);
    for len in lens {
        for byte in [0x00, 0xFF, 0x80] {
            let data = buf.slice_mut(len % 64, len);
            data.fill(byte);
            for crc in [0, u32::MAX, rng.next_u64() as u32] {
                check(run, crc, data, &|| format!("every byte {byte:#04x}"))?;
            }
        }
    }
    for (len, stride) in [(300, 1), (1000, 1), (4096, 7)] {
        let data = buf.slice_mut(len % 64, len);
        data.fill(0);
        for pos in (0..len).step_by(stride) {
            let bit = 1 << (pos % 8);
            data[pos] = bit;
            check(run, u32::MAX, data, &|| {
                format!("one bit {bit:#04x} at {pos}")
            })?;
            data[pos] = 0;
        }
    }
    Ok(())
}

/// Inputs flush against an inaccessible page on either side: an over-read faults.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in 0..=600 {
        for mut guarded in [Guarded::at_end(len), Guarded::at_start(len)] {
            let data = guarded.bytes_mut();
            rng.fill(data);
            check(run, rng.next_u64() as u32, data, &|| {
                "at a page edge".into()
            })?;
        }
    }
    Ok(())
}

/// Seeded random inputs up to 4 MiB at random misalignments and initial CRCs.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    random_rounds(rng, 4 << 20, 8, |rng, round, data| {
        let crc = if round == 0 { 0 } else { rng.next_u64() as u32 };
        check(run, crc, data, &|| format!("random round {round}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_check_value() {
        assert_eq!(table::update(0, b"123456789"), CHECK);
        assert_eq!(crate::checksum::crc32c(b"123456789"), CHECK);
    }

    #[test]
    fn reference_passes_its_own_known_values() {
        known_values(&table::update).unwrap();
    }

    #[test]
    fn a_wrong_variant_is_caught() {
        // Off by one bit from 1 KiB on: the sweep must report it.
        let wrong =
            |crc: u32, data: &[u8]| table::update(crc, data) ^ u32::from(data.len() >= 1024);
        let mismatch = verify_run(&wrong).unwrap_err();
        assert!(mismatch.case.contains("len 1024"), "{mismatch}");
    }
}
