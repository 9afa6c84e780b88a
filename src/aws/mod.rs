//! The only place that names aws-sdk-* / aws-smithy-* types.

pub mod apply;
pub mod bootstrap;
pub mod clients;
pub mod discover;
pub mod error;
mod iam_names;
pub mod inspect;
pub mod lookup;
#[cfg(test)]
mod mocks;
mod patience;
pub mod permissions;
pub mod undo;
pub mod verify;
pub mod verify_role;
