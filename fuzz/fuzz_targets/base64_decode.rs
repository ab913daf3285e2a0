//! `text.base64_decode`: every variant this CPU may run against `scalar`, into a destination of
//! exactly `decoded_len_max(len)` bytes, or (control bit) of exactly `decoded_len(text)` bytes,
//! the shortest the safe entry accepts (its final quantum then goes through a stack buffer); an
//! over-write hits ASan's redzone, or a guard page.
//!
//! Input: control byte 0 (bits 0–5 the text's misalignment, bit 6 also run with text and
//! destination flush against inaccessible pages, bit 7 the destination `decoded_len(text)` bytes
//! long rather than `decoded_len_max(len)`), control byte 1 (bits 0–1 how the text is made
//! from the data: 0 as is, 1 each byte mapped into the alphabet with bits 2–3 `=` at the end,
//! 2 the scalar encoding of the data, 3 that encoding without its padding; bits 2–7 otherwise the
//! destination's misalignment), control byte 2 (a byte's position) and 3 (if non-zero, what that
//! byte is overwritten with, after the text is made), then the data.

#![no_main]

use arsenal::text::base64::scalar::{ALPHABET, PAD};
use arsenal::text::base64::{
    decoded_len, decoded_len_max, encoded_len, Base64Decode, Base64Encode,
};
use arsenal::Op;
use arsenal_fuzz::{checked, hex_prefix, variants, Control, Guarded, Placed};
use libfuzzer_sys::fuzz_target;

/// Runs every variant with `dst` from `make_dst` and checks it against the reference.
fn check(
    src: &[u8],
    exact_dst: bool,
    make_dst: &dyn Fn(usize) -> Box<dyn AsMut<[u8]>>,
    what: &str,
) {
    let (reference, others) = variants::<Base64Decode>();
    let n = if exact_dst {
        decoded_len(src)
    } else {
        decoded_len_max(src.len())
    };
    let mut ref_dst = make_dst(n);
    let expected = reference.call(src, (*ref_dst).as_mut());
    for v in others {
        let mut dst = make_dst(n);
        let got = v.call(src, (*dst).as_mut());
        let same_bytes = match expected {
            Ok(len) => (*dst).as_mut()[..len] == (*ref_dst).as_mut()[..len],
            Err(_) => true,
        };
        assert!(
            got == expected && same_bytes,
            "text.base64_decode/{} disagrees with {}: len {}, offset {}, {what}: expected \
             {expected:?}, got {got:?}{}, dst {n} bytes, text {}",
            v.name(),
            reference.name(),
            src.len(),
            src.as_ptr() as usize % 64,
            if same_bytes {
                ""
            } else {
                " with different bytes"
            },
            hex_prefix(src)
        );
    }
}

struct PlacedDst(Placed);
impl AsMut<[u8]> for PlacedDst {
    fn as_mut(&mut self) -> &mut [u8] {
        self.0.bytes_mut()
    }
}

struct GuardedDst(Guarded);
impl AsMut<[u8]> for GuardedDst {
    fn as_mut(&mut self) -> &mut [u8] {
        self.0.bytes_mut()
    }
}

fn text_of(mode: u8, data: &[u8]) -> Vec<u8> {
    match mode & 3 {
        0 => data.to_vec(),
        1 => {
            let mut text: Vec<u8> = data.iter().map(|b| ALPHABET[usize::from(b & 63)]).collect();
            let pads = usize::from((mode >> 2) & 3).min(text.len());
            let len = text.len();
            text[len - pads..].fill(PAD);
            text
        }
        m => {
            let encoder = checked::<Base64Encode>(Base64Encode::info().reference)
                .expect("the reference encoder is portable");
            let mut text = vec![0; encoded_len(data.len())];
            encoder
                .call(data, &mut text)
                .expect("dst holds exactly the encoding");
            if m == 3 {
                while text.last() == Some(&PAD) {
                    text.pop();
                }
            }
            text
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let (ctl, data) = Control::split(input, 4);
    let mut text = text_of(ctl.byte(1), data);
    if ctl.byte(3) != 0 && !text.is_empty() {
        let at = ctl.position(2, text.len());
        text[at] = ctl.byte(3);
    }
    let src = Placed::new(&text, ctl.offset(0));
    let dst_offset = usize::from(ctl.byte(1) >> 2);
    let exact = ctl.byte(0) & 0x80 != 0;
    check(
        src.bytes(),
        exact,
        &|n| Box::new(PlacedDst(Placed::zeroed(n, dst_offset))),
        "heap",
    );
    if ctl.byte(0) & 0x40 != 0 {
        let mut g = Guarded::at_end(text.len());
        g.bytes_mut().copy_from_slice(&text);
        check(
            g.bytes(),
            exact,
            &|n| Box::new(GuardedDst(Guarded::at_end(n))),
            "text and dst flush against guard pages at their ends",
        );
        let mut g = Guarded::at_start(text.len());
        g.bytes_mut().copy_from_slice(&text);
        check(
            g.bytes(),
            exact,
            &|n| Box::new(GuardedDst(Guarded::at_start(n))),
            "text and dst flush against guard pages at their starts",
        );
    }
});
