//! `ARSENAL_FORCE` in a program: the forced variant is what runtime dispatch runs, what
//! `runtime_variant` and `selected` name, and the entries give its results. One test in its own
//! binary, so the variable is set before the process makes its first choice.

use arsenal::Strategy;

#[test]
fn a_forced_variant_is_the_runtime_choice() {
    // Edition 2021: `set_var` is safe; no other thread of this binary reads the environment.
    std::env::set_var(
        "ARSENAL_FORCE",
        "search.memchr=scalar, hash.fast64=wyhash, nope.op=scalar",
    );
    assert_eq!(arsenal::runtime_variant("search.memchr"), Some("scalar"));
    assert_eq!(arsenal::runtime_variant("hash.fast64"), Some("wyhash"));
    // The unknown op is reported, not fatal; the others keep their normal choice.
    let force = arsenal::force::force();
    assert_eq!(force.errors.len(), 1, "{:?}", force.errors);
    assert_ne!(arsenal::runtime_variant("search.memrchr"), None);

    let hay = b"forced, and still right";
    assert_eq!(arsenal::search::runtime_memchr(b'a', hay), Some(8));
    assert_eq!(
        arsenal::hash::runtime_fast64_with_seed(hay, 7),
        arsenal::hash::fast64::wyhash::hash(hay, 7)
    );
    // Without a manifest every entry is runtime dispatch, and `selected` names no band.
    if arsenal::MANIFEST.is_none() {
        assert_eq!(
            arsenal::selected("search.memchr", Strategy::Throughput, 64),
            None
        );
        assert_eq!(arsenal::search::memchr(b'a', hay), Some(8));
    }
}
