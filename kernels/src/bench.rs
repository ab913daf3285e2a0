//! Building blocks for [`Kernel::bench`](crate::workload::Kernel::bench): inputs prepared once,
//! and the call the tuner times, monomorphised so the only indirection is the variant's pointer.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::hint::black_box;
use core::marker::PhantomData;

use crate::harness::{AlignedBytes, Rng};
use crate::workload::{Bench, Case};

/// Byte inputs, one per case, each at its case's misalignment, packed one after another in one
/// buffer (each case's slot starts on a 64-byte boundary) so a pool of many small inputs spans
/// as little memory as it can.
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

/// A bench over byte inputs: `fill` writes each case's input (given the generator and the
/// buffer), `call` is the timed call.
pub fn bytes<C, R>(
    cases: &[Case],
    seed: u64,
    mut fill: impl FnMut(&mut Rng, &mut [u8]),
    call: C,
) -> Box<dyn Bench>
where
    C: FnMut(&[u8]) -> R + 'static,
    R: 'static,
{
    let mut rng = Rng::new(seed);
    let mut inputs = Vec::with_capacity(cases.len());
    let mut end = 0;
    for &case in cases {
        let case = Case {
            offset: case.offset % 64,
            ..case
        };
        inputs.push((end + case.offset, case));
        end += (case.offset + case.size).next_multiple_of(64);
    }
    let mut storage = AlignedBytes::new(end);
    for &(start, case) in &inputs {
        fill(&mut rng, storage.slice_at_mut(start, case.size));
    }
    Box::new(BytesBench {
        storage,
        inputs,
        call,
        result: PhantomData,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_each_case_on_its_own_input() {
        let cases = [Case { size: 3, offset: 5 }, Case::aligned(10)];
        let seen = alloc::rc::Rc::new(core::cell::RefCell::new(Vec::new()));
        let log = seen.clone();
        let mut bench = bytes(
            &cases,
            1,
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
}
