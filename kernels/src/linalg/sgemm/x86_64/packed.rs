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
//! Small and medium problems skip packing where the copy costs more than it saves (it is
//! `m·k + k·n` copies against `m·n·k` multiply-adds): full tiles then broadcast from MR rows of
//! `A` in place (`a_in_place`), with B̃ packed or also read in place; only the bottom and right
//! edge panels are copied. Each instantiation sets the two thresholds in its [`Blocking`]
//! (B packed from `m` rows on, A too from `n` columns on), measured on the host. Packing buffers are kept per thread between calls.
//!
//! Differences from the papers: row-major `C` (the micro-kernel broadcasts from A and loads rows
//! of B, the transpose of BLIS's column-major kernel), and the block sizes chosen by measuring on
//! the host (Zen 4: 32 KiB L1d, 1 MiB L2, 32 MiB L3) rather than from the analytical model.

use alloc::vec::Vec;

use crate::linalg::sgemm::args::scale;
use crate::linalg::sgemm::GemmArgs;
use crate::linalg::simd::F32s;

/// Cache block sizes (in elements) of one instantiation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocking {
    /// Rows of Ã (a multiple of MR): Ã is `MC × KC`, sized for L2.
    pub mc: usize,
    /// Depth of one rank-KC update: a micro-panel of B̃ (`KC × NR`) fits in L1.
    pub kc: usize,
    /// Columns of B̃ (a multiple of NR): B̃ is `KC × NC`, sized for L3.
    pub nc: usize,
    /// B is packed when `m` is at least this: B̃ is reused by every row of `C`, so its copy
    /// (`k·n`) pays off over `m` rows.
    pub pack_b_from_m: usize,
    /// A is packed too when also `n` is at least this (Ã is reused by every column of `C`).
    pub pack_a_from_n: usize,
    /// Whether the micro-kernel's loop runs four rank-1 steps an iteration (fewer loop
    /// instructions; costs registers that a tall tile may not have).
    pub unroll: bool,
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
    // No closure runs the work: a closure would not inherit the caller's target features.
    let mut buffers = take_buffers();
    if args.m < blocking.pack_b_from_m {
        // SAFETY: the caller's guarantees.
        unsafe { a_in_place::<V, MR, NV>(args, c, blocking, &mut buffers, false) };
    } else if args.n < blocking.pack_a_from_n {
        // SAFETY: the caller's guarantees.
        unsafe { a_in_place::<V, MR, NV>(args, c, blocking, &mut buffers, true) };
    } else {
        // SAFETY: the caller's guarantees.
        unsafe { large::<V, MR, NV>(args, c, blocking, &mut buffers) };
    }
    return_buffers(buffers);
}

/// The five loops with both operands packed.
///
/// # Safety
///
/// As [`gemm`], with `m, n, k, α` all non-zero.
#[inline(always)]
unsafe fn large<V: F32s, const MR: usize, const NV: usize>(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    blocking: Blocking,
    buffers: &mut Buffers,
) {
    let nr = NV * V::LANES;
    let kc_max = blocking.kc.min(args.k);
    let nc_max = blocking.nc.min(args.n.next_multiple_of(nr));
    let b_pack = buffers.b.get(kc_max * nc_max);
    let a_pack = &mut buffers.a;
    for jc in (0..args.n).step_by(blocking.nc) {
        let nc = blocking.nc.min(args.n - jc);
        for pc in (0..args.k).step_by(blocking.kc) {
            let kc = blocking.kc.min(args.k - pc);
            pack_b::<V, NV>(args, b_pack, pc, kc, jc, nc);
            let beta = if pc == 0 { args.beta } else { 1.0 };
            // SAFETY: the caller's guarantees; the block lies inside the checked shapes.
            unsafe {
                rows::<V, MR, NV>(
                    args,
                    c,
                    0..args.m,
                    Block {
                        pc,
                        kc,
                        jc,
                        nc,
                        beta,
                    },
                    b_pack,
                    a_pack,
                    blocking,
                )
            };
        }
    }
}

/// This thread's packing buffers, kept between calls so a call neither allocates nor faults in
/// fresh pages (empty where there is no `std`, or while a call on this thread holds them).
#[inline(always)]
fn take_buffers() -> Buffers {
    #[cfg(feature = "std")]
    return BUFFERS.with(core::cell::Cell::take);
    #[cfg(not(feature = "std"))]
    Buffers::default()
}

/// Gives the buffers back for the next call on this thread.
#[inline(always)]
fn return_buffers(buffers: Buffers) {
    #[cfg(feature = "std")]
    BUFFERS.with(|cell| cell.set(buffers));
    #[cfg(not(feature = "std"))]
    drop(buffers);
}

/// Room for Ã and B̃ (or the edge panels of the small path).
#[derive(Debug, Default)]
struct Buffers {
    a: PackBuf,
    b: PackBuf,
}

#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "std")]
std::thread_local! {
    static BUFFERS: core::cell::Cell<Buffers> = const {
        core::cell::Cell::new(Buffers { a: PackBuf { storage: Vec::new() }, b: PackBuf { storage: Vec::new() } })
    };
}

/// Room for packed panels, handed out from a 64-byte boundary so no vector load of a panel
/// straddles two cache lines (a split load costs a second load slot; with 16-byte-aligned
/// allocations every other `ymm` load and every `zmm` load would split).
#[derive(Debug, Default)]
struct PackBuf {
    storage: Vec<f32>,
}

impl PackBuf {
    /// `len` floats starting on a 64-byte boundary (contents unspecified: packing writes them
    /// all, padding included).
    fn get(&mut self, len: usize) -> &mut [f32] {
        if self.storage.len() < len + 16 {
            self.storage.resize(len + 16, 0.0);
        }
        let start = self.storage.as_ptr().align_offset(64);
        &mut self.storage[start..start + len]
    }
}

/// One rank-`kc` update of the columns `jc..jc + nc` of `C`.
#[derive(Clone, Copy, Debug)]
struct Block {
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
fn pack_b<V: F32s, const NV: usize>(
    args: &GemmArgs<'_>,
    dst: &mut [f32],
    pc: usize,
    kc: usize,
    jc: usize,
    nc: usize,
) {
    let nr = NV * V::LANES;
    for (q, panel) in dst
        .chunks_exact_mut(kc * nr)
        .take(nc.div_ceil(nr))
        .enumerate()
    {
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
fn pack_a<const MR: usize>(
    args: &GemmArgs<'_>,
    dst: &mut [f32],
    i0: usize,
    mc: usize,
    pc: usize,
    kc: usize,
) {
    for (r, panel) in dst
        .chunks_exact_mut(kc * MR)
        .take(mc.div_ceil(MR))
        .enumerate()
    {
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
unsafe fn rows<V: F32s, const MR: usize, const NV: usize>(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    range: core::ops::Range<usize>,
    block: Block,
    b_pack: &[f32],
    a_buf: &mut PackBuf,
    blocking: Blocking,
) {
    let nr = NV * V::LANES;
    let Block {
        pc,
        kc,
        jc,
        nc,
        beta,
    } = block;
    let mc_max = blocking.mc.min(range.len().next_multiple_of(MR));
    let a_pack = a_buf.get(mc_max * kc);
    for ic in range.clone().step_by(mc_max) {
        let mc = mc_max.min(range.end - ic);
        pack_a::<MR>(args, a_pack, ic, mc, pc, kc);
        for jr in (0..nc).step_by(nr) {
            let b_panel = &b_pack[(jr / nr) * kc * nr..][..kc * nr];
            for ir in (0..mc).step_by(MR) {
                let a_panel = &a_pack[(ir / MR) * kc * MR..][..kc * MR];
                let row = ic - range.start + ir;
                let at = row * args.ldc + jc + jr;
                prefetch_tile::<MR>(c.as_ptr().wrapping_add(at), args.ldc, nr);
                // SAFETY: the caller's instruction set; both panels hold `kc` steps.
                let acc = unsafe {
                    micro::<V, MR, NV, true>(
                        kc,
                        a_panel.as_ptr(),
                        MR,
                        b_panel.as_ptr(),
                        nr,
                        blocking.unroll,
                    )
                };
                let tile = Tile {
                    at,
                    rows: MR.min(mc - ir),
                    cols: nr.min(nc - jr),
                };
                // SAFETY: the tile lies inside `c` (rows of `range`, columns below n).
                unsafe { store::<V, MR, NV>(&acc, c, tile, args.ldc, args.alpha, beta) };
            }
        }
    }
}

/// Problems that pack only the edges of `A`: full tiles broadcast from MR rows of `A` in place.
/// `B` is packed into B̃ (`pack_b`, for larger problems, where rows of `B` `ldb` apart would
/// fight over L1 sets and TLB entries) or also read in place, its right edge packed. Packing
/// costs `m·k + k·n` copies against `m·n·k` multiply-adds: below a few hundred per side on
/// Zen 4, that copy is a measurable share, so these paths win there (see the thresholds in
/// [`Blocking`]).
///
/// # Safety
///
/// As [`gemm`], with `m, n, k, α` all non-zero.
#[inline(always)]
unsafe fn a_in_place<V: F32s, const MR: usize, const NV: usize>(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    blocking: Blocking,
    buffers: &mut Buffers,
    pack_whole_b: bool,
) {
    let nr = NV * V::LANES;
    let GemmArgs {
        m,
        n,
        k,
        a,
        lda,
        b,
        ldb,
        ldc,
        ..
    } = *args;
    let (m_full, n_full) = (m - m % MR, n - n % nr);
    let kc_max = blocking.kc.min(k);
    let a_edge = buffers.a.get(MR * kc_max);
    let nc_blk = if pack_whole_b { blocking.nc } else { n };
    let b_room = if pack_whole_b {
        nc_blk.min(n.next_multiple_of(nr))
    } else {
        nr
    };
    let b_pack = buffers.b.get(kc_max * b_room);
    for jc in (0..n).step_by(nc_blk) {
        let nc = nc_blk.min(n - jc);
        for pc in (0..k).step_by(blocking.kc) {
            let kc = blocking.kc.min(k - pc);
            let beta = if pc == 0 { args.beta } else { 1.0 };
            if m_full < m {
                pack_a::<MR>(args, a_edge, m_full, m - m_full, pc, kc);
            }
            if pack_whole_b {
                pack_b::<V, NV>(args, b_pack, pc, kc, jc, nc);
            }
            for jr in (0..nc).step_by(nr) {
                let j = jc + jr;
                let (b_panel, b_stride) = if pack_whole_b {
                    (b_pack[(jr / nr) * kc * nr..].as_ptr(), nr)
                } else if j < n_full {
                    (b[pc * ldb + j..].as_ptr(), ldb)
                } else {
                    pack_b::<V, NV>(args, b_pack, pc, kc, j, n - j);
                    (b_pack.as_ptr(), nr)
                };
                for ir in (0..m).step_by(MR) {
                    let at = ir * ldc + j;
                    prefetch_tile::<MR>(c.as_ptr().wrapping_add(at), ldc, nr);
                    // SAFETY: the caller's instruction set; a full row panel of `A` has MR rows
                    // of `kc` columns from `pc` in `a` (shapes checked), the edge panel `kc · MR`
                    // floats; the B panel has `kc` rows of NR floats, `b_stride` apart (in `b`
                    // for a full panel, else packed).
                    let acc = unsafe {
                        if ir < m_full {
                            let a_panel = a[ir * lda + pc..].as_ptr();
                            micro::<V, MR, NV, false>(
                                kc,
                                a_panel,
                                lda,
                                b_panel,
                                b_stride,
                                blocking.unroll,
                            )
                        } else {
                            micro::<V, MR, NV, true>(
                                kc,
                                a_edge.as_ptr(),
                                MR,
                                b_panel,
                                b_stride,
                                blocking.unroll,
                            )
                        }
                    };
                    let tile = Tile {
                        at,
                        rows: MR.min(m - ir),
                        cols: nr.min(n - j),
                    };
                    // SAFETY: the tile lies inside `c` (rows below m, columns below n).
                    unsafe { store::<V, MR, NV>(&acc, c, tile, ldc, args.alpha, beta) };
                }
            }
        }
    }
}

/// Asks for the tile of `C` at `c` in L1 while the micro-kernel runs: its rows are `ldc` apart
/// (4 KiB for n = 1024, all in one L1 set), and reading them cold after the kernel stalls the
/// write-back. Prefetches never fault, so a partial tile needs no care.
#[inline(always)]
fn prefetch_tile<const MR: usize>(c: *const f32, ldc: usize, nr: usize) {
    #[cfg(target_arch = "x86_64")]
    for i in 0..MR {
        let row = c.wrapping_add(i * ldc);
        for line in (0..nr).step_by(16) {
            // SAFETY: `prefetcht0` is SSE (baseline on x86_64) and never faults.
            unsafe {
                core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
                    row.wrapping_add(line).cast(),
                )
            };
        }
    }
}

/// `MR × NV·LANES` products summed over `kc` steps: column `p` of the A panel (MR floats)
/// times row `p` of the B panel (`NV·LANES` floats). The A panel is packed (`PACKED_A`: element
/// `(i, p)` at `a[p·MR + i]`) or read in place (`a[i·lda + p]`); row `p` of the B panel starts
/// at `b[p·ldb]` (`ldb = NR` when packed).
///
/// # Safety
///
/// The CPU has `V`'s instruction set; every element the steps `p < kc` address is readable.
#[inline(always)]
unsafe fn micro<V: F32s, const MR: usize, const NV: usize, const PACKED_A: bool>(
    kc: usize,
    a: *const f32,
    lda: usize,
    b: *const f32,
    ldb: usize,
    unroll: bool,
) -> [[V; NV]; MR] {
    // SAFETY: (whole body) the caller's instruction set and readable panels.
    unsafe {
        let mut acc = [[V::zero(); NV]; MR];
        let (mut a, mut b) = (a, b);
        // One rank-1 update: a macro, not a closure, so it is compiled with the caller's
        // target features.
        macro_rules! step {
            () => {
                let mut bv = [V::zero(); NV];
                for (j, v) in bv.iter_mut().enumerate() {
                    *v = V::load(b.add(j * V::LANES));
                }
                for (i, row) in acc.iter_mut().enumerate() {
                    let ai = V::broadcast(if PACKED_A { a.add(i) } else { a.add(i * lda) });
                    for (j, x) in row.iter_mut().enumerate() {
                        *x = ai.fma(bv[j], *x);
                    }
                }
                a = a.add(if PACKED_A { MR } else { 1 });
                b = b.add(ldb);
            };
        }
        if unroll {
            // Four steps per iteration: a quarter of the loop overhead.
            for _ in 0..kc / 4 {
                step!();
                step!();
                step!();
                step!();
            }
            for _ in 0..kc % 4 {
                step!();
            }
        } else {
            for _ in 0..kc {
                step!();
            }
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
                    let out = if beta == 0.0 {
                        ab
                    } else {
                        V::load(p).fma(vb, ab)
                    };
                    out.store(p);
                }
            }
        }
        return;
    }
    // A partial tile: whole vectors where the row has them, masked loads and stores for the
    // last part of each row, nothing past the tile's columns.
    debug_assert!(tile.rows == 0 || tile.at + (tile.rows - 1) * ldc + tile.cols <= c.len());
    // SAFETY: the caller's instruction set; each row's `tile.cols` floats lie inside `c`, and
    // vector `j` touches only its first `min(cols − j·LANES, LANES)` lanes.
    unsafe {
        let (va, vb) = (V::splat(alpha), V::splat(beta));
        let base = c.as_mut_ptr().add(tile.at);
        for (i, row) in acc.iter().enumerate().take(tile.rows) {
            for (j, x) in row.iter().enumerate() {
                let first = j * V::LANES;
                if first >= tile.cols {
                    break;
                }
                let count = tile.cols - first;
                let p = base.add(i * ldc + first);
                let ab = x.mul(va);
                if count >= V::LANES {
                    let out = if beta == 0.0 {
                        ab
                    } else {
                        V::load(p).fma(vb, ab)
                    };
                    out.store(p);
                } else {
                    let out = if beta == 0.0 {
                        ab
                    } else {
                        V::load_partial(p, count).fma(vb, ab)
                    };
                    out.store_partial(p, count);
                }
            }
        }
    }
}
