//! Which host table of a fleet manifest serves a CPU: the one rule both the CLI (`arsenal
//! manifest --check` and `explain` on a fleet) and the `arsenal` crate's start-up choice follow,
//! so the two cannot disagree. No std: the `arsenal` crate builds without it.

/// A CPU as a fleet manifest keys its tables: CPUID vendor string, display family and model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpuModel<'a> {
    /// CPUID vendor string, e.g. `AuthenticAMD`.
    pub vendor: &'a str,
    /// Display family (base plus extended).
    pub family: u32,
    /// Display model (base plus extended).
    pub model: u32,
}

/// The index of the table in `tables` that serves `cpu`, whose usable features `has` answers by
/// `target_feature` name: among the tables of the same vendor, family and model all of whose
/// features the CPU has, the one with the most features (the first of equals); `None` when no
/// table fits, and the caller falls back to runtime dispatch.
///
/// Each table is its CPU model and its features. A table tuned with features masked
/// (`ARSENAL_DISABLE`) fits a CPU that has more; a table whose features the CPU lacks (or has
/// masked) never serves it, so a table only calls variants the CPU can run.
pub fn serving<'a, T, F>(tables: T, cpu: CpuModel<'_>, has: impl Fn(&str) -> bool) -> Option<usize>
where
    T: IntoIterator<Item = (CpuModel<'a>, F)>,
    F: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(usize, usize)> = None;
    for (i, (model, features)) in tables.into_iter().enumerate() {
        if model != cpu {
            continue;
        }
        let mut count = 0;
        let mut fits = true;
        for feature in features {
            count += 1;
            fits &= has(feature);
        }
        if fits && best.is_none_or(|(_, most)| count > most) {
            best = Some((i, count));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZEN3: CpuModel = CpuModel {
        vendor: "AuthenticAMD",
        family: 25,
        model: 1,
    };
    const SPR: CpuModel = CpuModel {
        vendor: "GenuineIntel",
        family: 6,
        model: 143,
    };

    fn pick(
        tables: &[(CpuModel<'static>, &[&'static str])],
        cpu: CpuModel,
        has: &[&str],
    ) -> Option<usize> {
        serving(
            tables.iter().map(|(m, f)| (*m, f.iter().copied())),
            cpu,
            |f| has.contains(&f),
        )
    }

    #[test]
    fn the_table_of_the_cpu_model_serves_it() {
        let tables = [
            (SPR, &["sse2", "avx512f"][..]),
            (ZEN3, &["sse2", "avx2"][..]),
        ];
        assert_eq!(pick(&tables, ZEN3, &["sse2", "avx2"]), Some(1));
        assert_eq!(pick(&tables, SPR, &["sse2", "avx2", "avx512f"]), Some(0));
    }

    #[test]
    fn another_model_or_vendor_is_not_served() {
        let tables = [(ZEN3, &["sse2"][..])];
        let zen4 = CpuModel { model: 17, ..ZEN3 };
        let hygon = CpuModel {
            vendor: "HygonGenuine",
            ..ZEN3
        };
        assert_eq!(pick(&tables, zen4, &["sse2"]), None);
        assert_eq!(pick(&tables, hygon, &["sse2"]), None);
    }

    #[test]
    fn a_table_needing_a_feature_the_cpu_lacks_is_not_served() {
        let tables = [(ZEN3, &["sse2", "avx2"][..])];
        assert_eq!(pick(&tables, ZEN3, &["sse2"]), None);
    }

    #[test]
    fn the_table_with_the_most_usable_features_wins() {
        let tables = [
            (ZEN3, &["sse2"][..]),
            (ZEN3, &["sse2", "avx2"][..]),
            (ZEN3, &["sse2", "avx2", "sha"][..]),
        ];
        assert_eq!(pick(&tables, ZEN3, &["sse2", "avx2", "sha"]), Some(2));
        // AVX2 masked: the table tuned with it masked serves.
        assert_eq!(pick(&tables, ZEN3, &["sse2", "sha"]), Some(0));
        assert_eq!(pick(&tables, ZEN3, &["sse2", "avx2"]), Some(1));
    }
}
