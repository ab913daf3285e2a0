//! Byte search: the first or last occurrence of a byte in a slice, every occurrence, and how
//! many there are.

crate::declare::domain!(memchr, count_byte, memchr_iter, memmem);
