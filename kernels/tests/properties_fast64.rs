//! Properties of `hash.fast64`, whose contract is quality: every variant this host can run gives
//! one hash per key wherever the key sits and whatever else was hashed before, a seed that
//! changes it, and the variants that implement one published algorithm agree with each other
//! (own `rapidhash` with `crate:rapidhash`, the `xxh3` variants with `hash.xxh3_64`'s
//! reference). The quality tests themselves run in `tests/variants.rs`, through the harness.

use arsenal::harness::AlignedBytes;
use arsenal::hash::fast64::Fast64;
use arsenal::registry::{variant, Checked, Contract};
use arsenal::Op;
use proptest::collection::vec;
use proptest::prelude::*;

/// Every variant of the op this host may run.
fn available() -> Vec<Checked<Fast64>> {
    Fast64::table().iter().filter_map(|v| v.checked()).collect()
}

/// Hash-table keys mostly, some long strings.
fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => vec(any::<u8>(), 0..=64),
        2 => vec(any::<u8>(), 65..=1024),
        1 => vec(any::<u8>(), 1025..=20_000),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_variant_hashes_a_key_alike_at_every_start(
        data in input(),
        offsets in (0usize..64, 0usize..64),
        seed in any::<u64>(),
    ) {
        let a = AlignedBytes::with_data(&data, offsets.0);
        let b = AlignedBytes::with_data(&data, offsets.1);
        for v in available() {
            prop_assert_eq!(
                v.call(a.slice(offsets.0, data.len()), seed),
                v.call(b.slice(offsets.1, data.len()), seed),
                "variant {}", v.name()
            );
        }
    }

    #[test]
    fn one_algorithm_gives_one_hash(data in input(), seed in any::<u64>()) {
        let rapid = variant::<Fast64>("rapidhash").unwrap();
        prop_assert_eq!(
            rapid.call(&data, seed),
            variant::<Fast64>("crate:rapidhash").unwrap().call(&data, seed)
        );
        let xxh3 = arsenal::hash::xxh3_64::reference(&data, seed);
        for v in available().into_iter().filter(|v| v.name().starts_with("xxh3")) {
            prop_assert_eq!(v.call(&data, seed), xxh3, "variant {}", v.name());
        }
    }

    #[test]
    fn the_entry_is_one_variant_at_every_size(data in input(), seed in any::<u64>()) {
        let runtime = variant::<Fast64>(arsenal::runtime_variant("hash.fast64").unwrap()).unwrap();
        prop_assert_eq!(arsenal::hash::runtime_fast64_with_seed(&data, seed), runtime.call(&data, seed));
    }
}

#[test]
fn the_contract_is_quality_and_the_reference_runs_everywhere() {
    assert!(matches!(Fast64::info().contract, Contract::Quality { .. }));
    assert!(Fast64::info().contract.is_quality());
    let names: Vec<_> = available().iter().map(|v| v.name()).collect();
    assert!(names.contains(&Fast64::info().reference), "{names:?}");
}

/// The quality tests fail a hash that is not one: they can fail.
#[test]
fn the_quality_tests_reject_weak_hashes() {
    use arsenal::hash::fast64::quality;
    // The length and the first 8 bytes only: sparse keys past byte 8 collide.
    let prefix = |data: &[u8], seed: u64| {
        let mut word = [0u8; 8];
        let n = data.len().min(8);
        word[..n].copy_from_slice(&data[..n]);
        arsenal::hash::fast64::wyhash::hash(&word, seed ^ data.len() as u64)
    };
    assert!(quality::sparse_keys(&prefix).is_err());
    // A multiply without a final fold: low output bits never see high input bits.
    let multiply = |data: &[u8], seed: u64| {
        data.iter().fold(seed, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    };
    let mut rng = arsenal::harness::Rng::new(1);
    assert!(quality::avalanche(&multiply, &mut rng).is_err());
    // The seed ignored.
    let unseeded = |data: &[u8], _seed: u64| arsenal::hash::fast64::wyhash::hash(data, 0);
    assert!(quality::seed_matters(&unseeded, &mut rng).is_err());
    // Bytes past the key read (here: its address).
    let address = |data: &[u8], seed: u64| {
        arsenal::hash::fast64::wyhash::hash(data, seed) ^ (data.as_ptr() as u64 & 63)
    };
    assert!(quality::one_hash_per_key(&address, &mut rng).is_err());
    // A good hash passes each of them.
    let good = |data: &[u8], seed: u64| arsenal::hash::fast64::rapidhash::hash(data, seed);
    assert_eq!(quality::sparse_keys(&good), Ok(()));
    assert_eq!(quality::seed_matters(&good, &mut rng), Ok(()));
}
