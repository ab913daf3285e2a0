//! Making LZ4 blocks: a writer of chosen sequences (the harness builds its adversarial blocks
//! with it) and a small greedy compressor (one hash-table probe a position), written from the
//! block format, for inputs where no other compressor is linked.

use alloc::vec::Vec;

/// Writes an LZ4 block sequence by sequence.
#[derive(Debug, Default)]
pub struct BlockWriter {
    out: Vec<u8>,
}

impl BlockWriter {
    /// An empty block.
    pub fn new() -> BlockWriter {
        BlockWriter::default()
    }

    /// A sequence: `literals`, then a match of `len` (at least 4) bytes at `offset` (not 0).
    pub fn sequence(&mut self, literals: &[u8], offset: u16, len: usize) {
        debug_assert!(len >= 4 && offset != 0);
        let (lit, mat) = (literals.len(), len - 4);
        self.out
            .push(((lit.min(15) as u8) << 4) | mat.min(15) as u8);
        push_length(&mut self.out, lit);
        self.out.extend_from_slice(literals);
        self.out.extend_from_slice(&offset.to_le_bytes());
        push_length(&mut self.out, mat);
    }

    /// The last sequence, `literals` only: the block.
    pub fn finish(mut self, literals: &[u8]) -> Vec<u8> {
        self.out.push((literals.len().min(15) as u8) << 4);
        push_length(&mut self.out, literals.len());
        self.out.extend_from_slice(literals);
        self.out
    }
}

/// The bytes after a token nibble of 15 for a length `len`: 255s, then the rest.
fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 15 {
        return;
    }
    let mut rest = len - 15;
    while rest >= 255 {
        out.push(255);
        rest -= 255;
    }
    out.push(rest as u8);
}

/// `data` as one LZ4 block: a greedy parse, each position's four bytes looked up in a table of
/// the last position with the same hash. The last five bytes are literals and no match starts
/// in the last twelve, as the format asks of a compressor.
pub fn compress(data: &[u8]) -> Vec<u8> {
    const LAST_LITERALS: usize = 5;
    const MATCH_LIMIT: usize = 12;
    let mut w = BlockWriter::new();
    if data.len() <= MATCH_LIMIT {
        return w.finish(data);
    }
    let four = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let mut table = [usize::MAX; 1 << 12];
    let (mut anchor, mut i) = (0, 0);
    while i + MATCH_LIMIT <= data.len() {
        let slot = &mut table[(four(i).wrapping_mul(2_654_435_761) >> 20) as usize];
        let candidate = core::mem::replace(slot, i);
        if candidate != usize::MAX && i - candidate <= 65_535 && four(candidate) == four(i) {
            let mut len = 4;
            while i + len < data.len() - LAST_LITERALS && data[candidate + len] == data[i + len] {
                len += 1;
            }
            w.sequence(&data[anchor..i], (i - candidate) as u16, len);
            i += len;
            anchor = i;
        } else {
            i += 1;
        }
    }
    w.finish(&data[anchor..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compression::lz4::scalar;

    #[test]
    fn compressed_text_decompresses() {
        let text = b"the cat sat on the mat; the cat sat on the hat; the cat sat".repeat(20);
        let block = compress(&text);
        assert!(block.len() < text.len() / 4, "{} bytes", block.len());
        let mut out = alloc::vec![0; text.len()];
        assert_eq!(scalar::decompress(&block, &mut out), Ok(text.len()));
        assert_eq!(out, text);
    }

    #[test]
    fn long_lengths_take_extra_bytes() {
        let mut w = BlockWriter::new();
        w.sequence(&[7; 300], 1, 4 + 15 + 255 + 3);
        let block = w.finish(b"end");
        // Token, 300 = 15 + 255 + 30, literals, offset, 15 + 255 + 3, token, "end".
        assert_eq!(block.len(), 1 + 2 + 300 + 2 + 2 + 1 + 3);
        let mut out = [0; 1000];
        assert_eq!(scalar::decompress(&block, &mut out), Ok(300 + 277 + 3));
    }
}
