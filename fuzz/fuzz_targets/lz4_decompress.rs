//! `compression.lz4_decompress`: every variant this CPU may run against `scalar`, on arbitrary
//! bytes and on valid blocks changed and cut, with the block on the heap at a chosen
//! misalignment (ASan's redzone right after it) and flush against inaccessible pages, into a
//! destination on the heap (a wild copy past its end hits ASan's redzone) and flush against an
//! inaccessible page.
//!
//! Input: control byte 0 (bits 0–5 the block's misalignment, bit 6 also run flush against
//! inaccessible pages, bit 7 the mode: clear, the data is the block; set, the data is
//! compressed by the greedy compressor and the block is that), byte 1 (the destination's size
//! beyond the data's length in the compress mode, or its size in 16-byte steps in the raw mode),
//! bytes 2 and 3 (in the compress mode: if byte 2 is non-zero, the byte at a position scaled
//! from it is overwritten with byte 3; if byte 3's top bit is set, the block is cut at a
//! position scaled from byte 2 as well).

#![no_main]

use arsenal::compression::lz4::{blocks, Lz4Decompress};
use arsenal_fuzz::{hex_prefix, variants, Control, Guarded, Placed};
use libfuzzer_sys::fuzz_target;

fn check(src: &[u8], dst_len: usize, guarded_dst: bool, what: &str) {
    let (reference, others) = variants::<Lz4Decompress>();
    let mut want = vec![0u8; dst_len];
    let expected = reference.call(src, &mut want);
    for v in others {
        let mut heap;
        let mut page;
        let dst: &mut [u8] = if guarded_dst {
            page = Guarded::at_end(dst_len);
            page.bytes_mut()
        } else {
            heap = Placed::zeroed(dst_len, 0);
            heap.bytes_mut()
        };
        let result = v.call(src, dst);
        let same = match expected {
            Ok(n) => dst[..n] == want[..n],
            Err(_) => true,
        };
        assert!(
            result == expected && same,
            "compression.lz4_decompress/{} disagrees with {}: {} bytes at offset {} into \
             {dst_len}, {what}: expected {expected:?}, got {result:?}{}, block {}",
            v.name(),
            reference.name(),
            src.len(),
            src.as_ptr() as usize % 64,
            if same { "" } else { " with different bytes" },
            hex_prefix(src)
        );
    }
}

fuzz_target!(|input: &[u8]| {
    let (ctl, data) = Control::split(input, 4);
    let (block, dst_len) = if ctl.byte(0) & 0x80 == 0 {
        (data.to_vec(), 16 * usize::from(ctl.byte(1)))
    } else {
        let mut block = blocks::compress(data);
        if ctl.byte(2) != 0 && !block.is_empty() {
            let at = ctl.position(2, block.len());
            block[at] = ctl.byte(3);
            if ctl.byte(3) & 0x80 != 0 {
                block.truncate(at);
            }
        }
        (block, data.len() + usize::from(ctl.byte(1)))
    };
    let placed = Placed::new(&block, ctl.offset(0));
    check(placed.bytes(), dst_len, false, "heap");
    if ctl.byte(0) & 0x40 != 0 {
        let mut g = Guarded::at_end(block.len());
        g.bytes_mut().copy_from_slice(&block);
        check(
            g.bytes(),
            dst_len,
            true,
            "block and destination flush against guard pages",
        );
        let mut g = Guarded::at_start(block.len());
        g.bytes_mut().copy_from_slice(&block);
        check(
            g.bytes(),
            dst_len,
            true,
            "block flush against a guard page at its start",
        );
    }
});
