//! The two strategies a manifest plans for, defined once for every crate: the `arsenal` crate
//! (with no default features, so without std or serde) re-exports this type.

use core::fmt;

/// How a kernel's speed is judged, and what a plan minimises; see `docs/strategies.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "std",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum Strategy {
    /// Back-to-back calls at one size, objective the median; parallel variants do not take part.
    Throughput,
    /// Single calls on varied inputs, objective the p99; parallel variants take part.
    Latency,
}

impl Strategy {
    /// Both strategies, throughput first.
    pub const ALL: [Strategy; 2] = [Strategy::Throughput, Strategy::Latency];

    /// `throughput` or `latency`.
    pub const fn name(self) -> &'static str {
        match self {
            Strategy::Throughput => "throughput",
            Strategy::Latency => "latency",
        }
    }

    /// Parses `throughput` or `latency`, exactly (see [`FromStr`](core::str::FromStr) for the
    /// lenient form, with std).
    pub fn parse(s: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|st| st.name() == s)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(feature = "std")]
pub use parse::ParseStrategyError;

#[cfg(feature = "std")]
mod parse {
    use std::fmt;
    use std::str::FromStr;
    use std::string::{String, ToString};

    use super::Strategy;

    /// A strategy name that is neither `throughput` nor `latency`.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ParseStrategyError(pub String);

    impl fmt::Display for ParseStrategyError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "unknown strategy `{}` (strategies: throughput, latency)",
                self.0
            )
        }
    }

    impl std::error::Error for ParseStrategyError {}

    impl FromStr for Strategy {
        type Err = ParseStrategyError;

        /// Accepts either name in any case, with surrounding spaces.
        fn from_str(text: &str) -> Result<Strategy, ParseStrategyError> {
            match text.trim().to_ascii_lowercase().as_str() {
                "throughput" => Ok(Strategy::Throughput),
                "latency" => Ok(Strategy::Latency),
                _ => Err(ParseStrategyError(text.to_string())),
            }
        }
    }
}
