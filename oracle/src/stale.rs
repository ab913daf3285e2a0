//! Staleness: reasons a manifest may no longer fit the host it is used on.

use std::collections::BTreeSet;

use crate::features::normalize_feature;
use arsenal_manifest::{Manifest, ManifestHost};

fn feature_set(host: &ManifestHost) -> BTreeSet<String> {
    host.features.iter().map(|f| normalize_feature(f)).collect()
}

fn differs<T: PartialEq + std::fmt::Display>(what: &str, tuned: T, here: T) -> Option<String> {
    (tuned != here).then(|| format!("another {what}: tuned on {tuned}, this host has {here}"))
}

/// Why a manifest tuned on `recorded` may not fit `current`; empty when the hosts match.
///
/// Reasons, one line each: another CPU vendor, brand, family, model, stepping or microcode;
/// features this host lacks or adds; and, when none of those explains it, another fingerprint
/// (caches, cores, kernel or toolchain differ). [`manifest_staleness`] adds the chosen variants
/// that need a missing feature.
pub fn staleness(recorded: &ManifestHost, current: &ManifestHost) -> Vec<String> {
    let mut reasons: Vec<String> = [
        differs("CPU vendor", &recorded.vendor, &current.vendor),
        differs("CPU brand", &recorded.brand, &current.brand),
        differs("CPU family", recorded.family, current.family),
        differs("CPU model", recorded.model, current.model),
        differs("CPU stepping", recorded.stepping, current.stepping),
        differs("microcode", &recorded.microcode, &current.microcode),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (tuned, here) = (feature_set(recorded), feature_set(current));
    let lost: Vec<&str> = tuned.difference(&here).map(String::as_str).collect();
    if !lost.is_empty() {
        reasons.push(format!(
            "this host lacks CPU features the tuned host had: {}",
            lost.join(", ")
        ));
    }
    let gained: Vec<&str> = here.difference(&tuned).map(String::as_str).collect();
    if !gained.is_empty() {
        reasons.push(format!(
            "this host has CPU features the tuned host lacked (a new tune may choose faster \
             variants): {}",
            gained.join(", ")
        ));
    }
    if reasons.is_empty() && recorded.fingerprint != current.fingerprint {
        reasons.push(format!(
            "another host fingerprint: tuned on {}, this host has {} (caches, cores, kernel or \
             toolchain differ)",
            recorded.fingerprint, current.fingerprint
        ));
    }
    reasons
}

/// Why `manifest` may not fit `current`: the host reasons of [`staleness`], then one line
/// per chosen (op, strategy, variant) that needs a CPU feature `current` lacks, or that this
/// build does not know.
///
/// `requires(op, variant)` gives the variant's required features (`target_feature` names), or
/// `None` for a variant unknown to the caller's registry. The manifest does not store them.
pub fn manifest_staleness<F>(
    manifest: &Manifest,
    current: &ManifestHost,
    requires: F,
) -> Vec<String>
where
    F: Fn(&str, &str) -> Option<Vec<String>>,
{
    let mut reasons = staleness(&manifest.host, current);
    let here = feature_set(current);
    for (op, strategy, variant) in manifest.chosen() {
        let Some(needed) = requires(op, variant) else {
            reasons.push(format!(
                "{op} {strategy}: variant `{variant}` is unknown to this build of Arsenal"
            ));
            continue;
        };
        let missing: BTreeSet<String> = needed
            .iter()
            .map(|f| normalize_feature(f))
            .filter(|f| !here.contains(f))
            .collect();
        if !missing.is_empty() {
            let missing: Vec<String> = missing.into_iter().collect();
            reasons.push(format!(
                "{op} {strategy}: variant `{variant}` needs {}, which this host lacks",
                missing.join(", ")
            ));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> ManifestHost {
        ManifestHost {
            fingerprint: "f00d".into(),
            vendor: "AuthenticAMD".into(),
            brand: "AMD Ryzen 9 7950X".into(),
            family: 25,
            model: 97,
            stepping: 2,
            microcode: "0xa601206".into(),
            features: ["sse2", "sse4.2", "avx2", "avx512f", "avx512bw"]
                .map(String::from)
                .to_vec(),
        }
    }

    fn manifest() -> Manifest {
        let text = r#"{
          "schema": 1, "arsenal": "0.1.0", "run": 1, "policy": {},
          "host": { "fingerprint": "f00d", "vendor": "AuthenticAMD", "brand": "AMD Ryzen 9 7950X",
                    "family": 25, "model": 97, "stepping": 2, "microcode": "0xa601206",
                    "features": ["sse2", "sse4.2", "avx2", "avx512f", "avx512bw"] },
          "default_strategy": "throughput",
          "ops": { "hash.xxh3_64": {
            "throughput": [ { "below": 64, "variant": "scalar", "decisive": true },
                            { "below": null, "variant": "avx512", "decisive": true } ],
            "latency": [ { "below": null, "variant": "mystery", "decisive": false } ] } }
        }"#;
        Manifest::from_json(text).unwrap()
    }

    fn registry(_op: &str, variant: &str) -> Option<Vec<String>> {
        match variant {
            "scalar" => Some(Vec::new()),
            "avx512" => Some(vec!["avx512bw".into(), "avx512f".into()]),
            _ => None,
        }
    }

    #[test]
    fn the_same_host_is_not_stale() {
        assert!(staleness(&host(), &host()).is_empty());
    }

    #[test]
    fn each_cpu_difference_is_a_reason() {
        let mut other = host();
        other.vendor = "GenuineIntel".into();
        other.brand = "Intel Xeon".into();
        other.family = 6;
        other.model = 143;
        other.stepping = 8;
        other.microcode = "0x2b000590".into();
        other.fingerprint = "beef".into();
        let reasons = staleness(&host(), &other);
        assert_eq!(
            reasons,
            [
                "another CPU vendor: tuned on AuthenticAMD, this host has GenuineIntel",
                "another CPU brand: tuned on AMD Ryzen 9 7950X, this host has Intel Xeon",
                "another CPU family: tuned on 25, this host has 6",
                "another CPU model: tuned on 97, this host has 143",
                "another CPU stepping: tuned on 2, this host has 8",
                "another microcode: tuned on 0xa601206, this host has 0x2b000590",
            ]
        );
    }

    #[test]
    fn feature_differences_are_reasons() {
        let mut other = host();
        other.features = ["sse2", "sse42", "avx2", "gfni"].map(String::from).to_vec();
        let reasons = staleness(&host(), &other);
        assert_eq!(
            reasons,
            [
                "this host lacks CPU features the tuned host had: avx512bw, avx512f",
                "this host has CPU features the tuned host lacked (a new tune may choose faster \
                 variants): gfni",
            ]
        );
    }

    #[test]
    fn fingerprint_alone_is_reported_when_nothing_else_differs() {
        let mut other = host();
        other.fingerprint = "beef".into();
        let reasons = staleness(&host(), &other);
        assert_eq!(reasons.len(), 1);
        assert!(
            reasons[0].starts_with("another host fingerprint: tuned on f00d, this host has beef")
        );
    }

    #[test]
    fn chosen_variants_needing_missing_features_make_it_stale() {
        let manifest = manifest();
        let mut masked = host();
        masked.features.retain(|f| !f.starts_with("avx512"));
        let reasons = manifest_staleness(&manifest, &masked, registry);
        assert_eq!(
            reasons,
            [
                "this host lacks CPU features the tuned host had: avx512bw, avx512f",
                "hash.xxh3_64 throughput: variant `avx512` needs avx512bw, avx512f, which this \
                 host lacks",
                "hash.xxh3_64 latency: variant `mystery` is unknown to this build of Arsenal",
            ]
        );
        let reasons = manifest_staleness(&manifest, &host(), registry);
        assert_eq!(
            reasons,
            ["hash.xxh3_64 latency: variant `mystery` is unknown to this build of Arsenal"]
        );
    }
}
