//! Which two bytes of a needle the SIMD filter compares: the two a haystack is least likely to
//! hold at the same distance.
//!
//! Muła's filter compares the needle's first and last bytes; any two positions serve, and the
//! fewer positions of the haystack pass, the fewer full comparisons follow. On text the first
//! and last bytes are often a space or `e`, which pass at one position in six; `q` and `v`
//! pass at one in hundreds. So the filter takes the needle's two rarest bytes by an estimate
//! of how common each byte is in the data programs search: English text (the letters by their
//! frequency in English, Lewand, "Cryptological Mathematics", MAA 2000, table 1.1), source
//! code and logs (digits, punctuation, newlines), and binary data (zeros, `0xFF`). Random bytes
//! are all equally rare, and any pair filters them alike.
//!
//! The `memchr` crate takes the same approach (its "rare bytes" heuristic, from a table it
//! built from a corpus); this estimate is our own, written from the letter frequencies above.

/// Frequency of `a`..=`z` in English, in tenths of a percent (Lewand, table 1.1).
const LETTERS: [u8; 26] = [
    82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2,
    20, 1,
];

/// How common `byte` is, on a scale where higher is more common (0..=255).
pub fn commonness(byte: u8) -> u8 {
    match byte {
        b' ' => 255,
        b'a'..=b'z' => 60 + LETTERS[usize::from(byte - b'a')],
        b'A'..=b'Z' => 20 + LETTERS[usize::from(byte - b'A')] / 4,
        b'\n' => 150,
        b'0'..=b'9' => 50,
        b',' | b'.' => 70,
        b'\t' | b'\r' => 40,
        0x00 => 100,
        0xFF => 40,
        b'!'..=b'~' => 30,
        // UTF-8 continuation bytes, then lead bytes: non-English text.
        0x80..=0xBF => 25,
        0xC2..=0xF4 => 20,
        _ => 10,
    }
}

/// The positions of the two rarest bytes of `needle` (`len >= 2`), lower first, weighing a
/// second byte close to the first as commoner than it is: neighbours in text are correlated
/// (`or`, `th`, and a capital two bytes after a full stop), so such a pair passes far more
/// often than their rarities multiply to. Among equals, the first.
pub fn rare_pair(needle: &[u8]) -> (usize, usize) {
    debug_assert!(needle.len() >= 2);
    let rarest = (0..needle.len())
        .min_by_key(|&i| commonness(needle[i]))
        .unwrap_or(0);
    let second = (0..needle.len())
        .filter(|&i| i != rarest)
        .min_by_key(|&i| u16::from(commonness(needle[i])) + closeness(i.abs_diff(rarest)))
        .unwrap_or(0);
    (rarest.min(second), rarest.max(second))
}

/// How much commoner a byte at `distance` from the rarest counts as being.
fn closeness(distance: usize) -> u16 {
    match distance {
        1 => 120,
        2 => 30,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_bytes_rank_as_in_english() {
        assert!(commonness(b' ') > commonness(b'e'));
        assert!(commonness(b'e') > commonness(b't'));
        assert!(commonness(b't') > commonness(b'q'));
        assert!(commonness(b'q') > commonness(b'Q'));
    }

    #[test]
    fn the_pair_is_two_rare_bytes_apart() {
        assert_eq!(rare_pair(b"the quick"), (4, 8));
        assert_eq!(rare_pair(b"ab"), (0, 1));
        // Not neighbours, where there is a byte about as rare further off.
        assert_eq!(rare_pair(b"zz e"), (0, 1));
        assert_eq!(rare_pair(b"or e"), (1, 3));
        assert_eq!(rare_pair(b"but. It"), (0, 5));
        assert_eq!(rare_pair(b"qz"), (0, 1));
        assert_eq!(rare_pair(b"zez"), (0, 2));
    }
}
