//! Properties of `text.base64_encode` / `text.base64_decode` for every variant this host can
//! run, against the reference (`scalar`): encodings of random bytes at random misalignments,
//! round trips, and random (mostly invalid) texts, where the result — bytes or error position —
//! must equal the reference's.

use arsenal::harness::AlignedBytes;
use arsenal::registry::Checked;
use arsenal::text::base64::{
    decoded_len_max, encoded_len, scalar, Base64Decode, Base64Encode, DecodeFn, EncodeFn,
};
use arsenal::Kernel;
use proptest::collection::vec;
use proptest::prelude::*;

fn encoders() -> Vec<Checked<EncodeFn>> {
    Base64Encode::table()
        .iter()
        .filter_map(|v| v.checked())
        .collect()
}

fn decoders() -> Vec<Checked<DecodeFn>> {
    Base64Decode::table()
        .iter()
        .filter_map(|v| v.checked())
        .collect()
}

fn reference_encode(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0; encoded_len(raw.len())];
    scalar::encode_at(raw, &mut out, 0, 0);
    out
}

fn reference_decode(text: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = vec![0; decoded_len_max(text.len())];
    let n = scalar::decode_at(text, &mut out, 0, 0)?;
    out.truncate(n);
    Ok(out)
}

/// Texts close to valid: alphabet characters with some padding and a few other bytes.
fn text() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        20 => proptest::sample::select(scalar::ALPHABET.to_vec()),
        2 => Just(b'='),
        1 => any::<u8>(),
    ];
    vec(byte, 0..400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encoding_matches_the_reference(raw in vec(any::<u8>(), 0..2000), offset in 0usize..64) {
        let buf = AlignedBytes::with_data(&raw, offset);
        let src = buf.slice(offset, raw.len());
        let expected = reference_encode(src);
        for v in encoders() {
            let mut out = vec![0; expected.len()];
            v.call(src, &mut out);
            prop_assert_eq!(&out, &expected, "{}", v.name());
        }
    }

    #[test]
    fn decoding_inverts_encoding(raw in vec(any::<u8>(), 0..2000), offset in 0usize..64) {
        let text = reference_encode(&raw);
        let buf = AlignedBytes::with_data(&text, offset);
        let src = buf.slice(offset, text.len());
        for v in decoders() {
            let mut out = vec![0; decoded_len_max(src.len())];
            prop_assert_eq!(v.call(src, &mut out), Ok(raw.len()), "{}", v.name());
            prop_assert_eq!(&out[..raw.len()], &raw[..], "{}", v.name());
        }
    }

    #[test]
    fn decoding_random_text_matches_the_reference(text in text(), offset in 0usize..64) {
        let buf = AlignedBytes::with_data(&text, offset);
        let src = buf.slice(offset, text.len());
        let expected = reference_decode(src);
        for v in decoders() {
            let mut out = vec![0; decoded_len_max(src.len())];
            let got = v.call(src, &mut out).map(|n| out[..n].to_vec());
            prop_assert_eq!(&got, &expected, "{}", v.name());
        }
    }

    #[test]
    fn one_spoilt_byte_is_found(
        raw in vec(any::<u8>(), 1..1500),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut text = reference_encode(&raw);
        let at = at.index(text.len());
        text[at] = byte;
        let expected = reference_decode(&text);
        if scalar::VALUES[usize::from(byte)] == scalar::INVALID && byte != b'=' {
            prop_assert_eq!(expected.clone(), Err(at));
        }
        for v in decoders() {
            let mut out = vec![0; decoded_len_max(text.len())];
            let got = v.call(&text, &mut out).map(|n| out[..n].to_vec());
            prop_assert_eq!(&got, &expected, "{}", v.name());
        }
    }

    #[test]
    fn entries_agree_with_the_reference(raw in vec(any::<u8>(), 0..600), text in text()) {
        let encoded = arsenal::text::base64_encode_to_vec(&raw);
        prop_assert_eq!(&encoded, &reference_encode(&raw));
        prop_assert_eq!(arsenal::text::base64_decode_to_vec(&encoded), Ok(raw));
        prop_assert_eq!(arsenal::text::base64_decode_to_vec(&text), reference_decode(&text));
    }
}
