//! Reads. They never write and work on a store opened read-only.

use std::collections::HashMap;

use rusqlite::types::Type;
use rusqlite::{OptionalExtension, Params, Row};
use serde::de::DeserializeOwned;

use crate::error::{Context, DbError, Result};
use crate::liveness::Writer;
use crate::records::{
    decode_samples, CeilingRecord, Counters, HostRecord, MeasurementRecord, OpRecord, ProbeRecord,
    RunRow, RunStatus, SkippedRecord, VariantRecord, VerificationRecord,
};
use crate::write::ensure_run;
use crate::Store;

const RUN_COLUMNS: &str =
    "SELECT r.id, r.uuid, r.host_id, h.fingerprint, r.started_at, r.finished_at,
        r.budget_secs, r.strategies, r.ops_pattern, r.seed, r.arsenal, r.command,
        (SELECT count(*) FROM ops o WHERE o.run_id = r.id), r.pid, r.pid_start, r.boot_id,
        r.replicas, r.warnings, r.inputs,
        (SELECT json_group_array(o.op) FROM ops o WHERE o.run_id = r.id AND o.inputs = 'user'),
        (SELECT json_group_array(o.op) FROM ops o WHERE o.run_id = r.id AND o.role != 'kernel'),
        (SELECT json_group_object(o.op, json(o.bounds)) FROM ops o
            WHERE o.run_id = r.id AND o.bounds IS NOT NULL)
    FROM runs r JOIN hosts h ON h.id = r.host_id";

impl Store {
    /// Every run, oldest id first.
    pub fn runs(&self) -> Result<Vec<RunRow>> {
        self.query_runs(&format!("{RUN_COLUMNS} ORDER BY r.id"), [])
    }

    /// The run `id`.
    pub fn run(&self, id: i64) -> Result<RunRow> {
        let mut runs = self.query_runs(&format!("{RUN_COLUMNS} WHERE r.id = ?1"), [id])?;
        runs.pop().ok_or_else(|| DbError::NoSuchRun {
            path: self.path.clone(),
            id,
        })
    }

    /// The run that started last (by `started_at`, then id), if any; with `complete_only`, the
    /// last one that finished.
    pub fn latest_run(&self, complete_only: bool) -> Result<Option<RunRow>> {
        let filter = match complete_only {
            true => "WHERE r.finished_at IS NOT NULL",
            false => "",
        };
        let sql = format!("{RUN_COLUMNS} {filter} ORDER BY r.started_at DESC, r.id DESC LIMIT 1");
        Ok(self.query_runs(&sql, [])?.pop())
    }

    /// The host `host_id`.
    pub fn host(&self, host_id: i64) -> Result<HostRecord> {
        let sql = format!("{HOST_COLUMNS} WHERE id = ?1");
        let host = self
            .conn
            .query_row(&sql, [host_id], host_from_row)
            .optional();
        let host = host.context(&self.path, "reading the host")?;
        host.map(|(_, host)| host)
            .ok_or_else(|| DbError::NoSuchHost {
                path: self.path.clone(),
                id: host_id,
            })
    }

    /// Every host with its id, oldest first.
    pub fn hosts(&self) -> Result<Vec<(i64, HostRecord)>> {
        self.query(
            &format!("{HOST_COLUMNS} ORDER BY id"),
            [],
            host_from_row,
            "reading the hosts",
        )
    }

    /// The ops written in run `run_id`, in the order they were first written.
    pub fn ops_in_run(&self, run_id: i64) -> Result<Vec<String>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT op FROM ops WHERE run_id = ?1 ORDER BY id";
        self.query(sql, [run_id], |r| r.get(0), "reading the ops")
    }

    /// The variants seen in run `run_id`'s ops, op by op.
    pub fn variants(&self, run_id: i64) -> Result<Vec<VariantRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT o.op, v.name, v.origin, v.origin_detail, v.requires, v.parallel
                   FROM variants v JOIN ops o ON o.id = v.op_id
                   WHERE o.run_id = ?1 ORDER BY o.id, v.id";
        self.query(sql, [run_id], variant_from_row, "reading the variants")
    }

    /// The verification verdicts of run `run_id`, op by op.
    pub fn verifications(&self, run_id: i64) -> Result<Vec<VerificationRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT o.op, v.name, x.status, x.detail, x.seconds
                   FROM verifications x JOIN variants v ON v.id = x.variant_id JOIN ops o ON o.id = v.op_id
                   WHERE o.run_id = ?1 ORDER BY o.id, x.id";
        let from_row = |r: &Row| {
            Ok(VerificationRecord {
                op: r.get(0)?,
                variant: r.get(1)?,
                status: r.get(2)?,
                detail: r.get(3)?,
                seconds: r.get(4)?,
            })
        };
        self.query(sql, [run_id], from_row, "reading the verifications")
    }

    /// The measurements of run `run_id` with their samples, op by op.
    pub fn measurements(&self, run_id: i64) -> Result<Vec<MeasurementRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT o.op, v.name, m.strategy, m.size, m.unit, m.units_per_call, m.objective_ns,
                       m.objective_ci_low_ns, m.objective_ci_high_ns, m.median_ns, m.mad_ns, m.p50_ns,
                       m.p99_ns, m.outliers, m.iters_per_sample, m.samples, m.cycles, m.instructions,
                       m.cache_misses, m.branch_misses, m.counters_note, m.median_ci_low_ns,
                       m.median_ci_high_ns
                   FROM measurements m JOIN variants v ON v.id = m.variant_id JOIN ops o ON o.id = v.op_id
                   WHERE o.run_id = ?1 ORDER BY o.id, m.id";
        self.query(
            sql,
            [run_id],
            measurement_from_row,
            "reading the measurements",
        )
    }

    /// The cells run `run_id` planned but did not measure, op by op.
    pub fn skipped(&self, run_id: i64) -> Result<Vec<SkippedRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT o.op, s.strategy, s.size, s.reason
                   FROM skipped s JOIN ops o ON o.id = s.op_id
                   WHERE o.run_id = ?1 ORDER BY o.id, s.id";
        let from_row = |r: &Row| {
            Ok(SkippedRecord {
                op: r.get(0)?,
                strategy: r.get(1)?,
                size: r.get::<_, i64>(2)? as u64,
                reason: r.get(3)?,
            })
        };
        self.query(sql, [run_id], from_row, "reading the skipped cells")
    }

    /// Everything run `run_id` stored, grouped by op, in the order the ops were first written.
    pub fn op_records(&self, run_id: i64) -> Result<Vec<OpRecord>> {
        self.snapshot(|| self.op_records_in_snapshot(run_id))
    }

    fn op_records_in_snapshot(&self, run_id: i64) -> Result<Vec<OpRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT op, inputs = 'user', role, bounds FROM ops WHERE run_id = ?1 ORDER BY id";
        let mut records: Vec<OpRecord> = self.query(
            sql,
            [run_id],
            |r| {
                Ok(OpRecord {
                    op: r.get(0)?,
                    variants: vec![],
                    verifications: vec![],
                    measurements: vec![],
                    skipped: vec![],
                    user_data: r.get(1)?,
                    role: r.get(2)?,
                    bounds: json_option(r, 3)?,
                })
            },
            "reading the ops",
        )?;
        // Every row below joins `ops`, and the snapshot keeps a writer from adding one in
        // between, so each op read is in `index`.
        let index: HashMap<String, usize> = records
            .iter()
            .enumerate()
            .map(|(i, op)| (op.op.clone(), i))
            .collect();
        for v in self.variants(run_id)? {
            records[index[v.op.as_str()]].variants.push(v);
        }
        for v in self.verifications(run_id)? {
            records[index[v.op.as_str()]].verifications.push(v);
        }
        for m in self.measurements(run_id)? {
            records[index[m.op.as_str()]].measurements.push(m);
        }
        for s in self.skipped(run_id)? {
            records[index[s.op.as_str()]].skipped.push(s);
        }
        Ok(records)
    }

    /// The best (highest) value per (kind, size) over all runs of host `host_id`, with the
    /// variant that reached it, ordered by kind and size.
    pub fn ceilings(&self, host_id: i64) -> Result<Vec<CeilingRecord>> {
        self.host(host_id)?;
        // SQLite takes the bare columns of an aggregate query from the row holding the max().
        let sql = "SELECT c.kind, c.size, max(c.value), c.unit, c.variant
                   FROM ceilings c JOIN runs r ON r.id = c.run_id
                   WHERE r.host_id = ?1 GROUP BY c.kind, c.size ORDER BY c.kind, c.size";
        self.query(sql, [host_id], ceiling_from_row, "reading the ceilings")
    }

    /// The ceilings measured in run `run_id`, ordered by kind and size.
    pub fn run_ceilings(&self, run_id: i64) -> Result<Vec<CeilingRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT kind, size, value, unit, variant FROM ceilings WHERE run_id = ?1 ORDER BY kind, size";
        self.query(
            sql,
            [run_id],
            ceiling_from_row,
            "reading the run's ceilings",
        )
    }

    /// The drift probes of run `run_id`, in the order they were first written.
    pub fn probes(&self, run_id: i64) -> Result<Vec<ProbeRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT phase, size, bytes_per_second FROM probes WHERE run_id = ?1 ORDER BY id";
        self.query(sql, [run_id], probe_from_row, "reading the probes")
    }

    /// What run `run_id` is compared with to tell a slow machine: the "start" probes of the
    /// latest run on the same host that started before it (by `started_at`, then id) and has
    /// "start" probes. Empty when there is none.
    pub fn earlier_start_probes(&self, run_id: i64) -> Result<Vec<ProbeRecord>> {
        ensure_run(&self.conn, &self.path, run_id)?;
        let sql = "SELECT p.phase, p.size, p.bytes_per_second FROM probes p
                   WHERE p.phase = 'start' AND p.run_id = (
                       SELECT r.id FROM runs r JOIN runs cur ON cur.id = ?1
                       WHERE r.host_id = cur.host_id
                         AND (r.started_at, r.id) < (cur.started_at, cur.id)
                         AND EXISTS (SELECT 1 FROM probes q WHERE q.run_id = r.id AND q.phase = 'start')
                       ORDER BY r.started_at DESC, r.id DESC LIMIT 1)
                   ORDER BY p.id";
        self.query(sql, [run_id], probe_from_row, "reading the earlier probes")
    }

    /// Runs `read` in one read transaction, so its several queries see one state of the file
    /// however other processes write meanwhile (a WAL snapshot). A nested call joins the outer one.
    pub(crate) fn snapshot<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return read();
        }
        // Dropped at the end: a rollback, which for a read is simply the end of the snapshot.
        let _snapshot = self
            .conn
            .unchecked_transaction()
            .context(&self.path, "starting a read")?;
        read()
    }

    fn query_runs(&self, sql: &str, params: impl Params) -> Result<Vec<RunRow>> {
        self.query(sql, params, run_from_row, "reading the runs")
    }

    fn query<T>(
        &self,
        sql: &str,
        params: impl Params,
        from_row: impl FnMut(&Row) -> rusqlite::Result<T>,
        action: &'static str,
    ) -> Result<Vec<T>> {
        let rows = self.conn.prepare_cached(sql).and_then(|mut statement| {
            let rows = statement.query_map(params, from_row)?;
            rows.collect::<rusqlite::Result<Vec<T>>>()
        });
        rows.context(&self.path, action)
    }
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

fn run_from_row(r: &Row) -> rusqlite::Result<RunRow> {
    let finished_at: Option<String> = r.get(5)?;
    let writer = Writer {
        pid: r.get(13)?,
        start: r.get(14)?,
        boot_id: r.get(15)?,
    };
    let status = match (&finished_at, writer.is_alive()) {
        (Some(_), _) => RunStatus::Complete,
        (None, true) => RunStatus::Running,
        (None, false) => RunStatus::Incomplete,
    };
    Ok(RunRow {
        id: r.get(0)?,
        uuid: r.get(1)?,
        host_id: r.get(2)?,
        host_fingerprint: r.get(3)?,
        started_at: r.get(4)?,
        finished_at,
        status,
        budget_secs: r.get(6)?,
        strategies: json_column(r, 7)?,
        ops_pattern: r.get(8)?,
        seed: r.get::<_, i64>(9)? as u64, // Stored with the same bits.
        arsenal: r.get(10)?,
        command: r.get(11)?,
        ops_done: r.get(12)?,
        replicas: r.get(16)?,
        warnings: json_column(r, 17)?,
        inputs: json_column(r, 18)?,
        user_data_ops: sorted(json_column(r, 19)?),
        ceiling_ops: sorted(json_column(r, 20)?),
        bounds: json_column(r, 21)?,
    })
}

const HOST_COLUMNS: &str =
    "SELECT id, vendor, brand, family, model, stepping, microcode, features, caches,
        logical_cores, kernel, rustc, arsenal FROM hosts";

fn host_from_row(r: &Row) -> rusqlite::Result<(i64, HostRecord)> {
    let host = HostRecord {
        vendor: r.get(1)?,
        brand: r.get(2)?,
        family: r.get(3)?,
        model: r.get(4)?,
        stepping: r.get(5)?,
        microcode: r.get(6)?,
        features: json_column(r, 7)?,
        caches: json_column(r, 8)?,
        logical_cores: r.get(9)?,
        kernel: r.get(10)?,
        rustc: r.get(11)?,
        arsenal: r.get(12)?,
    };
    Ok((r.get(0)?, host))
}

fn variant_from_row(r: &Row) -> rusqlite::Result<VariantRecord> {
    Ok(VariantRecord {
        op: r.get(0)?,
        name: r.get(1)?,
        origin: r.get(2)?,
        origin_detail: r.get(3)?,
        requires: json_column(r, 4)?,
        parallel: r.get(5)?,
    })
}

fn measurement_from_row(r: &Row) -> rusqlite::Result<MeasurementRecord> {
    Ok(MeasurementRecord {
        op: r.get(0)?,
        variant: r.get(1)?,
        strategy: r.get(2)?,
        size: r.get::<_, i64>(3)? as u64, // Stored with the same bits.
        unit: r.get(4)?,
        units_per_call: r.get(5)?,
        objective_ns: r.get(6)?,
        objective_ci_low_ns: r.get(7)?,
        objective_ci_high_ns: r.get(8)?,
        median_ns: r.get(9)?,
        median_ci_ns: match (r.get(21)?, r.get(22)?) {
            (Some(low), Some(high)) => Some((low, high)),
            _ => None,
        },
        mad_ns: r.get(10)?,
        p50_ns: r.get(11)?,
        p99_ns: r.get(12)?,
        outliers: r.get(13)?,
        iters_per_sample: r.get::<_, i64>(14)? as u64, // Stored with the same bits.
        samples_ns: samples_column(r, 15)?,
        counters: counters_columns(r, 16)?,
        counters_note: r.get(20)?,
    })
}

/// Four counter columns from `first` on: all NULL means no counters.
fn counters_columns(r: &Row, first: usize) -> rusqlite::Result<Option<Counters>> {
    let cycles: Option<f64> = r.get(first)?;
    let Some(cycles) = cycles else {
        return Ok(None);
    };
    Ok(Some(Counters {
        cycles,
        instructions: r.get(first + 1)?,
        cache_misses: r.get(first + 2)?,
        branch_misses: r.get(first + 3)?,
    }))
}

fn ceiling_from_row(r: &Row) -> rusqlite::Result<CeilingRecord> {
    Ok(CeilingRecord {
        kind: r.get(0)?,
        size: r.get::<_, i64>(1)? as u64, // Stored with the same bits.
        value: r.get(2)?,
        unit: r.get(3)?,
        variant: r.get(4)?,
    })
}

fn probe_from_row(r: &Row) -> rusqlite::Result<ProbeRecord> {
    Ok(ProbeRecord {
        phase: r.get(0)?,
        size: r.get::<_, i64>(1)? as u64, // Stored with the same bits.
        bytes_per_second: r.get(2)?,
    })
}

/// A column holding JSON.
fn json_column<T: DeserializeOwned>(r: &Row, index: usize) -> rusqlite::Result<T> {
    let text: String = r.get(index)?;
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, e.into()))
}

/// A JSON column that may be NULL.
fn json_option<T: DeserializeOwned>(r: &Row, index: usize) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = r.get(index)?;
    text.map(|text| {
        serde_json::from_str(&text)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, e.into()))
    })
    .transpose()
}

/// A column holding samples as little-endian `f32`s.
fn samples_column(r: &Row, index: usize) -> rusqlite::Result<Vec<f32>> {
    let blob: Vec<u8> = r.get(index)?;
    decode_samples(&blob).ok_or_else(|| {
        let reason = format!(
            "samples BLOB of {} bytes is not a whole number of f32s",
            blob.len()
        );
        rusqlite::Error::FromSqlConversionFailure(index, Type::Blob, reason.into())
    })
}
