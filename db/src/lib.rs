//! The SQLite store of Arsenal's profiles.

#![deny(missing_docs)]
