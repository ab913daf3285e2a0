//! Building blocks for [`Kernel::bench`](crate::workload::Kernel::bench): inputs prepared once,
//! and the call the tuner times, monomorphised so the only indirection is the variant's pointer.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::hint::black_box;
use core::marker::PhantomData;

use crate::harness::{AlignedBytes, Rng};
use crate::workload::{Bench, Case, Source};

/// Byte inputs, one per case, each at its case's misalignment, packed one after another in one
/// buffer (each case's slot starts on a 64-byte boundary) so a pool of many small inputs spans
/// as little memory as it can. Past [`PACK_LIMIT`] bytes the slots start again from the
/// beginning (see `layout`).
pub struct BytesBench<C, R> {
    storage: AlignedBytes,
    /// Per case: start of its bytes in `storage` (past the aligned base) and its size.
    inputs: Vec<(usize, Case)>,
    call: C,
    result: PhantomData<fn() -> R>,
}

impl<C, R> core::fmt::Debug for BytesBench<C, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BytesBench")
            .field("cases", &self.inputs.len())
            .finish()
    }
}

impl<C: FnMut(&[u8]) -> R, R> Bench for BytesBench<C, R> {
    fn cases(&self) -> usize {
        self.inputs.len()
    }

    fn units(&self, case: usize) -> u64 {
        self.inputs[case].1.size as u64
    }

    #[inline]
    fn run(&mut self, case: usize) {
        let (start, case) = self.inputs[case];
        let input = black_box(self.storage.slice_at(start, case.size));
        black_box((self.call)(input));
    }
}

/// Cases are packed one after another until the storage would pass this many bytes; a case that
/// would end past it starts again at the beginning, sharing memory with earlier cases. Inputs
/// that big are far past the last-level cache, so distinct copies would only cost memory (a
/// latency pool of 256 MiB inputs would otherwise take gigabytes per variant).
pub const PACK_LIMIT: usize = 64 << 20;

/// Per case: the start of its slot (past the aligned base) and the case, its offset reduced to
/// `0..64`; and the storage's total length. Slots start on 64-byte boundaries.
fn layout(cases: &[Case]) -> (Vec<(usize, Case)>, usize) {
    let mut inputs = Vec::with_capacity(cases.len());
    let (mut end, mut total) = (0, 0);
    for &case in cases {
        let case = Case {
            offset: case.offset % 64,
            ..case
        };
        let slot = (case.offset + case.size).next_multiple_of(64);
        if end > 0 && end + slot > PACK_LIMIT {
            end = 0;
        }
        inputs.push((end + case.offset, case));
        end += slot;
        total = total.max(end);
    }
    (inputs, total)
}

/// Writes each case's input into its slot: `generate` when the source is generated, the
/// user's bytes ([`Corpus::fill`](crate::corpus::Corpus::fill)) when it is theirs.
fn fill_inputs(
    source: Source<'_>,
    inputs: &[(usize, Case)],
    storage: &mut AlignedBytes,
    mut generate: impl FnMut(&mut Rng, &mut [u8]),
) {
    let mut rng = Rng::new(source.seed());
    for &(start, case) in inputs {
        source.fill(
            &mut rng,
            storage.slice_at_mut(start, case.size),
            &mut generate,
        );
    }
}

/// A bench over byte inputs: `generate` writes each case's input (given the generator and the
/// buffer) unless the source is the user's data, `call` is the timed call.
pub fn bytes<C, R>(
    cases: &[Case],
    source: Source<'_>,
    generate: impl FnMut(&mut Rng, &mut [u8]),
    call: C,
) -> Box<dyn Bench>
where
    C: FnMut(&[u8]) -> R + 'static,
    R: 'static,
{
    let (inputs, end) = layout(cases);
    let mut storage = AlignedBytes::new(end);
    fill_inputs(source, &inputs, &mut storage, generate);
    Box::new(BytesBench {
        storage,
        inputs,
        call,
        result: PhantomData,
    })
}

/// Byte inputs of several kinds per case (match densities, say), one call on each per run: a
/// case's units are the bytes of all its inputs. Laid out as in [`BytesBench`], a case's
/// inputs one after another.
pub struct KindsBench<C, R> {
    bytes: BytesBench<C, R>,
    kinds: usize,
}

impl<C, R> core::fmt::Debug for KindsBench<C, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KindsBench")
            .field("cases", &(self.bytes.inputs.len() / self.kinds))
            .field("kinds", &self.kinds)
            .finish()
    }
}

impl<C: FnMut(&[u8]) -> R, R> Bench for KindsBench<C, R> {
    fn cases(&self) -> usize {
        self.bytes.inputs.len() / self.kinds
    }

    fn units(&self, case: usize) -> u64 {
        (self.kinds * self.bytes.inputs[case * self.kinds].1.size) as u64
    }

    #[inline]
    fn run(&mut self, case: usize) {
        for input in case * self.kinds..(case + 1) * self.kinds {
            self.bytes.run(input);
        }
    }
}

/// A bench over byte inputs of the kinds `generate` makes (each given the generator and the
/// buffer), one of each per case, or as many windows of the user's files; `call` is timed on
/// each in turn.
pub fn byte_kinds<C, R>(
    cases: &[Case],
    source: Source<'_>,
    generate: &[fn(&mut Rng, &mut [u8])],
    call: C,
) -> Box<dyn Bench>
where
    C: FnMut(&[u8]) -> R + 'static,
    R: 'static,
{
    let kinds = generate.len();
    assert!(kinds > 0, "a bench of kinds needs one kind or more");
    let each: Vec<Case> = cases
        .iter()
        .flat_map(|&c| core::iter::repeat_n(c, kinds))
        .collect();
    let (inputs, end) = layout(&each);
    let mut storage = AlignedBytes::new(end);
    let mut next = 0;
    fill_inputs(source, &inputs, &mut storage, |rng, buf| {
        generate[next % kinds](rng, buf);
        next += 1;
    });
    Box::new(KindsBench {
        bytes: BytesBench {
            storage,
            inputs,
            call,
            result: PhantomData,
        },
        kinds,
    })
}

/// An input and an output per case: the inputs laid out as in [`BytesBench`], then the outputs
/// in the same buffer from [`dst_at`] on, so every variant, in every process, writes each output
/// at the same distance from its input. Buffers allocated apart put them wherever the allocator
/// did, which differs between variants and processes, and the distance modulo 4 KiB decides
/// whether loads stall on recent stores 4 KiB apart: `memory.copy` at 64 KiB, `std` against
/// `avx2`, came out 0.93–1.02 by process and order with buffers apart, and `avx2` ahead by
/// 3–7 % in every run and both orders placed so (AMD EPYC, family 25 model 1).
pub struct TransformBench<C, R> {
    buf: AlignedBytes,
    /// Where the outputs start, past the aligned base.
    out_at: usize,
    /// Per case: its input's start and case, and its output's start (past `out_at`) and length.
    slots: Vec<(usize, Case, usize, usize)>,
    call: C,
    result: PhantomData<fn() -> R>,
}

impl<C, R> core::fmt::Debug for TransformBench<C, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TransformBench")
            .field("cases", &self.slots.len())
            .finish()
    }
}

impl<C: FnMut(&[u8], &mut [u8]) -> R, R> Bench for TransformBench<C, R> {
    fn cases(&self) -> usize {
        self.slots.len()
    }

    fn units(&self, case: usize) -> u64 {
        self.slots[case].1.size as u64
    }

    #[inline]
    fn run(&mut self, case: usize) {
        let (start, case, out, out_len) = self.slots[case];
        let all = self.buf.slice_at_mut(0, self.out_at + out + out_len);
        let (inputs, outputs) = all.split_at_mut(self.out_at);
        let src = black_box(&inputs[start..start + case.size]);
        let dst = black_box(&mut outputs[out..out + out_len]);
        black_box((self.call)(src, dst));
    }
}

/// Where the outputs of inputs spanning `end` bytes start: past them, at half a page modulo
/// 4 KiB, so an output laid out as its input lies half a page past it and no load from an input
/// aliases a recent store to its output.
pub fn dst_at(end: usize) -> usize {
    end.next_multiple_of(4096) + 2048
}

/// A bench over inputs and outputs: `generate` writes each case's input (or the user's bytes
/// do), `output` gives the output's case (its length and misalignment) for an input's, every
/// output is written once beforehand (so no call pays for first-touch page faults), and `call`
/// (input, output) is the timed call. An output does not feed the next call, so the bench does
/// not count as mutating.
pub fn transforms<C, R>(
    cases: &[Case],
    source: Source<'_>,
    generate: impl FnMut(&mut Rng, &mut [u8]),
    output: impl Fn(Case) -> Case,
    call: C,
) -> Box<dyn Bench>
where
    C: FnMut(&[u8], &mut [u8]) -> R + 'static,
    R: 'static,
{
    let (inputs, end) = layout(cases);
    let outputs: Vec<Case> = inputs.iter().map(|&(_, case)| output(case)).collect();
    let (outputs, out_end) = layout(&outputs);
    let out_at = dst_at(end);
    let mut buf = AlignedBytes::new(out_at + out_end);
    fill_inputs(source, &inputs, &mut buf, generate);
    for &(out, case) in &outputs {
        buf.slice_at_mut(out_at + out, case.size).fill(0xA5);
    }
    let slots = inputs
        .into_iter()
        .zip(outputs)
        .map(|((start, case), (out, out_case))| (start, case, out, out_case.size))
        .collect();
    Box::new(TransformBench {
        buf,
        out_at,
        slots,
        call,
        result: PhantomData,
    })
}

/// [`transforms`] of copies: each destination as long as its source and at its misalignment,
/// so half a page past it modulo 4 KiB; `call` takes (destination, source).
pub fn copies<C>(cases: &[Case], source: Source<'_>, mut call: C) -> Box<dyn Bench>
where
    C: FnMut(&mut [u8], &[u8]) + 'static,
{
    transforms(
        cases,
        source,
        Rng::fill,
        |case| case,
        move |src, dst| call(dst, src),
    )
}

/// Cases with no input but their size (register-only kernels such as `ceiling.fma_f32`).
pub struct SizeBench<C, R> {
    sizes: Vec<usize>,
    units: fn(usize) -> u64,
    call: C,
    result: PhantomData<fn() -> R>,
}

impl<C, R> core::fmt::Debug for SizeBench<C, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SizeBench")
            .field("sizes", &self.sizes)
            .finish()
    }
}

impl<C: FnMut(usize) -> R, R> Bench for SizeBench<C, R> {
    fn cases(&self) -> usize {
        self.sizes.len()
    }

    fn units(&self, case: usize) -> u64 {
        (self.units)(self.sizes[case])
    }

    #[inline]
    fn run(&mut self, case: usize) {
        black_box((self.call)(black_box(self.sizes[case])));
    }
}

/// A bench whose call takes only the case's size; `units` is the op's
/// [`Kernel::units`](crate::workload::Kernel::units).
pub fn sizes<C, R>(cases: &[Case], units: fn(usize) -> u64, call: C) -> Box<dyn Bench>
where
    C: FnMut(usize) -> R + 'static,
    R: 'static,
{
    Box::new(SizeBench {
        sizes: cases.iter().map(|c| c.size).collect(),
        units,
        call,
        result: PhantomData,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn runs_each_case_on_its_own_input() {
        let cases = [Case { size: 3, offset: 5 }, Case::aligned(10)];
        let seen = alloc::rc::Rc::new(core::cell::RefCell::new(Vec::new()));
        let log = seen.clone();
        let mut bench = bytes(
            &cases,
            Source::Generated(1),
            |_, buf| buf.fill(7),
            move |input: &[u8]| {
                log.borrow_mut()
                    .push((input.len(), input.as_ptr() as usize % 64))
            },
        );
        assert_eq!(bench.cases(), 2);
        assert_eq!(bench.units(1), 10);
        bench.run(0);
        bench.run(1);
        assert_eq!(*seen.borrow(), [(3, 5), (10, 0)]);
    }

    #[test]
    fn kinds_run_each_kind_of_each_case() {
        let cases = [Case::aligned(4), Case { size: 2, offset: 1 }];
        let seen = alloc::rc::Rc::new(core::cell::RefCell::new(Vec::new()));
        let log = seen.clone();
        let kinds: [fn(&mut Rng, &mut [u8]); 2] = [|_, b| b.fill(1), |_, b| b.fill(2)];
        let mut bench = byte_kinds(
            &cases,
            Source::Generated(1),
            &kinds,
            move |input: &[u8]| log.borrow_mut().push(input.to_vec()),
        );
        assert_eq!((bench.cases(), bench.units(0), bench.units(1)), (2, 8, 4));
        bench.run(1);
        bench.run(0);
        assert_eq!(
            *seen.borrow(),
            [vec![1, 1], vec![2, 2], vec![1; 4], vec![2; 4]]
        );
    }

    #[test]
    fn large_cases_share_their_slots() {
        let big = PACK_LIMIT / 2 + 1;
        let (slots, end) = layout(&[Case::aligned(big), Case::aligned(big), Case::aligned(3)]);
        assert_eq!(slots[0].0, 0);
        assert_eq!(slots[1].0, 0, "a second half-limit case wraps to the start");
        assert_eq!(slots[2].0, big.next_multiple_of(64));
        assert_eq!(end, big.next_multiple_of(64) + 64);
        let (small, _) = layout(&[Case { size: 3, offset: 5 }, Case::aligned(10)]);
        assert_eq!(small[1].0, 64);
    }

    #[test]
    fn copies_write_each_case_destination() {
        let cases = [
            Case {
                size: 100,
                offset: 7,
            },
            Case::aligned(5),
        ];
        let seen = alloc::rc::Rc::new(core::cell::RefCell::new(Vec::new()));
        let log = seen.clone();
        let mut bench = copies(
            &cases,
            Source::Generated(3),
            move |dst: &mut [u8], src: &[u8]| {
                dst.copy_from_slice(src);
                let apart = (dst.as_ptr() as usize).wrapping_sub(src.as_ptr() as usize);
                log.borrow_mut().push((
                    dst.len(),
                    dst.as_ptr() as usize % 64,
                    src.as_ptr() as usize % 64,
                    apart % 4096,
                ));
            },
        );
        bench.run(0);
        bench.run(1);
        bench.run(0);
        assert_eq!(bench.units(0), 100);
        // Each destination half a page past its source, modulo 4 KiB.
        assert_eq!(
            *seen.borrow(),
            [(100, 7, 7, 2048), (5, 0, 0, 2048), (100, 7, 7, 2048)]
        );
    }

    #[test]
    fn every_bench_writes_each_output_at_the_same_distance_from_its_input() {
        let cases = [
            Case {
                size: 3000,
                offset: 9,
            },
            Case::aligned(5),
            Case {
                size: 100,
                offset: 63,
            },
        ];
        // Outputs a third longer and aligned, as base64 encoding's.
        let output = |case: Case| Case::aligned(case.size * 4 / 3 + 4);
        let placed = || {
            let seen = alloc::rc::Rc::new(core::cell::RefCell::new(Vec::new()));
            let log = seen.clone();
            let mut bench = transforms(
                &cases,
                Source::Generated(1),
                Rng::fill,
                output,
                move |src: &[u8], dst: &mut [u8]| {
                    let apart = (dst.as_ptr() as usize).wrapping_sub(src.as_ptr() as usize);
                    log.borrow_mut().push((
                        src.len(),
                        src.as_ptr() as usize % 64,
                        dst.len(),
                        dst.as_ptr() as usize % 64,
                        apart,
                    ));
                    dst.fill(1);
                },
            );
            for (i, case) in cases.iter().enumerate() {
                assert_eq!(bench.units(i), case.size as u64);
                bench.run(i);
            }
            seen.take()
        };
        let first = placed();
        for (seen, case) in first.iter().zip(&cases) {
            let out = output(*case).size;
            let (len, offset, out_len, out_offset, _) = *seen;
            assert_eq!((len, offset), (case.size, case.offset));
            assert_eq!((out_len, out_offset), (out, 0));
        }
        assert_eq!(placed(), first, "another bench, the same placement");
    }

    #[test]
    fn destinations_lie_half_a_page_past_their_sources_at_every_size() {
        for end in [0, 1, 64, 4095, 4096, 4097, PACK_LIMIT] {
            let at = dst_at(end);
            assert!(at >= end, "{end}");
            assert_eq!(at % 4096, 2048, "{end}");
        }
    }
}
