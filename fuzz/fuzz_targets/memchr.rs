//! `search.memchr` and `search.memrchr`: every variant this CPU may run against `scalar`.
//!
//! Input: control byte 0 (bits 0–5 the haystack's misalignment, bit 6 also run on haystacks flush
//! against an inaccessible page, bit 7 take the needle from the haystack), control byte 1 (the
//! needle, or its position when bit 7 is set), then the haystack.

#![no_main]

use arsenal::registry::Checked;
use arsenal::search::memchr::{Memchr, Memrchr};
use arsenal::Kernel;
use arsenal_fuzz::{guarded_at_end, guarded_at_start, hex_prefix, variants, Control, Placed};
use libfuzzer_sys::fuzz_target;

/// Each op's `Checked::call` is its own method: `call` runs it for `K`.
fn check<K: Kernel>(
    call: impl Fn(&Checked<K>, u8, &[u8]) -> Option<usize>,
    needle: u8,
    hay: &[u8],
    what: &str,
) {
    let (reference, others) = variants::<K>();
    let expected = call(&reference, needle, hay);
    for v in others {
        let got = call(&v, needle, hay);
        assert_eq!(
            got,
            expected,
            "{}/{} disagrees with {}: needle {needle:#04x}, len {}, offset {}, {what}, hay {}",
            K::info().name,
            v.name(),
            reference.name(),
            hay.len(),
            hay.as_ptr() as usize % 64,
            hex_prefix(hay)
        );
    }
}

fn both(needle: u8, hay: &[u8], what: &str) {
    check::<Memchr>(|v, n, h| v.call(n, h), needle, hay, what);
    check::<Memrchr>(|v, n, h| v.call(n, h), needle, hay, what);
}

fuzz_target!(|input: &[u8]| {
    let (ctl, data) = Control::split(input, 2);
    let needle = if ctl.byte(0) & 0x80 != 0 && !data.is_empty() {
        data[ctl.position(1, data.len())]
    } else {
        ctl.byte(1)
    };
    let hay = Placed::new(data, ctl.offset(0));
    both(needle, hay.bytes(), "heap");
    if ctl.byte(0) & 0x40 != 0 {
        both(
            needle,
            guarded_at_end(data).bytes(),
            "flush against a guard page at the end",
        );
        both(
            needle,
            guarded_at_start(data).bytes(),
            "flush against a guard page at the start",
        );
    }
});
