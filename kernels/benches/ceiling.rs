//! `ceiling.read` and `ceiling.fma_f32`: every available variant.
//!
//! `ceiling.read/VARIANT/SIZE`: bytes summed, throughput in bytes, over the op's whole ladder
//! (16 B .. 256 MiB; set `ARSENAL_BENCH_SIZES=4096,1048576` to pick sizes).
//! `ceiling.fma_f32/VARIANT/ITERATIONS`: throughput given as `Throughput::Elements(flops)`, so
//! criterion's "elem/s" reads as flop/s.

use std::hint::black_box;
use std::time::Duration;

use arsenal::ceiling::fma_f32::FmaF32;
use arsenal::ceiling::read::{self, Read};
use arsenal::harness::{AlignedBytes, Rng};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// The sizes from `ARSENAL_BENCH_SIZES` (comma-separated), else `default`.
fn sizes(default: &[usize]) -> Vec<usize> {
    match std::env::var("ARSENAL_BENCH_SIZES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .expect("ARSENAL_BENCH_SIZES: comma-separated sizes")
            })
            .collect(),
        _ => default.to_vec(),
    }
}

fn read_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group(Read::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in sizes(read::SIZES) {
        let mut buf = AlignedBytes::new(size);
        Rng::new(size as u64).fill(buf.slice_mut(0, size));
        let data = buf.slice(0, size);
        let want = read::scalar::sum(data);
        group.throughput(Throughput::Bytes(size as u64));
        for variant in Read::table().iter().filter_map(|v| v.checked()) {
            assert_eq!(variant.call(data), want, "{}", variant.name());
            group.bench_with_input(BenchmarkId::new(variant.name(), size), data, |b, data| {
                b.iter(|| variant.call(black_box(data)))
            });
        }
    }
    group.finish();
}

fn fma_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group(FmaF32::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.sample_size(10);
    for iterations in FmaF32::SIZES.iter().copied() {
        let want = arsenal::ceiling::fma_f32(iterations);
        group.throughput(Throughput::Elements(FmaF32::units(iterations)));
        for variant in FmaF32::table().iter().filter_map(|v| v.checked()) {
            assert_eq!(
                variant.call(iterations).to_bits(),
                want.to_bits(),
                "{}",
                variant.name()
            );
            group.bench_with_input(
                BenchmarkId::new(variant.name(), iterations),
                &iterations,
                |b, &n| b.iter(|| variant.call(black_box(n))),
            );
        }
    }
    group.finish();
}

criterion_group!(ceiling_benches, read_bench, fma_bench);
criterion_main!(ceiling_benches);
