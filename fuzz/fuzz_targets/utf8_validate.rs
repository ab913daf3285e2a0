//! `text.utf8_validate`: every variant this CPU may run against `std:from_utf8`.
//!
//! Input: control byte 0 (bits 0–5 the data's misalignment, bit 6 also run on data flush against
//! an inaccessible page, bit 7 first repair the data into valid UTF-8 with
//! `String::from_utf8_lossy`), control byte 1 (if non-zero, XOR-ed into one byte after the
//! repair), control byte 2 (that byte's position), then the data.

#![no_main]

use arsenal::text::utf8_validate::Utf8Validate;
use arsenal_fuzz::{guarded_at_end, guarded_at_start, hex_prefix, variants, Control, Placed};
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8], what: &str) {
    let (reference, others) = variants::<Utf8Validate>();
    let expected = reference.call(bytes);
    for v in others {
        let got = v.call(bytes);
        assert_eq!(
            got,
            expected,
            "text.utf8_validate/{} disagrees with {}: len {}, offset {}, {what}, data {}",
            v.name(),
            reference.name(),
            bytes.len(),
            bytes.as_ptr() as usize % 64,
            hex_prefix(bytes)
        );
    }
}

fuzz_target!(|input: &[u8]| {
    let (ctl, data) = Control::split(input, 3);
    let mut text = if ctl.byte(0) & 0x80 != 0 {
        String::from_utf8_lossy(data).into_owned().into_bytes()
    } else {
        data.to_vec()
    };
    if ctl.byte(1) != 0 && !text.is_empty() {
        let at = ctl.position(2, text.len());
        text[at] ^= ctl.byte(1);
    }
    let placed = Placed::new(&text, ctl.offset(0));
    check(placed.bytes(), "heap");
    if ctl.byte(0) & 0x40 != 0 {
        check(guarded_at_end(&text).bytes(), "guard page at the end");
        check(guarded_at_start(&text).bytes(), "guard page at the start");
    }
});
