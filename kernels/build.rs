//! Build-time hard-wiring: reads the selection manifest named by `ARSENAL_MANIFEST` and generates,
//! per op and strategy, a chain of size comparisons calling the chosen variants directly.
//!
//! A chosen variant whose CPU features are enabled at compile time is called with no check; one
//! whose features are not is guarded by a run-time check (cached) and falls back to runtime
//! dispatch. With no manifest every entry is runtime dispatch, unchanged. A malformed manifest
//! fails the build naming the file, position and fault; an unknown op or variant is a
//! `cargo:warning`, and that op keeps runtime dispatch.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use arsenal_oracle::{Band, Manifest, Strategy, RUNTIME};

include!("wiring.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=wiring.rs");
    println!("cargo:rerun-if-env-changed=ARSENAL_MANIFEST");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = match std::env::var("ARSENAL_MANIFEST") {
        Ok(path) if !path.trim().is_empty() => {
            let found = resolve(&path);
            Some((load(&path, &found), found.display().to_string()))
        }
        _ => None,
    };
    let plans = manifest
        .as_ref()
        .map(|(m, path)| checked_plans(m, path))
        .unwrap_or_default();
    let source = manifest.as_ref().map(|(_, path)| path.as_str());
    let code = generate(
        &plans,
        source,
        manifest.as_ref().map(|(m, _)| m.default_strategy),
    );
    if let Err(e) = std::fs::write(out.join("wired.rs"), code) {
        fail(&format!("cannot write the generated dispatch: {e}"));
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
fn load(path: &str, file: &Path) -> Manifest {
    println!("cargo:rerun-if-changed={}", file.display());
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
        fail(&format!(
            "ARSENAL_MANIFEST={path}: cannot read {}: {e}",
            file.display()
        ))
    });
    Manifest::from_json(&text).unwrap_or_else(|e| fail(&format!("ARSENAL_MANIFEST={path}: {e}")))
}

/// Per op, per strategy: the bands, for the ops and variants this build knows. Anything else is
/// a warning and stays on runtime dispatch.
type Plans = BTreeMap<String, [Vec<Band>; 2]>;

fn checked_plans(manifest: &Manifest, path: &str) -> Plans {
    let mut plans = Plans::new();
    for (op, plan) in &manifest.ops {
        let Some(known) = WIRED_OPS.iter().find(|o| o.name == op) else {
            println!("cargo:warning=ARSENAL_MANIFEST={path}: unknown op `{op}`; it keeps runtime dispatch");
            continue;
        };
        let mut both: [Vec<Band>; 2] = Default::default();
        for (slot, strategy) in [Strategy::Throughput, Strategy::Latency]
            .into_iter()
            .enumerate()
        {
            let bands = plan.bands(strategy);
            let unknown: Vec<&str> = bands
                .iter()
                .map(|b| b.variant.as_str())
                .filter(|v| *v != RUNTIME && !known.variants.iter().any(|k| k.name == *v))
                .collect();
            if unknown.is_empty() {
                both[slot] = bands.to_vec();
            } else {
                println!(
                    "cargo:warning=ARSENAL_MANIFEST={path}: op `{op}` {}: unknown variant(s) {}; it keeps runtime dispatch",
                    strategy.name(),
                    unknown.join(", ")
                );
            }
        }
        plans.insert(op.clone(), both);
    }
    plans
}

/// `all(target_feature = "a", …)`: true when every feature is enabled at compile time.
fn features_cfg(v: &WiredVariant) -> String {
    let list: Vec<String> = v
        .features
        .iter()
        .map(|f| format!("target_feature = \"{f}\""))
        .collect();
    format!("all({})", list.join(", "))
}

fn exists_cfg(v: &WiredVariant) -> String {
    if v.cfg.is_empty() {
        "all()".into()
    } else {
        v.cfg.into()
    }
}

/// Statements returning the call of variant `v` for `entry`: direct where its features are
/// compile-time enabled, guarded otherwise, and the runtime entry where it does not exist.
fn call_variant(out: &mut String, entry: &WiredEntry, v: &WiredVariant, indent: &str) {
    let exists = exists_cfg(v);
    let features = features_cfg(v);
    let call = if entry.via.is_empty() {
        format!("crate::{}({})", v.path, entry.variant_args)
    } else {
        format!(
            "crate::{}(crate::{}, {})",
            entry.via, v.path, entry.variant_args
        )
    };
    let (args, runtime) = (entry.args, entry.runtime);
    let _ = write!(
        out,
        "{indent}#[cfg(all({exists}, {features}))]
{indent}{{
{indent}    // SAFETY: every feature the variant needs is enabled for this whole build.
{indent}    return unsafe {{ {call} }};
{indent}}}
{indent}#[cfg(all({exists}, not({features})))]
{indent}{{
{indent}    static GUARD: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);
{indent}    if crate::wired::guard(&GUARD, \"{op}\", \"{name}\") {{
{indent}        // SAFETY: the guard checked, once, that this host has the variant's features.
{indent}        return unsafe {{ {call} }};
{indent}    }}
{indent}}}
{indent}return crate::{runtime}({args});
",
        op = entry.op,
        name = v.name,
    );
}

fn entry_fn(out: &mut String, entry: &WiredEntry, bands: &[Band]) {
    let op = WIRED_OPS
        .iter()
        .find(|o| o.name == entry.op)
        .expect("every entry's op is in WIRED_OPS");
    let _ = writeln!(
        out,
        "    /// `{}` through this strategy's plan; arguments, errors and panics as\n    /// [`crate::{}()`].\n    #[inline]\n    pub fn {}({}) -> {} {{",
        entry.op,
        entry.path,
        entry.path.rsplit("::").next().unwrap_or(entry.path),
        entry.params,
        entry.ret
    );
    if bands.is_empty() {
        let _ = writeln!(
            out,
            "        crate::{}({})\n    }}",
            entry.runtime, entry.args
        );
        return;
    }
    if bands.len() > 1 {
        let _ = writeln!(out, "        let size = ({}) as u64;", entry.size);
    }
    for band in bands {
        if band.variant == RUNTIME {
            // Sizes the run did not measure: runtime dispatch, never an extrapolated choice.
            let call = format!("return crate::{}({});", entry.runtime, entry.args);
            let _ = match band.below {
                Some(below) => writeln!(
                    out,
                    "        if size < {below} {{\n            {call}\n        }}"
                ),
                None => writeln!(out, "        {call}"),
            };
            continue;
        }
        let v = op
            .variants
            .iter()
            .find(|v| v.name == band.variant)
            .expect("checked_plans kept known variants only");
        match band.below {
            Some(below) => {
                let _ = writeln!(out, "        if size < {below} {{");
                call_variant(out, entry, v, "            ");
                let _ = writeln!(out, "        }}");
            }
            None => call_variant(out, entry, v, "        "),
        }
    }
    let _ = writeln!(out, "    }}");
}

fn strategy_module(out: &mut String, name: &str, plans: &Plans, slot: usize) {
    let _ = writeln!(
        out,
        "/// Entries dispatched by the manifest's {name} plan (runtime dispatch where it has none).\npub mod {name} {{"
    );
    let mut domains: Vec<&str> = WIRED_ENTRIES.iter().map(|e| domain(e.path)).collect();
    domains.sort_unstable();
    domains.dedup();
    for d in domains {
        let _ = writeln!(
            out,
            "/// `{d}` entries.\n#[allow(unreachable_code, clippy::needless_return)]\npub mod {d} {{"
        );
        for entry in WIRED_ENTRIES.iter().filter(|e| domain(e.path) == d) {
            let bands = plans.get(entry.op).map_or(&[][..], |p| &p[slot][..]);
            entry_fn(out, entry, bands);
        }
        let _ = writeln!(out, "}}");
    }
    let _ = writeln!(out, "}}");
}

/// `search` of `search::memchr`.
fn domain(path: &str) -> &str {
    path.split("::").next().unwrap_or(path)
}

fn plan_table(out: &mut String, plans: &Plans) {
    let _ = writeln!(
        out,
        "/// What the build wired: per op, the bands of each strategy.\npub static PLAN: &[crate::wired::OpWiring] = &["
    );
    for (op, both) in plans {
        let known = WIRED_OPS.iter().find(|o| o.name == op).expect("checked");
        let _ = writeln!(out, "    crate::wired::OpWiring {{ op: \"{op}\", bands: [");
        for bands in both {
            let _ = writeln!(out, "        &[");
            for band in bands {
                let below = band
                    .below
                    .map_or("None".to_string(), |b| format!("Some({b})"));
                if band.variant == RUNTIME {
                    let _ = writeln!(
                        out,
                        "            crate::wired::BandWiring {{ below: {below}, variant: \"{RUNTIME}\", exists: false, direct: false }},"
                    );
                    continue;
                }
                let v = known
                    .variants
                    .iter()
                    .find(|v| v.name == band.variant)
                    .expect("checked");
                let _ = writeln!(
                    out,
                    "            crate::wired::BandWiring {{ below: {below}, variant: \"{}\", exists: cfg!({}), direct: cfg!(all({}, {})) }},",
                    v.name,
                    exists_cfg(v),
                    exists_cfg(v),
                    features_cfg(v)
                );
            }
            let _ = writeln!(out, "        ],");
        }
        let _ = writeln!(out, "    ] }},");
    }
    let _ = writeln!(out, "];");
}

fn generate(plans: &Plans, source: Option<&str>, default: Option<Strategy>) -> String {
    let mut out = String::from("// @generated by kernels/build.rs from ARSENAL_MANIFEST.\n\n");
    let source = source.map_or("None".to_string(), |s| format!("Some({s:?})"));
    let _ = writeln!(out, "/// The manifest this build was wired from.\npub const MANIFEST: Option<&str> = {source};\n");
    let default = default.unwrap_or(Strategy::Throughput);
    let _ = writeln!(
        out,
        "/// The strategy of the plain entry points.\npub const DEFAULT_STRATEGY: crate::Strategy = crate::Strategy::{:?};\n",
        default
    );
    strategy_module(&mut out, "throughput", plans, 0);
    strategy_module(&mut out, "latency", plans, 1);
    let _ = writeln!(
        out,
        "/// The plain entry points' plan.\npub use {} as default;\n",
        default.name()
    );
    plan_table(&mut out, plans);
    out
}
