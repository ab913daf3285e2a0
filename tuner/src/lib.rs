//! Measures every variant of every op on this host: verification gate, timing, statistics.

#![deny(missing_docs)]
