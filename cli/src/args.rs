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
    /// out). A short probe prices every cell and the run is planned: every (op, strategy, size)
    /// cell gets a first pass before any gets a second, and when the first passes do not fit the
    /// budget a warning says so before measuring and every op's ladder is thinned alike. Each
    /// cell is measured with the variants interleaved, in --replicas passes over the cells, apart
    /// in time (every op's first passes come first); at the end a summary per op and strategy
    /// gives the winner at each size, its figure and its margin over the runner-up.
    ///
    /// A short read-bandwidth probe runs before the first cell and after the last (the drift
    /// guard): a `warning:` line on stderr, also stored with the run, says when the machine
    /// drifted by more than 10 % during the run or ran more than 10 % slower than at the start of
    /// this host's previous run. Exits 1 when a variant failed verification.
    Tune(TuneArgs),
    /// Write every host and run of a database to a JSON file.
    Export(ExportArgs),
    /// Merge a JSON export into a database (runs already present are skipped, so importing twice
    /// changes nothing).
    Import(ImportArgs),
    /// Write the selection manifest of a run, or check a manifest against this host.
    ///
    /// Per op and strategy, the winner at every measured size under the policy, merged into size
    /// bands. A downstream crate points ARSENAL_MANIFEST at the file to hard-wire the choices.
    /// With --check, says whether the manifest fits this host and why not (exit 1 when stale).
    Manifest(ManifestArgs),
    /// Check a manifest on this machine: at sizes between the tuned ones, measure its choice
    /// against every available variant and report the regret, time(chosen) / time(best) − 1.
    /// With --quick, in seconds: each op's widest band, its choice against the runner-up.
    VerifyManifest(VerifyManifestArgs),
    /// Explain the oracle's choice for an op: winner, runner-up, ratio with its interval, the rule
    /// that decided.
    Explain(ExplainArgs),
    /// Browse the profiles in the terminal: ops and winners, charts of every variant against
    /// size, the figures table, explanations, and the changes between two runs.
    ///
    /// Keys: ↑/↓ (j/k) pick an op, ←/→ a size, / filters ops, t/l pick throughput/latency,
    /// e explains, r picks runs, c lists changes, ? help, q quits.
    Explore(ExploreArgs),
    /// Write a report of a run: DIR/index.html (self-contained: inline SVG charts and CSS, no
    /// script) and DIR/report.md (the tables in Markdown, for a pull request).
    ///
    /// With --baseline, the report opens with the winners that changed since that run and the
    /// figures that moved beyond their 95 % intervals.
    Report(ReportArgs),
    /// A variant's profile from the store: where it wins (the plan's bands), where it loses and
    /// to whom (with the time ratio), its CPU features and origin, its share of the hardware bound
    /// at each measured size, and the hosts of the database it was measured on.
    Profile(ProfileArgs),
    /// Measure two variants of an op now, interleaved, and say which is faster.
    ///
    /// Prints B's time over A's with its 95 % interval and a verdict: A faster, B faster, or no
    /// significant difference (the interval holds 1). The budget is spent in replicas (3 unless
    /// --replicas says), each on fresh inputs at fresh addresses, and the interval holds every
    /// replica's own ratio: on a host whose speed comes in spells, a verdict is one that would
    /// hold again.
    Compare(CompareArgs),
}

/// Flags of `arsenal profile`.
#[derive(Args, Debug)]
pub struct ProfileArgs {
    /// The op (`search.memchr`).
    pub op: String,
    /// The variant (default: every variant the run measured).
    pub variant: Option<String>,
    /// The profile database.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// The run (default: the latest complete run).
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// What the plans may choose, as for `arsenal manifest`.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal explore`.
#[derive(Args, Debug)]
pub struct ExploreArgs {
    /// The profile database.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// The run to open (default: the latest complete run, else the latest).
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// What the oracle may choose.
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// Flags of `arsenal report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The profile database.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// The directory to write index.html and report.md into; created if missing.
    #[arg(long, value_name = "DIR", default_value = "arsenal-report")]
    pub out: PathBuf,
    /// The run to report (default: the latest complete run).
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// A run to compare with: winners that changed, figures that moved beyond their intervals.
    #[arg(long, value_name = "RUN_ID")]
    pub baseline: Option<i64>,
    /// A manifest to show what it wires, the user's pins marked (default:
    /// ./arsenal-manifest.json if present; of a fleet, the table serving this host).
    #[arg(long, value_name = "PATH")]
    pub manifest: Option<PathBuf>,
    /// What the oracle may choose.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Print what was written as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal compare`.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The op (`search.memchr`).
    pub op: String,
    /// The first variant (A).
    pub a: String,
    /// The second variant (B).
    pub b: String,
    /// The size to measure at, in the op's units (default: the middle of the op's ladder; with
    /// --input, the median file's length, as the op reads it).
    #[arg(long, value_name = "N", value_parser = positive_size)]
    pub size: Option<usize>,
    /// Measure on your own data: a file, or a folder walked recursively (repeatable). Both
    /// variants are first checked against the reference on every file; a size that is a file's
    /// length reads that file, any other a window of a file at least that long.
    #[arg(long, value_name = "PATH")]
    pub input: Vec<PathBuf>,
    /// The strategy: throughput (median of back-to-back calls) or latency (p99 of single calls).
    #[arg(long, value_name = "STRATEGY", default_value = "throughput", value_parser = ["throughput", "latency"])]
    pub strategy: String,
    /// Seconds to spend measuring.
    #[arg(long, value_name = "SECS", default_value_t = 2.0, value_parser = positive_seconds, allow_negative_numbers = true)]
    pub budget: f64,
    /// Blocks the budget is measured in, one after the other, each on fresh inputs at fresh
    /// addresses; the interval holds every block's own ratio.
    #[arg(long, value_name = "N", default_value_t = arsenal_tuner::compare::REPLICAS, value_parser = at_least_one)]
    pub replicas: usize,
    /// Seed of the inputs and of the interleaving order.
    #[arg(long, default_value_t = 0x0A25_E4A1)]
    pub seed: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal manifest`.
#[derive(Args, Debug)]
pub struct ManifestArgs {
    /// The profile database.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// The run to plan from (default: the latest complete run).
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// Where to write the manifest.
    #[arg(long, value_name = "PATH", default_value = "arsenal-manifest.json")]
    pub out: PathBuf,
    /// Check this manifest against the host instead of writing one. For a fleet manifest, the
    /// table that serves this host (none: stale, a build here runs runtime dispatch).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["run", "out"])]
    pub check: Option<PathBuf>,
    /// Merge manifests tuned on different hosts (or fleets of them) into one fleet manifest at
    /// --out: a build wires every host's table and picks, once at start-up, the one for the
    /// running CPU (same vendor, family and model, every feature of the table usable), falling
    /// back to runtime dispatch on any other CPU. Two tables for one host, or different default
    /// strategies, are refused; the manifests are taken as written (no policy flags).
    #[arg(long, value_name = "MANIFEST", num_args = 2.., conflicts_with_all = ["check", "run", "pin"])]
    pub merge: Vec<PathBuf>,
    /// Pin a variant for an op (repeatable; later pins override earlier ones): the manifest
    /// serves the op with VARIANT, marked as the user's choice, not measured. Any declared
    /// variant may be pinned; one this host lacks the features for makes `--check` report the
    /// manifest stale, and a build calls it only on a CPU that has them.
    #[arg(long, value_name = "OP=VARIANT", conflicts_with = "check")]
    pub pin: Vec<String>,
    /// With --pin: pin under this strategy only (default: both).
    #[arg(long, value_name = "STRATEGY", value_parser = ["throughput", "latency"], requires = "pin")]
    pub strategy: Option<String>,
    /// With --pin: pin sizes below N only (in the op's units; default: every size). The plan's
    /// bands from N up stay.
    #[arg(long, value_name = "N", requires = "pin")]
    pub below: Option<u64>,
    /// What the manifest may choose.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The op (`hash.xxh3_64`).
    pub op: String,
    /// The size to explain, in the op's units (default: every measured size).
    #[arg(long, value_name = "N")]
    pub size: Option<u64>,
    /// The strategy (default: both).
    #[arg(long, value_name = "STRATEGY", value_parser = ["throughput", "latency"])]
    pub strategy: Option<String>,
    /// The profile database.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// The run (default: the latest complete run).
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// A manifest to check for staleness against this host (default: ./arsenal-manifest.json if
    /// present).
    #[arg(long, value_name = "PATH")]
    pub manifest: Option<PathBuf>,
    /// What the oracle may choose.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The profile database to read.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// Where to write the JSON (replaced atomically).
    #[arg(long, value_name = "FILE.json")]
    pub out: PathBuf,
    /// Print what was exported as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `arsenal import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The JSON export to merge.
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
    /// The profile database to merge into; created if missing.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// Print what was imported as JSON.
    #[arg(long)]
    pub json: bool,
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
    /// Total wall-clock time for the run in seconds, verification included; it ends within ±10 %
    /// (unless --every-cell needs longer).
    #[arg(long, value_name = "SECS", default_value_t = 60.0, value_parser = positive_seconds, allow_negative_numbers = true)]
    pub budget: f64,
    /// Give every cell its first pass even when --budget is too short for them: the run then
    /// takes longer than the budget, and says by how much before measuring. Without it the
    /// budget holds, and the cells that do not fit are left out (each op's ladder thinned alike).
    #[arg(long)]
    pub every_cell: bool,
    /// The profile database; created if missing.
    #[arg(long, value_name = "PATH", default_value = "arsenal.db")]
    pub db: PathBuf,
    /// Measure these sizes instead of each op's ladder (comma-separated, in each op's units;
    /// not with --input, whose sizes come from the files).
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', value_parser = positive_size, conflicts_with = "input")]
    pub sizes: Option<Vec<usize>>,
    /// Seed of the generated inputs and of the interleaving order.
    #[arg(long, default_value_t = 0x0A25_E4A1)]
    pub seed: u64,
    /// Measure on your own data: a file, or a folder walked recursively (repeatable). The ops
    /// that read bytes (hash, checksum, search, UTF-8, base64, copy) are verified and measured
    /// on your files instead of generated inputs: each whole file as its own size, and the op's
    /// ladder up to your longest file cut from them (`arsenal list` says how each op reads
    /// them). The ceilings still measure the host; sort, Stream VByte, LZ4, dot and sgemm take no
    /// --input and are left out (naming one with --ops is an error). Files over 16 MiB are
    /// sampled (16 pieces of 1 MiB); at most 64 MiB is kept in all. Every file's path, size and
    /// SHA-256 are stored with the run.
    #[arg(long, value_name = "PATH")]
    pub input: Vec<PathBuf>,
    /// How many times each cell is measured (at least 1), in passes apart in time with fresh
    /// inputs at fresh addresses; each interval then holds the spread between the passes, so a
    /// winner is decisive only if it would be again. The budget is shared by the passes.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = at_least_one)]
    pub replicas: usize,
    /// Bisection steps at crossovers: where neighbouring ladder sizes have different winners, or
    /// one winner is decisive on one side and tied on the other, measure the size between them
    /// (in log-size), then between that and the neighbour that still differs, so a band's
    /// boundary lands near the real crossover; the pairs where a wrong boundary would cost the
    /// most go first; 0 turns it off.
    /// The added cells are stored like any other (only with the ladder, not with --sizes).
    #[arg(long, value_name = "STEPS", default_value_t = 2)]
    pub bisect: usize,
    /// Skip the drift guard: the read-bandwidth probe at the start and the end of the run (about
    /// 0.1 s each) that warns when the machine drifted or ran slow.
    #[arg(long)]
    pub no_drift_probe: bool,
    /// Where to write the selection manifest from this run.
    #[arg(long, value_name = "PATH", default_value = "arsenal-manifest.json")]
    pub manifest: PathBuf,
    /// Do not write a manifest.
    #[arg(long, conflicts_with = "manifest")]
    pub no_manifest: bool,
    /// What the manifest may choose.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Print the summary as JSON (and no progress bar).
    #[arg(long)]
    pub json: bool,
}

/// Limits on what a manifest may choose.
#[derive(Args, Debug, Clone)]
pub struct PolicyArgs {
    /// Only own variants (`--only own`): no other crates, std or libc.
    #[arg(long, value_name = "own", value_parser = ["own"])]
    pub only: Option<String>,
    /// No variants wrapping other crates.
    #[arg(long)]
    pub no_crates: bool,
    /// Nothing needing CPU features beyond a level: sse2, sse4.2, avx2 or avx512.
    #[arg(long, value_name = "LEVEL")]
    pub max_features: Option<String>,
    /// Latency: no parallel variant using more threads than this.
    #[arg(long, value_name = "N")]
    pub max_threads: Option<u32>,
    /// Never choose this variant (repeatable).
    #[arg(long, value_name = "VARIANT")]
    pub exclude: Vec<String>,
    /// Practical margin of a tie, in percent: where intervals overlap, a variant faster by more
    /// than this wins on its objective; those within it are tied and the tie rules decide.
    #[arg(long, value_name = "PCT", default_value_t = 3.0, value_parser = tie_margin_percent, allow_negative_numbers = true)]
    pub tie_margin: f64,
    /// The strategy of the plain entry points in the manifest.
    #[arg(long, value_name = "STRATEGY", default_value = "throughput", value_parser = ["throughput", "latency"])]
    pub default_strategy: String,
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

fn tie_margin_percent(s: &str) -> Result<f64, String> {
    match s.trim().trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..100.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a tie margin: a percentage in 0..100")),
    }
}

fn at_least_one(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{s}` is not a number of replicas: 1 or more")),
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
    /// With --json, add each variant's figures from this database's latest complete run
    /// (default: ./arsenal.db when it exists).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
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

/// Flags of `arsenal verify-manifest`.
#[derive(Args, Debug)]
pub struct VerifyManifestArgs {
    /// The manifest to check.
    #[arg(long, value_name = "PATH", default_value = "arsenal-manifest.json")]
    pub manifest: PathBuf,
    /// Only ops whose names match: comma-separated globs. Without it, every op the manifest
    /// plans except the ceiling probes (`ceiling.*`, which measure the host), which are checked
    /// only when named.
    #[arg(long, value_name = "PATTERN")]
    pub ops: Option<String>,
    /// Total wall-clock time for the measurements, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60.0, value_parser = positive_seconds, allow_negative_numbers = true)]
    pub budget: f64,
    /// Check every cell even when --budget is too short for them: the check then takes longer
    /// than the budget, and says by how much before measuring. Without it the cells that do not
    /// fit are left out and counted as not measured.
    #[arg(long, conflicts_with = "quick")]
    pub every_cell: bool,
    /// Check at these sizes instead of the midpoints between ladder sizes (comma-separated, in
    /// each op's units).
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', value_parser = positive_size)]
    pub sizes: Option<Vec<usize>>,
    /// Seed of the generated inputs and of the interleaving order.
    #[arg(long, default_value_t = 0x5EED_0F0F)]
    pub seed: u64,
    /// A deployment check in seconds: per op and strategy, the band holding the most ladder
    /// sizes, its wired variant against the runner-up the tune recorded, 100 ms each, not
    /// verified (`arsenal check` verifies). Exit 1 lists the cells where the wired choice lost
    /// decisively (beyond the manifest's tie margin).
    #[arg(long, conflicts_with_all = ["budget", "sizes"])]
    pub quick: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
