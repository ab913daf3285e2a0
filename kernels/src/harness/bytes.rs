//! Heap buffers whose start can sit at any distance from a 64-byte boundary.

use alloc::vec;
use alloc::vec::Vec;

/// Alignment the offsets are measured from: a cache line and an AVX-512 register.
const ALIGN: usize = 64;

/// A byte buffer with room for `capacity` bytes at any offset `0..64` from a 64-byte boundary.
#[derive(Clone, Debug)]
pub struct AlignedBytes {
    storage: Vec<u8>,
    /// Index in `storage` of its first 64-byte-aligned byte.
    base: usize,
    capacity: usize,
}

impl AlignedBytes {
    /// A zeroed buffer for up to `capacity` bytes at any offset.
    pub fn new(capacity: usize) -> AlignedBytes {
        let storage = vec![0u8; capacity + 2 * ALIGN];
        let base = storage.as_ptr().align_offset(ALIGN);
        AlignedBytes {
            storage,
            base,
            capacity,
        }
    }

    /// A buffer holding `data` at `offset` from a 64-byte boundary.
    pub fn with_data(data: &[u8], offset: usize) -> AlignedBytes {
        let mut buf = AlignedBytes::new(data.len());
        buf.slice_mut(offset, data.len()).copy_from_slice(data);
        buf
    }

    /// The `len` bytes starting `offset` bytes past the aligned base.
    ///
    /// # Panics
    ///
    /// If `offset >= 64` or `len` exceeds the capacity.
    pub fn slice(&self, offset: usize, len: usize) -> &[u8] {
        assert!(offset < ALIGN && len <= self.capacity, "outside the buffer");
        &self.storage[self.base + offset..][..len]
    }

    /// The `len` bytes starting `start` bytes past the aligned base (any `start`).
    ///
    /// # Panics
    ///
    /// If the range leaves the buffer.
    pub fn slice_at(&self, start: usize, len: usize) -> &[u8] {
        assert!(start + len <= self.capacity + 64, "outside the buffer");
        &self.storage[self.base + start..][..len]
    }

    /// The `len` bytes starting `start` bytes past the aligned base, writable.
    ///
    /// # Panics
    ///
    /// If the range leaves the buffer.
    pub fn slice_at_mut(&mut self, start: usize, len: usize) -> &mut [u8] {
        assert!(start + len <= self.capacity + 64, "outside the buffer");
        &mut self.storage[self.base + start..][..len]
    }

    /// The `len` bytes starting `offset` bytes past the aligned base, writable.
    ///
    /// # Panics
    ///
    /// If `offset >= 64` or `len` exceeds the capacity.
    pub fn slice_mut(&mut self, offset: usize, len: usize) -> &mut [u8] {
        assert!(offset < ALIGN && len <= self.capacity, "outside the buffer");
        &mut self.storage[self.base + offset..][..len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_from_a_64_byte_boundary() {
        let buf = AlignedBytes::new(100);
        for offset in 0..64 {
            assert_eq!(buf.slice(offset, 100).as_ptr() as usize % 64, offset);
        }
    }

    #[test]
    fn with_data_places_the_bytes() {
        let buf = AlignedBytes::with_data(b"hello", 13);
        assert_eq!(buf.slice(13, 5), b"hello");
    }
}
