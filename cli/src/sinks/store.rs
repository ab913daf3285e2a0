//! Persists a tune: the run when it starts, one transaction per finished op, then the drift
//! guard's probes and warnings and the end mark.
//!
//! A tune killed at any moment leaves every finished op in the store and the run without an end
//! mark, which the store reports as incomplete.

use arsenal_db::{HostRecord, RunMeta, Store};
use arsenal_tuner::{drift, OpReport, RunPlan, Sink, SinkError, Summary};

use crate::convert;

/// Writes the run into a [`Store`].
pub struct StoreSink<'a> {
    store: &'a mut Store,
    host: HostRecord,
    meta: RunMeta,
    run: Option<i64>,
    warnings: Vec<String>,
}

impl<'a> StoreSink<'a> {
    /// A sink for one run described by `meta` on `host` (its replicas are taken from the
    /// tuner's plan when the run starts).
    pub fn new(store: &'a mut Store, host: HostRecord, meta: RunMeta) -> Self {
        StoreSink {
            store,
            host,
            meta,
            run: None,
            warnings: Vec::new(),
        }
    }

    /// The run's id, once started.
    pub fn run_id(&self) -> Option<i64> {
        self.run
    }

    /// The drift guard's warning lines, once the run finished (as stored with it).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn run(&self) -> Result<i64, SinkError> {
        self.run.ok_or_else(|| "the run was not started".into())
    }
}

impl Sink for StoreSink<'_> {
    fn run_started(&mut self, plan: &RunPlan) -> Result<(), SinkError> {
        self.meta.replicas = u32::try_from(plan.replicas.max(1)).unwrap_or(u32::MAX);
        let host = self.store.host_id(&self.host)?;
        self.run = Some(self.store.begin_run(host, &self.meta)?);
        Ok(())
    }

    fn op_finished(&mut self, op: &OpReport) -> Result<(), SinkError> {
        let workload = arsenal::workload(op.op).ok_or("an op the registry does not know")?;
        let record = convert::op_record(workload, op);
        let run = self.run()?;
        self.store.write_op(run, &record)?;
        let ceilings = convert::ceilings(op);
        if !ceilings.is_empty() {
            self.store.write_ceilings(run, &ceilings)?;
        }
        Ok(())
    }

    fn run_finished(&mut self, summary: &Summary) -> Result<(), SinkError> {
        let run = self.run()?;
        // The host's previous probes are read before this run's are written.
        let previous = convert::probes(&self.store.earlier_start_probes(run)?);
        self.warnings = drift::warnings(&summary.probes, &previous);
        self.store
            .write_probes(run, &convert::probe_records(&summary.probes))?;
        self.store.write_warnings(run, &self.warnings)?;
        self.store.finish_run(run)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use arsenal_oracle::Policy;
    use arsenal_report::{html, markdown, Report, RunView};
    use arsenal_tuner::drift::{Phase, Probe};

    use super::*;
    use crate::profile;

    fn meta(uuid: &str) -> RunMeta {
        RunMeta {
            uuid: uuid.into(),
            started_at: format!("2026-05-0{}T10:00:00Z", uuid.len()),
            budget_secs: 1.0,
            strategies: vec!["throughput".into()],
            ops_pattern: None,
            seed: 1,
            arsenal: "0.1.0".into(),
            command: "arsenal tune".into(),
            replicas: 1,
            inputs: Vec::new(),
        }
    }

    /// A run with no op through the sink, its probes read `gbps` GB/s at 16 KiB at the start and
    /// at the end; returns the run's id and warnings.
    fn run_through_sink(store: &mut Store, uuid: &str, gbps: (f64, f64)) -> (i64, Vec<String>) {
        let mut sink = StoreSink::new(store, crate::host::record(), meta(uuid));
        let plan = RunPlan {
            ops: Vec::new(),
            strategies: Vec::new(),
            cells: 0,
            budget: Duration::from_secs(1),
            seed: 1,
            replicas: 3,
        };
        sink.run_started(&plan).unwrap();
        let probe = |phase, gbps: f64| Probe {
            phase,
            size: 16 << 10,
            bytes_per_second: gbps * 1e9,
        };
        let summary = Summary {
            ops: Vec::new(),
            elapsed: Duration::from_millis(500),
            budget: Duration::from_secs(1),
            counters_note: None,
            pinned: false,
            latency_clock: "wall",
            probes: vec![probe(Phase::Start, gbps.0), probe(Phase::End, gbps.1)],
            replicas: 3,
            plan: Default::default(),
        };
        sink.run_finished(&summary).unwrap();
        (sink.run_id().unwrap(), sink.warnings().to_vec())
    }

    #[test]
    fn warnings_are_stored_read_back_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("drift.db")).unwrap();
        // A steady first run; the second starts 30 % slower and ends 25 % slower still.
        let (first, none) = run_through_sink(&mut store, "a", (100.0, 99.0));
        assert!(none.is_empty(), "{none:?}");
        let (second, warnings) = run_through_sink(&mut store, "bb", (70.0, 52.5));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("the machine drifted during the run"));
        assert!(warnings[1].starts_with("the machine ran 30 % slow"));

        let row = store.run(second).unwrap();
        assert_eq!((row.replicas, &row.warnings), (3, &warnings));
        let phases: Vec<String> = store
            .probes(second)
            .unwrap()
            .into_iter()
            .map(|p| p.phase)
            .collect();
        assert_eq!(phases, ["start", "end"]);

        let view = |id| {
            let data = profile::run_data(&store, store.run(id).unwrap()).unwrap();
            RunView::new(data, Policy::default())
        };
        let (steady, drifted) = (view(first), view(second));
        let render = |run: &RunView| {
            let report = Report {
                run,
                baseline: None,
                wiring: None,
            };
            (html::render(&report), markdown::render(&report))
        };
        let (page, md) = render(&drifted);
        for w in &warnings {
            let escaped = arsenal_report::svg::escape(w);
            assert!(page.contains(&escaped), "the page lacks `{escaped}`");
            assert!(md.contains(&format!("- **warning**: {w}")), "{md}");
        }
        assert!(
            md.contains("| 16 KiB | 70.0 GB/s | 52.5 GB/s | -25.0% |"),
            "{md}"
        );
        let (page, md) = render(&steady);
        assert!(!page.contains("class=\"warning\"") && md.contains("Drift guard: no drift."));
    }
}
