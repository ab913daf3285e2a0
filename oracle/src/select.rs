//! The winner at one measured size: fastest when decisive, otherwise a tie broken by rules.
//!
//! The winner is *decisive* when its confidence interval lies entirely below the runner-up's. When
//! it does not, the candidates whose intervals are not clear above the fastest's *overlap* it, and,
//! in order:
//!
//! 1. the overlapping candidates whose objectives lie within the policy's tie margin (default 3 %)
//!    of the fastest's are *tied*; under latency, so are those whose p99 estimate lies inside the
//!    fastest's interval, or the fastest's inside theirs (short calls timed once each are known to
//!    a few clock steps, and such estimates are not told apart however far off). When the fastest is
//!    alone there, it wins (faster beyond the margin, though not decisively);
//! 2. under latency, the tied candidates whose median (p50) interval lies clear above the lowest
//!    p50's are set aside (the p99 could not separate them, the typical call can); one left wins;
//! 3. under latency, of those left, the ones whose back-to-back call at the same size (the
//!    throughput cell, when the run measured one there) is slower than another's by more than
//!    the tie margin, intervals clear, are set aside; one left wins. A call of a few dozen
//!    nanoseconds timed once reads as a few clock steps (10 ns apart on some virtual machines),
//!    so its p99 and p50 tie whatever the code; the throughput median of the same call is known
//!    to a fraction of a nanosecond. Two default tunes on an AMD EPYC (family 25 model 1) tied
//!    `linalg.dot_f32`'s latency at 45 B and gave it to scalar on fewer features, and
//!    verify-manifest measured avx2 faster there by 24 % at least;
//! 4. a tied candidate that wins a neighbouring measured size decisively wins (the plan passes
//!    those winners in): it is the one likely faster between the sizes, where the build uses the
//!    choice too, and its band goes on instead of ending at a guessed boundary;
//! 5. a tied candidate chosen at the measured size below wins: its band goes on rather than end
//!    at a boundary guessed between candidates the run could not tell apart (a tie of ×1.02 at
//!    256 B went to libc on fewer features, and the boundary at 181 B, between avx2's 128 B and
//!    libc's 256 B, lost 25–33 % to avx2 there in verify-manifest, AMD EPYC family 25 model 1);
//! 6. a tie goes to: fewer CPU features (closed over prerequisites); own portable code; safe code
//!    (own or std, no features); the lower objective; the name, so the result is deterministic.
//!
//! So a tie rule never costs more than the margin on the estimates, or under latency more than
//! estimates that were not told apart (of candidates whose typical call is as fast).

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::features::feature_count;
use crate::policy::{exclusion, Policy, TieMargin};
use crate::record::{Origin, Record, Strategy};

/// The rule that picked a winner over its runner-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// No other candidate was left.
    OnlyCandidate,
    /// The winner's interval is entirely below the runner-up's.
    Faster,
    /// Latency, p99s tied (intervals overlap, estimates within the margin or one inside the
    /// other's interval): the winner's p50 interval is clear below the other tied candidates'.
    MedianClear,
    /// Latency, p99s tied and the p50s (where stored) not separating them: the winner's
    /// back-to-back call at the same size (its throughput median) is faster than the other tied
    /// candidates' beyond the tie margin, intervals clear.
    BackToBackClear,
    /// Intervals overlap, but the winner's objective is lower by more than the tie margin.
    BeyondMargin,
    /// Tie: the winner wins a neighbouring measured size decisively.
    Neighbour,
    /// Tie: the winner is the choice at the measured size below.
    Continues,
    /// Tie: the winner needs fewer CPU features.
    FewerFeatures,
    /// Tie: the winner is own code needing no CPU feature.
    OwnPortable,
    /// Tie: the winner is safe code (own or std, no CPU feature); crates and libc are not.
    SafeCode,
    /// Tie: equal on every rule above, the winner's objective is lower.
    LowerObjective,
    /// Tie: equal objectives too; the name decides so the choice is deterministic.
    Name,
}

impl Rule {
    /// Whether this rule means the winner was decisive (not a tie).
    pub const fn is_decisive(self) -> bool {
        matches!(self, Rule::OnlyCandidate | Rule::Faster)
    }

    /// The readable form, e.g. `tie broken: fewer CPU features`.
    pub const fn describe(self) -> &'static str {
        match self {
            Rule::OnlyCandidate => "only candidate",
            Rule::Faster => "faster, intervals clear",
            Rule::MedianClear => "p99s tied; faster on the p50, intervals clear",
            Rule::BackToBackClear => "p99s tied; faster back to back at this size, intervals clear",
            Rule::BeyondMargin => "intervals overlap; faster by more than the tie margin",
            Rule::Neighbour => "tie broken: wins the neighbouring size decisively",
            Rule::Continues => "tie broken: continues the band below",
            Rule::FewerFeatures => "tie broken: fewer CPU features",
            Rule::OwnPortable => "tie broken: own portable code",
            Rule::SafeCode => "tie broken: safe code",
            Rule::LowerObjective => "tie broken: lower objective",
            Rule::Name => "tie broken: name",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A variant a policy or strategy ruled out, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// The variant's name.
    pub variant: String,
    /// Why it could not be chosen, e.g. `wraps another crate (--no-crates)`.
    pub reason: String,
}

/// The candidates at one size, ranked.
#[derive(Debug)]
pub(crate) struct Ranking<'a> {
    /// Winner first, then the runner-up, then the rest.
    pub ranked: Vec<&'a Record>,
    /// The rule that put `ranked[0]` before `ranked[1]`; meaningless when `ranked` is empty.
    pub rule: Rule,
    /// Variants tied with the fastest (empty when decisive).
    pub tied: Vec<&'a Record>,
    /// What the policy or strategy ruled out.
    pub excluded: Vec<Exclusion>,
}

impl Ranking<'_> {
    pub fn decisive(&self) -> bool {
        self.rule.is_decisive()
    }
}

fn by_objective(a: &Record, b: &Record) -> Ordering {
    a.objective_ns
        .total_cmp(&b.objective_ns)
        .then_with(|| a.variant.cmp(&b.variant))
}

fn own_portable(record: &Record) -> bool {
    record.origin == Origin::Own && record.requires.is_empty()
}

fn safe(record: &Record) -> bool {
    matches!(record.origin, Origin::Own | Origin::Std) && record.requires.is_empty()
}

/// What the rest of the run says about a latency tie at a size (rule 3 of the module doc), and
/// the neighbouring measured sizes about any tie there (rules 4 and 5).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Beside<'a> {
    /// The op's throughput records at the same size (used under latency only).
    pub back_to_back: Vec<&'a Record>,
    /// The decisive winners of the measured sizes next to it.
    pub decisive: Vec<&'a str>,
    /// The choice at the measured size below it.
    pub below: Option<&'a str>,
}

/// Compares two tied candidates by the tie rules in order; also says which rule separated them.
fn tie_order(a: &Record, b: &Record, beside: &Beside<'_>) -> (Ordering, Rule) {
    let next_to = |r: &Record| beside.decisive.contains(&r.variant.as_str());
    let continues = |r: &Record| beside.below == Some(r.variant.as_str());
    let steps = [
        (next_to(b).cmp(&next_to(a)), Rule::Neighbour),
        (continues(b).cmp(&continues(a)), Rule::Continues),
        (
            feature_count(&a.requires).cmp(&feature_count(&b.requires)),
            Rule::FewerFeatures,
        ),
        (own_portable(b).cmp(&own_portable(a)), Rule::OwnPortable),
        (safe(b).cmp(&safe(a)), Rule::SafeCode),
        (
            a.objective_ns.total_cmp(&b.objective_ns),
            Rule::LowerObjective,
        ),
        (a.variant.cmp(&b.variant), Rule::Name),
    ];
    steps
        .into_iter()
        .find(|(order, _)| order.is_ne())
        .unwrap_or((Ordering::Equal, Rule::Name))
}

/// Ranks `cells`, the records of one op at one size under `strategy`, after `policy`.
#[cfg(test)]
pub(crate) fn rank<'a>(cells: &[&'a Record], strategy: Strategy, policy: &Policy) -> Ranking<'a> {
    rank_beside(cells, strategy, policy, &Beside::default())
}

/// [`rank`], a tie going first to a decisive winner next to it, then to the choice below it.
pub(crate) fn rank_beside<'a>(
    cells: &[&'a Record],
    strategy: Strategy,
    policy: &Policy,
    beside: &Beside<'_>,
) -> Ranking<'a> {
    let mut excluded = Vec::new();
    let mut candidates = Vec::new();
    for &cell in cells {
        match exclusion(cell, strategy, policy) {
            Some(reason) => excluded.push(Exclusion {
                variant: cell.variant.clone(),
                reason,
            }),
            None => candidates.push(cell),
        }
    }
    candidates.sort_by(|a, b| by_objective(a, b));
    let (ranked, tied, rule) = order(candidates, strategy, policy.tie_margin, beside);
    Ranking {
        ranked,
        rule,
        tied,
        excluded,
    }
}

/// `tied` (sorted by objective) split into the candidates whose p50 interval is not clear above
/// the lowest p50's (or is unknown), and the rest, in the same order.
fn median_tied(tied: Vec<&Record>) -> (Vec<&Record>, Vec<&Record>) {
    let best = tied
        .iter()
        .filter_map(|c| c.p50)
        .min_by(|a, b| a.ns.total_cmp(&b.ns));
    let Some(best) = best else {
        return (tied, Vec::new());
    };
    tied.into_iter()
        .partition(|c| c.p50.is_none_or(|m| m.low_ns <= best.high_ns))
}

/// `tied` (latency records, in order) split into the candidates whose back-to-back call at the
/// same size is not slower than the fastest tied one's beyond `margin` with the intervals clear
/// (or was not measured), and the rest, in the same order.
fn back_to_back_tied<'a>(
    tied: Vec<&'a Record>,
    back_to_back: &[&Record],
    margin: TieMargin,
) -> (Vec<&'a Record>, Vec<&'a Record>) {
    let of = |c: &Record| {
        back_to_back
            .iter()
            .find(|t| t.variant == c.variant)
            .copied()
    };
    let best = tied
        .iter()
        .filter_map(|c| of(c))
        .min_by(|a, b| by_objective(a, b));
    let Some(best) = best else {
        return (tied, Vec::new());
    };
    tied.into_iter().partition(|c| {
        of(c).is_none_or(|t| {
            t.ci_low_ns <= best.ci_high_ns || margin.within(t.objective_ns, best.objective_ns)
        })
    })
}

/// `candidates` (sorted fastest first) reordered winner first, the tied set, and the rule.
fn order<'a>(
    candidates: Vec<&'a Record>,
    strategy: Strategy,
    margin: TieMargin,
    beside: &Beside<'_>,
) -> (Vec<&'a Record>, Vec<&'a Record>, Rule) {
    let (fastest, runner_up) = match candidates.as_slice() {
        [fastest, runner_up, ..] => (*fastest, *runner_up),
        _ => return (candidates, Vec::new(), Rule::OnlyCandidate),
    };
    if fastest.ci_high_ns < runner_up.ci_low_ns {
        return (candidates, Vec::new(), Rule::Faster);
    }
    // Candidates are sorted by objective, so "not clear above the fastest" is the overlap test;
    // the runner-up is always in, as the test just failed for it.
    let (overlap, rest): (Vec<&Record>, Vec<&Record>) = candidates
        .iter()
        .partition(|c| c.ci_low_ns <= fastest.ci_high_ns);
    // Under latency with every p50 known, a p99 estimate inside the other's interval is not told
    // apart from it, however far off: the p50 is there to separate such candidates instead.
    let by_p50 = strategy == Strategy::Latency && overlap.iter().all(|c| c.p50.is_some());
    let (tied, beyond): (Vec<&Record>, Vec<&Record>) = overlap.into_iter().partition(|c| {
        margin.within(c.objective_ns, fastest.objective_ns) || (by_p50 && !apart(c, fastest))
    });
    if tied.len() == 1 {
        return (candidates, Vec::new(), Rule::BeyondMargin);
    }
    // A tie on the p99 is narrowed on the p50: a tied candidate whose typical call is clearly
    // slower than another's is set aside. (A candidate whose p99 is apart from the fastest's and
    // worse by more than the margin is not tied, so a better typical call never outweighs it.)
    let (tied, mut set_aside) = if by_p50 {
        median_tied(tied)
    } else {
        (tied, Vec::new())
    };
    let single = |tied: &[&'a Record], set_aside: &[&'a Record], rule| {
        let ranked = tied.iter().chain(set_aside).chain(&beyond).chain(&rest);
        let all_tied = tied.iter().chain(set_aside).copied().collect();
        (ranked.copied().collect(), all_tied, rule)
    };
    if tied.len() == 1 {
        return single(&tied, &set_aside, Rule::MedianClear);
    }
    // Still tied, the back-to-back call at the same size separates them where it can.
    let (mut tied, slower) = if strategy == Strategy::Latency {
        back_to_back_tied(tied, &beside.back_to_back, margin)
    } else {
        (tied, Vec::new())
    };
    set_aside.extend(slower);
    if tied.len() == 1 {
        return single(&tied, &set_aside, Rule::BackToBackClear);
    }
    tied.sort_by(|a, b| tie_order(a, b, beside).0);
    let rule = tie_order(tied[0], tied[1], beside).1;
    let ranked = tied
        .iter()
        .chain(&set_aside)
        .chain(&beyond)
        .chain(&rest)
        .copied()
        .collect();
    (ranked, tied, rule)
}

/// Whether `c`'s estimate and the `fastest`'s each lie outside the other's interval.
fn apart(c: &Record, fastest: &Record) -> bool {
    fastest.ci_high_ns < c.objective_ns && fastest.objective_ns < c.ci_low_ns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::rec;

    fn winner(records: &[Record]) -> (String, Rule) {
        let cells: Vec<&Record> = records.iter().collect();
        let ranking = rank(&cells, Strategy::Throughput, &Policy::default());
        (ranking.ranked[0].variant.clone(), ranking.rule)
    }

    fn with(mut record: Record, origin: Origin, requires: &[&str]) -> Record {
        record.origin = origin;
        record.requires = requires.iter().map(|f| f.to_string()).collect();
        record
    }

    #[test]
    fn decisive_winner_is_the_fastest() {
        let records = [
            with(rec("scalar", 100.0, 95.0, 105.0), Origin::Own, &[]),
            with(rec("avx2", 50.0, 48.0, 52.0), Origin::Own, &["avx2"]),
        ];
        assert_eq!(winner(&records), ("avx2".into(), Rule::Faster));
        let ranking = rank(
            &records.iter().collect::<Vec<_>>(),
            Strategy::Throughput,
            &Policy::default(),
        );
        assert!(ranking.decisive() && ranking.tied.is_empty());
        assert_eq!(ranking.ranked[1].variant, "scalar");
    }

    #[test]
    fn touching_intervals_are_not_clear() {
        let records = [
            with(rec("scalar", 100.0, 98.0, 110.0), Origin::Own, &[]),
            with(rec("avx2", 98.0, 90.0, 98.0), Origin::Own, &["avx2"]),
        ];
        assert_eq!(winner(&records), ("scalar".into(), Rule::FewerFeatures));
    }

    #[test]
    fn tie_goes_to_fewer_features_counted_with_prerequisites() {
        // avx512bw closes over 9 features, avx2 + bmi2 over 7: the faster avx512 loses the tie.
        let records = [
            with(rec("avx512", 98.0, 90.0, 106.0), Origin::Own, &["avx512bw"]),
            with(
                rec("avx2", 100.0, 92.0, 108.0),
                Origin::Own,
                &["avx2", "bmi2"],
            ),
        ];
        assert_eq!(winner(&records), ("avx2".into(), Rule::FewerFeatures));
    }

    #[test]
    fn tie_then_goes_to_own_portable_code() {
        let records = [
            with(rec("std:iter", 99.0, 90.0, 106.0), Origin::Std, &[]),
            with(rec("crate:x", 98.5, 90.0, 106.0), Origin::Crate, &[]),
            with(rec("scalar", 100.0, 92.0, 108.0), Origin::Own, &[]),
        ];
        assert_eq!(winner(&records), ("scalar".into(), Rule::OwnPortable));
    }

    #[test]
    fn tie_then_goes_to_safe_code() {
        let records = [
            with(rec("libc", 98.5, 90.0, 106.0), Origin::Libc, &[]),
            with(rec("crate:x", 99.0, 90.0, 106.0), Origin::Crate, &[]),
            with(rec("std:iter", 100.0, 92.0, 108.0), Origin::Std, &[]),
        ];
        assert_eq!(winner(&records), ("std:iter".into(), Rule::SafeCode));
    }

    #[test]
    fn tie_then_goes_to_the_lower_objective() {
        let records = [
            with(rec("crate:b", 100.0, 90.0, 110.0), Origin::Crate, &["avx2"]),
            with(rec("avx2", 99.0, 90.0, 110.0), Origin::Own, &["avx2"]),
        ];
        // Same features, neither portable nor safe (both need avx2): the objective decides.
        assert_eq!(winner(&records), ("avx2".into(), Rule::LowerObjective));
        let records = [
            with(rec("libc", 100.0, 90.0, 110.0), Origin::Libc, &[]),
            with(rec("crate:x", 99.0, 90.0, 110.0), Origin::Crate, &[]),
        ];
        assert_eq!(winner(&records), ("crate:x".into(), Rule::LowerObjective));
    }

    #[test]
    fn tie_finally_goes_to_the_name() {
        let records = [
            with(rec("b", 100.0, 90.0, 110.0), Origin::Own, &["avx2"]),
            with(rec("a", 100.0, 90.0, 110.0), Origin::Own, &["avx2"]),
        ];
        assert_eq!(winner(&records), ("a".into(), Rule::Name));
    }

    #[test]
    fn only_candidates_overlapping_the_fastest_are_tied() {
        // scalar overlaps avx2 but not avx512 (the fastest), so it is not tied and cannot win.
        let records = [
            with(rec("avx512", 50.0, 45.0, 55.0), Origin::Own, &["avx512f"]),
            with(rec("avx2", 51.0, 49.0, 60.0), Origin::Own, &["avx2"]),
            with(rec("scalar", 70.0, 58.0, 80.0), Origin::Own, &[]),
        ];
        let cells: Vec<&Record> = records.iter().collect();
        let ranking = rank(&cells, Strategy::Throughput, &Policy::default());
        let tied: Vec<&str> = ranking.tied.iter().map(|r| r.variant.as_str()).collect();
        assert_eq!(tied, ["avx2", "avx512"]);
        assert_eq!(ranking.ranked[0].variant, "avx2");
        assert_eq!(ranking.ranked[2].variant, "scalar");
        assert_eq!(ranking.rule, Rule::FewerFeatures);
    }

    #[test]
    fn overlapping_but_faster_beyond_the_margin_wins_without_being_decisive() {
        let records = [
            with(rec("scalar", 70.0, 60.0, 300.0), Origin::Own, &[]),
            with(rec("avx512", 40.0, 30.0, 70.0), Origin::Own, &["avx512bw"]),
        ];
        assert_eq!(winner(&records), ("avx512".into(), Rule::BeyondMargin));
        assert!(!Rule::BeyondMargin.is_decisive());
        // A wider margin makes it a tie again, which fewer features win.
        let cells: Vec<&Record> = records.iter().collect();
        let wide = Policy {
            tie_margin: TieMargin::new(0.9).unwrap(),
            ..Policy::default()
        };
        let ranking = rank(&cells, Strategy::Throughput, &wide);
        assert_eq!(
            (ranking.ranked[0].variant.as_str(), ranking.rule),
            ("scalar", Rule::FewerFeatures)
        );
    }

    #[test]
    fn a_latency_tie_on_the_p99_is_broken_on_a_clear_p50() {
        let p50 = |ns: f64, low: f64, high: f64| {
            Some(crate::record::Estimate {
                ns,
                low_ns: low,
                high_ns: high,
            })
        };
        let mut swar = with(rec("swar", 100.0, 80.0, 140.0), Origin::Own, &[]);
        let mut avx2 = with(rec("avx2", 101.0, 85.0, 150.0), Origin::Own, &["avx2"]);
        swar.strategy = Strategy::Latency;
        avx2.strategy = Strategy::Latency;
        swar.p50 = p50(60.0, 58.0, 62.0);
        avx2.p50 = p50(30.0, 29.0, 31.0);
        let records = [swar.clone(), avx2.clone()];
        let cells: Vec<&Record> = records.iter().collect();
        let ranking = rank(&cells, Strategy::Latency, &Policy::default());
        assert_eq!(
            (ranking.ranked[0].variant.as_str(), ranking.rule),
            ("avx2", Rule::MedianClear)
        );
        // Overlapping medians leave it to the tie rules; throughput never looks at the p50.
        avx2.p50 = p50(59.0, 55.0, 61.0);
        let records = [swar, avx2];
        let cells: Vec<&Record> = records.iter().collect();
        let ranking = rank(&cells, Strategy::Latency, &Policy::default());
        assert_eq!(ranking.rule, Rule::FewerFeatures);
    }

    #[test]
    fn a_latency_tie_left_by_the_p50_goes_to_the_clearly_faster_back_to_back_call() {
        // dot_f32 at 45 B on a 10 ns clock: p99s and p50s a clock step apart, tied; the
        // throughput cell at the same size tells the calls apart.
        let latency = |name: &str, p99: f64, requires: &[&str]| {
            let mut r = with(
                rec(name, p99, p99 - 20.0, p99 + 20.0),
                Origin::Own,
                requires,
            );
            r.strategy = Strategy::Latency;
            r.p50 = Some(crate::record::Estimate {
                ns: 50.0,
                low_ns: 40.0,
                high_ns: 60.0,
            });
            r
        };
        let records = [
            latency("scalar", 70.0, &[]),
            latency("avx2", 80.0, &["avx2"]),
        ];
        let cells: Vec<&Record> = records.iter().collect();
        let rank_with = |throughput: &[Record]| {
            let beside = Beside {
                back_to_back: throughput.iter().collect(),
                ..Beside::default()
            };
            let ranking = rank_beside(&cells, Strategy::Latency, &Policy::default(), &beside);
            (ranking.ranked[0].variant.clone(), ranking.rule)
        };
        // Without a throughput cell, the fewer features win.
        assert_eq!(rank_with(&[]), ("scalar".to_string(), Rule::FewerFeatures));
        // avx2 three times faster back to back, intervals clear: it wins.
        let clear = [
            rec("scalar", 30.0, 29.5, 30.5),
            rec("avx2", 10.0, 9.8, 10.2),
        ];
        assert_eq!(
            rank_with(&clear),
            ("avx2".to_string(), Rule::BackToBackClear)
        );
        // Clear but within the 3 % margin, or beyond it with overlapping intervals: still a tie.
        let near = [
            rec("scalar", 10.2, 10.15, 10.25),
            rec("avx2", 10.0, 9.95, 10.05),
        ];
        assert_eq!(
            rank_with(&near),
            ("scalar".to_string(), Rule::FewerFeatures)
        );
        let wide = [rec("scalar", 30.0, 9.0, 31.0), rec("avx2", 10.0, 9.5, 10.5)];
        assert_eq!(
            rank_with(&wide),
            ("scalar".to_string(), Rule::FewerFeatures)
        );
        // A candidate with no throughput cell stays tied.
        let one = [rec("avx2", 10.0, 9.8, 10.2)];
        assert_eq!(rank_with(&one), ("scalar".to_string(), Rule::FewerFeatures));
        // Throughput itself has no such rule: the same records as throughput cells tie.
        let mut throughput = records.clone();
        for r in &mut throughput {
            r.strategy = Strategy::Throughput;
            r.objective_ns = 70.0;
        }
        let cells: Vec<&Record> = throughput.iter().collect();
        let beside = Beside {
            back_to_back: clear.iter().collect(),
            ..Beside::default()
        };
        let ranking = rank_beside(&cells, Strategy::Throughput, &Policy::default(), &beside);
        assert_eq!(ranking.rule, Rule::FewerFeatures);
    }

    #[test]
    fn a_clear_p50_does_not_outweigh_a_p99_worse_beyond_the_margin() {
        let p50 = |ns: f64| {
            Some(crate::record::Estimate {
                ns,
                low_ns: ns * 0.98,
                high_ns: ns * 1.02,
            })
        };
        // The p99 intervals overlap, the p99 estimates are 28 % apart, the p50s are clear the
        // other way: the lower p99 wins (beyond the margin), not the better typical call.
        let mut avx2 = with(rec("avx2", 175.0, 158.0, 198.0), Origin::Own, &["avx2"]);
        let mut avx512 = with(
            rec("avx512", 224.0, 178.0, 260.0),
            Origin::Own,
            &["avx512bw"],
        );
        avx2.strategy = Strategy::Latency;
        avx512.strategy = Strategy::Latency;
        avx2.p50 = p50(98.0);
        avx512.p50 = p50(66.0);
        let records = [avx2, avx512];
        let cells: Vec<&Record> = records.iter().collect();
        let ranking = rank(&cells, Strategy::Latency, &Policy::default());
        assert_eq!(
            (ranking.ranked[0].variant.as_str(), ranking.rule),
            ("avx2", Rule::BeyondMargin)
        );
    }

    #[test]
    fn p99s_inside_each_others_intervals_are_tied_and_narrowed_on_the_p50() {
        // Short calls timed once each: p99s in a few clock steps, intervals wide. scalar's p99
        // estimate is 16 % lower, but inside the others' intervals; its typical call is twice
        // theirs.
        let latency = |name: &str, p99: (f64, f64, f64), p50: f64, requires: &[&str]| {
            let mut r = with(rec(name, p99.0, p99.1, p99.2), Origin::Own, requires);
            r.strategy = Strategy::Latency;
            r.p50 = Some(crate::record::Estimate {
                ns: p50,
                low_ns: p50 - 5.0,
                high_ns: p50 + 5.0,
            });
            r
        };
        let records = [
            latency("scalar", (310.0, 250.0, 420.0), 130.0, &[]),
            latency("sse2", (360.0, 190.0, 500.0), 60.0, &["sse2"]),
            latency("avx2", (370.0, 200.0, 520.0), 62.0, &["avx2"]),
        ];
        let cells: Vec<&Record> = records.iter().collect();
        let ranking = rank(&cells, Strategy::Latency, &Policy::default());
        let names =
            |r: &Ranking| -> Vec<String> { r.ranked.iter().map(|c| c.variant.clone()).collect() };
        // scalar is set aside on the p50; the fewer features decide between the two left.
        assert_eq!(names(&ranking), ["sse2", "avx2", "scalar"]);
        assert_eq!(ranking.rule, Rule::FewerFeatures);
        let tied: Vec<&str> = ranking.tied.iter().map(|c| c.variant.as_str()).collect();
        assert_eq!(tied, ["sse2", "avx2"]);
        // Without avx2 the p50 alone decides.
        let ranking = rank(&cells[..2], Strategy::Latency, &Policy::default());
        assert_eq!(names(&ranking), ["sse2", "scalar"]);
        assert_eq!(ranking.rule, Rule::MedianClear);
        // Throughput has no second statistic: the lower estimate wins beyond the margin.
        let mut throughput = records.clone();
        for r in &mut throughput {
            r.strategy = Strategy::Throughput;
        }
        let cells: Vec<&Record> = throughput.iter().collect();
        let ranking = rank(&cells, Strategy::Throughput, &Policy::default());
        assert_eq!(ranking.ranked[0].variant, "scalar");
        assert_eq!(ranking.rule, Rule::BeyondMargin);
    }

    #[test]
    fn no_candidate_gives_an_empty_ranking() {
        let records = [rec("scalar", 1.0, 0.9, 1.1)];
        let cells: Vec<&Record> = records.iter().collect();
        let policy = Policy {
            exclude: vec!["scalar".into()],
            ..Policy::default()
        };
        let ranking = rank(&cells, Strategy::Latency, &policy);
        assert!(ranking.ranked.is_empty());
        assert_eq!(ranking.excluded.len(), 1);
    }
}
