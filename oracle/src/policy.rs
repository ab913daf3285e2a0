//! Which variants may be chosen: the user's [`Policy`] and the strategy's own rule.

use serde::{Deserialize, Serialize};

use crate::features::Level;
use crate::record::{Origin, Record, Strategy};

/// Limits on the variants a plan may choose, as `arsenal manifest` flags set them.
///
/// Stored in the manifest so a reader knows what was allowed. Every field defaults to "no limit".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// `--only own`: only variants written in Arsenal.
    pub only_own: bool,
    /// `--no-crates`: no variant wrapping another crate.
    pub no_crates: bool,
    /// `--max-features LEVEL`: nothing needing a feature outside the level.
    pub max_features: Option<Level>,
    /// `--max-threads N`: no parallel variant using more than N threads (latency only; throughput
    /// never takes parallel variants).
    pub max_threads: Option<u32>,
    /// `--exclude V`: variants never chosen, by name.
    pub exclude: Vec<String>,
    /// `--tie-margin PCT`: how much faster a candidate must be, when the intervals overlap, to
    /// win on its objective rather than on the tie rules.
    pub tie_margin: TieMargin,
}

/// The practical margin of a tie: overlapping candidates whose objectives lie within it of the
/// fastest's are tied; one faster by more wins outright. A fraction (0.03 is 3 %), finite and in
/// `0..1`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TieMargin(f64);

// Margins are finite by construction (`TieMargin::new`), so equality is reflexive.
impl Eq for TieMargin {}

impl Default for TieMargin {
    fn default() -> Self {
        TieMargin(0.03)
    }
}

impl TieMargin {
    /// A margin of `fraction` (0.03 is 3 %), or `None` unless it is finite and in `0..1`.
    pub fn new(fraction: f64) -> Option<TieMargin> {
        (fraction.is_finite() && (0.0..1.0).contains(&fraction)).then_some(TieMargin(fraction))
    }

    /// The fraction (0.03 is 3 %).
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// Whether `objective` is within the margin of the `fastest` objective.
    pub fn within(self, objective: f64, fastest: f64) -> bool {
        objective <= fastest * (1.0 + self.0)
    }
}

impl std::fmt::Display for TieMargin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In tenths of a percent, so 0.05 reads `5 %`, not `5.000000000000001 %`.
        write!(f, "{} %", (self.0 * 1000.0).round() / 10.0)
    }
}

impl Policy {
    /// Why `record` may not be chosen under this policy, or `None` when it may.
    ///
    /// One reason only, the first that applies, in the order: exclude, only own, no crates, max
    /// features, max threads.
    pub fn exclusion(&self, record: &Record) -> Option<String> {
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

    /// Whether this policy allows everything.
    pub fn is_unrestricted(&self) -> bool {
        *self == Policy::default()
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
