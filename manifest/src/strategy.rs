//! The two strategies a manifest plans for.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a plan minimises; see `docs/strategies.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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

    fn from_str(text: &str) -> Result<Strategy, ParseStrategyError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "throughput" => Ok(Strategy::Throughput),
            "latency" => Ok(Strategy::Latency),
            _ => Err(ParseStrategyError(text.to_string())),
        }
    }
}
