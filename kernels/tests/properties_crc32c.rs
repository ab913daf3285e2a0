//! Properties of `checksum.crc32c` for every variant this host can run, against the reference
//! (`table`): random inputs at random misalignments and initial CRCs, long seeded inputs, and
//! streaming (updating piece by piece equals one update).

use arsenal::checksum::crc32c::{table, Crc32c};
use arsenal::harness::{AlignedBytes, Rng};
use arsenal::registry::Checked;
use arsenal::Op;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

fn variants() -> Vec<Checked<Crc32c>> {
    Crc32c::table().iter().filter_map(|v| v.checked()).collect()
}

proptest! {
    #[test]
    fn every_variant_matches_the_reference(
        data in vec(any::<u8>(), 0..4096),
        crc in any::<u32>(),
        offset in 0usize..64,
    ) {
        let buf = AlignedBytes::with_data(&data, offset);
        let input = buf.slice(offset, data.len());
        let expected = table::update(crc, input);
        for v in variants() {
            prop_assert_eq!(v.call(crc, input), expected, "{}", v.name());
        }
    }

    #[test]
    fn appending_equals_one_update(
        data in vec(any::<u8>(), 0..6000),
        cut in any::<Index>(),
        crc in any::<u32>(),
    ) {
        let (a, b) = data.split_at(cut.index(data.len() + 1));
        let expected = table::update(crc, &data);
        for v in variants() {
            prop_assert_eq!(v.call(v.call(crc, a), b), expected, "{}", v.name());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn long_seeded_inputs_match_the_reference(
        seed in any::<u64>(),
        len in 0usize..300_000,
        crc in any::<u32>(),
        offset in 0usize..64,
    ) {
        let mut buf = AlignedBytes::new(len);
        let input = buf.slice_mut(offset, len);
        Rng::new(seed).fill(input);
        let expected = table::update(crc, input);
        for v in variants() {
            prop_assert_eq!(v.call(crc, input), expected, "{}", v.name());
        }
    }
}
