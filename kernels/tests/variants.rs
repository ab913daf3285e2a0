//! Every variant of every registered op through the shared harness (`Workload::verify`) against
//! the op's reference: no line per variant, so a new variant or op is verified by being
//! registered.
//!
//! A variant this CPU cannot run (or that `ARSENAL_DISABLE` masks) is skipped and reported,
//! never failed. The variants are shared out between worker threads, one per core; every
//! failure is collected and all are reported together.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use arsenal::workload::{VariantError, VerifyError};
use arsenal::Workload;

/// What became of one variant.
enum Outcome {
    Passed,
    Skipped(String),
    Failed(String),
}

fn verify(workload: &dyn Workload, variant: &str) -> Outcome {
    match workload.verify(variant) {
        Ok(()) => Outcome::Passed,
        Err(VerifyError::Variant(VariantError::Unavailable(_, why))) => {
            Outcome::Skipped(why.to_string())
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[test]
fn every_variant_of_every_op_matches_its_reference() {
    let jobs: Vec<(&'static dyn Workload, &'static str)> = arsenal::workloads()
        .iter()
        .flat_map(|&w| w.variants().into_iter().map(move |v| (w, v.name)))
        .collect();
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::with_capacity(jobs.len()));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(&(w, variant)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = verify(w, variant);
                    let name = w.info().name;
                    outcomes.lock().unwrap().push((name, variant, outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by_key(|&(op, variant, _)| (op, variant));
    let mut failures = Vec::new();
    let (mut passed, mut skipped) = (0, 0);
    for (op, variant, outcome) in &outcomes {
        match outcome {
            Outcome::Passed => passed += 1,
            Outcome::Skipped(why) => {
                skipped += 1;
                eprintln!("skipped {op}/{variant}: {why}");
            }
            Outcome::Failed(why) => failures.push(format!("{op}/{variant}: {why}")),
        }
    }
    eprintln!(
        "{passed} variant(s) verified, {skipped} skipped, {} failed, of {} ops",
        failures.len(),
        arsenal::workloads().len()
    );
    assert_eq!(outcomes.len(), jobs.len(), "every variant was run");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The portable reference of every op runs on any host and under any mask, so each op has at
/// least one verified variant whatever `ARSENAL_DISABLE` says.
#[test]
fn every_reference_verifies() {
    for w in arsenal::workloads() {
        let info = w.info();
        assert!(
            matches!(verify(*w, info.reference), Outcome::Passed),
            "{}: reference `{}` did not pass",
            info.name,
            info.reference
        );
    }
}
