//! Writes. Each public write is one `BEGIN IMMEDIATE` transaction, so a killed process leaves
//! every finished op in place and nothing half-written.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{invalid, Context, DbError, Result};
use crate::liveness::Writer;
use crate::records::{
    encode_samples, finite, CeilingRecord, HostRecord, MeasurementRecord, OpRecord, ProbeRecord,
    RunMeta,
};
use crate::Store;

/// SQLite's clock, formatted RFC 3339 UTC with milliseconds.
pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

impl Store {
    /// The id of `host`, added if its fingerprint is new.
    pub fn host_id(&mut self, host: &HostRecord) -> Result<i64> {
        let (tx, path) = self.write()?;
        let id = upsert_host(&tx, path, host)?;
        tx.commit().context(path, "committing the host")?;
        Ok(id)
    }

    /// Starts a run on the host `host_id` and returns its id. Records this process (pid, start
    /// time, boot id) so the run reads as incomplete, not running, if the process dies before
    /// [`finish_run`](Self::finish_run).
    pub fn begin_run(&mut self, host_id: i64, meta: &RunMeta) -> Result<i64> {
        let (tx, path) = self.write()?;
        let id = insert_run(&tx, path, host_id, meta, None, &Writer::current())?;
        tx.commit().context(path, "committing the new run")?;
        Ok(id)
    }

    /// Stores everything one op produced in run `run_id`, in one transaction. Writing an op the
    /// run already has replaces its earlier variants, verifications and measurements.
    ///
    /// Every verification and measurement must be of `op.op` and name one of `op.variants`, and
    /// every number must be finite; otherwise [`DbError::Invalid`] and nothing is written.
    pub fn write_op(&mut self, run_id: i64, op: &OpRecord) -> Result<()> {
        check_op(op)?;
        let (tx, path) = self.write()?;
        replace_op(&tx, path, run_id, op)?;
        tx.commit().context(path, "committing the op")
    }

    /// Stores hardware ceilings measured in run `run_id`; a (kind, size) the run already has is
    /// replaced.
    pub fn write_ceilings(&mut self, run_id: i64, ceilings: &[CeilingRecord]) -> Result<()> {
        let (tx, path) = self.write()?;
        upsert_ceilings(&tx, path, run_id, ceilings)?;
        tx.commit().context(path, "committing the ceilings")
    }

    /// Stores the drift probes of run `run_id`; a (phase, size) the run already has is replaced.
    /// Every figure must be finite; otherwise [`DbError::Invalid`] and nothing is written.
    pub fn write_probes(&mut self, run_id: i64, probes: &[ProbeRecord]) -> Result<()> {
        let (tx, path) = self.write()?;
        upsert_probes(&tx, path, run_id, probes)?;
        tx.commit().context(path, "committing the probes")
    }

    /// Sets the warning lines of run `run_id`, replacing any it had.
    pub fn write_warnings(&mut self, run_id: i64, warnings: &[String]) -> Result<()> {
        let (tx, path) = self.write()?;
        set_warnings(&tx, path, run_id, warnings)?;
        tx.commit().context(path, "committing the warnings")
    }

    /// Marks run `run_id` complete, stamping it with the current time. Finishing a finished run
    /// keeps its first finish time.
    pub fn finish_run(&mut self, run_id: i64) -> Result<()> {
        let (tx, path) = self.write()?;
        let sql =
            format!("UPDATE runs SET finished_at = coalesce(finished_at, {NOW}) WHERE id = ?1");
        let changed = tx
            .execute(&sql, [run_id])
            .context(path, "finishing the run")?;
        if changed == 0 {
            return Err(DbError::NoSuchRun {
                path: path.to_path_buf(),
                id: run_id,
            });
        }
        tx.commit().context(path, "committing the finished run")
    }
}

/// Adds `host` unless its fingerprint is known; returns its id.
pub(crate) fn upsert_host(conn: &Connection, path: &Path, host: &HostRecord) -> Result<i64> {
    let fingerprint = host.fingerprint();
    let insert =
        "INSERT INTO hosts (fingerprint, vendor, brand, family, model, stepping, microcode,
                      features, caches, logical_cores, kernel, rustc, arsenal)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                  ON CONFLICT (fingerprint) DO NOTHING";
    conn.prepare_cached(insert)
        .and_then(|mut s| {
            s.execute(params![
                fingerprint,
                host.vendor,
                host.brand,
                host.family,
                host.model,
                host.stepping,
                host.microcode,
                json(&host.features),
                json(&host.caches),
                host.logical_cores,
                host.kernel,
                host.rustc,
                host.arsenal,
            ])
        })
        .context(path, "adding the host")?;
    conn.query_row(
        "SELECT id FROM hosts WHERE fingerprint = ?1",
        [&fingerprint],
        |r| r.get(0),
    )
    .context(path, "finding the host")
}

/// Inserts a run; `finished_at` is set by import, `writer` is who is running it (nobody for an
/// import).
pub(crate) fn insert_run(
    conn: &Connection,
    path: &Path,
    host_id: i64,
    meta: &RunMeta,
    finished_at: Option<&str>,
    writer: &Writer,
) -> Result<i64> {
    finite(meta.budget_secs, || {
        format!("run {}: budget_secs", meta.uuid)
    })?;
    if meta.replicas == 0 {
        return Err(invalid(format!(
            "run {}: replicas is 0; a run measures each cell at least once",
            meta.uuid
        )));
    }
    let host = conn.query_row("SELECT 1 FROM hosts WHERE id = ?1", [host_id], |_| Ok(()));
    if host.optional().context(path, "finding the host")?.is_none() {
        return Err(DbError::NoSuchHost {
            path: path.to_path_buf(),
            id: host_id,
        });
    }
    let clash = conn.query_row("SELECT 1 FROM runs WHERE uuid = ?1", [&meta.uuid], |_| {
        Ok(())
    });
    if clash
        .optional()
        .context(path, "checking the run's uuid")?
        .is_some()
    {
        return Err(DbError::DuplicateRun {
            path: path.to_path_buf(),
            uuid: meta.uuid.clone(),
        });
    }
    conn.execute(
        "INSERT INTO runs (uuid, host_id, started_at, finished_at, budget_secs, strategies,
             ops_pattern, seed, arsenal, command, pid, pid_start, boot_id, replicas, inputs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            meta.uuid,
            host_id,
            meta.started_at,
            finished_at,
            meta.budget_secs,
            json(&meta.strategies),
            meta.ops_pattern,
            meta.seed as i64, // Same bits; read back with `as u64`.
            meta.arsenal,
            meta.command,
            writer.pid,
            writer.start,
            writer.boot_id,
            meta.replicas,
            json(&meta.inputs),
        ],
    )
    .context(path, "adding the run")?;
    Ok(conn.last_insert_rowid())
}

/// Fails with [`DbError::NoSuchRun`] unless the run exists.
pub(crate) fn ensure_run(conn: &Connection, path: &Path, run_id: i64) -> Result<()> {
    let found = conn.query_row("SELECT 1 FROM runs WHERE id = ?1", [run_id], |_| Ok(()));
    match found.optional().context(path, "finding the run")? {
        Some(()) => Ok(()),
        None => Err(DbError::NoSuchRun {
            path: path.to_path_buf(),
            id: run_id,
        }),
    }
}

/// Checks that an op's records agree with each other and can be stored.
pub(crate) fn check_op(op: &OpRecord) -> Result<()> {
    let names: Vec<&str> = op.variants.iter().map(|v| v.name.as_str()).collect();
    let check = |kind: &str, record_op: &str, variant: &str| {
        if record_op != op.op {
            return Err(invalid(format!(
                "a {kind} of op `{record_op}` (variant `{variant}`) was filed under op `{}`; write each op's records in its own OpRecord",
                op.op
            )));
        }
        if !names.contains(&variant) {
            return Err(invalid(format!(
                "a {kind} of op `{}` names variant `{variant}`, which is not among the op's variants; list it in OpRecord.variants",
                op.op
            )));
        }
        Ok(())
    };
    for v in &op.variants {
        check("variant", &v.op, &v.name)?;
    }
    for v in &op.verifications {
        check("verification", &v.op, &v.variant)?;
        finite(v.seconds, || {
            format!(
                "verification of op `{}` variant `{}`: seconds",
                v.op, v.variant
            )
        })?;
    }
    for m in &op.measurements {
        check("measurement", &m.op, &m.variant)?;
        m.check()?;
    }
    for b in op.bounds.iter().flatten() {
        if !(b.per.is_finite() && b.per > 0.0) || b.kind.is_empty() {
            return Err(invalid(format!(
                "op `{}` has a bound `{}` × {}: a bound needs a ceiling kind and a finite ratio above 0",
                op.op, b.kind, b.per
            )));
        }
    }
    Ok(())
}

/// Replaces the op's rows in the run (the caller has run [`check_op`]).
pub(crate) fn replace_op(conn: &Connection, path: &Path, run_id: i64, op: &OpRecord) -> Result<()> {
    ensure_run(conn, path, run_id)?;
    // Cascades to the op's variants, verifications, measurements and skipped cells.
    conn.execute(
        "DELETE FROM ops WHERE run_id = ?1 AND op = ?2",
        params![run_id, op.op],
    )
    .context(path, "replacing the op")?;
    conn.execute(
        &format!(
            "INSERT INTO ops (run_id, op, written_at, inputs, role, bounds) VALUES (?1, ?2, {NOW}, ?3, ?4, ?5)"
        ),
        params![
            run_id,
            op.op,
            if op.user_data { "user" } else { "synthetic" },
            op.role(),
            op.bounds
                .as_ref()
                .map(|b| serde_json::to_string(b).expect("bounds serialize")),
        ],
    )
    .context(path, "adding the op")?;
    let op_id = conn.last_insert_rowid();
    // `check_op` proved every verification and measurement names one of these variants.
    let variant_ids = upsert_variants(conn, path, op_id, op)?;
    for v in &op.verifications {
        conn.prepare_cached(
            "INSERT INTO verifications (variant_id, status, detail, seconds) VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut s| s.execute(params![variant_ids[v.variant.as_str()], v.status, v.detail, v.seconds]))
        .context(path, "adding a verification")?;
    }
    for m in &op.measurements {
        insert_measurement(conn, path, variant_ids[m.variant.as_str()], m)?;
    }
    for s in &op.skipped {
        conn.prepare_cached(
            "INSERT INTO skipped (op_id, strategy, size, reason) VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut st| st.execute(params![op_id, s.strategy, s.size as i64, s.reason]))
        .context(path, "adding a skipped cell")?;
    }
    Ok(())
}

/// Adds the op's variants (a name listed twice keeps its last record); returns name → id.
fn upsert_variants<'a>(
    conn: &Connection,
    path: &Path,
    op_id: i64,
    op: &'a OpRecord,
) -> Result<HashMap<&'a str, i64>> {
    let sql = "INSERT INTO variants (op_id, name, origin, origin_detail, requires, parallel)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6)
               ON CONFLICT (op_id, name) DO UPDATE SET origin = excluded.origin,
                   origin_detail = excluded.origin_detail, requires = excluded.requires,
                   parallel = excluded.parallel
               RETURNING id";
    let mut ids = HashMap::new();
    for v in &op.variants {
        let id = conn
            .prepare_cached(sql)
            .and_then(|mut s| {
                let args = params![
                    op_id,
                    v.name,
                    v.origin,
                    v.origin_detail,
                    json(&v.requires),
                    v.parallel
                ];
                s.query_row(args, |r| r.get(0))
            })
            .context(path, "adding a variant")?;
        ids.insert(v.name.as_str(), id);
    }
    Ok(ids)
}

fn insert_measurement(
    conn: &Connection,
    path: &Path,
    variant_id: i64,
    m: &MeasurementRecord,
) -> Result<()> {
    let sql = "INSERT INTO measurements (variant_id, strategy, size, unit, units_per_call,
                   objective_ns, objective_ci_low_ns, objective_ci_high_ns, median_ns, mad_ns,
                   p50_ns, p99_ns, outliers, iters_per_sample, samples, cycles, instructions,
                   cache_misses, branch_misses, counters_note, median_ci_low_ns, median_ci_high_ns)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                   ?18, ?19, ?20, ?21, ?22)";
    let c = m.counters.as_ref();
    conn.prepare_cached(sql)
        .and_then(|mut s| {
            s.execute(params![
                variant_id,
                m.strategy,
                m.size as i64, // Same bits; read back with `as u64`.
                m.unit,
                m.units_per_call,
                m.objective_ns,
                m.objective_ci_low_ns,
                m.objective_ci_high_ns,
                m.median_ns,
                m.mad_ns,
                m.p50_ns,
                m.p99_ns,
                m.outliers,
                m.iters_per_sample as i64, // Same bits.
                encode_samples(&m.samples_ns),
                c.map(|c| c.cycles),
                c.map(|c| c.instructions),
                c.map(|c| c.cache_misses),
                c.map(|c| c.branch_misses),
                m.counters_note,
                m.median_ci_ns.map(|ci| ci.0),
                m.median_ci_ns.map(|ci| ci.1),
            ])
        })
        .context(path, "adding a measurement")?;
    Ok(())
}

/// Adds or replaces the run's ceilings.
pub(crate) fn upsert_ceilings(
    conn: &Connection,
    path: &Path,
    run_id: i64,
    ceilings: &[CeilingRecord],
) -> Result<()> {
    ensure_run(conn, path, run_id)?;
    for c in ceilings {
        finite(c.value, || {
            format!("ceiling `{}` at size {}: value", c.kind, c.size)
        })?;
        conn.prepare_cached(
            "INSERT INTO ceilings (run_id, kind, size, value, unit, variant) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (run_id, kind, size) DO UPDATE SET value = excluded.value,
                 unit = excluded.unit, variant = excluded.variant",
        )
        .and_then(|mut s| s.execute(params![run_id, c.kind, c.size as i64, c.value, c.unit, c.variant]))
        .context(path, "adding a ceiling")?;
    }
    Ok(())
}

/// Adds or replaces the run's probes.
pub(crate) fn upsert_probes(
    conn: &Connection,
    path: &Path,
    run_id: i64,
    probes: &[ProbeRecord],
) -> Result<()> {
    ensure_run(conn, path, run_id)?;
    for p in probes {
        p.check()?;
        conn.prepare_cached(
            "INSERT INTO probes (run_id, phase, size, bytes_per_second) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (run_id, phase, size) DO UPDATE SET bytes_per_second = excluded.bytes_per_second",
        )
        .and_then(|mut s| s.execute(params![run_id, p.phase, p.size as i64, p.bytes_per_second]))
        .context(path, "adding a probe")?;
    }
    Ok(())
}

/// Replaces the run's warning lines.
pub(crate) fn set_warnings(
    conn: &Connection,
    path: &Path,
    run_id: i64,
    warnings: &[String],
) -> Result<()> {
    ensure_run(conn, path, run_id)?;
    conn.execute(
        "UPDATE runs SET warnings = ?2 WHERE id = ?1",
        params![run_id, json(&warnings)],
    )
    .context(path, "recording the warnings")?;
    Ok(())
}

/// A JSON column. Serialising plain strings and numbers cannot fail.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("lists of strings and cache records always serialise")
}
