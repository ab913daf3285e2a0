//! `arsenal list`: ops and variants, with availability on this host.

use anyhow::Result;
use arsenal::registry::Availability;
use comfy_table::{presets, Table};
use serde_json::json;

use crate::args::ListArgs;
use crate::{ops, Outcome};

/// Runs `arsenal list`.
pub fn run(args: &ListArgs) -> Result<Outcome> {
    let ops = ops::select(args.ops.as_deref())?;
    if args.json {
        let doc: Vec<_> = ops
            .iter()
            .map(|w| {
                let info = w.info();
                let variants: Vec<_> = w
                    .variants()
                    .iter()
                    .map(|v| {
                        let availability = v.availability();
                        json!({
                            "name": v.name,
                            "origin": v.origin.kind(),
                            "origin_detail": v.origin.to_string(),
                            "requires": v.requires.iter().map(|f| f.name()).collect::<Vec<_>>(),
                            "parallel": v.parallel,
                            "available": availability == Availability::Available,
                            "unavailable_reason": (availability != Availability::Available)
                                .then(|| availability.to_string()),
                        })
                    })
                    .collect();
                json!({
                    "op": info.name,
                    "summary": info.summary,
                    "contract": info.contract.to_string(),
                    "reference": info.reference,
                    "spec": info.spec,
                    "unit": info.unit.name(),
                    "sizes": w.sizes(),
                    "runtime_choice": w.runtime_choice(),
                    "variants": variants,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(Outcome::Success);
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header(["op", "variant", "origin", "requires", "threads", "here"]);
    for w in &ops {
        let chosen = w.runtime_choice();
        for v in w.variants() {
            let here = match v.availability() {
                Availability::Available if v.name == chosen => "available (runtime choice)".into(),
                other => other.to_string(),
            };
            table.add_row([
                w.info().name.to_string(),
                v.name.to_string(),
                v.origin.to_string(),
                v.requires.to_string(),
                if v.parallel { "many" } else { "one" }.to_string(),
                here,
            ]);
        }
    }
    println!("{table}");
    Ok(Outcome::Success)
}
