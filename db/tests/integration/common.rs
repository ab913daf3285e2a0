//! Fixtures: records with every field set to something distinctive.

use std::path::{Path, PathBuf};

use arsenal_db::{
    CacheRecord, CeilingRecord, Counters, HostRecord, MeasurementRecord, OpRecord, ProbeRecord,
    RunMeta, Store, VariantRecord, VerificationRecord,
};

/// A scratch directory and a store path inside it.
pub fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("arsenal.db");
    (dir, path)
}

/// A host; `n` makes it distinct.
pub fn host(n: u32) -> HostRecord {
    HostRecord {
        vendor: "GenuineIntel".into(),
        brand: format!("Test CPU {n}"),
        family: 6,
        model: 143,
        stepping: 8,
        microcode: n.is_multiple_of(2).then(|| "0x2b000571".into()),
        features: vec!["sse2".into(), "avx2".into(), "avx512f".into()],
        caches: vec![
            CacheRecord {
                level: 1,
                kind: "data".into(),
                bytes: 48 << 10,
            },
            CacheRecord {
                level: 3,
                kind: "unified".into(),
                bytes: 105 << 20,
            },
        ],
        logical_cores: 2 + n,
        kernel: "6.12.0-test".into(),
        rustc: "rustc 1.95.0".into(),
        arsenal: "0.1.0".into(),
    }
}

/// Run metadata; `uuid` makes it distinct. The seed has its top bit set on purpose.
pub fn meta(uuid: &str) -> RunMeta {
    RunMeta {
        uuid: uuid.into(),
        started_at: "2026-05-01T12:00:00Z".into(),
        budget_secs: 60.5,
        strategies: vec!["throughput".into(), "latency".into()],
        ops_pattern: Some("search.*".into()),
        seed: u64::MAX - 6,
        arsenal: "0.1.0".into(),
        command: "arsenal tune --budget 60 --input docs".into(),
        replicas: 3,
        inputs: vec![arsenal_db::InputRecord {
            path: "docs/a.txt".into(),
            bytes: 3,
            sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            kept: 3,
        }],
    }
}

/// An op with two variants, one verification each, and two measurements: one with counters and
/// one without.
pub fn op(name: &str) -> OpRecord {
    let variant = |v: &str, origin: &str, requires: &[&str], parallel| VariantRecord {
        op: name.into(),
        name: v.into(),
        origin: origin.into(),
        origin_detail: format!("{origin} {v}"),
        requires: requires.iter().map(|r| r.to_string()).collect(),
        parallel,
    };
    let verification = |v: &str, status: &str| VerificationRecord {
        op: name.into(),
        variant: v.into(),
        status: status.into(),
        detail: format!("{v}: first mismatch at byte 3"),
        seconds: 0.125,
    };
    OpRecord {
        op: name.into(),
        variants: vec![
            variant("avx2", "own", &["avx2"], false),
            variant("crate:memchr", "crate", &[], true),
        ],
        verifications: vec![
            verification("avx2", "passed"),
            verification("crate:memchr", "failed"),
        ],
        measurements: vec![
            measurement(
                name,
                "avx2",
                4096,
                Some(Counters {
                    cycles: 812.5,
                    instructions: 1500.0,
                    cache_misses: 0.25,
                    branch_misses: 1.0,
                }),
            ),
            measurement(name, "crate:memchr", u64::MAX - 1, None),
        ],
        skipped: vec![arsenal_db::SkippedRecord {
            op: name.into(),
            strategy: "latency".into(),
            size: 1 << 20,
            reason: "left out to fit the budget".into(),
        }],
        user_data: true,
        role: "kernel".into(),
        bounds: Some(vec![arsenal_db::BoundRecord {
            kind: "read".into(),
            per: 1.0,
            sized: true,
            why: "memory-bound: every input byte is read at least once".into(),
        }]),
    }
}

/// One measured cell.
pub fn measurement(
    op: &str,
    variant: &str,
    size: u64,
    counters: Option<Counters>,
) -> MeasurementRecord {
    let note = counters
        .is_none()
        .then(|| "perf events unavailable: perf_event_paranoid=3".to_string());
    MeasurementRecord {
        op: op.into(),
        variant: variant.into(),
        strategy: "throughput".into(),
        size,
        unit: "bytes".into(),
        units_per_call: size as f64,
        objective_ns: 101.25,
        objective_ci_low_ns: 100.0,
        objective_ci_high_ns: 102.5,
        median_ns: 101.25,
        median_ci_ns: Some((100.5, 102.0)),
        mad_ns: 0.75,
        p50_ns: 101.0,
        p99_ns: 140.0,
        outliers: 3,
        iters_per_sample: 1 << 40,
        samples_ns: vec![101.25, 99.5, 1e-3, 3.4e38, 0.1],
        counters,
        counters_note: note,
    }
}

/// Two ceilings.
pub fn ceilings(scale: f64) -> Vec<CeilingRecord> {
    vec![
        CeilingRecord {
            kind: "read".into(),
            size: 32 << 10,
            value: 2e11 * scale,
            unit: "bytes/s".into(),
            variant: "avx2".into(),
        },
        CeilingRecord {
            kind: "fma_f32".into(),
            size: 0,
            value: 1e12 * scale,
            unit: "flops/s".into(),
            variant: format!("fma x{scale}"),
        },
    ]
}

/// A drift probe of both phases at two sizes, the start read bandwidth `gbps` GB/s, the end 5 %
/// lower.
pub fn probes(gbps: f64) -> Vec<ProbeRecord> {
    let probe = |phase: &str, size: u64, gbps: f64| ProbeRecord {
        phase: phase.into(),
        size,
        bytes_per_second: gbps * 1e9,
    };
    vec![
        probe("start", 16 << 10, gbps),
        probe("start", 64 << 20, gbps / 10.0),
        probe("end", 16 << 10, gbps * 0.95),
        probe("end", 64 << 20, gbps / 10.0 * 0.95),
    ]
}

/// A store with one finished run of two ops on host 0, and returns the run id.
pub fn filled(path: &Path, uuid: &str) -> (Store, i64) {
    let mut store = Store::open(path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let run_id = store.begin_run(host_id, &meta(uuid)).unwrap();
    store.write_op(run_id, &op("search.memchr")).unwrap();
    store.write_op(run_id, &op("hash.xxh3_64")).unwrap();
    store.write_ceilings(run_id, &ceilings(1.0)).unwrap();
    store.finish_run(run_id).unwrap();
    (store, run_id)
}

/// Asserts an error message is one line naming `needle`.
pub fn assert_one_line(message: &str, needle: &str) {
    assert!(!message.contains('\n'), "not one line: {message}");
    assert!(
        message.contains(needle),
        "{message:?} does not name {needle:?}"
    );
}
