//! The drift guard as reports and the explorer show it: a run's warning lines, and its
//! read-bandwidth probes at the start and the end of the run side by side, per size.
//!
//! The tuner probes `ceiling.read` at a few sizes before the first cell and after the last, and
//! warns when the two differ by more than its tolerance (the machine drifted during the run) or
//! when the start is slower than the host's previous run (the machine ran slow). The store keeps
//! the probes and the warning lines; this module only lays them out.

use arsenal_db::ProbeRecord;

use crate::figure::{self, Unit};
use crate::view::RunData;

/// The column titles of a probe table, in the order of [`ProbeRow::cells`].
pub const PROBE_HEADER: [&str; 4] = ["probe size", "start", "end", "change"];

/// One probed size: the read bandwidth at the start and at the end of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeRow {
    /// Bytes read per call.
    pub size: u64,
    /// Bytes per second at the start, if probed.
    pub start: Option<f64>,
    /// Bytes per second at the end, if probed.
    pub end: Option<f64>,
}

impl ProbeRow {
    /// `end / start − 1`, when both were probed.
    pub fn change(&self) -> Option<f64> {
        let (start, end) = (self.start?, self.end?);
        (start > 0.0).then(|| end / start - 1.0)
    }

    /// The row's cells in the order of [`PROBE_HEADER`]: `16 KiB`, `95.1 GB/s`, `94.0 GB/s`,
    /// `-1.2%` (`-` where a phase was not probed).
    pub fn cells(&self) -> [String; 4] {
        let rate = |r: Option<f64>| r.map_or("-".into(), |r| figure::rate(Unit::Bytes, r));
        [
            figure::size(Unit::Bytes, self.size),
            rate(self.start),
            rate(self.end),
            self.change()
                .map_or("-".into(), |c| format!("{:+.1}%", c * 100.0)),
        ]
    }
}

/// The probes paired by size, ascending. Phases other than `start` and `end` are ignored.
pub fn probe_rows(probes: &[ProbeRecord]) -> Vec<ProbeRow> {
    let mut rows: Vec<ProbeRow> = Vec::new();
    for p in probes {
        let at = match rows.iter().position(|r| r.size == p.size) {
            Some(at) => at,
            None => {
                rows.push(ProbeRow {
                    size: p.size,
                    start: None,
                    end: None,
                });
                rows.len() - 1
            }
        };
        match p.phase.as_str() {
            "start" => rows[at].start = Some(p.bytes_per_second),
            "end" => rows[at].end = Some(p.bytes_per_second),
            _ => {}
        }
    }
    rows.retain(|r| r.start.is_some() || r.end.is_some());
    rows.sort_by_key(|r| r.size);
    rows
}

/// The drift guard's verdict on a run in a few words: `2 warnings`, `no drift`, or `not probed`
/// (a run from before the drift guard, or tuned with `--no-drift-probe`).
pub fn status_text(data: &RunData) -> String {
    match (data.run.warnings.len(), data.probes.is_empty()) {
        (0, true) => "not probed".into(),
        (0, false) => "no drift".into(),
        (1, _) => "1 warning".into(),
        (n, _) => format!("{n} warnings"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(phase: &str, size: u64, gbps: f64) -> ProbeRecord {
        ProbeRecord {
            phase: phase.into(),
            size,
            bytes_per_second: gbps * 1e9,
        }
    }

    #[test]
    fn probes_pair_by_size_with_their_change() {
        let rows = probe_rows(&[
            probe("start", 64 << 20, 10.0),
            probe("start", 16 << 10, 100.0),
            probe("end", 16 << 10, 75.0),
            probe("middle", 4096, 1.0),
        ]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].cells(),
            ["16 KiB", "100.0 GB/s", "75.0 GB/s", "-25.0%"]
        );
        assert_eq!(rows[1].cells(), ["64 MiB", "10.0 GB/s", "-", "-"]);
        assert!(probe_rows(&[]).is_empty());
    }
}
