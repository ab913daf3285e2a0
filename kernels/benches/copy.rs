//! `memory.copy`: every available variant, ids `memory.copy/VARIANT/SIZE`, throughput in bytes
//! copied (each byte is read once and written once).
//!
//! Default sizes 16 B .. 256 MiB, and 1 GiB too with `ARSENAL_BENCH_GIB=1` (2 GiB of buffers);
//! `ARSENAL_BENCH_SIZES=4096,1048576` picks sizes. Source and destination are 64-byte aligned,
//! written once before timing; the copy is checked before timing.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::{AlignedBytes, Rng};
use arsenal::memory::copy::{self, Memcpy};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn sizes() -> Vec<usize> {
    if let Ok(list) = std::env::var("ARSENAL_BENCH_SIZES") {
        if !list.trim().is_empty() {
            return list
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse()
                        .expect("ARSENAL_BENCH_SIZES: comma-separated sizes")
                })
                .collect();
        }
    }
    let mut sizes = copy::SIZES.to_vec();
    if std::env::var_os("ARSENAL_BENCH_GIB").is_some() {
        sizes.push(1 << 30);
    }
    sizes
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group(Memcpy::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in sizes() {
        if size >= 64 << 20 {
            group.sample_size(10);
        }
        let mut src = AlignedBytes::new(size);
        Rng::new(size as u64).fill(src.slice_mut(0, size));
        let src = src.slice(0, size);
        let mut dst = AlignedBytes::new(size);
        let dst = dst.slice_mut(0, size);
        group.throughput(Throughput::Bytes(size as u64));
        for variant in Memcpy::table().iter().filter_map(|v| v.checked()) {
            dst.fill(0);
            variant.call(dst, src);
            assert!(dst == src, "{}", variant.name());
            group.bench_function(BenchmarkId::new(variant.name(), size), |b| {
                b.iter(|| variant.call(black_box(&mut *dst), black_box(src)))
            });
        }
    }
    group.finish();
}

criterion_group!(copy_benches, bench);
criterion_main!(copy_benches);
