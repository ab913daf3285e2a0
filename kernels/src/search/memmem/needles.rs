//! The tuner's needles, and the haystack edits that make every search scan the whole haystack,
//! so a call's units (the haystack bytes of its searches) are the bytes it had to examine.
//!
//! Per needle length `m` (of [`NEEDLE_LENGTHS`] no longer than the haystack), two needles:
//!
//! - *present*: the haystack's last `m` bytes. Its last byte is made a *sentinel*, a byte value
//!   found nowhere else in the haystack (the rarest value, its other occurrences replaced), so
//!   every present needle occurs once, at the end;
//! - *absent*: a fragment of `other`, an input of the same kind (text, random bytes, the
//!   user's windows), drawn until one is not in the haystack; where none is (a byte or two of
//!   text, whose every letter occurs), the haystack's occurrences of the last one drawn are
//!   broken by changing their first byte (to a space or a common letter).
//!
//! The edits are few: one byte value per haystack, and the occurrences of the short absent
//! needles, which are common only when the haystack is large and its alphabet small.

use alloc::vec::Vec;

use super::{Needle, NEEDLE_LENGTHS};
use crate::harness::Rng;

/// Fragments of `other` drawn for an absent needle before the haystack is edited.
const DRAWS: usize = 16;

/// Bytes an edit writes (text-like, so text stays text).
const FILLERS: [u8; 4] = [b' ', b'e', b't', b'a'];

/// The needles for `hay`, which this edits; `other` is another input of its kind, at least as
/// long as the longest needle.
pub(super) fn needles(hay: &mut [u8], other: &[u8], rng: &mut Rng) -> Vec<Needle<'static>> {
    let n = hay.len();
    let lengths = || NEEDLE_LENGTHS.into_iter().filter(move |&m| m <= n);
    let Some(sentinel) = make_sentinel(hay) else {
        return Vec::new();
    };
    let mut absent: Vec<Needle<'static>> = Vec::new();
    for m in lengths() {
        let mut needle = Needle::owned(Vec::new());
        for _ in 0..DRAWS {
            let at = rng.below(other.len() - m + 1);
            let mut bytes = other[at..at + m].to_vec();
            // The sentinel stays unique: an absent needle never holds it.
            for b in bytes.iter_mut().filter(|b| **b == sentinel) {
                *b = filler(&[sentinel]);
            }
            needle = Needle::owned(bytes);
            if find(&needle, hay, 0).is_none() {
                break;
            }
        }
        absent.push(needle);
    }
    // An edit can make another absent needle occur: repeat until none does (one pass or two).
    for _ in 0..8 {
        let mut edited = false;
        for needle in &absent {
            let mut from = 0;
            while let Some(p) = find(needle, hay, from) {
                // Unlike the needle's first byte, so this occurrence is gone.
                hay[p] = filler(&[needle.bytes()[0], sentinel]);
                edited = true;
                from = p + 1;
            }
        }
        if !edited {
            break;
        }
    }
    let mut needles = Vec::new();
    for (m, absent) in lengths().zip(absent) {
        needles.push(Needle::owned(hay[n - m..].to_vec()));
        needles.push(absent);
    }
    needles
}

/// Makes the haystack's last byte a value found nowhere else in it (its rarest value, a
/// printable one among equals), and returns it; `None` for an empty haystack.
fn make_sentinel(hay: &mut [u8]) -> Option<u8> {
    let (last, body) = hay.split_last_mut()?;
    let mut counts = [0usize; 256];
    for &b in body.iter() {
        counts[usize::from(b)] += 1;
    }
    // Printable bytes first: in text, one it lacks (`!`, `#`) rather than a zero byte.
    let sentinel = (b'!'..=b'~')
        .chain((0..b'!').chain(b'\x7f'..=255))
        .min_by_key(|&b| counts[usize::from(b)])
        .unwrap_or(0);
    for b in body.iter_mut().filter(|b| **b == sentinel) {
        *b = filler(&[sentinel]);
    }
    *last = sentinel;
    Some(sentinel)
}

/// The first of [`FILLERS`] none of `avoid` (at most two bytes, so there is one).
fn filler(avoid: &[u8]) -> u8 {
    FILLERS
        .into_iter()
        .find(|f| !avoid.contains(f))
        .unwrap_or(FILLERS[0])
}

/// The first occurrence of `needle` in `hay` at or after `from` (by runtime dispatch: the
/// variants are verified before any bench is built).
fn find(needle: &Needle<'_>, hay: &[u8], from: usize) -> Option<usize> {
    super::entries::runtime_memmem_with(needle, hay.get(from..)?).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::fill_english;
    use alloc::vec;

    #[test]
    fn present_needles_occur_once_at_the_end_and_absent_ones_not_at_all() {
        let mut rng = Rng::new(5);
        for (size, text) in [(16, true), (300, true), (5000, false), (70_000, true)] {
            let (mut hay, mut other) = (vec![0; size], vec![0; size]);
            for buf in [&mut hay, &mut other] {
                if text {
                    fill_english(&mut rng, buf);
                } else {
                    rng.fill(buf);
                }
            }
            let needles = needles(&mut hay, &other, &mut rng);
            let count = NEEDLE_LENGTHS.iter().filter(|&&m| m <= size).count();
            assert_eq!(needles.len(), 2 * count);
            for pair in needles.chunks(2) {
                let (present, absent) = (&pair[0], &pair[1]);
                let end = size - present.bytes().len();
                assert_eq!(find(present, &hay, 0), Some(end), "{size}");
                assert_eq!(find(absent, &hay, 0), None, "{size}: {:?}", absent.bytes());
            }
        }
    }
}
