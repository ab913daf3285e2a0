//! `arsenal compare OP A B`: two variants measured now, interleaved; which is faster.

use std::time::Duration;

use anyhow::Result;
use arsenal_report::figure::{self, Unit};
use arsenal_tuner::{CompareError, Comparison, Faster, Strategy};
use serde_json::json;

use crate::args::CompareArgs;
use crate::{ops, Outcome, UsageError};

/// Runs `arsenal compare`.
pub fn run(args: &CompareArgs) -> Result<Outcome> {
    let op = ops::named(&args.op)?;
    let strategy = Strategy::parse(&args.strategy)
        .ok_or_else(|| UsageError(format!("unknown strategy `{}`", args.strategy)))?;
    let size = args.size.unwrap_or(op.sizes()[op.sizes().len() / 2]);
    let budget = Duration::from_secs_f64(args.budget);
    let c = arsenal_tuner::compare(op, &args.a, &args.b, size, strategy, budget, args.seed)
        .map_err(|e| match e {
            CompareError::Measure(_) => anyhow::Error::new(e),
            other => UsageError(other.to_string()).into(),
        })?;
    let unit = Unit::from_name(op.info().unit.name());
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json_of(&c, args, unit))?
        );
    } else {
        print!("{}", text(&c, args, unit));
    }
    Ok(Outcome::Success)
}

fn verdict(c: &Comparison, args: &CompareArgs) -> String {
    match c.faster {
        Faster::A => format!("{} is faster", args.a),
        Faster::B => format!("{} is faster", args.b),
        Faster::Neither => "no significant difference".into(),
    }
}

fn text(c: &Comparison, args: &CompareArgs, unit: Unit) -> String {
    let objective = match c.strategy {
        Strategy::Throughput => "median",
        Strategy::Latency => "p99",
    };
    let drawn = if c.band.0 == c.band.1 {
        String::new()
    } else {
        format!(
            " (inputs of {} to {})",
            figure::size(unit, c.band.0 as u64),
            figure::size(unit, c.band.1 as u64)
        )
    };
    let line = |name: &str, r: &arsenal_tuner::VariantResult| {
        format!(
            "  {name:<16} {objective} {:>10}  [{} … {}]  {:>14}  {} samples\n",
            figure::ns(r.objective_ns),
            figure::ns(r.objective_ci.0),
            figure::ns(r.objective_ci.1),
            figure::rate(unit, r.units_per_second()),
            r.samples_ns.len()
        )
    };
    format!(
        "{} {} at {}{drawn}, interleaved:\n{}{}  {} / {} time: ×{:.3} [{:.3}, {:.3}] (95% CI)\n  verdict: {}\n",
        c.op,
        c.strategy,
        figure::size(unit, c.size as u64),
        line(&args.a, &c.a),
        line(&args.b, &c.b),
        args.b,
        args.a,
        c.ratio,
        c.ratio_ci.0,
        c.ratio_ci.1,
        verdict(c, args),
    )
}

fn json_of(c: &Comparison, args: &CompareArgs, unit: Unit) -> serde_json::Value {
    let side = |name: &str, r: &arsenal_tuner::VariantResult| {
        json!({
            "variant": name,
            "objective_ns": r.objective_ns,
            "objective_ci_ns": [r.objective_ci.0, r.objective_ci.1],
            "median_ns": r.median_ns,
            "p99_ns": r.p99_ns,
            "units_per_second": r.units_per_second(),
            "samples": r.samples_ns.len(),
        })
    };
    json!({
        "op": c.op,
        "strategy": c.strategy.name(),
        "size": c.size,
        "unit": unit.name(),
        "band": [c.band.0, c.band.1],
        "a": side(&args.a, &c.a),
        "b": side(&args.b, &c.b),
        "ratio": c.ratio,
        "ratio_ci": [c.ratio_ci.0, c.ratio_ci.1],
        "faster": match c.faster { Faster::A => json!("a"), Faster::B => json!("b"), Faster::Neither => json!(null) },
        "verdict": verdict(c, args),
    })
}
