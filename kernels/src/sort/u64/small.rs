//! `small`: sorting networks for tiny inputs, merge sort beyond.
//!
//! Up to 32 keys are loaded into 4, 8, 16 or 32 lanes padded with `u64::MAX` and sorted by
//! Batcher's merge-exchange network (Knuth, TAOCP vol. 3 §5.2.2, Algorithm M; 5, 19, 63 and 191
//! comparators), written out as straight-line code so the lanes stay in registers as far as
//! they fit. Every comparator is a branch-free `min`/`max` pair, so the cost does not depend on
//! the input order and nothing is mispredicted — that is where it beats the insertion sort the
//! standard library runs on short slices. The padding keys are the largest possible, so they
//! sort to the end and the first `len` lanes are the answer. The networks are checked against
//! Algorithm M and, for up to 16 lanes, on every input of zeros and ones (the 0-1 principle).
//!
//! Longer inputs go to a plain bottom-up merge sort (von Neumann's; TAOCP vol. 3 §5.2.4,
//! Algorithm S, straight two-way merge) over runs of 16 keys sorted by the network, with a
//! branch-free merge step. It is there so the variant is correct at every size, not to be
//! fast: the variant is meant to win only on tiny inputs.
//!
//! `insertion_sort` (TAOCP vol. 3 §5.2.1, straight insertion) is shared with the radix
//! variants for their short inputs.

use alloc::vec;

/// Sorts `v` ascending.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn small(v: &mut [u64]) {
    sort(v);
}

/// The variant as safe code.
pub fn sort(v: &mut [u64]) {
    match v.len() {
        0..=1 => {}
        2 => {
            let mut lanes = [v[0], v[1]];
            cswap(&mut lanes, 0, 1);
            store(v, &lanes);
        }
        3..=4 => {
            let mut lanes = load::<4>(v);
            sort4(&mut lanes);
            store(v, &lanes);
        }
        5..=8 => {
            let mut lanes = load::<8>(v);
            sort8(&mut lanes);
            store(v, &lanes);
        }
        9..=16 => {
            let mut lanes = load::<16>(v);
            sort16(&mut lanes);
            store(v, &lanes);
        }
        17..=32 => {
            let mut lanes = load::<32>(v);
            sort32(&mut lanes);
            store(v, &lanes);
        }
        _ => merge_sort(v),
    }
}

/// The first `N` keys of `v`, padded with `u64::MAX` (which sorts last).
#[inline(always)]
fn load<const N: usize>(v: &[u64]) -> [u64; N] {
    core::array::from_fn(|i| v.get(i).copied().unwrap_or(u64::MAX))
}

/// The first `v.len()` lanes back into `v`.
#[inline(always)]
fn store<const N: usize>(v: &mut [u64], lanes: &[u64; N]) {
    for (key, &lane) in v.iter_mut().zip(lanes) {
        *key = lane;
    }
}

/// A compare-exchange: lanes `i < j` end in order.
#[inline(always)]
fn cswap<const N: usize>(lanes: &mut [u64; N], i: usize, j: usize) {
    let (a, b) = (lanes[i], lanes[j]);
    lanes[i] = a.min(b);
    lanes[j] = a.max(b);
}

/// Writes out a network as straight-line compare-exchanges (so the lanes stay in registers),
/// and keeps its comparator list for the tests.
macro_rules! network {
    ($name:ident, $list:ident, $n:literal: $(($i:literal, $j:literal)),* $(,)?) => {
        /// Batcher's merge exchange (Algorithm M) on these lanes.
        #[inline(always)]
        fn $name(lanes: &mut [u64; $n]) {
            $(cswap(lanes, $i, $j);)*
        }

        #[cfg(test)]
        const $list: &[(usize, usize)] = &[$(($i, $j)),*];
    };
}

network!(sort4, NET4, 4:
    (0, 2), (1, 3), (0, 1), (2, 3), (1, 2),
);

network!(sort8, NET8, 8:
    (0, 4), (1, 5), (2, 6), (3, 7), (0, 2), (1, 3), (4, 6), (5, 7), (2, 4), (3, 5), (0, 1),
    (2, 3), (4, 5), (6, 7), (1, 4), (3, 6), (1, 2), (3, 4), (5, 6),
);

network!(sort16, NET16, 16:
    (0, 8), (1, 9), (2, 10), (3, 11), (4, 12), (5, 13), (6, 14), (7, 15), (0, 4), (1, 5),
    (2, 6), (3, 7), (8, 12), (9, 13), (10, 14), (11, 15), (4, 8), (5, 9), (6, 10), (7, 11),
    (0, 2), (1, 3), (4, 6), (5, 7), (8, 10), (9, 11), (12, 14), (13, 15), (2, 8), (3, 9),
    (6, 12), (7, 13), (2, 4), (3, 5), (6, 8), (7, 9), (10, 12), (11, 13), (0, 1), (2, 3),
    (4, 5), (6, 7), (8, 9), (10, 11), (12, 13), (14, 15), (1, 8), (3, 10), (5, 12), (7, 14),
    (1, 4), (3, 6), (5, 8), (7, 10), (9, 12), (11, 14), (1, 2), (3, 4), (5, 6), (7, 8),
    (9, 10), (11, 12), (13, 14),
);

network!(sort32, NET32, 32:
    (0, 16), (1, 17), (2, 18), (3, 19), (4, 20), (5, 21), (6, 22), (7, 23), (8, 24), (9, 25),
    (10, 26), (11, 27), (12, 28), (13, 29), (14, 30), (15, 31), (0, 8), (1, 9), (2, 10), (3, 11),
    (4, 12), (5, 13), (6, 14), (7, 15), (16, 24), (17, 25), (18, 26), (19, 27), (20, 28),
    (21, 29), (22, 30), (23, 31), (8, 16), (9, 17), (10, 18), (11, 19), (12, 20), (13, 21),
    (14, 22), (15, 23), (0, 4), (1, 5), (2, 6), (3, 7), (8, 12), (9, 13), (10, 14), (11, 15),
    (16, 20), (17, 21), (18, 22), (19, 23), (24, 28), (25, 29), (26, 30), (27, 31), (4, 16),
    (5, 17), (6, 18), (7, 19), (12, 24), (13, 25), (14, 26), (15, 27), (4, 8), (5, 9), (6, 10),
    (7, 11), (12, 16), (13, 17), (14, 18), (15, 19), (20, 24), (21, 25), (22, 26), (23, 27),
    (0, 2), (1, 3), (4, 6), (5, 7), (8, 10), (9, 11), (12, 14), (13, 15), (16, 18), (17, 19),
    (20, 22), (21, 23), (24, 26), (25, 27), (28, 30), (29, 31), (2, 16), (3, 17), (6, 20),
    (7, 21), (10, 24), (11, 25), (14, 28), (15, 29), (2, 8), (3, 9), (6, 12), (7, 13), (10, 16),
    (11, 17), (14, 20), (15, 21), (18, 24), (19, 25), (22, 28), (23, 29), (2, 4), (3, 5), (6, 8),
    (7, 9), (10, 12), (11, 13), (14, 16), (15, 17), (18, 20), (19, 21), (22, 24), (23, 25),
    (26, 28), (27, 29), (0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11), (12, 13), (14, 15),
    (16, 17), (18, 19), (20, 21), (22, 23), (24, 25), (26, 27), (28, 29), (30, 31), (1, 16),
    (3, 18), (5, 20), (7, 22), (9, 24), (11, 26), (13, 28), (15, 30), (1, 8), (3, 10), (5, 12),
    (7, 14), (9, 16), (11, 18), (13, 20), (15, 22), (17, 24), (19, 26), (21, 28), (23, 30),
    (1, 4), (3, 6), (5, 8), (7, 10), (9, 12), (11, 14), (13, 16), (15, 18), (17, 20), (19, 22),
    (21, 24), (23, 26), (25, 28), (27, 30), (1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12),
    (13, 14), (15, 16), (17, 18), (19, 20), (21, 22), (23, 24), (25, 26), (27, 28), (29, 30),
);

/// Keys per run the networks sort before merging starts.
const RUN: usize = 16;

/// Bottom-up merge sort: runs of [`RUN`] keys sorted by the 16-lane network, then merged in
/// pairs, doubling the run length each pass, between `v` and a buffer.
fn merge_sort(v: &mut [u64]) {
    for run in v.chunks_mut(RUN) {
        sort(run);
    }
    let n = v.len();
    let mut buffer = vec![0; n];
    let (mut src, mut dst): (&mut [u64], &mut [u64]) = (v, &mut buffer);
    let mut in_buffer = false;
    let mut width = RUN;
    while width < n {
        for (pair, out) in src.chunks(2 * width).zip(dst.chunks_mut(2 * width)) {
            let (left, right) = pair.split_at(width.min(pair.len()));
            merge(left, right, out);
        }
        core::mem::swap(&mut src, &mut dst);
        in_buffer = !in_buffer;
        width *= 2;
    }
    if in_buffer {
        dst.copy_from_slice(src);
    }
}

/// Merges the sorted runs `left` and `right` into `out` (their total length) without branches
/// on the keys: an exhausted run is never chosen, and its index is clamped only so the read
/// stays in bounds.
#[inline(always)]
fn merge(left: &[u64], right: &[u64], out: &mut [u64]) {
    if right.is_empty() {
        out.copy_from_slice(left);
        return;
    }
    let (mut i, mut j) = (0, 0);
    let (last_left, last_right) = (left.len() - 1, right.len() - 1);
    for key in out {
        let (a, b) = (left[i.min(last_left)], right[j.min(last_right)]);
        let take_left = (j > last_right) | ((i <= last_left) & (a <= b));
        *key = if take_left { a } else { b };
        i += usize::from(take_left);
        j += usize::from(!take_left);
    }
}

/// Straight insertion: each key shifted left past the larger keys before it.
#[inline]
pub(crate) fn insertion_sort(v: &mut [u64]) {
    for i in 1..v.len() {
        let key = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > key {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Knuth's Algorithm M (Batcher's merge exchange), steps M1–M6, for `n` ≥ 2 keys: the
    /// comparators the networks above must list, in order.
    fn merge_exchange(n: usize) -> Vec<(usize, usize)> {
        let mut net = Vec::new();
        let t = usize::BITS - (n - 1).leading_zeros(); // M1: t = ⌈lg n⌉
        let mut p = 1 << (t - 1);
        while p > 0 {
            let (mut q, mut r, mut d) = (1 << (t - 1), 0, p); // M2
            loop {
                net.extend((0..n - d).filter(|i| i & p == r).map(|i| (i, i + d))); // M3
                if q == p {
                    break;
                }
                (d, q, r) = (q - p, q / 2, p); // M5
            }
            p /= 2; // M6
        }
        net
    }

    #[test]
    fn networks_are_algorithm_m() {
        assert_eq!(NET4, merge_exchange(4));
        assert_eq!(NET8, merge_exchange(8));
        assert_eq!(NET16, merge_exchange(16));
        assert_eq!(NET32, merge_exchange(32));
        let sizes = [NET4.len(), NET8.len(), NET16.len(), NET32.len()];
        assert_eq!(sizes, [5, 19, 63, 191]);
    }

    /// The 0-1 principle (TAOCP §5.3.4, Theorem Z): a network that sorts every sequence of
    /// zeros and ones sorts every sequence.
    #[test]
    fn networks_sort_every_zero_one_input() {
        for bits in 0u32..1 << 16 {
            let mut lanes: [u64; 16] = core::array::from_fn(|k| u64::from(bits >> k & 1));
            sort16(&mut lanes);
            assert!(lanes.is_sorted(), "16 lanes: {bits:#x}");
            if bits < 1 << 8 {
                let mut lanes: [u64; 8] = core::array::from_fn(|k| u64::from(bits >> k & 1));
                sort8(&mut lanes);
                assert!(lanes.is_sorted(), "8 lanes: {bits:#x}");
            }
        }
    }
}
