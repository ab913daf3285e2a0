//! The store's behaviour, seen from outside: one test binary of small modules.

mod common;
mod concurrency;
mod export;
mod open;
mod roundtrip;
mod status;
