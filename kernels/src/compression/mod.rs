//! Compression: LZ4 block decompression.

crate::declare::domain!(lz4);
