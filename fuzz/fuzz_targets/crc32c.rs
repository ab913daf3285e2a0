//! `checksum.crc32c`: every variant this CPU may run against `table`, on the whole input from a
//! starting CRC and as an update over a split of it.
//!
//! Input: control byte 0 (bits 0–5 the data's misalignment, bit 6 also run on data flush against
//! an inaccessible page, bit 7 start from the CRC in bytes 2–5 rather than 0), control byte 1
//! (where the update splits the data), bytes 2–5 (a starting CRC), then the data.

#![no_main]

use arsenal::checksum::crc32c::Crc32c;
use arsenal_fuzz::{guarded_at_end, guarded_at_start, hex_prefix, variants, Control, Placed};
use libfuzzer_sys::fuzz_target;

fn check(crc: u32, data: &[u8], split: usize, what: &str) {
    let (reference, others) = variants::<Crc32c>();
    let expected = reference.call(crc, data);
    let (a, b) = data.split_at(split);
    assert_eq!(
        reference.call(reference.call(crc, a), b),
        expected,
        "checksum.crc32c/{}: update over a split at {split} differs from one call, len {}",
        reference.name(),
        data.len()
    );
    for v in others {
        let whole = v.call(crc, data);
        let parts = v.call(v.call(crc, a), b);
        assert!(
            whole == expected && parts == expected,
            "checksum.crc32c/{} disagrees with {}: crc {crc:#010x}, len {}, offset {}, split {split}, \
             {what}: expected {expected:#010x}, got {whole:#010x} (whole) and {parts:#010x} \
             (split), data {}",
            v.name(),
            reference.name(),
            data.len(),
            data.as_ptr() as usize % 64,
            hex_prefix(data)
        );
    }
}

fuzz_target!(|input: &[u8]| {
    let (ctl, data) = Control::split(input, 6);
    let crc = if ctl.byte(0) & 0x80 != 0 {
        u32::from_le_bytes([ctl.byte(2), ctl.byte(3), ctl.byte(4), ctl.byte(5)])
    } else {
        0
    };
    let split = ctl.position(1, data.len() + 1);
    let placed = Placed::new(data, ctl.offset(0));
    check(crc, placed.bytes(), split, "heap");
    if ctl.byte(0) & 0x40 != 0 {
        check(
            crc,
            guarded_at_end(data).bytes(),
            split,
            "guard page at the end",
        );
        check(
            crc,
            guarded_at_start(data).bytes(),
            split,
            "guard page at the start",
        );
    }
});
