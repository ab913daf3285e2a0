//! Figures as a share of the host's hardware ceilings, written once for the report and the
//! explorer.
//!
//! The ceilings are the `ceiling.*` ops' best results on the host (`Store::ceilings`): `read`, the
//! bandwidth of streaming reads at a working-set size, and `fma_f32`, the peak of fused
//! multiply-adds. A byte rate is set against the read bandwidth measured at the nearest size (by
//! ratio, as sizes are geometric); a FLOP rate against the FMA peak. Element rates have no
//! ceiling, and neither has a figure when its ceiling was never measured.

use arsenal_db::CeilingRecord;

use crate::figure::Unit;

/// One figure set against its ceiling.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// `100 * figure / ceiling`.
    pub percent: f64,
    /// `read` or `fma_f32`.
    pub kind: String,
    /// The ceiling's size (0 when it does not depend on size).
    pub size: u64,
    /// The ceiling, in units per second.
    pub value: f64,
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

    /// `units_per_second` of an op counting `unit`, measured at `size`, as a share of its
    /// ceiling; `None` when there is no ceiling for it.
    pub fn share(&self, unit: Unit, size: u64, units_per_second: f64) -> Option<Share> {
        if !units_per_second.is_finite() {
            return None;
        }
        let ceiling = match unit {
            Unit::Bytes => self.nearest("read", size)?,
            Unit::Flops => self.peak("fma_f32")?,
            Unit::Elements => return None,
        };
        Some(Share {
            percent: 100.0 * units_per_second / ceiling.value,
            kind: ceiling.kind.clone(),
            size: ceiling.size,
            value: ceiling.value,
        })
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

    #[test]
    fn bytes_meet_the_read_bandwidth_at_the_nearest_size() {
        let c = host();
        let s = c.share(Unit::Bytes, 4096, 50e9).unwrap();
        assert_eq!((s.kind.as_str(), s.size, s.percent), ("read", 4096, 25.0));
        // 16 KiB is 4× from 4 KiB and 64× from 1 MiB.
        assert_eq!(c.share(Unit::Bytes, 16 << 10, 50e9).unwrap().size, 4096);
        // 256 KiB is 4× from 1 MiB.
        assert_eq!(c.share(Unit::Bytes, 256 << 10, 50e9).unwrap().size, 1 << 20);
        assert_eq!(c.share(Unit::Bytes, 1 << 30, 10e9).unwrap().percent, 50.0);
        let above = c.share(Unit::Bytes, 1 << 30, 30e9).unwrap();
        assert!(
            above.at_ceiling() && above.percent_text() == "at ceiling",
            "{above:?}"
        );
        assert_eq!(c.share(Unit::Bytes, 16, 2e9).unwrap().percent_text(), "1%");
    }

    #[test]
    fn flops_meet_the_fma_peak_and_elements_nothing() {
        let c = host();
        let s = c.share(Unit::Flops, 512, 125e9).unwrap();
        assert_eq!((s.kind.as_str(), s.percent), ("fma_f32", 25.0));
        assert_eq!(c.share(Unit::Elements, 512, 1e9), None);
    }

    #[test]
    fn no_ceiling_no_share() {
        let none = Ceilings::new(&[]);
        assert!(none.is_empty());
        assert_eq!(none.share(Unit::Bytes, 64, 1e9), None);
        let only_fma = Ceilings::new(&[ceiling("fma_f32", 0, 1e9)]);
        assert_eq!(only_fma.share(Unit::Bytes, 64, 1e9), None);
        assert_eq!(only_fma.share(Unit::Flops, 64, f64::NAN), None);
    }
}
