//! `arsenal check`: the correctness gate, for every available variant of the selected ops.

use std::io::Write;
use std::time::Instant;

use anyhow::Result;
use arsenal::workload::{VariantError, VerifyError};
use serde_json::json;

use crate::args::CheckArgs;
use crate::{ops, Outcome};

/// What verifying one variant gave.
enum Verdict {
    Passed,
    Failed(String),
    Skipped(String),
}

/// Runs `arsenal check`.
pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let ops = ops::select(args.ops.as_deref())?;
    let mut results = Vec::new();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for w in &ops {
        for v in w.variants() {
            let started = Instant::now();
            let verdict = match w.verify(v.name) {
                Ok(()) => Verdict::Passed,
                Err(VerifyError::Variant(VariantError::Unavailable(_, why))) => {
                    Verdict::Skipped(why.to_string())
                }
                Err(e) => Verdict::Failed(e.to_string()),
            };
            let secs = started.elapsed().as_secs_f64();
            let (status, detail) = match &verdict {
                Verdict::Passed => ("ok", String::new()),
                Verdict::Failed(why) => ("FAILED", why.clone()),
                Verdict::Skipped(why) => ("skipped", why.clone()),
            };
            match verdict {
                Verdict::Passed => passed += 1,
                Verdict::Failed(_) => failed += 1,
                Verdict::Skipped(_) => skipped += 1,
            }
            if !args.json {
                println!(
                    "{:<22} {:<24} {:<8} {:>6.2}s  {detail}",
                    w.info().name,
                    v.name,
                    status,
                    secs
                );
                std::io::stdout().flush()?;
            }
            results.push(json!({
                "op": w.info().name, "variant": v.name, "status": status,
                "detail": detail, "seconds": secs,
            }));
        }
    }
    if args.json {
        let doc = json!({
            "passed": passed, "failed": failed, "skipped": skipped, "results": results,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!("{passed} passed, {failed} failed, {skipped} skipped (unavailable on this host)");
    }
    Ok(if failed == 0 {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}
