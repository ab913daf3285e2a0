//! Synthetic runs with known answers, for this crate's tests, the explorer's tests and examples.
//!
//! Two ops: `search.memchr` (bytes; `scalar`, `sse2`, `avx2`, `libc`, whose bands are sse2 below
//! 32 B, avx2 below 512 B, libc above) and `sort.u64` (elements; `std:sort_unstable`, `radix`, and
//! `swar`, which failed verification). Each is measured under both strategies at 16 B … 64 KiB.
//! [`probed_run`] adds the drift guard's probes, and with drift its warning.

use arsenal_db::{
    BoundRecord, CacheRecord, CeilingRecord, Counters, HostRecord, MeasurementRecord, ProbeRecord,
    RunRow, RunStatus, VariantRecord, VerificationRecord,
};

use crate::view::RunData;

/// The sizes measured: 16, 64, …, 65536.
pub const SIZES: [u64; 7] = [16, 64, 256, 1024, 4096, 16384, 65536];

/// A host record for the samples.
pub fn host() -> HostRecord {
    HostRecord {
        vendor: "GenuineIntel".into(),
        brand: "Sample CPU @ 3.0GHz".into(),
        family: 6,
        model: 85,
        stepping: 7,
        microcode: Some("0x5003604".into()),
        features: vec!["sse2".into(), "avx2".into()],
        caches: vec![CacheRecord {
            level: 1,
            kind: "data".into(),
            bytes: 32 << 10,
        }],
        logical_cores: 4,
        kernel: "6.1.0".into(),
        rustc: "rustc 1.95.0".into(),
        arsenal: "0.1.0".into(),
    }
}

/// The run row of sample run `id`.
pub fn run_row(id: i64) -> RunRow {
    RunRow {
        id,
        uuid: format!("00000000-0000-4000-8000-{id:012}"),
        host_id: 1,
        host_fingerprint: host().fingerprint(),
        started_at: format!("2026-05-0{}T10:00:00Z", id.clamp(1, 9)),
        finished_at: Some(format!("2026-05-0{}T10:01:00Z", id.clamp(1, 9))),
        status: RunStatus::Complete,
        budget_secs: 60.0,
        strategies: vec!["throughput".into(), "latency".into()],
        ops_pattern: None,
        seed: 1,
        arsenal: "0.1.0".into(),
        command: "arsenal tune".into(),
        ops_done: 2,
        replicas: 2,
        warnings: Vec::new(),
        inputs: Vec::new(),
        user_data_ops: Vec::new(),
        ceiling_ops: Vec::new(),
        // As a current run stores them: memchr is memory-bound, no ceiling bounds a sort.
        bounds: [
            (
                "search.memchr".to_string(),
                vec![BoundRecord {
                    kind: "read".into(),
                    per: 1.0,
                    sized: true,
                    why: "memory-bound: every input byte is read at least once".into(),
                }],
            ),
            ("sort.u64".to_string(), vec![]),
        ]
        .into(),
    }
}

fn variant(op: &str, name: &str, origin: &str, requires: &[&str]) -> VariantRecord {
    VariantRecord {
        op: op.into(),
        name: name.into(),
        origin: origin.into(),
        origin_detail: origin.into(),
        requires: requires.iter().map(|s| s.to_string()).collect(),
        parallel: false,
    }
}

fn verification(op: &str, name: &str, status: &str, detail: &str) -> VerificationRecord {
    VerificationRecord {
        op: op.into(),
        variant: name.into(),
        status: status.into(),
        detail: detail.into(),
        seconds: 0.01,
    }
}

/// Time per call of a sample variant: `fixed + size / per_ns`.
fn time_ns(fixed: f64, per_ns: f64, size: u64) -> f64 {
    fixed + size as f64 / per_ns
}

#[allow(clippy::too_many_arguments)]
fn measurement(
    op: &str,
    name: &str,
    strategy: &str,
    unit: &str,
    size: u64,
    median: f64,
    counters: bool,
) -> MeasurementRecord {
    let (objective, spread) = match strategy {
        "latency" => (median * 3.0, 0.10),
        _ => (median, 0.02),
    };
    MeasurementRecord {
        op: op.into(),
        variant: name.into(),
        strategy: strategy.into(),
        size,
        unit: unit.into(),
        units_per_call: size as f64,
        objective_ns: objective,
        objective_ci_low_ns: objective * (1.0 - spread),
        objective_ci_high_ns: objective * (1.0 + spread),
        median_ns: median,
        median_ci_ns: Some((median * 0.99, median * 1.01)),
        mad_ns: median * 0.01,
        p50_ns: median,
        p99_ns: median * 3.0,
        outliers: 1,
        iters_per_sample: 100,
        samples_ns: vec![median as f32; 12],
        counters: counters.then_some(Counters {
            cycles: median * 3.0,
            instructions: median * 6.0,
            cache_misses: 0.5,
            branch_misses: 0.25,
        }),
        counters_note: (!counters).then(|| "perf events unavailable".to_string()),
    }
}

/// Sample run `id`. Every time of variant `v` at size `s` is multiplied by `slow(v, s)`, so a
/// second run can differ from the first in known places.
pub fn run(id: i64, slow: impl Fn(&str, u64) -> f64) -> RunData {
    let memchr = "search.memchr";
    let sort = "sort.u64";
    let variants = vec![
        variant(memchr, "scalar", "own", &[]),
        variant(memchr, "sse2", "own", &["sse2"]),
        variant(memchr, "avx2", "own", &["avx2"]),
        variant(memchr, "libc", "libc", &[]),
        variant(sort, "std:sort_unstable", "std", &[]),
        variant(sort, "radix", "own", &[]),
        variant(sort, "swar", "own", &[]),
    ];
    let verifications = vec![
        verification(memchr, "scalar", "passed", ""),
        verification(memchr, "sse2", "passed", ""),
        verification(memchr, "avx2", "passed", ""),
        verification(memchr, "libc", "passed", ""),
        verification(sort, "std:sort_unstable", "passed", ""),
        verification(sort, "radix", "passed", ""),
        verification(
            sort,
            "swar",
            "failed",
            "len 3, offset 0: expected [1, 2, 3], got [1, 3, 2]",
        ),
    ];
    let speeds: [(&str, &str, f64, f64); 6] = [
        (memchr, "scalar", 1.5, 2.0),
        (memchr, "sse2", 3.0, 8.0),
        (memchr, "avx2", 5.0, 16.0),
        (memchr, "libc", 12.0, 20.0),
        (sort, "std:sort_unstable", 10.0, 0.2),
        (sort, "radix", 200.0, 0.5),
    ];
    let mut measurements = Vec::new();
    for strategy in ["throughput", "latency"] {
        for (op, name, fixed, per_ns) in speeds {
            let unit = if op == memchr { "bytes" } else { "elements" };
            for size in SIZES {
                let median = time_ns(fixed, per_ns, size) * slow(name, size);
                measurements.push(measurement(
                    op,
                    name,
                    strategy,
                    unit,
                    size,
                    median,
                    op == memchr,
                ));
            }
        }
    }
    RunData::new(
        run_row(id),
        host(),
        variants,
        verifications,
        measurements,
        Vec::new(),
        Vec::new(),
    )
}

/// Drift probes at 16 KiB and 64 MiB: 100 and 10 GB/s at the start, `end` times that at the end.
pub fn probes(end: f64) -> Vec<ProbeRecord> {
    let p = |phase: &str, size, gbps: f64| ProbeRecord {
        phase: phase.into(),
        size,
        bytes_per_second: gbps * 1e9,
    };
    vec![
        p("start", 16 << 10, 100.0),
        p("start", 64 << 20, 10.0),
        p("end", 16 << 10, 100.0 * end),
        p("end", 64 << 20, 10.0 * end),
    ]
}

/// The tuner's warning for [`probes`]`(0.75)` at 16 KiB.
pub const DRIFT_WARNING: &str = "the machine drifted during the run: read bandwidth at 16 KiB \
     went from 100.0 GB/s at the start to 75.0 GB/s at the end (-25 %); figures measured late are \
     not comparable with those measured early";

/// Sample run `id`, probed at the start and the end: steady (2 % slower at the end, no warning),
/// or with `drifted` 25 % slower at the end and carrying [`DRIFT_WARNING`].
pub fn probed_run(id: i64, drifted: bool) -> RunData {
    let mut data = run(id, |_, _| 1.0);
    data.probes = probes(if drifted { 0.75 } else { 0.98 });
    if drifted {
        data.run.warnings = vec![DRIFT_WARNING.to_string()];
    }
    data
}

/// Ceilings for the sample host: read bandwidth 200 GB/s at 4 KiB and 50 GB/s at 1 MiB, an FMA
/// peak of 400 GFLOP/s, a multiply peak of 15.2 G/s.
pub fn ceilings() -> Vec<CeilingRecord> {
    let c = |kind: &str, size, value, unit: &str| CeilingRecord {
        kind: kind.into(),
        size,
        value,
        unit: unit.into(),
        variant: "avx2".into(),
    };
    vec![
        c("read", 4096, 200e9, "bytes/s"),
        c("read", 1 << 20, 50e9, "bytes/s"),
        c("fma_f32", 0, 400e9, "flops/s"),
        c("mul_u32", 0, 15.2e9, "muls/s"),
    ]
}

/// Sample run 1 with no change and ceilings; sample run 2 where `avx2` got 30 % slower at 64 B
/// and above (so `sse2` takes 64 B), and `libc` 20 % faster at 64 KiB.
pub fn two_runs() -> (RunData, RunData) {
    let mut first = run(1, |_, _| 1.0);
    first.ceilings = ceilings();
    let mut second = run(2, |v, s| match (v, s) {
        ("avx2", s) if s >= 64 => 1.3,
        ("libc", 65536) => 0.8,
        _ => 1.0,
    });
    second.ceilings = ceilings();
    (first, second)
}
