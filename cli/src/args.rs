//! Command-line flags, each documented where it is defined.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Arsenal measures many variants of every kernel on this machine and picks the fastest.
///
/// Environment: ARSENAL_DISABLE=avx512f,avx2,... masks CPU features, so the fallbacks run.
#[derive(Parser, Debug)]
#[command(name = "arsenal", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// List every op and variant: origin, required CPU features, available here or why not.
    List(ListArgs),
    /// Verify every available variant against its op's reference (the tuner's correctness gate).
    ///
    /// Exits 0 only when every available variant passes; 1 when one fails.
    Check(CheckArgs),
    /// Verify, then measure every variant of every op on this host, and record the profiles.
    ///
    /// Every available variant first passes the correctness gate (a failure is recorded and left
    /// out). Then each (op, strategy, size) cell is measured with the variants interleaved, within
    /// the time budget; at the end a summary per op and strategy gives the winner at each size,
    /// its figure and its margin over the runner-up. Exits 1 when a variant failed verification.
    Tune(TuneArgs),
}

/// Which strategies to measure.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyArg {
    /// Back-to-back calls at one size: units per second per core.
    Throughput,
    /// Single calls on varied inputs: p99 time per call.
    Latency,
    /// Both.
    Both,
}

/// Flags of `arsenal tune`.
#[derive(Args, Debug)]
pub struct TuneArgs {
    /// Only ops whose names match: comma-separated globs such as `hash.*,search.memchr`.
    #[arg(long, value_name = "PATTERN")]
    pub ops: Option<String>,
    /// The strategies to measure.
    #[arg(long, value_enum, default_value_t = StrategyArg::Both)]
    pub strategy: StrategyArg,
    /// Total wall-clock time for the run in seconds, verification included; it ends within ±10 %.
    #[arg(long, value_name = "SECS", default_value_t = 60.0, value_parser = positive_seconds)]
    pub budget: f64,
    /// The profile database; created if missing.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// Measure these sizes instead of each op's ladder (comma-separated, in each op's units).
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', value_parser = positive_size)]
    pub sizes: Option<Vec<usize>>,
    /// Seed of the generated inputs and of the interleaving order.
    #[arg(long, default_value_t = 0x0A25_E4A1)]
    pub seed: u64,
    /// Print the summary as JSON (and no progress bar).
    #[arg(long)]
    pub json: bool,
}

fn positive_seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(format!("the budget must be more than 0 seconds, got {s}"))
    }
}

fn positive_size(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{s}` is not a positive size")),
    }
}

/// Flags of `arsenal list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only ops whose names match: comma-separated globs such as `hash.*,search.memchr`.
    #[arg(long, value_name = "PATTERN")]
    pub ops: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Only ops whose names match: comma-separated globs such as `hash.*,search.memchr`.
    #[arg(long, value_name = "PATTERN")]
    pub ops: Option<String>,
    /// Print JSON (one document at the end) instead of a line per variant.
    #[arg(long)]
    pub json: bool,
}
