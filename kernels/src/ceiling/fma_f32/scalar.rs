//! The reference: every chain stepped with a correctly rounded scalar fused multiply-add.
//!
//! With `std` that is `f32::mul_add` (the C library's `fmaf`). Without it, `core` has no fused
//! multiply-add, so [`fma`] computes it in `f64` with rounding to odd (Boldo & Melquiond,
//! "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to odd",
//! IEEE Trans. Computers 57(4), 2008): the product of two `f32` is exact in `f64`; the sum is
//! rounded to odd in `f64` (53 ≥ 24 + 2 bits), whose rounding to `f32` is then the correctly
//! rounded `a × b + c`. Both give the same bits, so either is the reference.

use super::{reduce, A, B, CHAINS, STARTS};

/// The op's result after `iterations` steps of every chain.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn fma_f32(iterations: usize) -> f32 {
    let mut x: [f32; CHAINS] = STARTS;
    for _ in 0..iterations {
        for xi in x.iter_mut() {
            *xi = fma(*xi, A, B);
        }
    }
    reduce(&x)
}

/// `a × b + c` with one rounding.
#[cfg(feature = "std")]
#[inline]
pub fn fma(a: f32, b: f32, c: f32) -> f32 {
    a.mul_add(b, c)
}

/// `a × b + c` with one rounding, for finite inputs whose exact result is finite (the op's
/// chains stay within `[0.5, 2]`).
#[cfg(not(feature = "std"))]
#[inline]
pub fn fma(a: f32, b: f32, c: f32) -> f32 {
    fma_round_to_odd(a, b, c)
}

/// `a × b + c` with one rounding, computed in `f64` with rounding to odd; for finite inputs
/// whose exact result does not overflow.
#[inline]
pub fn fma_round_to_odd(a: f32, b: f32, c: f32) -> f32 {
    let p = f64::from(a) * f64::from(b); // exact: 48 significant bits at most
    let c = f64::from(c);
    let s = p + c;
    // Knuth's TwoSum: `s + err == p + c` exactly.
    let bv = s - p;
    let err = (p - (s - bv)) + (c - bv);
    let bits = s.to_bits();
    let odd = if err != 0.0 && bits & 1 == 0 {
        // Inexact with an even last bit: step one unit towards the exact sum. `s` is not zero
        // here (a sum that rounds to zero is exact), so the step does not cross zero.
        let away = (err > 0.0) == (s > 0.0);
        f64::from_bits(if away { bits + 1 } else { bits - 1 })
    } else {
        s
    };
    odd as f32
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::harness::Rng;

    #[test]
    fn round_to_odd_matches_the_fused_instruction() {
        let mut rng = Rng::new(11);
        let next = |rng: &mut Rng| {
            // Random signs, exponents within ±40 and full significands.
            let bits = rng.next_u64() as u32;
            let exp = 127 - 40 + (bits >> 24) % 80;
            f32::from_bits((bits & 0x807F_FFFF) | (exp << 23))
        };
        for _ in 0..200_000 {
            let (a, b, c) = (next(&mut rng), next(&mut rng), next(&mut rng));
            let want = a.mul_add(b, c);
            assert_eq!(
                fma_round_to_odd(a, b, c).to_bits(),
                want.to_bits(),
                "{a:e} {b:e} {c:e}"
            );
            // Near-cancellation: c close to -a×b.
            let c = -(a * b);
            assert_eq!(
                fma_round_to_odd(a, b, c).to_bits(),
                a.mul_add(b, c).to_bits()
            );
        }
        for x in super::STARTS {
            assert_eq!(fma_round_to_odd(x, A, B), x.mul_add(A, B));
        }
    }
}
