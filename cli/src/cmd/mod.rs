//! One module per command.

pub mod check;
pub mod explain;
pub mod list;
pub mod manifest;
pub mod transfer;
pub mod tune;
pub mod verify_manifest;
