//! Properties of `crypto.sha256`, for every variant this host can run.

use arsenal::crypto::sha256::Sha256;
use arsenal::Op;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every variant and the entry agree with the reference on any message at any offset, and
    /// a message differing in one bit has another digest.
    #[test]
    fn variants_agree_and_one_bit_changes_the_digest(
        buf in prop::collection::vec(any::<u8>(), 0..700),
        offset in 0usize..64,
        flip in any::<prop::sample::Index>(),
    ) {
        let data = &buf[offset.min(buf.len())..];
        let want = arsenal::crypto::sha256::scalar::hash(data);
        for v in Sha256::table().iter().filter_map(|v| v.checked()) {
            prop_assert_eq!(v.call(data), want, "variant {}", v.name());
        }
        prop_assert_eq!(arsenal::crypto::sha256(data), want);
        if !data.is_empty() {
            let mut other = data.to_vec();
            let i = flip.index(other.len() * 8);
            other[i / 8] ^= 1 << (i % 8);
            prop_assert_ne!(arsenal::crypto::sha256(&other), want);
        }
    }
}
