//! `linalg.dot_f32`: every available variant at 16 B, 256 B, 4 KiB and 1 MiB of input (both
//! vectors: `n = size / 8` elements each), throughput in bytes of input.
//!
//! Beside them, `ceiling/read/SIZE` reads the same two vectors with a plain AVX2 sum loop (the
//! read bandwidth at that size, until the `ceiling.read` op lands): the dot product's target is
//! a fraction of it. Every variant's result is checked against its bound before it is timed.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::Rng;
use arsenal::linalg::dot_f32::{check_bound, fill_uniform, AlignedF32, DotF32};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [16, 256, 4 << 10, 1 << 20];

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group(DotF32::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let n = size / 8;
        let (mut a, mut b) = (AlignedF32::new(n), AlignedF32::new(n));
        let mut rng = Rng::new(size as u64);
        fill_uniform(&mut rng, a.slice_mut(0, n));
        fill_uniform(&mut rng, b.slice_mut(0, n));
        let (a, b) = (a.slice(0, n), b.slice(0, n));
        group.throughput(Throughput::Bytes(size as u64));
        for variant in DotF32::table().iter().filter_map(|v| v.checked()) {
            let got = variant.call(a, b);
            check_bound(variant.name(), a, b, got, &|| "bench input".into()).unwrap();
            group.bench_with_input(
                BenchmarkId::new(variant.name(), size),
                &(a, b),
                |bench, &(a, b)| bench.iter(|| variant.call(black_box(a), black_box(b))),
            );
        }
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") {
            group.bench_with_input(
                BenchmarkId::new("ceiling/read", size),
                &(a, b),
                |bench, &(a, b)| {
                    // SAFETY: AVX2 was detected.
                    bench.iter(|| unsafe { read_sum(black_box(a), black_box(b)) })
                },
            );
        }
    }
    group.finish();
}

/// Reads both slices (whole 32-byte vectors) with eight independent integer additions in
/// flight: bound by loads only.
///
/// # Safety
///
/// The CPU supports AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn read_sum(a: &[f32], b: &[f32]) -> i32 {
    use std::arch::x86_64::*;
    let mut acc = [_mm256_setzero_si256(); 8];
    for s in [a, b] {
        let mut chunks = s.chunks_exact(64);
        for chunk in &mut chunks {
            for (j, x) in acc.iter_mut().enumerate() {
                // SAFETY: a chunk holds 64 floats, eight vectors of eight.
                let v = unsafe { _mm256_loadu_si256(chunk.as_ptr().add(8 * j).cast()) };
                *x = _mm256_add_epi32(*x, v);
            }
        }
        // Whole vectors left, one per accumulator.
        for (x, chunk) in acc.iter_mut().zip(chunks.remainder().chunks_exact(8)) {
            // SAFETY: a chunk holds 8 floats.
            let v = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) };
            *x = _mm256_add_epi32(*x, v);
        }
    }
    let mut total = _mm256_setzero_si256();
    for x in acc {
        total = _mm256_add_epi32(total, x);
    }
    _mm256_extract_epi32::<0>(total)
}

criterion_group!(dot_benches, benches);
criterion_main!(dot_benches);
