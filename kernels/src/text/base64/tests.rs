//! Tests of the reference itself and of the shared harness: RFC 4648 vectors, error positions.

use super::verify::{show, verify_decode, verify_encode, RFC_VECTORS};
use super::*;

fn reference_decode(text: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = vec![0; decoded_len_max(text.len())];
    let n = scalar::decode_at(text, &mut out, 0, 0)?;
    out.truncate(n);
    Ok(out)
}

#[test]
fn reference_passes_rfc_vectors() {
    for (raw, text) in RFC_VECTORS {
        let mut out = vec![0; encoded_len(raw.len())];
        scalar::encode_at(raw, &mut out, 0, 0);
        assert_eq!(out, text);
        assert_eq!(reference_decode(text).as_deref(), Ok(raw));
    }
}

#[test]
fn reference_error_positions() {
    let cases: &[(&[u8], usize)] = &[
        (b"Zg=", 3),
        (b"Zg", 2),
        (b"Z", 1),
        (b"Zm9vY", 5),
        (b"Zh==", 1),
        (b"Zm9=", 2),
        (b"Zg=A", 3),
        (b"Zg===", 4),
        (b"Zm8==", 4),
        (b"Zm8=Zm8=", 4),
        (b"Zg==Zg==", 4),
        (b"=AAA", 0),
        (b"A=AA", 1),
        (b"AA*A", 2),
        (b"AAAA\x80AAA", 4),
        (b"====", 0),
        (b"Zh=", 1),
    ];
    for &(text, pos) in cases {
        assert_eq!(reference_decode(text), Err(pos), "{}", show(text));
    }
}

#[test]
fn a_wrong_decoder_is_caught() {
    // Reports an error one byte late from 100 characters on (the first invalid text that
    // long has 101).
    let wrong = |src: &[u8], dst: &mut [u8]| {
        scalar::decode_at(src, dst, 0, 0).map_err(|p| if src.len() >= 100 { p + 1 } else { p })
    };
    let mismatch = verify_decode(&wrong).unwrap_err();
    assert!(mismatch.case.contains("text len 101"), "{mismatch}");
}

#[test]
fn a_stray_write_is_caught() {
    // Writes one byte past `dst` for lengths of 64 and more.
    let wrong = |src: &[u8], dst: &mut [u8]| {
        if src.len() >= 64 {
            let dst = dst.as_mut_ptr();
            let n = encoded_len(src.len());
            let mut v = vec![0; n];
            scalar::encode_at(src, &mut v, 0, 0);
            // SAFETY: the verification's slack lies past every destination it hands out.
            unsafe {
                core::ptr::copy_nonoverlapping(v.as_ptr(), dst, n);
                *dst.add(n) = 0;
            }
        } else {
            scalar::encode_at(src, dst, 0, 0);
        }
    };
    let mismatch = verify_encode(&wrong).unwrap_err();
    assert!(mismatch.case.contains("slack"), "{mismatch}");
}
