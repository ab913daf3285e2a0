//! Sorting: keys sorted ascending in place.

// The op is `sort.u64` and its files live in `sort/u64/`, but a module named `u64` would shadow
// the primitive type wherever it is imported (`use arsenal::sort::u64` breaks `u64::MAX`), so
// the module is `u64s`.
crate::declare::domain!(
    #[path = "u64/mod.rs"]
    u64s,
);
