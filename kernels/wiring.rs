// The table of hard-wirable entries, shared by `build.rs` (which generates the size-band dispatch
// from a manifest) and the crate (whose tests check it against the registry). Plain data only:
// this file is `include!`d in both places.

/// A variant as the generated code calls it.
#[allow(dead_code)]
#[derive(Debug)]
pub struct WiredVariant {
    /// Registry name.
    pub name: &'static str,
    /// Path of the `unsafe fn`, from the crate root.
    pub path: &'static str,
    /// `target_feature` names it needs (the registry's `requires`).
    pub features: &'static [&'static str],
    /// A `cfg` predicate under which it exists (`""`: always).
    pub cfg: &'static str,
}

/// An op's variants.
#[allow(dead_code)]
#[derive(Debug)]
pub struct WiredOp {
    /// Registry name (`search.memchr`).
    pub name: &'static str,
    /// Every variant.
    pub variants: &'static [WiredVariant],
}

/// A public entry of an op.
#[allow(dead_code)]
#[derive(Debug)]
pub struct WiredEntry {
    /// The op it calls.
    pub op: &'static str,
    /// Its path under the crate root and under `throughput::`/`latency::` (`search::memchr`).
    pub path: &'static str,
    /// Parameters, as written in the signature.
    pub params: &'static str,
    /// The arguments passed on to the runtime entry.
    pub args: &'static str,
    /// The arguments passed to a variant function.
    pub variant_args: &'static str,
    /// A function the variant is called through, from the crate root: `via(variant, variant_args)`
    /// instead of `variant(variant_args)` (`""`: called directly). It is an `unsafe fn` whose
    /// only precondition is that the host may run the variant.
    pub via: &'static str,
    /// Return type.
    pub ret: &'static str,
    /// The size in the op's units, as an expression over the parameters.
    pub size: &'static str,
    /// The runtime-dispatch entry with the same parameters.
    pub runtime: &'static str,
}

const X86: &str = "target_arch = \"x86_64\"";
const STD: &str = "feature = \"std\"";
const STD_UNIX: &str = "all(feature = \"std\", unix)";
const STD_LINUX: &str = "all(feature = \"std\", target_os = \"linux\")";
const STD_X86: &str = "all(feature = \"std\", target_arch = \"x86_64\")";

/// Every op that can be wired.
#[allow(dead_code)]
pub const WIRED_OPS: &[WiredOp] = &[
    SORT_U64,
    WiredOp {
        name: "checksum.crc32c",
        variants: &[
            WiredVariant { name: "table", path: "checksum::crc32c::table::crc32c", features: &[], cfg: "" },
            WiredVariant { name: "slicing8", path: "checksum::crc32c::slicing8::crc32c", features: &[], cfg: "" },
            WiredVariant { name: "sse42", path: "checksum::crc32c::x86_64::sse42::crc32c", features: &["sse4.2"], cfg: X86 },
            WiredVariant { name: "pclmul", path: "checksum::crc32c::x86_64::pclmul::crc32c", features: &["pclmulqdq", "sse4.2"], cfg: X86 },
            WiredVariant { name: "vpclmul", path: "checksum::crc32c::x86_64::vpclmul::crc32c", features: &["avx512f", "vpclmulqdq", "pclmulqdq", "sse4.2"], cfg: X86 },
            WiredVariant { name: "crate:crc32c", path: "checksum::crc32c::external::crate_crc32c", features: &[], cfg: STD },
        ],
    },
    WiredOp {
        name: "hash.xxh3_64",
        variants: &[
            WiredVariant { name: "scalar", path: "hash::xxh3_64::scalar::xxh3_64", features: &[], cfg: "" },
            WiredVariant { name: "sse2", path: "hash::xxh3_64::x86_64::sse2::xxh3_64", features: &["sse2"], cfg: X86 },
            WiredVariant { name: "avx2", path: "hash::xxh3_64::x86_64::avx2::xxh3_64", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "hash::xxh3_64::x86_64::avx512::xxh3_64", features: &["avx512f", "avx512dq"], cfg: X86 },
            WiredVariant { name: "crate:xxhash-rust", path: "hash::xxh3_64::external::crate_xxhash_rust", features: &[], cfg: STD },
        ],
    },
    WiredOp {
        name: "search.memchr",
        variants: &[
            WiredVariant { name: "scalar", path: "search::memchr::scalar::memchr", features: &[], cfg: "" },
            WiredVariant { name: "swar", path: "search::memchr::swar::memchr", features: &[], cfg: "" },
            WiredVariant { name: "sse2", path: "search::memchr::x86_64::sse2::memchr", features: &["sse2"], cfg: X86 },
            WiredVariant { name: "avx2", path: "search::memchr::x86_64::avx2::memchr", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "search::memchr::x86_64::avx512::memchr", features: &["avx512f", "avx512bw"], cfg: X86 },
            WiredVariant { name: "crate:memchr", path: "search::memchr::external::crate_memchr", features: &[], cfg: STD },
            WiredVariant { name: "libc", path: "search::memchr::external::libc_memchr", features: &[], cfg: STD_UNIX },
        ],
    },
    WiredOp {
        name: "search.memrchr",
        variants: &[
            WiredVariant { name: "scalar", path: "search::memchr::scalar::memrchr", features: &[], cfg: "" },
            WiredVariant { name: "swar", path: "search::memchr::swar::memrchr", features: &[], cfg: "" },
            WiredVariant { name: "sse2", path: "search::memchr::x86_64::sse2::memrchr", features: &["sse2"], cfg: X86 },
            WiredVariant { name: "avx2", path: "search::memchr::x86_64::avx2::memrchr", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "search::memchr::x86_64::avx512::memrchr", features: &["avx512f", "avx512bw"], cfg: X86 },
            WiredVariant { name: "crate:memchr", path: "search::memchr::external::crate_memrchr", features: &[], cfg: STD },
            WiredVariant { name: "libc", path: "search::memchr::external::libc_memrchr", features: &[], cfg: STD_LINUX },
        ],
    },
    WiredOp {
        name: "text.utf8_validate",
        variants: &[
            WiredVariant { name: "std:from_utf8", path: "text::utf8_validate::external::std_from_utf8", features: &[], cfg: "" },
            WiredVariant { name: "scalar", path: "text::utf8_validate::scalar::utf8_validate", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "text::utf8_validate::x86_64::avx2::utf8_validate", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "text::utf8_validate::x86_64::avx512::utf8_validate", features: &["avx512f", "avx512bw", "avx512vbmi"], cfg: X86 },
            WiredVariant { name: "crate:simdutf8", path: "text::utf8_validate::external::crate_simdutf8", features: &[], cfg: STD },
        ],
    },
    WiredOp {
        name: "text.base64_encode",
        variants: &[
            WiredVariant { name: "scalar", path: "text::base64::scalar::encode", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "text::base64::x86_64::avx2::encode", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "text::base64::x86_64::avx512::encode", features: &["avx512f", "avx512bw", "avx512vbmi"], cfg: X86 },
            WiredVariant { name: "crate:base64", path: "text::base64::external::base64_encode", features: &[], cfg: STD },
            WiredVariant { name: "crate:base64:simd", path: "text::base64::external::base64_engine_simd_encode", features: &[], cfg: STD },
            WiredVariant { name: "crate:base64-simd", path: "text::base64::external::base64_simd_encode", features: &[], cfg: STD },
        ],
    },
    WiredOp {
        name: "text.base64_decode",
        variants: &[
            WiredVariant { name: "scalar", path: "text::base64::scalar::decode", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "text::base64::x86_64::avx2::decode", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "text::base64::x86_64::avx512::decode", features: &["avx512f", "avx512bw", "avx512vbmi"], cfg: X86 },
            WiredVariant { name: "crate:base64", path: "text::base64::external::base64_decode", features: &[], cfg: STD },
            WiredVariant { name: "crate:base64:simd", path: "text::base64::external::base64_engine_simd_decode", features: &[], cfg: STD },
            WiredVariant { name: "crate:base64-simd", path: "text::base64::external::base64_simd_decode", features: &[], cfg: STD },
        ],
    },
    WiredOp {
        name: "linalg.dot_f32",
        variants: &[
            WiredVariant { name: "scalar", path: "linalg::dot_f32::scalar::dot", features: &[], cfg: "" },
            WiredVariant { name: "pairwise", path: "linalg::dot_f32::scalar::pairwise", features: &[], cfg: "" },
            WiredVariant { name: "kahan", path: "linalg::dot_f32::scalar::kahan", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "linalg::dot_f32::x86_64::avx2::dot", features: &["avx2", "fma"], cfg: X86 },
            WiredVariant { name: "avx512", path: "linalg::dot_f32::x86_64::avx512::dot", features: &["avx512f"], cfg: X86 },
        ],
    },
    WiredOp {
        name: "linalg.sgemm",
        variants: &[
            WiredVariant { name: "naive", path: "linalg::sgemm::naive::sgemm", features: &[], cfg: "" },
            WiredVariant { name: "blocked", path: "linalg::sgemm::blocked::sgemm", features: &[], cfg: "" },
            WiredVariant { name: "packed_avx2", path: "linalg::sgemm::x86_64::avx2::sgemm", features: &["avx2", "fma"], cfg: X86 },
            WiredVariant { name: "packed_avx512", path: "linalg::sgemm::x86_64::avx512::sgemm", features: &["avx512f"], cfg: X86 },
            WiredVariant { name: "par", path: "linalg::sgemm::par::sgemm", features: &["avx2", "fma"], cfg: STD_X86 },
            WiredVariant { name: "crate:matrixmultiply", path: "linalg::sgemm::external::crate_matrixmultiply", features: &[], cfg: STD },
            WiredVariant { name: "crate:gemm", path: "linalg::sgemm::external::crate_gemm", features: &[], cfg: STD },
        ],
    },
    WiredOp {
        name: "ceiling.read",
        variants: &[
            WiredVariant { name: "scalar", path: "ceiling::read::scalar::read", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "ceiling::read::x86_64::avx2::read", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "ceiling::read::x86_64::avx512::read", features: &["avx512f"], cfg: X86 },
            WiredVariant { name: "scalar_small", path: "ceiling::read::scalar_small::read", features: &[], cfg: "" },
            WiredVariant { name: "avx2_masked", path: "ceiling::read::x86_64::avx2_masked::read", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512_masked", path: "ceiling::read::x86_64::avx512_masked::read", features: &["avx512f", "avx512vl", "bmi2"], cfg: X86 },
        ],
    },
    WiredOp {
        name: "ceiling.fma_f32",
        variants: &[
            WiredVariant { name: "scalar", path: "ceiling::fma_f32::scalar::fma_f32", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "ceiling::fma_f32::x86_64::avx2::fma_f32", features: &["avx2", "fma"], cfg: X86 },
            WiredVariant { name: "avx512", path: "ceiling::fma_f32::x86_64::avx512::fma_f32", features: &["avx512f"], cfg: X86 },
        ],
    },
    WiredOp {
        name: "memory.copy",
        variants: &[
            WiredVariant { name: "std", path: "memory::copy::external::std_copy", features: &[], cfg: "" },
            WiredVariant { name: "rep_movsb", path: "memory::copy::x86_64::rep_movsb::copy", features: &[], cfg: X86 },
            WiredVariant { name: "avx2", path: "memory::copy::x86_64::avx2::copy", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "memory::copy::x86_64::avx512::copy", features: &["avx512f", "avx512bw"], cfg: X86 },
            WiredVariant { name: "avx512_nt", path: "memory::copy::x86_64::avx512_nt::copy", features: &["avx512f", "avx512bw"], cfg: X86 },
        ],
    },
];

/// `sort.u64`, kept apart so additions to the arrays below do not collide.
const SORT_U64: WiredOp = WiredOp {
    name: "sort.u64",
    variants: &[
        WiredVariant { name: "std:sort_unstable", path: "sort::u64s::external::std_sort_unstable", features: &[], cfg: "" },
        WiredVariant { name: "std:sort", path: "sort::u64s::external::std_sort", features: &[], cfg: "" },
        WiredVariant { name: "small", path: "sort::u64s::small::small", features: &[], cfg: "" },
        WiredVariant { name: "radix", path: "sort::u64s::radix::radix", features: &[], cfg: "" },
        WiredVariant { name: "msd", path: "sort::u64s::msd::msd", features: &[], cfg: "" },
        WiredVariant { name: "par", path: "sort::u64s::par::par", features: &[], cfg: STD },
        WiredVariant { name: "rayon:par_sort_unstable", path: "sort::u64s::external::rayon_par_sort_unstable", features: &[], cfg: STD },
    ],
};

/// Every public entry that can be wired.
#[allow(dead_code)]
pub const WIRED_ENTRIES: &[WiredEntry] = &[
    WiredEntry {
        op: "sort.u64",
        path: "sort::sort_u64",
        params: "v: &mut [u64]",
        args: "v",
        variant_args: "v",
        via: "",
        ret: "()",
        size: "v.len()",
        runtime: "sort::runtime_sort_u64",
    },
    WiredEntry {
        op: "checksum.crc32c",
        path: "checksum::crc32c_update",
        params: "crc: u32, data: &[u8]",
        args: "crc, data",
        variant_args: "crc, data",
        via: "",
        ret: "u32",
        size: "data.len()",
        runtime: "checksum::runtime_crc32c_update",
    },
    WiredEntry {
        op: "checksum.crc32c",
        path: "checksum::crc32c",
        params: "data: &[u8]",
        args: "data",
        variant_args: "0, data",
        via: "",
        ret: "u32",
        size: "data.len()",
        runtime: "checksum::runtime_crc32c",
    },
    WiredEntry {
        op: "hash.xxh3_64",
        path: "hash::xxh3_64_with_seed",
        params: "data: &[u8], seed: u64",
        args: "data, seed",
        variant_args: "data, seed",
        via: "",
        ret: "u64",
        size: "data.len()",
        runtime: "hash::runtime_xxh3_64_with_seed",
    },
    WiredEntry {
        op: "hash.xxh3_64",
        path: "hash::xxh3_64",
        params: "data: &[u8]",
        args: "data",
        variant_args: "data, 0",
        via: "",
        ret: "u64",
        size: "data.len()",
        runtime: "hash::runtime_xxh3_64",
    },
    WiredEntry {
        op: "search.memchr",
        path: "search::memchr",
        params: "needle: u8, haystack: &[u8]",
        args: "needle, haystack",
        variant_args: "needle, haystack",
        via: "",
        ret: "Option<usize>",
        size: "haystack.len()",
        runtime: "search::runtime_memchr",
    },
    WiredEntry {
        op: "search.memrchr",
        path: "search::memrchr",
        params: "needle: u8, haystack: &[u8]",
        args: "needle, haystack",
        variant_args: "needle, haystack",
        via: "",
        ret: "Option<usize>",
        size: "haystack.len()",
        runtime: "search::runtime_memrchr",
    },
    WiredEntry {
        op: "text.utf8_validate",
        path: "text::utf8_validate",
        params: "bytes: &[u8]",
        args: "bytes",
        variant_args: "bytes",
        via: "",
        ret: "Result<(), usize>",
        size: "bytes.len()",
        runtime: "text::runtime_utf8_validate",
    },
    // The variants need more of `dst` than the entries promise to use (exactly `encoded_len`;
    // `decoded_len_max` rather than `decoded_len`), and return positions, not errors: they are
    // called through the functions that check the room, size what the variant sees, and build
    // the errors, as the runtime entries and `Checked::call` are.
    WiredEntry {
        op: "text.base64_encode",
        path: "text::base64_encode",
        params: "src: &[u8], dst: &mut [u8]",
        args: "src, dst",
        variant_args: "src, dst",
        via: "text::base64::encode_checked",
        ret: "Result<usize, crate::text::base64::DstTooShort>",
        size: "src.len()",
        runtime: "text::runtime_base64_encode",
    },
    WiredEntry {
        op: "text.base64_decode",
        path: "text::base64_decode",
        params: "src: &[u8], dst: &mut [u8]",
        args: "src, dst",
        variant_args: "src, dst",
        via: "text::base64::decode_checked",
        ret: "Result<usize, crate::text::base64::DecodeError>",
        size: "src.len()",
        runtime: "text::runtime_base64_decode",
    },
    WiredEntry {
        op: "linalg.dot_f32",
        path: "linalg::dot_f32",
        params: "a: &[f32], b: &[f32]",
        args: "a, b",
        variant_args: "a, b",
        via: "",
        ret: "f32",
        // Bytes of input, both vectors (the op's unit).
        size: "8 * a.len()",
        runtime: "linalg::runtime_dot_f32",
    },
    WiredEntry {
        op: "linalg.sgemm",
        path: "linalg::sgemm",
        params: "args: &crate::linalg::GemmArgs<'_>, c: &mut [f32]",
        args: "args, c",
        variant_args: "args, c",
        via: "",
        ret: "()",
        // The side of the square problem with as many flops, floor(cbrt(m*n*k)): the tuner's
        // ladder is square n (units 2n^3), so a band's `below` compares with this.
        size: "args.size()",
        runtime: "linalg::runtime_sgemm",
    },
    WiredEntry {
        op: "ceiling.read",
        path: "ceiling::read_sum",
        params: "data: &[u8]",
        args: "data",
        variant_args: "data",
        via: "",
        ret: "u64",
        size: "data.len()",
        runtime: "ceiling::runtime_read_sum",
    },
    WiredEntry {
        op: "ceiling.fma_f32",
        path: "ceiling::fma_f32",
        params: "iterations: usize",
        args: "iterations",
        variant_args: "iterations",
        via: "",
        ret: "f32",
        size: "iterations",
        runtime: "ceiling::runtime_fma_f32",
    },
    // The copy variants assume equal lengths: the block checks them before the call.
    WiredEntry {
        op: "memory.copy",
        path: "memory::copy",
        params: "dst: &mut [u8], src: &[u8]",
        args: "dst, src",
        variant_args: "{ crate::memory::copy::assert_same_len(dst.len(), src.len()); dst }, src",
        via: "",
        ret: "()",
        size: "dst.len()",
        runtime: "memory::runtime_copy",
    },
];
