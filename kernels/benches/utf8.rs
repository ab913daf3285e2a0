//! `text.utf8_validate`: every available variant at 16 B, 256 B, 4 KiB, 1 MiB, on three kinds of
//! valid text, one group per kind: `text.utf8_validate.ascii`, `text.utf8_validate.mixed` (1-,
//! 2-, 3- and 4-byte characters in equal shares) and `text.utf8_validate.realistic` (runs of
//! Latin, Cyrillic and CJK words: the tuner's workload). Ids are `group/variant/size`.
//!
//! Inputs are seeded and 64-byte aligned; every variant's result (`Ok`) is asserted before it is
//! timed.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::{AlignedBytes, Rng};
use arsenal::text::utf8_validate::{fill_text, TextKind, Utf8Validate};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [16, 256, 4 << 10, 1 << 20];

fn benches(c: &mut Criterion) {
    for kind in TextKind::ALL {
        let name = format!("{}.{}", Utf8Validate::info().name, kind.name());
        let mut group = c.benchmark_group(name);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        for size in SIZES {
            let mut buf = AlignedBytes::new(size);
            fill_text(kind, &mut Rng::new(size as u64), buf.slice_mut(0, size));
            let text = buf.slice(0, size);
            group.throughput(Throughput::Bytes(size as u64));
            for variant in Utf8Validate::table().iter().filter_map(|v| v.checked()) {
                assert_eq!(variant.call(text), Ok(()), "{}", variant.name());
                group.bench_with_input(BenchmarkId::new(variant.name(), size), text, |b, text| {
                    b.iter(|| variant.call(black_box(text)))
                });
            }
        }
        group.finish();
    }
}

criterion_group!(utf8_benches, benches);
criterion_main!(utf8_benches);
