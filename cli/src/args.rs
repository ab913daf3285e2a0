//! Command-line flags, each documented where it is defined.

use clap::{Args, Parser, Subcommand};

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
