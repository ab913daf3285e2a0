//! `small`: sorting networks for tiny inputs, heapsort beyond.
//!
//! Up to 32 keys are copied into a stack array padded with `u64::MAX` to 8, 16 or 32 lanes and
//! sorted by Batcher's merge-exchange network (Knuth, TAOCP vol. 3 §5.2.2, Algorithm M; 19, 63
//! and 191 comparators). Every comparator is a branch-free `min`/`max` pair, so the cost does not
//! depend on the input order and nothing is mispredicted — that is where it beats the
//! insertion sort the standard library runs on short slices. The padding keys are the largest
//! possible, so they sort to the end and the first `len` lanes are the answer.
//!
//! Longer inputs go to heapsort (Williams 1964, with Floyd's bottom-up heap construction; TAOCP
//! vol. 3 §5.2.3, Algorithm H): in place, `O(n log n)` on every input, and simple. It is there
//! so the variant is correct at every size, not to be fast: the variant is meant to win only on
//! tiny inputs.
//!
//! [`insertion_sort`] (TAOCP vol. 3 §5.2.1, straight insertion) is shared with the radix
//! variants for their short inputs.

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
        2..=8 => padded::<8>(v, &NET8),
        9..=16 => padded::<16>(v, &NET16),
        17..=32 => padded::<32>(v, &NET32),
        _ => heapsort(v),
    }
}

/// Sorts `v` (at most `N` keys) through an `N`-lane network padded with `u64::MAX`.
#[inline(always)]
fn padded<const N: usize>(v: &mut [u64], net: &[(u8, u8)]) {
    let mut lanes = [u64::MAX; N];
    lanes[..v.len()].copy_from_slice(v);
    for &(i, j) in net {
        let (a, b) = (lanes[i as usize], lanes[j as usize]);
        lanes[i as usize] = a.min(b);
        lanes[j as usize] = a.max(b);
    }
    v.copy_from_slice(&lanes[..v.len()]);
}

const NET8: [(u8, u8); comparators(8)] = merge_exchange(8);
const NET16: [(u8, u8); comparators(16)] = merge_exchange(16);
const NET32: [(u8, u8); comparators(32)] = merge_exchange(32);

/// Number of comparators Algorithm M emits for `n` keys.
const fn comparators(n: usize) -> usize {
    let mut count = 0;
    merge_exchange_visit(n, &mut [], &mut count);
    count
}

/// The comparators of Algorithm M for `n` keys, in the order they must run.
const fn merge_exchange<const C: usize>(n: usize) -> [(u8, u8); C] {
    let mut net = [(0, 0); C];
    let mut count = 0;
    merge_exchange_visit(n, &mut net, &mut count);
    net
}

/// Knuth's Algorithm M (Batcher's merge exchange), steps M1–M6, writing each comparator
/// `(i, i + d)` into `out` (when it has room) and counting them. `n` ≥ 2.
const fn merge_exchange_visit(n: usize, out: &mut [(u8, u8)], count: &mut usize) {
    // M1: t = ⌈lg n⌉, p = 2^(t-1).
    let t = usize::BITS - (n - 1).leading_zeros();
    let mut p = 1 << (t - 1);
    while p > 0 {
        // M2.
        let (mut q, mut r, mut d) = (1 << (t - 1), 0, p);
        loop {
            // M3: compare-exchange K[i], K[i+d] for every i with i & p == r.
            let mut i = 0;
            while i + d < n {
                if i & p == r {
                    if *count < out.len() {
                        out[*count] = (i as u8, (i + d) as u8);
                    }
                    *count += 1;
                }
                i += 1;
            }
            // M5.
            if q == p {
                break;
            }
            d = q - p;
            q /= 2;
            r = p;
        }
        // M6.
        p /= 2;
    }
}

/// Heapsort: a max-heap built bottom-up, then the maximum moved to the end `n - 1` times.
fn heapsort(v: &mut [u64]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Restores the heap order of `v[..end]` below `node`, whose subtrees are heaps.
fn sift_down(v: &mut [u64], mut node: usize, end: usize) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[node] >= v[child] {
            return;
        }
        v.swap(node, child);
        node = child;
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

    #[test]
    fn network_sizes_match_batcher() {
        assert_eq!((NET8.len(), NET16.len(), NET32.len()), (19, 63, 191));
    }

    /// The 0-1 principle (TAOCP §5.3.4, Theorem Z): a network that sorts every sequence of
    /// zeros and ones sorts every sequence.
    #[test]
    fn networks_sort_every_zero_one_input() {
        fn check<const N: usize>(net: &[(u8, u8)]) {
            for bits in 0u32..1 << N.min(20) {
                let mut v = [0u64; N];
                for (k, x) in v.iter_mut().enumerate() {
                    *x = u64::from(bits >> (k % 20) & 1);
                }
                padded::<N>(&mut v, net);
                assert!(v.windows(2).all(|w| w[0] <= w[1]), "{N} lanes: {bits:#x}");
            }
        }
        check::<8>(&NET8);
        check::<16>(&NET16);
    }
}
