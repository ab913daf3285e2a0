//! Plans: the winner at every measured size of an (op, strategy), merged into size bands.
//!
//! Adjacent sizes with one winner form a band. The crossover between the last size `a` of one band
//! (won by `A`) and the first size `b` of the next (won by `B`) is where the two variants' times
//! cross, interpolated linearly in log(time) against log(size) from their objectives at `a` and
//! `b`; when either is missing there, or the times do not cross between `a` and `b` (a tie rule
//! chose a slower variant), it is their geometric mean `round(sqrt(a * b))`. Either way it is kept
//! within `a < below <= b` so each measured size stays in the band that won it.
//!
//! A plan never extrapolates: sizes below the smallest measured size, above the largest, and
//! measured sizes where the policy left no candidate get a band of [`RUNTIME`], which the build
//! serves by runtime dispatch. A decision made at the largest size covers that size only.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::policy::Policy;
use crate::record::{Record, Strategy};
use crate::select::{rank_beside, Beside, Exclusion, Rule};

/// A cell a run planned but did not measure (the budget did not cover it, or no variant passed
/// verification): a plan leaves its size to runtime dispatch rather than stretch a neighbouring
/// band over it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// The size, in the op's units.
    pub size: u64,
    /// Why it was not measured.
    pub reason: String,
}

pub use arsenal_manifest::{Band, RUNTIME};

/// Something the oracle wants a person to know about a plan: a size left without a winner, a
/// duplicate measurement, a strategy never measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The op concerned.
    pub op: String,
    /// The strategy concerned.
    pub strategy: Strategy,
    /// The size concerned, if it is about one size.
    pub size: Option<u64>,
    /// What happened, one line.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.op, self.strategy)?;
        if let Some(size) = self.size {
            write!(f, " at size {size}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The outcome at one measured size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SizeDecision {
    /// The measured size.
    pub size: u64,
    /// The chosen variant, `None` when the policy left no candidate.
    pub winner: Option<String>,
    /// The next variant in the ranking.
    pub runner_up: Option<String>,
    /// Whether the winner's interval was clear of the runner-up's (or it was the only candidate).
    pub decisive: bool,
    /// The rule that decided; `None` without a winner.
    pub rule: Option<Rule>,
    /// Variants ruled out by the policy or the strategy.
    pub excluded: Vec<Exclusion>,
}

/// The plan of one (op, strategy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// One decision per measured size, ascending.
    pub sizes: Vec<SizeDecision>,
    /// The bands, ascending; empty when no size has a winner.
    pub bands: Vec<Band>,
    /// Sizes without a winner, duplicate measurements.
    pub notes: Vec<Note>,
}

/// The distinct ops in `records`, sorted.
pub fn ops(records: &[Record]) -> Vec<String> {
    let names: BTreeSet<&str> = records.iter().map(|r| r.op.as_str()).collect();
    names.into_iter().map(str::to_string).collect()
}

/// The distinct sizes measured for `op` under `strategy`, ascending.
pub fn measured_sizes(records: &[Record], op: &str, strategy: Strategy) -> Vec<u64> {
    let sizes: BTreeSet<u64> = records
        .iter()
        .filter(|r| r.op == op && r.strategy == strategy)
        .map(|r| r.size)
        .collect();
    sizes.into_iter().collect()
}

/// The records of `op` at `size` under `strategy`, one per variant (the first given), and the
/// names of variants given more than once.
pub(crate) fn cells<'a>(
    records: &'a [Record],
    op: &str,
    strategy: Strategy,
    size: u64,
) -> (Vec<&'a Record>, Vec<String>) {
    let mut seen = BTreeSet::new();
    let mut kept = Vec::new();
    let mut duplicates = Vec::new();
    let matching = records
        .iter()
        .filter(|r| r.op == op && r.strategy == strategy && r.size == size);
    for record in matching {
        if seen.insert(record.variant.as_str()) {
            kept.push(record);
        } else {
            duplicates.push(record.variant.clone());
        }
    }
    (kept, duplicates)
}

/// The crossover between measured sizes `a < b`: `round(sqrt(a * b))`, clamped to `a < x <= b`.
pub fn crossover(a: u64, b: u64) -> u64 {
    let (a, b) = (a.min(b), a.max(b));
    let product = u128::from(a) * u128::from(b);
    let root = product.isqrt();
    // sqrt(n) >= root + 0.5 exactly when n > root^2 + root, as n is an integer.
    let rounded = if product - root * root > root {
        root + 1
    } else {
        root
    };
    // root <= sqrt(u64::MAX^2) < 2^64, so the rounded value fits unless it is exactly 2^64, which
    // the clamp to `b` below covers.
    let rounded = u64::try_from(rounded).unwrap_or(u64::MAX);
    rounded.clamp(a.saturating_add(1).min(b), b)
}

/// Where `A` (faster at `a`) and `B` (faster at `b`) cross, by linear interpolation of
/// `ln(time)` against `ln(size)`: `times = (A at a, B at a, A at b, B at b)`. `None` unless `A`
/// is faster at `a` and `B` at `b`; otherwise clamped to `a < x <= b`.
pub fn interpolated_crossover(a: u64, b: u64, times: (f64, f64, f64, f64)) -> Option<u64> {
    let (a_at_a, b_at_a, a_at_b, b_at_b) = times;
    if ![a_at_a, b_at_a, a_at_b, b_at_b]
        .iter()
        .all(|t| t.is_finite() && *t > 0.0)
        || a >= b
    {
        return None;
    }
    // f(s) = ln t_B(s) - ln t_A(s): positive where A is faster.
    let (fa, fb) = ((b_at_a / a_at_a).ln(), (b_at_b / a_at_b).ln());
    if !(fa > 0.0 && fb < 0.0) {
        return None;
    }
    let t = fa / (fa - fb);
    let (la, lb) = ((a as f64).ln(), (b as f64).ln());
    let x = (la + t * (lb - la)).exp().round() as u64;
    Some(x.clamp(a + 1, b))
}

/// The objective of `variant` of `op` at `size` under `strategy`, if measured.
fn objective(
    records: &[Record],
    op: &str,
    strategy: Strategy,
    size: u64,
    variant: &str,
) -> Option<f64> {
    records
        .iter()
        .find(|r| r.op == op && r.strategy == strategy && r.size == size && r.variant == variant)
        .map(|r| r.objective_ns)
}

/// Moves each band's bound to where its variant's and the next band's variant's times cross,
/// where both were measured at the two sizes around it (see [`interpolated_crossover`]).
fn interpolate(
    bands: &mut [Band],
    winners: &[(u64, &str, bool)],
    records: &[Record],
    op: &str,
    strategy: Strategy,
) {
    let boundaries = winners.windows(2).filter(|w| w[0].1 != w[1].1);
    for (band, w) in bands.iter_mut().zip(boundaries) {
        let ((a, va, _), (b, vb, _)) = (w[0], w[1]);
        let time = |size, variant| objective(records, op, strategy, size, variant);
        let times = (|| Some((time(a, va)?, time(a, vb)?, time(b, va)?, time(b, vb)?)))();
        if let Some(x) = times.and_then(|t| interpolated_crossover(a, b, t)) {
            band.below = Some(x);
        }
    }
}

/// `bands` (whose last is unbounded) held to the measured sizes `first..=last`: runtime dispatch
/// below `first` and above `last`.
fn within_measured(bands: Vec<Band>, first: u64, last: u64) -> Vec<Band> {
    let runtime = |below| Band {
        below,
        variant: RUNTIME.to_string(),
        decisive: false,
        pinned: false,
        runner_up: None,
    };
    let mut held = Vec::with_capacity(bands.len() + 2);
    if first > 0 {
        held.push(runtime(Some(first)));
    }
    held.extend(bands);
    if let Some(top) = held.last_mut() {
        top.below = Some(last.saturating_add(1));
    }
    held.push(runtime(None));
    // A gap at either end merges with the runtime band beside it.
    held.dedup_by(|next, prev| {
        let same = next.variant == RUNTIME && prev.variant == RUNTIME;
        if same {
            prev.below = next.below;
        }
        same
    });
    held
}

/// Gives each band of a variant the runner-up its measured sizes name most often (the first of
/// equals, in size order): what the choice is checked against after deployment.
fn runner_ups(bands: &mut [Band], sizes: &[SizeDecision]) {
    let mut from = 0;
    for band in bands.iter_mut() {
        let inside = sizes
            .iter()
            .filter(|d| d.size >= from && band.ends_above(d.size))
            .filter(|d| d.winner.as_deref() == Some(band.variant.as_str()));
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for name in inside.filter_map(|d| d.runner_up.as_deref()) {
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 += 1,
                None => counts.push((name, 1)),
            }
        }
        let most = counts.iter().map(|c| c.1).max();
        band.runner_up = counts
            .iter()
            .find(|c| Some(c.1) == most)
            .map(|c| c.0.to_string());
        from = band.below.unwrap_or(u64::MAX);
    }
}

/// Merges `(size, variant, decisive)` winners, ascending by size, into bands.
pub fn bands(winners: &[(u64, &str, bool)]) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    let mut last_size = None;
    for &(size, variant, decisive) in winners {
        match bands.last_mut() {
            Some(band) if band.variant == variant => band.decisive &= decisive,
            Some(band) => {
                let previous = last_size.expect("a band exists only after a size was seen");
                band.below = Some(crossover(previous, size));
                bands.push(Band {
                    below: None,
                    variant: variant.to_string(),
                    decisive,
                    pinned: false,
                    runner_up: None,
                });
            }
            None => bands.push(Band {
                below: None,
                variant: variant.to_string(),
                decisive,
                pinned: false,
                runner_up: None,
            }),
        }
        last_size = Some(size);
    }
    bands
}

/// The decisive winners of the measured sizes next to `size` in `sizes` (ascending): a tie at
/// `size` goes first to one of them (see [`crate::select`]).
pub(crate) fn decisive_neighbours(sizes: &[SizeDecision], size: u64) -> Vec<&str> {
    let Some(i) = sizes.iter().position(|d| d.size == size) else {
        return Vec::new();
    };
    let before = i.checked_sub(1).map(|j| &sizes[j]);
    [before, sizes.get(i + 1)]
        .into_iter()
        .flatten()
        .filter(|d| d.decisive)
        .filter_map(|d| d.winner.as_deref())
        .collect()
}

/// What a plan's settled `sizes` and the op's `records` say about a tie at `size` under
/// `strategy`: the throughput records there (for a latency tie), the decisive winners next to it
/// and the choice below it (see [`crate::select`]).
pub(crate) fn beside<'a>(
    records: &'a [Record],
    sizes: &'a [SizeDecision],
    (op, strategy, size): (&str, Strategy, u64),
) -> Beside<'a> {
    let below = sizes
        .iter()
        .take_while(|d| d.size < size)
        .last()
        .and_then(|d| d.winner.as_deref());
    Beside {
        back_to_back: back_to_back(records, (op, strategy, size)),
        decisive: decisive_neighbours(sizes, size),
        below,
    }
}

/// The throughput records of `op` at `size`, which narrow a latency tie there; none under
/// throughput.
fn back_to_back<'a>(
    records: &'a [Record],
    (op, strategy, size): (&str, Strategy, u64),
) -> Vec<&'a Record> {
    match strategy {
        Strategy::Latency => cells(records, op, Strategy::Throughput, size).0,
        Strategy::Throughput => Vec::new(),
    }
}

fn decide(
    records: &[Record],
    (op, strategy, size): (&str, Strategy, u64),
    policy: &Policy,
    beside: &Beside<'_>,
) -> (SizeDecision, Vec<Note>) {
    let (cells, duplicates) = cells(records, op, strategy, size);
    let note = |message: String| Note {
        op: op.to_string(),
        strategy,
        size: Some(size),
        message,
    };
    let mut notes: Vec<Note> = duplicates
        .iter()
        .map(|variant| {
            note(format!(
                "{variant} measured more than once; the first record is used"
            ))
        })
        .collect();
    let ranking = rank_beside(&cells, strategy, policy, beside);
    let decisive = ranking.decisive();
    let winner = ranking.ranked.first();
    if winner.is_none() {
        let excluded: Vec<String> = ranking
            .excluded
            .iter()
            .map(|e| format!("{}: {}", e.variant, e.reason))
            .collect();
        notes.push(note(format!(
            "no candidate left, so no winner (excluded: {})",
            excluded.join("; ")
        )));
    }
    let decision = SizeDecision {
        size,
        winner: winner.map(|r| r.variant.clone()),
        runner_up: ranking.ranked.get(1).map(|r| r.variant.clone()),
        decisive: winner.is_some() && decisive,
        rule: winner.map(|_| ranking.rule),
        excluded: ranking.excluded,
    };
    (decision, notes)
}

/// The plan of `op` under `strategy` and `policy`. Never panics: sizes where the policy leaves no
/// candidate get no winner and a note, and runtime dispatch there.
pub fn plan(records: &[Record], op: &str, strategy: Strategy, policy: &Policy) -> Plan {
    plan_with_gaps(records, &[], op, strategy, policy)
}

/// [`plan`], with the cells the run skipped: their sizes get runtime dispatch and a note.
pub fn plan_with_gaps(
    records: &[Record],
    gaps: &[Gap],
    op: &str,
    strategy: Strategy,
    policy: &Policy,
) -> Plan {
    let mut sizes = Vec::new();
    let mut notes = Vec::new();
    // Crossovers with a skipped size sit at the geometric mean, as between measured ones.
    for size in measured_sizes(records, op, strategy) {
        let (decision, size_notes) =
            decide(records, (op, strategy, size), policy, &Beside::default());
        sizes.push(decision);
        notes.extend(size_notes);
    }
    // Ties again, upward, beside the decisive winners next to them and the choice below them
    // (decisiveness does not depend on the tie rules, so one more pass settles every tie).
    let mut settled: Vec<SizeDecision> = Vec::with_capacity(sizes.len());
    for d in &sizes {
        if d.decisive {
            settled.push(d.clone());
            continue;
        }
        let below = settled.last().and_then(|p| p.winner.clone());
        let beside = Beside {
            back_to_back: back_to_back(records, (op, strategy, d.size)),
            decisive: decisive_neighbours(&sizes, d.size),
            below: below.as_deref(),
        };
        settled.push(decide(records, (op, strategy, d.size), policy, &beside).0);
    }
    let sizes = settled;
    let mut winners: Vec<(u64, &str, bool)> = sizes
        .iter()
        .map(|d| match d.winner.as_deref() {
            Some(w) => (d.size, w, d.decisive),
            None => (d.size, RUNTIME, false),
        })
        .collect();
    for gap in gaps.iter().filter(|g| g.op == op && g.strategy == strategy) {
        if !winners.iter().any(|w| w.0 == gap.size) {
            winners.push((gap.size, RUNTIME, false));
            notes.push(Note {
                op: op.to_string(),
                strategy,
                size: Some(gap.size),
                message: format!("not measured ({}); runtime dispatch serves it", gap.reason),
            });
        }
    }
    winners.sort_by_key(|w| w.0);
    let mut bands = bands(&winners);
    interpolate(&mut bands, &winners, records, op, strategy);
    if bands.iter().all(|b| b.variant == RUNTIME) {
        bands.clear();
    } else if let (Some(first), Some(last)) = (winners.first(), winners.last()) {
        bands = within_measured(bands, first.0, last.0);
    }
    runner_ups(&mut bands, &sizes);
    Plan {
        op: op.to_string(),
        strategy,
        sizes,
        bands,
        notes,
    }
}

/// The plans of every op in `records` under both strategies, the ones never measured left out.
pub fn plan_all(records: &[Record], policy: &Policy) -> Vec<Plan> {
    let mut plans = Vec::new();
    for op in ops(records) {
        for strategy in Strategy::ALL {
            if !measured_sizes(records, &op, strategy).is_empty() {
                plans.push(plan(records, &op, strategy, policy));
            }
        }
    }
    plans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, rec};

    /// Each band of `plan` as `(below, variant)`.
    fn bounds(plan: &Plan) -> Vec<(Option<u64>, &str)> {
        plan.bands
            .iter()
            .map(|b| (b.below, b.variant.as_str()))
            .collect()
    }

    #[test]
    fn crossovers_are_interpolated_where_the_times_cross() {
        // Symmetric in log space: the geometric mean.
        assert_eq!(
            interpolated_crossover(16, 64, (10.0, 20.0, 40.0, 20.0)),
            Some(32)
        );
        // B barely slower at 16, far faster at 64: the crossover lies just above 16.
        assert_eq!(
            interpolated_crossover(16, 64, (10.0, 11.0, 40.0, 10.0)),
            Some(17)
        );
        // No crossing (a tie rule chose the slower A at 16): no interpolation.
        assert_eq!(
            interpolated_crossover(16, 64, (12.0, 11.0, 40.0, 10.0)),
            None
        );
        assert_eq!(
            interpolated_crossover(16, 64, (f64::NAN, 11.0, 40.0, 10.0)),
            None
        );
        // Always strictly above a.
        assert_eq!(
            interpolated_crossover(1000, 1001, (1.0, 1.0 + 1e-9, 2.0, 1.0)),
            Some(1001)
        );

        let records = [
            at(rec("a", 10.0, 9.9, 10.1), 16),
            at(rec("b", 11.0, 10.9, 11.1), 16),
            at(rec("a", 40.0, 39.9, 40.1), 64),
            at(rec("b", 10.0, 9.9, 10.1), 64),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        assert_eq!(plan.bands[1].below, Some(17));
    }

    #[test]
    fn a_skipped_cell_is_runtime_dispatch_not_a_neighbour_stretched_over_it() {
        let records = [
            at(rec("a", 10.0, 9.0, 11.0), 16),
            at(rec("a", 10.0, 9.0, 11.0), 1024),
        ];
        let gap = |size| Gap {
            op: "op".into(),
            strategy: Strategy::Throughput,
            size,
            reason: "left out to fit the budget".into(),
        };
        let gaps = [gap(64), gap(256), gap(4096)];
        let plan = plan_with_gaps(
            &records,
            &gaps,
            "op",
            Strategy::Throughput,
            &Policy::default(),
        );
        assert_eq!(
            bounds(&plan),
            [
                (Some(16), RUNTIME),
                (Some(32), "a"),
                (Some(512), RUNTIME),
                (Some(2048), "a"),
                (None, RUNTIME)
            ]
        );
        assert_eq!(plan.notes.len(), 3);
        assert!(plan.notes[0]
            .to_string()
            .contains("runtime dispatch serves it"));
        // Gaps of another op or strategy change nothing.
        let other = plan_with_gaps(&records, &gaps, "op", Strategy::Latency, &Policy::default());
        assert!(other.bands.is_empty());
    }

    #[test]
    fn crossover_is_the_rounded_geometric_mean() {
        assert_eq!(crossover(64, 256), 128);
        assert_eq!(crossover(16, 64), 32);
        assert_eq!(crossover(100, 200), 141);
        assert_eq!(crossover(1000, 1001), 1000 + 1); // sqrt = 1000.4998..., clamped above 1000
        assert_eq!(crossover(256, 64), 128);
    }

    #[test]
    fn crossover_stays_between_its_sizes() {
        assert_eq!(crossover(1, 2), 2); // sqrt(2) = 1.41 rounds to 1, which would hold size 1 out
        assert_eq!(crossover(0, 16), 1);
        assert_eq!(crossover(3, 4), 4); // sqrt(12) = 3.46 rounds to 3
        assert_eq!(crossover(8, 8), 8);
        assert_eq!(crossover(u64::MAX - 1, u64::MAX), u64::MAX);
        assert_eq!(crossover(1 << 40, 1 << 42), 1 << 41);
    }

    #[test]
    fn adjacent_sizes_merge_and_cross_at_the_geometric_mean() {
        let records = [
            at(rec("a", 10.0, 9.0, 11.0), 16),
            at(rec("b", 20.0, 19.0, 21.0), 16),
            at(rec("a", 10.0, 9.0, 11.0), 64),
            at(rec("b", 20.0, 19.0, 21.0), 64),
            at(rec("a", 20.0, 19.0, 21.0), 256),
            at(rec("b", 10.0, 9.0, 11.0), 256),
            at(rec("a", 20.0, 19.0, 21.0), 1024),
            at(rec("b", 10.0, 9.0, 11.0), 1024),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        let band = |below, variant: &str, decisive, runner_up: Option<&str>| Band {
            below,
            variant: variant.into(),
            decisive,
            pinned: false,
            runner_up: runner_up.map(Into::into),
        };
        // Nothing is wired beyond the measured 16..=1024: runtime dispatch there.
        assert_eq!(
            plan.bands,
            [
                band(Some(16), RUNTIME, false, None),
                band(Some(128), "a", true, Some("b")),
                band(Some(1025), "b", true, Some("a")),
                band(None, RUNTIME, false, None),
            ]
        );
        assert!(plan.notes.is_empty());
    }

    #[test]
    fn each_band_names_the_runner_up_its_sizes_name_most() {
        let records = [
            at(rec("a", 10.0, 9.0, 11.0), 16),
            at(rec("b", 20.0, 19.0, 21.0), 16),
            at(rec("c", 30.0, 29.0, 31.0), 16),
            at(rec("a", 10.0, 9.0, 11.0), 64),
            at(rec("b", 20.0, 19.0, 21.0), 64),
            at(rec("c", 30.0, 29.0, 31.0), 64),
            at(rec("a", 10.0, 9.0, 11.0), 256),
            at(rec("c", 15.0, 14.0, 16.0), 256),
            at(rec("b", 20.0, 19.0, 21.0), 256),
            at(rec("c", 10.0, 9.0, 11.0), 1024),
            at(rec("a", 30.0, 29.0, 31.0), 1024),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        let named: Vec<(&str, Option<&str>)> = plan
            .bands
            .iter()
            .map(|b| (b.variant.as_str(), b.runner_up.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                (RUNTIME, None),
                ("a", Some("b")),
                ("c", Some("a")),
                (RUNTIME, None)
            ]
        );
    }

    #[test]
    fn a_band_is_decisive_only_if_every_size_was() {
        let records = [
            at(rec("a", 10.0, 9.0, 11.0), 16),
            at(rec("b", 20.0, 19.0, 21.0), 16),
            at(rec("a", 10.0, 9.0, 15.0), 64),
            at(rec("b", 10.2, 9.5, 21.0), 64),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        assert_eq!(plan.bands.len(), 3);
        assert_eq!(plan.bands[1].variant, "a");
        assert!(!plan.bands[1].decisive);
        assert!(plan.sizes[0].decisive && !plan.sizes[1].decisive);
        assert_eq!(plan.sizes[1].rule, Some(Rule::Neighbour));
    }

    #[test]
    fn a_tie_goes_to_the_decisive_winner_next_door_before_fewer_features() {
        // avx2 wins 4096 decisively and ties a portable crate at 16384 (crate:bytecount against
        // avx2 on an AMD EPYC): fewer features would end avx2's band at a guessed 8192.
        let avx2 = |r: Record| Record {
            requires: vec!["avx2".into()],
            ..r
        };
        let records = [
            avx2(at(rec("avx2", 35.0, 34.9, 35.2), 4096)),
            at(rec("crate", 36.0, 35.3, 37.1), 4096),
            avx2(at(rec("avx2", 141.1, 140.6, 144.7), 16384)),
            at(rec("crate", 144.8, 142.5, 149.1), 16384),
            avx2(at(rec("avx2", 580.0, 570.0, 590.0), 65536)),
            at(rec("crate", 570.0, 560.0, 600.0), 65536),
            avx2(at(rec("avx2", 2400.0, 2350.0, 2450.0), 262144)),
            at(rec("crate", 2000.0, 1950.0, 2050.0), 262144),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        let rules: Vec<_> = plan.sizes.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            [
                Some(Rule::Faster),
                Some(Rule::Neighbour),
                // avx2 is the choice below, but the crate wins next door decisively.
                Some(Rule::Neighbour),
                Some(Rule::Faster),
            ]
        );
        assert_eq!(
            bounds(&plan),
            [
                (Some(4096), RUNTIME),
                // Where the two cross, interpolated in log(time) against log(size).
                (Some(37543), "avx2"),
                (Some(262145), "crate"),
                (None, RUNTIME),
            ]
        );
        // explain agrees with the plan.
        for (size, variant) in [(16384, "avx2"), (65536, "crate")] {
            let why = crate::explain(
                &records,
                "op",
                Strategy::Throughput,
                size,
                &Policy::default(),
            );
            let why = why.unwrap();
            assert_eq!(
                (why.winner.variant.as_str(), why.rule),
                (variant, Rule::Neighbour)
            );
        }
    }

    #[test]
    fn a_tie_with_no_decisive_neighbour_continues_the_band_below() {
        // No size is decisive. avx2 is faster beyond the margin at 16; at 64 and 256 the two
        // are within it, where fewer features would hand them to scalar and guess a boundary
        // between candidates the run could not tell apart.
        let avx2 = |r: Record| Record {
            requires: vec!["avx2".into()],
            ..r
        };
        let records = [
            avx2(at(rec("avx2", 10.0, 9.0, 11.0), 16)),
            at(rec("scalar", 10.5, 9.5, 11.5), 16),
            avx2(at(rec("avx2", 20.4, 19.0, 22.0), 64)),
            at(rec("scalar", 20.0, 19.0, 21.0), 64),
            avx2(at(rec("avx2", 40.4, 38.0, 44.0), 256)),
            at(rec("scalar", 40.0, 38.0, 42.0), 256),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        let rules: Vec<_> = plan.sizes.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            [
                Some(Rule::BeyondMargin),
                Some(Rule::Continues),
                Some(Rule::Continues)
            ]
        );
        assert_eq!(
            bounds(&plan),
            [(Some(16), RUNTIME), (Some(257), "avx2"), (None, RUNTIME)]
        );
        let why = crate::explain(
            &records,
            "op",
            Strategy::Throughput,
            256,
            &Policy::default(),
        );
        assert_eq!(why.unwrap().rule, Rule::Continues);
        // The first size has nothing below it: the rules as before.
        let scalar_first = [records[2].clone(), records[3].clone()];
        let plan = super::plan(
            &scalar_first,
            "op",
            Strategy::Throughput,
            &Policy::default(),
        );
        assert_eq!(plan.sizes[0].rule, Some(Rule::FewerFeatures));
        assert_eq!(plan.sizes[0].winner.as_deref(), Some("scalar"));
    }

    #[test]
    fn sizes_with_no_candidate_get_a_note_and_runtime_dispatch() {
        let mut avx2_at_64 = at(rec("avx2", 5.0, 4.0, 6.0), 64);
        avx2_at_64.requires = vec!["avx2".into()];
        let records = [
            at(rec("scalar", 10.0, 9.0, 11.0), 16),
            avx2_at_64,
            at(rec("scalar", 10.0, 9.0, 11.0), 256),
        ];
        let policy = Policy {
            max_features: Some(crate::Level::Sse2),
            ..Policy::default()
        };
        let plan = plan(&records, "op", Strategy::Throughput, &policy);
        assert_eq!(plan.sizes[1].winner, None);
        assert_eq!(plan.notes.len(), 1);
        assert_eq!(plan.notes[0].size, Some(64));
        let note = plan.notes[0].to_string();
        assert!(
            note.starts_with("op throughput at size 64: no candidate left"),
            "{note}"
        );
        assert!(note.contains("avx2: needs"), "{note}");
        // scalar is not stretched over 64: runtime dispatch serves the sizes around it.
        assert_eq!(
            bounds(&plan),
            [
                (Some(16), RUNTIME),
                (Some(32), "scalar"),
                (Some(128), RUNTIME),
                (Some(257), "scalar"),
                (None, RUNTIME)
            ]
        );
    }

    #[test]
    fn everything_excluded_gives_no_bands_and_no_panic() {
        let records = [at(rec("scalar", 10.0, 9.0, 11.0), 16)];
        let policy = Policy {
            exclude: vec!["scalar".into()],
            ..Policy::default()
        };
        let plan = plan(&records, "op", Strategy::Throughput, &policy);
        assert!(plan.bands.is_empty());
        assert_eq!(plan.notes.len(), 1);
    }

    #[test]
    fn throughput_ignores_parallel_variants_latency_admits_them_within_max_threads() {
        let mut par = rec("par", 1.0, 0.9, 1.1);
        par.parallel = true;
        par.threads = 8;
        let serial = rec("scalar", 10.0, 9.0, 11.0);
        let mut records = Vec::new();
        for strategy in Strategy::ALL {
            for mut record in [par.clone(), serial.clone()] {
                record.strategy = strategy;
                records.push(record);
            }
        }
        let policy = Policy::default();
        let throughput = plan(&records, "op", Strategy::Throughput, &policy);
        assert_eq!(throughput.bands[1].variant, "scalar");
        let latency = plan(&records, "op", Strategy::Latency, &policy);
        assert_eq!(latency.bands[1].variant, "par");
        let capped = Policy {
            max_threads: Some(4),
            ..Policy::default()
        };
        let latency = plan(&records, "op", Strategy::Latency, &capped);
        assert_eq!(latency.bands[1].variant, "scalar");
        let roomy = Policy {
            max_threads: Some(8),
            ..Policy::default()
        };
        let latency = plan(&records, "op", Strategy::Latency, &roomy);
        assert_eq!(latency.bands[1].variant, "par");
    }

    #[test]
    fn duplicates_keep_the_first_and_say_so() {
        let records = [
            rec("scalar", 10.0, 9.0, 11.0),
            rec("scalar", 1.0, 0.9, 1.1),
            rec("swar", 5.0, 4.0, 6.0),
        ];
        let plan = plan(&records, "op", Strategy::Throughput, &Policy::default());
        assert_eq!(plan.bands[1].variant, "swar");
        assert!(plan.notes[0]
            .message
            .contains("scalar measured more than once"));
    }

    #[test]
    fn plan_all_covers_every_measured_op_and_strategy() {
        let mut latency = rec("scalar", 10.0, 9.0, 11.0);
        latency.strategy = Strategy::Latency;
        let mut other = rec("scalar", 10.0, 9.0, 11.0);
        other.op = "b.op".into();
        let records = [rec("scalar", 10.0, 9.0, 11.0), latency, other];
        let plans = plan_all(&records, &Policy::default());
        let keys: Vec<(&str, Strategy)> =
            plans.iter().map(|p| (p.op.as_str(), p.strategy)).collect();
        assert_eq!(
            keys,
            [
                ("b.op", Strategy::Throughput),
                ("op", Strategy::Throughput),
                ("op", Strategy::Latency)
            ]
        );
    }
}
