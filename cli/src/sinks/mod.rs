//! The tuner's listeners: the store and the progress bar.

pub mod progress;
pub mod store;
