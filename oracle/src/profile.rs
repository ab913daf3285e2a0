//! A variant's profile from a run's records: where it wins (the plan's bands it holds, or every
//! size for the one variant of an op whose contract is quality) and where it loses, to whom and
//! by how much. `arsenal profile` and the report's profile section both show it.

use arsenal_manifest::band_ranges;

use crate::plan::Plan;
use crate::record::{Record, Strategy};

/// What serves an op's sizes: its plans' bands, or one variant for every size and both
/// strategies (an op whose contract is quality; `None` when no variant was measured at every
/// size).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Served<'a> {
    /// The plans' bands.
    Bands,
    /// One variant everywhere.
    One(Option<&'a str>),
}

/// Sizes a variant is chosen for: `[from, below)` under `strategy` (`below` `None`: unbounded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BestFor {
    /// The strategy.
    pub strategy: Strategy,
    /// First size of the band.
    pub from: u64,
    /// Exclusive end; `None` for the last band.
    pub below: Option<u64>,
}

/// A measured size where another variant won.
#[derive(Clone, Debug, PartialEq)]
pub struct Defeat {
    /// The strategy.
    pub strategy: Strategy,
    /// The size.
    pub size: u64,
    /// The winner there.
    pub by: String,
    /// The variant's objective over the winner's: `1.3` means it takes 1.3 times as long.
    pub ratio: f64,
    /// Whether the two 95 % intervals are clear of each other.
    pub decisive: bool,
}

/// Where `variant` of `op` wins and where it loses, from `records` and the op's `plans` (one
/// per strategy measured).
pub fn variant_profile(
    records: &[Record],
    plans: &[Plan],
    op: &str,
    variant: &str,
    served: Served<'_>,
) -> (Vec<BestFor>, Vec<Defeat>) {
    let mut best_for = Vec::new();
    let mut defeated_by = Vec::new();
    for plan in plans {
        let strategy = plan.strategy;
        match served {
            Served::One(one) => {
                if one == Some(variant) {
                    best_for.push(BestFor {
                        strategy,
                        from: 0,
                        below: None,
                    });
                }
            }
            Served::Bands => {
                for (from, band) in band_ranges(&plan.bands) {
                    if band.variant == variant {
                        best_for.push(BestFor {
                            strategy,
                            from,
                            below: band.below,
                        });
                    }
                }
            }
        }
        let cell = |name: &str, size: u64| {
            records.iter().find(|r| {
                r.op == op && r.variant == name && r.strategy == strategy && r.size == size
            })
        };
        for decision in &plan.sizes {
            let Some(winner) = decision.winner.as_deref().filter(|w| *w != variant) else {
                continue;
            };
            if let (Some(own), Some(best)) =
                (cell(variant, decision.size), cell(winner, decision.size))
            {
                defeated_by.push(Defeat {
                    strategy,
                    size: decision.size,
                    by: winner.to_string(),
                    ratio: own.objective_ns / best.objective_ns,
                    decisive: own.ci_low_ns > best.ci_high_ns,
                });
            }
        }
    }
    (best_for, defeated_by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;
    use crate::policy::Policy;
    use crate::test_support::{at, rec};

    #[test]
    fn a_variant_wins_its_bands_and_loses_elsewhere_to_the_winner() {
        let records = vec![
            at(rec("a", 10.0, 9.0, 11.0), 16),
            at(rec("b", 20.0, 19.0, 21.0), 16),
            at(rec("a", 300.0, 290.0, 310.0), 4096),
            at(rec("b", 100.0, 95.0, 105.0), 4096),
        ];
        let plans = [plan(
            &records,
            "op",
            Strategy::Throughput,
            &Policy::default(),
        )];
        let (best, lost) = variant_profile(&records, &plans, "op", "a", Served::Bands);
        // Runtime dispatch below the first measured size, then `a` up to the crossover.
        assert_eq!(best.len(), 1);
        assert_eq!((best[0].from, best[0].below.is_some()), (16, true));
        assert_eq!(lost.len(), 1);
        assert_eq!((lost[0].size, lost[0].by.as_str()), (4096, "b"));
        assert!((lost[0].ratio - 3.0).abs() < 1e-9, "{}", lost[0].ratio);
        assert!(lost[0].decisive);
        // One variant for every size: `b` is best everywhere, `a` nowhere.
        let (best, _) = variant_profile(&records, &plans, "op", "a", Served::One(Some("b")));
        assert!(best.is_empty());
        let (best, _) = variant_profile(&records, &plans, "op", "b", Served::One(Some("b")));
        assert_eq!(best[0].below, None);
    }
}
