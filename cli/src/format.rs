//! Human-readable figures: rates in the op's unit, times in ns/µs/ms.

use arsenal::registry::Unit;

/// A rate of `unit` per second: `83.2 GB/s`, `125 Melem/s`, `98.1 GFLOP/s`.
pub fn rate(unit: Unit, per_second: f64) -> String {
    let (scaled, prefix) = si(per_second);
    match unit {
        Unit::Bytes => format!("{scaled:.1} {prefix}B/s"),
        Unit::Elements => format!("{scaled:.1} {prefix}elem/s"),
        Unit::Flops => format!("{scaled:.1} {prefix}FLOP/s"),
    }
}

/// A duration in nanoseconds, with a unit that keeps 3–4 significant digits.
pub fn ns(value: f64) -> String {
    if value < 1e3 {
        format!("{value:.1} ns")
    } else if value < 1e6 {
        format!("{:.2} µs", value / 1e3)
    } else if value < 1e9 {
        format!("{:.2} ms", value / 1e6)
    } else {
        format!("{:.2} s", value / 1e9)
    }
}

/// A size in the op's unit: `4 KiB`, `1 MiB`, `10000 elem`, `n=1024`.
pub fn size(unit: Unit, size: usize) -> String {
    match unit {
        Unit::Bytes => bytes(size),
        Unit::Elements => format!("{size} elem"),
        Unit::Flops => format!("n={size}"),
    }
}

fn bytes(size: usize) -> String {
    const K: usize = 1 << 10;
    match size {
        s if s >= K * K && s % (K * K) == 0 => format!("{} MiB", s / (K * K)),
        s if s >= K && s % K == 0 => format!("{} KiB", s / K),
        s => format!("{s} B"),
    }
}

fn si(value: f64) -> (f64, &'static str) {
    for (scale, prefix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] {
        if value >= scale {
            return (value / scale, prefix);
        }
    }
    (value, "")
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
