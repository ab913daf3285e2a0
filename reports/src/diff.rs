//! Two runs side by side: which winners changed, and which figures moved beyond their intervals.
//!
//! A figure *moved* when the two 95 % intervals of its objective do not overlap: slower is a
//! regression, faster an improvement. Overlapping intervals are no evidence of a change, however
//! far apart the point estimates, so they are not listed.
//!
//! Likewise a winner that changed between two ties is noise, not news: such *tie reshuffles* are
//! counted apart and listed after the changes that were decisive in either run.

use arsenal_oracle::Strategy;

use crate::view::{RunView, StrategyView};

/// A size whose winner differs between the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct WinnerChange {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// The size, measured in both runs.
    pub size: u64,
    /// The baseline's winner (`-` when it had none).
    pub before: String,
    /// The current run's winner (`-` when it has none).
    pub after: String,
    /// Whether the current winner's interval is clear of its runner-up's.
    pub decisive: bool,
    /// Whether the baseline's winner was decisive there.
    pub was_decisive: bool,
}

impl WinnerChange {
    /// A tie in both runs: the winner changed within the noise.
    pub fn reshuffle(&self) -> bool {
        !self.decisive && !self.was_decisive
    }
}

/// Which way a figure moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The objective's interval now lies entirely above the baseline's: a regression.
    Slower,
    /// The objective's interval now lies entirely below the baseline's.
    Faster,
}

impl Direction {
    /// `slower` or `faster`, as the reports print it (and the HTML names its class).
    pub const fn word(self) -> &'static str {
        match self {
            Direction::Slower => "slower",
            Direction::Faster => "faster",
        }
    }
}

/// A (variant, size) whose objective moved beyond both intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// The variant.
    pub variant: String,
    /// The size.
    pub size: u64,
    /// The baseline's objective, ns per call.
    pub before_ns: f64,
    /// The current objective, ns per call.
    pub after_ns: f64,
    /// Slower or faster.
    pub direction: Direction,
}

impl Move {
    /// Current over baseline time: above 1 is slower.
    pub fn ratio(&self) -> f64 {
        self.after_ns / self.before_ns.max(f64::MIN_POSITIVE)
    }

    /// `+12%` or `-8%`: the change in time per call.
    pub fn change_text(&self) -> String {
        format!("{:+.0}%", (self.ratio() - 1.0) * 100.0)
    }
}

/// The moves of one variant of one (op, strategy) in one direction, gathered.
#[derive(Clone, Debug, PartialEq)]
pub struct MoveGroup {
    /// The op.
    pub op: String,
    /// The strategy.
    pub strategy: Strategy,
    /// The variant.
    pub variant: String,
    /// Slower or faster.
    pub direction: Direction,
    /// The sizes that moved, ascending.
    pub sizes: Vec<u64>,
    /// The smallest and largest ratio of current over baseline time.
    pub ratios: (f64, f64),
}

/// The differences between a baseline run and the current one.
#[derive(Clone, Debug, PartialEq)]
pub struct RunDiff {
    /// The baseline run's id.
    pub baseline: i64,
    /// The current run's id.
    pub current: i64,
    /// Whether both ran on the same host (by fingerprint).
    pub same_host: bool,
    /// Winners that changed, by op, strategy and size.
    pub winners: Vec<WinnerChange>,
    /// Figures that moved beyond their intervals, by op, strategy, variant and size.
    pub moves: Vec<Move>,
}

impl RunDiff {
    /// Compares `current` against `baseline`, over the (op, strategy, size, variant) cells both
    /// measured.
    pub fn new(baseline: &RunView, current: &RunView) -> RunDiff {
        let mut winners = Vec::new();
        let mut moves = Vec::new();
        for op in &current.ops {
            let Some(base_op) = baseline.op(&op.op) else {
                continue;
            };
            for view in &op.strategies {
                let Some(base) = base_op.strategy(view.strategy) else {
                    continue;
                };
                for &size in view.sizes.iter().filter(|s| base.sizes.contains(s)) {
                    let (before, after) = (base.winner(size), view.winner(size));
                    if before != after {
                        let decisive = |v: &StrategyView| {
                            v.plan.sizes.iter().any(|d| d.size == size && d.decisive)
                        };
                        winners.push(WinnerChange {
                            op: op.op.clone(),
                            strategy: view.strategy,
                            size,
                            before: before.unwrap_or("-").to_string(),
                            after: after.unwrap_or("-").to_string(),
                            decisive: decisive(view),
                            was_decisive: decisive(base),
                        });
                    }
                }
                for cell in &view.cells {
                    let Some(old) = base.cell(&cell.variant, cell.size) else {
                        continue;
                    };
                    let direction = if cell.ci_ns.0 > old.ci_ns.1 {
                        Direction::Slower
                    } else if cell.ci_ns.1 < old.ci_ns.0 {
                        Direction::Faster
                    } else {
                        continue;
                    };
                    moves.push(Move {
                        op: op.op.clone(),
                        strategy: view.strategy,
                        variant: cell.variant.clone(),
                        size: cell.size,
                        before_ns: old.objective_ns,
                        after_ns: cell.objective_ns,
                        direction,
                    });
                }
            }
        }
        // Decisive changes first, tie reshuffles after; otherwise in measuring order.
        winners.sort_by_key(WinnerChange::reshuffle);
        moves.sort_by(|a, b| {
            (&a.op, a.strategy, &a.variant, a.size).cmp(&(&b.op, b.strategy, &b.variant, b.size))
        });
        RunDiff {
            baseline: baseline.data.run.id,
            current: current.data.run.id,
            same_host: baseline.data.run.host_fingerprint == current.data.run.host_fingerprint,
            winners,
            moves,
        }
    }

    /// The regressions: figures now slower beyond their intervals.
    pub fn regressions(&self) -> impl Iterator<Item = &Move> {
        self.moves
            .iter()
            .filter(|m| m.direction == Direction::Slower)
    }

    /// The moves in `direction`, one group per (op, strategy, variant).
    pub fn groups(&self, direction: Direction) -> Vec<MoveGroup> {
        let mut groups: Vec<MoveGroup> = Vec::new();
        for m in self.moves.iter().filter(|m| m.direction == direction) {
            let same = |g: &&mut MoveGroup| {
                g.op == m.op && g.strategy == m.strategy && g.variant == m.variant
            };
            match groups.iter_mut().find(|g| same(g)) {
                Some(g) => {
                    g.sizes.push(m.size);
                    g.ratios = (g.ratios.0.min(m.ratio()), g.ratios.1.max(m.ratio()));
                }
                None => groups.push(MoveGroup {
                    op: m.op.clone(),
                    strategy: m.strategy,
                    variant: m.variant.clone(),
                    direction,
                    sizes: vec![m.size],
                    ratios: (m.ratio(), m.ratio()),
                }),
            }
        }
        groups
    }

    /// Whether nearly every figure moved one way (at least 10 moves, 90 % in one direction):
    /// more likely the machine changed (clock, load, thermal state) than every kernel.
    pub fn systematic(&self) -> Option<Direction> {
        let slower = self.regressions().count();
        let n = self.moves.len();
        if n < 10 {
            return None;
        }
        if slower * 10 >= n * 9 {
            Some(Direction::Slower)
        } else if (n - slower) * 10 >= n * 9 {
            Some(Direction::Faster)
        } else {
            None
        }
    }

    /// The move of `variant` of `op` at `size` under `strategy`, if it moved.
    pub fn move_of(&self, op: &str, strategy: Strategy, variant: &str, size: u64) -> Option<&Move> {
        self.moves.iter().find(|m| {
            m.op == op && m.strategy == strategy && m.variant == variant && m.size == size
        })
    }

    /// The winner changes that were decisive in either run, then how many tie reshuffles.
    pub fn decisive_changes(&self) -> impl Iterator<Item = &WinnerChange> {
        self.winners.iter().filter(|w| !w.reshuffle())
    }

    /// The winner changes between two ties.
    pub fn reshuffles(&self) -> impl Iterator<Item = &WinnerChange> {
        self.winners.iter().filter(|w| w.reshuffle())
    }

    /// The heading every view gives the winner changes: `Winners that changed: 3 decisive, 12
    /// tie reshuffles`.
    pub fn winners_title(&self) -> String {
        format!(
            "Winners that changed: {} decisive, {} tie reshuffles (a tie in both runs: noise)",
            self.decisive_changes().count(),
            self.reshuffles().count()
        )
    }

    /// Whether any winner of `op` changed.
    pub fn op_changed(&self, op: &str) -> bool {
        self.winners.iter().any(|w| w.op == op)
    }
}

/// A range of time ratios as changes: `+12%`, or `+8% … +30%` when they differ.
pub fn range_text((low, high): (f64, f64)) -> String {
    let pct = |r: f64| format!("{:+.0}%", (r - 1.0) * 100.0);
    let (a, b) = (pct(low), pct(high));
    if a == b {
        a
    } else {
        format!("{a} … {b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_change_between_two_ties_is_a_reshuffle() {
        let change = |decisive, was_decisive| WinnerChange {
            op: "op".into(),
            strategy: Strategy::Throughput,
            size: 64,
            before: "a".into(),
            after: "b".into(),
            decisive,
            was_decisive,
        };
        assert!(change(false, false).reshuffle());
        assert!(!change(true, false).reshuffle());
        assert!(!change(false, true).reshuffle());
        let mut winners = vec![
            change(false, false),
            change(true, true),
            change(false, true),
        ];
        winners.sort_by_key(WinnerChange::reshuffle);
        assert!(!winners[0].reshuffle() && !winners[1].reshuffle() && winners[2].reshuffle());
        let diff = RunDiff {
            baseline: 1,
            current: 2,
            same_host: true,
            winners,
            moves: Vec::new(),
        };
        assert_eq!(
            diff.winners_title(),
            "Winners that changed: 2 decisive, 1 tie reshuffles (a tie in both runs: noise)"
        );
    }
}
