//! `text.base64_encode` and `text.base64_decode`: every available variant at 16 B, 256 B,
//! 4 KiB, 1 MiB of input (raw bytes for encoding, base64 text for decoding).
//!
//! Encoding reads seeded random bytes; decoding reads their encoding ending in one `=`
//! (`bench_text`, the tuner's input too). Both are 64-byte aligned, as are the outputs; every
//! variant's result is checked against the reference before it is timed.

use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::{AlignedBytes, Rng};
use arsenal::text::base64::{
    bench_text, decoded_len_max, encoded_len, scalar, Base64Decode, Base64Encode,
};
use arsenal::Kernel;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [16, 256, 4 << 10, 1 << 20];

fn encode(c: &mut Criterion) {
    let mut group = c.benchmark_group(Base64Encode::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let mut buf = AlignedBytes::new(size);
        Rng::new(size as u64).fill(buf.slice_mut(0, size));
        let src = buf.slice(0, size);
        let mut expected = vec![0; encoded_len(size)];
        scalar::encode_at(src, &mut expected, 0, 0);
        let mut out = AlignedBytes::new(encoded_len(size));
        let dst = out.slice_mut(0, encoded_len(size));
        group.throughput(Throughput::Bytes(size as u64));
        for variant in Base64Encode::table().iter().filter_map(|v| v.checked()) {
            dst.fill(0);
            assert_eq!(variant.call(src, dst), Ok(dst.len()), "{}", variant.name());
            assert_eq!(dst, &expected[..], "{}", variant.name());
            group.bench_function(BenchmarkId::new(variant.name(), size), |b| {
                b.iter(|| variant.call(black_box(src), black_box(&mut *dst)))
            });
        }
    }
    group.finish();
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group(Base64Decode::info().name);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for size in SIZES {
        let mut buf = AlignedBytes::new(size);
        bench_text(&mut Rng::new(size as u64), buf.slice_mut(0, size));
        let src = buf.slice(0, size);
        let mut expected = vec![0; decoded_len_max(size)];
        let want = scalar::decode_at(src, &mut expected, 0, 0);
        assert_eq!(want, Ok(decoded_len_max(size) - 1));
        let mut out = AlignedBytes::new(decoded_len_max(size));
        let dst = out.slice_mut(0, decoded_len_max(size));
        group.throughput(Throughput::Bytes(size as u64));
        for variant in Base64Decode::table().iter().filter_map(|v| v.checked()) {
            assert_eq!(variant.call(src, dst).ok(), want.ok(), "{}", variant.name());
            assert_eq!(
                dst[..size / 4 * 3 - 1],
                expected[..size / 4 * 3 - 1],
                "{}",
                variant.name()
            );
            group.bench_function(BenchmarkId::new(variant.name(), size), |b| {
                b.iter(|| variant.call(black_box(src), black_box(&mut *dst)))
            });
        }
    }
    group.finish();
}

criterion_group!(base64_benches, encode, decode);
criterion_main!(base64_benches);
