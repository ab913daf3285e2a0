//! HTML and Markdown reports of Arsenal's profiles.

#![deny(missing_docs)]
