//! The registry's claims about other crates match what this build links.

use arsenal::registry::Origin;

#[test]
fn crate_versions_match_the_pins_and_the_lock_file() {
    let manifest = include_str!("../Cargo.toml");
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"))
        .expect("the workspace commits its Cargo.lock");
    for w in arsenal::workloads() {
        for v in w.variants() {
            if let Origin::Crate { name, version } = v.origin {
                let pin = format!("{name} = {{ version = \"={version}\"");
                let renamed = format!("package = \"{name}\", version = \"={version}\"");
                assert!(
                    manifest.contains(&pin) || manifest.contains(&renamed),
                    "{}/{}: no pin `{pin}`",
                    w.info().name,
                    v.name
                );
                let locked = format!("name = \"{name}\"\nversion = \"{version}\"");
                assert!(
                    lock.contains(&locked),
                    "{}/{}: lock lacks {name} {version}",
                    w.info().name,
                    v.name
                );
            }
        }
    }
}

/// Every kernel states what bounds it, and each bound is usable: a positive ratio from a ceiling
/// some op of this build measures. A kernel counting bytes or flops names at least one bound
/// (else its figures would be read against nothing); a ceiling op names none.
#[test]
fn every_kernel_states_its_bounds_from_a_measured_ceiling() {
    use arsenal::registry::{Role, Unit};
    let measured: Vec<_> = arsenal::workloads()
        .iter()
        .filter_map(|w| w.info().role.ceiling())
        .collect();
    for w in arsenal::workloads() {
        let info = w.info();
        match info.role {
            Role::Ceiling(_) => assert!(info.role.bounds().is_empty(), "{}", info.name),
            Role::Kernel(bounds) => {
                assert!(
                    info.unit == Unit::Elements || !bounds.is_empty(),
                    "{}: a kernel counting {} needs a bound",
                    info.name,
                    info.unit.name()
                );
                for b in bounds {
                    assert!(b.per.is_finite() && b.per > 0.0, "{}: {b:?}", info.name);
                    assert!(!b.why.is_empty(), "{}: {b:?}", info.name);
                    assert!(measured.contains(&b.ceiling), "{}: {b:?}", info.name);
                }
            }
        }
    }
}
