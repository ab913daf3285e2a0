//! The build wired exactly the fixture's choices, and the wired entries are correct.

use arsenal::{selected, Strategy};

fn runnable(op: &str, variant: &str) -> bool {
    arsenal::workload(op)
        .and_then(|w| w.variants().into_iter().find(|v| v.name == variant))
        .is_some_and(|v| v.is_available())
}

#[test]
fn the_fixture_manifest_was_read() {
    assert!(arsenal::MANIFEST.is_some_and(|m| m.ends_with("fixture-manifest.json")));
    assert_eq!(arsenal::DEFAULT_STRATEGY, Strategy::Throughput);
}

#[test]
fn bands_wire_the_fixture_variants() {
    let at = |op, strategy, size| selected(op, strategy, size).expect("wired").variant;
    for size in [0, 1, 16, 63] {
        assert_eq!(at("search.memchr", Strategy::Throughput, size), "scalar");
    }
    for size in [64, 65, 4096, 1 << 20] {
        assert_eq!(at("search.memchr", Strategy::Throughput, size), "avx2");
    }
    for size in [0, 64, 1 << 30] {
        assert_eq!(at("search.memchr", Strategy::Latency, size), "avx512");
    }
    assert_eq!(at("search.memrchr", Strategy::Throughput, 16), "swar");
    assert_eq!(at("search.memrchr", Strategy::Throughput, 255), "swar");
    assert_eq!(at("search.memrchr", Strategy::Throughput, 256), "avx512");
    assert_eq!(
        at("search.memrchr", Strategy::Throughput, 1 << 20),
        "avx512"
    );
    // A strategy the manifest leaves out stays on runtime dispatch.
    assert_eq!(selected("search.memrchr", Strategy::Latency, 16), None);
}

#[test]
fn sizes_the_run_did_not_measure_run_runtime_dispatch() {
    let fallback = arsenal::runtime_variant("search.memrchr").unwrap();
    for size in [0, 15, (1 << 20) + 1, 1 << 30] {
        let s = selected("search.memrchr", Strategy::Throughput, size).unwrap();
        assert_eq!(
            (s.variant, s.direct, s.runs),
            ("runtime", false, fallback),
            "{size}"
        );
    }
    let mut hay = vec![b'x'; (1 << 20) + 100];
    for len in [0, 1, 15, 16, 300, hay.len()] {
        hay[..len].fill(b'x');
        if len > 0 {
            hay[len / 2] = b'!';
        }
        let expected = (len > 0).then_some(len / 2);
        assert_eq!(
            arsenal::throughput::search::memrchr(b'!', &hay[..len]),
            expected,
            "{len}"
        );
    }
}

#[test]
fn portable_choices_are_direct_and_feature_choices_guarded() {
    let scalar = selected("search.memchr", Strategy::Throughput, 16).unwrap();
    assert!(
        scalar.direct,
        "scalar needs no feature: called with no check"
    );
    assert_eq!(scalar.runs, "scalar");
    let avx2 = selected("search.memchr", Strategy::Throughput, 4096).unwrap();
    assert_eq!(avx2.direct, cfg!(target_feature = "avx2"));
    let expected = if avx2.direct || runnable("search.memchr", "avx2") {
        "avx2"
    } else {
        arsenal::runtime_variant("search.memchr").unwrap()
    };
    assert_eq!(avx2.runs, expected);
}

#[test]
fn wired_entries_agree_with_a_naive_search() {
    let mut text = Vec::new();
    for i in 0..5000u32 {
        text.extend_from_slice(format!("line {i} {}\n", "x".repeat((i % 97) as usize)).as_bytes());
    }
    for len in [0, 1, 15, 63, 64, 200, 4096, text.len()] {
        let t = &text[..len];
        let newlines = t.iter().filter(|&&b| b == b'\n').count();
        let naive = newlines + usize::from(t.last().is_some_and(|&b| b != b'\n'));
        assert_eq!(
            arsenal_downstream_example::count_lines(t),
            naive,
            "len {len}"
        );
        for strategy_entry in [
            arsenal::throughput::search::memchr,
            arsenal::latency::search::memchr,
        ] {
            assert_eq!(strategy_entry(b'\n', t), t.iter().position(|&b| b == b'\n'));
        }
        assert_eq!(
            arsenal::search::memrchr(b'\n', t),
            t.iter().rposition(|&b| b == b'\n')
        );
    }
    assert_eq!(arsenal_downstream_example::last_line_start(b"a\nbc\n"), 2);
}
