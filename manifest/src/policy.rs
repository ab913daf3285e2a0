//! The user's limits on what a plan may choose, stored in the manifest so a reader knows what was
//! allowed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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

impl fmt::Display for TieMargin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // In tenths of a percent, so 0.05 reads `5 %`, not `5.000000000000001 %`.
        write!(f, "{} %", (self.0 * 1000.0).round() / 10.0)
    }
}

impl Policy {
    /// Whether this policy allows everything.
    pub fn is_unrestricted(&self) -> bool {
        *self == Policy::default()
    }
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
    /// Adds avx512f, avx512bw, avx512vl, avx512dq, avx512vbmi, avx512vbmi2, avx512vpopcntdq,
    /// vpclmulqdq, gfni, vaes, fsrm.
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
    pub const fn added(self) -> &'static [&'static str] {
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
                "avx512vpopcntdq",
                "vpclmulqdq",
                "gfni",
                "vaes",
                "fsrm",
            ],
        }
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
