//! The reference: every chain stepped with a scalar 32 × 32 → 64-bit multiply.

use super::{reduce, step, CHAINS, STARTS};

/// The op's result after `iterations` steps of every chain.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn mul_u32(iterations: usize) -> u64 {
    let mut x: [u64; CHAINS] = STARTS;
    for _ in 0..iterations {
        for xi in x.iter_mut() {
            *xi = step(*xi);
        }
    }
    reduce(&x)
}
