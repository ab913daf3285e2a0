//! Human-readable figures: rates in the op's unit, times in ns/µs/ms. Spelled once, in
//! `arsenal_report::figure`; these take the kernels' unit type.

use arsenal::registry::Unit;
use arsenal_db::CeilingRecord;
use arsenal_report::ceiling::Ceilings;
use arsenal_report::figure;

fn unit_of(unit: Unit) -> figure::Unit {
    figure::Unit::from_name(unit.name())
}

/// A rate of `unit` per second: `83.2 GB/s`, `125 Melem/s`, `98.1 GFLOP/s`.
pub fn rate(unit: Unit, per_second: f64) -> String {
    figure::rate(unit_of(unit), per_second)
}

/// A figure (units per second, `unit` by name) as a percentage of the matching hardware ceiling
/// among `ceilings`, if one was measured (see `arsenal_report::ceiling`).
pub fn of_ceiling(
    ceilings: &[CeilingRecord],
    unit: &str,
    size: u64,
    per_second: f64,
) -> Option<f64> {
    Ceilings::new(ceilings)
        .share(figure::Unit::from_name(unit), size, per_second)
        .map(|share| share.percent)
}

/// A duration in nanoseconds, with a unit that keeps 3–4 significant digits.
pub fn ns(value: f64) -> String {
    figure::ns(value)
}

/// A size in the op's unit: `4 KiB`, `1 MiB`, `10k elem`, `n=1024`.
pub fn size(unit: Unit, size: usize) -> String {
    figure::size(unit_of(unit), size as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_well() {
        assert_eq!(rate(Unit::Bytes, 83.24e9), "83.2 GB/s");
        assert_eq!(rate(Unit::Elements, 1.25e8), "125.0 Melem/s");
        assert_eq!(rate(Unit::Flops, 9.81e10), "98.1 GFLOP/s");
        assert_eq!(ns(12.34), "12.3 ns");
        assert_eq!(ns(12_345.0), "12.35 µs");
        assert_eq!(ns(8.2e6), "8.20 ms");
        assert_eq!(size(Unit::Bytes, 1 << 20), "1 MiB");
        assert_eq!(size(Unit::Bytes, 4096), "4 KiB");
        assert_eq!(size(Unit::Bytes, 16), "16 B");
        assert_eq!(size(Unit::Elements, 100), "100 elem");
    }
}
