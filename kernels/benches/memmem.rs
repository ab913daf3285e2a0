//! `search.memmem` by needle length and haystack kind, beside the op's mixed workload in the
//! `ops` bench: what the op's targets are stated in. One line per `KIND/M/size`, where `M` is
//! the needle's length and `KIND` one of
//!
//! - `text`: English-like text, the needle a fragment of other such text (or random letters)
//!   absent from it: every call scans it all, through text's frequent letters;
//! - `random`: random bytes, a random needle (absent but for chance);
//! - `adversarial`: a haystack of `z`, the needle `z…zez…z` (the `e` in the middle, absent):
//!   every position passes the filter, on the two rarest bytes or the first and last, and
//!   fails half-way through the needle. A linear variant's time here stays within a small
//!   factor of `random`'s; `naive`'s (exempt) does not.
//!
//! ```text
//! cargo bench -p arsenal --bench memmem              # everything (about a minute)
//! cargo bench -p arsenal --bench memmem -- text/16/  # the lines whose name contains this
//! ```
//!
//! Every available variant, each verified by the shared harness before it is timed; the needle
//! is prepared once (`Needle`, with the `memchr` crate's `Finder` built) outside the timing.
//!
//! The variants are timed side by side, not one after another: [`ROUNDS`] rounds, each timing
//! every variant once (about [`SAMPLE`] of back-to-back calls) in a shuffled order, and the
//! line shows each variant's median throughput and `own/peer`, the best own variant's median
//! over the prebuilt `Finder`'s (`crate:memchr`). On a shared machine a burst of load then
//! lands on one sample of every variant rather than on all the samples of one.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::{fill_english, AlignedBytes, Rng};
use arsenal::registry::{Checked, Origin};
use arsenal::search::memmem::{naive, Memmem, Needle};
use arsenal::{Op, Workload};

#[path = "common/side_by_side.rs"]
mod side_by_side;

const SIZES: [usize; 4] = [64, 4 << 10, 64 << 10, 1 << 20];
const NEEDLES: [usize; 4] = [4, 16, 64, 256];
const KINDS: [&str; 3] = ["text", "random", "adversarial"];

/// Samples per variant per line.
const ROUNDS: usize = 15;
/// The length of one sample.
const SAMPLE: Duration = Duration::from_millis(2);

/// The haystack and needle of a kind.
fn input(kind: &str, size: usize, m: usize, rng: &mut Rng) -> (AlignedBytes, Vec<u8>) {
    let mut hay = AlignedBytes::new(size);
    let bytes = hay.slice_mut(0, size);
    let needle = match kind {
        "text" => {
            fill_english(rng, bytes);
            absent_text(bytes, m, rng)
        }
        "random" => {
            rng.fill(bytes);
            rng.bytes(m)
        }
        _ => {
            // `z` is among the rarest bytes by the filter's estimate, so it takes two `z`s of
            // the needle as its pair, which every position of the haystack passes.
            bytes.fill(b'z');
            let mut needle = vec![b'z'; m];
            needle[m / 2] = b'e';
            needle
        }
    };
    (hay, needle)
}

/// A needle of `m` bytes absent from `text`: a fragment of other text, else random letters,
/// else a fragment with its middle byte `0xFF`.
fn absent_text(text: &[u8], m: usize, rng: &mut Rng) -> Vec<u8> {
    let absent = |n: &[u8]| naive::find(n, text).is_none();
    let mut other = vec![0; 4 * m + 4096];
    fill_english(rng, &mut other);
    let mut candidates: Vec<Vec<u8>> = (0..64)
        .map(|_| {
            let at = rng.below(other.len() - m);
            other[at..at + m].to_vec()
        })
        .collect();
    candidates.extend((0..64).map(|_| (0..m).map(|_| b'a' + rng.below(26) as u8).collect()));
    candidates
        .into_iter()
        .find(|n| absent(n))
        .unwrap_or_else(|| {
            let mut needle = text[text.len() - m..].to_vec();
            needle[m / 2] = 0xFF;
            needle
        })
}

/// Median throughput of each variant in GB/s, timed side by side.
fn measure(
    variants: &[Checked<Memmem>],
    needle: &Needle<'_>,
    hay: &[u8],
    rng: &mut Rng,
) -> Vec<f64> {
    side_by_side::median_seconds(variants.len(), ROUNDS, SAMPLE, rng, |i| {
        black_box(variants[i].call(needle, black_box(hay)));
    })
    .into_iter()
    .map(|seconds| hay.len() as f64 / seconds / 1e9)
    .collect()
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let op: &dyn Workload =
        arsenal::workload("search.memmem").expect("search.memmem is registered");
    let variants: Vec<Checked<Memmem>> =
        Memmem::table().iter().filter_map(|v| v.checked()).collect();
    for v in &variants {
        op.verify(v.name())
            .unwrap_or_else(|e| panic!("search.memmem/{}: {e}", v.name()));
    }
    println!(
        "search.memmem, GB/s (median of {ROUNDS} side-by-side samples); {}",
        arsenal::cpu::HostInfo::detect().brand
    );
    print!("{:24}", "kind/needle/size");
    for v in &variants {
        print!("{:>18}", v.name());
    }
    println!("{:>10}", "own/peer");
    let mut shuffle = Rng::new(0x3E3E_BE7C);
    for (k, kind) in KINDS.into_iter().enumerate() {
        for m in NEEDLES {
            for size in SIZES.into_iter().filter(|&s| s >= m) {
                let name = format!("{kind}/{m}/{size}");
                if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
                    continue;
                }
                // Each line's input from its own seed, whichever lines the filter leaves.
                let mut rng = Rng::new(0x3E3E_BE7C ^ (k << 40 | m << 24 | size) as u64);
                let (hay, needle) = input(kind, size, m, &mut rng);
                let hay = hay.slice(0, size);
                let needle = Needle::owned(needle);
                needle.finder();
                let figures = measure(&variants, &needle, hay, &mut shuffle);
                print!("{name:24}");
                for f in &figures {
                    print!("{f:>18.2}");
                }
                let best = |own: bool| {
                    variants
                        .iter()
                        .zip(&figures)
                        .filter(|(v, _)| {
                            (v.info().origin == Origin::Own) == own && v.name() != "naive"
                        })
                        .filter(|(v, _)| own || v.name() == "crate:memchr")
                        .map(|(_, &f)| f)
                        .fold(0.0, f64::max)
                };
                println!("{:>10.2}", best(true) / best(false));
            }
        }
    }
}
