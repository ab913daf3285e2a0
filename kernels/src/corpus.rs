//! The user's own data (`arsenal tune --input`), as the benches of bytes ops read it.
//!
//! A [`Corpus`] holds files' bytes one after another. A case of `n` bytes reads a whole file when
//! one is exactly `n` bytes long, else a window of `n` bytes at a random start inside a random
//! file at least that long: such a case never spans two files, so what it holds is data as the
//! user has it (text stays text, a base64 file's padding stays at its end). The tuner measures
//! no size longer than the longest file; a case longer than every file would read the files
//! one after another from a random start, wrapping around.

use alloc::vec::Vec;

use crate::harness::Rng;

/// Files' bytes, one after another.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    bytes: Vec<u8>,
    /// Per file: its start in `bytes` and its length.
    files: Vec<(usize, usize)>,
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// A corpus of these files.
    pub fn of<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> Corpus {
        let mut corpus = Corpus::new();
        for file in files {
            corpus.push(file);
        }
        corpus
    }

    /// Adds one file.
    pub fn push(&mut self, file: &[u8]) {
        self.files.push((self.bytes.len(), file.len()));
        self.bytes.extend_from_slice(file);
    }

    /// The files, in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.files
            .iter()
            .map(|&(start, len)| &self.bytes[start..start + len])
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Bytes over all files.
    pub fn total_bytes(&self) -> usize {
        self.bytes.len()
    }

    /// The length of the longest file (0 when empty): no case can be longer.
    pub fn largest(&self) -> usize {
        self.files.iter().map(|&(_, len)| len).max().unwrap_or(0)
    }

    /// Each file passed through `f`, in order (an op that reads its input in another form makes
    /// its corpus this way: base64 decoding reads each file's encoding).
    pub fn map(&self, mut f: impl FnMut(&[u8]) -> Vec<u8>) -> Corpus {
        let mut out = Corpus::new();
        for file in self.files() {
            out.push(&f(file));
        }
        out
    }

    /// Writes into `buf` the input of a case of `buf.len()` bytes: the bytes of a file exactly
    /// that long (one of them, picked by `rng`, when several are), else a window at a random
    /// start of a random file at least that long, else (no file is that long) the files one
    /// after another from a random start, wrapping around. An empty corpus gives zeros.
    pub fn fill(&self, rng: &mut Rng, buf: &mut [u8]) {
        self.fill_values(rng, buf, 1);
    }

    /// [`fill`](Self::fill) for values of `width` bytes (`buf.len()` a multiple of it): a
    /// file's length counts its whole values only (its last `len % width` bytes are never
    /// read), and a window starts a whole number of values into its file, so each value is one
    /// the file holds. With no file long enough, the files wrap around as in `fill`, values
    /// then not kept whole.
    ///
    /// # Panics
    ///
    /// If `width` is 0 or does not divide `buf.len()`.
    pub fn fill_values(&self, rng: &mut Rng, buf: &mut [u8], width: usize) {
        assert!(
            width > 0 && buf.len().is_multiple_of(width),
            "{} bytes are not whole values of {width} bytes",
            buf.len()
        );
        let n = buf.len();
        let whole = |len: usize| len - len % width;
        let picked = self
            .pick(rng, |len| whole(len) == n)
            .or_else(|| self.pick(rng, |len| whole(len) >= n));
        let (start, len) = match picked {
            Some(file) => file,
            None if self.bytes.is_empty() => return buf.fill(0),
            None => {
                let mut at = rng.below(self.bytes.len());
                for chunk in buf.chunks_mut(self.bytes.len()) {
                    let len = chunk.len();
                    let first = len.min(self.bytes.len() - at);
                    chunk[..first].copy_from_slice(&self.bytes[at..at + first]);
                    chunk[first..].copy_from_slice(&self.bytes[..len - first]);
                    at = (at + len) % self.bytes.len();
                }
                return;
            }
        };
        let from = start + width * rng.below((whole(len) - n) / width + 1);
        buf.copy_from_slice(&self.bytes[from..from + n]);
    }

    /// One of the files whose length passes `keep`, picked by `rng`; `None` when none does.
    fn pick(&self, rng: &mut Rng, keep: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
        let mut kept = self.files.iter().filter(|f| keep(f.1));
        let count = kept.clone().count();
        (count > 0)
            .then(|| rng.below(count))
            .and_then(|i| kept.nth(i).copied())
    }
}

impl core::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Corpus")
            .field("files", &self.files.len())
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Corpus {
        Corpus::of([&b"hello"[..], b"", b"a longer file of text"])
    }

    #[test]
    fn holds_files_in_order() {
        let c = sample();
        assert_eq!(c.len(), 3);
        assert_eq!(c.total_bytes(), 26);
        assert_eq!(c.largest(), 21);
        let files: Vec<&[u8]> = c.files().collect();
        assert_eq!(files, [&b"hello"[..], b"", b"a longer file of text"]);
    }

    #[test]
    fn a_case_of_a_files_length_is_that_file() {
        let c = sample();
        let mut rng = Rng::new(1);
        for _ in 0..20 {
            let mut buf = [0; 5];
            c.fill(&mut rng, &mut buf);
            assert_eq!(&buf, b"hello");
        }
    }

    #[test]
    fn other_lengths_are_windows_inside_one_file() {
        let c = sample();
        let text = b"a longer file of text";
        let mut rng = Rng::new(2);
        let mut starts = Vec::new();
        for _ in 0..50 {
            let mut buf = [0; 7];
            c.fill(&mut rng, &mut buf);
            let at = text.windows(7).position(|w| w == buf);
            starts.push(at.expect("a window of the long file"));
        }
        starts.sort_unstable();
        starts.dedup();
        assert!(
            starts.len() > 3,
            "windows start at varied places: {starts:?}"
        );
    }

    #[test]
    fn a_case_longer_than_every_file_reads_them_in_turn() {
        let stream = b"helloa longer file of text";
        let mut buf = [0; 60];
        sample().fill(&mut Rng::new(3), &mut buf);
        let window =
            |s: usize| -> Vec<u8> { stream.iter().cycle().skip(s).take(60).copied().collect() };
        assert!((0..stream.len()).any(|s| window(s) == buf), "{buf:?}");
        Corpus::new().fill(&mut Rng::new(4), &mut buf);
        assert_eq!(buf, [0; 60]);
    }

    #[test]
    fn values_are_whole_values_of_one_file() {
        // 0..=9 as u32s, then two stray bytes; and a file too short for a value.
        let mut file: Vec<u8> = (0u32..10).flat_map(u32::to_le_bytes).collect();
        file.extend([0xEE, 0xEE]);
        let c = Corpus::of([&file[..], b"abc"]);
        let mut rng = Rng::new(5);
        let mut starts = Vec::new();
        for _ in 0..60 {
            let mut buf = [0; 12];
            c.fill_values(&mut rng, &mut buf, 4);
            let values: Vec<u32> = buf
                .chunks_exact(4)
                .map(|v| u32::from_le_bytes(v.try_into().unwrap()))
                .collect();
            assert!(values[0] < 8, "a window of the whole values: {values:?}");
            assert_eq!(values, [values[0], values[0] + 1, values[0] + 2]);
            starts.push(values[0]);
        }
        starts.sort_unstable();
        starts.dedup();
        assert_eq!(
            starts,
            (0..8).collect::<Vec<_>>(),
            "every start, none in the stray bytes"
        );
        // The file's 40 whole bytes are a case of its own length.
        let mut buf = [0; 40];
        c.fill_values(&mut rng, &mut buf, 4);
        assert_eq!(&buf[..], &file[..40]);
    }

    #[test]
    #[should_panic(expected = "not whole values")]
    fn values_need_whole_widths() {
        sample().fill_values(&mut Rng::new(6), &mut [0; 6], 4);
    }

    #[test]
    fn map_transforms_each_file() {
        let c = sample().map(|f| f.iter().rev().copied().collect());
        assert_eq!(c.files().next(), Some(&b"olleh"[..]));
        assert_eq!(c.len(), 3);
    }
}
