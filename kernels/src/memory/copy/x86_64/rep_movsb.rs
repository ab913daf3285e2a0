//! `rep movsb`: the string-move instruction, one instruction for the whole copy.
//!
//! Every x86_64 CPU runs it; CPUs with ERMSB (enhanced `rep movsb`, Intel SDM vol. 1 §7.3.9.3
//! and the Optimization Reference Manual §3.7.6) move whole cache lines per step once the copy
//! is large enough, and with FSRM (fast short `rep movsb`) the start-up cost for short copies is
//! small too. Zen 4 has both. The variant therefore requires no feature: only its speed depends
//! on them.

/// Copies `src` into `dst` with `rep movsb`.
///
/// # Safety
///
/// `dst.len() == src.len()` (the slices cannot overlap: one is borrowed mutably).
pub unsafe fn copy(dst: &mut [u8], src: &[u8]) {
    debug_assert_eq!(dst.len(), src.len());
    // SAFETY: `rep movsb` copies `rcx` bytes forward from `rsi` to `rdi` (the direction flag is
    // clear on entry to `asm!`); both ranges are valid for `len` bytes and do not overlap. It
    // leaves the flags alone and touches no stack.
    unsafe {
        core::arch::asm!(
            "rep movsb",
            inout("rcx") src.len() => _,
            inout("rdi") dst.as_mut_ptr() => _,
            inout("rsi") src.as_ptr() => _,
            options(nostack, preserves_flags),
        );
    }
}
