//! Arsenal's kernels: many variants of every operation behind one interface.
//!
//! Each op (`search.memchr`, `hash.xxh3_64`, …) has a public entry that dispatches at run time
//! to the best variant this CPU can run ([`search::memchr()`]), a registry of all its variants
//! ([`registry`]), and a [`Workload`] through which the tuner verifies and measures any of
//! them ([`workloads`]). Safe code can only reach a variant whose CPU features are present.
//!
//! The core is `no_std` + `alloc`; the `std` feature (default) adds host detection, the
//! `ARSENAL_DISABLE` mask, and the variants wrapping other crates, std and libc.

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod bench;
pub mod bits;
pub mod ceiling;
pub mod checksum;
pub mod compression;
pub mod corpus;
pub mod cpu;
pub mod crypto;
mod declare;
pub mod encoding;
pub mod force;
pub mod harness;
pub mod hash;
pub mod linalg;
pub mod memory;
pub mod registry;
pub mod search;
#[cfg(target_arch = "x86_64")]
mod simd;
pub mod sort;
pub mod text;
mod wired;
pub mod workload;

pub use corpus::Corpus;
pub use registry::Op;
pub use wired::{host_table, selected, HostTable, Selected, DEFAULT_STRATEGY, MANIFEST};
pub use workload::{Bench, Case, Input, Kernel, Mismatch, Source, Workload};

/// How a kernel's speed is judged; each has its own plan in a manifest (defined in
/// `arsenal-manifest`, which every crate of Arsenal shares).
pub use arsenal_manifest::Strategy;

/// The domains, in the order `arsenal list` shows their ops and `arsenal tune` measures them:
/// the hardware ceilings first, since every other figure is read against them. Within a domain
/// the ops are in the order of its `declare::domain!` line.
macro_rules! domains {
    ($($domain:ident),+ $(,)?) => {
        /// Every hard-wirable entry, following the manifest's throughput plan (runtime dispatch
        /// where it has none): `arsenal::throughput::search::memchr` and the rest.
        pub mod throughput {
            $(pub use crate::$domain::throughput as $domain;)+
        }

        /// Every hard-wirable entry, following the manifest's latency plan (runtime dispatch
        /// where it has none).
        pub mod latency {
            $(pub use crate::$domain::latency as $domain;)+
        }

        const DOMAINS: &[&[&dyn Workload]] = &[$($domain::OPS),+];

        // A manifest naming an op no declaration has fails the build, naming it.
        const _: () = wired::check_ops(&declare::concat::<
            _,
            { declare::total(&[$($domain::NAMES),+]) },
        >(&[$($domain::NAMES),+]));
    };
}

domains!(
    ceiling,
    bits,
    checksum,
    crypto,
    hash,
    search,
    text,
    encoding,
    compression,
    sort,
    linalg,
    memory
);

/// Every op, in the order `arsenal list` shows them and `arsenal tune` measures them: the
/// hardware ceilings first, since every other figure is read against them.
pub fn workloads() -> &'static [&'static dyn Workload] {
    static ALL: [&dyn Workload; declare::total(DOMAINS)] = declare::concat(DOMAINS);
    &ALL
}

/// The op named `name` (`hash.xxh3_64`).
pub fn workload(name: &str) -> Option<&'static dyn Workload> {
    workloads().iter().copied().find(|w| w.info().name == name)
}

/// The variant an op's public entry runs on this host with runtime dispatch.
pub fn runtime_variant(op: &str) -> Option<&'static str> {
    workload(op).map(|w| w.runtime_choice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_names_are_unique_and_dotted() {
        let names: alloc::vec::Vec<_> = workloads().iter().map(|w| w.info().name).collect();
        for (i, n) in names.iter().enumerate() {
            assert!(n.contains('.'), "{n}");
            assert!(!names[..i].contains(n), "duplicate {n}");
        }
    }

    #[test]
    fn every_op_has_its_reference_and_portable_fallback() {
        for w in workloads() {
            let info = w.info();
            let variants = w.variants();
            let reference = variants.iter().find(|v| v.name == info.reference);
            assert!(
                reference.is_some_and(|v| v.requires.is_empty()),
                "{}: reference `{}` must exist and be portable",
                info.name,
                info.reference
            );
            // The runtime choice exists (choose panics otherwise) and is available.
            let chosen = w.runtime_choice();
            assert!(variants
                .iter()
                .any(|v| v.name == chosen && v.is_available()));
        }
    }

    #[test]
    fn every_variant_has_its_declared_path_and_safety() {
        for w in workloads() {
            let names: alloc::vec::Vec<_> = w.variants().iter().map(|v| v.name).collect();
            let paths: alloc::vec::Vec<_> = w.paths().iter().map(|p| p.variant).collect();
            assert_eq!(names, paths, "{}", w.info().name);
            for p in w.paths() {
                assert!(!p.safety.is_empty(), "{}/{}", w.info().name, p.variant);
                assert!(p.module.starts_with("arsenal::"), "{}", p.module);
            }
        }
    }

    #[test]
    fn variant_names_unique_per_op() {
        for w in workloads() {
            let names: alloc::vec::Vec<_> = w.variants().iter().map(|v| v.name).collect();
            for (i, n) in names.iter().enumerate() {
                assert!(!names[..i].contains(n), "{}: duplicate {n}", w.info().name);
            }
        }
    }
}
