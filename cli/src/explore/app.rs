//! The explorer's state: the runs, the op, strategy and size in view, the mode, and the
//! operations the keys call. No drawing and no terminal here.

use arsenal_db::{RunRow, RunStatus};
use arsenal_oracle::{Policy, Strategy};
use arsenal_report::{OpView, RunDiff, RunView, StrategyView};

use super::source::RunSource;

/// What has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The main screen.
    Normal,
    /// Typing an op filter after `/`.
    Filter,
    /// The key list.
    Help,
    /// The oracle's explanation at the selected size.
    Explain,
    /// The run picker.
    Runs,
    /// Every winner that changed and figure that moved against the baseline.
    Changes,
}

/// The whole explorer.
pub struct App {
    source: Box<dyn RunSource>,
    /// Every run in the source, oldest first.
    pub runs: Vec<RunRow>,
    /// The policy plans are made under.
    pub policy: Policy,
    /// The run in view.
    pub current: Option<RunView>,
    /// The run compared against, when two runs are chosen.
    pub baseline: Option<RunView>,
    /// `current` against `baseline`.
    pub diff: Option<RunDiff>,
    /// The strategy in view.
    pub strategy: Strategy,
    /// The op filter (a substring).
    pub filter: String,
    /// Index of the selected op among the filtered ones.
    pub op_index: usize,
    /// The size in view; the nearest measured size of the op is shown.
    pub size: u64,
    /// What has the keyboard.
    pub mode: Mode,
    /// The highlighted row of the run picker.
    pub runs_cursor: usize,
    /// Runs marked in the picker (at most two).
    pub marked: Vec<i64>,
    /// Scroll offset of the open popup.
    pub scroll: u16,
    /// A one-line message for the status bar.
    pub message: Option<String>,
    /// Set by `q`.
    pub quit: bool,
}

impl App {
    /// An explorer over `source`, opened on run `run` (default: the latest complete run, else the
    /// latest). `Err` names an unknown run.
    pub fn new(
        source: Box<dyn RunSource>,
        policy: Policy,
        run: Option<i64>,
    ) -> Result<App, String> {
        let runs = source.runs()?;
        let mut app = App {
            source,
            runs,
            policy,
            current: None,
            baseline: None,
            diff: None,
            strategy: Strategy::Throughput,
            filter: String::new(),
            op_index: 0,
            size: 0,
            mode: Mode::Normal,
            runs_cursor: 0,
            marked: Vec::new(),
            scroll: 0,
            message: None,
            quit: false,
        };
        let start = match run {
            Some(id) => Some(
                app.run_row(id)
                    .ok_or_else(|| format!("{} holds no run {id}", app.source.label()))?,
            ),
            None => app.default_run(),
        };
        if let Some(row) = start {
            app.current = Some(app.view(&row)?);
            app.runs_cursor = app.runs.iter().position(|r| r.id == row.id).unwrap_or(0);
            app.size = app.middle_size();
        }
        Ok(app)
    }

    /// The source's name (the database's path).
    pub fn label(&self) -> String {
        self.source.label()
    }

    fn run_row(&self, id: i64) -> Option<RunRow> {
        self.runs.iter().find(|r| r.id == id).cloned()
    }

    fn default_run(&self) -> Option<RunRow> {
        let complete = self
            .runs
            .iter()
            .filter(|r| r.status == RunStatus::Complete)
            .max_by(|a, b| (&a.started_at, a.id).cmp(&(&b.started_at, b.id)));
        complete
            .or_else(|| self.runs.iter().max_by_key(|r| r.id))
            .cloned()
    }

    fn view(&self, row: &RunRow) -> Result<RunView, String> {
        let data = self.source.load(row)?;
        Ok(RunView::new(data, self.policy.clone()))
    }

    /// The ops whose names contain the filter, in run order.
    pub fn ops(&self) -> Vec<&OpView> {
        let Some(run) = &self.current else {
            return Vec::new();
        };
        let filter = self.filter.to_lowercase();
        run.ops
            .iter()
            .filter(|o| o.op.to_lowercase().contains(&filter))
            .collect()
    }

    /// The selected op.
    pub fn op(&self) -> Option<&OpView> {
        let ops = self.ops();
        ops.get(self.op_index.min(ops.len().saturating_sub(1)))
            .copied()
    }

    /// The selected op under the strategy in view.
    pub fn view_of_op(&self) -> Option<&StrategyView> {
        self.op()?.strategy(self.strategy)
    }

    /// The measured size nearest the one asked for (by ratio: sizes are geometric).
    pub fn selected_size(&self) -> Option<u64> {
        let view = self.view_of_op()?;
        let target = (self.size.max(1) as f64).ln();
        view.sizes.iter().copied().min_by(|a, b| {
            let d = |s: u64| ((s.max(1) as f64).ln() - target).abs();
            d(*a).total_cmp(&d(*b))
        })
    }

    fn middle_size(&self) -> u64 {
        self.view_of_op()
            .map_or(0, |v| v.sizes.get(v.sizes.len() / 2).copied().unwrap_or(0))
    }

    /// Moves the op selection by `delta`, staying in the list.
    pub fn move_op(&mut self, delta: isize) {
        let n = self.ops().len();
        if n == 0 {
            return;
        }
        let current = self.op_index.min(n - 1) as isize;
        self.op_index = (current + delta).clamp(0, n as isize - 1) as usize;
    }

    /// Moves the size by `delta` measured sizes.
    pub fn move_size(&mut self, delta: isize) {
        let (Some(view), Some(size)) = (self.view_of_op(), self.selected_size()) else {
            return;
        };
        let sizes = &view.sizes;
        let at = sizes.iter().position(|&s| s == size).unwrap_or(0) as isize;
        let to = (at + delta).clamp(0, sizes.len() as isize - 1) as usize;
        self.size = sizes[to];
    }

    /// Jumps to the first (`false`) or last (`true`) measured size.
    pub fn size_end(&mut self, last: bool) {
        if let Some(view) = self.view_of_op() {
            let pick = if last {
                view.sizes.last()
            } else {
                view.sizes.first()
            };
            self.size = pick.copied().unwrap_or(self.size);
        }
    }

    /// Shows `strategy`; says so when the op was not measured under it.
    pub fn set_strategy(&mut self, strategy: Strategy) {
        self.strategy = strategy;
        self.message = match (self.op(), self.view_of_op()) {
            (Some(op), None) => Some(format!(
                "{} has no {strategy} measurements in this run",
                op.op
            )),
            _ => None,
        };
    }

    /// Opens a popup at its top.
    pub fn open(&mut self, mode: Mode) {
        self.mode = mode;
        self.scroll = 0;
    }

    /// Scrolls the open popup.
    pub fn scroll_by(&mut self, delta: i32) {
        self.scroll = (i32::from(self.scroll) + delta).clamp(0, 10_000) as u16;
    }

    /// Opens run `index` of the picker alone (no baseline).
    pub fn open_run(&mut self, index: usize) {
        let Some(row) = self.runs.get(index).cloned() else {
            return;
        };
        match self.view(&row) {
            Ok(view) => {
                self.current = Some(view);
                self.baseline = None;
                self.diff = None;
                self.marked.clear();
                self.keep_selection();
                self.message = Some(format!("run {}", row.id));
                self.mode = Mode::Normal;
            }
            Err(e) => self.message = Some(format!("cannot open run {}: {e}", row.id)),
        }
    }

    /// Marks or unmarks run `index` of the picker; with two marked, opens the newer against the
    /// older.
    pub fn toggle_mark(&mut self, index: usize) {
        let Some(id) = self.runs.get(index).map(|r| r.id) else {
            return;
        };
        if let Some(at) = self.marked.iter().position(|&m| m == id) {
            self.marked.remove(at);
            return;
        }
        self.marked.push(id);
        if self.marked.len() == 2 {
            let (old, new) = (
                self.marked[0].min(self.marked[1]),
                self.marked[0].max(self.marked[1]),
            );
            self.compare_runs(old, new);
            self.marked.clear();
        }
    }

    /// Shows run `current` against run `baseline`.
    pub fn compare_runs(&mut self, baseline: i64, current: i64) {
        let rows = (self.run_row(baseline), self.run_row(current));
        let (Some(b), Some(c)) = rows else {
            return;
        };
        match (self.view(&b), self.view(&c)) {
            (Ok(b), Ok(c)) => {
                let diff = RunDiff::new(&b, &c);
                self.message = Some(format!(
                    "run {} against baseline {}: {} winners changed, {} figures moved",
                    c.data.run.id,
                    b.data.run.id,
                    diff.winners.len(),
                    diff.moves.len()
                ));
                self.current = Some(c);
                self.baseline = Some(b);
                self.diff = Some(diff);
                self.keep_selection();
                self.mode = Mode::Normal;
            }
            (Err(e), _) | (_, Err(e)) => self.message = Some(format!("cannot compare: {e}")),
        }
    }

    fn keep_selection(&mut self) {
        let n = self.ops().len();
        self.op_index = self.op_index.min(n.saturating_sub(1));
        if self.size == 0 {
            self.size = self.middle_size();
        }
    }

    /// Sets the filter and selects the first match.
    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.op_index = 0;
    }
}
