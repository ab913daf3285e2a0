//! The data a report or the explorer shows, gathered once per run: per op and strategy, every
//! measured cell, the oracle's plan, and the variants that failed verification.

use arsenal_db::{
    CeilingRecord, Counters, HostRecord, MeasurementRecord, ProbeRecord, RunRow, SkippedRecord,
    VariantRecord, VerificationRecord,
};
use arsenal_oracle::{
    explain_with_gaps, plan_with_gaps, quality_choice, Estimate, Explanation, Gap, Origin, Plan,
    Policy, Record, Served, Strategy, RUNTIME,
};

use crate::ceiling::{Ceilings, Share};
use crate::figure::Unit;

/// One run as the store gives it back, with the oracle's records of it. The caller (the CLI)
/// reads these; this crate only renders them. Build it with [`RunData::new`], which derives the
/// records.
#[derive(Clone, Debug)]
pub struct RunData {
    /// The run.
    pub run: RunRow,
    /// The host it ran on.
    pub host: HostRecord,
    /// Every variant of every op in the run, op by op in the order they were written.
    pub variants: Vec<VariantRecord>,
    /// The verification gate's verdicts.
    pub verifications: Vec<VerificationRecord>,
    /// Every measured cell.
    pub measurements: Vec<MeasurementRecord>,
    /// The oracle's records: the measurements of variants that passed verification.
    pub records: Vec<Record>,
    /// The host's hardware ceilings (best over its runs); empty when never measured.
    pub ceilings: Vec<CeilingRecord>,
    /// The run's drift probes (see [`drift`](crate::drift)); empty when not probed.
    pub probes: Vec<ProbeRecord>,
    /// The cells the run planned but did not measure (see [`RunData::with_skipped`]): the plans
    /// leave their sizes to runtime dispatch, as the run's manifest does.
    pub gaps: Vec<Gap>,
}

impl RunData {
    /// A run's rows, with the oracle's records derived from them by [`oracle_records`].
    pub fn new(
        run: RunRow,
        host: HostRecord,
        variants: Vec<VariantRecord>,
        verifications: Vec<VerificationRecord>,
        measurements: Vec<MeasurementRecord>,
        ceilings: Vec<CeilingRecord>,
        probes: Vec<ProbeRecord>,
    ) -> RunData {
        let records = oracle_records(&variants, &verifications, &measurements, host.logical_cores);
        RunData {
            run,
            host,
            variants,
            verifications,
            measurements,
            records,
            ceilings,
            probes,
            gaps: Vec::new(),
        }
    }

    /// This run with the cells it planned but did not measure.
    pub fn with_skipped(mut self, skipped: &[SkippedRecord]) -> RunData {
        self.gaps = gaps(skipped);
        self
    }
}

/// The oracle's gaps of a run's skipped cells (a strategy this build does not know is left out).
pub fn gaps(skipped: &[SkippedRecord]) -> Vec<Gap> {
    skipped
        .iter()
        .filter_map(|s| {
            Some(Gap {
                strategy: s.strategy.parse().ok()?,
                op: s.op.clone(),
                size: s.size,
                reason: s.reason.clone(),
            })
        })
        .collect()
}

/// The origin kind the store spells `kind`; an unknown spelling counts as a crate (the policy
/// that restricts crates then restricts it too).
fn origin(kind: &str) -> Origin {
    Origin::from_name(kind).unwrap_or(Origin::Crate)
}

/// The oracle's records of a run: every measurement of a variant that passed verification.
/// A parallel variant may use `threads` threads.
pub fn oracle_records(
    variants: &[VariantRecord],
    verifications: &[VerificationRecord],
    measurements: &[MeasurementRecord],
    threads: u32,
) -> Vec<Record> {
    measurements
        .iter()
        .filter(|m| {
            verifications
                .iter()
                .any(|v| v.op == m.op && v.variant == m.variant && v.status == "passed")
        })
        .filter_map(|m| {
            let v = variants
                .iter()
                .find(|v| v.op == m.op && v.name == m.variant)?;
            let strategy = match m.strategy.as_str() {
                "latency" => Strategy::Latency,
                _ => Strategy::Throughput,
            };
            Some(Record {
                op: m.op.clone(),
                variant: m.variant.clone(),
                requires: v.requires.clone(),
                origin: origin(&v.origin),
                parallel: v.parallel,
                threads: if v.parallel { threads } else { 1 },
                strategy,
                size: m.size,
                objective_ns: m.objective_ns,
                ci_low_ns: m.objective_ci_low_ns,
                ci_high_ns: m.objective_ci_high_ns,
                // Latency ties on the p99 are broken on the p50: its interval as the tuner drew
                // it, or for cells stored before it was kept, as the stored calls give it.
                p50: match strategy {
                    Strategy::Latency => match m.median_ci_ns {
                        Some((low_ns, high_ns)) => Some(Estimate {
                            ns: m.median_ns,
                            low_ns,
                            high_ns,
                        }),
                        None => Estimate::median_of(&m.samples_ns),
                    },
                    Strategy::Throughput => None,
                },
                figure: Some(m.units_per_call / m.objective_ns.max(f64::MIN_POSITIVE) * 1e9),
                counters: m.counters.as_ref().map(|c| {
                    [
                        ("cycles".to_string(), c.cycles),
                        ("instructions".to_string(), c.instructions),
                        ("cache_misses".to_string(), c.cache_misses),
                        ("branch_misses".to_string(), c.branch_misses),
                    ]
                    .into_iter()
                    .collect()
                }),
            })
        })
        .collect()
}

/// One measured (variant, size) of an op under one strategy. Times are ns per call.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The variant.
    pub variant: String,
    /// The size, in the op's units.
    pub size: u64,
    /// The objective: the median (throughput) or the p99 (latency).
    pub objective_ns: f64,
    /// The objective's 95 % interval.
    pub ci_ns: (f64, f64),
    /// Median.
    pub median_ns: f64,
    /// Median absolute deviation.
    pub mad_ns: f64,
    /// 50th percentile.
    pub p50_ns: f64,
    /// 99th percentile.
    pub p99_ns: f64,
    /// Units of work per call.
    pub units_per_call: f64,
    /// Samples taken.
    pub samples: usize,
    /// Samples outside Tukey's fences.
    pub outliers: u32,
    /// Hardware counters per call, when they were read.
    pub counters: Option<Counters>,
}

impl Cell {
    fn from_measurement(m: &MeasurementRecord) -> Cell {
        Cell {
            variant: m.variant.clone(),
            size: m.size,
            objective_ns: m.objective_ns,
            ci_ns: (m.objective_ci_low_ns, m.objective_ci_high_ns),
            median_ns: m.median_ns,
            mad_ns: m.mad_ns,
            p50_ns: m.p50_ns,
            p99_ns: m.p99_ns,
            units_per_call: m.units_per_call,
            samples: m.samples_ns.len(),
            outliers: m.outliers,
            counters: m.counters.clone(),
        }
    }

    /// Units per second at the objective (per core for single-threaded variants).
    pub fn units_per_second(&self) -> f64 {
        self.units_per_call / self.objective_ns.max(f64::MIN_POSITIVE) * 1e9
    }

    /// The figure a chart plots, with its interval, low to high: units per second (throughput)
    /// or the p99 in ns (latency).
    pub fn figure(&self, strategy: Strategy) -> (f64, (f64, f64)) {
        match strategy {
            Strategy::Throughput => {
                let per_s = |ns: f64| self.units_per_call / ns.max(f64::MIN_POSITIVE) * 1e9;
                (
                    self.units_per_second(),
                    (per_s(self.ci_ns.1), per_s(self.ci_ns.0)),
                )
            }
            Strategy::Latency => (self.objective_ns, self.ci_ns),
        }
    }

    /// Instructions per cycle, when counted.
    pub fn ipc(&self) -> Option<f64> {
        let c = self.counters.as_ref()?;
        (c.cycles > 0.0).then(|| c.instructions / c.cycles)
    }
}

/// One op under one strategy.
#[derive(Clone, Debug)]
pub struct StrategyView {
    /// The strategy.
    pub strategy: Strategy,
    /// The oracle's plan: the winner at every size, the bands.
    pub plan: Plan,
    /// The measured sizes, ascending.
    pub sizes: Vec<u64>,
    /// The measured variants, in registry order.
    pub variants: Vec<String>,
    /// Every measured cell.
    pub cells: Vec<Cell>,
    /// The sizes the run planned but did not measure, ascending: runtime dispatch there.
    pub not_measured: Vec<u64>,
}

impl StrategyView {
    /// The cell of `variant` at `size`.
    pub fn cell(&self, variant: &str, size: u64) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.variant == variant && c.size == size)
    }

    /// The cells of `variant`, ascending by size.
    pub fn series(&self, variant: &str) -> Vec<&Cell> {
        let mut cells: Vec<&Cell> = self.cells.iter().filter(|c| c.variant == variant).collect();
        cells.sort_by_key(|c| c.size);
        cells
    }

    /// The oracle's winner at measured size `size`.
    pub fn winner(&self, size: u64) -> Option<&str> {
        let decision = self.plan.sizes.iter().find(|d| d.size == size)?;
        decision.winner.as_deref()
    }

    /// The cells at `size`, fastest first.
    pub fn ranked(&self, size: u64) -> Vec<&Cell> {
        let mut cells: Vec<&Cell> = self.cells.iter().filter(|c| c.size == size).collect();
        cells.sort_by(|a, b| a.objective_ns.total_cmp(&b.objective_ns));
        cells
    }

    /// The band list in one line: `sse2 <40 B · avx512 <2 KiB · libc`.
    pub fn bands_text(&self, unit: Unit) -> String {
        let bands = &self.plan.bands;
        let text: Vec<String> = bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                // A band ending where runtime dispatch begins ends at its last measured size.
                let before_runtime = bands.get(i + 1).is_some_and(|n| n.variant == RUNTIME);
                match b.below {
                    Some(below) if before_runtime && b.variant != RUNTIME => {
                        format!("{} ≤{}", b.variant, crate::figure::size(unit, below - 1))
                    }
                    Some(below) => format!("{} <{}", b.variant, crate::figure::size(unit, below)),
                    None => b.variant.clone(),
                }
            })
            .collect();
        let mut text = text.join(" · ");
        if let Some(sizes) = self.not_measured_text(|s| crate::figure::size(unit, s)) {
            text.push_str(&format!(" (not measured: {sizes}; runtime dispatch there)"));
        }
        text
    }

    /// The sizes not measured, each spelt by `size`, comma-separated; `None` when there are
    /// none.
    pub fn not_measured_text(&self, size: impl Fn(u64) -> String) -> Option<String> {
        let sizes: Vec<String> = self.not_measured.iter().map(|&s| size(s)).collect();
        (!sizes.is_empty()).then(|| sizes.join(", "))
    }

    /// Each band as `(from, below, variant)`, `from` inclusive, `below` exclusive (`None` for
    /// the last band).
    pub fn band_ranges(&self) -> Vec<(u64, Option<u64>, &str)> {
        arsenal_oracle::band_ranges(&self.plan.bands)
            .map(|(from, b)| (from, b.below, b.variant.as_str()))
            .collect()
    }
}

/// One op of a run.
#[derive(Clone, Debug)]
pub struct OpView {
    /// `domain.name`.
    pub op: String,
    /// What its sizes count.
    pub unit: Unit,
    /// Its variants as recorded, in registry order.
    pub variants: Vec<VariantRecord>,
    /// One view per measured strategy, throughput first.
    pub strategies: Vec<StrategyView>,
    /// Variants that failed verification, with their first mismatch.
    pub failed: Vec<VerificationRecord>,
}

impl OpView {
    /// The view of `strategy`, if it was measured.
    pub fn strategy(&self, strategy: Strategy) -> Option<&StrategyView> {
        self.strategies.iter().find(|s| s.strategy == strategy)
    }

    /// The position of `variant` in the op's registry order: gives each variant one colour in
    /// every chart of the op.
    pub fn variant_index(&self, variant: &str) -> usize {
        self.variants
            .iter()
            .position(|v| v.name == variant)
            .unwrap_or(self.variants.len())
    }
}

/// Everything shown of one run.
#[derive(Clone, Debug)]
pub struct RunView {
    /// The data it was built from.
    pub data: RunData,
    /// The policy the plans were made under.
    pub policy: Policy,
    /// One view per op, in the order the run wrote them.
    pub ops: Vec<OpView>,
    /// The host's ceilings.
    pub ceilings: Ceilings,
    /// Ops whose contract is quality, each with the one variant a manifest serves it with
    /// (`None`: none was measured at every size); see [`RunView::with_quality_ops`].
    pub one_variant: std::collections::BTreeMap<String, Option<String>>,
}

impl RunView {
    /// Gathers the views of `data` under `policy`.
    pub fn new(data: RunData, policy: Policy) -> RunView {
        let ops = op_names(&data)
            .into_iter()
            .map(|op| op_view(&data, &policy, op))
            .collect();
        let ceilings = Ceilings::new(&data.ceilings);
        RunView {
            data,
            policy,
            ops,
            ceilings,
            one_variant: Default::default(),
        }
    }

    /// Marks `ops` as ops whose contract is quality (their variants' outputs differ): a manifest
    /// serves each with one variant for every size and both strategies, chosen under `default`,
    /// and the profiles say so.
    pub fn with_quality_ops(mut self, ops: &[&str], default: Strategy) -> RunView {
        for &op in ops {
            let one = quality_choice(&self.data.records, op, default, &self.policy);
            self.one_variant
                .insert(op.to_string(), one.map(|one| one.variant));
        }
        self
    }

    /// What serves `op`'s sizes: its plans' bands, or one variant (see
    /// [`RunView::with_quality_ops`]).
    pub fn served(&self, op: &str) -> Served<'_> {
        match self.one_variant.get(op) {
            Some(one) => Served::One(one.as_deref()),
            None => Served::Bands,
        }
    }

    /// The op named `op`.
    pub fn op(&self, op: &str) -> Option<&OpView> {
        self.ops.iter().find(|o| o.op == op)
    }

    /// Why the oracle chose what it chose for `op` under `strategy` at `size`.
    pub fn explain(&self, op: &str, strategy: Strategy, size: u64) -> Result<Explanation, String> {
        explain_with_gaps(
            &self.data.records,
            &self.data.gaps,
            op,
            strategy,
            size,
            &self.policy,
        )
        .map_err(|e| e.to_string())
    }

    /// A throughput figure of `op` at `size` as a share of the least of its bounds (its stored
    /// role: none for an op that measures one of the host's bounds itself).
    pub fn share(&self, op: &OpView, size: u64, units_per_second: f64) -> Option<Share> {
        let bounds = crate::ceiling::bounds(&self.data.run, &op.op, op.unit);
        self.ceilings.share(&bounds, size, units_per_second)
    }
}

/// The ops of a run in the order they were written (variants first, then anything measured).
fn op_names(data: &RunData) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let all = data
        .variants
        .iter()
        .map(|v| v.op.as_str())
        .chain(data.measurements.iter().map(|m| m.op.as_str()));
    for name in all {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn passed(data: &RunData, op: &str, variant: &str) -> bool {
    data.verifications
        .iter()
        .any(|v| v.op == op && v.variant == variant && v.status == "passed")
}

fn op_view(data: &RunData, policy: &Policy, op: &str) -> OpView {
    let measured: Vec<&MeasurementRecord> = data
        .measurements
        .iter()
        .filter(|m| m.op == op && passed(data, op, &m.variant))
        .collect();
    let unit = data
        .measurements
        .iter()
        .find(|m| m.op == op)
        .map_or(Unit::Elements, |m| Unit::from_name(&m.unit));
    let variants: Vec<VariantRecord> = data
        .variants
        .iter()
        .filter(|v| v.op == op)
        .cloned()
        .collect();
    let strategies = Strategy::ALL
        .into_iter()
        .filter_map(|s| strategy_view(data, policy, op, s, &measured, &variants))
        .collect();
    let failed = data
        .verifications
        .iter()
        .filter(|v| v.op == op && v.status == "failed")
        .cloned()
        .collect();
    OpView {
        op: op.to_string(),
        unit,
        variants,
        strategies,
        failed,
    }
}

fn strategy_view(
    data: &RunData,
    policy: &Policy,
    op: &str,
    strategy: Strategy,
    measured: &[&MeasurementRecord],
    variants: &[VariantRecord],
) -> Option<StrategyView> {
    let cells: Vec<Cell> = measured
        .iter()
        .filter(|m| m.strategy == strategy.name())
        .map(|m| Cell::from_measurement(m))
        .collect();
    if cells.is_empty() {
        return None;
    }
    let mut sizes: Vec<u64> = cells.iter().map(|c| c.size).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut names: Vec<String> = variants
        .iter()
        .filter(|v| cells.iter().any(|c| c.variant == v.name))
        .map(|v| v.name.clone())
        .collect();
    for c in &cells {
        if !names.contains(&c.variant) {
            names.push(c.variant.clone());
        }
    }
    let mut not_measured: Vec<u64> = data
        .gaps
        .iter()
        .filter(|g| g.op == op && g.strategy == strategy)
        .map(|g| g.size)
        .collect();
    not_measured.sort_unstable();
    not_measured.dedup();
    Some(StrategyView {
        strategy,
        plan: plan_with_gaps(&data.records, &data.gaps, op, strategy, policy),
        sizes,
        variants: names,
        cells,
        not_measured,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latency_cell(samples_ns: Vec<f32>, median_ci_ns: Option<(f64, f64)>) -> MeasurementRecord {
        MeasurementRecord {
            op: "hash.crc32c".into(),
            variant: "sse4.2".into(),
            strategy: "latency".into(),
            size: 64,
            unit: "bytes".into(),
            units_per_call: 64.0,
            objective_ns: 40.0,
            objective_ci_low_ns: 30.0,
            objective_ci_high_ns: 50.0,
            median_ns: 20.0,
            median_ci_ns,
            mad_ns: 0.0,
            p50_ns: 20.0,
            p99_ns: 40.0,
            outliers: 0,
            iters_per_sample: 1,
            samples_ns,
            counters: None,
            counters_note: None,
        }
    }

    fn p50(cell: MeasurementRecord) -> Option<Estimate> {
        let variant = VariantRecord {
            op: cell.op.clone(),
            name: cell.variant.clone(),
            origin: "own".into(),
            origin_detail: "arsenal".into(),
            requires: vec!["sse4.2".into()],
            parallel: false,
        };
        let passed = VerificationRecord {
            op: cell.op.clone(),
            variant: cell.variant.clone(),
            status: "passed".into(),
            detail: String::new(),
            seconds: 0.0,
        };
        let records = oracle_records(&[variant], &[passed], &[cell], 1);
        records[0].p50
    }

    #[test]
    fn a_latency_tie_is_broken_on_the_median_interval_the_tuner_drew() {
        // Readings in 10 ns steps all agree on 20 ns; the tuner's interval holds the step.
        let samples = vec![20.0; 64];
        let stored = p50(latency_cell(samples.clone(), Some((10.0, 30.0)))).unwrap();
        assert_eq!(
            (stored.ns, stored.low_ns, stored.high_ns),
            (20.0, 10.0, 30.0)
        );
        // A cell stored before the interval was kept reads it from its samples.
        let before = p50(latency_cell(samples, None)).unwrap();
        assert_eq!((before.low_ns, before.high_ns), (20.0, 20.0));
    }
}
