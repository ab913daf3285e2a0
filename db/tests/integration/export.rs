//! Export and import: a faithful copy, idempotent merges, foreign documents refused.

use arsenal_db::{DbError, ExportDoc, ImportStats, RunStatus, Store};

use crate::common::{assert_one_line, ceilings, filled, host, meta, op, probes, scratch};

/// A store with two hosts, a finished run on each (the first with probes and warnings) and an
/// unfinished one.
fn rich_store(path: &std::path::Path) -> Store {
    let (mut store, first) = filled(path, "run-1");
    store.write_probes(first, &probes(100.0)).unwrap();
    store
        .write_warnings(first, &["the machine drifted during the run".into()])
        .unwrap();
    let other = store.host_id(&host(1)).unwrap();
    let run = store.begin_run(other, &meta("run-2")).unwrap();
    store.write_op(run, &op("sort.u64")).unwrap();
    store.write_ceilings(run, &ceilings(0.5)).unwrap();
    store.finish_run(run).unwrap();
    let mut unfinished = meta("run-3");
    unfinished.ops_pattern = None;
    let run = store.begin_run(other, &unfinished).unwrap();
    store.write_op(run, &op("hash.crc32c")).unwrap();
    store
}

/// Everything the store can read, ids included.
fn everything(store: &Store) -> String {
    let mut out = format!("{:?}\n", store.hosts().unwrap());
    for run in store.runs().unwrap() {
        let mut run = run;
        // The source's unfinished run is still running (this process); the copy's is not.
        if run.status == RunStatus::Running {
            run.status = RunStatus::Incomplete;
        }
        out += &format!("{run:?}\n{:?}\n", store.op_records(run.id).unwrap());
        out += &format!(
            "{:?}\n{:?}\n{:?}\n",
            store.run_ceilings(run.id).unwrap(),
            store.ceilings(run.host_id).unwrap(),
            store.probes(run.id).unwrap()
        );
    }
    out
}

#[test]
fn export_then_import_into_a_fresh_file_reads_the_same() {
    let (_a, source_path) = scratch();
    let source = rich_store(&source_path);
    let doc = source.export().unwrap();
    assert_eq!((doc.hosts.len(), doc.runs.len()), (2, 3));

    let (_b, copy_path) = scratch();
    let mut copy = Store::open(&copy_path).unwrap();
    let stats = copy.import(&doc).unwrap();
    assert_eq!(
        stats,
        ImportStats {
            runs_added: 3,
            runs_skipped: 0
        }
    );
    assert_eq!(everything(&copy), everything(&source));
    let unfinished = copy.runs().unwrap().pop().unwrap();
    assert_eq!(unfinished.status, RunStatus::Incomplete);
}

#[test]
fn importing_twice_changes_nothing() {
    let (_a, source_path) = scratch();
    let doc = rich_store(&source_path).export().unwrap();
    let (_b, copy_path) = scratch();
    let mut copy = Store::open(&copy_path).unwrap();
    copy.import(&doc).unwrap();
    let once = everything(&copy);
    let stats = copy.import(&doc).unwrap();
    assert_eq!(
        stats,
        ImportStats {
            runs_added: 0,
            runs_skipped: 3
        }
    );
    assert_eq!(everything(&copy), once);
}

#[test]
fn importing_into_the_source_changes_nothing() {
    let (_a, path) = scratch();
    let mut store = rich_store(&path);
    let before = everything(&store);
    let doc = store.export().unwrap();
    assert_eq!(store.import(&doc).unwrap().runs_skipped, 3);
    assert_eq!(everything(&store), before);
}

#[test]
fn imports_merge_with_what_is_there() {
    let (_a, first_path) = scratch();
    let (first, _) = filled(&first_path, "run-a");
    let (_b, second_path) = scratch();
    let (mut second, _) = filled(&second_path, "run-b");
    let stats = second.import(&first.export().unwrap()).unwrap();
    assert_eq!(
        stats,
        ImportStats {
            runs_added: 1,
            runs_skipped: 0
        }
    );
    let runs = second.runs().unwrap();
    assert_eq!(
        runs.iter().map(|r| r.uuid.as_str()).collect::<Vec<_>>(),
        ["run-b", "run-a"]
    );
    // Same host, matched by fingerprint.
    assert_eq!(second.hosts().unwrap().len(), 1);
    assert_eq!(runs[0].host_id, runs[1].host_id);
}

#[test]
fn the_json_round_trips_exactly() {
    let (_a, path) = scratch();
    let doc = rich_store(&path).export().unwrap();
    let text = doc.to_json();
    assert!(
        text.contains("\"format\": \"arsenal-export\""),
        "{}",
        &text[..200]
    );
    assert_eq!(ExportDoc::from_json(&text).unwrap(), doc);
}

#[test]
fn other_documents_are_refused_in_one_line() {
    let (_a, path) = scratch();
    let mut store = rich_store(&path);
    let before = everything(&store);
    for text in [
        r#"{"schema": 1, "ops": {}}"#,
        r#"{"format": "arsenal-export", "version": 2, "hosts": [], "runs": []}"#,
    ] {
        let err = ExportDoc::from_json(text).unwrap_err();
        assert!(matches!(err, DbError::ExportFormat { .. }), "{err:?}");
        assert_one_line(&err.to_string(), "arsenal-export");
    }
    let err = ExportDoc::from_json("{not json").unwrap_err();
    assert!(matches!(err, DbError::ExportJson { .. }), "{err:?}");
    assert_one_line(&err.to_string(), "line 1");
    let err = ExportDoc::from_json(r#"{"format": "arsenal-export", "version": 1}"#).unwrap_err();
    assert_one_line(&err.to_string(), "hosts");

    let mut doc = store.export().unwrap();
    doc.version = 2;
    assert!(matches!(
        store.import(&doc).unwrap_err(),
        DbError::ExportFormat { .. }
    ));
    assert_eq!(everything(&store), before);
}

#[test]
fn a_bad_run_refuses_the_whole_import() {
    let (_a, source_path) = scratch();
    let mut doc = rich_store(&source_path).export().unwrap();
    doc.runs[2].host_fingerprint = "0000000000000000".into();
    let (_b, copy_path) = scratch();
    let mut copy = Store::open(&copy_path).unwrap();
    let err = copy.import(&doc).unwrap_err();
    assert_one_line(&err.to_string(), "0000000000000000");
    assert!(copy.runs().unwrap().is_empty() && copy.hosts().unwrap().is_empty());
}

#[test]
fn an_export_from_before_replicas_and_probes_still_imports() {
    let (_a, source_path) = scratch();
    let doc = rich_store(&source_path).export().unwrap();
    assert_eq!(doc.runs[0].probes, probes(100.0));
    assert_eq!(doc.runs[0].warnings.len(), 1);
    let mut value: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    for run in value["runs"].as_array_mut().unwrap() {
        let run = run.as_object_mut().unwrap();
        for field in ["replicas", "probes", "warnings"] {
            assert!(run.remove(field).is_some(), "the export has `{field}`");
        }
    }
    let old = ExportDoc::from_json(&value.to_string()).unwrap();
    let (_b, copy_path) = scratch();
    let mut copy = Store::open(&copy_path).unwrap();
    assert_eq!(copy.import(&old).unwrap().runs_added, 3);
    for run in copy.runs().unwrap() {
        assert_eq!((run.replicas, run.warnings.len()), (1, 0), "{run:?}");
        assert!(copy.probes(run.id).unwrap().is_empty());
    }
}
