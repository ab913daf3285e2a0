//! The progress bar on stderr during `arsenal tune`: verification, the first passes op by op,
//! then one tick per cell.

use std::time::Duration;

use arsenal_tuner::{Cell, PlanOutline, RunPlan, Sink, SinkError, Skipped, Summary, Verification};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws a bar to stderr, or nothing when hidden (`--json`, or stderr is not a terminal).
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar, hidden when `visible` is false.
    pub fn new(visible: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(
            None,
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        Progress { bar }
    }

    fn describe(cell_op: &str, strategy: impl std::fmt::Display, size: usize) -> String {
        format!("{cell_op} {strategy} {size}")
    }
}

impl Sink for Progress {
    fn run_started(&mut self, plan: &RunPlan) -> Result<(), SinkError> {
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} verifying {msg}")
                .expect("a valid template literal"),
        );
        self.bar.enable_steady_tick(Duration::from_millis(120));
        self.bar.set_length(plan.cells as u64);
        self.bar
            .set_message(plan.ops.first().copied().unwrap_or_default().to_string());
        Ok(())
    }

    fn run_planned(&mut self, plan: &PlanOutline) -> Result<(), SinkError> {
        // Said before the measuring starts, bar or no bar: the user may want to stop and give
        // the run more time.
        for line in plan.shortfall().into_iter().chain(plan.overrun_note()) {
            self.bar.suspend(|| eprintln!("warning: {line}"));
        }
        Ok(())
    }

    fn op_verified(&mut self, op: &str, results: &[Verification]) -> Result<(), SinkError> {
        let failed = results
            .iter()
            .filter(|r| r.outcome.status() == "failed")
            .count();
        if failed > 0 {
            self.bar
                .println(format!("{op}: {failed} variant(s) failed verification"));
        }
        self.bar.set_message(format!("{op} done"));
        Ok(())
    }

    fn first_passes(&mut self, op: &str) -> Result<(), SinkError> {
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] first passes: {msg}")
                .expect("a valid template literal"),
        );
        self.bar.set_message(op.to_string());
        Ok(())
    }

    fn cell_measured(&mut self, cell: &Cell) -> Result<(), SinkError> {
        if self.bar.position() == 0 {
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} cells  {msg}",
                )
                .expect("a valid template literal"),
            );
        }
        // Cells added by bisection come on top of the planned ones.
        if self.bar.position() >= self.bar.length().unwrap_or(0) {
            self.bar.inc_length(1);
        }
        self.bar.inc(1);
        self.bar
            .set_message(Self::describe(cell.op, cell.strategy, cell.size));
        Ok(())
    }

    fn cell_skipped(&mut self, skipped: &Skipped) -> Result<(), SinkError> {
        self.bar.inc(1);
        self.bar.set_message(format!(
            "skipped {}",
            Self::describe(skipped.op, skipped.strategy, skipped.size)
        ));
        Ok(())
    }

    fn run_finished(&mut self, _summary: &Summary) -> Result<(), SinkError> {
        self.bar.finish_and_clear();
        Ok(())
    }
}
