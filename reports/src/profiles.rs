//! The profile table of one op, as plain strings for any output format: per variant, where it
//! wins, where it loses and to whom, what it needs and how close it comes to the hardware bound
//! (what `arsenal profile OP` prints, from the oracle's [`variant_profile`]).

use arsenal_oracle::{variant_profile, BestFor, Defeat, Plan, Strategy};

use crate::figure::{self, Unit};
use crate::view::{OpView, RunView};

/// One variant's profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileRow {
    /// The variant.
    pub variant: String,
    /// `own`, `crate memchr 2.8.3`, …
    pub origin: String,
    /// Its CPU features, `-` for none.
    pub needs: String,
    /// The sizes it is chosen for, per strategy: `throughput 0 B–63 B`; `nowhere`.
    pub best_for: String,
    /// Where it lost: how many measured cells, how many decisively, and the worst.
    pub defeated: String,
    /// Its best throughput as a share of the host's bound, where one is stored.
    pub of_bound: String,
}

/// The column titles, in the order of [`ProfileRow::cells`].
pub const HEADER: [&str; 6] = [
    "variant",
    "origin",
    "needs",
    "best for",
    "defeated",
    "of the bound",
];

impl ProfileRow {
    /// The row's cells in the order of [`HEADER`].
    pub fn cells(&self) -> [String; 6] {
        [
            self.variant.clone(),
            self.origin.clone(),
            self.needs.clone(),
            self.best_for.clone(),
            self.defeated.clone(),
            self.of_bound.clone(),
        ]
    }
}

/// The profile of every variant of `op` the run measured, in registry order.
pub fn rows(run: &RunView, op: &OpView) -> Vec<ProfileRow> {
    let plans: Vec<Plan> = op.strategies.iter().map(|s| s.plan.clone()).collect();
    let served = run.served(&op.op);
    op.variants
        .iter()
        .filter(|v| op.strategies.iter().any(|s| s.variants.contains(&v.name)))
        .map(|v| {
            let (best, lost) = variant_profile(&run.data.records, &plans, &op.op, &v.name, served);
            // The detail says it all (`crate memchr 2.8.3`, `own`); the kind where it is missing.
            let origin = match v.origin_detail.is_empty() {
                true => v.origin.clone(),
                false => v.origin_detail.clone(),
            };
            ProfileRow {
                variant: v.name.clone(),
                origin,
                needs: match v.requires.is_empty() {
                    true => "-".to_string(),
                    false => v.requires.join(", "),
                },
                best_for: best_for_text(&best, op.unit),
                defeated: defeated_text(&lost, op.unit),
                of_bound: of_bound_text(run, op, &v.name),
            }
        })
        .collect()
}

fn best_for_text(best: &[BestFor], unit: Unit) -> String {
    if best.is_empty() {
        return "nowhere".to_string();
    }
    let mut parts = Vec::new();
    for strategy in Strategy::ALL {
        let ranges: Vec<String> = best
            .iter()
            .filter(|b| b.strategy == strategy)
            .map(|b| figure::size_range(unit, b.from, b.below))
            .collect();
        if !ranges.is_empty() {
            parts.push(format!("{strategy} {}", ranges.join(", ")));
        }
    }
    parts.join("; ")
}

fn defeated_text(lost: &[Defeat], unit: Unit) -> String {
    let Some(worst) = lost.iter().max_by(|a, b| a.ratio.total_cmp(&b.ratio)) else {
        return "nowhere".to_string();
    };
    let decisive = lost.iter().filter(|d| d.decisive).count();
    format!(
        "{} cells ({decisive} decisively); worst ×{:.2} to {} at {} {}",
        lost.len(),
        worst.ratio,
        worst.by,
        figure::size(unit, worst.size),
        worst.strategy
    )
}

fn of_bound_text(run: &RunView, op: &OpView, variant: &str) -> String {
    let Some(view) = op.strategy(Strategy::Throughput) else {
        return "-".to_string();
    };
    let best = view
        .series(variant)
        .into_iter()
        .filter_map(|c| {
            run.share(op, c.size, c.units_per_second())
                .map(|s| (c.size, s))
        })
        .max_by(|a, b| a.1.percent.total_cmp(&b.1.percent));
    match best {
        Some((size, share)) => format!(
            "up to {:.0} % ({} bound, at {})",
            share.percent,
            share.kind,
            figure::size(op.unit, size)
        ),
        None => "-".to_string(),
    }
}
