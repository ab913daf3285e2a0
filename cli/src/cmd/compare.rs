//! `arsenal compare OP A B`: two variants measured now, interleaved; which is faster.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use arsenal::Workload;
use arsenal_oracle::TieMargin;
use arsenal_report::figure::{self, Unit};
use arsenal_tuner::user_data::OnUserData;
use arsenal_tuner::{CompareError, Comparison, Faster, Setup, Strategy};
use serde_json::json;

use crate::args::CompareArgs;
use crate::{inputs, ops, Outcome, UsageError};

/// Runs `arsenal compare`.
pub fn run(args: &CompareArgs) -> Result<Outcome> {
    let named = ops::named(&args.op)?;
    let strategy = Strategy::parse(&args.strategy)
        .ok_or_else(|| UsageError(format!("unknown strategy `{}`", args.strategy)))?;
    let on_files = match args.input.is_empty() {
        true => None,
        false => Some(on_user_data(named, args)?),
    };
    let op: &dyn Workload = match &on_files {
        Some(on) => on,
        None => named,
    };
    let size = match (args.size, &on_files) {
        (Some(size), Some(on)) if size > on.longest_file() => {
            return Err(UsageError(format!(
                "--size {size} is longer than your longest file ({} {}, as {} reads it)",
                on.longest_file(),
                op.info().unit.name(),
                args.op
            ))
            .into())
        }
        (Some(size), _) => size,
        (None, Some(on)) => on.median_file(),
        (None, None) => op.sizes()[op.sizes().len() / 2],
    };
    let setup = Setup {
        size,
        strategy,
        budget: Duration::from_secs_f64(args.budget),
        replicas: args.replicas,
        seed: args.seed,
        verify: true,
    };
    let c = arsenal_tuner::compare(op, &args.a, &args.b, &setup).map_err(|e| match e {
        CompareError::Measure(_) => anyhow::Error::new(e),
        other => UsageError(other.to_string()).into(),
    })?;
    let unit = Unit::from_name(op.info().unit.name());
    let on = match &on_files {
        Some(on) => format!("your files ({} of --input)", on.corpus().len()),
        None => "generated inputs".into(),
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json_of(&c, args, unit, &on))?
        );
    } else {
        print!("{}", text(&c, args, unit, &on));
    }
    Ok(Outcome::Success)
}

/// `op` on the files of `--input`, read with a progress bar; an op that reads no bytes is a
/// usage error.
fn on_user_data(op: &'static dyn Workload, args: &CompareArgs) -> Result<OnUserData> {
    if !op.input().takes_bytes() {
        return Err(inputs::no_input(op).into());
    }
    let visible = !args.json && std::io::stderr().is_terminal();
    let files = inputs::read(&args.input, visible)?;
    OnUserData::new(op, &files).ok_or_else(|| inputs::no_input(op).into())
}

/// The verdict, whether it is decisive, and a one-line recommendation. Decisive: the interval
/// clears 1 and the faster one is faster by more than the oracle's default tie margin (3 %);
/// otherwise a tie.
fn verdict(c: &Comparison, args: &CompareArgs) -> (String, bool, String) {
    let margin = TieMargin::default().fraction();
    let (fast, slow, by) = match c.faster {
        Faster::A => (&args.a, &args.b, c.ratio - 1.0),
        Faster::B => (&args.b, &args.a, 1.0 / c.ratio - 1.0),
        Faster::Neither => {
            return (
                "tie: the interval holds 1, no measurable difference".into(),
                false,
                format!(
                    "either will do here; {} picks {} at run time",
                    c.op,
                    runtime(c.op)
                ),
            )
        }
    };
    let pct = match by * 100.0 {
        p if p < 0.1 => "under 0.1".to_string(),
        p => format!("{p:.1}"),
    };
    if by <= margin {
        return (
            format!(
                "tie within the {:.0} % margin: {fast} is faster by {pct} %, measurably but by less than the margin",
                margin * 100.0
            ),
            false,
            format!("either will do here; {fast} by a hair"),
        );
    }
    (
        format!("decisive: {fast} is faster by {pct} %"),
        true,
        format!("use {fast} rather than {slow} for {} at this size", c.op),
    )
}

fn runtime(op: &str) -> &'static str {
    arsenal::runtime_variant(op).unwrap_or("?")
}

fn text(c: &Comparison, args: &CompareArgs, unit: Unit, on: &str) -> String {
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
    let (said, _, recommendation) = verdict(c, args);
    format!(
        "{} {} at {}{drawn} on {on}, interleaved, in {}:\n{}{}  {} / {} time: ×{:.3} [{:.3}, {:.3}] (95% CI)\n  verdict: {said}\n  recommendation: {recommendation}\n",
        c.op,
        c.strategy,
        figure::size(unit, c.size as u64),
        match c.replicas {
            1 => "1 replica".to_string(),
            n => format!("{n} replicas"),
        },
        line(&args.a, &c.a),
        line(&args.b, &c.b),
        args.b,
        args.a,
        c.ratio,
        c.ratio_ci.0,
        c.ratio_ci.1,
    )
}

fn json_of(c: &Comparison, args: &CompareArgs, unit: Unit, on: &str) -> serde_json::Value {
    let (said, decisive, recommendation) = verdict(c, args);
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
        "replicas": c.replicas,
        "a": side(&args.a, &c.a),
        "b": side(&args.b, &c.b),
        "ratio": c.ratio,
        "ratio_ci": [c.ratio_ci.0, c.ratio_ci.1],
        "faster": match c.faster { Faster::A => json!("a"), Faster::B => json!("b"), Faster::Neither => json!(null) },
        "verdict": said,
        "decisive": decisive,
        "recommendation": recommendation,
        "measured_on": on,
    })
}
