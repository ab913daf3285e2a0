//! One module per command.

pub mod check;
pub mod compare;
pub mod explain;
pub mod list;
pub mod manifest;
pub mod profiles;
pub mod report;
pub mod transfer;
pub mod tune;
pub mod verify_manifest;
pub mod verify_quick;
