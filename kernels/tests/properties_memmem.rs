//! Properties of `search.memmem`, for every variant this host can run.

use arsenal::search::memmem::{naive, Memmem, Needle};
use arsenal::Op;
use proptest::prelude::*;

/// Bytes from a small alphabet (matches and partial matches everywhere) or any byte.
fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(b'a'..b'c', 0..max),
        prop::collection::vec(any::<u8>(), 0..max),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every variant and both entries find the first occurrence, of a needle drawn apart from
    /// the haystack and of one cut from it.
    #[test]
    fn first_occurrence(
        hay in bytes(700),
        drawn in bytes(40),
        offset in 0usize..64,
        cut in any::<(prop::sample::Index, prop::sample::Index)>(),
    ) {
        let hay = &hay[offset.min(hay.len())..];
        let (start, len) = (cut.0.index(hay.len() + 1), cut.1.index(41));
        let cut = &hay[start..(start + len).min(hay.len())];
        for needle in [&drawn[..], cut] {
            let expected = naive::find(needle, hay);
            if let Some(i) = expected {
                prop_assert_eq!(&hay[i..i + needle.len()], needle);
            }
            let prepared = Needle::new(needle);
            for v in Memmem::table().iter().filter_map(|v| v.checked()) {
                prop_assert_eq!(v.call(&prepared, hay), expected, "variant {}", v.name());
            }
            prop_assert_eq!(arsenal::search::memmem(needle, hay), expected);
            prop_assert_eq!(arsenal::search::memmem_with(&prepared, hay), expected);
        }
    }
}

#[test]
fn naive_finds_the_first_window() {
    assert_eq!(naive::find(b"", b""), Some(0));
    assert_eq!(naive::find(b"ab", b"aabab"), Some(1));
    assert_eq!(naive::find(b"abc", b"ab"), None);
}
