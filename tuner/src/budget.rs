//! The time budget: one deadline for the run, split evenly over the cells still to measure.
//!
//! The split is recomputed at the start of every cell from the time actually left, so a cell
//! that overran (a slow calibration, a 1 M-element sort) is paid for by the cells after it and
//! the run as a whole ends on time.

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

    /// The share of the remaining time for the next cell, with `cells_left` cells to go
    /// (including it).
    pub fn cell_share(&self, cells_left: usize) -> Duration {
        split(self.remaining(), cells_left)
    }
}

/// `remaining` split evenly over `cells_left` cells.
pub fn split(remaining: Duration, cells_left: usize) -> Duration {
    remaining / cells_left.max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_even_and_survives_zero_cells() {
        assert_eq!(
            split(Duration::from_secs(10), 4),
            Duration::from_millis(2500)
        );
        assert_eq!(split(Duration::from_secs(10), 0), Duration::from_secs(10));
        assert_eq!(split(Duration::ZERO, 3), Duration::ZERO);
    }

    #[test]
    fn overruns_are_absorbed_by_later_cells() {
        // 10 s for 5 cells; the first takes 4 s instead of 2: the other four share 6 s.
        let first = split(Duration::from_secs(10), 5);
        assert_eq!(first, Duration::from_secs(2));
        let after = split(Duration::from_secs(10) - Duration::from_secs(4), 4);
        assert_eq!(after, Duration::from_millis(1500));
    }

    #[test]
    fn deadline_keeps_a_reserve() {
        let b = Budget::start(Duration::from_secs(100));
        let until = b.deadline().duration_since(b.start);
        assert_eq!(until, Duration::from_secs(98));
        assert!(b.remaining() <= Duration::from_secs(98));
    }
}
