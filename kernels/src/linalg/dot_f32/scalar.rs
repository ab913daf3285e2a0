//! The portable variants: the naive loop (`scalar`), pairwise summation (`pairwise`) and
//! compensated summation (`kahan`).
//!
//! Error bounds (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.1 and
//! ch. 4), with `u = 2⁻²⁴` and `γ(c) = c·u / (1 − c·u)`, each relative to `Σ|aᵢbᵢ|`:
//! - recursive summation of the rounded products, in any order: `γ(n)` (Higham (3.5));
//! - pairwise: every product passes through at most `⌈log₂ n⌉ + 20` roundings here (one for
//!   the product, at most 16 along a lane of a 512-element leaf, 5 combining the leaf's 32
//!   lanes, one per level of the recursion above the leaves), so `γ(⌈log₂ n⌉ + 20)`;
//! - compensated (Kahan) summation of the rounded products: `u` for the products plus Kahan's
//!   `2u + O(n·u²)` for the sum (Higham §4.3, (4.8)); the 16 lanes' sums and compensations
//!   are combined in `f64` (32 terms, error far below `u`), so `3u + 4n·u²` in all.

/// `Σ aᵢbᵢ` by one sequential loop, the products rounded then added left to right.
///
/// # Safety
///
/// None beyond the types (panics when the lengths differ).
pub unsafe fn dot(a: &[f32], b: &[f32]) -> f32 {
    let b = &b[..super::same_len(a, b)];
    let mut sum = 0.0f32;
    for (x, y) in a.iter().zip(b) {
        sum += x * y;
    }
    sum
}

/// Lanes a leaf of [`pairwise`] accumulates in: independent chains the compiler vectorises
/// (eight SSE registers, enough to cover the latency of the additions).
const LANES: usize = 32;
/// Elements of a leaf: 16 per lane, so the tree that adds the lanes is a small share.
const LEAF: usize = 512;
/// Lanes of [`kahan`]: four SSE registers of sums and four of compensations.
const KAHAN_LANES: usize = 16;

/// `Σ aᵢbᵢ` by pairwise (cascade) summation: halves summed recursively, 512-element leaves
/// summed in 32 lanes then combined by a tree.
///
/// # Safety
///
/// None beyond the types (panics when the lengths differ).
pub unsafe fn pairwise(a: &[f32], b: &[f32]) -> f32 {
    let b = &b[..super::same_len(a, b)];
    pairwise_rec(a, b)
}

fn pairwise_rec(a: &[f32], b: &[f32]) -> f32 {
    if a.len() <= LEAF {
        return leaf(a, b);
    }
    // Split on a leaf boundary so every leaf but the last is full.
    let half = (a.len() / 2).next_multiple_of(LEAF);
    let (a0, a1) = a.split_at(half);
    let (b0, b1) = b.split_at(half);
    pairwise_rec(a0, b0) + pairwise_rec(a1, b1)
}

/// At most 512 products in 32 lanes (lane `j` sums elements `j, j + 32, …`), lanes added as a
/// tree.
#[inline(always)]
fn leaf(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; LANES];
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for j in 0..LANES {
            lanes[j] += x[j] * y[j];
        }
    }
    for (j, (x, y)) in ca.remainder().iter().zip(cb.remainder()).enumerate() {
        lanes[j] += x * y;
    }
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for j in 0..width {
            lanes[j] += lanes[j + width];
        }
    }
    lanes[0]
}

/// `Σ aᵢbᵢ` by compensated summation of the rounded products (Kahan's algorithm, Higham
/// Algorithm 4.2), in 16 independent lanes so the compiler can vectorise the four-operation
/// dependency chain; the lanes' sums and compensations are added in `f64`.
///
/// # Safety
///
/// None beyond the types (panics when the lengths differ).
pub unsafe fn kahan(a: &[f32], b: &[f32]) -> f32 {
    let b = &b[..super::same_len(a, b)];
    let mut sum = [0.0f32; KAHAN_LANES];
    // Minus the low-order part lost by the last addition to `sum`, per lane.
    let mut comp = [0.0f32; KAHAN_LANES];
    let mut ca = a.chunks_exact(KAHAN_LANES);
    let mut cb = b.chunks_exact(KAHAN_LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for j in 0..KAHAN_LANES {
            kahan_step(&mut sum[j], &mut comp[j], x[j] * y[j]);
        }
    }
    for (j, (x, y)) in ca.remainder().iter().zip(cb.remainder()).enumerate() {
        kahan_step(&mut sum[j], &mut comp[j], x * y);
    }
    let total: f64 = sum
        .iter()
        .zip(&comp)
        .map(|(&s, &c)| f64::from(s) - f64::from(c))
        .sum();
    total as f32
}

#[inline(always)]
fn kahan_step(sum: &mut f32, comp: &mut f32, x: f32) {
    let y = x - *comp;
    let t = *sum + y;
    *comp = (t - *sum) - y;
    *sum = t;
}
