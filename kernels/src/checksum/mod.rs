//! Checksums: CRC-32C.

crate::declare::domain!(crc32c);
