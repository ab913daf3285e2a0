//! `crypto.sha256`: the SHA-256 digest of one message.
//!
//! Spec: FIPS 180-4, "Secure Hash Standard" (NIST, 2015): padding §5.1.1, H(0) §5.3.3, the
//! computation §6.2.2; the digest is the eight words of the final state, big-endian.
//!
//! Variants: `scalar` (the standard's computation in `u32` arithmetic, see [`scalar`]),
//! `sha_ni` (the x86 SHA extensions, see [`x86_64::sha_ni`]; both share the padding),
//! `crate:sha2` (RustCrypto's `sha2`, which detects SHA-NI itself; the reference) and
//! `crate:ring` (linked on x86_64 only: it builds C for its target). SHA-256 is compute-bound: 64 dependent rounds per 64-byte block. Its figures
//! are read against the read bandwidth, a true but loose bound: no ceiling op measures the SHA
//! rounds' throughput yet.
//!
//! Measured on an AMD EPYC (family 25 model 1, Zen 3 with SHA-NI), default release build,
//! `arsenal compare` side by side: `sha_ni` over `crate:sha2` 1.29–1.31× at 64 B and 1.00× at
//! 1 MiB (both run the SHA instructions there, about 1.6 GB/s); over `crate:ring` 2.0–2.3× at
//! 64 B and 1.00× at 1 MiB.

#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;
use alloc::vec;

use crate::harness::{aligned_and_not, expect_eq, random_rounds, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

crate::declare::ops! {
    /// `crypto.sha256`.
    pub struct Sha256 {
        info: OpInfo {
            name: "crypto.sha256",
            summary: "SHA-256 digest of one message",
            contract: Contract::Exact,
            // Without std the crates are not linked; the scalar variant follows the standard on
            // its own (and is checked against its examples).
            reference: if cfg!(feature = "std") { "crate:sha2" } else { "scalar" },
            spec: "FIPS 180-4 Secure Hash Standard, SHA-256 (sections 5.1.1, 5.3.3, 6.2.2)",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(data: &[u8]) -> [u8; 32],
        prefer: ["sha_ni", "scalar"],
        variants: [
            "scalar" => scalar::sha256 { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "sha_ni" => x86_64::sha_ni::sha256 {
                requires: [Sha, Sse41],
                origin: Own,
                safety: "the body needs exactly SHA, SSE4.1 and what it builds on",
            },
            #[cfg(feature = "std")]
            "crate:sha2" => external::crate_sha2 {
                requires: [],
                origin: Crate { name: "sha2", version: "0.10.9" },
                safety: "a safe crate API with its own dispatch",
            },
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            "crate:ring" => external::crate_ring {
                requires: [],
                origin: Crate { name: "ring", version: "0.17.14" },
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: the digest of `data`.
        call(data: &[u8]) -> [u8; 32] { run: |f| f(data) }
        entries: [
            /// The SHA-256 digest of `data` (FIPS 180-4).
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// let d = arsenal::crypto::sha256(b"abc");
            /// assert_eq!(d[..4], [0xba, 0x78, 0x16, 0xbf]);
            /// assert_eq!(d[28..], [0xf2, 0x00, 0x15, 0xad]);
            /// ```
            fn sha256 | runtime_sha256(data: &[u8]) -> [u8; 32] {
                size: data.len(),
                run: |f| f(data),
            }
        ],
    }
}

impl Kernel for Sha256 {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes("hashes each file and window as it is");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|d| variant.call(d))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |d: &[u8]| variant.call(d);
        aligned_and_not(data, |d| check(&run, d, "the user's data"))
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(
            cases,
            source,
            |rng, buf| rng.fill(buf),
            move |d| variant.call(d),
        )
    }
}

/// The standard's examples (FIPS 180-4 and its example document, NIST CSRC): message, digest.
pub const EXAMPLES: [(&[u8], &str); 4] = [
    (
        b"",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    (
        b"abc",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ),
    (
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ),
    (
        b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ),
];

/// The digest of one million `a` (the standard's third example).
pub const MILLION_A: &str = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

/// Lengths up to this get every misalignment…
const SWEEP_ALL_OFFSETS: usize = 130;
/// …and up to this, one misalignment each: every padding case of one to five blocks.
const SWEEP_MAX: usize = 330;

type Run<'a> = &'a dyn Fn(&[u8]) -> [u8; 32];

fn hex(digest: &[u8; 32]) -> alloc::string::String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn check(run: Run<'_>, data: &[u8], what: &str) -> Result<(), Mismatch> {
    expect_eq(hex(&scalar::hash(data)), hex(&run(data)), || {
        format!(
            "len {}, offset {}, {what}",
            data.len(),
            data.as_ptr() as usize % 64
        )
    })
}

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    for (message, digest) in EXAMPLES {
        expect_eq(digest.into(), hex(&run(message)), || {
            format!("the standard's example of {} bytes", message.len())
        })?;
    }
    expect_eq(MILLION_A.into(), hex(&run(&vec![b'a'; 1_000_000])), || {
        "one million `a`".into()
    })?;
    let mut rng = Rng::new(0x5A256);
    lengths(run, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    crate::harness::page_edge_haystacks(200, &[0xFF, 0x00, 0x80], &mut rng, |_, data, what| {
        check(run, data, what)
    })?;
    large_random(run, &mut rng)
}

/// Every length of up to five blocks (every padding case: the 0x80 and the length field in the
/// same block or the next) at every misalignment of the short ones, random and constant bytes.
fn lengths(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    sweep(SWEEP_MAX, SWEEP_ALL_OFFSETS, |offset, len| {
        let data = buf.slice_mut(offset, len);
        rng.fill(data);
        check(run, data, "random")?;
        data.fill(0xFF);
        check(run, data, "all ones")
    })
}

/// Seeded random inputs up to 1 MiB at random offsets.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    random_rounds(rng, 1 << 20, 8, |_, round, data| {
        check(run, data, &format!("random round {round}"))
    })
}
