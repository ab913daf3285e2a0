//! Regret: what a manifest's choice costs against the fastest variant, measured again.
//!
//! At a size, regret = time(chosen) / time(best) − 1, from a fresh measurement of every variant
//! (`arsenal verify-manifest` measures the geometric midpoints between the ladder sizes a tune
//! measured). A point regret can come from noise alone, so each regret carries its least value
//! the 95 % intervals allow: the chosen's interval low over the best's interval high, less one,
//! zero where they overlap (`regret_low`). A choice is **measurably worse** when that lower bound
//! is above the manifest's tie margin: slower than the best by more than the oracle would call a
//! tie, whatever the noise. That is the headline; it is split by strategy and by whether the
//! manifest's band was decisive or a tie.
//!
//! An op whose contract is quality (`hash.fast64`) wires one variant for every size: its best
//! at a size may be another algorithm, which the build may not mix in. Its cells are counted
//! apart (`one_variant`): what the contract costs there, not a choice a manifest could better.

use serde::Serialize;

use crate::plan::RUNTIME;
use crate::record::{median_of_sorted, Strategy};
use arsenal_manifest::Manifest;

/// One variant's fresh figure at a size: its objective and the objective's 95 % interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed<'a> {
    /// The variant.
    pub variant: &'a str,
    /// Median (throughput) or p99 (latency), ns per call.
    pub objective_ns: f64,
    /// The objective's 95 % interval.
    pub ci: (f64, f64),
}

/// The regret of a manifest's choice at one size.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Regret {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// The size measured.
    pub size: u64,
    /// The manifest's variant there (`runtime` where it wires nothing).
    pub chosen: String,
    /// What runs for it here: the chosen variant, or runtime dispatch's choice.
    pub runs: String,
    /// The fastest variant measured.
    pub best: String,
    /// Whether the manifest's band there is decisive.
    pub decisive_band: bool,
    /// time(runs) / time(best) − 1.
    pub regret: f64,
    /// The least regret the intervals allow (0 where they overlap).
    pub regret_low: f64,
    /// The op's contract wires one variant for every size: counted apart from the choices.
    pub one_variant: bool,
}

impl Regret {
    /// Whether the choice is slower than the best beyond `margin` even at the intervals' edges.
    pub fn measurably_worse(&self, margin: f64) -> bool {
        self.regret_low > margin
    }
}

/// The regret of `manifest`'s choice for `op` under `strategy` at `size`, given every variant's
/// fresh figures there and the variant runtime dispatch runs on this host (`runtime`): what runs
/// where the manifest says `runtime` or its variant was not measured here (it cannot run).
/// `one_variant` says the op's contract wires one variant for every size. `None` where the
/// manifest has no plan there or nothing that runs was measured.
pub fn regret(
    manifest: &Manifest,
    (op, strategy, size): (&str, Strategy, u64),
    observed: &[Observed<'_>],
    runtime: Option<&str>,
    one_variant: bool,
) -> Option<Regret> {
    let band = manifest.band_for(op, strategy, size)?;
    let best = observed
        .iter()
        .min_by(|a, b| a.objective_ns.total_cmp(&b.objective_ns))?;
    let find = |name: &str| observed.iter().find(|o| o.variant == name);
    let runs = match find(&band.variant).filter(|_| band.variant != RUNTIME) {
        Some(o) => o,
        None => find(runtime?)?,
    };
    let regret = runs.objective_ns / best.objective_ns.max(f64::MIN_POSITIVE) - 1.0;
    let clear = runs.ci.0 / best.ci.1.max(f64::MIN_POSITIVE) - 1.0;
    Some(Regret {
        op: op.to_string(),
        strategy,
        size,
        chosen: band.variant.clone(),
        runs: runs.variant.to_string(),
        best: best.variant.to_string(),
        decisive_band: band.decisive,
        regret,
        regret_low: clear.clamp(0.0, regret.max(0.0)),
        one_variant,
    })
}

/// Regrets of a group of cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegretStats {
    /// Cells in the group.
    pub cells: usize,
    /// Median point regret.
    pub median: f64,
    /// Largest point regret.
    pub max: f64,
    /// Largest lower-bound regret.
    pub max_low: f64,
    /// Cells measurably worse than the best (lower bound above the margin).
    pub measurably_worse: usize,
    /// The cell with the largest lower-bound regret (then point regret).
    pub worst: Regret,
}

impl RegretStats {
    /// The figures of `regrets`, `None` for none. Sorts a copy: O(n log n).
    pub fn of<'a>(regrets: impl IntoIterator<Item = &'a Regret>, margin: f64) -> Option<Self> {
        let regrets: Vec<&Regret> = regrets.into_iter().collect();
        let worst = regrets.iter().copied().max_by(|a, b| {
            (a.regret_low, a.regret)
                .partial_cmp(&(b.regret_low, b.regret))
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
        let mut points: Vec<f64> = regrets.iter().map(|r| r.regret).collect();
        points.sort_by(f64::total_cmp);
        Some(RegretStats {
            cells: points.len(),
            median: median_of_sorted(&points),
            max: points[points.len() - 1],
            max_low: regrets.iter().map(|r| r.regret_low).fold(0.0, f64::max),
            measurably_worse: regrets
                .iter()
                .filter(|r| r.measurably_worse(margin))
                .count(),
            worst: worst.clone(),
        })
    }
}

/// One group of the split: a strategy and a kind of band.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegretGroup {
    /// The strategy.
    pub strategy: Strategy,
    /// Decisive bands (`true`) or tie bands.
    pub decisive_band: bool,
    /// Its figures.
    pub stats: RegretStats,
}

/// Every regret summed up: over the cells of the manifest's choices, split by strategy and band
/// kind, and apart, the cells of ops that wire one variant for every size.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegretSummary {
    /// The tie margin "measurably worse" is judged against (a fraction).
    pub margin: f64,
    /// All cells but `one_variant`'s; `None` for none.
    pub overall: Option<RegretStats>,
    /// Per strategy and band kind, the groups with cells (`one_variant`'s left out).
    pub groups: Vec<RegretGroup>,
    /// The cells of ops whose contract wires one variant for every size; `None` for none.
    pub one_variant: Option<RegretStats>,
}

/// Sums up `regrets` against the tie `margin`.
pub fn summarise(regrets: &[Regret], margin: f64) -> RegretSummary {
    let chosen = || regrets.iter().filter(|r| !r.one_variant);
    let mut groups = Vec::new();
    for strategy in Strategy::ALL {
        for decisive_band in [true, false] {
            let members =
                chosen().filter(|r| r.strategy == strategy && r.decisive_band == decisive_band);
            if let Some(stats) = RegretStats::of(members, margin) {
                groups.push(RegretGroup {
                    strategy,
                    decisive_band,
                    stats,
                });
            }
        }
    }
    RegretSummary {
        margin,
        overall: RegretStats::of(chosen(), margin),
        groups,
        one_variant: RegretStats::of(regrets.iter().filter(|r| r.one_variant), margin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{
      "schema": 1, "arsenal": "0.1.0",
      "host": { "fingerprint": "f", "vendor": "v", "brand": "b", "family": 1, "model": 1,
                "stepping": 1, "microcode": "0", "features": [] },
      "run": 1,
      "policy": { "only_own": false, "no_crates": false, "max_features": null,
                  "max_threads": null, "exclude": [] },
      "default_strategy": "throughput",
      "ops": { "op": {
        "throughput": [ { "below": 16, "variant": "runtime", "decisive": false },
                        { "below": 1000, "variant": "a", "decisive": true },
                        { "below": null, "variant": "b", "decisive": false } ] } }
    }"#;

    fn seen(variant: &str, ns: f64, spread: f64) -> Observed<'_> {
        Observed {
            variant,
            objective_ns: ns,
            ci: (ns - spread, ns + spread),
        }
    }

    #[test]
    fn regret_and_its_lower_bound() {
        let manifest = Manifest::from_json(MANIFEST).unwrap();
        let t = Strategy::Throughput;
        // a chosen at 100: 12 ± 1 against b at 10 ± 1: 20 % point, 11 / 11 − 1 = 0 at least.
        let fresh = [seen("a", 12.0, 1.0), seen("b", 10.0, 1.0)];
        let r = regret(&manifest, ("op", t, 100), &fresh, Some("b"), false).unwrap();
        assert_eq!(
            (r.chosen.as_str(), r.runs.as_str(), r.best.as_str()),
            ("a", "a", "b")
        );
        assert!((r.regret - 0.2).abs() < 1e-12 && r.regret_low == 0.0);
        assert!(r.decisive_band && !r.measurably_worse(0.03));
        // Tight intervals: 20 % point, (11.9 / 10.1 − 1) ≈ 17.8 % at least: measurably worse.
        let fresh = [seen("a", 12.0, 0.1), seen("b", 10.0, 0.1)];
        let r = regret(&manifest, ("op", t, 100), &fresh, Some("b"), false).unwrap();
        assert!((r.regret_low - (11.9 / 10.1 - 1.0)).abs() < 1e-12);
        assert!(r.measurably_worse(0.03) && !r.measurably_worse(0.2));
        // Below the measured sizes the manifest says runtime: runtime dispatch's choice runs.
        let r = regret(&manifest, ("op", t, 8), &fresh, Some("b"), false).unwrap();
        assert_eq!(
            (r.chosen.as_str(), r.runs.as_str(), r.regret),
            ("runtime", "b", 0.0)
        );
        // No plan for latency, or nothing runnable measured: no regret.
        assert_eq!(
            regret(&manifest, ("op", Strategy::Latency, 8), &fresh, None, false),
            None
        );
        assert_eq!(regret(&manifest, ("op", t, 8), &fresh, None, false), None);
    }

    #[test]
    fn the_summary_splits_by_strategy_and_band_kind() {
        let manifest = Manifest::from_json(MANIFEST).unwrap();
        let t = Strategy::Throughput;
        let tight = [seen("a", 12.0, 0.1), seen("b", 10.0, 0.1)];
        let even = [seen("a", 10.0, 0.1), seen("b", 10.0, 0.1)];
        let regrets: Vec<Regret> = [(100, &tight[..]), (200, &even[..]), (5000, &even[..])]
            .into_iter()
            .map(|(size, fresh)| {
                regret(&manifest, ("op", t, size), fresh, Some("b"), false).unwrap()
            })
            .collect();
        let summary = summarise(&regrets, 0.03);
        let overall = summary.overall.as_ref().unwrap();
        assert_eq!((overall.cells, overall.measurably_worse), (3, 1));
        assert_eq!(overall.worst.size, 100);
        assert_eq!(summary.groups.len(), 2);
        let decisive = &summary.groups[0];
        assert!(decisive.decisive_band && decisive.strategy == t);
        assert_eq!(
            (decisive.stats.cells, decisive.stats.measurably_worse),
            (2, 1)
        );
        assert_eq!(summary.groups[1].stats.cells, 1);
        assert_eq!(summary.one_variant, None);
        assert_eq!(summarise(&[], 0.03).overall, None);
        // An op that wires one variant for every size is counted apart, not in the headline.
        let mut regrets = regrets;
        regrets[0].one_variant = true;
        let summary = summarise(&regrets, 0.03);
        let overall = summary.overall.as_ref().unwrap();
        assert_eq!((overall.cells, overall.measurably_worse), (2, 0));
        let apart = summary.one_variant.as_ref().unwrap();
        assert_eq!((apart.cells, apart.measurably_worse), (1, 1));
        assert_eq!(
            summary.groups.iter().map(|g| g.stats.cells).sum::<usize>(),
            2
        );
    }
}
