//! Arsenal is hard-wired from `ARSENAL_MANIFEST`, which `.cargo/config.toml` sets, but cargo
//! reads that file only when it runs in this directory or below: from elsewhere (`cargo test
//! --manifest-path examples/downstream/Cargo.toml`) Arsenal would quietly fall back to runtime
//! dispatch and every test of the wiring would fail. Say so in one line instead.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-env-changed=ARSENAL_MANIFEST");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("ARSENAL_MANIFEST").is_some_and(|v| !v.is_empty()) {
        return;
    }
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = Path::new(&dir);
    eprintln!(
        "error: ARSENAL_MANIFEST is not set, so Arsenal is not hard-wired from the fixture: cargo \
         reads {} only when it runs in {} or below; run cargo there, or set \
         ARSENAL_MANIFEST={}",
        dir.join(".cargo/config.toml").display(),
        dir.display(),
        dir.join("fixture-manifest.json").display()
    );
    std::process::exit(1);
}
