//! With `ARSENAL_DISABLE` masking AVX-512 and AVX2, the entries fall back and the masked variants
//! report unavailable. Its own test binary: the mask is read once per process.

use arsenal::cpu::{self, Feature};
use arsenal::registry::Availability;
use arsenal::workload::{VariantError, VerifyError};

#[test]
fn masked_features_force_fallbacks() {
    // This binary's only test sets the variable before anything reads it.
    std::env::set_var("ARSENAL_DISABLE", "avx512f,avx2");
    let host = cpu::host();
    assert!(!host.contains(Feature::Avx2));
    assert!(!host.contains(Feature::Avx512f));
    assert!(
        !host.contains(Feature::Avx512bw),
        "masking is closed under prerequisites"
    );

    for w in arsenal::workloads() {
        let op = w.info().name;
        for v in w.variants() {
            let needs_masked = v.requires.contains(Feature::Avx2)
                || v.requires.with_prerequisites().contains(Feature::Avx2);
            if needs_masked {
                assert!(!v.is_available(), "{op}/{} should be masked", v.name);
                assert!(matches!(v.availability(), Availability::Missing { .. }));
                assert!(matches!(
                    w.verify(v.name),
                    Err(VerifyError::Variant(VariantError::Unavailable(..)))
                ));
                if cpu::detected().contains_all(v.requires) {
                    assert!(
                        v.availability().to_string().contains("ARSENAL_DISABLE"),
                        "{}",
                        v.availability()
                    );
                }
            }
        }
        // The runtime choice is an available variant that needs neither feature.
        let chosen = w.runtime_choice();
        let info = w.variants().into_iter().find(|v| v.name == chosen).unwrap();
        assert!(info.is_available());
        assert!(!info.requires.with_prerequisites().contains(Feature::Avx2));
        // …and the public entries agree with the reference through it.
        w.verify(chosen)
            .unwrap_or_else(|e| panic!("{op}/{chosen}: {e}"));
    }

    #[cfg(target_arch = "x86_64")]
    assert_eq!(arsenal::runtime_variant("search.memchr"), Some("sse2"));

    // The entries themselves run (through the fallback) and are correct.
    let hay = b"find the needle: x marks it";
    assert_eq!(arsenal::search::memchr(b'x', hay), Some(17));
    assert_eq!(arsenal::search::memrchr(b'e', hay), Some(14));
}
