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
                assert!(
                    manifest.contains(&pin),
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
