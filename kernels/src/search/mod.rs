//! Byte search: the first or last occurrence of a byte in a slice.

crate::declare::domain!(memchr);
