//! `arsenal profile OP [VARIANT]`: a variant's profile from the store — where it wins, where it
//! loses and to whom, what it needs, how close it comes to the hardware bound, and on which hosts
//! it was measured.

use anyhow::Result;
use arsenal_db::Store;
use arsenal_oracle::{plan_with_gaps, quality_choice, variant_profile, Record, Served, Strategy};
use serde_json::{json, Value};

use crate::args::ProfileArgs;
use crate::cmd::explain::of_ceiling;
use crate::profile::{self, Profile};
use crate::{ops, Outcome, UsageError};

/// Runs `arsenal profile`.
pub fn run(args: &ProfileArgs) -> Result<Outcome> {
    ops::named(&args.op)?;
    let policy = args.policy.policy()?;
    let default = args.policy.default_strategy()?;
    let store = profile::open_for_reading(&args.db)?;
    let profile = profile::load_from(&store, args.run)?;
    let measured: Vec<String> = {
        let mut names: Vec<String> = profile
            .records
            .iter()
            .filter(|r| r.op == args.op)
            .map(|r| r.variant.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let variants = match &args.variant {
        Some(v) if measured.contains(v) => vec![v.clone()],
        Some(v) => {
            return Err(UsageError(format!(
                "{} {v} was not measured in run {} (measured: {})",
                args.op,
                profile.run.id,
                measured.join(", ")
            ))
            .into())
        }
        None if measured.is_empty() => {
            return Err(UsageError(format!(
                "{} was not measured in run {}",
                args.op, profile.run.id
            ))
            .into())
        }
        None => measured,
    };
    let hosts = hosts_measuring(&store, &args.op)?;
    let quality = arsenal::workload(&args.op).is_some_and(|w| w.info().contract.is_quality());
    // Per strategy: the plan (the size decisions, and the bands a manifest would write).
    let plans: Vec<_> = Strategy::ALL
        .into_iter()
        .map(|s| plan_with_gaps(&profile.records, &profile.gaps, &args.op, s, &policy))
        .collect();
    let docs: Vec<Value> = variants
        .iter()
        .map(|v| {
            profile_of(
                &profile,
                &args.op,
                v,
                &plans,
                quality,
                (&policy, default),
                &hosts,
            )
        })
        .collect();
    if args.json {
        let doc = json!({"op": args.op, "run": profile.run.id, "profiles": docs});
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        for doc in &docs {
            print!("{}", text(&args.op, profile.run.id, doc));
        }
    }
    Ok(Outcome::Success)
}

/// One variant's profile as JSON.
fn profile_of(
    profile: &Profile,
    op: &str,
    variant: &str,
    plans: &[arsenal_oracle::Plan],
    quality: bool,
    (policy, default): (&arsenal_oracle::Policy, Strategy),
    hosts: &[(String, Vec<String>)],
) -> Value {
    let records: Vec<&Record> = profile
        .records
        .iter()
        .filter(|r| r.op == op && r.variant == variant)
        .collect();
    let first = records[0];
    let one = quality_choice(&profile.records, op, default, policy);
    let served = match quality {
        true => Served::One(one.as_ref().map(|one| one.variant.as_str())),
        false => Served::Bands,
    };
    let (best_for, defeated_by) = variant_profile(&profile.records, plans, op, variant, served);
    let best_for: Vec<Value> = best_for
        .iter()
        .map(|b| json!({"strategy": b.strategy.name(), "from": b.from, "below": b.below}))
        .collect();
    let defeated_by: Vec<Value> = defeated_by
        .iter()
        .map(|d| {
            json!({
                "strategy": d.strategy.name(), "size": d.size, "by": d.by,
                "ratio": d.ratio, "decisive": d.decisive,
            })
        })
        .collect();
    let of_bound: Vec<Value> = records
        .iter()
        .filter(|r| r.strategy == Strategy::Throughput)
        .filter_map(|r| {
            let (share, _) = of_ceiling(profile, op, r.strategy, r.size, r.figure)?;
            Some(json!({"size": r.size, "percent": share.percent, "bound": share.kind}))
        })
        .collect();
    let measured_on: Vec<Value> = hosts
        .iter()
        .filter(|(_, variants)| variants.iter().any(|v| v == variant))
        .map(|(host, _)| json!(host))
        .collect();
    json!({
        "variant": variant,
        "origin": first.origin.to_string(),
        "requires": first.requires,
        "best_for": best_for,
        "defeated_by": defeated_by,
        "of_bound": of_bound,
        "measured_on": measured_on,
    })
}

/// Per host of the store (`brand (family F, model M)`), the variants of `op` its runs measured.
fn hosts_measuring(store: &Store, op: &str) -> Result<Vec<(String, Vec<String>)>> {
    let mut hosts: Vec<(String, Vec<String>)> = Vec::new();
    for run in store.runs()? {
        let host = store.host(run.host_id)?;
        let name = format!(
            "{} (family {}, model {})",
            host.brand, host.family, host.model
        );
        let measured: Vec<String> = store
            .measurements(run.id)?
            .into_iter()
            .filter(|m| m.op == op)
            .map(|m| m.variant)
            .collect();
        let entry = match hosts.iter().position(|(h, _)| *h == name) {
            Some(i) => &mut hosts[i].1,
            None => {
                hosts.push((name, Vec::new()));
                &mut hosts.last_mut().expect("just pushed").1
            }
        };
        for v in measured {
            if !entry.contains(&v) {
                entry.push(v);
            }
        }
    }
    Ok(hosts)
}

/// The profile as text, a few lines.
fn text(op: &str, run: i64, doc: &Value) -> String {
    let str_of = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let list = |key: &str, none: &str, f: &dyn Fn(&Value) -> String| -> String {
        let items: Vec<String> = doc[key].as_array().into_iter().flatten().map(f).collect();
        match items.is_empty() {
            true => none.to_string(),
            false => items.join(", "),
        }
    };
    let band = |b: &Value| {
        let below = b["below"]
            .as_u64()
            .map_or("∞".to_string(), |x| x.to_string());
        format!("{} [{}..{below})", str_of(&b["strategy"]), b["from"])
    };
    let defeat = |d: &Value| {
        let tie = match d["decisive"].as_bool() {
            Some(true) => "",
            _ => "; within the intervals",
        };
        format!(
            "{} at {} by {} ({:.2}x its time{tie})",
            str_of(&d["strategy"]),
            d["size"],
            str_of(&d["by"]),
            d["ratio"].as_f64().unwrap_or(f64::NAN)
        )
    };
    let share = |b: &Value| {
        let percent = b["percent"].as_f64().unwrap_or(f64::NAN);
        format!("{percent:.0} % at {}", b["size"])
    };
    let mut out = format!(
        "{op} {} (run {run}): {} code, needs {}\n",
        str_of(&doc["variant"]),
        str_of(&doc["origin"]),
        list("requires", "nothing", &str_of),
    );
    out.push_str(&format!(
        "  best for     {}\n",
        list("best_for", "nowhere", &band)
    ));
    out.push_str(&format!(
        "  defeated     {}\n",
        list("defeated_by", "nowhere", &defeat)
    ));
    let bound = list("of_bound", "no bound stored for this host", &share);
    out.push_str(&format!("  of the bound {bound}\n"));
    out.push_str(&format!(
        "  measured on  {}\n",
        list("measured_on", "no host", &str_of)
    ));
    out
}
