//! Figures as a share of the host's hardware ceilings, written once for the report, the
//! explorer and the CLI.
//!
//! The ceilings are the `ceiling.*` ops' best results on the host (`Store::ceilings`): `read`,
//! the bandwidth of streaming reads at a working-set size, `fma_f32`, the peak of fused
//! multiply-adds, and `mul_u32`, the peak of 32 × 32 → 64-bit multiplies. Each kernel's declaration states the bounds its throughput is read against
//! (stored with the op: [`BoundRecord`]): a bound is `per` of the op's units for each unit of a
//! ceiling — read at the nearest measured size (by ratio, as sizes are geometric) when the
//! ceiling depends on size, else its peak. A figure is set against the least of its bounds that
//! the host measured; an op with no bound (a ceiling op, a sort counting elements) has no share.
//! Runs stored before bounds are read as they were then: bytes against the read bandwidth,
//! flops against the FMA peak ([`bounds`]).

use std::borrow::Cow;

use arsenal_db::{BoundRecord, CeilingRecord, RunRow};

use crate::figure::{self, Unit};

/// One figure set against its bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// `100 * figure / bound`.
    pub percent: f64,
    /// The ceiling the bound derives from: `read`, `fma_f32`, …
    pub kind: String,
    /// The ceiling's size (0 when it does not depend on size).
    pub size: u64,
    /// The bound, in the op's units per second: `per ×` the ceiling.
    pub value: f64,
    /// The op's units per unit of the ceiling.
    pub per: f64,
    /// The bound's derivation, as the op's declaration states it.
    pub why: String,
}

/// Why a share above 100 % reads "at ceiling" rather than a number: the ceiling is a probe's best
/// streaming read at the nearest measured size, and at small sizes a kernel's call shape (one
/// call, data in registers or L1, no loop overhead) can beat it; such a figure means "bound by
/// the hardware here", not "faster than the hardware".
pub const AT_CEILING_NOTE: &str = "at ceiling: above 100 % of the read probe at the nearest size, \
     which small calls can beat (same data in L1, no loop); read it as bound by the hardware";

impl Share {
    /// Whether the figure exceeds its ceiling (see [`AT_CEILING_NOTE`]).
    pub fn at_ceiling(&self) -> bool {
        self.percent > 100.0
    }

    /// `37%`, or `at ceiling` above 100 % (see [`AT_CEILING_NOTE`]).
    pub fn percent_text(&self) -> String {
        if self.at_ceiling() {
            "at ceiling".to_string()
        } else {
            format!("{:.0}%", self.percent)
        }
    }

    /// The bound for people, with `unit` the op's: `read bound 95.1 GB/s at 1 MiB (memory-bound:
    /// …)`, `mul_u32 bound 150.2 GB/s = 8 × the mul_u32 ceiling (…)`.
    pub fn bound_text(&self, unit: Unit) -> String {
        let at = match self.size {
            0 => String::new(),
            size => format!(" at {}", figure::size(Unit::Bytes, size)),
        };
        let times = match self.per == 1.0 {
            true => String::new(),
            false => format!(" = {} × the {} ceiling", self.per, self.kind),
        };
        format!(
            "{} bound {}{at}{times} ({})",
            self.kind,
            figure::rate(unit, self.value),
            self.why
        )
    }
}

/// The bounds `op` (counting `unit`) is read against in `run`: as stored with it, or for an op
/// stored before bounds the rule of that time — bytes against the read bandwidth at the size,
/// flops against the FMA peak, ceiling ops and elements against nothing.
pub fn bounds<'a>(run: &'a RunRow, op: &str, unit: Unit) -> Cow<'a, [BoundRecord]> {
    if let Some(stored) = run.bounds.get(op) {
        return Cow::Borrowed(stored);
    }
    let legacy = |kind: &str, sized| BoundRecord {
        kind: kind.into(),
        per: 1.0,
        sized,
        why: "read by unit, as runs stored before bounds were".into(),
    };
    Cow::Owned(match (run.ceiling_ops.iter().any(|c| c == op), unit) {
        (true, _) | (false, Unit::Elements) => vec![],
        (false, Unit::Bytes) => vec![legacy("read", true)],
        (false, Unit::Flops) => vec![legacy("fma_f32", false)],
    })
}

/// The ceilings of one host.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ceilings(Vec<CeilingRecord>);

impl Ceilings {
    /// Keeps the usable ceilings of `records` (finite and positive).
    pub fn new(records: &[CeilingRecord]) -> Ceilings {
        let usable = records
            .iter()
            .filter(|c| c.value.is_finite() && c.value > 0.0)
            .cloned();
        Ceilings(usable.collect())
    }

    /// Whether no ceiling is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `units_per_second` of an op measured at `size`, as a share of the least of its `bounds`
    /// this host measured; `None` when it measured none of them.
    pub fn share(&self, bounds: &[BoundRecord], size: u64, units_per_second: f64) -> Option<Share> {
        if !units_per_second.is_finite() {
            return None;
        }
        bounds
            .iter()
            .filter_map(|b| {
                let ceiling = match b.sized {
                    true => self.nearest(&b.kind, size)?,
                    false => self.peak(&b.kind)?,
                };
                let value = b.per * ceiling.value;
                Some(Share {
                    percent: 100.0 * units_per_second / value,
                    kind: ceiling.kind.clone(),
                    size: ceiling.size * u64::from(b.sized),
                    value,
                    per: b.per,
                    why: b.why.clone(),
                })
            })
            .max_by(|a, b| a.percent.total_cmp(&b.percent))
    }

    fn nearest(&self, kind: &str, size: u64) -> Option<&CeilingRecord> {
        let distance = |c: &CeilingRecord| {
            let (a, b) = (c.size.max(1) as f64, size.max(1) as f64);
            (a / b).ln().abs()
        };
        self.0
            .iter()
            .filter(|c| c.kind == kind)
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
    }

    fn peak(&self, kind: &str) -> Option<&CeilingRecord> {
        self.0
            .iter()
            .filter(|c| c.kind == kind)
            .max_by(|a, b| a.value.total_cmp(&b.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ceiling(kind: &str, size: u64, value: f64) -> CeilingRecord {
        CeilingRecord {
            kind: kind.into(),
            size,
            value,
            unit: if kind == "read" { "bytes/s" } else { "flops/s" }.into(),
            variant: "avx2".into(),
        }
    }

    fn host() -> Ceilings {
        Ceilings::new(&[
            ceiling("read", 4096, 200e9),
            ceiling("read", 1 << 20, 100e9),
            ceiling("read", 64 << 20, 20e9),
            ceiling("fma_f32", 0, 500e9),
            ceiling("fma_f32", 0, 0.0),
        ])
    }

    fn bound(kind: &str, per: f64) -> BoundRecord {
        BoundRecord {
            kind: kind.into(),
            per,
            sized: kind == "read",
            why: format!("{per} a unit of {kind}"),
        }
    }

    #[test]
    fn bytes_meet_the_read_bandwidth_at_the_nearest_size() {
        let c = host();
        let read = [bound("read", 1.0)];
        let s = c.share(&read, 4096, 50e9).unwrap();
        assert_eq!((s.kind.as_str(), s.size, s.percent), ("read", 4096, 25.0));
        // 16 KiB is 4× from 4 KiB and 64× from 1 MiB.
        assert_eq!(c.share(&read, 16 << 10, 50e9).unwrap().size, 4096);
        // 256 KiB is 4× from 1 MiB.
        assert_eq!(c.share(&read, 256 << 10, 50e9).unwrap().size, 1 << 20);
        assert_eq!(c.share(&read, 1 << 30, 10e9).unwrap().percent, 50.0);
        let above = c.share(&read, 1 << 30, 30e9).unwrap();
        assert!(
            above.at_ceiling() && above.percent_text() == "at ceiling",
            "{above:?}"
        );
        assert_eq!(c.share(&read, 16, 2e9).unwrap().percent_text(), "1%");
    }

    #[test]
    fn the_least_bound_measured_decides() {
        let c = host();
        // 0.25 flop a byte: the FMA peak bounds at 125 G/s, below the read bandwidth at 4 KiB
        // (200 G/s) but above it at 64 MiB (20 G/s).
        let both = [bound("read", 1.0), bound("fma_f32", 0.25)];
        let small = c.share(&both, 4096, 50e9).unwrap();
        assert_eq!(
            (small.kind.as_str(), small.percent, small.size),
            ("fma_f32", 40.0, 0)
        );
        assert_eq!(small.value, 125e9);
        let large = c.share(&both, 64 << 20, 10e9).unwrap();
        assert_eq!((large.kind.as_str(), large.percent), ("read", 50.0));
        // A bound the host never measured is left out, not read as zero.
        let unmeasured = [bound("mul_u32", 8.0), bound("read", 1.0)];
        assert_eq!(c.share(&unmeasured, 4096, 50e9).unwrap().kind, "read");
        assert_eq!(
            small.bound_text(Unit::Bytes),
            "fma_f32 bound 125.0 GB/s = 0.25 × the fma_f32 ceiling (0.25 a unit of fma_f32)"
        );
        assert_eq!(
            large.bound_text(Unit::Bytes),
            "read bound 20.0 GB/s at 64 MiB (1 a unit of read)"
        );
    }

    #[test]
    fn flops_meet_the_fma_peak_and_no_bound_no_share() {
        let c = host();
        let s = c.share(&[bound("fma_f32", 1.0)], 512, 125e9).unwrap();
        assert_eq!((s.kind.as_str(), s.percent), ("fma_f32", 25.0));
        assert_eq!(c.share(&[], 512, 1e9), None);
    }

    #[test]
    fn no_ceiling_no_share() {
        let none = Ceilings::new(&[]);
        assert!(none.is_empty());
        assert_eq!(none.share(&[bound("read", 1.0)], 64, 1e9), None);
        let only_fma = Ceilings::new(&[ceiling("fma_f32", 0, 1e9)]);
        assert_eq!(only_fma.share(&[bound("read", 1.0)], 64, 1e9), None);
        assert_eq!(only_fma.share(&[bound("fma_f32", 1.0)], 64, f64::NAN), None);
    }

    #[test]
    fn runs_stored_before_bounds_are_read_by_unit() {
        let mut run = crate::sample::run_row(1);
        run.bounds.clear();
        run.ceiling_ops = vec!["ceiling.read".into()];
        fn kinds(run: &RunRow, op: &str, unit: Unit) -> Vec<String> {
            bounds(run, op, unit)
                .iter()
                .map(|b| b.kind.clone())
                .collect()
        }
        assert_eq!(kinds(&run, "search.memchr", Unit::Bytes), ["read"]);
        assert_eq!(kinds(&run, "linalg.sgemm", Unit::Flops), ["fma_f32"]);
        assert!(kinds(&run, "sort.u64", Unit::Elements).is_empty());
        assert!(kinds(&run, "ceiling.read", Unit::Bytes).is_empty());
        // Stored bounds win, even empty ones.
        run.bounds.insert("search.memchr".into(), vec![]);
        run.bounds
            .insert("sort.u64".into(), vec![bound("fma_f32", 2.0)]);
        assert!(kinds(&run, "search.memchr", Unit::Bytes).is_empty());
        assert_eq!(kinds(&run, "sort.u64", Unit::Elements), ["fma_f32"]);
    }
}
