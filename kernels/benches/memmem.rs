//! `search.memmem` by needle length and haystack kind, beside the op's mixed workload in the
//! `ops` bench: what the op's targets are stated in. Ids `memmem/KIND/M/variant/size`, where
//! `M` is the needle's length and `KIND` one of
//!
//! - `text`: English-like text, the needle a fragment of other such text (or random letters)
//!   absent from it: every call scans it all, through text's frequent letters;
//! - `random`: random bytes, a random needle (absent but for chance);
//! - `adversarial`: a haystack of `a`, the needle `a…aba…a` (the `b` in the middle, absent),
//!   which every position's first and last byte match; a linear variant's time here stays
//!   within a small factor of `random`'s, and `naive`'s (exempt) does not.
//!
//! ```text
//! cargo bench -p arsenal --bench memmem                         # everything (about 4 minutes)
//! cargo bench -p arsenal --bench memmem -- 'memmem/text/16/'    # one kind and length
//! ```
//!
//! Every available variant, each verified by the shared harness before it is timed; the needle
//! is prepared once (`Needle`, with the `memchr` crate's `Finder` built) outside the timing.

use std::time::Duration;

use arsenal::harness::{fill_english, AlignedBytes, Rng};
use arsenal::search::memmem::{naive, Memmem, Needle};
use arsenal::{Op, Workload};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [64, 4 << 10, 64 << 10, 1 << 20];
const NEEDLES: [usize; 3] = [4, 16, 64];
const KINDS: [&str; 3] = ["text", "random", "adversarial"];

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
            bytes.fill(b'a');
            let mut needle = vec![b'a'; m];
            needle[m / 2] = b'b';
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

fn memmem(c: &mut Criterion) {
    let op: &dyn Workload = arsenal::workloads()
        .iter()
        .copied()
        .find(|w| w.info().name == "search.memmem")
        .expect("search.memmem is registered");
    let variants: Vec<_> = Memmem::table()
        .iter()
        .filter_map(|v| v.checked())
        .filter(|v| {
            op.verify(v.name())
                .unwrap_or_else(|e| panic!("search.memmem/{}: {e}", v.name()));
            true
        })
        .collect();
    let mut rng = Rng::new(0x3E3E_BE7C);
    for kind in KINDS {
        for m in NEEDLES {
            let mut group = c.benchmark_group(format!("memmem/{kind}/{m}"));
            group.warm_up_time(Duration::from_millis(300));
            group.measurement_time(Duration::from_secs(1));
            for size in SIZES {
                let (hay, needle) = input(kind, size, m, &mut rng);
                let hay = hay.slice(0, size);
                let needle = Needle::owned(needle);
                needle.finder();
                group.throughput(Throughput::Bytes(size as u64));
                for v in &variants {
                    group.bench_function(BenchmarkId::new(v.name(), size), |b| {
                        b.iter(|| v.call(&needle, std::hint::black_box(hay)))
                    });
                }
            }
            group.finish();
        }
    }
}

criterion_group!(benches, memmem);
criterion_main!(benches);
