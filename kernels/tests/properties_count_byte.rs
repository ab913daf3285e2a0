//! Properties of `search.count_byte`, for every variant this host can run.

use arsenal::search::count_byte::CountByte;
use arsenal::Op;
use proptest::prelude::*;

fn haystack() -> impl Strategy<Value = (Vec<u8>, usize)> {
    // Small alphabets make matches common; the offset moves the start off alignment. Lengths
    // reach past the AVX-512 variant's 256-byte iterations.
    (
        prop::collection::vec(prop_oneof![any::<u8>(), 0u8..4], 0..1200),
        0usize..64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn counts_add_up_over_a_split((buf, offset) in haystack(), needle in prop_oneof![any::<u8>(), 0u8..4], cut in any::<prop::sample::Index>()) {
        let hay = &buf[offset.min(buf.len())..];
        let (a, b) = hay.split_at(cut.index(hay.len() + 1));
        let expected = hay.iter().filter(|&&x| x == needle).count();
        for v in CountByte::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(needle, hay), expected, "variant {}", v.name());
            prop_assert_eq!(v.call(needle, a) + v.call(needle, b), expected, "variant {}, split", v.name());
        }
    }

    #[test]
    fn every_byte_value_counts_the_whole((buf, offset) in haystack()) {
        let hay = &buf[offset.min(buf.len())..];
        for v in CountByte::table().iter().filter_map(|v| v.checked()) {
            let total: usize = (0..=255u8).map(|b| v.call(b, hay)).sum();
            prop_assert_eq!(total, hay.len(), "variant {}", v.name());
        }
    }

    #[test]
    fn entry_agrees_with_reference((buf, _) in haystack(), needle in any::<u8>()) {
        let expected = buf.iter().filter(|&&x| x == needle).count();
        prop_assert_eq!(arsenal::search::count_byte(needle, &buf), expected);
        prop_assert_eq!(arsenal::search::runtime_count_byte(needle, &buf), expected);
    }
}
