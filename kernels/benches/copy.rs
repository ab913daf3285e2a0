//! `memory.copy`: every available variant, ids `memory.copy/VARIANT/SIZE`, throughput in bytes
//! copied (each byte is read once and written once).
//!
//! Default sizes 16 B .. 256 MiB, and 1 GiB too with `ARSENAL_BENCH_GIB=1` (2 GiB of buffers);
//! `ARSENAL_BENCH_SIZES=4096,1048576` picks sizes. Source and destination are 64-byte aligned,
//! the destination half a page away from the source modulo 4 KiB (`page_offset`), written once
//! before timing; the copy is checked before timing.
//!
//! The host's read ceiling is measured in the same run at the same sizes, as
//! `ceiling.read/VARIANT/SIZE` for the vector variants of `ceiling.read` (reading the copy's
//! source buffer), so each copy figure can be set against it side by side.

use std::hint::black_box;
use std::time::Duration;

use arsenal::ceiling::read::Read;
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

/// The distance from the source's start to the destination's, modulo 4 KiB
/// (`ARSENAL_BENCH_DST_PAGE_OFFSET`, default 2048). A destination a little past the source
/// modulo 4 KiB makes a forward copy's loads look like they depend on its recent stores (4 KiB
/// aliasing); half a page away is the neutral case.
fn page_offset() -> usize {
    std::env::var("ARSENAL_BENCH_DST_PAGE_OFFSET")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(2048)
}

fn bench(c: &mut Criterion) {
    let ceilings: Vec<_> = Read::table()
        .iter()
        .filter(|v| v.info().name != Read::info().reference)
        .filter_map(|v| v.checked())
        .collect();
    for size in sizes() {
        // One buffer: the source at its start, the destination past it at a distance of
        // `page_offset()` modulo 4 KiB.
        let dst_start = (size + 64).next_multiple_of(4096) + page_offset();
        let mut buf = AlignedBytes::new(dst_start + size + 4096);
        let (head, tail) = buf
            .slice_at_mut(0, dst_start + size)
            .split_at_mut(dst_start);
        let src = &mut head[..size];
        Rng::new(size as u64).fill(src);
        let src = &*src;
        let dst = tail;

        let mut group = c.benchmark_group(Read::info().name);
        configure(&mut group, size);
        for variant in &ceilings {
            group.bench_function(BenchmarkId::new(variant.name(), size), |b| {
                b.iter(|| variant.call(black_box(src)))
            });
        }
        group.finish();

        let mut group = c.benchmark_group(Memcpy::info().name);
        configure(&mut group, size);
        for variant in Memcpy::table().iter().filter_map(|v| v.checked()) {
            dst.fill(0);
            variant.call(dst, src);
            assert!(dst == src, "{}", variant.name());
            group.bench_function(BenchmarkId::new(variant.name(), size), |b| {
                b.iter(|| variant.call(black_box(&mut *dst), black_box(src)))
            });
        }
        group.finish();
    }
}

fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    size: usize,
) {
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.sample_size(if size >= 64 << 20 { 10 } else { 100 });
    group.throughput(Throughput::Bytes(size as u64));
}

criterion_group!(copy_benches, bench);
criterion_main!(copy_benches);
