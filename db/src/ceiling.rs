//! Which hardware ceiling a kernel's figure is measured against.
//!
//! Bytes-bound ops compare with the read bandwidth (`ceiling.read`) at the same size: the ceiling
//! ladder includes every size of the byte ops' ladder, and for any other size the ceiling of the
//! nearest measured size (by ratio) stands in. Flop-bound ops (sgemm) compare with the f32 FMA
//! peak (`ceiling.fma_f32`, the best of any size). Element-counted ops (sorts) have no ceiling.

use crate::CeilingRecord;

/// The ceiling for a figure in `unit` (`bytes`, `flops`, `elements`) at `size`, if measured.
pub fn matching<'a>(
    ceilings: &'a [CeilingRecord],
    unit: &str,
    size: u64,
) -> Option<&'a CeilingRecord> {
    match unit {
        "bytes" => ceilings
            .iter()
            .filter(|c| c.kind == "read" && c.size > 0)
            .min_by(|a, b| distance(a.size, size).total_cmp(&distance(b.size, size))),
        "flops" => ceilings
            .iter()
            .filter(|c| c.kind == "fma_f32")
            .max_by(|a, b| a.value.total_cmp(&b.value)),
        _ => None,
    }
}

/// A figure (units per second) as a percentage of its ceiling, if one is measured.
pub fn percent(ceilings: &[CeilingRecord], unit: &str, size: u64, per_second: f64) -> Option<f64> {
    let c = matching(ceilings, unit, size)?;
    (c.value > 0.0).then(|| per_second / c.value * 100.0)
}

fn distance(a: u64, b: u64) -> f64 {
    ((a.max(1) as f64) / (b.max(1) as f64)).ln().abs()
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
            variant: "avx512".into(),
        }
    }

    #[test]
    fn bytes_use_the_read_ceiling_at_the_nearest_size() {
        let cs = [
            ceiling("read", 4096, 200e9),
            ceiling("read", 1 << 20, 100e9),
            ceiling("fma_f32", 0, 1e11),
        ];
        assert_eq!(matching(&cs, "bytes", 4096).unwrap().value, 200e9);
        assert_eq!(matching(&cs, "bytes", 8192).unwrap().value, 200e9);
        assert_eq!(matching(&cs, "bytes", 900_000).unwrap().value, 100e9);
        assert_eq!(percent(&cs, "bytes", 1 << 20, 50e9), Some(50.0));
    }

    #[test]
    fn flops_use_the_best_fma_peak_and_elements_have_none() {
        let cs = [
            ceiling("fma_f32", 1024, 90e9),
            ceiling("fma_f32", 4096, 110e9),
            ceiling("read", 16, 1e9),
        ];
        assert_eq!(matching(&cs, "flops", 1024).unwrap().value, 110e9);
        assert!(matching(&cs, "elements", 100).is_none());
        assert!(matching(&[], "bytes", 100).is_none());
    }
}
