//! Local files: connector profiles and setup journals, in a private directory.

pub mod files;
pub mod journal;
pub mod profile;
