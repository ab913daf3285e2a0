//! `hash.xxh3_64`: every available variant at 16 B, 256 B, 4 KiB and 1 MiB, unseeded.
//!
//! Inputs are random bytes at a 64-byte boundary; each variant's hash is asserted equal to the
//! reference's before it is timed.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::{AlignedBytes, Rng};
use arsenal::hash::xxh3_64::{reference, Xxh3_64};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [16, 256, 4 << 10, 1 << 20];

fn xxh3_64(c: &mut Criterion) {
    let mut group = c.benchmark_group(Xxh3_64::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let mut buf = AlignedBytes::new(size);
        Rng::new(size as u64).fill(buf.slice_mut(0, size));
        let data = buf.slice(0, size);
        let expected = reference(data, 0);
        group.throughput(Throughput::Bytes(size as u64));
        for variant in Xxh3_64::table().iter().filter_map(|v| v.checked()) {
            assert_eq!(variant.call(data, 0), expected, "{}", variant.name());
            group.bench_with_input(BenchmarkId::new(variant.name(), size), data, |b, data| {
                b.iter(|| variant.call(black_box(data), 0))
            });
        }
    }
    group.finish();
}

criterion_group!(xxh3_64_benches, xxh3_64);
criterion_main!(xxh3_64_benches);
