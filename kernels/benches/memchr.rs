//! `search.memchr` and `search.memrchr`: every available variant at 16 B, 256 B, 4 KiB, 1 MiB.
//!
//! The haystack is random bytes without the needle except at the far end, so every call scans it
//! all; the expected index is asserted before timing.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::{AlignedBytes, Rng};
use arsenal::search::memchr::{Memchr, Memrchr};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [16, 256, 4 << 10, 1 << 20];
const NEEDLE: u8 = b'\n';

fn haystack(len: usize, needle_at: usize) -> AlignedBytes {
    let mut rng = Rng::new(len as u64);
    let mut buf = AlignedBytes::new(len);
    let hay = buf.slice_mut(0, len);
    rng.fill(hay);
    for b in hay.iter_mut().filter(|b| **b == NEEDLE) {
        *b = !NEEDLE;
    }
    hay[needle_at] = NEEDLE;
    buf
}

fn search<K: Kernel<Fn = arsenal::search::memchr::SearchFn>>(c: &mut Criterion, reverse: bool) {
    let mut group = c.benchmark_group(K::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let at = if reverse { 0 } else { size - 1 };
        let buf = haystack(size, at);
        let hay = buf.slice(0, size);
        group.throughput(Throughput::Bytes(size as u64));
        for variant in K::table().iter().filter_map(|v| v.checked()) {
            assert_eq!(variant.call(NEEDLE, hay), Some(at), "{}", variant.name());
            group.bench_with_input(BenchmarkId::new(variant.name(), size), hay, |b, hay| {
                b.iter(|| variant.call(NEEDLE, black_box(hay)))
            });
        }
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    search::<Memchr>(c, false);
    search::<Memrchr>(c, true);
}

criterion_group!(memchr_benches, benches);
criterion_main!(memchr_benches);
