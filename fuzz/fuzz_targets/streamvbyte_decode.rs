//! `encoding.streamvbyte_decode`: every variant this CPU may run against `scalar`, on arbitrary
//! bytes and on valid encodings cut short or changed, with the input on the heap at a chosen
//! misalignment (ASan's redzone right after it) and flush against inaccessible pages.
//!
//! Input: control byte 0 (bits 0–5 the input's misalignment, bit 6 also run flush against
//! inaccessible pages at its end and its start, bit 7 the mode: clear, the data is the input
//! and bytes 1–2 a count of values below 4096; set, the data read as little-endian `u32`s, each
//! shifted right by 8 × (its low byte mod 4) so every length occurs, is encoded by the
//! reference, and the input is that encoding), in the encoding mode control byte 1 (if
//! non-zero, where the encoding is cut) and byte 2 (bits 0–1 how many values fewer are decoded
//! than were encoded; bits 2–7, if non-zero, a byte overwritten with byte 3 at a position
//! scaled from them).

#![no_main]

use arsenal::encoding::streamvbyte::{max_encoded_len, StreamVByteDecode, StreamVByteEncode};
use arsenal::Op;
use arsenal_fuzz::{checked, hex_prefix, variants, Control, Guarded, Placed};
use libfuzzer_sys::fuzz_target;

fn check(src: &[u8], n: usize, what: &str) {
    let (reference, others) = variants::<StreamVByteDecode>();
    let mut want = vec![0u32; n];
    let expected = reference.call(src, &mut want);
    for v in others {
        let mut got = vec![0u32; n];
        let result = v.call(src, &mut got);
        let same = expected.is_err() || got == want;
        assert!(
            result == expected && same,
            "encoding.streamvbyte_decode/{} disagrees with {}: {n} values from {} bytes at \
             offset {}, {what}: expected {expected:?}, got {result:?}{}, input {}",
            v.name(),
            reference.name(),
            src.len(),
            src.as_ptr() as usize % 64,
            if same { "" } else { " with different values" },
            hex_prefix(src)
        );
    }
}

fuzz_target!(|input: &[u8]| {
    let (ctl, data) = Control::split(input, 4);
    let (src, n) = if ctl.byte(0) & 0x80 == 0 {
        let n = usize::from(u16::from_le_bytes([ctl.byte(1), ctl.byte(2)])) % 4096;
        (data.to_vec(), n)
    } else {
        let values: Vec<u32> = data
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) >> (8 * (c[0] & 3)))
            .collect();
        let encoder = checked::<StreamVByteEncode>(StreamVByteEncode::info().reference)
            .expect("the reference encoder is portable");
        let mut src = vec![0; max_encoded_len(values.len())];
        let len = encoder
            .call(&values, &mut src)
            .expect("room for the encoding");
        src.truncate(len);
        if ctl.byte(1) != 0 {
            src.truncate(ctl.position(1, src.len()));
        }
        if ctl.byte(2) >> 2 != 0 && !src.is_empty() {
            let at = usize::from(ctl.byte(2) >> 2) * src.len() / 64;
            src[at] = ctl.byte(3);
        }
        let fewer = usize::from(ctl.byte(2) & 3);
        (src, values.len().saturating_sub(fewer))
    };
    let placed = Placed::new(&src, ctl.offset(0));
    check(placed.bytes(), n, "heap");
    if ctl.byte(0) & 0x40 != 0 {
        let mut g = Guarded::at_end(src.len());
        g.bytes_mut().copy_from_slice(&src);
        check(g.bytes(), n, "flush against a guard page at its end");
        let mut g = Guarded::at_start(src.len());
        g.bytes_mut().copy_from_slice(&src);
        check(g.bytes(), n, "flush against a guard page at its start");
    }
});
