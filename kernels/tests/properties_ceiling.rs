//! Properties of `ceiling.read`, `ceiling.fma_f32` and `ceiling.mul_u32`, for every variant this
//! host can run.

use arsenal::ceiling::fma_f32::FmaF32;
use arsenal::ceiling::mul_u32::MulU32;
use arsenal::ceiling::read::Read;
use arsenal::Op;
use proptest::prelude::*;

/// The contract, written independently: whole little-endian words, wrapping sum, tail ignored.
fn words_sum(data: &[u8]) -> u64 {
    data.chunks_exact(8)
        .map(|w| u64::from_le_bytes(w.try_into().unwrap()))
        .fold(0, u64::wrapping_add)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn read_is_the_wrapping_word_sum(
        buf in prop::collection::vec(prop_oneof![any::<u8>(), Just(0xFFu8)], 0..3000),
        offset in 0usize..64,
    ) {
        let data = &buf[offset.min(buf.len())..];
        let want = words_sum(data);
        for v in Read::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(data), want, "variant {}", v.name());
        }
        prop_assert_eq!(arsenal::ceiling::read_sum(data), want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fma_variants_match_the_reference_bit_for_bit(iterations in 0usize..3000) {
        let reference = arsenal::registry::variant::<FmaF32>("scalar").unwrap();
        let want = reference.call(iterations);
        prop_assert!(want.is_finite() && want > 0.0);
        for v in FmaF32::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(iterations).to_bits(), want.to_bits(), "variant {}", v.name());
        }
        prop_assert_eq!(arsenal::ceiling::fma_f32(iterations).to_bits(), want.to_bits());
    }
}

/// The contract, written independently: each chain's low half is the start's times `K^n`
/// (mod 2³²), and its final value the low half before the last step times `K`.
fn chains_sum(iterations: u32) -> u64 {
    use arsenal::ceiling::mul_u32::{K, STARTS};
    STARTS.iter().fold(0u64, |sum, &start| {
        let last = match iterations {
            0 => start,
            n => u64::from((start as u32).wrapping_mul((K as u32).wrapping_pow(n - 1))) * K,
        };
        sum.wrapping_add(last)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mul_variants_match_the_closed_form(iterations in 0u32..3000) {
        let want = chains_sum(iterations);
        for v in MulU32::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(iterations as usize), want, "variant {}", v.name());
        }
        prop_assert_eq!(arsenal::ceiling::mul_u32(iterations as usize), want);
    }
}
