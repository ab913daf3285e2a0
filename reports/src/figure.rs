//! Figures as people read them: rates in the op's unit, times in ns/µs/ms, sizes in B/KiB/MiB.
//!
//! The one place these are spelled, for the report, the explorer and the tune summary alike;
//! durations are the oracle's spelling ([`ns`]), which its explanations print too.

/// What an op's size counts, as the store spells it (`bytes`, `elements`, `flops`).
pub use arsenal_manifest::Unit;

/// A rate of `unit` per second: `83.2 GB/s`, `125.0 Melem/s`, `98.1 GFLOP/s`.
pub fn rate(unit: Unit, per_second: f64) -> String {
    let (scaled, prefix) = si(per_second);
    match unit {
        Unit::Bytes => format!("{scaled:.1} {prefix}B/s"),
        Unit::Elements => format!("{scaled:.1} {prefix}elem/s"),
        Unit::Flops => format!("{scaled:.1} {prefix}FLOP/s"),
    }
}

/// A rate in at most 7 characters for narrow columns and axis labels: `83G`, `1.2G`, `950M`.
pub fn rate_short(per_second: f64) -> String {
    let (scaled, prefix) = si(per_second);
    if scaled < 10.0 {
        format!("{scaled:.1}{prefix}")
    } else {
        format!("{scaled:.0}{prefix}")
    }
}

/// A duration in nanoseconds, with a unit that keeps 3–4 significant digits (the oracle's
/// spelling, so explanations and reports agree).
pub use arsenal_oracle::ns;

/// A duration in at most 6 characters: `5.4ns`, `731ns`, `2.8µs`, `186µs`, `14ms`.
pub fn ns_short(value: f64) -> String {
    let (scaled, unit) = if value < 1e3 {
        (value, "ns")
    } else if value < 1e6 {
        (value / 1e3, "µs")
    } else if value < 1e9 {
        (value / 1e6, "ms")
    } else {
        (value / 1e9, "s")
    };
    if scaled < 10.0 {
        format!("{scaled:.1}{unit}")
    } else {
        format!("{scaled:.0}{unit}")
    }
}

/// A size in the op's unit: `4 KiB`, `1 MiB`, `100 elem`, `n=1024`.
pub fn size(unit: Unit, size: u64) -> String {
    match unit {
        Unit::Bytes => bytes(size),
        Unit::Elements => format!("{} elem", count(size)),
        Unit::Flops => format!("n={size}"),
    }
}

/// The sizes of a band from `from` up to `below` (exclusive; `None`: unbounded): `64 B–4 KiB`
/// (the last size in it), `64 B up`, `every size`.
pub fn size_range(unit: Unit, from: u64, below: Option<u64>) -> String {
    match below {
        None if from == 0 => "every size".to_string(),
        None => format!("{} up", size(unit, from)),
        Some(below) => format!(
            "{}–{}",
            size(unit, from),
            size(unit, below.saturating_sub(1))
        ),
    }
}

/// A size in at most 6 characters: `16B`, `4K`, `1M`, `10k`, `n1024`.
pub fn size_short(unit: Unit, size: u64) -> String {
    match unit {
        Unit::Bytes => bytes(size).replace(' ', "").replace("iB", ""),
        Unit::Elements => count(size),
        Unit::Flops => format!("n{size}"),
    }
}

/// A ratio as `×1.23`.
pub fn ratio(value: f64) -> String {
    format!("×{value:.2}")
}

fn bytes(size: u64) -> String {
    const K: u64 = 1 << 10;
    match size {
        s if s >= K * K * K && s % (K * K * K) == 0 => format!("{} GiB", s / (K * K * K)),
        s if s >= K * K && s % (K * K) == 0 => format!("{} MiB", s / (K * K)),
        s if s >= K && s % K == 0 => format!("{} KiB", s / K),
        s => format!("{s} B"),
    }
}

/// A count with a decimal suffix when round: `1000` → `1k`, `1000000` → `1M`.
fn count(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
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
        assert_eq!(rate_short(83.24e9), "83G");
        assert_eq!(rate_short(1.25e9), "1.2G");
        assert_eq!(ns_short(5.43), "5.4ns");
        assert_eq!(ns_short(186_180.0), "186µs");
        assert_eq!(size(Unit::Bytes, 1 << 20), "1 MiB");
        assert_eq!(size(Unit::Bytes, 4096), "4 KiB");
        assert_eq!(size(Unit::Bytes, 16), "16 B");
        assert_eq!(size(Unit::Elements, 100), "100 elem");
        assert_eq!(size(Unit::Elements, 10_000), "10k elem");
        assert_eq!(size(Unit::Flops, 256), "n=256");
        assert_eq!(size_short(Unit::Bytes, 4096), "4K");
        assert_eq!(size_short(Unit::Bytes, 16), "16B");
        assert_eq!(size_short(Unit::Bytes, 1 << 20), "1M");
        assert_eq!(Unit::from_name("flops"), Unit::Flops);
        assert_eq!(ratio(1.234), "×1.23");
    }
}
