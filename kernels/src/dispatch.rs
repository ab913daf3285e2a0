//! Runtime dispatch: a public entry that resolves its variant once and caches it.
//!
//! Each entry owns a `static AtomicPtr<()>` that starts at a `detect` function. The first call
//! runs `detect`, which asks the op's [`Kernel::choose`](crate::workload::Kernel::choose) for the
//! preferred variant this host may run, stores its pointer (`Relaxed`: any thread that sees the
//! new value sees a valid function, and one that does not just detects again) and calls it.
//! Later calls load the pointer and jump straight to the variant.

/// Defines a public entry dispatching through a cached function pointer.
///
/// `fn name(args) -> ret => KernelType;` — the arguments are passed, in order, to the kernel's
/// `unsafe fn` signature.
macro_rules! runtime_entry {
    (
        $(#[$attr:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty => $kernel:ty;
    ) => {
        $(#[$attr])*
        #[inline]
        $vis fn $name($($arg: $ty),*) -> $ret {
            use core::sync::atomic::{AtomicPtr, Ordering};
            type Fn = <$kernel as $crate::workload::Kernel>::Fn;

            static FN: AtomicPtr<()> = AtomicPtr::new(detect as Fn as *mut ());

            /// # Safety
            ///
            /// Only the op's argument contract (valid slices), like every variant.
            unsafe fn detect($($arg: $ty),*) -> $ret {
                let chosen = <$kernel as $crate::workload::Kernel>::choose();
                FN.store(chosen.f as *mut (), Ordering::Relaxed);
                // SAFETY: `chosen` is a `Checked` variant: the host has its features.
                unsafe { (chosen.f)($($arg),*) }
            }

            let ptr = FN.load(Ordering::Relaxed);
            // SAFETY: FN only ever holds `detect` or a checked variant, both of type `Fn`.
            let f = unsafe { core::mem::transmute::<*mut (), Fn>(ptr) };
            // SAFETY: `f` may run on this host (see above); the arguments are valid references.
            unsafe { f($($arg),*) }
        }
    };
}

pub(crate) use runtime_entry;
