//! `--input`: tuning and comparing on the user's own files, through the real binary, and the
//! one-line refusals of bad input (nothing written).

use std::path::{Path, PathBuf};

use arsenal_db::Store;

mod common;
use common::{arsenal, fails_in_one_line, json_of, succeeded_json, tuning};

/// A folder of small files as a user might have: text, UTF-8 beyond ASCII, binary, nested, and
/// an empty file (skipped).
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, data: &[u8]| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    };
    put("notes.txt", "a line\nanother line\n".repeat(300).as_bytes());
    put(
        "docs/ünïcode.md",
        "# Überschrift — 标题 🦀\n".repeat(200).as_bytes(),
    );
    put(
        "docs/deep/data.bin",
        &(0..5000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    );
    put("empty", b"");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn tune_measures_on_the_users_files_and_records_them() {
    let _turn = tuning();
    let files = fixture();
    let work = tempfile::tempdir().unwrap();
    let (db, manifest) = (work.path().join("u.db"), work.path().join("m.json"));
    let out = arsenal()
        .args([
            "tune",
            "--json",
            "--budget",
            "3",
            "--strategy",
            "throughput",
        ])
        .args(["--ops", "hash.xxh3_64,text.base64_decode", "--input"])
        .arg(files.path())
        .arg("--db")
        .arg(&db)
        .arg("--manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    let doc = succeeded_json(out);
    let on = doc["measured_on"].as_str().unwrap();
    assert!(
        on.contains("3 files under") && on.contains("hash.xxh3_64, text.base64_decode"),
        "{on}"
    );
    assert_eq!(doc["input_notes"][0], "1 empty file(s) skipped");

    let store = Store::open_read_only(&db).unwrap();
    let run = store.latest_run(true).unwrap().unwrap();
    let mut recorded: Vec<(PathBuf, u64)> = run
        .inputs
        .iter()
        .map(|f| (PathBuf::from(&f.path), f.bytes))
        .collect();
    recorded.sort();
    let rel = |p: &str| files.path().join(p);
    assert_eq!(
        recorded,
        [
            (rel("docs/deep/data.bin"), 5000),
            (
                rel("docs/ünïcode.md"),
                200 * "# Überschrift — 标题 🦀\n".len() as u64
            ),
            (rel("notes.txt"), 6000),
        ]
    );
    assert!(run.inputs.iter().all(|f| f.sha256.len() == 64));
    assert_eq!(run.user_data_ops, ["hash.xxh3_64", "text.base64_decode"]);

    // Whole files are sizes of their own (5000, 6000, …) for the hash; the decoder reads
    // each file's base64 text (6000 bytes encode to 8000). The cells planned are those
    // measured and those the budget left (recorded as skipped): which of them a 3-second
    // budget reaches on a busy machine is not what this test is about.
    let sizes = |op: &str| -> Vec<u64> {
        let measured = store.measurements(run.id).unwrap().into_iter();
        let mut s: Vec<u64> = measured
            .filter(|m| m.op == op)
            .map(|m| m.size)
            .chain(
                store
                    .skipped(run.id)
                    .unwrap()
                    .into_iter()
                    .filter(|k| k.op == op)
                    .map(|k| k.size),
            )
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let hash = sizes("hash.xxh3_64");
    let longest = recorded.iter().map(|f| f.1).max().unwrap();
    assert!(hash.contains(&5000) && hash.contains(&6000), "{hash:?}");
    assert!(hash.contains(&longest), "{hash:?}");
    assert!(
        hash.iter().all(|&s| s <= longest),
        "no size past the longest file: {hash:?}"
    );
    let decode = sizes("text.base64_decode");
    assert!(decode.contains(&8000), "{decode:?}");

    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    assert_eq!(m["measured_on"]["files"], 3);
    assert_eq!(m["measured_on"]["ops"][0], "hash.xxh3_64");

    let explain = arsenal()
        .args(["explain", "hash.xxh3_64", "--db", path(&db)])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(
        text.contains("was measured on your files (3 files under"),
        "{text}"
    );
}

#[test]
fn compare_on_the_users_files_gives_a_verdict_and_a_recommendation() {
    let _turn = tuning();
    let files = fixture();
    let out = arsenal()
        .args([
            "compare",
            "text.utf8_validate",
            "scalar",
            "std:from_utf8",
            "--json",
        ])
        .args(["--budget", "0.5", "--input"])
        .arg(files.path())
        .output()
        .unwrap();
    let doc = succeeded_json(out);
    // The median of the three files' lengths.
    assert_eq!(doc["size"], 6000);
    assert!(doc["measured_on"]
        .as_str()
        .unwrap()
        .starts_with("your files (3"));
    let verdict = doc["verdict"].as_str().unwrap();
    assert_eq!(
        doc["decisive"],
        verdict.starts_with("decisive"),
        "{verdict}"
    );
    assert!(doc["recommendation"].as_str().unwrap().len() > 5);
}

#[test]
fn compare_reads_the_users_files_as_u32s_for_stream_vbyte() {
    let _turn = tuning();
    let files = fixture();
    let compare = |size: Option<&str>| {
        let mut cmd = arsenal();
        cmd.args([
            "compare",
            "encoding.streamvbyte_decode",
            "scalar",
            "crate:stream-vbyte",
            "--json",
            "--budget",
            "0.3",
        ]);
        if let Some(size) = size {
            cmd.args(["--size", size]);
        }
        cmd.arg("--input").arg(files.path()).output().unwrap()
    };
    // The median file is 6000 bytes: 1500 values; the longest, 6200 bytes, holds 1550.
    let doc = succeeded_json(compare(None));
    assert_eq!(doc["size"], 1500);
    assert_eq!(doc["unit"], "elements");
    assert_eq!(succeeded_json(compare(Some("1550")))["size"], 1550);
    let out = compare(Some("1551"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "longer than your longest file (1550 elements, as encoding.streamvbyte_decode"
        ),
        "{err}"
    );
}

#[test]
fn bad_input_is_one_line_exit_2_and_writes_nothing() {
    let files = fixture();
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("never.db");
    let manifest = work.path().join("never.json");
    let tune = |input: &Path, ops: &str| -> Vec<String> {
        [
            "tune",
            "--budget",
            "1",
            "--ops",
            ops,
            "--db",
            path(&db),
            "--manifest",
            path(&manifest),
            "--input",
            path(input),
        ]
        .map(String::from)
        .to_vec()
    };
    let check = |args: Vec<String>, needle: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fails_in_one_line(&args, needle);
        assert!(
            !db.exists() && !manifest.exists(),
            "{args:?} wrote something"
        );
    };
    let missing = files.path().join("no-such-file");
    check(tune(&missing, "hash.*"), "no such file or folder");
    check(
        tune(&files.path().join("empty"), "hash.*"),
        "the file is empty",
    );
    let hollow = tempfile::tempdir().unwrap();
    std::fs::create_dir(hollow.path().join("sub")).unwrap();
    std::fs::write(hollow.path().join("sub/zero"), b"").unwrap();
    check(tune(hollow.path(), "hash.*"), "holds no file with data");
    check(tune(files.path(), "sort.u64"), "sort.u64 takes no --input");
    check(
        tune(files.path(), "hash.*,linalg.sgemm"),
        "linalg.sgemm takes no --input",
    );
    fails_in_one_line(
        &[
            "compare",
            "linalg.dot_f32",
            "scalar",
            "scalar",
            "--input",
            path(files.path()),
        ],
        "linalg.dot_f32 takes no --input",
    );
    fails_in_one_line(
        &[
            "compare",
            "hash.xxh3_64",
            "scalar",
            "scalar",
            "--input",
            path(&missing),
        ],
        "no such file or folder",
    );
    fails_in_one_line(
        &[
            "compare",
            "hash.xxh3_64",
            "scalar",
            "scalar",
            "--size",
            "7000",
            "--input",
            path(files.path()),
        ],
        "longer than your longest file",
    );
    fails_in_one_line(
        &["tune", "--sizes", "64", "--input", path(files.path())],
        "--sizes",
    );
}

#[test]
fn help_says_how_input_is_read() {
    let out = arsenal().args(["tune", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in ["--input <PATH>", "walked recursively", "SHA-256", "sampled"] {
        assert!(help.contains(needle), "tune --help lacks `{needle}`");
    }
    let list = arsenal().args(["list", "--json"]).output().unwrap();
    let doc = json_of(&list.stdout);
    let ops = doc.as_array().unwrap();
    let memchr = ops.iter().find(|o| o["op"] == "search.memchr").unwrap();
    assert!(
        memchr["input"].as_str().unwrap().contains("newline"),
        "{memchr}"
    );
    let sort = ops.iter().find(|o| o["op"] == "sort.u64").unwrap();
    assert_eq!(sort["takes_input"], false);
}
