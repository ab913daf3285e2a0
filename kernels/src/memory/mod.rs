//! Memory operations: copying bytes.

crate::declare::domain!(copy);
