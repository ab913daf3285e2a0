//! Every available variant of every registered op, through the same `Workload::bench` inputs the
//! tuner times: ids `op/variant/size`, throughput in the op's unit (bytes, elements, flops).
//!
//! ```text
//! cargo bench -p arsenal --bench ops                            # everything (long)
//! cargo bench -p arsenal --bench ops -- search.memchr           # one op
//! cargo bench -p arsenal --bench ops -- '^hash.xxh3_64/avx2/'   # one variant
//! ```
//!
//! Sizes: every other size of the op's tuning ladder, from the smallest, and always the largest
//! (`ARSENAL_BENCH_SIZES=all` for the whole ladder). Inputs are 64-byte aligned and seeded. A
//! variant is verified by the shared harness (`Workload::verify`) before its first timing, and
//! only when a benchmark of it passes the filter; one the CPU lacks (or `ARSENAL_DISABLE` masks)
//! is left out.
//!
//! Calls run back to back in the loop compiled into each op's bench (`Bench::repeat`), as a
//! tuner throughput sample does. An op whose calls change their input (a sort) gets its input
//! restored before every call, untimed (`Bench::reset`), and each call is timed on its own.

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::{Duration, Instant};

use arsenal::registry::Unit;
use arsenal::{Bench, Case, Workload};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Seed of every input.
const SEED: u64 = 0xBE7C_0001;

/// The sizes benched for an op: every other ladder size and the last, or all of them.
fn sizes(w: &dyn Workload) -> Vec<usize> {
    let ladder = w.sizes();
    if std::env::var("ARSENAL_BENCH_SIZES").is_ok_and(|v| v == "all") {
        return ladder.to_vec();
    }
    let mut picked: Vec<usize> = ladder.iter().copied().step_by(2).collect();
    if let Some(&last) = ladder.last() {
        if picked.last() != Some(&last) {
            picked.push(last);
        }
    }
    picked
}

/// Verifies `variant` of `w` the first time it is about to be timed; a failure panics.
fn verify_once(
    done: &RefCell<HashSet<(&'static str, &'static str)>>,
    w: &dyn Workload,
    variant: &'static str,
) {
    let op = w.info().name;
    if done.borrow_mut().insert((op, variant)) {
        if let Err(e) = w.verify(variant) {
            panic!("{op}/{variant} failed verification: {e}");
        }
    }
}

fn throughput(unit: Unit, units: u64) -> Throughput {
    match unit {
        Unit::Bytes => Throughput::Bytes(units),
        Unit::Elements | Unit::Flops => Throughput::Elements(units),
    }
}

/// `iters` calls on the prepared case, timed as criterion asks.
fn time(bench: &mut dyn Bench, iters: u64) -> Duration {
    if !bench.mutates() {
        let start = Instant::now();
        bench.repeat(0, iters);
        return start.elapsed();
    }
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        bench.reset(0);
        let start = Instant::now();
        bench.run(0);
        total += start.elapsed();
    }
    total
}

fn ops(c: &mut Criterion) {
    let done = RefCell::new(HashSet::new());
    for &w in arsenal::workloads() {
        let info = w.info();
        let mut group = c.benchmark_group(info.name);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        for size in sizes(w) {
            group.throughput(throughput(info.unit, w.units(size)));
            for variant in w.variants().into_iter().filter(|v| v.is_available()) {
                let mut prepared: Option<Box<dyn Bench>> = None;
                let id = BenchmarkId::new(variant.name, size);
                group.bench_function(id, |b| {
                    verify_once(&done, w, variant.name);
                    let bench = prepared.get_or_insert_with(|| {
                        w.bench(variant.name, &[Case::aligned(size)], SEED)
                            .unwrap_or_else(|e| panic!("{}/{}: {e}", info.name, variant.name))
                    });
                    b.iter_custom(|iters| time(bench.as_mut(), iters));
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, ops);
criterion_main!(benches);
