//! Properties of `text.utf8_validate` for every variant this host can run, against
//! `core::str::from_utf8` (`valid_up_to` on error): random bytes (mostly invalid early), random
//! strings (valid), strings with a byte changed or cut short (an error somewhere inside), at
//! random misalignments; and the public entries.

use arsenal::harness::{AlignedBytes, Rng};
use arsenal::registry::Checked;
use arsenal::text::utf8_validate::{fill_text, TextKind, Utf8Validate};
use arsenal::Op;
use proptest::prelude::*;
use proptest::sample::Index;

fn variants() -> Vec<Checked<Utf8Validate>> {
    Utf8Validate::table()
        .iter()
        .filter_map(|v| v.checked())
        .collect()
}

fn expected(bytes: &[u8]) -> Result<(), usize> {
    std::str::from_utf8(bytes)
        .map(|_| ())
        .map_err(|e| e.valid_up_to())
}

fn all_agree(bytes: &[u8], offset: usize) -> Result<(), TestCaseError> {
    let buf = AlignedBytes::with_data(bytes, offset);
    let input = buf.slice(offset, bytes.len());
    let want = expected(input);
    for v in variants() {
        prop_assert_eq!(v.call(input), want, "{}", v.name());
    }
    Ok(())
}

/// Bytes drawn mostly from the ones that start or continue sequences.
fn utf8ish() -> impl Strategy<Value = u8> {
    prop_oneof![any::<u8>(), 0x80u8..=0xBF, 0xC0u8..=0xF7, Just(b'a'),]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(utf8ish(), 0..300), offset in 0usize..64) {
        all_agree(&bytes, offset)?;
    }

    #[test]
    fn random_strings(s in ".{0,400}", offset in 0usize..64) {
        all_agree(s.as_bytes(), offset)?;
    }

    #[test]
    fn strings_with_one_byte_changed(
        s in ".{1,400}",
        at in any::<Index>(),
        byte in utf8ish(),
        offset in 0usize..64,
    ) {
        let mut bytes = s.into_bytes();
        let at = at.index(bytes.len());
        bytes[at] = byte;
        all_agree(&bytes, offset)?;
    }

    #[test]
    fn strings_cut_anywhere(s in ".{0,400}", cut in any::<Index>(), offset in 0usize..64) {
        let bytes = s.as_bytes();
        all_agree(&bytes[..cut.index(bytes.len() + 1)], offset)?;
    }

    #[test]
    fn public_entries_agree(bytes in prop::collection::vec(utf8ish(), 0..300)) {
        let want = expected(&bytes);
        prop_assert_eq!(arsenal::text::utf8_validate(&bytes), want);
        prop_assert_eq!(arsenal::text::runtime_utf8_validate(&bytes), want);
        prop_assert_eq!(arsenal::text::from_utf8(&bytes), std::str::from_utf8(&bytes).map_err(|e| e.valid_up_to()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Long generated text of each kind, with an ill-formed byte written somewhere in a third of
    /// the cases.
    #[test]
    fn long_text(
        seed in any::<u64>(),
        kind in 0usize..3,
        len in 0usize..200_000,
        corrupt in prop::option::weighted(0.33, (any::<Index>(), utf8ish())),
        offset in 0usize..64,
    ) {
        let mut bytes = vec![0; len];
        fill_text(TextKind::ALL[kind], &mut Rng::new(seed), &mut bytes);
        if let (Some((at, byte)), true) = (corrupt, len > 0) {
            bytes[at.index(len)] = byte;
        }
        all_agree(&bytes, offset)?;
    }
}
