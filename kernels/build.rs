//! Build-time hard-wiring, build side: reads the selection manifest named by `ARSENAL_MANIFEST`
//! and writes what it says as plain data (`OUT_DIR/wired.rs`): the manifest's path, its default
//! strategy, the target features of this build, and per host table, per op and strategy, the
//! bands (an exclusive size bound and a variant name). One host's manifest is one table, wired
//! whatever CPU runs the program; a fleet manifest (`arsenal manifest --merge`) is one table per
//! host, keyed by CPU vendor, family, model and features, of which the program runs the one
//! serving its CPU (`src/wired.rs`).
//!
//! It knows nothing about the ops: each op's declaration (`src/declare.rs`) resolves the bands
//! against its own variant table at compile time (`src/wired.rs`), so a manifest naming an op or
//! a variant this crate does not declare fails the build there, with the message written here
//! (op, variant, manifest and, in a fleet, the table named), as does a plan of more than one
//! variant for an op whose contract is quality. With no manifest there is no table and every
//! entry is runtime dispatch. A malformed manifest fails the build naming the file, position and
//! fault.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use arsenal_manifest::{HostKey, Manifest, ManifestFile, OpPlan, Strategy, RUNTIME};

/// The most bands one op's plan may have per strategy: each entry unrolls that many (keep it
/// equal to `wired::MAX_BANDS`, which a constant assertion checks).
const MAX_BANDS: usize = 24;

/// The most host tables a fleet manifest may have: each entry unrolls that many (keep it equal to
/// `wired::MAX_HOSTS`, which a constant assertion checks).
const MAX_HOSTS: usize = 4;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ARSENAL_MANIFEST");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = match std::env::var("ARSENAL_MANIFEST") {
        Ok(path) if !path.trim().is_empty() => {
            let found = resolve(&path);
            let manifest = load(&path, &found);
            check_lengths(&manifest, &path);
            Some((manifest, found.display().to_string()))
        }
        _ => None,
    };
    let target_features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let code = generate(
        manifest.as_ref().map(|(m, path)| (m, path.as_str())),
        &target_features,
    );
    if let Err(e) = std::fs::write(out.join("wired.rs"), code) {
        fail(&format!("cannot write the wiring data: {e}"));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

/// The file `ARSENAL_MANIFEST` names. An absolute path is taken as it is. A relative one (what
/// `[env]` gives without `relative = true`, or a shell's `ARSENAL_MANIFEST=x.json cargo …`) is
/// looked up in the directory cargo was started from (`PWD`) and then in this package's
/// directory (where build scripts run). Not found: the build fails with one line naming every
/// place looked in.
fn resolve(path: &str) -> PathBuf {
    let given = Path::new(path);
    let mut candidates = Vec::new();
    if given.is_absolute() {
        candidates.push(given.to_path_buf());
    } else {
        println!("cargo:rerun-if-env-changed=PWD");
        if let Some(pwd) = std::env::var_os("PWD").map(PathBuf::from) {
            if pwd.is_absolute() {
                candidates.push(pwd.join(given));
            }
        }
        if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) {
            let in_package = dir.join(given);
            if !candidates.contains(&in_package) {
                candidates.push(in_package);
            }
        }
    }
    if let Some(found) = candidates.iter().find(|c| c.is_file()) {
        return found.clone();
    }
    let looked: Vec<String> = candidates.iter().map(|c| c.display().to_string()).collect();
    fail(&format!(
        "ARSENAL_MANIFEST={path} not found (looked in {}); give an absolute path, or in \
         .cargo/config.toml write `[env] ARSENAL_MANIFEST = {{ value = \"…\", relative = true }}` \
         (cargo reads .cargo/config.toml from the directory it runs in and its parents only)",
        looked.join(", ")
    ))
}

/// Reads and parses the manifest `path` (as given) resolved to `file`.
fn load(path: &str, file: &Path) -> ManifestFile {
    println!("cargo:rerun-if-changed={}", file.display());
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
        fail(&format!(
            "ARSENAL_MANIFEST={path}: cannot read {}: {e}",
            file.display()
        ))
    });
    ManifestFile::from_json(&text)
        .unwrap_or_else(|e| fail(&format!("ARSENAL_MANIFEST={path}: {e}")))
}

/// Refuses more tables, or a plan of more bands, than the entries unroll.
fn check_lengths(file: &ManifestFile, path: &str) {
    let tables = file.tables();
    if tables.len() > MAX_HOSTS {
        fail(&format!(
            "ARSENAL_MANIFEST={path}: {} host tables, more than the {MAX_HOSTS} a build can wire",
            tables.len()
        ));
    }
    for (i, manifest) in tables.iter().enumerate() {
        let at = table_label(file, i, manifest);
        for (op, plan) in &manifest.ops {
            for strategy in [Strategy::Throughput, Strategy::Latency] {
                let n = plan.bands(strategy).len();
                if n > MAX_BANDS {
                    fail(&format!(
                        "ARSENAL_MANIFEST={path}: {at}op `{op}` {}: {n} bands, more than the \
                         {MAX_BANDS} a build can wire",
                        strategy.name()
                    ));
                }
            }
        }
    }
}

/// How messages name table `i`: nothing for one host's manifest, `table 2 (GenuineIntel family
/// 6 model 143 (19 features)): ` in a fleet.
fn table_label(file: &ManifestFile, i: usize, manifest: &Manifest) -> String {
    match file {
        ManifestFile::Host(_) => String::new(),
        ManifestFile::Fleet(_) => format!("table {} ({}): ", i + 1, HostKey(&manifest.host)),
    }
}

/// Whether `plan` serves every size of both strategies with one variant: no bands, or one
/// unbounded band in each strategy, of one variant (what an op whose contract is quality needs;
/// `src/wired.rs` knows the contracts and fails the build with the plan's message otherwise).
fn one_variant(plan: &OpPlan) -> bool {
    let (t, l) = (
        plan.bands(Strategy::Throughput),
        plan.bands(Strategy::Latency),
    );
    match (t, l) {
        ([], []) => true,
        ([a], [b]) => a.below.is_none() && b.below.is_none() && a.variant == b.variant,
        _ => false,
    }
}

fn generate(manifest: Option<(&ManifestFile, &str)>, target_features: &str) -> String {
    let mut out = String::from(
        "// @generated by kernels/build.rs from ARSENAL_MANIFEST: plain data, resolved against \
         each op's\n// declaration by src/wired.rs.\n\n",
    );
    let source = manifest.map_or("None".to_string(), |(_, s)| format!("Some({s:?})"));
    let _ = writeln!(
        out,
        "/// The manifest this build was wired from.\npub const MANIFEST: Option<&str> = {source};\n"
    );
    let default = manifest.map_or(Strategy::Throughput, |(m, _)| m.default_strategy());
    let _ = writeln!(
        out,
        "/// The strategy of the plain entry points.\npub const DEFAULT_STRATEGY: crate::Strategy = crate::Strategy::{default:?};\n"
    );
    let features: Vec<String> = target_features
        .split(',')
        .filter(|f| !f.is_empty())
        .map(|f| format!("{f:?}"))
        .collect();
    let _ = writeln!(
        out,
        "/// `CARGO_CFG_TARGET_FEATURE`: the features every function of this build may use.\npub const TARGET_FEATURES: &[&str] = &[{}];\n",
        features.join(", ")
    );
    let _ = writeln!(
        out,
        "/// The most bands a plan may have (the entries unroll as many).\npub const MAX_BANDS: usize = {MAX_BANDS};\n"
    );
    let _ = writeln!(
        out,
        "/// The most host tables a fleet may have (the entries unroll as many).\npub const MAX_HOSTS: usize = {MAX_HOSTS};\n"
    );
    let fleet = matches!(manifest, Some((ManifestFile::Fleet(_), _)));
    let _ = writeln!(
        out,
        "/// Whether the manifest is a fleet: each table serves only its CPU model.\npub const FLEET: bool = {fleet};\n"
    );
    let _ = writeln!(
        out,
        "/// The manifest's host tables (none without a manifest).\npub const HOSTS: &[crate::wired::HostTable] = &["
    );
    if let Some((file, path)) = manifest {
        for (i, table) in file.tables().iter().enumerate() {
            host(&mut out, table, path, &table_label(file, i, table));
        }
    }
    let _ = writeln!(out, "];");
    out
}

/// One host table: the CPU model it serves, its features, and per op its plans.
fn host(out: &mut String, manifest: &Manifest, path: &str, at: &str) {
    let h = &manifest.host;
    let features: Vec<String> = h.features.iter().map(|f| format!("{f:?}")).collect();
    let _ = writeln!(
        out,
        "  crate::wired::HostTable {{\n    vendor: {:?},\n    family: {},\n    model: {},\n    features: &[{}],\n    plans: &[",
        h.vendor,
        h.family,
        h.model,
        features.join(", ")
    );
    for (op, plan) in &manifest.ops {
        let unknown_op = format!(
            "ARSENAL_MANIFEST={path}: {at}unknown op `{op}` (this version of arsenal does not declare it)"
        );
        let mixed = match one_variant(plan) {
            true => String::new(),
            false => format!(
                "ARSENAL_MANIFEST={path}: {at}op `{op}` has a contract of quality (its variants' \
                 outputs differ), so a build wires one variant for every size and both \
                 strategies: one band with `below: null`, the same variant in each (`arsenal \
                 manifest` writes it so)"
            ),
        };
        let _ = writeln!(
            out,
            "    crate::wired::Plan {{\n        op: {op:?},\n        unknown: {unknown_op:?},\n        mixed: {mixed:?},\n        bands: ["
        );
        for strategy in [Strategy::Throughput, Strategy::Latency] {
            let _ = writeln!(out, "            // {}", strategy.name());
            let _ = writeln!(out, "            &[");
            for band in plan.bands(strategy) {
                let below = band
                    .below
                    .map_or("None".to_string(), |b| format!("Some({b})"));
                let unknown = if band.variant == RUNTIME {
                    String::new()
                } else {
                    format!(
                        "ARSENAL_MANIFEST={path}: {at}op `{op}` {}: unknown variant `{}`",
                        strategy.name(),
                        band.variant
                    )
                };
                let _ = writeln!(
                    out,
                    "                crate::wired::Band {{ below: {below}, variant: {:?}, unknown: {unknown:?} }},",
                    band.variant
                );
            }
            let _ = writeln!(out, "            ],");
        }
        let _ = writeln!(out, "        ],\n    }},");
    }
    let _ = writeln!(out, "    ],\n  }},");
}
