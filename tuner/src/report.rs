//! The seam between the tuner and whoever listens: the store, the progress bar, JSON output.
//!
//! Like criterion's `Report`: every hook has a no-op default, and [`Fanout`] forwards each event to
//! several sinks in order. A sink that fails stops the run with its error.

use crate::{Cell, OpReport, PlanOutline, RunPlan, Skipped, Summary, Verification};

/// An error a sink reports; the tuner stops and returns it.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Receives the tuner's events. Every hook defaults to doing nothing.
pub trait Sink {
    /// Before any work, with what the run will cover.
    fn run_started(&mut self, _plan: &RunPlan) -> Result<(), SinkError> {
        Ok(())
    }
    /// Every cell was priced and the run planned, before the first is measured: the place to
    /// say when the budget does not cover every cell.
    fn run_planned(&mut self, _plan: &PlanOutline) -> Result<(), SinkError> {
        Ok(())
    }
    /// An op's correctness gate finished.
    fn op_verified(&mut self, _op: &str, _results: &[Verification]) -> Result<(), SinkError> {
        Ok(())
    }
    /// The first passes of an op's cells begin (every op's come before any op's later passes,
    /// and its cells are reported after those).
    fn first_passes(&mut self, _op: &str) -> Result<(), SinkError> {
        Ok(())
    }
    /// One (op, strategy, size) cell was measured.
    fn cell_measured(&mut self, _cell: &Cell) -> Result<(), SinkError> {
        Ok(())
    }
    /// One cell was not measured, and why.
    fn cell_skipped(&mut self, _skipped: &Skipped) -> Result<(), SinkError> {
        Ok(())
    }
    /// Every cell of an op is done: the moment to persist it as one unit.
    fn op_finished(&mut self, _op: &OpReport) -> Result<(), SinkError> {
        Ok(())
    }
    /// The run is over.
    fn run_finished(&mut self, _summary: &Summary) -> Result<(), SinkError> {
        Ok(())
    }
}

/// A sink that ignores everything.
impl Sink for () {}

/// Forwards every event to each sink, in order; the first error stops the forwarding.
#[derive(Default)]
pub struct Fanout<'a> {
    sinks: Vec<&'a mut dyn Sink>,
}

impl std::fmt::Debug for Fanout<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fanout({} sinks)", self.sinks.len())
    }
}

impl<'a> Fanout<'a> {
    /// No sinks yet.
    pub fn new() -> Self {
        Fanout { sinks: Vec::new() }
    }

    /// Adds a sink after the others.
    pub fn with(mut self, sink: &'a mut dyn Sink) -> Self {
        self.sinks.push(sink);
        self
    }
}

macro_rules! forward {
    ($($hook:ident($($arg:ident: $ty:ty),*);)*) => {
        impl Sink for Fanout<'_> {
            $(fn $hook(&mut self, $($arg: $ty),*) -> Result<(), SinkError> {
                self.sinks.iter_mut().try_for_each(|s| s.$hook($($arg),*))
            })*
        }
    };
}

forward! {
    run_started(plan: &RunPlan);
    run_planned(plan: &PlanOutline);
    op_verified(op: &str, results: &[Verification]);
    first_passes(op: &str);
    cell_measured(cell: &Cell);
    cell_skipped(skipped: &Skipped);
    op_finished(op: &OpReport);
    run_finished(summary: &Summary);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Count(usize);

    impl Sink for Count {
        fn op_verified(&mut self, _: &str, _: &[Verification]) -> Result<(), SinkError> {
            self.0 += 1;
            Ok(())
        }
    }

    struct Fail;

    impl Sink for Fail {
        fn op_verified(&mut self, _: &str, _: &[Verification]) -> Result<(), SinkError> {
            Err("disk full".into())
        }
    }

    #[test]
    fn fanout_forwards_in_order_and_stops_at_an_error() {
        let (mut a, mut b) = (Count::default(), Count::default());
        let mut fan = Fanout::new().with(&mut a).with(&mut b);
        fan.op_verified("x", &[]).unwrap();
        drop(fan);
        assert_eq!((a.0, b.0), (1, 1));

        let (mut a, mut fail, mut c) = (Count::default(), Fail, Count::default());
        let mut fan = Fanout::new().with(&mut a).with(&mut fail).with(&mut c);
        assert!(fan.op_verified("x", &[]).is_err());
        drop(fan);
        assert_eq!((a.0, c.0), (1, 0));
    }
}
