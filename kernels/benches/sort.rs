//! `sort.u64`: every available variant at 100, 10 000 and 1 000 000 random keys.
//!
//! Each iteration sorts a fresh copy of the same seeded input (`iter_batched_ref`, the copy not
//! timed); the copy's result is checked against the reference before timing. From 100 000 keys
//! the copy is made right before each call (`PerIteration`), as the tuner does, so the keys are
//! warm in the cache like data just produced. Batches of copies made up front would leave them in
//! DRAM: at 1 M keys that made the first radix pass read from memory (msd 9.6 ms against 7.4 ms
//! warm, while std's sort, bound by compares, stayed at 14.3–14.6 ms).

use std::time::Duration;

use arsenal::harness::Rng;
use arsenal::sort::u64s::SortU64;
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 3] = [100, 10_000, 1_000_000];

fn sort(c: &mut Criterion) {
    let mut group = c.benchmark_group(SortU64::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let mut rng = Rng::new(size as u64);
        let input: Vec<u64> = (0..size).map(|_| rng.next_u64()).collect();
        let mut expected = input.clone();
        expected.sort_unstable();
        group.throughput(Throughput::Elements(size as u64));
        let batch = if size >= 100_000 {
            BatchSize::PerIteration
        } else {
            BatchSize::SmallInput
        };
        for variant in SortU64::table().iter().filter_map(|v| v.checked()) {
            let mut check = input.clone();
            variant.call(&mut check);
            assert!(check == expected, "{} does not sort", variant.name());
            group.bench_with_input(
                BenchmarkId::new(variant.name(), size),
                &input,
                |b, input| b.iter_batched_ref(|| input.clone(), |v| variant.call(v), batch),
            );
        }
    }
    group.finish();
}

criterion_group!(sort_benches, sort);
criterion_main!(sort_benches);
