//! Other implementations, through their public APIs: the standard library's two sorts and
//! rayon's parallel sort.

/// `<[u64]>::sort_unstable` (core; pattern-defeating quicksort, "ipnsort" since Rust 1.81).
///
/// # Safety
///
/// None beyond the types: the API is safe.
pub unsafe fn std_sort_unstable(v: &mut [u64]) {
    v.sort_unstable();
}

/// `<[u64]>::sort` (alloc; stable merge sort, "driftsort" since Rust 1.81).
///
/// # Safety
///
/// None beyond the types: the API is safe.
pub unsafe fn std_sort(v: &mut [u64]) {
    v.sort();
}

/// `rayon::slice::ParallelSliceMut::par_sort_unstable` on rayon's global pool.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
#[cfg(feature = "std")]
pub unsafe fn rayon_par_sort_unstable(v: &mut [u64]) {
    use rayon::slice::ParallelSliceMut;
    v.par_sort_unstable();
}
