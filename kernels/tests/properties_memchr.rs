//! Properties of `search.memchr` / `search.memrchr`, for every variant this host can run.

use arsenal::search::memchr::{Memchr, Memrchr};
use arsenal::Op;
use proptest::prelude::*;

fn haystack() -> impl Strategy<Value = (Vec<u8>, usize)> {
    // Small alphabets make matches common; the offset moves the start off alignment.
    (
        prop::collection::vec(prop_oneof![any::<u8>(), 0u8..4], 0..700),
        0usize..64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn memchr_is_first_match((buf, offset) in haystack(), needle in prop_oneof![any::<u8>(), 0u8..4]) {
        let hay = &buf[offset.min(buf.len())..];
        let expected = hay.iter().position(|&b| b == needle);
        for v in Memchr::table().iter().filter_map(|v| v.checked()) {
            let got = v.call(needle, hay);
            prop_assert_eq!(got, expected, "variant {}", v.name());
            if let Some(i) = got {
                prop_assert_eq!(hay[i], needle);
                prop_assert!(!hay[..i].contains(&needle));
            }
        }
    }

    #[test]
    fn memrchr_is_last_match((buf, offset) in haystack(), needle in prop_oneof![any::<u8>(), 0u8..4]) {
        let hay = &buf[offset.min(buf.len())..];
        let expected = hay.iter().rposition(|&b| b == needle);
        for v in Memrchr::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(needle, hay), expected, "variant {}", v.name());
        }
    }

    #[test]
    fn entries_agree_with_reference((buf, _) in haystack(), needle in any::<u8>()) {
        prop_assert_eq!(arsenal::search::memchr(needle, &buf), buf.iter().position(|&b| b == needle));
        prop_assert_eq!(arsenal::search::memrchr(needle, &buf), buf.iter().rposition(|&b| b == needle));
    }
}
