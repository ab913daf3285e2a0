//! The drift guard: a short read-bandwidth probe at the start and at the end of a run.
//!
//! A tune's figures are only comparable with each other, and with another day's, if the machine
//! ran at one speed throughout: a neighbour's job on a shared host, thermal or power limits, or a
//! frequency change during the run move every later cell. The probe measures `ceiling.read` (the
//! host's read bandwidth) at three sizes — in L1, in L2 and in DRAM — with the same interleaved
//! throughput loop as any cell, best variant per size, about a tenth of a second in all. The two
//! probes of a run are compared with each other ([`warnings`]: more than [`TOLERANCE`] apart
//! means the machine drifted during the run), and the start probe with the same probe of the
//! host's previous run (more than [`TOLERANCE`] slower means the machine ran slow today).

use std::time::{Duration, Instant};

use arsenal::harness::Rng;
use arsenal::registry::{Ceiling, Role};

use crate::affinity::Affinity;
use crate::sampling::{self, Env};
use crate::Strategy;

/// The op the probe measures: the one whose declared role is measuring the read bandwidth
/// (`ceiling.read`), found by its role rather than its name.
pub fn probe_op() -> Option<&'static dyn arsenal::Workload> {
    let read = Role::Ceiling(Ceiling::Read);
    arsenal::workloads()
        .iter()
        .copied()
        .find(|w| w.info().role == read)
}

/// The probe's sizes in bytes: in L1, in L2 and past the last-level cache of these parts.
pub const PROBE_SIZES: &[usize] = &[16 << 10, 256 << 10, 64 << 20];
/// How far apart two probes may be before a warning: 10 %.
pub const TOLERANCE: f64 = 0.10;
/// Time one probe spends per size, besides generating its input.
const PER_SIZE: Duration = Duration::from_millis(30);

/// When a probe ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before the first cell.
    Start,
    /// After the last cell.
    End,
}

impl Phase {
    /// `start` or `end`, as stored.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::End => "end",
        }
    }

    /// The phase named `name`.
    pub fn parse(name: &str) -> Option<Phase> {
        match name {
            "start" => Some(Phase::Start),
            "end" => Some(Phase::End),
            _ => None,
        }
    }
}

/// One probed size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Probe {
    /// When.
    pub phase: Phase,
    /// Bytes read per call.
    pub size: usize,
    /// The best variant's median read bandwidth.
    pub bytes_per_second: f64,
}

/// Probes the read bandwidth at [`PROBE_SIZES`], or nothing if this build has no
/// [`probe_op`] (it always has) or a size cannot be measured.
pub fn probe(phase: Phase, affinity: &Affinity, seed: u64) -> Vec<Probe> {
    let Some(op) = probe_op() else {
        return Vec::new();
    };
    let variants: Vec<_> = op
        .variants()
        .into_iter()
        .filter(|v| v.is_available())
        .collect();
    let mut rng = Rng::new(seed);
    let mut probes = Vec::with_capacity(PROBE_SIZES.len());
    for &size in PROBE_SIZES {
        let now = Instant::now();
        let mut env = Env {
            min_sample: Duration::from_millis(1),
            hard_deadline: now + 4 * PER_SIZE,
            cell_deadline: now + PER_SIZE,
            affinity,
            perf: None,
            cycles: None,
            rng: &mut rng,
            seed: seed ^ size as u64,
        };
        let Ok(contenders) = sampling::throughput(op, size, &variants, &mut env) else {
            continue;
        };
        let best = contenders
            .into_iter()
            .filter_map(|c| crate::analysis::summarise(c, Strategy::Throughput))
            .map(|r| r.units_per_second())
            .fold(0.0, f64::max);
        if best > 0.0 {
            probes.push(Probe {
                phase,
                size,
                bytes_per_second: best,
            });
        }
    }
    affinity.unpin();
    probes
}

/// The warning lines for a run's probes: the end probe against the start probe (drift during the
/// run), and the start probe against `previous`, the start probe of the host's previous run
/// (a slow machine). One line per finding, naming the size and both figures.
pub fn warnings(probes: &[Probe], previous: &[Probe]) -> Vec<String> {
    let at = |set: &[Probe], phase: Phase, size: usize| {
        set.iter()
            .find(|p| p.phase == phase && p.size == size)
            .map(|p| p.bytes_per_second)
    };
    let mut lines = Vec::new();
    for &size in PROBE_SIZES {
        let Some(start) = at(probes, Phase::Start, size) else {
            continue;
        };
        if let Some(end) = at(probes, Phase::End, size) {
            let change = end / start - 1.0;
            if change.abs() > TOLERANCE {
                lines.push(format!(
                    "the machine drifted during the run: read bandwidth at {} went from {} at \
                     the start to {} at the end ({:+.0} %); figures measured late are not \
                     comparable with those measured early",
                    size_text(size),
                    rate_text(start),
                    rate_text(end),
                    change * 100.0
                ));
            }
        }
        if let Some(before) = at(previous, Phase::Start, size) {
            let change = start / before - 1.0;
            if change < -TOLERANCE {
                lines.push(format!(
                    "the machine ran {:.0} % slow: read bandwidth at {} was {} at the start, {} \
                     at the start of this host's previous run",
                    -change * 100.0,
                    size_text(size),
                    rate_text(start),
                    rate_text(before)
                ));
            }
        }
    }
    lines
}

fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} B"),
    }
}

fn rate_text(bytes_per_second: f64) -> String {
    format!("{:.1} GB/s", bytes_per_second / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(phase: Phase, size: usize, gbps: f64) -> Probe {
        Probe {
            phase,
            size,
            bytes_per_second: gbps * 1e9,
        }
    }

    #[test]
    fn the_probe_measures_the_read_ceiling() {
        assert_eq!(probe_op().map(|w| w.info().name), Some("ceiling.read"));
    }

    #[test]
    fn steady_probes_warn_of_nothing() {
        let probes = [
            p(Phase::Start, 16 << 10, 100.0),
            p(Phase::End, 16 << 10, 95.0),
        ];
        let previous = [p(Phase::Start, 16 << 10, 105.0)];
        assert!(warnings(&probes, &previous).is_empty());
        assert!(warnings(&probes, &[]).is_empty());
    }

    #[test]
    fn drift_and_a_slow_machine_are_named_with_both_figures() {
        let probes = [
            p(Phase::Start, 16 << 10, 80.0),
            p(Phase::End, 16 << 10, 60.0),
            p(Phase::Start, 64 << 20, 10.0),
            p(Phase::End, 64 << 20, 10.5),
        ];
        let previous = [
            p(Phase::Start, 16 << 10, 100.0),
            p(Phase::Start, 64 << 20, 10.0),
        ];
        let lines = warnings(&probes, &previous);
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].starts_with("the machine drifted during the run: read bandwidth at 16 KiB")
                && lines[0].contains("80.0 GB/s")
                && lines[0].contains("60.0 GB/s")
                && lines[0].contains("(-25 %)"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("the machine ran 20 % slow: read bandwidth at 16 KiB"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn the_probe_measures_every_size_on_this_host() {
        let probes = probe(Phase::Start, &Affinity::new(), 7);
        let sizes: Vec<_> = probes.iter().map(|p| p.size).collect();
        assert_eq!(sizes, PROBE_SIZES);
        assert!(
            probes.iter().all(|p| p.bytes_per_second > 1e6),
            "{probes:?}"
        );
    }

    #[test]
    fn phases_round_trip_through_their_names() {
        for phase in [Phase::Start, Phase::End] {
            assert_eq!(Phase::parse(phase.name()), Some(phase));
        }
        assert_eq!(Phase::parse("middle"), None);
    }
}
