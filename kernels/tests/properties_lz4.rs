//! LZ4 block decompression: on blocks proptest draws — compressed from drawn data by the greedy
//! compressor and by `lz4_flex`, then perhaps changed at a few bytes and cut — every variant
//! gives the reference's result: the same bytes on a valid block, an error on an invalid one.
//! A valid block decompresses to the data it was compressed from.

use arsenal::compression::lz4::{blocks, external, scalar, Lz4Decompress};
use arsenal::registry::Checked;
use arsenal::Op;
use proptest::prelude::*;

fn variants() -> Vec<(&'static str, Checked<Lz4Decompress>)> {
    Lz4Decompress::table()
        .iter()
        .filter_map(|v| Some((v.info().name, v.checked()?)))
        .collect()
}

/// Data with repeats: pieces of a small alphabet, copies of earlier data, and random bytes.
fn data() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0u8..3, any::<u8>(), 1usize..40), 0..60).prop_map(|pieces| {
        let mut data = Vec::new();
        for (kind, byte, n) in pieces {
            match kind {
                0 => data.extend((0..n).map(|i| b"ab"[(byte as usize + i) % 2])),
                1 if !data.is_empty() => {
                    let from = byte as usize % data.len();
                    for i in 0..n {
                        data.push(data[from + i % (data.len() - from)]);
                    }
                }
                _ => data.extend((0..n).map(|i| byte.wrapping_mul(i as u8 + 1))),
            }
        }
        data
    })
}

proptest! {
    #[test]
    fn every_variant_agrees_on_valid_and_changed_blocks(
        data in data(),
        by_flex in any::<bool>(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in prop::option::of(any::<prop::sample::Index>()),
        extra in 0usize..40,
    ) {
        let mut block = if by_flex { external::compress(&data) } else { blocks::compress(&data) };
        let valid = changes.is_empty() && cut.is_none();
        for (at, byte) in changes {
            let i = at.index(block.len());
            block[i] = byte;
        }
        if let Some(cut) = cut {
            block.truncate(cut.index(block.len() + 1));
        }
        let size = data.len() + extra;
        let mut want = vec![0; size];
        let expected = scalar::decompress(&block, &mut want);
        if valid {
            prop_assert_eq!(expected, Ok(data.len()));
            prop_assert_eq!(&want[..data.len()], &data[..]);
        }
        for (name, f) in variants() {
            let mut got = vec![0; size];
            let r = f.call(&block, &mut got);
            prop_assert_eq!(r, expected, "{}", name);
            if let Ok(n) = r {
                prop_assert_eq!(&got[..n], &want[..n], "{}", name);
            }
        }
    }
}

#[test]
fn the_variants_take_part() {
    let names: Vec<_> = variants().iter().map(|v| v.0).collect();
    for name in ["scalar", "wild", "crate:lz4_flex", "crate:lz4_flex:unsafe"] {
        assert!(names.contains(&name), "{names:?}");
    }
}
