//! The cost of dispatch at 16-byte inputs, each pair measured side by side:
//! - the hard-wired entry (the fixture wires `scalar` below 64 bytes, called with no check)
//!   against a direct call of that variant: the ratio should be 1.00;
//! - the runtime-dispatch entry against a direct call of the variant it dispatches to: the
//!   difference is the runtime dispatch's cost per call.

use std::hint::black_box;

use arsenal::search::memchr::{scalar, Memchr};
use arsenal::Op;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn dispatch(c: &mut Criterion) {
    let mut hay = [b'.'; 16];
    hay[15] = b'\n';
    let mut group = c.benchmark_group("search.memchr");
    group.throughput(Throughput::Bytes(16));
    assert_eq!(
        arsenal::selected("search.memchr", arsenal::Strategy::Throughput, 16)
            .unwrap()
            .variant,
        "scalar"
    );
    group.bench_function("wired/16", |b| {
        b.iter(|| arsenal::search::memchr(b'\n', black_box(&hay)))
    });
    group.bench_function("direct-scalar/16", |b| {
        // SAFETY: scalar needs no CPU feature.
        b.iter(|| unsafe { scalar::memchr(b'\n', black_box(&hay)) })
    });
    let choice = Memchr::choose();
    group.bench_function("runtime/16", |b| {
        b.iter(|| arsenal::search::runtime_memchr(b'\n', black_box(&hay)))
    });
    let name = format!("direct-{}/16", choice.name());
    group.bench_function(name.as_str(), |b| {
        b.iter(|| choice.call(b'\n', black_box(&hay)))
    });
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
