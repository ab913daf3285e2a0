//! The packed algorithm over any [`F32s`], after Goto & van de Geijn, "Anatomy of
//! High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008) and the BLIS layering of Van Zee
//! & van de Geijn, "BLIS: A Framework for Rapidly Instantiating BLAS Functionality" (ACM TOMS
//! 41(3), 2015).
//!
//! Five loops around a register-blocked micro-kernel:
//!
//! ```text
//! for jc in 0..n step NC            // B's column block, KC × NC packed: lives in L3
//!   for pc in 0..k step KC          //   pack B[pc.., jc..] into NR-wide micro-panels  (B̃)
//!     for ic in 0..m step MC        //   pack A[ic.., pc..] into MR-tall micro-panels  (Ã, L2)
//!       for jr in 0..NC step NR     //     one micro-panel of B̃ (KC × NR) stays in L1
//!         for ir in 0..MC step MR   //       MR × NR tile of C: KC rank-1 updates in registers
//! ```
//!
//! The micro-kernel keeps an `MR × NR` tile of `C` in `MR · NR / LANES` vector registers; each of
//! its `KC` steps loads `NR / LANES` vectors of B̃, broadcasts `MR` values of Ã and issues
//! `MR · NR / LANES` FMAs, so loads per FMA fall as the tile grows. Packing makes both operands
//! contiguous in the order the micro-kernel reads them (Ã column by column of each micro-panel,
//! B̃ row by row), with partial panels padded with zeros so every tile runs the full kernel;
//! partial tiles of `C` go through a buffer. As BLIS does, `α` is applied when the tile is
//! written back (`C = α·acc + β·C`, the first KC block with the caller's `β`, the later ones with
//! 1), and `β = 0` never reads `C`.
//!
//! Differences from the papers: row-major `C` (the micro-kernel broadcasts from A and loads rows
//! of B, the transpose of BLIS's column-major kernel), and the block sizes chosen by measuring on
//! the host (Zen 4: 32 KiB L1d, 1 MiB L2, 32 MiB L3) rather than from the analytical model.

use alloc::vec;
use alloc::vec::Vec;

use crate::linalg::simd::F32s;
use crate::linalg::sgemm::args::{scale, update};
use crate::linalg::sgemm::GemmArgs;

/// Cache block sizes (in elements) of one instantiation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocking {
    /// Rows of Ã (a multiple of MR): Ã is `MC × KC`, sized for L2.
    pub mc: usize,
    /// Depth of one rank-KC update: a micro-panel of B̃ (`KC × NR`) fits in L1.
    pub kc: usize,
    /// Columns of B̃ (a multiple of NR): B̃ is `KC × NC`, sized for L3.
    pub nc: usize,
}

/// `C = α·A·B + β·C` with `MR × (NV · LANES)` tiles.
///
/// # Safety
///
/// The CPU has `V`'s instruction set; `args.check(c.len())` passed.
#[inline(always)]
pub(crate) unsafe fn gemm<V: F32s, const MR: usize, const NV: usize>(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    blocking: Blocking,
) {
    if args.m == 0 || args.n == 0 {
        return;
    }
    if args.scale_only() {
        return scale(args, c);
    }
    let nr = NV * V::LANES;
    let kc_max = blocking.kc.min(args.k);
    let nc_max = blocking.nc.min(args.n.next_multiple_of(nr));
    let mut b_pack = vec![0.0f32; kc_max * nc_max];
    let mut a_pack = Vec::new();
    for jc in (0..args.n).step_by(blocking.nc) {
        let nc = blocking.nc.min(args.n - jc);
        for pc in (0..args.k).step_by(blocking.kc) {
            let kc = blocking.kc.min(args.k - pc);
            pack_b::<V, NV>(args, &mut b_pack, pc, kc, jc, nc);
            let beta = if pc == 0 { args.beta } else { 1.0 };
            // SAFETY: the caller's guarantees; the block lies inside the checked shapes.
            unsafe {
                rows::<V, MR, NV>(
                    args,
                    c,
                    0..args.m,
                    Block { pc, kc, jc, nc, beta },
                    &b_pack,
                    &mut a_pack,
                    blocking.mc,
                )
            };
        }
    }
}

/// One rank-`kc` update of the columns `jc..jc + nc` of `C`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Block {
    pub pc: usize,
    pub kc: usize,
    pub jc: usize,
    pub nc: usize,
    /// `β` for this update: the caller's on the first, 1 after.
    pub beta: f32,
}

/// Packs `B[pc..pc + kc][jc..jc + nc]` into NR-wide micro-panels, each `kc` rows of NR floats,
/// the last padded with zeros.
#[inline(always)]
pub(crate) fn pack_b<V: F32s, const NV: usize>(
    args: &GemmArgs<'_>,
    dst: &mut [f32],
    pc: usize,
    kc: usize,
    jc: usize,
    nc: usize,
) {
    let nr = NV * V::LANES;
    for (q, panel) in dst.chunks_exact_mut(kc * nr).take(nc.div_ceil(nr)).enumerate() {
        let j0 = jc + q * nr;
        let width = nr.min(jc + nc - j0);
        for (p, out) in panel.chunks_exact_mut(nr).enumerate() {
            let src = &args.b[(pc + p) * args.ldb + j0..][..width];
            out[..width].copy_from_slice(src);
            out[width..].fill(0.0);
        }
    }
}

/// Packs rows `i0..i0 + mc` of `A[..][pc..pc + kc]` into MR-tall micro-panels, each `kc`
/// columns of MR floats, the last padded with zeros.
#[inline(always)]
fn pack_a<const MR: usize>(args: &GemmArgs<'_>, dst: &mut [f32], i0: usize, mc: usize, pc: usize, kc: usize) {
    for (r, panel) in dst.chunks_exact_mut(kc * MR).take(mc.div_ceil(MR)).enumerate() {
        let row0 = i0 + r * MR;
        let height = MR.min(i0 + mc - row0);
        for i in 0..MR {
            if i < height {
                let src = &args.a[(row0 + i) * args.lda + pc..][..kc];
                for (p, &x) in src.iter().enumerate() {
                    panel[p * MR + i] = x;
                }
            } else {
                for p in 0..kc {
                    panel[p * MR + i] = 0.0;
                }
            }
        }
    }
}

/// The update `block` of rows `range` of `C` (`c` starts at row `range.start`), given B̃ packed:
/// the `ic`, `jr` and `ir` loops.
///
/// # Safety
///
/// The CPU has `V`'s instruction set; the shapes were checked and `c` holds the rows of `range`
/// (`(range.len() − 1)·ldc + n` elements at least); `b_pack` holds the block packed.
#[inline(always)]
pub(crate) unsafe fn rows<V: F32s, const MR: usize, const NV: usize>(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    range: core::ops::Range<usize>,
    block: Block,
    b_pack: &[f32],
    a_pack: &mut Vec<f32>,
    mc_max: usize,
) {
    let nr = NV * V::LANES;
    let Block { pc, kc, jc, nc, beta } = block;
    let mc_max = mc_max.min(range.len().next_multiple_of(MR));
    a_pack.resize(mc_max * kc, 0.0);
    for ic in range.clone().step_by(mc_max) {
        let mc = mc_max.min(range.end - ic);
        pack_a::<MR>(args, a_pack, ic, mc, pc, kc);
        for jr in (0..nc).step_by(nr) {
            let b_panel = &b_pack[(jr / nr) * kc * nr..][..kc * nr];
            for ir in (0..mc).step_by(MR) {
                let a_panel = &a_pack[(ir / MR) * kc * MR..][..kc * MR];
                // SAFETY: the caller's instruction set; both panels hold `kc` steps.
                let acc = unsafe { micro::<V, MR, NV>(kc, a_panel.as_ptr(), b_panel.as_ptr()) };
                let row = ic - range.start + ir;
                let tile = Tile {
                    at: row * args.ldc + jc + jr,
                    rows: MR.min(mc - ir),
                    cols: nr.min(nc - jr),
                };
                // SAFETY: the tile lies inside `c` (rows of `range`, columns below n).
                unsafe { store::<V, MR, NV>(&acc, c, tile, args.ldc, args.alpha, beta) };
            }
        }
    }
}

/// `MR × NV·LANES` products summed over `kc` steps: Ã column `p` (MR floats) times B̃ row `p`.
///
/// # Safety
///
/// The CPU has `V`'s instruction set; `a` holds `kc · MR` floats, `b` holds `kc · NV · LANES`.
#[inline(always)]
unsafe fn micro<V: F32s, const MR: usize, const NV: usize>(
    kc: usize,
    a: *const f32,
    b: *const f32,
) -> [[V; NV]; MR] {
    // SAFETY (whole body): the caller's instruction set; step `p` reads Ã at `p·MR..p·MR + MR`
    // and B̃ at `p·NR..p·NR + NR`, both inside the panels for `p < kc`.
    unsafe {
        let mut acc = [[V::zero(); NV]; MR];
        let (mut a, mut b) = (a, b);
        for _ in 0..kc {
            let mut bv = [V::zero(); NV];
            for (j, v) in bv.iter_mut().enumerate() {
                *v = V::load(b.add(j * V::LANES));
            }
            for (i, row) in acc.iter_mut().enumerate() {
                let ai = V::broadcast(a.add(i));
                for (j, x) in row.iter_mut().enumerate() {
                    *x = ai.fma(bv[j], *x);
                }
            }
            a = a.add(MR);
            b = b.add(NV * V::LANES);
        }
        acc
    }
}

/// Where a tile goes in `C`: its first element and how much of it is inside `C`.
#[derive(Clone, Copy)]
struct Tile {
    at: usize,
    rows: usize,
    cols: usize,
}

/// `C = α·acc + β·C` on the tile (`β = 0` does not read `C`).
///
/// # Safety
///
/// The CPU has `V`'s instruction set; `tile.rows` rows of `tile.cols` floats from `tile.at`,
/// `ldc` apart, lie inside `c`.
#[inline(always)]
unsafe fn store<V: F32s, const MR: usize, const NV: usize>(
    acc: &[[V; NV]; MR],
    c: &mut [f32],
    tile: Tile,
    ldc: usize,
    alpha: f32,
    beta: f32,
) {
    let nr = NV * V::LANES;
    if tile.rows == MR && tile.cols == nr {
        debug_assert!(tile.at + (MR - 1) * ldc + nr <= c.len());
        // SAFETY: the caller's instruction set; the full tile lies inside `c`.
        unsafe {
            let (va, vb) = (V::splat(alpha), V::splat(beta));
            let base = c.as_mut_ptr().add(tile.at);
            for (i, row) in acc.iter().enumerate() {
                for (j, x) in row.iter().enumerate() {
                    let p = base.add(i * ldc + j * V::LANES);
                    let ab = x.mul(va);
                    let out = if beta == 0.0 { ab } else { V::load(p).fma(vb, ab) };
                    out.store(p);
                }
            }
        }
        return;
    }
    // A partial tile: spill each row, then update the part inside C.
    let mut buf = [0.0f32; 64];
    debug_assert!(nr <= buf.len());
    for (i, row) in acc.iter().enumerate().take(tile.rows) {
        for (j, x) in row.iter().enumerate() {
            // SAFETY: the caller's instruction set; `buf` has room for NR ≤ 64 floats.
            unsafe { x.store(buf.as_mut_ptr().add(j * V::LANES)) };
        }
        let c_row = &mut c[tile.at + i * ldc..][..tile.cols];
        for (cij, &ab) in c_row.iter_mut().zip(&buf) {
            update(cij, ab, alpha, beta);
        }
    }
}
