//! Conversions between the tuner's results, the store's rows and the oracle's records.

use arsenal::registry::VariantInfo;
use arsenal::Workload;
use arsenal_db::{
    BoundRecord, CeilingRecord, Counters as DbCounters, MeasurementRecord, OpRecord, ProbeRecord,
    VariantRecord, VerificationRecord,
};
use arsenal_tuner::drift::{Phase, Probe};
use arsenal_tuner::{OpReport, Strategy};

/// The store's row for a registry variant.
pub fn variant_record(op: &str, v: &VariantInfo) -> VariantRecord {
    VariantRecord {
        op: op.to_string(),
        name: v.name.to_string(),
        origin: v.origin.kind().to_string(),
        origin_detail: v.origin.to_string(),
        requires: v.requires.iter().map(|f| f.name().to_string()).collect(),
        parallel: v.parallel,
    }
}

/// Everything one op's tune produced, as one store transaction.
pub fn op_record(workload: &dyn Workload, report: &OpReport) -> OpRecord {
    let variants = workload
        .variants()
        .iter()
        .map(|v| variant_record(report.op, v))
        .collect();
    let verifications = report
        .verifications
        .iter()
        .map(|v| VerificationRecord {
            op: v.op.to_string(),
            variant: v.variant.to_string(),
            status: v.outcome.status().to_string(),
            detail: v.outcome.detail().to_string(),
            seconds: v.seconds,
        })
        .collect();
    let measurements = report
        .cells
        .iter()
        .flat_map(|cell| {
            cell.results.iter().map(move |r| MeasurementRecord {
                op: cell.op.to_string(),
                variant: r.variant.to_string(),
                strategy: cell.strategy.name().to_string(),
                size: cell.size as u64,
                unit: cell.unit.name().to_string(),
                units_per_call: r.units_per_call,
                objective_ns: r.objective_ns,
                objective_ci_low_ns: r.objective_ci.0,
                objective_ci_high_ns: r.objective_ci.1,
                median_ns: r.median_ns,
                median_ci_ns: Some(r.median_ci),
                mad_ns: r.mad_ns,
                p50_ns: r.p50_ns,
                p99_ns: r.p99_ns,
                outliers: r.outliers as u32,
                iters_per_sample: r.iters_per_sample,
                samples_ns: r.samples_ns.iter().map(|&s| s as f32).collect(),
                counters: r.counters.as_ref().ok().map(|c| DbCounters {
                    cycles: c.cycles,
                    instructions: c.instructions,
                    cache_misses: c.cache_misses,
                    branch_misses: c.branch_misses,
                }),
                counters_note: r.counters.as_ref().err().cloned(),
            })
        })
        .collect();
    OpRecord {
        op: report.op.to_string(),
        variants,
        verifications,
        measurements,
        skipped: report
            .skipped
            .iter()
            .map(|s| arsenal_db::SkippedRecord {
                op: report.op.to_string(),
                strategy: s.strategy.name().to_string(),
                size: s.size as u64,
                reason: s.reason.clone(),
            })
            .collect(),
        user_data: report.on_user_data,
        role: workload.info().role.name().to_string(),
        bounds: Some(bounds(report.op)),
    }
}

/// The store's records of the bounds op `op` is read against, as its declaration states them
/// (none for a ceiling op, or an op this build does not know).
pub fn bounds(op: &str) -> Vec<BoundRecord> {
    let role = arsenal::workload(op).map(|w| w.info().role);
    role.map_or(&[][..], |r| r.bounds())
        .iter()
        .map(|b| BoundRecord {
            kind: b.ceiling.kind().to_string(),
            per: b.per,
            sized: b.ceiling.sized(),
            why: b.why.to_string(),
        })
        .collect()
}

/// The store's records of the user's files a run read.
pub fn inputs(read: &arsenal_tuner::inputs::UserInputs) -> Vec<arsenal_db::InputRecord> {
    read.files
        .iter()
        .map(|f| arsenal_db::InputRecord {
            path: f.path.display().to_string(),
            bytes: f.bytes,
            sha256: f.sha256.clone(),
            kept: f.kept,
        })
        .collect()
}

/// The hardware ceilings a ceiling op (by its declared role) measured: the best rate at each
/// size (read bandwidth, f32 FMA rate), from throughput cells. Other ops give none.
pub fn ceilings(report: &OpReport) -> Vec<CeilingRecord> {
    let Some(ceiling) = arsenal::workload(report.op).and_then(|w| w.info().role.ceiling()) else {
        return Vec::new();
    };
    let (kind, unit) = (ceiling.kind(), ceiling.unit());
    report
        .cells
        .iter()
        .filter(|c| c.strategy == Strategy::Throughput)
        .filter_map(|cell| {
            let best = cell
                .results
                .iter()
                .max_by(|a, b| a.units_per_second().total_cmp(&b.units_per_second()))?;
            Some(CeilingRecord {
                kind: kind.to_string(),
                size: cell.size as u64,
                value: best.units_per_second(),
                unit: unit.to_string(),
                variant: best.variant.to_string(),
            })
        })
        .collect()
}

/// The store's rows for the drift guard's probes.
pub fn probe_records(probes: &[Probe]) -> Vec<ProbeRecord> {
    probes
        .iter()
        .map(|p| ProbeRecord {
            phase: p.phase.name().to_string(),
            size: p.size as u64,
            bytes_per_second: p.bytes_per_second,
        })
        .collect()
}

/// The tuner's probes from the store's rows; a row of a phase this build does not know, or of a
/// size beyond this machine's address space, is left out.
pub fn probes(records: &[ProbeRecord]) -> Vec<Probe> {
    records
        .iter()
        .filter_map(|r| {
            Some(Probe {
                phase: Phase::parse(&r.phase)?,
                size: usize::try_from(r.size).ok()?,
                bytes_per_second: r.bytes_per_second,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_round_trip_through_the_store_rows() {
        let probes_in = [
            Probe {
                phase: Phase::Start,
                size: 16 << 10,
                bytes_per_second: 1.5e11,
            },
            Probe {
                phase: Phase::End,
                size: 64 << 20,
                bytes_per_second: 2.5e10,
            },
        ];
        let records = probe_records(&probes_in);
        assert_eq!(
            (records[0].phase.as_str(), records[1].phase.as_str()),
            ("start", "end")
        );
        assert_eq!(probes(&records), probes_in);
        let odd = ProbeRecord {
            phase: "middle".into(),
            ..records[0].clone()
        };
        assert!(probes(&[odd]).is_empty());
    }
}
