//! Every row type written and read back unchanged.

use arsenal_db::{DbError, ProbeRecord, RunStatus, Store};

use crate::common::{assert_one_line, ceilings, filled, host, meta, op, probes, scratch};

#[test]
fn every_row_type_round_trips() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let (h0, h1) = (host(0), host(1));
    assert!(h0.microcode.is_some() && h1.microcode.is_none());
    let id0 = store.host_id(&h0).unwrap();
    let id1 = store.host_id(&h1).unwrap();
    assert_eq!(store.host(id0).unwrap(), h0);
    assert_eq!(store.host(id1).unwrap(), h1);
    assert_eq!(store.hosts().unwrap(), vec![(id0, h0.clone()), (id1, h1)]);

    let run_id = store.begin_run(id0, &meta("run-1")).unwrap();
    let (memchr, xxh3) = (op("search.memchr"), op("hash.xxh3_64"));
    store.write_op(run_id, &memchr).unwrap();
    store.write_op(run_id, &xxh3).unwrap();
    store.write_ceilings(run_id, &ceilings(1.0)).unwrap();
    store.finish_run(run_id).unwrap();

    let run = store.run(run_id).unwrap();
    assert_eq!(run.meta(), meta("run-1"));
    assert_eq!(
        (run.host_id, run.host_fingerprint.as_str()),
        (id0, h0.fingerprint().as_str())
    );
    assert_eq!((run.status, run.ops_done), (RunStatus::Complete, 2));
    assert!(
        run.finished_at
            .as_deref()
            .is_some_and(|t| t.ends_with('Z') && t.contains('T')),
        "{run:?}"
    );
    assert_eq!(store.runs().unwrap(), vec![run]);

    assert_eq!(
        store.ops_in_run(run_id).unwrap(),
        ["search.memchr", "hash.xxh3_64"]
    );
    assert_eq!(
        store.variants(run_id).unwrap(),
        [memchr.variants.clone(), xxh3.variants.clone()].concat()
    );
    assert_eq!(
        store.verifications(run_id).unwrap(),
        [memchr.verifications.clone(), xxh3.verifications.clone()].concat()
    );
    let measurements = store.measurements(run_id).unwrap();
    assert_eq!(
        measurements,
        [memchr.measurements.clone(), xxh3.measurements.clone()].concat()
    );
    assert!(measurements[0].counters.is_some() && measurements[1].counters.is_none());
    assert_eq!(measurements[1].size, u64::MAX - 1);
    assert_eq!(store.op_records(run_id).unwrap(), vec![memchr, xxh3]);
    assert_eq!(store.run_ceilings(run_id).unwrap(), sorted(ceilings(1.0)));
    assert_eq!(store.ceilings(id0).unwrap(), sorted(ceilings(1.0)));
    assert!(store.ceilings(id1).unwrap().is_empty());
}

fn sorted(mut c: Vec<arsenal_db::CeilingRecord>) -> Vec<arsenal_db::CeilingRecord> {
    c.sort_by(|a, b| (&a.kind, a.size).cmp(&(&b.kind, b.size)));
    c
}

#[test]
fn the_same_host_gets_the_same_id() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let first = store.host_id(&host(0)).unwrap();
    let mut reordered = host(0);
    reordered.features.reverse();
    assert_eq!(store.host_id(&reordered).unwrap(), first);
    assert_ne!(store.host_id(&host(2)).unwrap(), first);
}

#[test]
fn ceilings_of_a_host_are_the_best_over_its_runs() {
    let (_dir, path) = scratch();
    let (mut store, _) = filled(&path, "run-1");
    let host_id = store.host_id(&host(0)).unwrap();
    let second = store.begin_run(host_id, &meta("run-2")).unwrap();
    let mut better = ceilings(2.0);
    better[0].value = 1.0; // worse read ceiling, better fma
    store.write_ceilings(second, &better).unwrap();
    let best = store.ceilings(host_id).unwrap();
    assert_eq!(best.len(), 2);
    let fma = best.iter().find(|c| c.kind == "fma_f32").unwrap();
    assert_eq!((fma.value, fma.variant.as_str()), (2e12, "fma x2"));
    let read = best.iter().find(|c| c.kind == "read").unwrap();
    assert_eq!(read.value, 2e11);
}

#[test]
fn writing_an_op_again_replaces_it() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let mut again = op("search.memchr");
    again.variants.truncate(1);
    again.verifications.truncate(1);
    again.measurements.truncate(1);
    again.measurements[0].median_ns = 7.0;
    store.write_op(run_id, &again).unwrap();
    let records = store.op_records(run_id).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        records.iter().find(|r| r.op == "search.memchr").unwrap(),
        &again
    );
    assert_eq!(store.run(run_id).unwrap().ops_done, 2);
}

#[test]
fn an_op_without_variants_still_counts() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let empty = arsenal_db::OpRecord {
        op: "sort.u64".into(),
        variants: vec![],
        verifications: vec![],
        measurements: vec![],
        skipped: vec![],
        user_data: false,
        role: "kernel".into(),
        bounds: Some(vec![]),
    };
    store.write_op(run_id, &empty).unwrap();
    assert_eq!(
        store.ops_in_run(run_id).unwrap().last().unwrap(),
        "sort.u64"
    );
    assert_eq!(store.op_records(run_id).unwrap().last().unwrap(), &empty);
}

#[test]
fn inconsistent_records_are_refused_and_nothing_is_written() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let before = store.op_records(run_id).unwrap();

    let mut unknown_variant = op("search.memchr");
    unknown_variant.measurements[0].variant = "avx9".into();
    let mut wrong_op = op("search.memchr");
    wrong_op.verifications[0].op = "hash.xxh3_64".into();
    let mut nan = op("search.memchr");
    nan.measurements[1].p99_ns = f64::NAN;
    let mut nan_sample = op("search.memchr");
    nan_sample.measurements[0].samples_ns[2] = f32::INFINITY;
    let mut nan_median_ci = op("search.memchr");
    nan_median_ci.measurements[0].median_ci_ns = Some((100.0, f64::NAN));
    let cases = [
        (unknown_variant, "avx9"),
        (wrong_op, "hash.xxh3_64"),
        (nan, "p99_ns is NaN"),
        (nan_sample, "samples_ns[2] is inf"),
        (nan_median_ci, "median_ci_ns.1 is NaN"),
    ];
    for (record, needle) in cases {
        let err = store.write_op(run_id, &record).unwrap_err();
        assert!(matches!(err, DbError::Invalid { .. }), "{err:?}");
        assert_one_line(&err.to_string(), needle);
    }
    assert_eq!(store.op_records(run_id).unwrap(), before);
}

#[test]
fn unknown_ids_and_duplicate_uuids_are_clean_errors() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let err = store.write_op(run_id + 1, &op("x.y")).unwrap_err();
    assert!(
        matches!(err, DbError::NoSuchRun { id, .. } if id == run_id + 1),
        "{err:?}"
    );
    assert_one_line(&err.to_string(), &format!("no run {}", run_id + 1));
    assert!(matches!(
        store.measurements(99).unwrap_err(),
        DbError::NoSuchRun { .. }
    ));
    assert!(matches!(
        store.run(99).unwrap_err(),
        DbError::NoSuchRun { .. }
    ));
    assert!(matches!(
        store.finish_run(99).unwrap_err(),
        DbError::NoSuchRun { .. }
    ));
    assert!(matches!(
        store.host(99).unwrap_err(),
        DbError::NoSuchHost { .. }
    ));
    assert!(matches!(
        store.begin_run(99, &meta("run-2")).unwrap_err(),
        DbError::NoSuchHost { .. }
    ));
    let host_id = store.run(run_id).unwrap().host_id;
    let err = store.begin_run(host_id, &meta("run-1")).unwrap_err();
    assert!(matches!(err, DbError::DuplicateRun { .. }), "{err:?}");
    assert_one_line(&err.to_string(), "run-1");
}

#[test]
fn latest_run_prefers_the_last_started() {
    let (_dir, path) = scratch();
    let (mut store, first) = filled(&path, "run-1");
    let host_id = store.run(first).unwrap().host_id;
    let mut later = meta("run-2");
    later.started_at = "2026-05-02T00:00:00Z".into();
    let second = store.begin_run(host_id, &later).unwrap();
    assert_eq!(store.latest_run(false).unwrap().unwrap().id, second);
    assert_eq!(store.latest_run(true).unwrap().unwrap().id, first);
    store.finish_run(second).unwrap();
    assert_eq!(store.latest_run(true).unwrap().unwrap().id, second);

    let (_dir, empty) = scratch();
    assert_eq!(
        Store::open(&empty).unwrap().latest_run(false).unwrap(),
        None
    );
}

#[test]
fn replicas_probes_and_warnings_round_trip() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let run = store.run(run_id).unwrap();
    assert_eq!((run.replicas, run.warnings.len()), (3, 0));
    assert!(store.probes(run_id).unwrap().is_empty());

    store.write_probes(run_id, &probes(100.0)).unwrap();
    let warnings = vec![
        "the machine ran 20 % slow: read bandwidth at 16 KiB was 80.0 GB/s".to_string(),
        "a line with \"quotes\", a comma and ünïcode".to_string(),
    ];
    store.write_warnings(run_id, &warnings).unwrap();
    assert_eq!(store.probes(run_id).unwrap(), probes(100.0));
    assert_eq!(store.run(run_id).unwrap().warnings, warnings);

    // A (phase, size) written again is replaced; warnings are replaced as a whole.
    let mut again = probes(50.0);
    again.truncate(1);
    store.write_probes(run_id, &again).unwrap();
    let read = store.probes(run_id).unwrap();
    assert_eq!(read.len(), 4);
    assert_eq!(read[0], again[0]);
    store.write_warnings(run_id, &[]).unwrap();
    assert!(store.run(run_id).unwrap().warnings.is_empty());
}

#[test]
fn bad_probes_and_replicas_are_refused_and_nothing_is_written() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let mut nan = probes(100.0);
    nan[3].bytes_per_second = f64::NAN;
    let err = store.write_probes(run_id, &nan).unwrap_err();
    assert!(matches!(err, DbError::Invalid { .. }), "{err:?}");
    assert_one_line(
        &err.to_string(),
        "end probe at size 67108864: bytes_per_second is NaN",
    );
    assert!(store.probes(run_id).unwrap().is_empty());
    assert!(matches!(
        store.write_probes(99, &probes(1.0)).unwrap_err(),
        DbError::NoSuchRun { .. }
    ));
    assert!(matches!(
        store.write_warnings(99, &[]).unwrap_err(),
        DbError::NoSuchRun { .. }
    ));
    let host_id = store.run(run_id).unwrap().host_id;
    let mut none = meta("run-0");
    none.replicas = 0;
    let err = store.begin_run(host_id, &none).unwrap_err();
    assert_one_line(&err.to_string(), "replicas is 0");
}

#[test]
fn earlier_start_probes_come_from_the_hosts_latest_earlier_probed_run() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let (here, there) = (
        store.host_id(&host(0)).unwrap(),
        store.host_id(&host(1)).unwrap(),
    );
    let mut run = |host_id, uuid: &str, started: &str, probes: &[ProbeRecord]| {
        let mut m = meta(uuid);
        m.started_at = started.into();
        let id = store.begin_run(host_id, &m).unwrap();
        store.write_probes(id, probes).unwrap();
        id
    };
    let first = run(here, "a", "2026-05-01T10:00:00Z", &probes(100.0));
    let second = run(here, "b", "2026-05-02T10:00:00Z", &probes(90.0));
    // Later ones that the lookup must pass over: unprobed, on another host, or with end
    // probes only.
    let unprobed = run(here, "c", "2026-05-03T10:00:00Z", &[]);
    run(there, "d", "2026-05-03T11:00:00Z", &probes(10.0));
    run(here, "e", "2026-05-03T12:00:00Z", &probes(5.0)[2..]);
    let current = run(here, "f", "2026-05-04T10:00:00Z", &probes(80.0));
    // Imported later but started earlier: ordered by its start, not its id.
    let backdated = run(here, "g", "2026-04-30T10:00:00Z", &probes(70.0));

    let start_of = |gbps: f64| probes(gbps)[..2].to_vec();
    assert_eq!(store.earlier_start_probes(current).unwrap(), start_of(90.0));
    assert_eq!(
        store.earlier_start_probes(unprobed).unwrap(),
        start_of(90.0)
    );
    assert_eq!(store.earlier_start_probes(second).unwrap(), start_of(100.0));
    assert_eq!(store.earlier_start_probes(first).unwrap(), start_of(70.0));
    assert!(store.earlier_start_probes(backdated).unwrap().is_empty());
    assert!(matches!(
        store.earlier_start_probes(99).unwrap_err(),
        DbError::NoSuchRun { .. }
    ));
}

#[test]
fn inputs_and_ops_measured_on_them_round_trip() {
    let (_dir, path) = scratch();
    let (store, run_id) = filled(&path, "run-1");
    let run = store.run(run_id).unwrap();
    assert_eq!(run.meta(), meta("run-1"));
    assert_eq!(run.inputs.len(), 1);
    let mut ops: Vec<String> = store.ops_in_run(run_id).unwrap();
    ops.sort();
    assert_eq!(
        run.user_data_ops, ops,
        "the filled run's ops were measured on user data"
    );
    assert!(store
        .op_records(run_id)
        .unwrap()
        .iter()
        .all(|o| o.user_data));
    let said = run.measured_on();
    assert!(
        said.starts_with("your files (docs/a.txt, 3 B; SHA-256 stored) for "),
        "{said}"
    );
}

#[test]
fn roles_round_trip_and_name_the_runs_ceiling_ops() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let mut read = op("ceiling.read");
    read.role = "read".into();
    store.write_op(run_id, &read).unwrap();
    let run = store.run(run_id).unwrap();
    assert_eq!(run.ceiling_ops, ["ceiling.read"]);
    let records = store.op_records(run_id).unwrap();
    let roles: Vec<(&str, &str)> = records.iter().map(|o| (o.op.as_str(), o.role())).collect();
    assert_eq!(
        roles,
        [
            ("search.memchr", "kernel"),
            ("hash.xxh3_64", "kernel"),
            ("ceiling.read", "read")
        ]
    );
    // A record from an export made before roles.
    let mut old = op("ceiling.fma_f32");
    old.role.clear();
    assert_eq!(old.role(), "fma_f32");
}

#[test]
fn bounds_round_trip_and_an_op_stored_without_reads_none() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let mut fma = op("linalg.sgemm");
    let mut mul = fma.bounds.clone().unwrap().remove(0);
    (mul.kind, mul.per, mul.sized, mul.why) =
        ("mul_u32".into(), 8.0, false, "8 B a multiply".into());
    fma.bounds.as_mut().unwrap().push(mul.clone());
    store.write_op(run_id, &fma).unwrap();
    let mut before = op("sort.u64");
    before.bounds = None;
    store.write_op(run_id, &before).unwrap();
    let records = store.op_records(run_id).unwrap();
    let stored = |name: &str| {
        records
            .iter()
            .find(|o| o.op == name)
            .unwrap()
            .bounds
            .clone()
    };
    assert_eq!(stored("linalg.sgemm"), fma.bounds);
    assert_eq!(stored("sort.u64"), None);
    let run = store.run(run_id).unwrap();
    assert_eq!(run.bounds.get("linalg.sgemm"), fma.bounds.as_ref());
    assert!(!run.bounds.contains_key("sort.u64"), "{:?}", run.bounds);
    // A bound that cannot be read against anything is refused, and nothing of the op is written.
    let mut bad = op("hash.crc");
    mul.per = f64::NAN;
    bad.bounds = Some(vec![mul]);
    let err = store.write_op(run_id, &bad).unwrap_err().to_string();
    assert!(err.contains("finite ratio above 0"), "{err}");
    assert!(!store
        .ops_in_run(run_id)
        .unwrap()
        .iter()
        .any(|o| o == "hash.crc"));
}

#[test]
fn a_cell_stored_without_its_median_interval_reads_none() {
    let (_dir, path) = scratch();
    let (mut store, run_id) = filled(&path, "run-1");
    let mut before = op("sort.u64");
    before.measurements[0].median_ci_ns = None;
    store.write_op(run_id, &before).unwrap();
    let records = store.op_records(run_id).unwrap();
    let stored = records.iter().find(|o| o.op == "sort.u64").unwrap();
    assert_eq!(stored.measurements[0].median_ci_ns, None);
    assert_eq!(stored.measurements[1].median_ci_ns, Some((100.5, 102.0)));
}

#[test]
fn a_run_without_inputs_was_measured_on_synthetic_inputs() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let mut plain = meta("plain");
    plain.inputs.clear();
    let run_id = store.begin_run(host_id, &plain).unwrap();
    let run = store.run(run_id).unwrap();
    assert!(run.inputs.is_empty() && run.user_data_ops.is_empty());
    assert_eq!(run.measured_on(), "synthetic inputs");
}
