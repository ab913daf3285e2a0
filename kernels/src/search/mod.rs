//! Byte search: the first or last occurrence of a byte in a slice, and how many there are.

crate::declare::domain!(memchr, count_byte);
