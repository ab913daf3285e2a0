//! Sorting: keys sorted ascending in place.

// The op is `sort.u64` and its files live in `sort/u64/`, but a module named `u64` would shadow
// the primitive type wherever it is imported (`use arsenal::sort::u64` breaks `u64::MAX`), so
// the module is `u64s`.
#[path = "u64/mod.rs"]
pub mod u64s;

use crate::dispatch::runtime_entry;

/// Sorts `v` ascending in place (not stable: equal keys are indistinguishable anyway).
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best single-threaded variant this CPU runs, chosen once: runtime dispatch never picks a
/// parallel one.
///
/// ```
/// let mut v = [3, u64::MAX, 0, 3, 1];
/// arsenal::sort::sort_u64(&mut v);
/// assert_eq!(v, [0, 1, 3, 3, u64::MAX]);
/// ```
#[inline]
pub fn sort_u64(v: &mut [u64]) {
    crate::wired::default::sort::sort_u64(v)
}

runtime_entry! {
    /// [`sort_u64`] by runtime dispatch.
    pub fn runtime_sort_u64(v: &mut [u64]) -> () => u64s::SortU64;
}
