//! Stream VByte: every variant of both ops, on values proptest draws, agrees with the scalar
//! reference — encoding byte for byte, decoding value for value and error for error, on valid
//! encodings, on them cut short and with bytes changed — and decoding an encoding gives back the
//! values.

use arsenal::encoding::streamvbyte::{
    max_encoded_len, scalar, DecodeError, StreamVByteDecode, StreamVByteEncode,
};
use arsenal::registry::Checked;
use arsenal::Op;
use proptest::prelude::*;

fn encoders() -> Vec<(&'static str, Checked<StreamVByteEncode>)> {
    StreamVByteEncode::table()
        .iter()
        .filter_map(|v| Some((v.info().name, v.checked()?)))
        .collect()
}

fn decoders() -> Vec<(&'static str, Checked<StreamVByteDecode>)> {
    StreamVByteDecode::table()
        .iter()
        .filter_map(|v| Some((v.info().name, v.checked()?)))
        .collect()
}

/// Values of 1 to 4 bytes, each length as likely.
fn values() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(
        (any::<u32>(), 0u32..4).prop_map(|(v, k)| v >> (8 * k)),
        0..300,
    )
}

fn reference(values: &[u32]) -> Vec<u8> {
    let mut out = vec![0; max_encoded_len(values.len())];
    let n = scalar::encode(values, &mut out);
    out.truncate(n);
    out
}

proptest! {
    #[test]
    fn encoders_agree_and_round_trip(values in values()) {
        let want = reference(&values);
        for (name, f) in encoders() {
            let mut out = vec![0; max_encoded_len(values.len())];
            let n = f.call(&values, &mut out).unwrap();
            prop_assert_eq!(&out[..n], &want[..], "{}", name);
        }
        let mut back = vec![0; values.len()];
        prop_assert_eq!(scalar::decode(&want, &mut back), Ok(want.len()));
        prop_assert_eq!(back, values);
    }

    #[test]
    fn decoders_agree_on_cut_and_changed_input(
        values in values(),
        cut in any::<prop::sample::Index>(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        fewer in 0usize..5,
    ) {
        let mut src = reference(&values);
        for (at, byte) in changes {
            if !src.is_empty() {
                let i = at.index(src.len());
                src[i] = byte;
            }
        }
        let src = &src[..cut.index(src.len() + 1)];
        let n = values.len().saturating_sub(fewer);
        let mut want = vec![0; n];
        let expected: Result<usize, DecodeError> = scalar::decode(src, &mut want);
        for (name, f) in decoders() {
            let mut got = vec![0; n];
            let r = f.call(src, &mut got);
            prop_assert_eq!(r, expected, "{}", name);
            if r.is_ok() {
                prop_assert_eq!(&got, &want, "{}", name);
            }
        }
    }
}

#[test]
fn the_portable_variants_take_part() {
    for names in [
        encoders().iter().map(|v| v.0).collect::<Vec<_>>(),
        decoders().iter().map(|v| v.0).collect(),
    ] {
        assert!(
            names.contains(&"scalar") && names.contains(&"crate:stream-vbyte"),
            "{names:?}"
        );
    }
}
