//! `linalg.sgemm`: every available variant on square `n × n × n` problems, n = 8, 16, 32, 64,
//! 256, 1024, `C = A·B` (`α = 1`, `β = 0`). Throughput is `Throughput::Elements(2n³)`: the
//! "elements" criterion reports are **flops**.
//!
//! `naive` is left out from n = 256 on (about a second a call at 1024). Beside the variants,
//! `ceiling/fma/1` is a register-only loop of independent 256-bit FMAs (the FMA peak of one
//! core, until the ceiling op lands); its elements are flops too. Every variant's result is
//! checked against the f64 reference before it is timed.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::Rng;
use arsenal::linalg::sgemm::{random_vec, reference, GemmArgs, Sgemm};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 6] = [8, 16, 32, 64, 256, 1024];

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group(Sgemm::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for n in SIZES {
        if n >= 256 {
            group.sample_size(10);
        }
        let mut rng = Rng::new(n as u64);
        let (a, b) = (random_vec(&mut rng, n * n), random_vec(&mut rng, n * n));
        let args = GemmArgs::new(n, n, n, &a, &b);
        let expected = (n <= 256).then(|| reference(&args, &[]));
        let mut out = vec![0.0f32; n * n];
        group.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
        for variant in Sgemm::table().iter().filter_map(|v| v.checked()) {
            if variant.name() == "naive" && n >= 256 {
                continue;
            }
            variant.call(&args, &mut out);
            if let Some(expected) = &expected {
                for (got, (value, bound)) in out.iter().zip(expected) {
                    assert!(
                        (f64::from(*got) - value).abs() <= *bound,
                        "{}",
                        variant.name()
                    );
                }
            }
            group.bench_function(BenchmarkId::new(variant.name(), n), |bench| {
                bench.iter(|| variant.call(black_box(&args), black_box(&mut out)))
            });
        }
    }
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
        group.sample_size(20);
        group.throughput(Throughput::Elements(FMA_FLOPS));
        group.bench_function(BenchmarkId::new("ceiling/fma", 1), |bench| {
            // SAFETY: AVX2 and FMA were detected.
            bench.iter(|| unsafe { fma_peak(black_box(1.0)) })
        });
    }
    group.finish();
}

const FMA_ITERS: u64 = 100_000;
/// 12 chains × 8 lanes × 2 flops per iteration.
const FMA_FLOPS: u64 = FMA_ITERS * 12 * 8 * 2;

/// Twelve independent chains of 256-bit FMAs (three times the 4-cycle latency of two pipes),
/// no memory access in the loop.
///
/// # Safety
///
/// The CPU supports AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn fma_peak(x: f32) -> f32 {
    use std::arch::x86_64::*;
    let mul = _mm256_set1_ps(black_box(0.999_999));
    let add = _mm256_set1_ps(black_box(1e-7));
    let mut acc = [_mm256_set1_ps(x); 12];
    for _ in 0..FMA_ITERS {
        for a in acc.iter_mut() {
            *a = _mm256_fmadd_ps(*a, mul, add);
        }
    }
    let mut total = _mm256_setzero_ps();
    for a in acc {
        total = _mm256_add_ps(total, a);
    }
    _mm256_cvtss_f32(total)
}

criterion_group!(sgemm_benches, benches);
criterion_main!(sgemm_benches);
