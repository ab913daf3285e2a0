//! `arsenal`: list, check and tune Arsenal's kernels on this host.
//!
//! Exit codes: 0 success; 1 a check or verification failed; 2 bad usage or bad input (one-line
//! error, nothing written).

mod args;
mod cmd;
mod convert;
mod explore;
mod files;
mod format;
mod host;
mod inputs;
mod ops;
mod profile;
mod sinks;
mod summary;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// A failure the user caused: bad flags, bad input, unwritable paths. Exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// What a command reports on success: whether everything it checked passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: a check or verification failed (already reported).
    Failed,
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A usage error: its first line (clap adds a hint and a blank line after it).
            let text = e.render().to_string();
            eprintln!("arsenal: {}", text.lines().next().unwrap_or("bad usage"));
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help or --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(err) => {
            // One line: the error and its causes, outermost first.
            let chain: Vec<String> = err.chain().map(ToString::to_string).collect();
            eprintln!("arsenal: error: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}

/// Rust ignores SIGPIPE, so `arsenal list | head` would panic on the closed pipe; a command-line
/// tool should end quietly instead, as the default disposition does.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread is spawned has no
    // preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    if let Err(unknown) = arsenal::cpu::disabled() {
        return Err(UsageError(format!("ARSENAL_DISABLE: {unknown}")).into());
    }
    if let Some(error) = arsenal::force::force().errors.first() {
        return Err(UsageError(error.clone()).into());
    }
    arsenal::force::report();
    match cli.command {
        Command::List(a) => cmd::list::run(&a),
        Command::Check(a) => cmd::check::run(&a),
        Command::Tune(a) => cmd::tune::run(&a),
        Command::Export(a) => cmd::transfer::export(&a),
        Command::Import(a) => cmd::transfer::import(&a),
        Command::Manifest(a) => cmd::manifest::run(&a),
        Command::Explain(a) => cmd::explain::run(&a),
        Command::VerifyManifest(a) => cmd::verify_manifest::run(&a),
        Command::Report(a) => cmd::report::run(&a),
        Command::Explore(a) => explore::run(&a),
        Command::Compare(a) => cmd::compare::run(&a),
        Command::Profile(a) => cmd::profiles::run(&a),
    }
}
