//! The only place that names aws-sdk-* / aws-smithy-* types.

pub mod bootstrap;
pub mod clients;
