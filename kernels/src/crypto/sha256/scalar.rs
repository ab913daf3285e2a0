//! The FIPS 180-4 SHA-256 computation in `u32` arithmetic (§6.2.2), and the padding every
//! variant shares (§5.1.1): the message, one `1` bit, zeros, and its length in bits as a 64-bit
//! big-endian integer, to a multiple of 64 bytes.

/// The initial hash value, H(0) (§5.3.3).
pub const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The round constants K (§4.2.2).
pub const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// Bytes in one message block.
pub const BLOCK: usize = 64;

/// The digest of `data`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn sha256(data: &[u8]) -> [u8; 32] {
    hash(data)
}

/// [`sha256`] as a safe function, for the checks.
pub fn hash(data: &[u8]) -> [u8; 32] {
    digest(data, |state, whole, end| {
        compress(state, whole);
        compress(state, end);
    })
}

/// The digest of `data`, with `compress` folding whole 64-byte blocks into the state: called
/// once with the message's whole blocks in place and the padded end (one or two blocks) from a
/// buffer, so a variant keeps its state in registers from the first block to the last.
#[inline(always)]
pub fn digest(data: &[u8], compress: impl FnOnce(&mut [u32; 8], &[u8], &[u8])) -> [u8; 32] {
    let mut state = H0;
    let whole = data.len() - data.len() % BLOCK;
    let rest = &data[whole..];
    let mut end = [0u8; 2 * BLOCK];
    end[..rest.len()].copy_from_slice(rest);
    end[rest.len()] = 0x80;
    // The length field needs 8 bytes after the 0x80: a second block when fewer are left.
    let blocks = if rest.len() < BLOCK - 8 { 1 } else { 2 };
    let bits = (data.len() as u64).wrapping_mul(8);
    end[blocks * BLOCK - 8..blocks * BLOCK].copy_from_slice(&bits.to_be_bytes());
    compress(&mut state, &data[..whole], &end[..blocks * BLOCK]);
    let mut out = [0u8; 32];
    for (o, h) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&h.to_be_bytes());
    }
    out
}

/// Folds each 64-byte block of `blocks` (a whole number of them) into `state` (§6.2.2).
pub fn compress(state: &mut [u32; 8], blocks: &[u8]) {
    for block in blocks.chunks_exact(BLOCK) {
        let mut w = [0u32; 64];
        for (t, word) in block.chunks_exact(4).enumerate() {
            w[t] = u32::from_be_bytes(word.try_into().expect("chunks of 4"));
        }
        for t in 16..64 {
            w[t] = small_sigma1(w[t - 2])
                .wrapping_add(w[t - 7])
                .wrapping_add(small_sigma0(w[t - 15]))
                .wrapping_add(w[t - 16]);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for t in 0..64 {
            let t1 = h
                .wrapping_add(big_sigma1(e))
                .wrapping_add((e & f) ^ (!e & g))
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let t2 = big_sigma0(a).wrapping_add((a & b) ^ (a & c) ^ (b & c));
            (h, g, f, e) = (g, f, e, d.wrapping_add(t1));
            (d, c, b, a) = (c, b, a, t1.wrapping_add(t2));
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }
}

fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}

fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}

fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}

fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}
