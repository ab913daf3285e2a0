//! One declaration per op: [`ops!`] turns what an op is, its variants and its entries into
//! everything else the crate needs of it.
//!
//! From one declaration come:
//!
//! - the op's type and its [`Op`](crate::registry::Op) impl: the description, the variant table
//!   (each line: name, required features, `cfg`, origin, the path of its function, and the
//!   `safety` sentence that says why calling it is sound on a host with those features), the
//!   runtime-dispatch preference and the runtime-dispatch cache;
//! - the safe `call` on [`Checked`](crate::registry::Checked)`<Op>`, keyed by the op (two ops of
//!   one signature each have their own);
//! - the op's public entries, their `runtime_` forms and their `throughput::` and `latency::`
//!   forms, hard-wired from the manifest ([`crate::wired`]), in the module's `entries`, which
//!   its domain re-exports;
//! - the module's ops as a list of [`Workload`](crate::Workload)s (`OPS`), which its domain's
//!   [`domain!`] line adds to the domain's, and [`crate::workloads`] joins the domains'.
//!
//! What varies by op — sizes, input, verification, benches — stays in its hand-written
//! [`Kernel`](crate::Kernel) impl.
//!
//! ```text
//! crate::declare::ops! {
//!     /// `search.memchr`.
//!     pub struct Memchr {
//!         info: OpInfo { name: "search.memchr", … },
//!         signature: fn(needle: u8, haystack: &[u8]) -> Option<usize>,
//!         prefer: ["avx2", "sse2", "swar"],          // runtime dispatch, best first
//!         variants: [
//!             "scalar" => scalar::memchr {
//!                 requires: [], origin: Own, safety: "safe code",
//!             },
//!             #[cfg(target_arch = "x86_64")]
//!             "avx2" => x86_64::avx2::memchr {
//!                 requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
//!             },
//!         ],
//!         /// Runs the variant.
//!         call(needle: u8, haystack: &[u8]) -> Option<usize> { run: |f| f(needle, haystack) }
//!         entries: [
//!             /// Index of the first occurrence of `needle` in `haystack`.
//!             fn memchr | runtime_memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
//!                 size: haystack.len(),               // in the op's units, for the bands
//!                 run: |f| f(needle, haystack),
//!             }
//!         ],
//!     }
//! }
//! ```
//!
//! `call` and each entry name their parameters and say how a variant `f` (an `unsafe fn` of the
//! signature) is called with them (`run`), after an optional precondition (`check`, which may
//! panic: the function is then `#[track_caller]`). An entry also says its size in the op's units
//! (`size`), which the manifest's bands are compared with. `run` is an `unsafe` context whose only
//! obligation, that the host may run `f`, the generated code meets: `call` holds a
//! [`Checked`](crate::registry::Checked) variant, a runtime entry the variant
//! [`Op::choose`](crate::registry::Op::choose) picked.

/// Declares the ops of one module; see the [module documentation](self).
macro_rules! ops {
    (
        $(
            $(#[$kattr:meta])*
            pub struct $kernel:ident {
                info: $info:expr,
                signature: fn($($sp:ident: $st:ty),* $(,)?) $(-> $sret:ty)?,
                prefer: [$($prefer:literal),* $(,)?],
                variants: [
                    $(
                        $(#[$vattr:meta])*
                        $vname:literal => $vpath:path {
                            requires: [$($feat:ident),* $(,)?],
                            origin: $origin:expr,
                            $(parallel: $parallel:literal,)?
                            safety: $safety:literal $(,)?
                        }
                    ),* $(,)?
                ],
                $(#[$cattr:meta])*
                call($($cp:ident: $ct:ty),* $(,)?) $(-> $cret:ty)? {
                    $(check: $ccheck:expr,)?
                    run: |$cf:ident| $crun:expr $(,)?
                }
                entries: [
                    $(
                        $(#[$eattr:meta])*
                        fn $ename:ident | $rname:ident($($ep:ident: $et:ty),* $(,)?) $(-> $eret:ty)? {
                            $(check: $echeck:expr,)?
                            size: $esize:expr,
                            run: |$ef:ident| $erun:expr $(,)?
                        }
                    )*
                ] $(,)?
            }
        )+
    ) => {
        $(
            $(#[$kattr])*
            #[derive(Clone, Copy, Debug)]
            pub struct $kernel;

            impl $crate::registry::Op for $kernel {
                type Fn = unsafe fn($($st),*) $(-> $sret)?;

                const INFO: &'static $crate::registry::OpInfo = &$info;

                const TABLE: &'static [$crate::registry::Variant<$kernel>] = &[
                    $(
                        $(#[$vattr])*
                        {
                            #[allow(unused_imports)]
                            use $crate::cpu::Feature::*;
                            #[allow(unused_imports)]
                            use $crate::registry::Origin::*;
                            let info = $crate::registry::VariantInfo {
                                name: $vname,
                                origin: $origin,
                                requires: $crate::cpu::FeatureSet::of(&[$($feat),*]),
                                parallel: false $(|| $parallel)?,
                            };
                            // SAFETY: the declaration's `safety` sentence for this variant says
                            // why its function is sound on every host with `requires`.
                            unsafe {
                                $crate::registry::Variant::new(
                                    info,
                                    $vpath as <$kernel as $crate::registry::Op>::Fn,
                                )
                            }
                        }
                    ),*
                ];

                const PREFER: &'static [&'static str] = &[$($prefer),*];

                const PATHS: &'static [$crate::registry::VariantPath] = &[
                    $(
                        $(#[$vattr])*
                        $crate::registry::VariantPath {
                            variant: $vname,
                            module: module_path!(),
                            function: stringify!($vpath),
                            safety: $safety,
                        }
                    ),*
                ];

                const DECLARED: &'static [&'static str] = &[$($vname),*];

                #[inline]
                fn runtime() -> Self::Fn {
                    use core::sync::atomic::{AtomicPtr, Ordering};
                    type F = <$kernel as $crate::registry::Op>::Fn;

                    static FN: AtomicPtr<()> = AtomicPtr::new(detect as F as *mut ());

                    /// The first call: picks the variant, caches it, runs it.
                    ///
                    /// # Safety
                    ///
                    /// Only the op's argument contract, as for every variant.
                    unsafe fn detect($($sp: $st),*) $(-> $sret)? {
                        let chosen = <$kernel as $crate::registry::Op>::choose();
                        FN.store(chosen.f as *mut (), Ordering::Relaxed);
                        // SAFETY: `chosen` is `Checked`: the host has its features.
                        unsafe { (chosen.f)($($sp),*) }
                    }

                    // `Relaxed`: a thread that sees the stored pointer sees a valid function,
                    // and one that does not runs `detect` again.
                    let ptr = FN.load(Ordering::Relaxed);
                    // SAFETY: FN only ever holds `detect` or a checked variant, both of type F.
                    unsafe { core::mem::transmute::<*mut (), F>(ptr) }
                }
            }

            impl $crate::registry::Checked<$kernel> {
                $crate::declare::entry_fn! {
                    $(#[$cattr])*
                    pub fn call[&self,]($($cp: $ct),*) $(-> $cret)?;
                    [$($ccheck)?]
                    {
                        let $cf = self.f;
                        // SAFETY: a `Checked` variant runs only where the host has its
                        // features; the call meets the op's argument contract.
                        unsafe { $crun }
                    }
                }
            }
        )+

        /// The public entries of this module's ops, which the domain re-exports.
        pub mod entries {
            #[allow(unused_imports)]
            use super::*;

            $($(
                $crate::declare::entry_fn! {
                    $(#[$eattr])*
                    pub fn $ename[]($($ep: $et),*) $(-> $eret)?;
                    [$(caller_of $echeck)?]
                    {
                        match $crate::DEFAULT_STRATEGY {
                            $crate::Strategy::Throughput => throughput::$ename($($ep),*),
                            $crate::Strategy::Latency => latency::$ename($($ep),*),
                        }
                    }
                }

                $crate::declare::entry_fn! {
                    #[doc = concat!("[`", stringify!($ename), "()`] by runtime dispatch (the best \
                                     variant this CPU runs, chosen on the first call); \
                                     arguments, errors and panics as that entry.")]
                    pub fn $rname[]($($ep: $et),*) $(-> $eret)?;
                    [$($echeck)?]
                    {
                        let $ef = <super::$kernel as $crate::registry::Op>::runtime();
                        // SAFETY: `runtime` returns the variant `choose` picked, which the host
                        // may run; the call meets the op's argument contract.
                        unsafe { $erun }
                    }
                }
            )*)+

            /// This module's entries, each following the manifest's throughput plan (runtime
            /// dispatch where it has none).
            pub mod throughput {
                #[allow(unused_imports)]
                use super::*;

                $($(
                    $crate::wired::wired_fn! {
                        #[doc = concat!("[`", stringify!($ename), "()`](super::", stringify!($ename),
                                        ") through the manifest's throughput plan; arguments, \
                                        errors and panics as that entry.")]
                        Throughput, super::super::$kernel,
                        fn $ename($($ep: $et),*) $(-> $eret)?;
                        [$($echeck)?]
                        size: $esize,
                        run: |$ef| $erun,
                        runtime: super::$rname,
                    }
                )*)+
            }

            /// This module's entries, each following the manifest's latency plan (runtime
            /// dispatch where it has none).
            pub mod latency {
                #[allow(unused_imports)]
                use super::*;

                $($(
                    $crate::wired::wired_fn! {
                        #[doc = concat!("[`", stringify!($ename), "()`](super::", stringify!($ename),
                                        ") through the manifest's latency plan; arguments, \
                                        errors and panics as that entry.")]
                        Latency, super::super::$kernel,
                        fn $ename($($ep: $et),*) $(-> $eret)?;
                        [$($echeck)?]
                        size: $esize,
                        run: |$ef| $erun,
                        runtime: super::$rname,
                    }
                )*)+
            }
        }

        /// This module's ops.
        pub(crate) const OPS: &[&dyn $crate::Workload] = &[$(&$kernel),+];

        /// Their names.
        pub(crate) const NAMES: &[&str] = &[$(<$kernel as $crate::registry::Op>::INFO.name),+];
    };
}

/// Declares a domain's op modules, each on one line (`#[cfg]` and `#[path]` attributes allowed):
/// the modules, the re-export of their entries, and the domain's ops as one list (`OPS`), in the
/// order given.
macro_rules! domain {
    ($($(#[$attr:meta])* $module:ident),+ $(,)?) => {
        $(
            $(#[$attr])*
            pub mod $module;
            pub use $module::entries::*;
        )+

        /// This domain's entries, each following the manifest's throughput plan.
        #[doc(hidden)]
        pub mod throughput {
            $(pub use super::$module::entries::throughput::*;)+
        }

        /// This domain's entries, each following the manifest's latency plan.
        #[doc(hidden)]
        pub mod latency {
            $(pub use super::$module::entries::latency::*;)+
        }

        /// This domain's ops, in declaration order.
        pub(crate) const OPS: &[&dyn $crate::Workload] = &$crate::declare::concat::<
            _,
            { $crate::declare::total(&[$($module::OPS),+]) },
        >(&[$($module::OPS),+]);

        /// Their names.
        pub(crate) const NAMES: &[&str] = &$crate::declare::concat::<
            _,
            { $crate::declare::total(&[$($module::NAMES),+]) },
        >(&[$($module::NAMES),+]);
    };
}

/// How many items the lists hold together.
pub(crate) const fn total<T>(lists: &[&[T]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < lists.len() {
        n += lists[i].len();
        i += 1;
    }
    n
}

/// The lists one after the other; `N` is their [`total`], at least 1.
pub(crate) const fn concat<T: Copy, const N: usize>(lists: &[&[T]]) -> [T; N] {
    assert!(N > 0 && N == total(lists), "N is the lists' total");
    let mut first = 0;
    while lists[first].is_empty() {
        first += 1;
    }
    let mut all = [lists[first][0]; N];
    let mut n = 0;
    let mut i = 0;
    while i < lists.len() {
        let mut k = 0;
        while k < lists[i].len() {
            all[n] = lists[i][k];
            n += 1;
            k += 1;
        }
        i += 1;
    }
    all
}

/// A function of [`ops!`]: `#[track_caller]` and the precondition first when it has one
/// (`[check]`); `#[track_caller]` only, for a function that passes its arguments on to one that
/// checks (`[caller_of check]`).
macro_rules! entry_fn {
    (
        $(#[$attr:meta])*
        pub fn $name:ident[$($recv:tt)*]($($p:ident: $t:ty),*) $(-> $ret:ty)?;
        []
        $body:block
    ) => {
        $(#[$attr])*
        #[inline]
        pub fn $name($($recv)* $($p: $t),*) $(-> $ret)? $body
    };
    (
        $(#[$attr:meta])*
        pub fn $name:ident[$($recv:tt)*]($($p:ident: $t:ty),*) $(-> $ret:ty)?;
        [caller_of $check:expr]
        $body:block
    ) => {
        $(#[$attr])*
        #[inline]
        #[track_caller]
        pub fn $name($($recv)* $($p: $t),*) $(-> $ret)? $body
    };
    (
        $(#[$attr:meta])*
        pub fn $name:ident[$($recv:tt)*]($($p:ident: $t:ty),*) $(-> $ret:ty)?;
        [$check:expr]
        $body:block
    ) => {
        $(#[$attr])*
        #[inline]
        #[track_caller]
        pub fn $name($($recv)* $($p: $t),*) $(-> $ret)? {
            $check;
            $body
        }
    };
}

pub(crate) use {domain, entry_fn, ops};
