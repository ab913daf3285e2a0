//! Counts the lines of every file under a folder seven ways, in interleaved rounds, and prints
//! each way's median time: a call of `arsenal::search::memchr` per line, `arsenal::search::
//! count_byte`, `arsenal::search::memchr_iter(..).count()`, the `memchr` and `bytecount`
//! crates' counts, and both iterators with every match visited by a `for` loop (what a
//! program that uses each line's end does). Every way must find the same number of lines.
//!
//!     cargo run --release -p arsenal --example line_count -- DIR [ROUNDS]
//!
//! Files are read into memory first (at most 512 MiB); the timings cover the counting only.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MAX_BYTES: usize = 512 << 20;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: line_count DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = match args.next().map(|r| r.parse()) {
        None => 9,
        Some(Ok(r)) if r > 0 => r,
        Some(_) => {
            eprintln!("error: ROUNDS must be a positive whole number");
            std::process::exit(2);
        }
    };
    let mut paths = Vec::new();
    if let Err(e) = walk(Path::new(&dir), &mut paths) {
        eprintln!("error: {dir}: {e}");
        std::process::exit(2);
    }
    paths.sort();
    let mut files = Vec::new();
    let mut bytes = 0;
    for p in paths {
        let Ok(data) = std::fs::read(&p) else {
            continue;
        };
        if bytes + data.len() > MAX_BYTES {
            break;
        }
        bytes += data.len();
        files.push(data);
    }
    if files.is_empty() {
        eprintln!("error: {dir}: no readable files");
        std::process::exit(2);
    }
    let mut sizes: Vec<usize> = files.iter().map(Vec::len).collect();
    sizes.sort_unstable();
    let host = arsenal::cpu::HostInfo::detect();
    println!(
        "{} files, {:.1} MiB (median file {} bytes), {} rounds; {} (family {} model {}), \
         usable features: {}",
        files.len(),
        bytes as f64 / (1 << 20) as f64,
        sizes[sizes.len() / 2],
        rounds,
        host.brand,
        host.family,
        host.model,
        host.usable
    );

    type Way = (&'static str, fn(&[u8]) -> usize);
    let ways: [Way; 7] = [
        ("arsenal::search::memchr, one call per line", |f| {
            let mut n = 0;
            let mut rest = f;
            while let Some(i) = arsenal::search::memchr(b'\n', rest) {
                n += 1;
                rest = &rest[i + 1..];
            }
            n
        }),
        ("memchr::memchr_iter(..).count()", |f| {
            memchr::memchr_iter(b'\n', f).count()
        }),
        ("bytecount::count", |f| bytecount::count(f, b'\n')),
        ("arsenal::search::count_byte", |f| {
            arsenal::search::count_byte(b'\n', f)
        }),
        ("arsenal::search::memchr_iter(..).count()", |f| {
            arsenal::search::memchr_iter(b'\n', f).count()
        }),
        ("memchr::memchr_iter, every match visited", |f| {
            visit(memchr::memchr_iter(b'\n', f))
        }),
        ("arsenal::search::memchr_iter, every match visited", |f| {
            visit(arsenal::search::memchr_iter(b'\n', f))
        }),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); ways.len()];
    let mut lines = vec![0usize; ways.len()];
    for round in 0..rounds {
        // A different order each round, so no way always runs on a warm or a cold cache.
        for k in 0..ways.len() {
            let w = (k + round) % ways.len();
            let start = Instant::now();
            let n: usize = files
                .iter()
                .map(|f| (ways[w].1)(std::hint::black_box(f)))
                .sum();
            times[w].push(start.elapsed());
            lines[w] = n;
        }
    }
    if lines.iter().any(|&n| n != lines[0]) {
        eprintln!("error: the ways disagree on the number of lines: {lines:?}");
        std::process::exit(1);
    }
    let medians: Vec<Duration> = times
        .iter_mut()
        .map(|t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect();
    let crate_iter = medians[1].as_secs_f64();
    println!("{} lines\n", lines[0]);
    println!("| way | median | vs memchr_iter().count() |");
    println!("|---|---|---|");
    for (w, m) in ways.iter().zip(&medians) {
        println!(
            "| {} | {:.2} ms | {:.2}x |",
            w.0,
            m.as_secs_f64() * 1e3,
            crate_iter / m.as_secs_f64()
        );
    }
}

/// The matches one by one, as a `for` loop over them takes them (`next`, not `count`).
fn visit(matches: impl Iterator<Item = usize>) -> usize {
    let mut n = 0;
    for at in matches {
        std::hint::black_box(at);
        n += 1;
    }
    n
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}
