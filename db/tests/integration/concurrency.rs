//! Several writers on one file, threads and processes: all of them finish.

use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;

use arsenal_db::{RunStatus, Store};

use crate::common::{host, meta, op, scratch};
use crate::status::spawn_child;

/// Checks that `uuids` are complete runs of `ops` ops each, with every measurement stored.
fn assert_complete(path: &Path, uuids: &[String], ops: u32) {
    let store = Store::open_read_only(path).unwrap();
    let runs = store.runs().unwrap();
    assert_eq!(runs.len(), uuids.len());
    for run in runs {
        assert!(uuids.contains(&run.uuid), "{run:?}");
        assert_eq!(
            (run.status, run.ops_done),
            (RunStatus::Complete, ops),
            "{run:?}"
        );
        assert_eq!(store.measurements(run.id).unwrap().len(), 2 * ops as usize);
    }
}

#[test]
fn two_threads_writing_one_fresh_file_both_finish() {
    const OPS: u32 = 150;
    let (_dir, path) = scratch();
    let start = Arc::new(Barrier::new(2));
    let uuids: Vec<String> = (0..2).map(|t| format!("thread-{t}")).collect();
    let writers: Vec<_> = uuids
        .iter()
        .cloned()
        .map(|uuid| {
            let (path, start) = (path.clone(), Arc::clone(&start));
            thread::spawn(move || {
                start.wait(); // Both create and migrate the file at once.
                let mut store = Store::open(&path).unwrap();
                let host_id = store.host_id(&host(0)).unwrap();
                let run_id = store.begin_run(host_id, &meta(&uuid)).unwrap();
                for i in 0..OPS {
                    store.write_op(run_id, &op(&format!("op.{i}"))).unwrap();
                }
                store.finish_run(run_id).unwrap();
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    assert_complete(&path, &uuids, OPS);
}

#[test]
fn two_processes_writing_one_fresh_file_both_finish() {
    const OPS: u32 = 60;
    let (_dir, path) = scratch();
    let uuids: Vec<String> = (0..2).map(|p| format!("process-{p}")).collect();
    let children: Vec<_> = uuids
        .iter()
        .map(|uuid| spawn_child(&path, &format!("{uuid}:{OPS}")))
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    assert_complete(&path, &uuids, OPS);
}

#[test]
fn reading_while_a_tune_writes_sees_consistent_snapshots() {
    const OPS: u32 = 200;
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let run_id = store.begin_run(host_id, &meta("run-1")).unwrap();
    let writer = thread::spawn(move || {
        for i in 0..OPS {
            store.write_op(run_id, &op(&format!("op.{i}"))).unwrap();
        }
        store.finish_run(run_id).unwrap();
    });
    let reader = Store::open_read_only(&path).unwrap();
    while !writer.is_finished() {
        let records = reader.op_records(run_id).unwrap();
        assert!(records
            .iter()
            .all(|r| r.variants.len() == 2 && r.measurements.len() == 2));
        let doc = reader.export().unwrap();
        assert!(doc.runs.iter().all(|r| r.ops.len() <= OPS as usize));
    }
    writer.join().unwrap();
    assert_eq!(reader.op_records(run_id).unwrap().len(), OPS as usize);
}
