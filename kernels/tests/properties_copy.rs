//! Properties of `memory.copy`, for every variant this host can run.

use arsenal::memory::copy::Memcpy;
use arsenal::Op;
use proptest::prelude::*;

fn source() -> impl Strategy<Value = (Vec<u8>, usize, usize)> {
    // Lengths past a few vectors and lines; offsets move source and destination independently.
    (
        prop::collection::vec(any::<u8>(), 0..1500),
        0usize..64,
        0usize..64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn copy_equals_source_and_stays_inside((buf, so, dst_offset) in source(), fill in any::<u8>()) {
        let src = &buf[so.min(buf.len())..];
        for v in Memcpy::table().iter().filter_map(|v| v.checked()) {
            let mut out = vec![fill; dst_offset + src.len() + 64];
            v.call(&mut out[dst_offset..dst_offset + src.len()], src);
            prop_assert_eq!(&out[dst_offset..dst_offset + src.len()], src, "variant {}", v.name());
            prop_assert!(out[..dst_offset].iter().all(|&b| b == fill), "variant {} wrote before dst", v.name());
            prop_assert!(out[dst_offset + src.len()..].iter().all(|&b| b == fill), "variant {} wrote past dst", v.name());
        }
    }

    #[test]
    fn entries_copy((buf, _, _) in source()) {
        let mut dst = vec![0u8; buf.len()];
        arsenal::memory::copy(&mut dst, &buf);
        prop_assert_eq!(&dst, &buf);
        dst.fill(0);
        arsenal::memory::runtime_copy(&mut dst, &buf);
        prop_assert_eq!(&dst, &buf);
    }

    #[test]
    fn unequal_lengths_panic(len in 0usize..100, extra in 1usize..10) {
        let src = vec![1u8; len + extra];
        let mut dst = vec![0u8; len];
        let entry = std::panic::catch_unwind(move || arsenal::memory::copy(&mut dst, &src));
        prop_assert!(entry.is_err());
        let v = Memcpy::choose();
        let (src, mut dst) = (vec![1u8; len], vec![0u8; len + extra]);
        prop_assert!(std::panic::catch_unwind(move || v.call(&mut dst, &src)).is_err());
    }
}
