//! Turns Arsenal's measurements into plans and selection manifests.

#![deny(missing_docs)]
