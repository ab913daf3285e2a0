//! CPU feature names, their prerequisites, and the named levels `--max-features` accepts.
//!
//! The oracle cannot use the kernels' `FeatureSet` (kernels build-depend on the oracle), so it works
//! on `target_feature` names. The prerequisite table mirrors `kernels/src/cpu/feature.rs`: a feature
//! implies the features it builds on, so `avx512bw` counts as avx512bw, avx512f, avx2, fma, avx,
//! sse4.2, sse4.1, ssse3 and sse2.

use std::collections::BTreeSet;

/// Each known feature with the features it directly builds on.
const PREREQUISITES: &[(&str, &[&str])] = &[
    ("sse2", &[]),
    ("ssse3", &["sse2"]),
    ("sse4.1", &["ssse3"]),
    ("sse4.2", &["sse4.1"]),
    ("popcnt", &[]),
    ("pclmulqdq", &["sse2"]),
    ("avx", &["sse4.2"]),
    ("avx2", &["avx"]),
    ("fma", &["avx"]),
    ("bmi1", &[]),
    ("bmi2", &[]),
    ("avx512f", &["avx2", "fma"]),
    ("avx512bw", &["avx512f"]),
    ("avx512vl", &["avx512f"]),
    ("avx512dq", &["avx512f"]),
    ("avx512vbmi", &["avx512bw"]),
    ("avx512vbmi2", &["avx512bw"]),
    ("avx512vpopcntdq", &["avx512f"]),
    ("vpclmulqdq", &["pclmulqdq", "avx"]),
    ("gfni", &["sse2"]),
    ("vaes", &["avx"]),
    ("sha", &["sse2"]),
    ("ermsb", &[]),
    ("fsrm", &[]),
];

/// The `target_feature` spelling of `name`: trimmed, lower-case, `sse42`/`sse41`/`erms` aliased.
pub fn normalize_feature(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match lower.as_str() {
        "sse41" => "sse4.1".to_string(),
        "sse42" => "sse4.2".to_string(),
        "erms" => "ermsb".to_string(),
        _ => lower,
    }
}

fn direct_prerequisites(name: &str) -> &'static [&'static str] {
    PREREQUISITES
        .iter()
        .find(|(feature, _)| *feature == name)
        .map_or(&[], |(_, requires)| requires)
}

/// `required` closed over prerequisites, normalized. Unknown names are kept as they are: they
/// count as one feature each and belong to no [`Level`].
pub fn with_prerequisites<S: AsRef<str>>(required: &[S]) -> BTreeSet<String> {
    let mut closed = BTreeSet::new();
    let mut pending: Vec<String> = required
        .iter()
        .map(|f| normalize_feature(f.as_ref()))
        .collect();
    while let Some(feature) = pending.pop() {
        let prerequisites = direct_prerequisites(&feature);
        if closed.insert(feature) {
            pending.extend(prerequisites.iter().map(|p| p.to_string()));
        }
    }
    closed
}

/// How many CPU features `required` needs once closed over prerequisites: the first tie rule.
pub fn feature_count<S: AsRef<str>>(required: &[S]) -> usize {
    with_prerequisites(required).len()
}

pub use arsenal_manifest::{Level, ParseLevelError};

/// What a [`Level`] allows, by the closure over prerequisites this module knows.
pub(crate) trait Allows {
    /// Whether `feature` (any spelling [`normalize_feature`] accepts) is within this level.
    fn allows(self, feature: &str) -> bool;
    /// The features of `required` (closed over prerequisites) that lie outside this level.
    fn beyond<S: AsRef<str>>(self, required: &[S]) -> Vec<String>;
}

impl Allows for Level {
    fn allows(self, feature: &str) -> bool {
        let feature = normalize_feature(feature);
        Level::ALL
            .iter()
            .filter(|level| **level <= self)
            .any(|level| level.added().contains(&feature.as_str()))
    }

    fn beyond<S: AsRef<str>>(self, required: &[S]) -> Vec<String> {
        with_prerequisites(required)
            .into_iter()
            .filter(|feature| !self.allows(feature))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avx512bw_closes_over_the_whole_chain() {
        let closed = with_prerequisites(&["avx512bw"]);
        let expected = [
            "avx", "avx2", "avx512bw", "avx512f", "fma", "sse2", "sse4.1", "sse4.2", "ssse3",
        ];
        assert_eq!(
            closed.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn count_merges_shared_prerequisites_and_aliases() {
        assert_eq!(feature_count::<&str>(&[]), 0);
        assert_eq!(feature_count(&["sse2"]), 1);
        assert_eq!(feature_count(&["sse42"]), 4);
        assert_eq!(feature_count(&["avx2", "fma"]), 7);
        assert_eq!(feature_count(&["popcnt", "bmi2"]), 2);
    }

    #[test]
    fn levels_nest() {
        assert!(Level::Sse2.allows("sse2"));
        assert!(!Level::Sse2.allows("ssse3"));
        assert!(Level::Sse42.allows("POPCNT"));
        assert!(Level::Avx2.allows("sse42"));
        assert!(!Level::Avx2.allows("avx512f"));
        assert!(Level::Avx512.allows("fsrm"));
        assert!(!Level::Avx512.allows("neon"));
        assert_eq!(Level::Avx2.beyond(&["avx512bw"]), ["avx512bw", "avx512f"]);
        assert!(Level::Avx2.beyond(&["avx2", "bmi2"]).is_empty());
    }

    #[test]
    fn level_parsing_and_its_error() {
        assert_eq!("avx2".parse(), Ok(Level::Avx2));
        assert_eq!(" SSE4.2 ".parse(), Ok(Level::Sse42));
        assert_eq!("avx512".parse(), Ok(Level::Avx512));
        let err = "avx3".parse::<Level>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown feature level `avx3` (levels: sse2, sse4.2, avx2, avx512)"
        );
        assert!("".parse::<Level>().is_err());
        for level in Level::ALL {
            assert_eq!(level.name().parse(), Ok(level));
        }
    }
}
