//! Persists a tune: the run when it starts, one transaction per finished op, the end mark.
//!
//! A tune killed at any moment leaves every finished op in the store and the run without an end
//! mark, which the store reports as incomplete.

use arsenal_db::{HostRecord, RunMeta, Store};
use arsenal_tuner::{OpReport, RunPlan, Sink, SinkError, Summary};

use crate::convert;

/// Writes the run into a [`Store`].
pub struct StoreSink<'a> {
    store: &'a mut Store,
    host: HostRecord,
    meta: RunMeta,
    run: Option<i64>,
}

impl<'a> StoreSink<'a> {
    /// A sink for one run described by `meta` on `host`.
    pub fn new(store: &'a mut Store, host: HostRecord, meta: RunMeta) -> Self {
        StoreSink {
            store,
            host,
            meta,
            run: None,
        }
    }

    /// The run's id, once started.
    pub fn run_id(&self) -> Option<i64> {
        self.run
    }

    fn run(&self) -> Result<i64, SinkError> {
        self.run.ok_or_else(|| "the run was not started".into())
    }
}

impl Sink for StoreSink<'_> {
    fn run_started(&mut self, _plan: &RunPlan) -> Result<(), SinkError> {
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

    fn run_finished(&mut self, _summary: &Summary) -> Result<(), SinkError> {
        let run = self.run()?;
        self.store.finish_run(run)?;
        Ok(())
    }
}
