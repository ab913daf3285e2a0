//! Which host table a build runs, and that its entries follow it.
//!
//! Built as it is (the committed fixture: one host's manifest), the one table runs whatever the
//! CPU. `ci/fleet.sh` builds it against a fleet manifest (`arsenal manifest --merge`) of a
//! manifest tuned on this host, with `search.memrchr` pinned to the variant it names in
//! `ARSENAL_EXPECT_MEMRCHR`, and a fixture for another CPU vendor and model whose bands differ,
//! and sets `ARSENAL_EXPECT_FLEET`: `this-host` (this CPU's table runs) or `none` (run with a
//! feature of this host's table masked, so no table serves it and every entry is runtime
//! dispatch).

use arsenal::{host_table, selected, Strategy};

/// `search.memrchr` through every entry, against a naive scan.
fn memrchr_entries_agree() {
    let mut hay = vec![b'x'; 5000];
    for len in [0, 1, 15, 16, 100, 255, 256, 4096, 5000] {
        hay.fill(b'x');
        if len > 0 {
            hay[len / 3] = b'!';
        }
        let want = (len > 0).then_some(len / 3);
        assert_eq!(arsenal::search::memrchr(b'!', &hay[..len]), want, "{len}");
        assert_eq!(
            arsenal::throughput::search::memrchr(b'!', &hay[..len]),
            want,
            "{len}"
        );
        assert_eq!(
            arsenal::latency::search::memrchr(b'!', &hay[..len]),
            want,
            "{len}"
        );
    }
}

#[test]
fn the_table_serving_this_cpu_runs() {
    let cpu = arsenal::cpu::model();
    match std::env::var("ARSENAL_EXPECT_FLEET").as_deref() {
        Err(_) => {
            // One host's manifest: its table runs on any CPU.
            let table = host_table().expect("the fixture's table");
            assert_eq!(
                (table.vendor, table.family, table.model),
                ("AuthenticAMD", 25, 17)
            );
            let s = selected("search.memchr", Strategy::Throughput, 16).unwrap();
            assert!(std::ptr::eq(s.table, table));
        }
        Ok("this-host") => {
            let cpu = cpu.expect("an x86_64 CPU");
            let table = host_table().expect("a table serves this CPU");
            assert_eq!(
                (table.vendor, table.family, table.model),
                (cpu.vendor(), cpu.family, cpu.model),
                "{table:?}"
            );
            let pinned = std::env::var("ARSENAL_EXPECT_MEMRCHR").expect("the pinned variant");
            for size in [0, 100, 1 << 20] {
                for strategy in Strategy::ALL {
                    let s = selected("search.memrchr", strategy, size).expect("wired");
                    assert_eq!(s.variant, pinned, "{strategy} {size}");
                    assert!(std::ptr::eq(s.table, table));
                }
            }
            println!(
                "host table: {} family {} model {} ({} features); search.memrchr: {pinned}",
                table.vendor,
                table.family,
                table.model,
                table.features.len()
            );
        }
        Ok("none") => {
            assert_eq!(host_table(), None);
            for op in ["search.memchr", "search.memrchr"] {
                for strategy in Strategy::ALL {
                    assert_eq!(selected(op, strategy, 100), None, "{op} {strategy}");
                }
            }
        }
        Ok(other) => panic!("ARSENAL_EXPECT_FLEET={other}: expected `this-host` or `none`"),
    }
    memrchr_entries_agree();
}
