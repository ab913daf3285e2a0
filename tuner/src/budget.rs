//! The time budget: one clock and one deadline for the run.
//!
//! How the time is spent is planned in [`schedule`](crate::schedule); the executor recomputes
//! each cell's share from the time actually left, so a cell that overran (a slow calibration, a
//! 1 M-element sort) is paid for by the slack of the cells after it and the run as a whole ends
//! on time.

use std::time::{Duration, Instant};

/// Share of the budget kept back for writing results after the last cell.
const RESERVE: f64 = 0.02;

/// The run's clock and deadline.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    start: Instant,
    total: Duration,
}

impl Budget {
    /// A budget of `total`, starting now.
    pub fn start(total: Duration) -> Budget {
        Budget {
            start: Instant::now(),
            total,
        }
    }

    /// The total budget.
    pub fn total(&self) -> Duration {
        self.total
    }

    /// The same budget with `kept` less for the cells: time kept back for work after them.
    pub fn keeping_back(self, kept: Duration) -> Budget {
        Budget {
            total: self.total.saturating_sub(kept),
            ..self
        }
    }

    /// The same budget with `more` added: the time the run takes past what it was given.
    pub fn extended(self, more: Duration) -> Budget {
        Budget {
            total: self.total + more,
            ..self
        }
    }

    /// Time since the start.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// When the measuring must be over.
    pub fn deadline(&self) -> Instant {
        self.start + self.total.mul_f64(1.0 - RESERVE)
    }

    /// Time left before the deadline (zero once past it).
    pub fn remaining(&self) -> Duration {
        self.deadline().saturating_duration_since(Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_keeps_a_reserve() {
        let b = Budget::start(Duration::from_secs(100));
        let until = b.deadline().duration_since(b.start);
        assert_eq!(until, Duration::from_secs(98));
        assert!(b.remaining() <= Duration::from_secs(98));
    }
}
