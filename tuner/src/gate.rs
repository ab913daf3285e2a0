//! The correctness gate: every variant this host can run is verified against its op's reference
//! before anything is timed. A failure is kept with its first mismatch and the variant is left out
//! of timing and selection.

use std::time::Instant;

use arsenal::workload::{VariantError, VerifyError};
use arsenal::Workload;
use rayon::prelude::*;

use crate::{GateOutcome, Verification};

/// Verifies every variant of `op`, in parallel (verification is not timed).
pub fn verify_op(op: &dyn Workload) -> Vec<Verification> {
    op.variants()
        .par_iter()
        .map(|v| {
            let started = Instant::now();
            let outcome = match op.verify(v.name) {
                Ok(()) => GateOutcome::Passed,
                Err(VerifyError::Variant(VariantError::Unavailable(_, why))) => {
                    GateOutcome::Skipped(why.to_string())
                }
                Err(e) => GateOutcome::Failed(e.to_string()),
            };
            Verification {
                op: op.info().name,
                variant: v.name,
                outcome,
                seconds: started.elapsed().as_secs_f64(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_gets_an_outcome() {
        let op = arsenal::workload("search.memchr").unwrap();
        let results = verify_op(op);
        assert_eq!(results.len(), op.variants().len());
        for r in &results {
            let available = op
                .variants()
                .iter()
                .any(|v| v.name == r.variant && v.is_available());
            match &r.outcome {
                GateOutcome::Passed => assert!(available),
                GateOutcome::Skipped(_) => assert!(!available),
                GateOutcome::Failed(m) => panic!("{}: {m}", r.variant),
            }
        }
    }
}
