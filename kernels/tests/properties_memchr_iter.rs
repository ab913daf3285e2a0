//! Properties of `search.memchr_iter` and `search.memrchr_iter`, for every variant this host can
//! run.

use arsenal::search::memchr_iter::{Matches, MemchrIter, MemrchrIter, RMatches};
use arsenal::Op;
use proptest::prelude::*;

fn haystack() -> impl Strategy<Value = (Vec<u8>, usize)> {
    // Small alphabets make matches common, and runs of them fill whole blocks.
    (
        prop::collection::vec(prop_oneof![any::<u8>(), 0u8..3], 0..700),
        0usize..64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_match_in_order((buf, offset) in haystack(), needle in prop_oneof![any::<u8>(), 0u8..3], pause in 0usize..40) {
        let hay = &buf[offset.min(buf.len())..];
        let expected: Vec<usize> = (0..hay.len()).filter(|&i| hay[i] == needle).collect();
        for v in MemchrIter::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(Matches::with(v, needle, hay).collect::<Vec<_>>(), expected.clone(), "variant {}", v.name());
            // Taking some, then the rest, resumes where it stopped.
            let mut it = Matches::with(v, needle, hay);
            let mut got: Vec<usize> = it.by_ref().take(pause).collect();
            got.extend(it);
            prop_assert_eq!(&got, &expected, "variant {}, paused after {}", v.name(), pause);
        }
    }

    #[test]
    fn every_match_last_first((buf, offset) in haystack(), needle in prop_oneof![any::<u8>(), 0u8..3], pause in 0usize..40) {
        let hay = &buf[offset.min(buf.len())..];
        let expected: Vec<usize> = (0..hay.len()).rev().filter(|&i| hay[i] == needle).collect();
        for v in MemrchrIter::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(RMatches::with(v, needle, hay).collect::<Vec<_>>(), expected.clone(), "variant {}", v.name());
            let mut it = RMatches::with(v, needle, hay);
            let mut got: Vec<usize> = it.by_ref().take(pause).collect();
            got.extend(it);
            prop_assert_eq!(&got, &expected, "variant {}, paused after {}", v.name(), pause);
        }
    }

    #[test]
    fn entries_agree_with_the_reference((buf, _) in haystack(), needle in prop_oneof![any::<u8>(), 0u8..3]) {
        let expected: Vec<usize> = (0..buf.len()).filter(|&i| buf[i] == needle).collect();
        prop_assert_eq!(arsenal::search::memchr_iter(needle, &buf).collect::<Vec<_>>(), expected.clone());
        prop_assert_eq!(arsenal::search::runtime_memchr_iter(needle, &buf).collect::<Vec<_>>(), expected.clone());
        let backwards: Vec<usize> = expected.iter().rev().copied().collect();
        prop_assert_eq!(arsenal::search::memrchr_iter(needle, &buf).collect::<Vec<_>>(), backwards.clone());
        prop_assert_eq!(arsenal::search::runtime_memrchr_iter(needle, &buf).collect::<Vec<_>>(), backwards);
    }
}
