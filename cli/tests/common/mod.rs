//! What the binary's end-to-end tests share: running it, reading its JSON, and one-line errors.
#![allow(dead_code)] // Each test binary uses its own share of these.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// Tunes measure time: the tests that run them take turns, so each has the machine to itself.
pub static TUNING: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn tuning() -> std::sync::MutexGuard<'static, ()> {
    TUNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn arsenal() -> Command {
    Command::cargo_bin("arsenal").expect("the arsenal binary is built")
}

pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("arsenal")
}

pub fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("valid JSON on stdout")
}

/// Runs `args`, expecting exit 2 and exactly one line on stderr that names the problem.
pub fn fails_in_one_line(args: &[&str], needle: &str) {
    let out = arsenal().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("arsenal:"), "{err}");
    assert!(err.contains(needle), "{args:?}: `{err}` lacks `{needle}`");
    assert!(!err.contains("panicked"), "{err}");
}

/// The JSON a command printed, after asserting it succeeded (its stderr shown if not).
pub fn succeeded_json(out: std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}
