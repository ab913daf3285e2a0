//! The portable variant, and the reference of both ops: one quantum (three bytes, four
//! characters) at a time through lookup tables built here from the alphabet: two characters per
//! 12-bit half of a group when encoding, each character's value pre-shifted to its place in the
//! group when decoding (so one OR decodes a quantum and flags any byte outside the alphabet).
//!
//! The SIMD variants finish their inputs here: [`encode_at`] and [`decode_at`] continue from a
//! quantum boundary, so a vector loop hands over its tail (or, in decoding, the block in which it
//! met a byte outside the alphabet) and the error position is found by this code alone.

mod decode;
mod encode;

pub use decode::{decode, decode_at};
pub use encode::{encode, encode_at};

/// The standard alphabet of RFC 4648 §4 (Table 1): the character of each 6-bit value.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The padding character.
pub const PAD: u8 = b'=';

/// Marks a byte outside the alphabet in [`VALUES`] (`=` included): the high bit, which no 6-bit
/// value has.
pub const INVALID: u8 = 0x80;

/// The 6-bit value of every byte, or [`INVALID`].
pub const VALUES: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut v = 0;
    while v < 64 {
        table[ALPHABET[v] as usize] = v as u8;
        v += 1;
    }
    table
};
