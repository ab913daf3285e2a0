//! English-like text: words of a fixed vocabulary drawn with Zipf-like weights, capitalised
//! after a full stop, with commas, full stops and a newline every line or so. What substring
//! search meets in prose and logs: a skewed byte distribution (space and `e` common, most
//! bytes absent), short words that repeat, and needles whose first and last bytes are common.

use crate::harness::Rng;

/// The vocabulary, most frequent first: the commonest words of English, then longer ones.
const WORDS: [&str; 64] = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "it",
    "that",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "be",
    "at",
    "this",
    "have",
    "from",
    "or",
    "by",
    "one",
    "had",
    "not",
    "but",
    "what",
    "all",
    "were",
    "when",
    "we",
    "there",
    "can",
    "an",
    "your",
    "which",
    "their",
    "said",
    "if",
    "will",
    "each",
    "about",
    "how",
    "up",
    "out",
    "them",
    "then",
    "she",
    "many",
    "some",
    "time",
    "would",
    "other",
    "these",
    "people",
    "number",
    "between",
    "through",
    "because",
    "system",
    "performance",
    "measurement",
    "throughput",
    "interesting",
];

/// Characters per line, about: a newline replaces the space past this.
const LINE: usize = 72;

/// Fills `buf` with English-like text (whole words; the last may be cut at the end).
pub fn fill_english(rng: &mut Rng, buf: &mut [u8]) {
    let (mut at, mut line, mut capital) = (0, 0, true);
    while at < buf.len() {
        // Zipf-like: the rank is the smaller of two uniform draws, weighting early words.
        let word = WORDS[rng.below(WORDS.len()).min(rng.below(WORDS.len()))].as_bytes();
        for (i, &c) in word.iter().enumerate() {
            if at == buf.len() {
                return;
            }
            buf[at] = if i == 0 && capital {
                c.to_ascii_uppercase()
            } else {
                c
            };
            at += 1;
        }
        capital = false;
        let punctuation = match rng.below(16) {
            0 => Some(b','),
            1 => Some(b'.'),
            _ => None,
        };
        if let Some(p) = punctuation.filter(|_| at < buf.len()) {
            buf[at] = p;
            at += 1;
            capital = p == b'.';
        }
        line += word.len() + 1;
        if at < buf.len() {
            buf[at] = if line > LINE { b'\n' } else { b' ' };
            at += 1;
            if line > LINE {
                line = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn text_is_printable_words_and_lines() {
        let mut buf = vec![0; 10_000];
        fill_english(&mut Rng::new(1), &mut buf);
        assert!(buf
            .iter()
            .all(|&b| b.is_ascii_alphabetic() || b" ,.\n".contains(&b)));
        let spaces = buf.iter().filter(|&&b| b == b' ').count();
        assert!((1_000..3_000).contains(&spaces), "{spaces} spaces");
        let lines = buf.iter().filter(|&&b| b == b'\n').count();
        assert!((100..200).contains(&lines), "{lines} lines");
        assert!(buf.windows(4).any(|w| w == b"the "));
    }
}
