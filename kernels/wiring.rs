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

/// Every op that can be wired.
#[allow(dead_code)]
pub const WIRED_OPS: &[WiredOp] = &[
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
        name: "ceiling.read",
        variants: &[
            WiredVariant { name: "scalar", path: "ceiling::read::scalar::read", features: &[], cfg: "" },
            WiredVariant { name: "avx2", path: "ceiling::read::x86_64::avx2::read", features: &["avx2"], cfg: X86 },
            WiredVariant { name: "avx512", path: "ceiling::read::x86_64::avx512::read", features: &["avx512f"], cfg: X86 },
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

/// Every public entry that can be wired.
#[allow(dead_code)]
pub const WIRED_ENTRIES: &[WiredEntry] = &[
    WiredEntry {
        op: "checksum.crc32c",
        path: "checksum::crc32c_update",
        params: "crc: u32, data: &[u8]",
        args: "crc, data",
        variant_args: "crc, data",
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
        ret: "u32",
        size: "data.len()",
        runtime: "checksum::runtime_crc32c",
    },
    WiredEntry {
        op: "search.memchr",
        path: "search::memchr",
        params: "needle: u8, haystack: &[u8]",
        args: "needle, haystack",
        variant_args: "needle, haystack",
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
        ret: "Option<usize>",
        size: "haystack.len()",
        runtime: "search::runtime_memrchr",
    },
    WiredEntry {
        op: "ceiling.read",
        path: "ceiling::read_sum",
        params: "data: &[u8]",
        args: "data",
        variant_args: "data",
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
        ret: "()",
        size: "dst.len()",
        runtime: "memory::runtime_copy",
    },
];
