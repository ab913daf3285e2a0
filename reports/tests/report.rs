//! The report rendered from synthetic runs with known answers.

use arsenal_oracle::{Policy, Strategy};
use arsenal_report::diff::Direction;
use arsenal_report::{html, markdown, sample, Report, RunDiff, RunView};

fn views() -> (RunView, RunView) {
    let (first, second) = sample::two_runs();
    (
        RunView::new(first, Policy::default()),
        RunView::new(second, Policy::default()),
    )
}

#[test]
fn views_hold_the_known_bands() {
    let (first, _) = views();
    let memchr = first.op("search.memchr").unwrap();
    let t = memchr.strategy(Strategy::Throughput).unwrap();
    let bands: Vec<(Option<u64>, &str)> = t
        .plan
        .bands
        .iter()
        .map(|b| (b.below, b.variant.as_str()))
        .collect();
    assert_eq!(
        bands,
        // Crossovers where the times cross (log-log interpolation), not the geometric means;
        // runtime dispatch outside the measured 16 B..64 KiB.
        [
            (Some(16), "runtime"),
            (Some(31), "sse2"),
            (Some(634), "avx2"),
            (Some(65537), "libc"),
            (None, "runtime")
        ]
    );
    assert_eq!(
        t.bands_text(memchr.unit),
        "runtime <16 B · sse2 <31 B · avx2 <634 B · libc ≤64 KiB · runtime"
    );
    assert_eq!(t.variants, ["scalar", "sse2", "avx2", "libc"]);
    assert_eq!(t.ranked(16)[0].variant, "sse2");
    let sort = first.op("sort.u64").unwrap();
    assert_eq!(sort.failed.len(), 1);
    assert_eq!(sort.failed[0].variant, "swar");
    // A failed variant is never measured nor charted.
    assert!(!sort.strategies[0].variants.contains(&"swar".to_string()));
}

#[test]
fn the_diff_finds_the_planted_changes_and_nothing_else() {
    let (first, second) = views();
    let diff = RunDiff::new(&first, &second);
    assert!(diff.same_host);
    let changed: Vec<(&str, Strategy, u64, &str, &str)> = diff
        .winners
        .iter()
        .filter(|w| w.op == "search.memchr" && w.strategy == Strategy::Throughput)
        .map(|w| {
            (
                w.op.as_str(),
                w.strategy,
                w.size,
                w.before.as_str(),
                w.after.as_str(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("search.memchr", Strategy::Throughput, 64, "avx2", "sse2"),
            ("search.memchr", Strategy::Throughput, 256, "avx2", "libc"),
        ]
    );
    assert!(!diff.op_changed("sort.u64"));
    // avx2 is 30 % slower at 64 B and above, under both strategies: 6 sizes × 2.
    let slower: Vec<_> = diff.regressions().collect();
    assert_eq!(slower.len(), 12);
    assert!(slower.iter().all(|m| m.variant == "avx2" && m.size >= 64));
    assert_eq!(slower[0].change_text(), "+30%");
    let faster: Vec<_> = diff
        .moves
        .iter()
        .filter(|m| m.direction == Direction::Faster)
        .collect();
    assert_eq!(faster.len(), 2);
    assert!(faster
        .iter()
        .all(|m| m.variant == "libc" && m.size == 65536));
    assert!(diff
        .move_of("search.memchr", Strategy::Latency, "libc", 65536)
        .is_some());
    assert_eq!(diff.groups(Direction::Slower).len(), 2);
    assert_eq!(diff.systematic(), None);
    assert_eq!(diff.groups(Direction::Slower).len(), 2);
    assert_eq!(diff.systematic(), None);
    // A run against itself: nothing.
    let same = RunDiff::new(&first, &first);
    assert!(same.winners.is_empty() && same.moves.is_empty());
}

#[test]
fn html_is_self_contained_and_complete() {
    let (first, second) = views();
    let diff = RunDiff::new(&first, &second);
    let page = html::render(&Report {
        run: &second,
        baseline: Some((&first, &diff)),
        wiring: None,
    });
    assert!(page.starts_with("<!DOCTYPE html>"));
    for needle in [
        "Arsenal report: run 2",
        "Sample CPU @ 3.0GHz",
        "Changes since run 1",
        "Winners that changed: ",
        "slower",
        "search.memchr",
        "sort.u64",
        "Failed verification (1)",
        "expected [1, 2, 3], got [1, 3, 2]",
        "<svg",
        "Explanations (7 sizes)",
        "tie broken",
        "read 200.0 GB/s at 4 KiB",
        "fma_f32 400.0 GFLOP/s",
        "mul_u32 15G muls/s",
    ] {
        assert!(page.contains(needle), "the page lacks `{needle}`");
    }
    // One chart per (op, strategy).
    assert_eq!(page.matches("<svg").count(), 4);
    // Nothing to fetch, nothing to run (the SVG namespace is a name, not an address fetched).
    let page = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for banned in ["<script", "http://", "https://", "<link", "src=", "url("] {
        assert!(!page.contains(banned), "the page holds `{banned}`");
    }
}

#[test]
fn a_run_without_ceilings_shows_no_share() {
    let run = RunView::new(sample::run(1, |_, _| 1.0), Policy::default());
    let page = html::render(&Report {
        run: &run,
        baseline: None,
        wiring: None,
    });
    assert!(page.contains("not measured (figures are shown without a share of a ceiling)"));
    assert!(!page.contains("Changes since"));
    let md = markdown::render(&Report {
        run: &run,
        baseline: None,
        wiring: None,
    });
    // The % ceiling column stays, empty.
    assert!(
        md.contains("| 16 B | sse2 | 3.2 GB/s |  | 5.0 ns |"),
        "{md}"
    );
}

#[test]
fn markdown_has_the_tables_and_the_changes() {
    let (first, second) = views();
    let diff = RunDiff::new(&first, &second);
    let md = markdown::render(&Report {
        run: &second,
        baseline: Some((&first, &diff)),
        wiring: None,
    });
    assert!(md.starts_with("## Arsenal: run 2\n"));
    assert!(md.contains("### Changes since run 1"));
    // Decisive changes come first; a change between two ties is counted apart as noise.
    let reshuffled = diff.winners.iter().position(|w| w.reshuffle());
    if let Some(first_reshuffle) = reshuffled {
        assert!(diff.winners[first_reshuffle..]
            .iter()
            .all(|w| w.reshuffle()));
    }
    let title = format!(
        "Winners that changed: {} decisive, {} tie reshuffles",
        diff.decisive_changes().count(),
        diff.reshuffles().count()
    );
    assert!(md.contains(&title), "{md}");
    assert_eq!(
        diff.decisive_changes().count() + diff.reshuffles().count(),
        diff.winners.len()
    );
    assert!(
        md.contains("| search.memchr | throughput | 64 B | avx2 | sse2 | decisive |"),
        "{md}"
    );
    assert!(
        md.contains("| search.memchr | throughput | avx2 | 64 B, 256 B, 1 KiB, 4 KiB, 16 KiB, 64 KiB | +30% **slower** |"),
        "{md}"
    );
    assert!(
        md.contains("| search.memchr | latency | libc | 64 KiB | -20% faster |"),
        "{md}"
    );
    assert!(
        md.contains("**throughput**: runtime <16 B · sse2 <125 B · libc ≤64 KiB · runtime"),
        "{md}"
    );
    // 4 KiB of libc at 4096/216.8 ns = 18.9 GB/s, 9 % of the 200 GB/s read ceiling at 4 KiB.
    assert!(md.contains("| 4 KiB | libc | 18.9 GB/s | 9% |"), "{md}");
    assert!(
        md.contains("- **failed verification** `swar`: len 3"),
        "{md}"
    );
    // Every table row has as many cells as its header.
    for line in md.lines().filter(|l| l.starts_with("| size")) {
        assert_eq!(line.matches(" | ").count(), 7);
    }
}

fn pages(data: arsenal_report::RunData) -> (String, String) {
    let run = RunView::new(data, Policy::default());
    let report = Report {
        run: &run,
        baseline: None,
        wiring: None,
    };
    (html::render(&report), markdown::render(&report))
}

#[test]
fn a_drifted_run_shows_its_warning_beside_the_probes() {
    let (page, md) = pages(sample::probed_run(3, true));
    // The warning is escaped once, in the warning colour, right after the host table.
    let escaped = sample::DRIFT_WARNING.replace('&', "&amp;");
    let warning = format!("<p class=\"warning\"><strong>warning:</strong> {escaped}</p>");
    assert!(page.contains(&warning), "{page}");
    let host_table_end = page.find("</table>").unwrap();
    assert!(page.find(&warning).unwrap() > host_table_end);
    assert!(page.find(&warning).unwrap() < page.find("id=\"selection\"").unwrap());
    for needle in [
        "<th>replicas per cell</th><td>2</td>",
        "<th>drift guard</th><td>1 warning</td>",
        "Drift probe",
        "<th>probe size</th><th>start</th><th>end</th><th>change</th>",
        "<td class=\"num\">16 KiB</td><td class=\"num\">100.0 GB/s</td><td class=\"num\">75.0 GB/s</td><td class=\"num\">-25.0%</td>",
        "<td class=\"num\">64 MiB</td><td class=\"num\">10.0 GB/s</td><td class=\"num\">7.5 GB/s</td>",
    ] {
        assert!(page.contains(needle), "the page lacks `{needle}`");
    }
    assert!(
        md.contains("Replicas per cell: 2. Drift guard: 1 warning.\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!("- **warning**: {}\n", sample::DRIFT_WARNING)),
        "{md}"
    );
    assert!(md.contains("| probe size | start | end | change |\n|---:|---:|---:|---:|\n"));
    assert!(
        md.contains("| 16 KiB | 100.0 GB/s | 75.0 GB/s | -25.0% |"),
        "{md}"
    );
    // The drift guard comes before the first op.
    assert!(md.find("Drift guard").unwrap() < md.find("### search.memchr").unwrap());
}

#[test]
fn a_steady_run_says_no_drift_and_an_unprobed_one_not_probed() {
    let (page, md) = pages(sample::probed_run(3, false));
    assert!(page.contains("<th>drift guard</th><td>no drift</td>"));
    assert!(page.contains("Drift probe") && page.contains("-2.0%"));
    assert!(!page.contains("class=\"warning\""), "{page}");
    assert!(md.contains("Drift guard: no drift.") && !md.contains("**warning**"));

    let (page, md) = pages(sample::run(1, |_, _| 1.0));
    assert!(page.contains("<th>drift guard</th><td>not probed</td>"));
    assert!(!page.contains("Drift probe") && !page.contains("class=\"warning\""));
    assert!(md.contains("Drift guard: not probed.") && !md.contains("probe size"));
}

#[test]
fn an_op_that_measures_a_host_bound_has_no_share_of_one() {
    let mut data = sample::run(1, |_, _| 1.0);
    data.ceilings = sample::ceilings();
    let run = RunView::new(data.clone(), Policy::default());
    let memchr = run.op("search.memchr").unwrap();
    assert!(run.share(memchr, 4096, 100e9).is_some());
    // The same figures, stored as a ceiling op's (its role, no bounds): read against nothing,
    // and so in a run stored before bounds (by its role alone).
    data.run.ceiling_ops = vec!["search.memchr".into()];
    data.run.bounds.insert("search.memchr".into(), vec![]);
    let run = RunView::new(data.clone(), Policy::default());
    let memchr = run.op("search.memchr").unwrap();
    assert_eq!(run.share(memchr, 4096, 100e9), None);
    data.run.bounds.clear();
    let run = RunView::new(data, Policy::default());
    let memchr = run.op("search.memchr").unwrap();
    assert_eq!(run.share(memchr, 4096, 100e9), None);
}

#[test]
fn skipped_cells_are_runtime_dispatch_and_said_so() {
    let skipped = arsenal_db::SkippedRecord {
        op: "search.memchr".into(),
        strategy: "throughput".into(),
        size: 1 << 20,
        reason: "left out to fit the budget".into(),
    };
    let data = sample::run(1, |_, _| 1.0).with_skipped(&[skipped]);
    let run = RunView::new(data, Policy::default());
    let memchr = run.op("search.memchr").unwrap();
    let t = memchr.strategy(Strategy::Throughput).unwrap();
    assert_eq!(t.not_measured, [1 << 20]);
    assert_eq!(
        t.bands_text(memchr.unit),
        // As in the run's manifest: the gap is runtime dispatch from the crossover between the
        // last measured size and it.
        "runtime <16 B · sse2 <31 B · avx2 <634 B · libc ≤262143 B · runtime \
         (not measured: 1 MiB; runtime dispatch there)"
    );
    let (page, md) = pages(run.data.clone());
    assert!(
        page.contains("Not measured (runtime dispatch there): 1 MiB"),
        "{page}"
    );
    assert!(md.contains("(not measured: 1 MiB; runtime dispatch there)"));
    // Latency measured the size: nothing said there.
    assert!(memchr
        .strategy(Strategy::Latency)
        .is_none_or(|l| l.not_measured.is_empty()));
}

#[test]
fn each_op_has_a_profile_per_variant() {
    let run = RunView::new(sample::run(1, |_, _| 1.0), Policy::default());
    let memchr = run.op("search.memchr").unwrap();
    let rows = arsenal_report::profiles::rows(&run, memchr);
    let names: Vec<&str> = rows.iter().map(|r| r.variant.as_str()).collect();
    assert_eq!(names, ["scalar", "sse2", "avx2", "libc"]);
    // Every band's variant is best for something; every other variant is defeated somewhere.
    let t = memchr.strategy(Strategy::Throughput).unwrap();
    for row in &rows {
        let holds_a_band = t.plan.bands.iter().any(|b| b.variant == row.variant);
        assert_eq!(row.best_for.contains("throughput"), holds_a_band, "{row:?}");
        if !holds_a_band {
            assert!(row.defeated.contains("worst ×"), "{row:?}");
        }
    }
    assert_eq!(rows[1].needs, "sse2");
    assert_eq!(rows[0].needs, "-");
    let md = markdown::render(&Report {
        run: &run,
        baseline: None,
        wiring: None,
    });
    assert!(md.contains("**profiles**"), "{md}");
    // An op whose contract is quality: one variant is best for every size of both strategies.
    let run = run.with_quality_ops(&["search.memchr"], Strategy::Throughput);
    let rows = arsenal_report::profiles::rows(&run, run.op("search.memchr").unwrap());
    let everywhere: Vec<&str> = rows
        .iter()
        .filter(|r| r.best_for == "throughput every size; latency every size")
        .map(|r| r.variant.as_str())
        .collect();
    assert_eq!(everywhere.len(), 1, "{rows:?}");
    assert!(rows
        .iter()
        .filter(|r| r.variant != everywhere[0])
        .all(|r| r.best_for == "nowhere"));
}

#[test]
fn a_manifest_shows_its_bands_with_the_users_pins_marked() {
    let run = RunView::new(sample::run(1, |_, _| 1.0), Policy::default());
    let manifest = arsenal_oracle::Manifest::from_json(
        r#"{"schema": 1, "arsenal": "0.1.0", "run": 1,
            "host": {"fingerprint": "", "vendor": "", "brand": "", "family": 0, "model": 0,
                     "stepping": 0, "microcode": "", "features": []},
            "policy": {}, "default_strategy": "throughput",
            "ops": {"search.memchr": {
              "throughput": [{"below": 64, "variant": "scalar", "decisive": false, "pinned": true},
                             {"below": null, "variant": "avx2", "decisive": true}],
              "latency": [{"below": null, "variant": "runtime", "decisive": false}]}}}"#,
    )
    .unwrap();
    let wiring = arsenal_report::wiring::Wiring {
        path: "m.json",
        manifest: &manifest,
    };
    let report = Report {
        run: &run,
        baseline: None,
        wiring: Some(wiring),
    };
    let md = markdown::render(&report);
    assert!(
        md.contains(
            "| search.memchr | throughput | scalar 0 B–63 B (pinned by the user, not measured) · avx2 64 B up |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| search.memchr | latency | runtime dispatch every size |"),
        "{md}"
    );
    let page = html::render(&report);
    assert_eq!(page.matches("<tr class=\"pinned\">").count(), 1, "{page}");
    assert!(page.contains("m.json: run 1, default strategy throughput"));
}
