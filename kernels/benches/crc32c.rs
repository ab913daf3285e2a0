//! `checksum.crc32c`: every available variant at 16 B, 256 B, 4 KiB, 1 MiB.
//!
//! Inputs are seeded random bytes, 64-byte aligned; every variant's result is checked against the
//! reference before it is timed.

use std::hint::black_box;
use std::time::Duration;

use arsenal::checksum::crc32c::{table, Crc32c};
use arsenal::harness::{AlignedBytes, Rng};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [16, 256, 4 << 10, 1 << 20];

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group(Crc32c::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let mut buf = AlignedBytes::new(size);
        Rng::new(size as u64).fill(buf.slice_mut(0, size));
        let data = buf.slice(0, size);
        let expected = table::update(0, data);
        group.throughput(Throughput::Bytes(size as u64));
        for variant in Crc32c::table().iter().filter_map(|v| v.checked()) {
            assert_eq!(variant.call(0, data), expected, "{}", variant.name());
            group.bench_with_input(BenchmarkId::new(variant.name(), size), data, |b, data| {
                b.iter(|| variant.call(0, black_box(data)))
            });
        }
    }
    group.finish();
}

criterion_group!(crc32c_benches, benches);
criterion_main!(crc32c_benches);
