//! Properties of `bits.popcount`, for every variant this host can run.

use arsenal::bits::popcount::Popcount;
use arsenal::Op;
use proptest::prelude::*;

fn data() -> impl Strategy<Value = (Vec<u8>, usize)> {
    // Sparse, dense and random bytes; lengths reach past two Harley–Seal blocks (1 KiB); the
    // offset moves the start off alignment.
    (
        prop::collection::vec(prop_oneof![any::<u8>(), Just(0u8), Just(0xFFu8)], 0..2200),
        0usize..64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn counts_add_up_over_a_split((buf, offset) in data(), cut in any::<prop::sample::Index>()) {
        let d = &buf[offset.min(buf.len())..];
        let (a, b) = d.split_at(cut.index(d.len() + 1));
        let expected: u64 = d.iter().map(|&x| u64::from(x.count_ones())).sum();
        for v in Popcount::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(d), expected, "variant {}", v.name());
            prop_assert_eq!(v.call(a) + v.call(b), expected, "variant {}, split", v.name());
        }
        prop_assert_eq!(arsenal::bits::popcount(d), expected);
    }

    #[test]
    fn complement_counts_the_rest((buf, offset) in data()) {
        let d = &buf[offset.min(buf.len())..];
        let not: Vec<u8> = d.iter().map(|x| !x).collect();
        for v in Popcount::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(d) + v.call(&not), 8 * d.len() as u64, "variant {}", v.name());
        }
    }
}
