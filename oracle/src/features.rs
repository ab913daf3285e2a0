//! CPU feature names, their prerequisites, and the named levels `--max-features` accepts.
//!
//! The oracle cannot use the kernels' `FeatureSet` (kernels build-depend on the oracle), so it works
//! on `target_feature` names. The prerequisite table mirrors `kernels/src/cpu/feature.rs`: a feature
//! implies the features it builds on, so `avx512bw` counts as avx512bw, avx512f, avx2, fma, avx,
//! sse4.2, sse4.1, ssse3 and sse2.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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

/// A named cap on CPU features, each level including the ones below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// x86_64 baseline.
    #[serde(rename = "sse2")]
    Sse2,
    /// Adds ssse3, sse4.1, sse4.2, popcnt, pclmulqdq.
    #[serde(rename = "sse4.2")]
    Sse42,
    /// Adds avx, avx2, fma, bmi1, bmi2, sha, ermsb.
    #[serde(rename = "avx2")]
    Avx2,
    /// Adds avx512f, avx512bw, avx512vl, avx512dq, avx512vbmi, avx512vbmi2, vpclmulqdq, gfni, vaes,
    /// fsrm.
    #[serde(rename = "avx512")]
    Avx512,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [Level::Sse2, Level::Sse42, Level::Avx2, Level::Avx512];

    /// The name `--max-features` takes and the manifest stores.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Sse2 => "sse2",
            Level::Sse42 => "sse4.2",
            Level::Avx2 => "avx2",
            Level::Avx512 => "avx512",
        }
    }

    /// The features this level adds to the one below.
    const fn added(self) -> &'static [&'static str] {
        match self {
            Level::Sse2 => &["sse2"],
            Level::Sse42 => &["ssse3", "sse4.1", "sse4.2", "popcnt", "pclmulqdq"],
            Level::Avx2 => &["avx", "avx2", "fma", "bmi1", "bmi2", "sha", "ermsb"],
            Level::Avx512 => &[
                "avx512f",
                "avx512bw",
                "avx512vl",
                "avx512dq",
                "avx512vbmi",
                "avx512vbmi2",
                "vpclmulqdq",
                "gfni",
                "vaes",
                "fsrm",
            ],
        }
    }

    /// Whether `feature` (any spelling [`normalize_feature`] accepts) is within this level.
    pub fn allows(self, feature: &str) -> bool {
        let feature = normalize_feature(feature);
        Level::ALL
            .iter()
            .filter(|level| **level <= self)
            .any(|level| level.added().contains(&feature.as_str()))
    }

    /// The features of `required` (closed over prerequisites) that lie outside this level.
    pub fn beyond<S: AsRef<str>>(self, required: &[S]) -> Vec<String> {
        with_prerequisites(required)
            .into_iter()
            .filter(|feature| !self.allows(feature))
            .collect()
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `--max-features` value that names no [`Level`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseLevelError(pub String);

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown feature level `{}` (levels: sse2, sse4.2, avx2, avx512)",
            self.0
        )
    }
}

impl std::error::Error for ParseLevelError {}

impl FromStr for Level {
    type Err = ParseLevelError;

    /// Accepts the level names, case-insensitively, and `sse42`/`avx-512` as aliases.
    fn from_str(text: &str) -> Result<Level, ParseLevelError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sse2" => Ok(Level::Sse2),
            "sse4.2" | "sse42" => Ok(Level::Sse42),
            "avx2" => Ok(Level::Avx2),
            "avx512" | "avx-512" => Ok(Level::Avx512),
            _ => Err(ParseLevelError(text.to_string())),
        }
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
