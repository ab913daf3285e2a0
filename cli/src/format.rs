//! Human-readable figures: rates in the op's unit, times in ns/µs/ms. Spelled once, in
//! `arsenal_report::figure`.

use arsenal::registry::Unit;
use arsenal_db::{BoundRecord, CeilingRecord};
use arsenal_report::ceiling::Ceilings;
use arsenal_report::figure;

/// A rate of `unit` per second: `83.2 GB/s`, `125 Melem/s`, `98.1 GFLOP/s`.
pub fn rate(unit: Unit, per_second: f64) -> String {
    figure::rate(unit, per_second)
}

/// A figure (units per second) of an op measured at `size` as a percentage of the least of its
/// `bounds` among `ceilings`, if the host measured one (see `arsenal_report::ceiling`).
pub fn of_ceiling(
    ceilings: &[CeilingRecord],
    bounds: &[BoundRecord],
    size: u64,
    per_second: f64,
) -> Option<f64> {
    Ceilings::new(ceilings)
        .share(bounds, size, per_second)
        .map(|share| share.percent)
}

/// [`of_ceiling`] as text: `37 %`, or `at ceiling` above 100 % (see
/// [`arsenal_report::ceiling::AT_CEILING_NOTE`]).
pub fn of_ceiling_text(
    ceilings: &[CeilingRecord],
    bounds: &[BoundRecord],
    size: u64,
    per_second: f64,
) -> Option<String> {
    let share = Ceilings::new(ceilings).share(bounds, size, per_second)?;
    Some(match share.at_ceiling() {
        true => share.percent_text(),
        false => format!("{:.0} %", share.percent),
    })
}

/// A duration in nanoseconds, with a unit that keeps 3–4 significant digits.
pub fn ns(value: f64) -> String {
    figure::ns(value)
}

/// A size in the op's unit: `4 KiB`, `1 MiB`, `10k elem`, `n=1024`.
pub fn size(unit: Unit, size: usize) -> String {
    figure::size(unit, size as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spelling itself is tested in `arsenal_report::figure`; here, that each kernel unit
    /// maps to its figure unit.
    #[test]
    fn kernel_units_map_to_figure_units() {
        assert!(rate(Unit::Bytes, 1e9).ends_with("B/s"));
        assert!(rate(Unit::Elements, 1e9).ends_with("elem/s"));
        assert!(rate(Unit::Flops, 1e9).ends_with("FLOP/s"));
        assert_eq!(size(Unit::Bytes, 1 << 20), "1 MiB");
    }
}
