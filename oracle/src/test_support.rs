//! Synthetic records for the unit tests.

use crate::record::{Origin, Record, Strategy};

/// An own, portable, single-threaded throughput record of op `op` at size 1024.
pub fn rec(variant: &str, objective: f64, low: f64, high: f64) -> Record {
    Record {
        op: "op".to_string(),
        variant: variant.to_string(),
        requires: Vec::new(),
        origin: Origin::Own,
        parallel: false,
        threads: 1,
        strategy: Strategy::Throughput,
        size: 1024,
        objective_ns: objective,
        ci_low_ns: low,
        ci_high_ns: high,
        p50: None,
        figure: None,
        counters: None,
    }
}

/// `record` moved to `size`.
pub fn at(mut record: Record, size: u64) -> Record {
    record.size = size;
    record
}
