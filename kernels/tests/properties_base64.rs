//! Properties of `text.base64_encode` / `text.base64_decode` for every variant this host can
//! run, against the reference (`scalar`): encodings of random bytes at random misalignments,
//! round trips, and random (mostly invalid) texts, where the result — bytes or error position —
//! must equal the reference's. Then the safe entries' size contract: a destination of exactly
//! `encoded_len` / `decoded_len` suffices (padding included) and nothing past it is written; one
//! byte fewer is an error and nothing is written.

use arsenal::harness::AlignedBytes;
use arsenal::registry::Checked;
use arsenal::text::base64::{
    decoded_len, decoded_len_max, encoded_len, scalar, Base64Decode, Base64Encode, DecodeError,
    DstTooShort,
};
use arsenal::Op;
use proptest::collection::vec;
use proptest::prelude::*;

fn encoders() -> Vec<Checked<Base64Encode>> {
    Base64Encode::table()
        .iter()
        .filter_map(|v| v.checked())
        .collect()
}

fn decoders() -> Vec<Checked<Base64Decode>> {
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

fn reference_decode(text: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out = vec![0; decoded_len_max(text.len())];
    let n = scalar::decode_at(text, &mut out, 0, 0).map_err(DecodeError::InvalidByte)?;
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
            prop_assert_eq!(v.call(src, &mut out), Ok(expected.len()), "{}", v.name());
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
            prop_assert_eq!(expected.clone(), Err(DecodeError::InvalidByte(at)));
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

type EncodeEntry = fn(&[u8], &mut [u8]) -> Result<usize, DstTooShort>;
type DecodeEntry = fn(&[u8], &mut [u8]) -> Result<usize, DecodeError>;
type Encode = Box<dyn Fn(&[u8], &mut [u8]) -> Result<usize, DstTooShort>>;
type Decode = Box<dyn Fn(&[u8], &mut [u8]) -> Result<usize, DecodeError>>;

/// Every encoding variant this host runs, and every public encoding entry.
fn encode_paths() -> Vec<(String, Encode)> {
    let mut paths: Vec<(String, Encode)> = encoders()
        .into_iter()
        .map(|v| {
            let f: Encode = Box::new(move |src, dst| v.call(src, dst));
            (format!("variant {}", v.name()), f)
        })
        .collect();
    let entries: [(&str, EncodeEntry); 4] = [
        ("text::base64_encode", arsenal::text::base64_encode),
        (
            "text::runtime_base64_encode",
            arsenal::text::runtime_base64_encode,
        ),
        (
            "throughput::text::base64_encode",
            arsenal::throughput::text::base64_encode,
        ),
        (
            "latency::text::base64_encode",
            arsenal::latency::text::base64_encode,
        ),
    ];
    for (name, f) in entries {
        paths.push((name.into(), Box::new(f)));
    }
    paths
}

/// Every decoding variant this host runs, and every public decoding entry.
fn decode_paths() -> Vec<(String, Decode)> {
    let mut paths: Vec<(String, Decode)> = decoders()
        .into_iter()
        .map(|v| {
            let f: Decode = Box::new(move |src, dst| v.call(src, dst));
            (format!("variant {}", v.name()), f)
        })
        .collect();
    let entries: [(&str, DecodeEntry); 4] = [
        ("text::base64_decode", arsenal::text::base64_decode),
        (
            "text::runtime_base64_decode",
            arsenal::text::runtime_base64_decode,
        ),
        (
            "throughput::text::base64_decode",
            arsenal::throughput::text::base64_decode,
        ),
        (
            "latency::text::base64_decode",
            arsenal::latency::text::base64_decode,
        ),
    ];
    for (name, f) in entries {
        paths.push((name.into(), Box::new(f)));
    }
    paths
}

/// Bytes on either side of a destination, checked to stay untouched.
const SLACK: usize = 32;
const CANARY: u8 = 0xA5;

/// Runs `f` on a destination of `len` bytes with [`SLACK`] canary bytes either side: its result
/// and the whole buffer (slack included) afterwards.
fn with_dst<R>(len: usize, f: impl FnOnce(&mut [u8]) -> R) -> (R, Vec<u8>) {
    let mut buf = vec![CANARY; len + 2 * SLACK];
    let r = f(&mut buf[SLACK..SLACK + len]);
    (r, buf)
}

/// Every decoding path on `src` into destinations of every length from `decoded_len(src)` up to
/// `decoded_len_max(src.len())` (result, bytes, nothing written outside `dst`), and into one
/// byte fewer (`DstTooShort`, nothing written).
fn check_decode_sizes(paths: &[(String, Decode)], src: &[u8]) -> Result<(), TestCaseError> {
    let expected = reference_decode(src);
    let need = decoded_len(src);
    if let Ok(bytes) = &expected {
        prop_assert_eq!(bytes.len(), need, "decoded_len is exact for a valid text");
    }
    let shown = String::from_utf8_lossy(&src[src.len().saturating_sub(12)..]).into_owned();
    for (name, decode) in paths {
        for len in need..=decoded_len_max(src.len()).max(need) {
            let (got, buf) = with_dst(len, |dst| decode(src, dst));
            let got = got.map(|n| buf[SLACK..SLACK + n].to_vec());
            prop_assert_eq!(
                &got,
                &expected,
                "{}: len {}, dst {}, …{}",
                name,
                src.len(),
                len,
                shown
            );
            prop_assert!(
                buf[..SLACK].iter().all(|&b| b == CANARY),
                "{name}: written before dst"
            );
            prop_assert!(
                buf[SLACK + len..].iter().all(|&b| b == CANARY),
                "{name}: len {}, dst {len}: written past dst",
                src.len()
            );
        }
        if need > 0 {
            let (got, buf) = with_dst(need - 1, |dst| decode(src, dst));
            prop_assert_eq!(
                got,
                Err(DecodeError::DstTooShort { needed: need }),
                "{}: len {}, one byte short",
                name,
                src.len()
            );
            prop_assert!(
                buf.iter().all(|&b| b == CANARY),
                "{name}: wrote into a short dst"
            );
        }
    }
    Ok(())
}

/// Every encoding path on `src` into a destination of exactly `encoded_len`, a longer one (only
/// the prefix written) and one byte shorter (`DstTooShort`, nothing written).
fn check_encode_sizes(paths: &[(String, Encode)], src: &[u8]) -> Result<(), TestCaseError> {
    let expected = reference_encode(src);
    let need = expected.len();
    for (name, encode) in paths {
        for len in [need, need + 3] {
            let (got, buf) = with_dst(len, |dst| encode(src, dst));
            prop_assert_eq!(got, Ok(need), "{}: len {}, dst {}", name, src.len(), len);
            prop_assert_eq!(&buf[SLACK..SLACK + need], &expected[..], "{}", name);
            prop_assert!(
                buf[..SLACK]
                    .iter()
                    .chain(&buf[SLACK + need..])
                    .all(|&b| b == CANARY),
                "{name}: len {}, dst {len}: written outside the encoding",
                src.len()
            );
        }
        if need > 0 {
            let (got, buf) = with_dst(need - 1, |dst| encode(src, dst));
            prop_assert_eq!(got, Err(DstTooShort { needed: need }), "{}", name);
            prop_assert!(
                buf.iter().all(|&b| b == CANARY),
                "{name}: wrote into a short dst"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn exact_destinations_suffice_for_random_text(text in text(), offset in 0usize..64) {
        let buf = AlignedBytes::with_data(&text, offset);
        check_decode_sizes(&decode_paths(), buf.slice(offset, text.len()))?;
    }

    #[test]
    fn exact_destinations_suffice_for_valid_text(raw in vec(any::<u8>(), 0..1500)) {
        check_decode_sizes(&decode_paths(), &reference_encode(&raw))?;
    }

    #[test]
    fn exact_destinations_suffice_for_encoding(raw in vec(any::<u8>(), 0..1500)) {
        check_encode_sizes(&encode_paths(), &raw)?;
    }
}

#[test]
fn padded_text_decodes_into_its_exact_length() {
    let cases: [(&[u8], &[u8]); 4] = [
        (b"Zm9vYg==", b"foob"),
        (b"Zm9vYmE=", b"fooba"),
        (b"Zm9vYmFy", b"foobar"),
        (b"Zg==", b"f"),
    ];
    for (name, decode) in decode_paths() {
        for (text, raw) in cases {
            let mut dst = vec![0; raw.len()];
            assert_eq!(decode(text, &mut dst), Ok(raw.len()), "{name}");
            assert_eq!(dst, raw, "{name}");
            let mut short = vec![0; raw.len() - 1];
            assert_eq!(
                decode(text, &mut short),
                Err(DecodeError::DstTooShort { needed: raw.len() }),
                "{name}"
            );
        }
        let mut four = [0; 4];
        assert_eq!(decode(b"Zm9vYg==", &mut four), Ok(4), "{name}");
        assert_eq!(&four, b"foob", "{name}");
    }
}

/// Texts of every length up to 400 characters (so every SIMD block loop and final block is
/// reached), valid and spoilt where the exact-length path splits them: in the final quantum,
/// at the end of the quantum before it, and with that quantum padded.
#[test]
fn exact_destinations_at_every_length() {
    let decode = decode_paths();
    let mut rng = arsenal::harness::Rng::new(0xB64D_E8AC);
    for raw_len in 0..=300 {
        let text = reference_encode(&rng.bytes(raw_len));
        let n = text.len();
        let mut texts = vec![text.clone()];
        if n >= 8 {
            let mut t = text.clone();
            t[n - 5] = b'*';
            texts.push(t);
            let mut t = text.clone();
            t[n - 8..n - 4].copy_from_slice(b"Zg==");
            texts.push(t);
            let mut t = text.clone();
            t[n - 8..n - 4].copy_from_slice(b"Zm8=");
            texts.push(t);
        }
        if n >= 4 {
            for (at, byte) in [(n - 4, b'='), (n - 3, b'!'), (n - 2, b'='), (n - 1, b'=')] {
                let mut t = text.clone();
                t[at] = byte;
                texts.push(t);
            }
            let mut t = text.clone();
            t[n - 2] = b'B'; // Non-zero bits before `=`, or a changed last character.
            texts.push(t);
        }
        for t in &texts {
            if let Err(e) = check_decode_sizes(&decode, t) {
                panic!("{e}");
            }
        }
    }
}

/// An exact destination flush against an inaccessible page: a write past it faults.
#[cfg(unix)]
#[test]
fn exact_destinations_at_a_page_end() {
    use arsenal::harness::Guarded;
    let decode = decode_paths();
    let encode = encode_paths();
    let mut rng = arsenal::harness::Rng::new(0xB64D_6A4D);
    for raw_len in 0..=300 {
        let raw = rng.bytes(raw_len);
        let text = reference_encode(&raw);
        for (name, f) in &decode {
            let mut dst = Guarded::at_end(raw_len);
            assert_eq!(f(&text, dst.bytes_mut()), Ok(raw_len), "{name}: {raw_len}");
            assert_eq!(dst.bytes(), &raw[..], "{name}: {raw_len}");
        }
        for (name, f) in &encode {
            let mut dst = Guarded::at_end(text.len());
            assert_eq!(
                f(&raw, dst.bytes_mut()),
                Ok(text.len()),
                "{name}: {raw_len}"
            );
            assert_eq!(dst.bytes(), &text[..], "{name}: {raw_len}");
        }
    }
}
