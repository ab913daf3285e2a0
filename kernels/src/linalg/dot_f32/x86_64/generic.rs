//! The dot product over any [`F32s`]: `ACC` independent vector accumulators updated by FMA,
//! so the loop is bound by loads, not by the FMA latency (4 cycles on Zen 4 and recent Intel:
//! two FMAs a cycle need eight chains, two loads a cycle feed one FMA, so four suffice from L2
//! and eight cover L1). The tail is one masked (partial) load; the accumulators are added as a
//! tree, then the lanes. Each product is rounded once inside its FMA and each lane sums at most
//! `n` of them, so the error stays within recursive summation's `γ(n)·Σ|aᵢbᵢ|`.

use crate::linalg::simd::F32s;

/// `Σ aᵢbᵢ` with `ACC` accumulators of `V` (`ACC` a power of two).
///
/// # Safety
///
/// The CPU has `V`'s instruction set; `a` and `b` have the same length.
#[inline(always)]
pub(super) unsafe fn dot<V: F32s, const ACC: usize>(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len();
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    let step = V::LANES * ACC;
    // SAFETY: (whole body) the caller guarantees the instruction set; every load below reads
    // within `0..n` of both slices, which have length `n`.
    unsafe {
        if n < step {
            return short::<V>(pa, pb, n);
        }
        let mut acc = [V::zero(); ACC];
        let mut i = 0;
        while i + step <= n {
            for (j, a) in acc.iter_mut().enumerate() {
                let at = i + j * V::LANES;
                *a = V::load(pa.add(at)).fma(V::load(pb.add(at)), *a);
            }
            i += step;
        }
        // Whole vectors left, into the first accumulators.
        let mut j = 0;
        while i + V::LANES <= n {
            acc[j] = V::load(pa.add(i)).fma(V::load(pb.add(i)), acc[j]);
            i += V::LANES;
            j += 1;
        }
        if i < n {
            let rest = n - i;
            acc[ACC - 1] = V::load_partial(pa.add(i), rest)
                .fma(V::load_partial(pb.add(i), rest), acc[ACC - 1]);
        }
        let mut width = ACC;
        while width > 1 {
            width /= 2;
            for j in 0..width {
                acc[j] = acc[j].add(acc[j + width]);
            }
        }
        acc[0].sum()
    }
}

/// Fewer than `ACC` vectors: one accumulator, no tree to add up.
///
/// # Safety
///
/// The CPU has `V`'s instruction set; `a` and `b` point to `n` readable floats each.
#[inline(always)]
unsafe fn short<V: F32s>(a: *const f32, b: *const f32, n: usize) -> f32 {
    // SAFETY: the caller's instruction set; loads stay below `n`.
    unsafe {
        let mut acc = V::zero();
        let mut i = 0;
        while i + V::LANES <= n {
            acc = V::load(a.add(i)).fma(V::load(b.add(i)), acc);
            i += V::LANES;
        }
        if i < n {
            acc = V::load_partial(a.add(i), n - i).fma(V::load_partial(b.add(i), n - i), acc);
        }
        acc.sum()
    }
}
