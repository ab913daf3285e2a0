//! Properties of `sort.u64`: every variant this host can run sorts exactly like the reference
//! (`<[u64]>::sort_unstable`), on random inputs of several shapes.

use arsenal::harness::Rng;
use arsenal::sort::u64s::SortU64;
use arsenal::Op;
use proptest::prelude::*;

/// Short inputs: arbitrary keys, keys from a tiny set (many repeats), and keys that share all
/// but their low `64 - shift` bits with a common base.
fn short_keys() -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![
        prop::collection::vec(any::<u64>(), 0..3000),
        prop::collection::vec(0u64..16, 0..3000),
        (
            any::<u64>(),
            0u32..64,
            prop::collection::vec(any::<u64>(), 0..3000)
        )
            .prop_map(|(base, shift, v)| v.into_iter().map(|x| base ^ (x >> shift)).collect()),
    ]
}

/// Long inputs (past the radix variants' bucketing and parallel thresholds), expanded from a
/// seed: `len` keys whose bits outside `mask` all equal `base`'s.
fn long_keys() -> impl Strategy<Value = Vec<u64>> {
    (
        any::<u64>(),
        1usize << 16..1 << 19,
        any::<u64>(),
        any::<u64>(),
    )
        .prop_map(|(seed, len, base, mask)| {
            let mut rng = Rng::new(seed);
            (0..len)
                .map(|_| base & !mask | rng.next_u64() & mask)
                .collect()
        })
}

fn sorts_like_the_reference(input: &[u64]) -> Result<(), TestCaseError> {
    let mut expected = input.to_vec();
    expected.sort_unstable();
    for variant in SortU64::table().iter().filter_map(|v| v.checked()) {
        let mut got = input.to_vec();
        variant.call(&mut got);
        prop_assert!(
            got == expected,
            "{} on {} keys",
            variant.name(),
            input.len()
        );
    }
    let mut got = input.to_vec();
    arsenal::sort::sort_u64(&mut got);
    prop_assert!(got == expected, "the runtime entry on {} keys", input.len());
    Ok(())
}

proptest! {
    #[test]
    fn every_variant_sorts_short_inputs(input in short_keys()) {
        sorts_like_the_reference(&input)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn every_variant_sorts_long_inputs(input in long_keys()) {
        sorts_like_the_reference(&input)?;
    }
}
