//! Pure domain logic: no I/O, no async, no AWS SDK types. Everything here is unit-tested.

pub mod adopt;
pub mod answers;
pub mod arn;
pub mod auth;
pub mod bucket_policy;
pub mod change;
pub mod checks;
pub mod created;
pub mod credentials;
mod draft;
pub mod drift;
pub mod existing;
pub mod integration;
pub mod names;
mod naming;
pub mod plan;
mod plan_principal;
mod plan_share;
pub mod policy;
pub mod progress;
mod regions;
pub mod update;

pub use regions::{KNOWN_REGIONS, region_name};
