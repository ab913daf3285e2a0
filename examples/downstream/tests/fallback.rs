//! With AVX-512 and AVX2 masked, a binary wired to AVX-512 and AVX2 variants runs correctly
//! through the runtime-dispatch fallback. Its own test binary: the mask is read once per process.

use arsenal::{selected, Strategy};

#[test]
fn masked_features_fall_back_and_stay_correct() {
    std::env::set_var("ARSENAL_DISABLE", "avx512f,avx2");
    if cfg!(target_feature = "avx2") {
        eprintln!("skipped: this build enables AVX2 at compile time, so nothing can mask it");
        return;
    }
    let fallback = arsenal::runtime_variant("search.memchr").unwrap();
    assert!(!["avx2", "avx512"].contains(&fallback), "{fallback}");

    let wired = selected("search.memchr", Strategy::Latency, 1000).unwrap();
    assert_eq!(
        (wired.variant, wired.direct, wired.runs),
        ("avx512", false, fallback)
    );
    let wired = selected("search.memchr", Strategy::Throughput, 1000).unwrap();
    assert_eq!((wired.variant, wired.runs), ("avx2", fallback));
    let wired = selected("search.memrchr", Strategy::Throughput, 1000).unwrap();
    assert_eq!(
        wired.runs,
        arsenal::runtime_variant("search.memrchr").unwrap()
    );

    let mut hay = vec![b'.'; 10_000];
    for at in [0, 1, 63, 64, 999, 5000, 9999] {
        hay[at] = b'!';
        assert_eq!(arsenal::latency::search::memchr(b'!', &hay), Some(at));
        assert_eq!(arsenal::search::memchr(b'!', &hay), Some(at));
        assert_eq!(arsenal::search::memrchr(b'!', &hay), Some(at));
        hay[at] = b'.';
    }
    assert_eq!(arsenal::search::memchr(b'!', &hay), None);
}
