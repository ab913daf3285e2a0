//! Bit operations over byte slices: population count.

crate::declare::domain!(popcount);
