//! braze-s3: connect Amazon S3 to Braze (Currents and dashboard data export).
//!
//! The crate is one engine with two faces (see `docs/ARCHITECTURE.md`):
//! `domain` is pure logic, `aws` the only place that talks to AWS, `store` the local files,
//! `engine` ties them together, and `headless` / `tui` present it. The command line is parsed
//! by `cli` (clap) and resolved once by `config` into the plain types the faces take.

pub mod aws;
pub mod cli;
pub mod cli_docs;
pub mod config;
pub mod domain;
pub mod engine;
pub mod exit;
pub mod export;
pub mod headless;
pub mod sandbox;
pub mod store;
pub mod tui;
