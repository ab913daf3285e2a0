//! Run status: complete, running, and incomplete after the writing process died.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use arsenal_db::{RunStatus, Store};
use rusqlite::Connection;

use crate::common::{filled, host, meta, op, scratch};

/// Environment of a child process started by these tests: the store path, then the mode.
const CHILD_PATH: &str = "ARSENAL_DB_TEST_CHILD_PATH";
const CHILD_MODE: &str = "ARSENAL_DB_TEST_CHILD_MODE";

/// Not a test: the body of the child processes the other tests start (it does nothing unless
/// they set its environment).
#[test]
#[ignore = "run by other tests as a child process"]
fn child_process() {
    let (Ok(path), Ok(mode)) = (std::env::var(CHILD_PATH), std::env::var(CHILD_MODE)) else {
        return;
    };
    let mut store = Store::open(&path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let (uuid, ops) = mode.split_once(':').unwrap();
    let run_id = store.begin_run(host_id, &meta(uuid)).unwrap();
    let ops: usize = ops.parse().unwrap();
    for i in 0..ops.max(1) {
        store.write_op(run_id, &op(&format!("op.{i}"))).unwrap();
    }
    if ops == 0 {
        // Hang until killed, with one op written.
        println!("\nchild-ready"); // libtest may have left "test … " on the line
        std::thread::sleep(std::time::Duration::from_secs(120));
    }
    store.finish_run(run_id).unwrap();
}

/// Starts [`child_process`] on `path` in `mode` ("UUID:OPS"; 0 ops writes one op and hangs).
pub fn spawn_child(path: &std::path::Path, mode: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "status::child_process",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_PATH, path)
        .env(CHILD_MODE, mode)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_finished_run_is_complete() {
    let (_dir, path) = scratch();
    let (store, run_id) = filled(&path, "run-1");
    assert_eq!(store.run(run_id).unwrap().status, RunStatus::Complete);
}

#[test]
fn an_unfinished_run_of_a_live_process_is_running() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let run_id = store.begin_run(host_id, &meta("run-1")).unwrap();
    let expected = if cfg!(target_os = "linux") {
        RunStatus::Running
    } else {
        RunStatus::Incomplete
    };
    assert_eq!(store.run(run_id).unwrap().status, expected);
}

#[test]
fn an_unfinished_run_of_a_dead_pid_is_incomplete() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let run_id = store.begin_run(host_id, &meta("run-1")).unwrap();
    // Above the kernel's largest pid_max (2^22), so no such process can exist.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE runs SET pid = ?1 WHERE id = ?2",
        [i64::from(i32::MAX), run_id],
    )
    .unwrap();
    assert_eq!(store.run(run_id).unwrap().status, RunStatus::Incomplete);
}

#[test]
fn an_unfinished_run_from_another_boot_is_incomplete() {
    let (_dir, path) = scratch();
    let mut store = Store::open(&path).unwrap();
    let host_id = store.host_id(&host(0)).unwrap();
    let run_id = store.begin_run(host_id, &meta("run-1")).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE runs SET boot_id = 'an-earlier-boot' WHERE id = ?1",
        [run_id],
    )
    .unwrap();
    assert_eq!(store.run(run_id).unwrap().status, RunStatus::Incomplete);
}

#[test]
fn a_killed_tune_keeps_its_finished_ops_and_reads_incomplete() {
    let (_dir, path) = scratch();
    let mut child = spawn_child(&path, "killed:0");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let ready = stdout
        .lines()
        .map_while(Result::ok)
        .any(|line| line.trim() == "child-ready");
    assert!(ready, "the child never got ready");
    let store = Store::open_read_only(&path).unwrap();
    let run = store.latest_run(false).unwrap().unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(run.status, RunStatus::Running);
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no finish_run.
    child.wait().unwrap();
    let run = store.run(run.id).unwrap();
    assert_eq!((run.status, run.ops_done), (RunStatus::Incomplete, 1));
    assert_eq!(store.op_records(run.id).unwrap(), vec![op("op.0")]);
    // And a writer can carry on with the file.
    let (_, next) = filled(&path, "run-2");
    assert!(next > run.id);
}
