//! The books of a run: what the first passes still owe, and what each op may spend on its later
//! passes (replicas, refinement, bisection).
//!
//! First passes come first: nothing later ever spends the time the first passes still to come
//! need. What they leave over is handed to the ops in proportion to what each op's later passes
//! cost at their least, so every op gets the same part of its replicas when the time does not
//! cover them all (not the first ops all and the last none), and each op keeps a reserve of it
//! for one bisection step, which replicas and refinements do not touch. An op's part is judged
//! when its later passes begin (after every op's first passes), from the time then left: what
//! one op did not spend goes to the ops after it.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::budget::Budget;
use crate::schedule::Schedule;

/// Which pass of a cell is being measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// A cell's first: its minimum, before any cell gets a second.
    First,
    /// Each replica after the first, in a pass over the op's cells.
    Replica,
    /// One replica more of a cell still undecided.
    Refine,
    /// A size added between two whose winners differ.
    Bisect,
}

impl Pass {
    /// Shares of the time a pass of this kind gets: a refinement replica gets twice a replica's.
    fn weight(self) -> f64 {
        match self {
            Pass::Refine => REFINE_WEIGHT,
            _ => 1.0,
        }
    }
}

/// A refinement replica gets twice a replica's share.
const REFINE_WEIGHT: f64 = 2.0;

/// The share of an op's cells that get a refinement replica (with twice a replica's time), if
/// they are still undecided after the regular replicas.
pub const REFINE: f64 = 0.25;

/// The share of an op's cells that may get a bisection cell in each step.
pub const BISECT: f64 = 0.15;

/// How many of an op's `cells` may be refined.
pub fn refine_slots(cells: usize) -> usize {
    (cells as f64 * REFINE).ceil() as usize
}

/// How many bisection cells an op of `cells` cells may add in `steps` steps: a few crossovers per
/// ladder, each narrowed `steps` times.
pub fn bisect_slots(cells: usize, steps: usize) -> usize {
    (cells as f64 * BISECT).ceil() as usize * steps
}

/// What one op's later passes cost at their least, and their shares.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Owed {
    /// The replicas after the first: every cell's least time, once per replica.
    pub replicas: Duration,
    /// One bisection step, each new cell priced at the op's median cell.
    pub reserve: Duration,
    /// Shares: one per replica pass and bisection cell, two per refinement.
    pub shares: f64,
}

impl Owed {
    /// The later passes of an op whose cells' first passes take `minimums`, measured in
    /// `replicas` replicas with `steps` bisection steps.
    pub fn of(minimums: &[Duration], replicas: usize, steps: usize) -> Owed {
        let cells = minimums.len();
        let mut sorted = minimums.to_vec();
        sorted.sort();
        let median = sorted.get(cells / 2).copied().unwrap_or_default();
        let again = replicas.saturating_sub(1) as u32;
        Owed {
            replicas: minimums.iter().sum::<Duration>() * again,
            reserve: median * bisect_slots(cells, steps.min(1)) as u32,
            shares: (cells as u32 * again) as f64
                + REFINE_WEIGHT * refine_slots(cells) as f64
                + bisect_slots(cells, steps) as f64,
        }
    }

    fn total(&self) -> Duration {
        self.replicas + self.reserve
    }
}

/// The run's books.
#[derive(Debug)]
pub struct Ledger {
    /// The least time of the first passes not yet run.
    first: Duration,
    /// What the later passes of the ops not yet given their part owe, at their least.
    later: Duration,
    /// Shares of the slack (the time beyond everything owed) still to be handed out: one per
    /// first pass not yet run, and the later passes' of the ops not yet given their part.
    shares: f64,
    /// What each op not yet given its part owes, by the op's index in the run.
    owed: BTreeMap<usize, Owed>,
}

impl Ledger {
    /// The books of `schedule`, measured in `replicas` replicas with `steps` bisection steps.
    pub fn new(schedule: &Schedule, replicas: usize, steps: usize) -> Ledger {
        let minimums = schedule.minimums();
        let mut of_op: BTreeMap<usize, Vec<Duration>> = BTreeMap::new();
        for (slot, &minimum) in schedule.cells.iter().zip(&minimums) {
            of_op.entry(slot.op).or_default().push(minimum);
        }
        let owed: BTreeMap<usize, Owed> = of_op
            .into_iter()
            .map(|(op, m)| (op, Owed::of(&m, replicas, steps)))
            .collect();
        Ledger {
            first: minimums.iter().sum(),
            later: owed.values().map(Owed::total).sum(),
            shares: minimums.len() as f64 + owed.values().map(|o| o.shares).sum::<f64>(),
            owed,
        }
    }

    /// The least time of the first passes not yet run.
    pub fn first(&self) -> Duration {
        self.first
    }

    /// Takes the first pass of a cell of least time `minimum` off the books and gives its time:
    /// the minimum, and its share of the slack when there is any.
    pub fn first_pass(&mut self, budget: &Budget, minimum: Duration) -> Duration {
        let after = (self.shares - 1.0).max(0.0);
        self.shares = after;
        self.first = self.first.saturating_sub(minimum);
        let slack = budget
            .remaining()
            .saturating_sub(self.first + self.later + minimum);
        minimum + slack.mul_f64(1.0 / (after + 1.0))
    }

    /// Takes the later passes of op `op` (its index in the run) off the books and gives what
    /// they may spend: of the time the first passes still owed leave over, the op's part in
    /// proportion to what every op not yet served owes; when that time covers them all, all it
    /// owes and its shares of the slack. An op with no cell planned gets nothing.
    pub fn allowance(&mut self, budget: &Budget, op: usize) -> Allowance {
        let owed = self.owed.remove(&op).unwrap_or_default();
        let spare = budget.remaining().saturating_sub(self.first);
        let total = owed.total();
        let left = if spare >= self.later {
            let slack = spare - self.later;
            total + slack.mul_f64(owed.shares / self.shares.max(owed.shares).max(1.0))
        } else {
            spare.mul_f64(total.as_secs_f64() / self.later.as_secs_f64())
        };
        self.later = self.later.saturating_sub(total);
        self.shares = (self.shares - owed.shares).max(0.0);
        let reserve = if total.is_zero() {
            Duration::ZERO
        } else {
            left.mul_f64(owed.reserve.as_secs_f64() / total.as_secs_f64())
        };
        Allowance {
            left,
            reserve,
            shares: owed.shares,
        }
    }
}

/// What one op's later passes may still spend.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Allowance {
    /// Time left, the reserve included.
    left: Duration,
    /// Kept for bisections: replicas and refinements do not spend it.
    reserve: Duration,
    /// Shares still to be handed out.
    shares: f64,
}

impl Allowance {
    /// The time of one later pass of least time `minimum` whose last pass took `need`, when it
    /// fits in what is left (beside the reserve, unless it is a bisection) and in `spare`, the
    /// time the first passes still owed leave; `None` otherwise. Its share is taken either way.
    pub fn take(
        &mut self,
        minimum: Duration,
        need: Duration,
        pass: Pass,
        spare: Duration,
    ) -> Option<Duration> {
        let weight = pass.weight();
        let before = self.shares.max(weight);
        self.shares = (self.shares - weight).max(0.0);
        let keep = match pass {
            Pass::Bisect => Duration::ZERO,
            _ => self.reserve,
        };
        let room = self.left.saturating_sub(keep).min(spare);
        if room < need {
            return None;
        }
        let share = self.left.saturating_sub(keep).mul_f64(weight / before);
        Some(share.max(minimum).min(room))
    }

    /// Books `took` against a pass of kind `pass`: a bisection spends the reserve first.
    pub fn spent(&mut self, took: Duration, pass: Pass) {
        self.left = self.left.saturating_sub(took);
        self.reserve = match pass {
            Pass::Bisect => self.reserve.saturating_sub(took),
            _ => self.reserve.min(self.left),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn an_op_owes_its_replicas_and_one_bisection_step_at_the_median_cell() {
        let owed = Owed::of(&[ms(1), ms(2), ms(10), ms(100)], 2, 2);
        assert_eq!(owed.replicas, ms(113));
        // ceil(4 × 0.15) = 1 bisection cell a step, priced at the median cell (the upper one).
        assert_eq!(owed.reserve, ms(10));
        // 4 replicas, 1 refinement of weight 2, 2 bisection cells.
        assert_eq!(owed.shares, 4.0 + 2.0 + 2.0);
        // One replica owes no replicas; no bisection step, no reserve.
        let once = Owed::of(&[ms(1), ms(2)], 1, 0);
        assert_eq!(
            (once.replicas, once.reserve),
            (Duration::ZERO, Duration::ZERO)
        );
    }

    #[test]
    fn when_time_is_short_every_op_gets_the_same_part_of_what_it_owes() {
        let owed = |replicas: u64| Owed {
            replicas: ms(replicas),
            reserve: Duration::ZERO,
            shares: 10.0,
        };
        // 9.8 s left (a budget keeps 2 % back), 4 s of first passes owed: 5.8 s spare for 12 s
        // owed by two ops.
        let mut ledger = Ledger {
            first: ms(4_000),
            later: ms(12_000),
            shares: 20.0,
            owed: BTreeMap::from([(0, owed(4_000)), (1, owed(8_000))]),
        };
        let budget = Budget::start(Duration::from_secs(10));
        let a = ledger.allowance(&budget, 0);
        // A third of the spare, as it owes a third: 5.8 × 4 / 12 (less what the clock moved).
        assert!(a.left <= ms(1_934) && a.left > ms(1_900), "{a:?}");
        assert_eq!(ledger.later, ms(8_000));
        // Nothing later spends the first passes still owed: with 10 s of them owed and 10 s
        // left, nothing.
        let mut tight = Ledger {
            first: ms(10_000),
            later: ms(1_000),
            shares: 10.0,
            owed: BTreeMap::from([(0, owed(1_000))]),
        };
        assert_eq!(tight.allowance(&budget, 0).left, Duration::ZERO);
    }

    #[test]
    fn when_time_covers_everything_an_op_gets_all_it_owes_and_its_share_of_the_slack() {
        let owed = Owed {
            replicas: ms(800),
            reserve: ms(200),
            shares: 10.0,
        };
        let mut ledger = Ledger {
            first: Duration::ZERO,
            later: ms(1_000),
            shares: 20.0,
            owed: BTreeMap::from([(3, owed)]),
        };
        let budget = Budget::start(Duration::from_secs(11));
        let a = ledger.allowance(&budget, 3);
        // 1 s owed and half of the 9.78 s of slack (10.78 s left).
        assert!(a.left > ms(5_850) && a.left <= ms(5_890), "{a:?}");
        // The reserve is the bisection step's part of it.
        let part = a.reserve.as_secs_f64() / a.left.as_secs_f64();
        assert!((part - 0.2).abs() < 1e-9, "{part}");
        assert_eq!(ledger.shares, 10.0);
        // An op given its part, or with no cell planned, owes nothing more and gets nothing.
        assert_eq!(ledger.allowance(&budget, 3), Allowance::default());
    }

    #[test]
    fn replicas_leave_the_reserve_to_bisections() {
        let mut a = Allowance {
            left: ms(100),
            reserve: ms(30),
            shares: 4.0,
        };
        let spare = ms(1_000);
        // A replica whose last pass took 80 ms does not fit beside the reserve.
        assert_eq!(a.take(ms(10), ms(80), Pass::Replica, spare), None);
        // One of 10 ms does: its share of the 70 ms beside the reserve (one of 3 shares left).
        let share = a.take(ms(10), ms(10), Pass::Replica, spare).unwrap();
        assert_eq!(share, ms(70).mul_f64(1.0 / 3.0));
        a.spent(ms(65), Pass::Replica);
        // 35 ms left, 30 of them reserved: no replica of 10 ms fits, a bisection does.
        assert_eq!(a.take(ms(10), ms(10), Pass::Replica, spare), None);
        let bisect = a.take(ms(10), ms(10), Pass::Bisect, spare).unwrap();
        assert_eq!(bisect, ms(35));
        a.spent(ms(20), Pass::Bisect);
        assert_eq!((a.left, a.reserve), (ms(15), ms(10)));
        // Never more than the first passes still owed leave.
        assert_eq!(a.take(ms(10), ms(10), Pass::Bisect, ms(5)), None);
    }

    #[test]
    fn a_first_pass_gets_its_minimum_and_a_share_of_any_slack() {
        let mut ledger = Ledger {
            first: ms(5_000),
            later: ms(5_000),
            shares: 4.0,
            owed: BTreeMap::new(),
        };
        // Nothing beyond what is owed: the minimum.
        let short = Budget::start(Duration::from_secs(10));
        assert_eq!(ledger.first_pass(&short, ms(1_000)), ms(1_000));
        assert_eq!(ledger.first(), ms(4_000));
        // 19.6 s left, 8 s owed after this pass (3 first, 5 later), 1 s this pass: a third of
        // the 10.6 s of slack (this share and the 2 after it).
        let long = Budget::start(Duration::from_secs(20));
        let got = ledger.first_pass(&long, ms(1_000));
        assert!(got > ms(4_500) && got <= ms(4_534), "{got:?}");
    }
}
