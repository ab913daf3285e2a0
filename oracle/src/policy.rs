//! Which variants may be chosen: the user's [`Policy`] and the strategy's own rule.

use crate::features::Allows;
use crate::record::{Origin, Record, Strategy};

pub use arsenal_manifest::{Policy, TieMargin};

/// A policy's own limits on one record.
pub(crate) trait Limits {
    /// Why `record` may not be chosen under this policy, or `None` when it may.
    fn exclusion(&self, record: &Record) -> Option<String>;
}

impl Limits for Policy {
    /// One reason only, the first that applies, in the order: exclude, only own, no crates, max
    /// features, max threads.
    fn exclusion(&self, record: &Record) -> Option<String> {
        if self.exclude.contains(&record.variant) {
            return Some("excluded by name (--exclude)".to_string());
        }
        if self.only_own && record.origin != Origin::Own {
            return Some(format!(
                "{} code, the policy takes own code only (--only own)",
                record.origin
            ));
        }
        if self.no_crates && record.origin == Origin::Crate {
            return Some("wraps another crate (--no-crates)".to_string());
        }
        if let Some(level) = self.max_features {
            let beyond = level.beyond(&record.requires);
            if !beyond.is_empty() {
                return Some(format!(
                    "needs {} beyond level {level} (--max-features {level})",
                    beyond.join(", ")
                ));
            }
        }
        match self.max_threads {
            Some(max) if record.parallel && record.threads > max => Some(format!(
                "uses {} threads, more than {max} (--max-threads {max})",
                record.threads
            )),
            _ => None,
        }
    }
}

/// Why `record` cannot be chosen under `strategy` and `policy`, or `None` when it can.
///
/// On top of the policy: throughput never takes a parallel variant (the machine is assumed busy
/// with other calls), and a cell whose statistics are not finite numbers cannot be ranked.
pub fn exclusion(record: &Record, strategy: Strategy, policy: &Policy) -> Option<String> {
    if let Some(reason) = policy.exclusion(record) {
        return Some(reason);
    }
    if strategy == Strategy::Throughput && record.parallel {
        return Some(format!(
            "spreads one call over {} threads; throughput takes single-threaded variants only",
            record.threads
        ));
    }
    let stats = [record.objective_ns, record.ci_low_ns, record.ci_high_ns];
    if stats.iter().any(|value| !value.is_finite()) {
        return Some("its statistics are not finite numbers".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Level;
    use crate::test_support::rec;

    #[test]
    fn default_policy_allows_everything_but_parallel_throughput() {
        let policy = Policy::default();
        assert!(policy.is_unrestricted());
        let mut par = rec("par", 1.0, 0.9, 1.1);
        par.parallel = true;
        par.threads = 8;
        assert_eq!(exclusion(&par, Strategy::Latency, &policy), None);
        let reason = exclusion(&par, Strategy::Throughput, &policy).unwrap();
        assert!(reason.contains("8 threads"), "{reason}");
    }

    #[test]
    fn each_rule_excludes_what_it_should() {
        let own = rec("scalar", 1.0, 0.9, 1.1);
        let mut krate = rec("crate:memchr", 1.0, 0.9, 1.1);
        krate.origin = Origin::Crate;
        let mut std = rec("std:iter", 1.0, 0.9, 1.1);
        std.origin = Origin::Std;
        let mut libc = rec("libc", 1.0, 0.9, 1.1);
        libc.origin = Origin::Libc;
        let mut avx512 = rec("avx512", 1.0, 0.9, 1.1);
        avx512.requires = vec!["avx512bw".into()];
        let mut avx2 = rec("avx2", 1.0, 0.9, 1.1);
        avx2.requires = vec!["avx2".into(), "bmi1".into()];
        let mut par = rec("par", 1.0, 0.9, 1.1);
        par.parallel = true;
        par.threads = 8;

        let only_own = Policy {
            only_own: true,
            ..Policy::default()
        };
        assert!(only_own.exclusion(&own).is_none());
        for other in [&krate, &std, &libc] {
            assert!(only_own.exclusion(other).unwrap().contains("--only own"));
        }

        let no_crates = Policy {
            no_crates: true,
            ..Policy::default()
        };
        assert!(no_crates.exclusion(&krate).unwrap().contains("--no-crates"));
        for other in [&own, &std, &libc] {
            assert!(no_crates.exclusion(other).is_none());
        }

        let max_avx2 = Policy {
            max_features: Some(Level::Avx2),
            ..Policy::default()
        };
        let reason = max_avx2.exclusion(&avx512).unwrap();
        assert_eq!(
            reason,
            "needs avx512bw, avx512f beyond level avx2 (--max-features avx2)"
        );
        assert!(max_avx2.exclusion(&avx2).is_none());
        let max_sse42 = Policy {
            max_features: Some(Level::Sse42),
            ..Policy::default()
        };
        assert!(max_sse42.exclusion(&avx2).is_some());
        assert!(max_sse42.exclusion(&own).is_none());

        let max_threads = Policy {
            max_threads: Some(4),
            ..Policy::default()
        };
        assert!(max_threads.exclusion(&par).unwrap().contains("8 threads"));
        par.threads = 4;
        assert!(max_threads.exclusion(&par).is_none());
        assert!(max_threads.exclusion(&own).is_none());

        let exclude = Policy {
            exclude: vec!["avx2".into()],
            ..Policy::default()
        };
        assert!(exclude.exclusion(&avx2).unwrap().contains("--exclude"));
        assert!(exclude.exclusion(&avx512).is_none());
    }

    #[test]
    fn non_finite_statistics_are_excluded() {
        let nan = rec("scalar", f64::NAN, 0.9, 1.1);
        assert!(exclusion(&nan, Strategy::Throughput, &Policy::default()).is_some());
    }

    #[test]
    fn policy_json_matches_the_manifest_format() {
        let policy = Policy {
            max_features: Some(Level::Sse42),
            ..Policy::default()
        };
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(
            json,
            r#"{"only_own":false,"no_crates":false,"max_features":"sse4.2","max_threads":null,"exclude":[],"tie_margin":0.03}"#
        );
        let partial: Policy = serde_json::from_str(r#"{"no_crates":true}"#).unwrap();
        assert!(partial.no_crates && partial.exclude.is_empty());
        assert_eq!(partial.tie_margin, TieMargin::default());
    }

    #[test]
    fn tie_margins_are_fractions_below_one() {
        assert_eq!(TieMargin::new(0.05).map(TieMargin::fraction), Some(0.05));
        for bad in [-0.01, 1.0, f64::NAN, f64::INFINITY] {
            assert!(TieMargin::new(bad).is_none(), "{bad}");
        }
        let m = TieMargin::default();
        assert!(m.within(103.0, 100.0) && !m.within(103.5, 100.0));
        assert_eq!(m.to_string(), "3 %");
        assert_eq!(TieMargin::new(0.05).unwrap().to_string(), "5 %");
        assert_eq!(TieMargin::new(0.0125).unwrap().to_string(), "1.3 %");
    }
}
