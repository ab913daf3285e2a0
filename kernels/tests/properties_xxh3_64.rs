//! Properties of `hash.xxh3_64`: every variant this host can run equals the reference
//! (`crate:xxhash-rust`) on random inputs, lengths, misalignments and seeds, and the public
//! entries agree with it.

use arsenal::harness::AlignedBytes;
use arsenal::hash::xxh3_64::{reference, Xxh3_64};
use arsenal::registry::Checked;
use arsenal::Op;
use proptest::collection::vec;
use proptest::prelude::*;

/// Every variant of the op this host may run.
fn available() -> Vec<Checked<Xxh3_64>> {
    Xxh3_64::table()
        .iter()
        .filter_map(|v| v.checked())
        .collect()
}

/// Inputs of every path: mostly short and medium, some spanning several blocks.
fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => vec(any::<u8>(), 0..=256),
        2 => vec(any::<u8>(), 257..=4096),
        1 => vec(any::<u8>(), 4097..=40_000),
    ]
}

/// Seed 0 (the unseeded hash and the default secret) as often as random seeds.
fn seed() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), any::<u64>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_variant_matches_the_reference(data in input(), offset in 0usize..64, seed in seed()) {
        let buf = AlignedBytes::with_data(&data, offset);
        let data = buf.slice(offset, data.len());
        let expected = reference(data, seed);
        for variant in available() {
            prop_assert_eq!(variant.call(data, seed), expected, "variant {}", variant.name());
        }
    }

    #[test]
    fn public_entries_match_the_reference(data in input(), seed in any::<u64>()) {
        prop_assert_eq!(arsenal::hash::xxh3_64(&data), reference(&data, 0));
        prop_assert_eq!(arsenal::hash::xxh3_64_with_seed(&data, seed), reference(&data, seed));
    }
}

#[test]
fn the_reference_is_available_everywhere() {
    let names: Vec<_> = available().iter().map(|v| v.name()).collect();
    assert!(names.contains(&Xxh3_64::info().reference), "{names:?}");
}
