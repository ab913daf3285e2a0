//! The `arsenal` binary end to end: commands, exit codes, the store under kill -9 and
//! concurrency, budgets, export/import, manifests.

use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use arsenal_db::{RunStatus, Store, SCHEMA_VERSION};
use serde_json::Value;

mod common;
use common::{arsenal, bin, fails_in_one_line, json_of, succeeded_json, tuning};

#[test]
fn list_json_names_every_variant_with_availability() {
    let out = arsenal().args(["list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let doc = json_of(&out.stdout);
    let ops = doc.as_array().unwrap();
    assert_eq!(ops.len(), arsenal::workloads().len());
    for op in ops {
        for v in op["variants"].as_array().unwrap() {
            let available = v["available"].as_bool().unwrap();
            assert_eq!(v["unavailable_reason"].is_null(), available, "{v}");
        }
    }
}

/// `ARSENAL_FORCE` reaches the binary's runtime choice; a variant the host cannot run (here
/// masked) is refused in one line and the normal choice kept; bad values are bad input.
#[test]
fn arsenal_force_sets_the_runtime_choice_or_says_why_not() {
    let choice = |env: &[(&str, &str)]| {
        let mut cmd = arsenal();
        cmd.args(["list", "--json", "--ops", "search.memchr"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{env:?}");
        let doc = json_of(&out.stdout);
        let choice = doc[0]["runtime_choice"].as_str().unwrap().to_string();
        (choice, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (normal, err) = choice(&[]);
    assert_eq!(err, "");
    assert_eq!(
        choice(&[("ARSENAL_FORCE", "search.memchr=scalar")]),
        ("scalar".to_string(), String::new())
    );
    let (masked, err) = choice(&[
        ("ARSENAL_DISABLE", "avx2"),
        ("ARSENAL_FORCE", "search.memchr=avx2"),
    ]);
    assert_ne!(masked, "avx2");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("search.memchr=avx2 refused") && err.contains("avx2"),
        "{err}"
    );
    assert!(normal == masked || normal == "avx2", "{normal} {masked}");
    for (value, needle) in [
        ("search.memchr", "is not `op=variant`"),
        ("nope.op=scalar", "unknown op `nope.op`"),
        ("search.memchr=nope", "has no variant `nope`"),
    ] {
        let out = arsenal()
            .args(["list"])
            .env("ARSENAL_FORCE", value)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{value}: {err}");
        assert!(err.contains(needle), "{value}: {err}");
    }
}

#[test]
fn check_passes_on_this_host() {
    let _turn = tuning();
    arsenal()
        .args(["check", "--ops", "search.*"])
        .assert()
        .success();
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let db = db.to_str().unwrap();
    fails_in_one_line(&["tune", "--budget", "0", "--db", db], "budget");
    fails_in_one_line(&["tune", "--budget", "-1", "--db", db], "budget");
    fails_in_one_line(&["tune", "--budget", "soon", "--db", db], "soon");
    let out = dir.path().join("never.json");
    let out = out.to_str().unwrap();
    for (pin, extra, needle) in [
        ("nope.op=scalar", &[][..], "unknown op `nope.op`"),
        ("search.memchr=nope", &[][..], "has no variant `nope`"),
        ("search.memchr", &[][..], "expected OP=VARIANT"),
        ("search.memchr=scalar", &["--below", "0"][..], "--below 0"),
        (
            "hash.fast64=wyhash",
            &["--below", "64"][..],
            "contract is quality",
        ),
    ] {
        let mut args = vec!["manifest", "--db", db, "--out", out, "--pin", pin];
        args.extend(extra);
        fails_in_one_line(&args, needle);
    }
    assert!(!Path::new(out).exists(), "nothing written");
    fails_in_one_line(&["tune", "--strategy", "fastest", "--db", db], "fastest");
    fails_in_one_line(&["tune", "--ops", "nope.*", "--db", db], "matches no op");
    fails_in_one_line(&["tune", "--sizes", "0", "--db", db], "positive");
    fails_in_one_line(&["tune", "--replicas", "0", "--db", db], "--replicas");
    fails_in_one_line(&["tune", "--replicas", "many", "--db", db], "many");
    fails_in_one_line(
        &["tune", "--db", "/nonexistent/dir/arsenal.db"],
        "/nonexistent/dir",
    );
    fails_in_one_line(&["check", "--ops", "["], "bad pattern");
    fails_in_one_line(
        &["import", "/nonexistent.json", "--db", db],
        "nonexistent.json",
    );
    fails_in_one_line(&["explain", "nope.op", "--db", db], "unknown op");
    fails_in_one_line(&["manifest", "--db", db, "--max-features", "avx9"], "avx9");
    assert!(!Path::new(db).exists() || Store::open_read_only(db).is_ok());
    let out = arsenal()
        .env("ARSENAL_DISABLE", "avx3")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_foreign_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 + 3) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    fails_in_one_line(
        &[
            "tune",
            "--budget",
            "1",
            "--ops",
            "search.memchr",
            "--db",
            path.to_str().unwrap(),
        ],
        "notes.db",
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no -wal/-shm files appear beside it");
}

fn tune(db: &Path, budget: &str, ops: &str, extra: &[&str]) -> Value {
    let out = arsenal()
        .args(["tune", "--json", "--budget", budget, "--ops", ops, "--db"])
        .arg(db)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

#[test]
fn every_cell_goes_past_a_budget_too_short_and_says_so() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("every.db");
    // 50 ms does not cover verifying memchr's variants: with --every-cell both cells are
    // measured anyway, after one line that says the run goes past its budget.
    let out = arsenal()
        .args(["tune", "--json", "--every-cell", "--budget", "0.05"])
        .args(["--ops", "search.memchr", "--sizes", "64,4096"])
        .args([
            "--strategy",
            "throughput",
            "--no-drift-probe",
            "--no-manifest",
        ])
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert!(
        warnings.len() == 1 && warnings[0].contains("past the budget"),
        "{err}"
    );
    let doc = json_of(&out.stdout);
    let plan = &doc["plan"];
    assert_eq!(
        (plan["cells"].as_u64(), plan["dropped"].as_u64()),
        (Some(2), Some(0)),
        "{plan}"
    );
    assert!(plan["overrun_seconds"].as_f64().unwrap() > 0.0, "{plan}");
    let op = &doc["ops"][0];
    assert_eq!(op["cells"].as_array().unwrap().len(), 2, "{op}");
    assert_eq!(op["not_measured"], serde_json::json!([]), "{op}");
}

#[test]
fn a_budget_too_small_says_so_before_measuring_and_thins_every_ladder() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("thin.db");
    let manifest = dir.path().join("thin.json");
    // Two ops whose first passes cost several times their verification and pricing.
    let ops = "memory.copy,sort.u64";
    // What the first passes of every cell need on this machine, and what verification and
    // pricing take, from a run too short to measure anything: a fixed budget covers every cell
    // on some part (10 s did for sgemm and memchr on an AMD EPYC with AVX2 masked).
    // Verification and pricing plus 15 % of the first passes (60 % of the least they take, at
    // the quarter sample) cannot cover every cell, but leave time for many; either holds while
    // verification's time moves by less than a tenth of the first passes between the runs.
    let probe = tune(
        &dir.path().join("probe.db"),
        "0.05",
        ops,
        &["--no-drift-probe", "--no-manifest"],
    );
    let needed = probe["plan"]["needed_seconds"].as_f64().unwrap();
    let overhead = probe["plan"]["overhead_seconds"].as_f64().unwrap();
    let budget = overhead + 0.15 * needed;
    let out = arsenal()
        .args(["tune", "--json", "--budget", &format!("{budget:.2}")])
        .args(["--no-drift-probe", "--manifest"])
        .arg(&manifest)
        .args(["--ops", ops, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let warning = err
        .lines()
        .find(|l| l.starts_with("warning: the budget covers"))
        .unwrap_or_else(|| panic!("no shortfall warning: {err}"));
    assert!(warning.contains("--budget"), "{warning}");
    let doc = json_of(&out.stdout);
    let plan = &doc["plan"];
    let (cells, dropped) = (
        plan["cells"].as_u64().unwrap(),
        plan["dropped"].as_u64().unwrap(),
    );
    assert!(dropped > 0, "{plan}");
    let ladder = |op| arsenal::workload(op).unwrap().sizes().len() as u64;
    assert_eq!(
        cells + dropped,
        2 * (ladder("memory.copy") + ladder("sort.u64")),
        "both ops' ladders, in two strategies"
    );
    assert!(
        plan["budget_for_every_cell_seconds"].as_f64().unwrap() > budget,
        "{plan}"
    );
    // The plan starves neither op: each has cells planned, which the run measured or, on a
    // loaded machine whose first op overran its prices, stopped short of at its deadline.
    for op in doc["ops"].as_array().unwrap() {
        let mut planned = op["cells"].as_array().unwrap().len();
        for skipped in op["not_measured"].as_array().unwrap() {
            let reason = skipped["reason"].as_str().unwrap();
            let late = reason.starts_with("no time left in the budget");
            assert!(
                late || reason.starts_with("left out to fit the budget"),
                "{reason}"
            );
            planned += usize::from(late);
        }
        assert!(planned > 0, "{}: {plan}", op["op"]);
    }
    // The store keeps the skipped cells, which the manifest is built from: every cell the run
    // reports not measured. (Not the plan's `dropped` count: a bisection may measure a size the
    // plan left out, and a loaded machine may stop short of a planned cell.)
    let store = Store::open_read_only(&db).unwrap();
    let run = store.runs().unwrap()[0].id;
    let not_measured: usize = doc["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["not_measured"].as_array().unwrap().len())
        .sum();
    assert_eq!(store.skipped(run).unwrap().len(), not_measured);
    // The manifest wires no variant over a size the run skipped: runtime dispatch there.
    let text = std::fs::read_to_string(&manifest).unwrap();
    let parsed = arsenal_oracle::Manifest::from_json(&text).unwrap();
    for op in doc["ops"].as_array().unwrap() {
        let name = op["op"].as_str().unwrap();
        for skipped in op["not_measured"].as_array().unwrap() {
            let strategy = skipped["strategy"].as_str().unwrap().parse().unwrap();
            let size = skipped["size"].as_u64().unwrap();
            let wired = parsed.variant_for(name, strategy, size);
            assert!(
                wired.is_none_or(|v| v == arsenal_oracle::RUNTIME),
                "{name} {strategy} {size}: {wired:?} wired over a skipped cell"
            );
        }
    }
}

#[test]
fn tune_json_flags_shares_above_the_ceiling() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let extra = [
        "--sizes",
        "64",
        "--strategy",
        "throughput",
        "--no-manifest",
        "--every-cell",
    ];
    let doc = tune(&db, "4", "ceiling.read,search.memchr", &extra);
    let memchr = doc["ops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["op"] == "search.memchr")
        .unwrap();
    let mut shares = 0;
    for cell in memchr["cells"].as_array().unwrap() {
        for r in cell["results"].as_array().unwrap() {
            let percent = r["percent_of_ceiling"]
                .as_f64()
                .expect("a bytes op has a share");
            assert_eq!(r["at_ceiling"], Value::Bool(percent > 100.0), "{r}");
            shares += 1;
        }
    }
    assert!(shares > 0, "{doc}");
    // The ceiling op is read against nothing; explain names the bound memchr was read against,
    // as stored with the op.
    let read = doc["ops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["op"] == "ceiling.read");
    for cell in read.unwrap()["cells"].as_array().unwrap() {
        for r in cell["results"].as_array().unwrap() {
            assert!(r["percent_of_ceiling"].is_null(), "{r}");
        }
    }
    let out = arsenal()
        .args([
            "explain",
            "search.memchr",
            "--strategy",
            "throughput",
            "--json",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let explained: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bound = &explained["explanations"][0]["winner_bound"];
    assert_eq!(bound["kind"], "read", "{explained}");
    assert_eq!(bound["size"], 64, "{explained}");
    assert!(
        bound["why"].as_str().unwrap().starts_with("memory-bound"),
        "{bound}"
    );
}

#[test]
fn tune_help_explains_replicas_and_the_drift_guard() {
    let out = arsenal().args(["tune", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--replicas <N>",
        "[default: 2]",
        "--no-drift-probe",
        "drift guard",
    ] {
        assert!(
            help.contains(needle),
            "`tune --help` lacks `{needle}`:\n{help}"
        );
    }
}

/// The phases of a list of probes (stored or printed), sorted.
fn phases<'a>(phases: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut phases: Vec<&str> = phases.collect();
    phases.sort_unstable();
    phases.dedup();
    phases
}

#[test]
fn tune_stores_its_probes_replicas_and_drift_warnings() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = (dir.path().join("d.db"), dir.path().join("d.json"));
    // Only presence is checked, never how much fits: the machine may be busy.
    let tiny = ["--sizes", "4096", "--no-manifest"];
    let doc = tune(&db, "3", "ceiling.read", &tiny);
    assert_eq!(doc["replicas"], 3);
    let printed = doc["probes"].as_array().unwrap();
    assert_eq!(
        phases(printed.iter().map(|p| p["phase"].as_str().unwrap())),
        ["end", "start"]
    );
    for p in printed {
        assert!(p["size"].as_u64().unwrap() > 0 && p["bytes_per_second"].as_f64().unwrap() > 0.0);
    }
    assert!(doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_string));
    let store = Store::open_read_only(&db).unwrap();
    let first = store.run(doc["run"].as_i64().unwrap()).unwrap();
    assert_eq!(first.replicas, 3);
    assert_eq!(serde_json::json!(first.warnings), doc["warnings"]);
    let stored = store.probes(first.id).unwrap();
    assert_eq!(stored.len(), printed.len());
    assert_eq!(
        phases(stored.iter().map(|p| p.phase.as_str())),
        ["end", "start"]
    );
    drop(store);

    // Without the probe: one replica, no probes, nothing to warn of.
    let doc = tune(
        &db,
        "3",
        "ceiling.read",
        &[&tiny[..], &["--replicas", "1", "--no-drift-probe"]].concat(),
    );
    assert_eq!(doc["replicas"], 1);
    assert_eq!(doc["probes"], serde_json::json!([]));
    assert_eq!(doc["warnings"], serde_json::json!([]));
    let store = Store::open_read_only(&db).unwrap();
    let second = store.run(doc["run"].as_i64().unwrap()).unwrap();
    assert_eq!((second.replicas, second.warnings.len()), (1, 0));
    assert!(store.probes(second.id).unwrap().is_empty());
    let start: Vec<_> = stored
        .iter()
        .filter(|p| p.phase == "start")
        .cloned()
        .collect();
    assert_eq!(store.earlier_start_probes(second.id).unwrap(), start);
    drop(store);

    // A previous run of this host that read 100 times faster, imported: the next tune must say
    // the machine ran slow, on stderr after the summary, store it, and the report must show it.
    arsenal()
        .args(["export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&file)
        .assert()
        .success();
    let mut export: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut fast = export["runs"][0].clone();
    fast["uuid"] = Value::from("00000000-0000-4000-8000-00000000fa57");
    for p in fast["probes"].as_array_mut().unwrap() {
        p["bytes_per_second"] = Value::from(p["bytes_per_second"].as_f64().unwrap() * 100.0);
    }
    export["runs"] = Value::Array(vec![fast]);
    std::fs::write(&file, export.to_string()).unwrap();
    arsenal()
        .args(["import", "--db"])
        .arg(&db)
        .arg(&file)
        .assert()
        .success();
    let out = arsenal()
        .args(["tune", "--budget", "3", "--ops", "ceiling.read", "--db"])
        .arg(&db)
        .args(tiny)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("3 replicas per cell"), "{stdout}");
    let slow: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: the machine ran ") && l.contains("% slow"))
        .collect();
    assert!(!slow.is_empty(), "{stderr}");
    let store = Store::open_read_only(&db).unwrap();
    let third = store.latest_run(true).unwrap().unwrap();
    for line in &slow {
        let line = line.strip_prefix("warning: ").unwrap();
        assert!(third.warnings.iter().any(|w| w == line), "{third:?}");
    }
    let report = dir.path().join("report");
    arsenal()
        .args(["report", "--db"])
        .arg(&db)
        .args(["--run", &third.id.to_string(), "--out"])
        .arg(&report)
        .assert()
        .success();
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("<p class=\"warning\"><strong>warning:</strong> the machine ran "));
    assert!(html.contains("<th>probe size</th>"));
    let md = std::fs::read_to_string(report.join("report.md")).unwrap();
    assert!(md.contains("- **warning**: the machine ran "), "{md}");
}

#[test]
fn tune_records_every_cell_within_its_budget_and_writes_a_manifest() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let manifest = dir.path().join("m.json");
    // Two sizes and a generous budget: every cell fits even on a busy machine, so the test
    // checks the accounting and the deadline, not how much work fits in a few seconds.
    let budget = 10.0;
    let started = Instant::now();
    let doc = tune(
        &db,
        "10",
        "search.memchr,search.memrchr",
        &[
            "--sizes",
            "64,4096",
            "--manifest",
            manifest.to_str().unwrap(),
        ],
    );
    let wall = started.elapsed().as_secs_f64();
    let elapsed = doc["elapsed_seconds"].as_f64().unwrap();
    assert!(
        elapsed <= budget * 1.05 + 0.25,
        "tuner took {elapsed} s of {budget}"
    );
    assert!(
        wall <= elapsed + 5.0,
        "the command took {wall} s, the tuner {elapsed} s"
    );

    let store = Store::open_read_only(&db).unwrap();
    let run = store.latest_run(true).unwrap().expect("a complete run");
    assert_eq!(run.status, RunStatus::Complete);
    assert_eq!(run.ops_done, 2);
    let verifications = store.verifications(run.id).unwrap();
    for w in [
        arsenal::workload("search.memchr").unwrap(),
        arsenal::workload("search.memrchr").unwrap(),
    ] {
        for v in w.variants() {
            let row = verifications
                .iter()
                .find(|r| r.op == w.info().name && r.variant == v.name)
                .expect("every variant has a verification row");
            let expected = if v.is_available() {
                "passed"
            } else {
                "skipped"
            };
            assert_eq!(row.status, expected, "{}/{}", w.info().name, v.name);
        }
    }
    let measurements = store.measurements(run.id).unwrap();
    for op in doc["ops"].as_array().unwrap() {
        let name = op["op"].as_str().unwrap();
        let cells = op["cells"].as_array().unwrap();
        let missing = op["not_measured"].as_array().unwrap();
        assert_eq!(
            cells.len(),
            2 * 2,
            "{name}: both sizes, both strategies: {missing:?}"
        );
        for cell in cells {
            let rows: Vec<_> = measurements
                .iter()
                .filter(|m| {
                    m.op == name
                        && m.strategy == cell["strategy"].as_str().unwrap()
                        && m.size == cell["size"].as_u64().unwrap()
                })
                .collect();
            assert_eq!(rows.len(), cell["results"].as_array().unwrap().len());
            for m in rows {
                assert!(m.samples_ns.len() >= 2, "raw samples kept");
                assert!(
                    m.objective_ci_low_ns <= m.objective_ns
                        && m.objective_ns <= m.objective_ci_high_ns
                );
                assert!(m.counters.is_some() || m.counters_note.is_some());
            }
        }
    }
    let text = std::fs::read_to_string(&manifest).unwrap();
    let parsed = arsenal_oracle::Manifest::from_json(&text).unwrap();
    assert_eq!(parsed.run, run.id);
    assert!(parsed.ops.contains_key("search.memchr"));

    // The manifest fits the host it was made on, and explain reads the same run.
    arsenal()
        .args(["manifest", "--check"])
        .arg(&manifest)
        .assert()
        .success();
    let out = arsenal()
        .args([
            "explain",
            "search.memchr",
            "--size",
            "4096",
            "--json",
            "--db",
        ])
        .arg(&db)
        .args(["--manifest"])
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(out.status.success());
    let explained = json_of(&out.stdout);
    assert_eq!(explained["manifest"]["stale"], Value::Bool(false));
    assert!(!explained["explanations"].as_array().unwrap().is_empty());

    // verify-manifest measures sizes between the tuned ones and reports a regret for each cell.
    let doc = verify_manifest_at(&manifest, "512", "3");
    let cells = doc["cells"].as_array().unwrap();
    assert_eq!(
        cells.len(),
        2 * 2,
        "both ops, both strategies, at 512: {doc}"
    );
    for c in cells {
        assert_eq!(c["size"].as_u64(), Some(512));
        let (regret, low) = (
            c["regret"].as_f64().unwrap(),
            c["regret_low"].as_f64().unwrap(),
        );
        assert!(regret >= 0.0);
        // The least regret the intervals allow is never above the point regret.
        assert!((0.0..=regret).contains(&low), "{c}");
    }
    let overall = &doc["overall"];
    assert!(overall["max"].as_f64().unwrap() >= overall["median"].as_f64().unwrap());
    assert!(overall["max_low"].as_f64().unwrap() <= overall["max"].as_f64().unwrap());
    // The headline, split by strategy and band kind, adds up to every cell.
    let groups = doc["groups"].as_array().unwrap();
    let in_groups: u64 = groups
        .iter()
        .map(|g| g["stats"]["cells"].as_u64().unwrap())
        .sum();
    assert_eq!(in_groups, 4, "{doc}");
    let worse: u64 = groups
        .iter()
        .map(|g| g["stats"]["measurably_worse"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(worse), overall["measurably_worse"].as_u64());
    assert_eq!(doc["tie_margin"].as_f64(), Some(0.03));
    // No op here wires one variant for every size.
    assert!(doc["one_variant"].is_null(), "{doc}");
    assert!(cells.iter().all(|c| c["one_variant"] == Value::Bool(false)));

    // Profiles: every measured variant, where it wins and loses; the winners' bands are theirs.
    let out = arsenal()
        .args(["profile", "search.memchr", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let doc = common::succeeded_json(out);
    let profiles = doc["profiles"].as_array().unwrap();
    let here = arsenal::cpu::HostInfo::detect().brand;
    let mut bands = 0;
    for p in profiles {
        let name = p["variant"].as_str().unwrap();
        bands += p["best_for"].as_array().unwrap().len();
        for d in p["defeated_by"].as_array().unwrap() {
            assert_ne!(d["by"].as_str(), Some(name), "{p}");
            assert!(d["ratio"].as_f64().unwrap() > 0.0, "{p}");
        }
        assert!(p["measured_on"].to_string().contains(&here), "{p}");
        assert!(p["origin"].is_string() && p["requires"].is_array(), "{p}");
    }
    let plain =
        arsenal_oracle::Manifest::from_json(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let in_manifest: usize = arsenal_oracle::Strategy::ALL
        .into_iter()
        .map(|s| {
            plain.ops["search.memchr"]
                .bands(s)
                .iter()
                .filter(|b| b.variant != "runtime")
                .count()
        })
        .sum();
    assert_eq!(
        bands, in_manifest,
        "every band of the manifest is some variant's best_for"
    );
    let out = arsenal()
        .args(["profile", "search.memchr", "no-such", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not measured"));

    // A pin: the user's variant below a size under one strategy, marked as such, the measured
    // bands above it kept; explain shows it, and --check still checks its features.
    let pinned = dir.path().join("pinned.json");
    arsenal()
        .args(["manifest", "--db"])
        .arg(&db)
        .args([
            "--pin",
            "search.memchr=avx2",
            "--strategy",
            "latency",
            "--below",
            "1000",
        ])
        .arg("--out")
        .arg(&pinned)
        .assert()
        .success();
    let parsed =
        arsenal_oracle::Manifest::from_json(&std::fs::read_to_string(&pinned).unwrap()).unwrap();
    let band = parsed
        .band_for("search.memchr", arsenal_oracle::Strategy::Latency, 999)
        .unwrap();
    assert_eq!((band.variant.as_str(), band.pinned), ("avx2", true));
    let above = parsed
        .band_for("search.memchr", arsenal_oracle::Strategy::Latency, 4096)
        .unwrap();
    assert!(!above.pinned, "{above:?}");
    assert_eq!(
        parsed.ops["search.memchr"].throughput,
        plain.ops["search.memchr"].throughput
    );
    let out = arsenal()
        .args(["explain", "search.memchr", "--size", "64", "--db"])
        .arg(&db)
        .arg("--manifest")
        .arg(&pinned)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("search.memchr latency: the manifest pins avx2 for sizes below 1000 (the user's choice, not measured)"),
        "{text}"
    );
    let out = arsenal()
        .args(["manifest", "--json", "--check"])
        .arg(&pinned)
        .env("ARSENAL_DISABLE", "avx2")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a pin this host cannot run is stale"
    );
    assert!(json_of(&out.stdout)["reasons"].to_string().contains("avx2"));
}

/// `arsenal verify-manifest --json --every-cell` of `manifest` at one size, in `budget` seconds
/// or as long as it takes to measure every cell once (the machine may be busy): its document.
fn verify_manifest_at(manifest: &Path, size: &str, budget: &str) -> Value {
    let out = arsenal()
        .args([
            "verify-manifest",
            "--json",
            "--every-cell",
            "--budget",
            budget,
            "--sizes",
            size,
        ])
        .arg("--manifest")
        .arg(manifest)
        .output()
        .unwrap();
    succeeded_json(out)
}

/// `hash.fast64`'s variants differ in output: its plan is one variant for every size and both
/// strategies, whatever won each size, and the note says what it costs.
#[test]
fn a_quality_op_gets_one_variant_for_every_size() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let manifest = dir.path().join("m.json");
    // Verification of its nine variants can take the whole budget of a busy machine: every cell
    // is measured anyway.
    let doc = tune(
        &db,
        "3",
        "hash.fast64",
        &[
            "--every-cell",
            "--sizes",
            "8,4096",
            "--strategy",
            "throughput",
            "--manifest",
            manifest.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&manifest).unwrap();
    let parsed = arsenal_oracle::Manifest::from_json(&text).unwrap();
    let plan = &parsed.ops["hash.fast64"];
    assert_eq!(plan.throughput.len(), 1, "{text}");
    assert_eq!(plan.throughput, plan.latency, "{text}");
    assert_eq!(plan.throughput[0].below, None);
    // explain names the one variant, as the manifest serves it, before each size's winner.
    let out = arsenal()
        .args(["explain", "hash.fast64", "--strategy", "throughput", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let served = format!(
        "hash.fast64 throughput plan: {} for every size (its contract is quality",
        plan.throughput[0].variant
    );
    assert!(text.contains(&served), "{text}");
    let notes = doc["manifest_notes"].to_string();
    assert!(
        notes.contains("hash.fast64 throughput: its contract is quality, so one variant serves"),
        "the note says why: {notes}"
    );
    // verify-manifest counts its cells apart from the choices: what the contract costs.
    let doc = verify_manifest_at(&manifest, "64", "3");
    let cells = doc["cells"].as_array().unwrap();
    assert!(!cells.is_empty(), "{doc}");
    assert!(
        cells.iter().all(|c| c["one_variant"] == Value::Bool(true)),
        "{doc}"
    );
    assert!(doc["overall"].is_null(), "{doc}");
    assert_eq!(
        doc["one_variant"]["cells"].as_u64(),
        Some(cells.len() as u64)
    );
}

#[test]
fn a_stale_manifest_says_why() {
    // The fixture's host is this host with every identity field changed, so each reason is
    // expected on any part, by construction.
    let here = arsenal::cpu::HostInfo::detect();
    let vendor = if here.vendor == "AuthenticAMD" {
        "GenuineIntel"
    } else {
        "AuthenticAMD"
    };
    let microcode = format!("{}-other", here.microcode.as_deref().unwrap_or("none"));
    let manifest = serde_json::json!({
        "schema": 1, "arsenal": "0.1.0",
        "host": {"fingerprint": "0", "vendor": vendor, "brand": format!("{} (other)", here.brand),
                 "family": here.family + 1, "model": here.model + 1, "stepping": here.stepping + 1,
                 "microcode": microcode, "features": ["sse2"]},
        "run": 1, "policy": {}, "default_strategy": "throughput",
        "ops": {"search.memchr": {"throughput": [{"below": null, "variant": "no-such", "decisive": true}]}}
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    std::fs::write(&path, manifest.to_string()).unwrap();
    let out = arsenal()
        .args(["manifest", "--json", "--check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json_of(&out.stdout);
    let reasons = doc["reasons"].to_string();
    for word in [
        "vendor",
        "brand",
        "family",
        "model",
        "stepping",
        "microcode",
        "no-such",
    ] {
        assert!(reasons.contains(word), "{word}: {reasons}");
    }
}

/// `manifest` of another CPU (`vendor`, `model`) than `base`'s, otherwise the same.
fn other_host(base: &Value, vendor: &str, model: u64) -> Value {
    let mut other = base.clone();
    other["host"]["vendor"] = vendor.into();
    other["host"]["model"] = model.into();
    other["host"]["brand"] = "fixture: another CPU".into();
    other
}

#[test]
fn a_fleet_merges_hosts_and_serves_this_ones_table() {
    let _serial = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let here = dir.path().join("here.json");
    tune(
        &db,
        "2",
        "search.memchr",
        &["--manifest", here.to_str().unwrap()],
    );
    let here_doc: Value = serde_json::from_str(&std::fs::read_to_string(&here).unwrap()).unwrap();
    let vendor = if here_doc["host"]["vendor"] == "AuthenticAMD" {
        "GenuineIntel"
    } else {
        "AuthenticAMD"
    };
    let write = |name: &str, doc: &Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, doc.to_string()).unwrap();
        path.to_str().unwrap().to_string()
    };
    let other = write("other.json", &other_host(&here_doc, vendor, 143));
    let third = write("third.json", &other_host(&here_doc, vendor, 207));
    let here = here.to_str().unwrap();
    let fleet = dir.path().join("fleet.json");
    let fleet_arg = fleet.to_str().unwrap();

    let out = arsenal()
        .args(["manifest", "--merge", here, &other, "--out", fleet_arg])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("with 2 host tables"), "{text}");
    assert!(
        text.contains("On this host a build runs the table of"),
        "{text}"
    );
    let file =
        arsenal_oracle::ManifestFile::from_json(&std::fs::read_to_string(&fleet).unwrap()).unwrap();
    assert_eq!(file.tables().len(), 2);
    // `--check` and every reader of a manifest take this host's table.
    let out = arsenal()
        .args(["manifest", "--check", fleet_arg])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A fleet with no table for this host is stale here, and says why.
    let elsewhere = dir.path().join("elsewhere.json");
    let out = arsenal()
        .args(["manifest", "--json", "--merge", &other, &third, "--out"])
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert_eq!(succeeded_json(out)["serving_this_host"], Value::Null);
    let out = arsenal()
        .args(["manifest", "--json", "--check"])
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let reasons = json_of(&out.stdout)["reasons"].to_string();
    assert!(
        reasons.contains("no table of the fleet serves this host"),
        "{reasons}"
    );
    // A fleet merges with a manifest into a bigger fleet.
    let bigger = dir.path().join("bigger.json");
    let out = arsenal()
        .args(["manifest", "--json", "--merge", fleet_arg, &third, "--out"])
        .arg(&bigger)
        .output()
        .unwrap();
    assert_eq!(succeeded_json(out)["tables"].as_array().unwrap().len(), 3);

    // Bad input: one line, exit 2, nothing written.
    let refused = dir.path().join("refused.json");
    let refused_arg = refused.to_str().unwrap();
    let mut future = here_doc.clone();
    future["schema"] = 2.into();
    let future = write("future.json", &future);
    let mut latency = other_host(&here_doc, vendor, 200);
    latency["default_strategy"] = "latency".into();
    let latency = write("latency.json", &latency);
    for (args, needle) in [
        (vec![here, here], "are both tuned on"),
        (vec![fleet_arg, &other], "are both tuned on"),
        (vec![here, &future], "manifest schema 2 is not supported"),
        (vec![here, &latency], "defaults to throughput"),
        (vec![here, "/no/such.json"], "cannot read /no/such.json"),
        (
            vec![here, &other, "--no-crates"],
            "--merge takes each manifest as it was written",
        ),
    ] {
        let mut full = vec!["manifest", "--merge"];
        full.extend(args);
        full.extend(["--out", refused_arg]);
        fails_in_one_line(&full, needle);
        assert!(!refused.exists(), "{full:?} wrote {refused_arg}");
    }
}

#[test]
fn verify_manifest_checks_the_ceiling_probes_only_when_named() {
    let _serial = tuning();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    let band = serde_json::json!([{"below": null, "variant": "scalar", "decisive": true}]);
    let manifest = serde_json::json!({
        "schema": 1, "arsenal": "0.1.0",
        "host": {"fingerprint": "0", "vendor": "", "brand": "", "family": 0, "model": 0,
                 "stepping": 0, "microcode": "", "features": ["sse2"]},
        "run": 1, "policy": {}, "default_strategy": "throughput",
        "ops": {"search.memchr": {"throughput": band, "latency": []},
                "ceiling.read": {"throughput": band, "latency": []}}
    });
    std::fs::write(&path, manifest.to_string()).unwrap();
    let checked = |ops: Option<&str>| -> (Vec<String>, Value) {
        let mut cmd = arsenal();
        // --every-cell: the cells checked must not depend on how many fit 3 s on a busy machine.
        cmd.args([
            "verify-manifest",
            "--json",
            "--every-cell",
            "--budget",
            "3",
            "--sizes",
            "256",
        ]);
        if let Some(ops) = ops {
            cmd.args(["--ops", ops]);
        }
        let doc = common::succeeded_json(cmd.arg("--manifest").arg(&path).output().unwrap());
        let cells = doc["cells"].as_array().unwrap();
        let ops = cells.iter().map(|c| c["op"].as_str().unwrap().to_string());
        (ops.collect(), doc["probes_left_out"].clone())
    };
    assert_eq!(
        checked(None),
        (
            vec!["search.memchr".into()],
            serde_json::json!(["ceiling.read"])
        )
    );
    assert_eq!(
        checked(Some("ceiling.*")),
        (vec!["ceiling.read".into()], serde_json::json!([]))
    );
}

#[test]
fn verify_manifest_quick_lists_the_cells_the_wired_choice_lost() {
    let _serial = tuning();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    // Byte-at-a-time memchr wired where the tune found SWAR (8 bytes a step) close behind: a
    // choice that loses at every size of the op's ladder, on any part. The latency band has no
    // recorded runner-up (as a pin would not).
    let manifest = serde_json::json!({
        "schema": 1, "arsenal": "0.1.0",
        "host": {"fingerprint": "0", "vendor": "", "brand": "", "family": 0, "model": 0,
                 "stepping": 0, "microcode": "", "features": ["sse2"]},
        "run": 1, "policy": {}, "default_strategy": "throughput",
        "ops": {"search.memchr": {
            "throughput": [{"below": null, "variant": "scalar", "decisive": true, "runner_up": "swar"}],
            "latency": [{"below": null, "variant": "swar", "decisive": true, "pinned": true}]}}
    });
    std::fs::write(&path, manifest.to_string()).unwrap();
    let out = arsenal()
        .args(["verify-manifest", "--quick", "--json", "--manifest"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out.stdout);
    assert_eq!(doc["lost_decisively"], 1, "{doc}");
    let cells = doc["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2, "{doc}");
    let t = &cells[0];
    assert_eq!(
        (t["wired"].as_str(), t["runner_up"].as_str()),
        (Some("scalar"), Some("swar"))
    );
    assert_eq!(t["lost_decisively"], true, "{t}");
    assert!(t["ratio"].as_f64().unwrap() < 1.0, "{t}");
    assert!(t["skipped"].is_null());
    let l = &cells[1];
    assert!(
        l["skipped"].as_str().unwrap().contains("no runner-up"),
        "{l}"
    );
    // The text lists the lost cell.
    let out = arsenal()
        .args(["verify-manifest", "--quick", "--manifest"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 of 1 measured cells lost decisively"),
        "{text}"
    );
    assert!(text.contains("search.memchr throughput"), "{text}");
    assert!(text.contains("scalar lost to swar"), "{text}");
    // --quick takes no budget or sizes: it is one fixed-length check.
    let m = path.to_str().unwrap();
    fails_in_one_line(
        &[
            "verify-manifest",
            "--quick",
            "--budget",
            "5",
            "--manifest",
            m,
        ],
        "--budget",
    );
}

#[test]
fn kill_9_keeps_finished_ops_and_the_store_extends() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let mut child = Process::new(bin())
        .args([
            "tune",
            "--budget",
            "60",
            "--ops",
            "search.*",
            "--no-manifest",
            "--db",
        ])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(Instant::now() < deadline, "no op finished in time");
        std::thread::sleep(Duration::from_millis(200));
        let done = Store::open_read_only(&db)
            .ok()
            .and_then(|s| s.runs().ok())
            .and_then(|runs| runs.first().map(|r| r.ops_done))
            .unwrap_or(0);
        if done >= 1 {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let store = Store::open_read_only(&db).unwrap();
    let runs = store.runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Incomplete);
    assert!(runs[0].ops_done >= 1);
    assert!(!store.measurements(runs[0].id).unwrap().is_empty());
    drop(store);

    tune(&db, "6", "search.memchr", &["--no-manifest"]);
    let runs = Store::open_read_only(&db).unwrap().runs().unwrap();
    assert_eq!(runs.len(), 2);
    let statuses: Vec<_> = runs.iter().map(|r| r.status).collect();
    assert!(statuses.contains(&RunStatus::Incomplete) && statuses.contains(&RunStatus::Complete));
}

#[test]
fn two_tunes_on_one_database_both_finish() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let spawn = || {
        Process::new(bin())
            .args([
                "tune",
                "--budget",
                "6",
                "--ops",
                "search.memchr",
                "--no-manifest",
                "--db",
            ])
            .arg(&db)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let runs = Store::open_read_only(&db).unwrap().runs().unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.status == RunStatus::Complete));
}

#[test]
fn a_viewer_upgrades_a_store_an_older_arsenal_wrote_and_says_so() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let small = [
        "--every-cell",
        "--sizes",
        "64",
        "--strategy",
        "latency",
        "--no-drift-probe",
        "--no-manifest",
    ];
    tune(&db, "0.5", "search.memchr", &small);
    // Schema 6 as it was: no median intervals.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "ALTER TABLE measurements DROP COLUMN median_ci_low_ns;
         ALTER TABLE measurements DROP COLUMN median_ci_high_ns;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    drop(conn);
    let out = arsenal()
        .args(["explain", "search.memchr", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let upgraded = format!("from schema version 6 to {SCHEMA_VERSION}");
    assert!(
        stderr.contains("upgraded") && stderr.contains(&upgraded),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("search.memchr latency plan"), "{stdout}");
    let version: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, i64::from(SCHEMA_VERSION));
    // The upgraded store takes a new run as usual.
    tune(&db, "0.5", "search.memchr", &small);
    assert_eq!(Store::open_read_only(&db).unwrap().runs().unwrap().len(), 2);
}

#[test]
fn export_then_import_twice_changes_nothing_the_second_time() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let (db, copy, file) = (
        dir.path().join("s.db"),
        dir.path().join("c.db"),
        dir.path().join("e.json"),
    );
    tune(
        &db,
        "6",
        "search.memrchr",
        &["--no-manifest", "--strategy", "throughput"],
    );
    arsenal()
        .args(["export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&file)
        .assert()
        .success();
    let import = || {
        let out = arsenal()
            .args(["import", "--json", "--db"])
            .arg(&copy)
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success());
        json_of(&out.stdout)
    };
    assert_eq!(import()["runs_added"], 1);
    let second = import();
    assert_eq!(
        (
            second["runs_added"].as_u64(),
            second["runs_skipped"].as_u64()
        ),
        (Some(0), Some(1))
    );
    let (a, b) = (
        Store::open_read_only(&db).unwrap(),
        Store::open_read_only(&copy).unwrap(),
    );
    let (ra, rb) = (
        a.latest_run(true).unwrap().unwrap(),
        b.latest_run(true).unwrap().unwrap(),
    );
    assert_eq!(ra.uuid, rb.uuid);
    assert_eq!(
        a.measurements(ra.id).unwrap(),
        b.measurements(rb.id).unwrap()
    );
}

#[test]
fn report_writes_html_and_markdown_and_compares_runs() {
    let _turn = tuning();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    for _ in 0..2 {
        tune(
            &db,
            "6",
            "search.memchr",
            &[
                "--strategy",
                "throughput",
                "--sizes",
                "64,4096",
                "--no-manifest",
            ],
        );
    }
    let out_dir = dir.path().join("report");
    let out = arsenal()
        .args(["report", "--json", "--baseline", "1", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out.stdout);
    assert_eq!(doc["run"], 2);
    assert_eq!(doc["baseline"], 1);
    let html = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(html.contains("Changes since run 1"));
    assert!(html.contains("<svg"), "a chart per measured strategy");
    assert!(html.contains("search.memchr"));
    let md = std::fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(md.contains("### search.memchr"));
    assert!(md.contains("| size | winner |"));
    // Each op's profiles; with a manifest, what it wires, the user's pin marked.
    assert!(md.contains("**profiles**"), "{md}");
    assert!(
        md.contains("| variant | origin | needs | best for | defeated |"),
        "{md}"
    );
    let pinned = dir.path().join("pinned.json");
    let out = arsenal()
        .args(["manifest", "--pin", "search.memchr=scalar", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&pinned)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let with_manifest = dir.path().join("report-pinned");
    let out = arsenal()
        .args(["report", "--json", "--db"])
        .arg(&db)
        .arg("--manifest")
        .arg(&pinned)
        .arg("--out")
        .arg(&with_manifest)
        .output()
        .unwrap();
    assert_eq!(succeeded_json(out)["manifest"], pinned.to_str().unwrap());
    let md = std::fs::read_to_string(with_manifest.join("report.md")).unwrap();
    assert!(md.contains("### Manifest"), "{md}");
    assert!(
        md.contains(
            "| search.memchr | throughput | scalar every size (pinned by the user, not measured) |"
        ),
        "{md}"
    );
    let db = db.to_str().unwrap();
    fails_in_one_line(
        &["report", "--db", db, "--manifest", "/no/such.json"],
        "cannot read /no/such.json",
    );
    fails_in_one_line(&["report", "--db", db, "--run", "9"], "9");
    fails_in_one_line(&["report", "--db", db, "--baseline", "9"], "--baseline");
    let missing = dir.path().join("none.db");
    fails_in_one_line(&["report", "--db", missing.to_str().unwrap()], "none.db");
}

#[test]
fn compare_measures_two_variants_and_gives_a_verdict() {
    let _turn = tuning();
    let out = arsenal()
        .args([
            "compare",
            "search.memchr",
            "scalar",
            "swar",
            "--size",
            "4096",
            "--budget",
            "0.5",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out.stdout);
    assert_eq!(doc["size"], 4096);
    assert_eq!(doc["strategy"], "throughput");
    assert_eq!(doc["replicas"], 3, "{doc}");
    let ratio = doc["ratio"].as_f64().unwrap();
    let ci = doc["ratio_ci"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() <= ratio && ratio <= ci[1].as_f64().unwrap());
    assert!(doc["verdict"].as_str().unwrap().len() > 3);
    let text = arsenal()
        .args([
            "compare",
            "search.memchr",
            "scalar",
            "scalar",
            "--size",
            "256",
        ])
        .args(["--budget", "0.3", "--strategy", "latency"])
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("verdict:"), "{text}");
    assert!(text.contains("95% CI"), "{text}");
}

#[test]
fn compare_refuses_bad_input_in_one_line() {
    fails_in_one_line(&["compare", "nope.op", "a", "b"], "unknown op `nope.op`");
    fails_in_one_line(
        &["compare", "search.memchr", "scalar", "nope"],
        "no variant `nope`",
    );
    fails_in_one_line(
        &["compare", "search.memchr", "scalar", "swar", "--size", "0"],
        "positive size",
    );
    fails_in_one_line(
        &[
            "compare",
            "search.memchr",
            "scalar",
            "swar",
            "--size",
            "big",
        ],
        "big",
    );
    fails_in_one_line(
        &[
            "compare",
            "search.memchr",
            "scalar",
            "swar",
            "--strategy",
            "fast",
        ],
        "fast",
    );
    let missing = arsenal::workload("search.memchr")
        .unwrap()
        .variants()
        .into_iter()
        .find(|v| !v.is_available());
    if let Some(v) = missing {
        fails_in_one_line(
            &["compare", "search.memchr", v.name, "scalar"],
            "unavailable",
        );
    }
}

#[test]
fn explore_without_a_terminal_says_so_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    // Missing database, no terminal: the terminal is the problem named.
    fails_in_one_line(
        &["explore", "--db", db.to_str().unwrap()],
        "needs a terminal",
    );
    let foreign = dir.path().join("notes.db");
    std::fs::write(&foreign, b"not a database at all, just some notes").unwrap();
    fails_in_one_line(&["explore", "--db", foreign.to_str().unwrap()], "notes.db");
}
