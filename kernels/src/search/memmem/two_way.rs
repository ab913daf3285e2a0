//! Two-way string matching: linear time, constant extra space.
//!
//! Crochemore & Perrin, "Two-way string-matching", Journal of the ACM 38(3), 1991. The needle
//! `x` is cut at a *critical factorisation* `x = u v` (the cut where the local period equals
//! the period of `x`), found as the longer of the two maximal suffixes of `x` under the byte
//! order and its reverse (the paper's §3). A search compares `v` left to right, and on a
//! mismatch at `v[i]` shifts past it; once `v` matches, it compares `u` right to left, and on a
//! mismatch shifts by the period `p`. When `u` is a suffix of `x[..|u| + p]` (the needle is
//! periodic: `x[..ℓ] == x[p..p + ℓ]`) the search remembers the prefix already known to match
//! after such a shift (`memory`), which keeps it linear; otherwise the shift is
//! `max(|u|, |v|) + 1` and nothing is remembered. At most `2n` comparisons either way.

/// A needle's critical factorisation and the shift the search takes after matching `v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Factorization {
    /// The cut `ℓ`: `u = x[..ℓ]`, `v = x[ℓ..]`.
    pub split: usize,
    /// The shift after `v` matched and `u` did not: the period `p` when `periodic`, else
    /// `max(ℓ, m − ℓ) + 1`.
    pub shift: usize,
    /// Whether `x[..ℓ] == x[p..p + ℓ]`, so the needle has period `p`.
    pub periodic: bool,
}

impl Factorization {
    /// The factorisation of `needle` (of any length: the empty needle's is `ℓ = 0`), in
    /// `O(m)` comparisons.
    pub fn of(needle: &[u8]) -> Factorization {
        let (s1, p1) = maximal_suffix(needle, false);
        let (s2, p2) = maximal_suffix(needle, true);
        let (split, period) = if s1 >= s2 { (s1, p1) } else { (s2, p2) };
        let periodic = needle.get(period..period + split) == Some(&needle[..split]);
        let shift = if periodic {
            period
        } else {
            split.max(needle.len() - split) + 1
        };
        Factorization {
            split,
            shift,
            periodic,
        }
    }
}

/// The start of the lexicographically maximal suffix of `x` (under the byte order, or its
/// reverse when `reversed`) and the period of that suffix (the paper's Fig. 17).
fn maximal_suffix(x: &[u8], reversed: bool) -> (usize, usize) {
    // `start` is the candidate suffix's start, `j + k` the byte compared with
    // `x[start + k - 1]`, `p` the candidate's period.
    let (mut start, mut j, mut k, mut p) = (0, 0, 1, 1);
    while j + k < x.len() {
        let (a, b) = (x[j + k], x[start + k - 1]);
        let (a, b) = if reversed { (b, a) } else { (a, b) };
        if a < b {
            // The suffix at `start` is still the larger: extend its period over everything.
            j += k;
            k = 1;
            p = j + 1 - start;
        } else if a == b {
            if k == p {
                j += p;
                k = 1;
            } else {
                k += 1;
            }
        } else {
            // A larger suffix starts at `j + 1`.
            start = j + 1;
            j = start;
            k = 1;
            p = 1;
        }
    }
    (start, p)
}

/// First index of `needle` in `haystack`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn memmem(needle: &super::Needle<'_>, haystack: &[u8]) -> Option<usize> {
    find(needle.bytes(), needle.factorization(), haystack)
}

/// First index of `needle` in `haystack`, given the needle's factorisation.
pub fn find(needle: &[u8], f: &Factorization, haystack: &[u8]) -> Option<usize> {
    let (m, l) = (needle.len(), f.split);
    if m == 0 {
        return Some(0);
    }
    let last = haystack.len().checked_sub(m)?;
    let (mut j, mut memory) = (0, 0);
    while j <= last {
        let window = &haystack[j..j + m];
        // Compare v left to right, from past what is known to match.
        let mut i = l.max(memory);
        while i < m && needle[i] == window[i] {
            i += 1;
        }
        if i < m {
            j += i - l + 1;
            memory = 0;
            continue;
        }
        // v matched: compare u right to left, down to what is known to match.
        let mut i = l;
        while i > memory && needle[i - 1] == window[i - 1] {
            i -= 1;
        }
        if i <= memory {
            return Some(j);
        }
        j += f.shift;
        if f.periodic {
            memory = m - f.shift;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorisations_of_the_papers_kind() {
        // "aaaab": the maximal suffix under the byte order is "b", so the cut is before it…
        let f = Factorization::of(b"aaaab");
        assert_eq!((f.split, f.periodic), (4, false));
        // …a periodic needle keeps its period as the shift.
        let f = Factorization::of(b"abcabcab");
        assert!(f.periodic);
        assert_eq!(f.shift, 3);
        assert_eq!(Factorization::of(b"").split, 0);
        let f = Factorization::of(b"aaaa");
        assert_eq!((f.shift, f.periodic), (1, true));
    }

    #[test]
    fn finds_first_occurrences() {
        let at = |n: &[u8], h: &[u8]| find(n, &Factorization::of(n), h);
        assert_eq!(at(b"", b"abc"), Some(0));
        assert_eq!(at(b"abc", b"ab"), None);
        assert_eq!(at(b"aab", b"aaaaaab"), Some(4));
        assert_eq!(at(b"abab", b"abaababab"), Some(3));
        assert_eq!(at(b"needle", b"haystack with a needle in it"), Some(16));
        assert_eq!(at(b"aaab", b"aaaaaaaaaa"), None);
    }
}
