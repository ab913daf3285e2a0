//! One line per variant: the shared harness (`Workload::verify`) against the op's reference.
//!
//! A variant this CPU cannot run is skipped (and says so), never failed.

use arsenal::workload::{VariantError, VerifyError};

fn verify(op: &str, variant: &str) {
    let workload = arsenal::workload(op).unwrap_or_else(|| panic!("no op {op}"));
    match workload.verify(variant) {
        Ok(()) => {}
        Err(VerifyError::Variant(VariantError::Unavailable(name, why))) => {
            eprintln!("skipped {op}/{name}: {why}");
        }
        Err(e) => panic!("{op}/{variant}: {e}"),
    }
}

macro_rules! verify {
    ($($test:ident: $op:literal / $variant:literal;)*) => {
        $(#[test] fn $test() { verify($op, $variant); })*

        /// The list above names every registered variant of the ops it covers.
        #[test]
        fn every_variant_is_listed() {
            let listed: &[(&str, &str)] = &[$(($op, $variant)),*];
            for w in arsenal::workloads() {
                let op = w.info().name;
                if !listed.iter().any(|(o, _)| *o == op) {
                    panic!("op {op} has no verification lines");
                }
                for v in w.variants() {
                    assert!(listed.contains(&(op, v.name)), "{op}/{} is not verified", v.name);
                }
            }
        }
    };
}

verify! {
    crc32c_table: "checksum.crc32c" / "table";
    crc32c_slicing8: "checksum.crc32c" / "slicing8";
    crc32c_sse42: "checksum.crc32c" / "sse42";
    crc32c_pclmul: "checksum.crc32c" / "pclmul";
    crc32c_vpclmul: "checksum.crc32c" / "vpclmul";
    crc32c_crate: "checksum.crc32c" / "crate:crc32c";
    memchr_scalar: "search.memchr" / "scalar";
    memchr_swar: "search.memchr" / "swar";
    memchr_sse2: "search.memchr" / "sse2";
    memchr_avx2: "search.memchr" / "avx2";
    memchr_avx512: "search.memchr" / "avx512";
    memchr_crate: "search.memchr" / "crate:memchr";
    memchr_libc: "search.memchr" / "libc";
    memrchr_scalar: "search.memrchr" / "scalar";
    memrchr_swar: "search.memrchr" / "swar";
    memrchr_sse2: "search.memrchr" / "sse2";
    memrchr_avx2: "search.memrchr" / "avx2";
    memrchr_avx512: "search.memrchr" / "avx512";
    memrchr_crate: "search.memrchr" / "crate:memchr";
    memrchr_libc: "search.memrchr" / "libc";
    xxh3_64_scalar: "hash.xxh3_64" / "scalar";
    xxh3_64_sse2: "hash.xxh3_64" / "sse2";
    xxh3_64_avx2: "hash.xxh3_64" / "avx2";
    xxh3_64_avx512: "hash.xxh3_64" / "avx512";
    xxh3_64_crate: "hash.xxh3_64" / "crate:xxhash-rust";
    utf8_std: "text.utf8_validate" / "std:from_utf8";
    utf8_scalar: "text.utf8_validate" / "scalar";
    utf8_avx2: "text.utf8_validate" / "avx2";
    utf8_avx512: "text.utf8_validate" / "avx512";
    utf8_crate: "text.utf8_validate" / "crate:simdutf8";
    sort_u64_std_sort_unstable: "sort.u64" / "std:sort_unstable";
    sort_u64_std_sort: "sort.u64" / "std:sort";
    sort_u64_small: "sort.u64" / "small";
    sort_u64_radix: "sort.u64" / "radix";
    sort_u64_msd: "sort.u64" / "msd";
    sort_u64_par: "sort.u64" / "par";
    sort_u64_rayon: "sort.u64" / "rayon:par_sort_unstable";
    base64_encode_scalar: "text.base64_encode" / "scalar";
    base64_encode_avx2: "text.base64_encode" / "avx2";
    base64_encode_avx512: "text.base64_encode" / "avx512";
    base64_encode_crate: "text.base64_encode" / "crate:base64";
    base64_encode_crate_engine_simd: "text.base64_encode" / "crate:base64:simd";
    base64_encode_crate_simd: "text.base64_encode" / "crate:base64-simd";
    base64_decode_scalar: "text.base64_decode" / "scalar";
    base64_decode_avx2: "text.base64_decode" / "avx2";
    base64_decode_avx512: "text.base64_decode" / "avx512";
    base64_decode_crate: "text.base64_decode" / "crate:base64";
    base64_decode_crate_engine_simd: "text.base64_decode" / "crate:base64:simd";
    base64_decode_crate_simd: "text.base64_decode" / "crate:base64-simd";
    dot_f32_scalar: "linalg.dot_f32" / "scalar";
    dot_f32_pairwise: "linalg.dot_f32" / "pairwise";
    dot_f32_kahan: "linalg.dot_f32" / "kahan";
    dot_f32_avx2: "linalg.dot_f32" / "avx2";
    dot_f32_avx512: "linalg.dot_f32" / "avx512";
    sgemm_naive: "linalg.sgemm" / "naive";
    sgemm_blocked: "linalg.sgemm" / "blocked";
    sgemm_packed_avx2: "linalg.sgemm" / "packed_avx2";
    sgemm_packed_avx512: "linalg.sgemm" / "packed_avx512";
    sgemm_par: "linalg.sgemm" / "par";
    sgemm_crate_matrixmultiply: "linalg.sgemm" / "crate:matrixmultiply";
    sgemm_crate_gemm: "linalg.sgemm" / "crate:gemm";
    read_scalar: "ceiling.read" / "scalar";
    read_avx2: "ceiling.read" / "avx2";
    read_avx512: "ceiling.read" / "avx512";
    read_scalar_small: "ceiling.read" / "scalar_small";
    read_avx2_masked: "ceiling.read" / "avx2_masked";
    read_avx512_masked: "ceiling.read" / "avx512_masked";
    fma_f32_scalar: "ceiling.fma_f32" / "scalar";
    fma_f32_avx2: "ceiling.fma_f32" / "avx2";
    fma_f32_avx512: "ceiling.fma_f32" / "avx512";
    copy_std: "memory.copy" / "std";
    copy_rep_movsb: "memory.copy" / "rep_movsb";
    copy_avx2: "memory.copy" / "avx2";
    copy_avx512: "memory.copy" / "avx512";
    copy_avx512_nt: "memory.copy" / "avx512_nt";
}
