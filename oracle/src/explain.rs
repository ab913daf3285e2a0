//! Why a variant was chosen at one size: winner, runner-up, their ratio, and the deciding rule.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::plan::{beside, cells, plan_with_gaps, Band, Gap, RUNTIME};
use crate::policy::Policy;
use crate::record::{Estimate, Origin, Record, Strategy};
use crate::select::{rank_beside, Exclusion, Rule};

/// One ranked variant with its statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The variant's name.
    pub variant: String,
    /// Who wrote it.
    pub origin: Origin,
    /// CPU features it needs.
    pub requires: Vec<String>,
    /// Whether one call spreads over several threads.
    pub parallel: bool,
    /// Threads one call may use.
    pub threads: u32,
    /// The objective, nanoseconds per call.
    pub objective_ns: f64,
    /// Lower end of the objective's 95 % interval.
    pub ci_low_ns: f64,
    /// Upper end of the objective's 95 % interval.
    pub ci_high_ns: f64,
    /// Units per second, for display.
    pub figure: Option<f64>,
    /// Hardware counters per call, where read.
    pub counters: Option<BTreeMap<String, f64>>,
    /// The median and its interval, where stored.
    #[serde(default)]
    pub p50: Option<Estimate>,
    /// Under latency, the back-to-back call at the same size (the throughput median), where the
    /// run measured it: a p99 and p50 tie is narrowed on it.
    #[serde(default)]
    pub back_to_back: Option<Estimate>,
}

impl From<&Record> for Candidate {
    fn from(record: &Record) -> Candidate {
        Candidate {
            variant: record.variant.clone(),
            origin: record.origin,
            requires: record.requires.clone(),
            parallel: record.parallel,
            threads: record.threads,
            objective_ns: record.objective_ns,
            ci_low_ns: record.ci_low_ns,
            ci_high_ns: record.ci_high_ns,
            figure: record.figure,
            counters: record.counters.clone(),
            p50: record.p50,
            back_to_back: None,
        }
    }
}

impl Candidate {
    /// The candidate of `record`, with its back-to-back figure from `throughput` (the op's
    /// throughput records at the same size; empty under throughput).
    fn beside(record: &Record, throughput: &[&Record]) -> Candidate {
        let back_to_back = throughput
            .iter()
            .find(|t| t.variant == record.variant)
            .map(|t| Estimate {
                ns: t.objective_ns,
                low_ns: t.ci_low_ns,
                high_ns: t.ci_high_ns,
            });
        Candidate {
            back_to_back,
            ..Candidate::from(record)
        }
    }
}

/// The runner-up's objective over the winner's, with a conservative interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    /// `runner_up.objective / winner.objective`: above 1 when the winner is faster.
    pub estimate: f64,
    /// `runner_up.ci_low / winner.ci_high`.
    pub low: f64,
    /// `runner_up.ci_high / winner.ci_low`.
    pub high: f64,
}

impl Ratio {
    /// The ratio of `runner_up` to `winner`.
    pub fn of(winner: &Candidate, runner_up: &Candidate) -> Ratio {
        Ratio {
            estimate: runner_up.objective_ns / winner.objective_ns,
            low: runner_up.ci_low_ns / winner.ci_high_ns,
            high: runner_up.ci_high_ns / winner.ci_low_ns,
        }
    }
}

/// Why the oracle chose what it chose for one (op, strategy, size).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// The size asked about.
    pub size: u64,
    /// The measured size explained: `size` itself, or the nearest measured size of its band.
    pub measured_size: u64,
    /// The band holding `size`: its first size (inclusive).
    pub band_from: u64,
    /// The band holding `size`: its exclusive upper bound, `None` when unbounded.
    pub band_below: Option<u64>,
    /// Whether the build serves `size` by runtime dispatch: it lies outside the measured sizes
    /// (or where no candidate was left), and the manifest wires nothing there.
    pub runtime_dispatch: bool,
    /// The chosen variant.
    pub winner: Candidate,
    /// The next in the ranking: the fastest other variant, or in a tie the one the rule set aside.
    pub runner_up: Option<Candidate>,
    /// Runner-up over winner; `None` without a runner-up.
    pub ratio: Option<Ratio>,
    /// Whether the winner's interval was clear of the runner-up's.
    pub decisive: bool,
    /// The rule that decided.
    pub rule: Rule,
    /// The variants tied with the fastest (empty when decisive); with [`Rule::MedianClear`] or
    /// [`Rule::BackToBackClear`], those whose p99s were tied and that the p50s or the
    /// back-to-back calls separated.
    pub tied: Vec<String>,
    /// The tie margin in force (a fraction: 0.03 is 3 %).
    #[serde(default)]
    pub tie_margin: f64,
    /// Variants the policy or strategy ruled out, with reasons.
    pub excluded: Vec<Exclusion>,
}

/// Why there is nothing to explain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExplainError {
    /// The records hold no measurement of this op under this strategy.
    NotMeasured {
        /// The op asked about.
        op: String,
        /// The strategy asked about.
        strategy: Strategy,
    },
    /// The policy left no candidate at the size explained.
    NoCandidate {
        /// The op asked about.
        op: String,
        /// The strategy asked about.
        strategy: Strategy,
        /// The measured size explained.
        size: u64,
        /// Everything that was ruled out.
        excluded: Vec<Exclusion>,
    },
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::NotMeasured { op, strategy } => write!(
                f,
                "no {strategy} measurement of `{op}` (run `arsenal tune` for it first)"
            ),
            ExplainError::NoCandidate {
                op,
                strategy,
                size,
                excluded,
            } => {
                write!(
                    f,
                    "{op} {strategy} at size {size}: the policy leaves no candidate (excluded:"
                )?;
                for (i, e) in excluded.iter().enumerate() {
                    let sep = if i == 0 { " " } else { "; " };
                    write!(f, "{sep}{}: {}", e.variant, e.reason)?;
                }
                f.write_str(")")
            }
        }
    }
}

impl std::error::Error for ExplainError {}

/// Explains the choice for `op` under `strategy` at `size`.
///
/// When `size` was not measured, explains the measured size of the band holding `size` that is
/// nearest to it (by ratio, as sizes are geometric); [`Explanation::measured_size`] says which.
pub fn explain(
    records: &[Record],
    op: &str,
    strategy: Strategy,
    size: u64,
    policy: &Policy,
) -> Result<Explanation, ExplainError> {
    explain_with_gaps(records, &[], op, strategy, size, policy)
}

/// [`explain`], with the cells the run skipped (see [`crate::plan_with_gaps`]): a size that falls
/// in one is explained as runtime dispatch.
pub fn explain_with_gaps(
    records: &[Record],
    gaps: &[Gap],
    op: &str,
    strategy: Strategy,
    size: u64,
    policy: &Policy,
) -> Result<Explanation, ExplainError> {
    let plan = plan_with_gaps(records, gaps, op, strategy, policy);
    if plan.sizes.is_empty() {
        return Err(ExplainError::NotMeasured {
            op: op.to_string(),
            strategy,
        });
    }
    let measured = plan.sizes.iter().map(|d| d.size);
    let measured_size = if plan.sizes.iter().any(|d| d.size == size) {
        size
    } else {
        let in_band = band_sizes(&plan.bands, &plan.sizes, size);
        let pool: Vec<u64> = if in_band.is_empty() {
            measured.collect()
        } else {
            in_band
        };
        nearest(&pool, size)
    };
    let (band_from, band_below) = band_bounds(&plan.bands, size);
    let runtime_dispatch = plan
        .bands
        .iter()
        .find(|b| b.ends_above(size))
        .is_some_and(|b| b.variant == RUNTIME);
    let (cells, _) = cells(records, op, strategy, measured_size);
    let beside = beside(records, &plan.sizes, (op, strategy, measured_size));
    let ranking = rank_beside(&cells, strategy, policy, &beside);
    let Some(winner) = ranking.ranked.first() else {
        return Err(ExplainError::NoCandidate {
            op: op.to_string(),
            strategy,
            size: measured_size,
            excluded: ranking.excluded,
        });
    };
    let winner = Candidate::beside(winner, &beside.back_to_back);
    let runner_up = ranking
        .ranked
        .get(1)
        .map(|r| Candidate::beside(r, &beside.back_to_back));
    Ok(Explanation {
        op: op.to_string(),
        strategy,
        size,
        measured_size,
        band_from,
        band_below,
        runtime_dispatch,
        ratio: runner_up.as_ref().map(|r| Ratio::of(&winner, r)),
        winner,
        runner_up,
        decisive: ranking.decisive(),
        rule: ranking.rule,
        tied: ranking.tied.iter().map(|r| r.variant.clone()).collect(),
        tie_margin: policy.tie_margin.fraction(),
        excluded: ranking.excluded,
    })
}

/// The `[from, below)` of the band holding `size`; `[0, None)` when there is no band.
fn band_bounds(bands: &[Band], size: u64) -> (u64, Option<u64>) {
    let mut from = 0;
    for band in bands {
        match band.below {
            Some(below) if size >= below => from = below,
            below => return (from, below),
        }
    }
    (from, None)
}

/// The measured sizes with a winner that lie in the band holding `size`.
fn band_sizes(bands: &[Band], sizes: &[crate::plan::SizeDecision], size: u64) -> Vec<u64> {
    let (from, below) = band_bounds(bands, size);
    sizes
        .iter()
        .filter(|d| d.winner.is_some() && d.size >= from && below.is_none_or(|b| d.size < b))
        .map(|d| d.size)
        .collect()
}

/// The member of `pool` nearest to `size` by ratio; the smaller on a tie.
fn nearest(pool: &[u64], size: u64) -> u64 {
    let distance = |s: u64| ((s.max(1) as f64).ln() - (size.max(1) as f64).ln()).abs();
    pool.iter()
        .copied()
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)).then(a.cmp(b)))
        .unwrap_or(size)
}

/// A duration in nanoseconds, with a unit that keeps 3–4 significant digits: `12.3 ns`,
/// `12.35 µs`, `8.20 ms`, `1.50 s`.
pub fn ns(value: f64) -> String {
    if value < 1e3 {
        format!("{value:.1} ns")
    } else if value < 1e6 {
        format!("{:.2} µs", value / 1e3)
    } else if value < 1e9 {
        format!("{:.2} ms", value / 1e6)
    } else {
        format!("{:.2} s", value / 1e9)
    }
}

fn write_candidate(f: &mut fmt::Formatter<'_>, label: &str, c: &Candidate) -> fmt::Result {
    write!(
        f,
        "  {label:<10} {:<16} {:>10}  [{} … {}]  {}",
        c.variant,
        ns(c.objective_ns),
        ns(c.ci_low_ns),
        ns(c.ci_high_ns),
        c.origin
    )?;
    if !c.requires.is_empty() {
        write!(f, ", needs {}", c.requires.join(", "))?;
    }
    if c.parallel {
        write!(f, ", {} threads", c.threads)?;
    }
    if let Some(p50) = c.p50 {
        write!(
            f,
            "; p50 {} [{} … {}]",
            ns(p50.ns),
            ns(p50.low_ns),
            ns(p50.high_ns)
        )?;
    }
    if let Some(b) = c.back_to_back {
        write!(
            f,
            "; back to back {} [{} … {}]",
            ns(b.ns),
            ns(b.low_ns),
            ns(b.high_ns)
        )?;
    }
    writeln!(f)
}

fn write_counters(f: &mut fmt::Formatter<'_>, c: &Candidate) -> fmt::Result {
    let Some(counters) = &c.counters else {
        return writeln!(f, "  counters   {}: unavailable", c.variant);
    };
    let list: Vec<String> = counters.iter().map(|(k, v)| format!("{k}={v}")).collect();
    writeln!(f, "  counters   {}: {}", c.variant, list.join(", "))
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {} at size {}", self.op, self.strategy, self.size)?;
        if self.runtime_dispatch {
            writeln!(
                f,
                "  size {} lies where the run measured nothing: the build uses runtime dispatch \
                 there; explaining the nearest measured size, {}",
                self.size, self.measured_size
            )?;
        } else if self.measured_size != self.size {
            let below = self.band_below.map_or("∞".to_string(), |b| b.to_string());
            writeln!(
                f,
                "  size {} was not measured: explaining {}, the nearest measured size of the band {}..{}",
                self.size, self.measured_size, self.band_from, below
            )?;
        }
        write_candidate(f, "winner", &self.winner)?;
        if let Some(runner_up) = &self.runner_up {
            write_candidate(f, "runner-up", runner_up)?;
        }
        if let Some(ratio) = &self.ratio {
            writeln!(
                f,
                "  ratio      {:.3}× [{:.3} … {:.3}] (runner-up time / winner time)",
                ratio.estimate, ratio.low, ratio.high
            )?;
        }
        let verdict = if self.decisive { " (decisive)" } else { "" };
        writeln!(f, "  decision   {}{verdict}", self.rule)?;
        if !self.decisive {
            writeln!(
                f,
                "  margin     overlapping candidates within {} % of the fastest are tied (--tie-margin)",
                (self.tie_margin * 1000.0).round() / 10.0
            )?;
        }
        if !self.tied.is_empty() {
            writeln!(f, "  tied       {}", self.tied.join(", "))?;
        }
        for e in &self.excluded {
            writeln!(f, "  excluded   {}: {}", e.variant, e.reason)?;
        }
        let both = [Some(&self.winner), self.runner_up.as_ref()];
        if both.iter().flatten().any(|c| c.counters.is_some()) {
            for c in both.into_iter().flatten() {
                write_counters(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, rec};

    #[test]
    fn durations_keep_three_or_four_digits() {
        assert_eq!(ns(12.34), "12.3 ns");
        assert_eq!(ns(12_345.0), "12.35 µs");
        assert_eq!(ns(8.2e6), "8.20 ms");
        assert_eq!(ns(1.5e9), "1.50 s");
    }

    fn ladder() -> Vec<Record> {
        let mut records = Vec::new();
        for (size, a, b) in [
            (16, 10.0, 20.0),
            (64, 10.0, 20.0),
            (256, 20.0, 10.0),
            (1024, 20.0, 10.0),
        ] {
            records.push(at(rec("a", a, a * 0.9, a * 1.1), size));
            let mut b = at(rec("b", b, b * 0.9, b * 1.1), size);
            b.requires = vec!["avx2".into()];
            b.counters = Some([("cycles".to_string(), 42.0)].into_iter().collect());
            records.push(b);
        }
        records
    }

    #[test]
    fn decisive_explanation_at_a_measured_size() {
        let e = explain(
            &ladder(),
            "op",
            Strategy::Throughput,
            256,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!(e.winner.variant, "b");
        assert_eq!(e.runner_up.as_ref().unwrap().variant, "a");
        assert!(e.decisive);
        assert_eq!(e.rule, Rule::Faster);
        assert_eq!(e.measured_size, 256);
        assert_eq!((e.band_from, e.band_below), (128, Some(1025)));
        assert!(!e.runtime_dispatch);
        let ratio = e.ratio.unwrap();
        assert!((ratio.estimate - 2.0).abs() < 1e-12);
        assert!((ratio.low - 18.0 / 11.0).abs() < 1e-12);
        assert!((ratio.high - 22.0 / 9.0).abs() < 1e-12);
        let text = e.to_string();
        assert!(
            text.contains("decision   faster, intervals clear (decisive)"),
            "{text}"
        );
        assert!(text.contains("counters   b: cycles=42"), "{text}");
        assert!(text.contains("counters   a: unavailable"), "{text}");
    }

    #[test]
    fn a_size_beyond_the_measured_ones_says_the_build_uses_runtime_dispatch() {
        for size in [8, 4096] {
            let e = explain(
                &ladder(),
                "op",
                Strategy::Throughput,
                size,
                &Policy::default(),
            )
            .unwrap();
            assert!(e.runtime_dispatch, "{size}");
            let text = e.to_string();
            assert!(text.contains("the build uses runtime dispatch"), "{text}");
        }
        assert_eq!(
            explain(
                &ladder(),
                "op",
                Strategy::Throughput,
                4096,
                &Policy::default()
            )
            .unwrap()
            .measured_size,
            1024
        );
    }

    #[test]
    fn a_size_the_run_skipped_is_explained_as_runtime_dispatch() {
        let mut records = ladder();
        records.retain(|r| r.size != 256);
        let gap = Gap {
            op: "op".into(),
            strategy: Strategy::Throughput,
            size: 256,
            reason: "left out to fit the budget".into(),
        };
        let e = explain_with_gaps(
            &records,
            &[gap],
            "op",
            Strategy::Throughput,
            256,
            &Policy::default(),
        )
        .unwrap();
        assert!(e.runtime_dispatch);
        // Without the gap, 64's and 1024's bands would meet over 256.
        let e = explain(
            &records,
            "op",
            Strategy::Throughput,
            256,
            &Policy::default(),
        )
        .unwrap();
        assert!(!e.runtime_dispatch);
    }

    #[test]
    fn unmeasured_size_explains_the_nearest_size_of_its_band() {
        let e = explain(
            &ladder(),
            "op",
            Strategy::Throughput,
            100,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!(e.measured_size, 64);
        assert_eq!((e.band_from, e.band_below), (16, Some(128)));
        assert_eq!(e.winner.variant, "a");
        let text = e.to_string();
        assert!(
            text.contains("size 100 was not measured: explaining 64"),
            "{text}"
        );
        // 200 is nearer 256 than 64, and in b's band.
        let e = explain(
            &ladder(),
            "op",
            Strategy::Throughput,
            200,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!((e.measured_size, e.winner.variant.as_str()), (256, "b"));
        // 130 is nearer 64 by ratio, but lies in b's band, so 256 is explained.
        let e = explain(
            &ladder(),
            "op",
            Strategy::Throughput,
            130,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!((e.measured_size, e.winner.variant.as_str()), (256, "b"));
        let e = explain(
            &ladder(),
            "op",
            Strategy::Throughput,
            1 << 40,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!(e.measured_size, 1024);
    }

    #[test]
    fn a_latency_tie_broken_back_to_back_shows_both_calls() {
        let latency = |name: &str, requires: &[&str]| {
            let mut r = rec(name, 70.0, 50.0, 90.0);
            r.strategy = Strategy::Latency;
            r.requires = requires.iter().map(|f| f.to_string()).collect();
            r
        };
        let records = vec![
            latency("scalar", &[]),
            latency("avx2", &["avx2"]),
            rec("scalar", 30.0, 29.5, 30.5),
            rec("avx2", 10.0, 9.8, 10.2),
        ];
        let e = explain(&records, "op", Strategy::Latency, 1024, &Policy::default()).unwrap();
        assert_eq!(
            (e.winner.variant.as_str(), e.rule),
            ("avx2", Rule::BackToBackClear)
        );
        let text = e.to_string();
        assert!(
            text.contains("back to back 10.0 ns [9.8 ns … 10.2 ns]")
                && text.contains("back to back 30.0 ns [29.5 ns … 30.5 ns]")
                && text.contains("decision   p99s tied; faster back to back at this size"),
            "{text}"
        );
        // The plan makes the same choice.
        let plan = crate::plan::plan(&records, "op", Strategy::Latency, &Policy::default());
        assert_eq!(plan.sizes[0].rule, Some(Rule::BackToBackClear));
        let wired: Vec<&str> = plan.bands.iter().map(|b| b.variant.as_str()).collect();
        assert!(
            wired.contains(&"avx2") && !wired.contains(&"scalar"),
            "{wired:?}"
        );
    }

    #[test]
    fn tie_explanation_names_the_rule_and_the_exclusions() {
        let mut records = vec![
            rec("scalar", 100.0, 90.0, 110.0),
            rec("avx2", 98.0, 85.0, 105.0),
            rec("crate:x", 10.0, 9.0, 11.0),
        ];
        records[1].requires = vec!["avx2".into()];
        records[2].origin = Origin::Crate;
        let policy = Policy {
            no_crates: true,
            ..Policy::default()
        };
        let e = explain(&records, "op", Strategy::Throughput, 1024, &policy).unwrap();
        assert_eq!(e.winner.variant, "scalar");
        assert!(!e.decisive);
        assert_eq!(e.rule, Rule::FewerFeatures);
        assert_eq!(e.tied, ["scalar", "avx2"]);
        assert_eq!(e.excluded[0].variant, "crate:x");
        assert!(e.ratio.unwrap().estimate < 1.0);
        let text = e.to_string();
        assert!(
            text.contains("decision   tie broken: fewer CPU features\n"),
            "{text}"
        );
        assert!(
            text.contains("excluded   crate:x: wraps another crate (--no-crates)"),
            "{text}"
        );
        assert!(!text.contains("counters"), "{text}");
    }

    #[test]
    fn errors_when_nothing_to_explain() {
        let records = [rec("scalar", 1.0, 0.9, 1.1)];
        let err = explain(&records, "op", Strategy::Latency, 1024, &Policy::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no latency measurement of `op` (run `arsenal tune` for it first)"
        );
        let policy = Policy {
            only_own: true,
            exclude: vec!["scalar".into()],
            ..Policy::default()
        };
        let err = explain(&records, "op", Strategy::Throughput, 1024, &policy).unwrap_err();
        assert_eq!(
            err.to_string(),
            "op throughput at size 1024: the policy leaves no candidate (excluded: scalar: excluded by name (--exclude))"
        );
    }

    #[test]
    fn a_lone_candidate_is_decisive_without_a_ratio() {
        let records = [rec("scalar", 1.0, 0.9, 1.1)];
        let e = explain(
            &records,
            "op",
            Strategy::Throughput,
            1024,
            &Policy::default(),
        )
        .unwrap();
        assert!(e.decisive && e.runner_up.is_none() && e.ratio.is_none());
        assert_eq!(e.rule, Rule::OnlyCandidate);
    }
}
