//! The non-interactive face: runs a command and prints its result as text or JSON.

mod accessible;
mod day2;
mod doctor;
mod export;
mod interrupt;
mod manage;
mod offline;
mod result;
mod resume;
mod rotate;
mod setup;
mod teardown;
mod watch;

pub use accessible::accessible;
pub use export::{export, plan};
pub use manage::{connectors, sandbox, test};
pub use offline::{answers, draft, plan_offline, policy, trust};
pub use resume::resume;
pub use setup::setup;
pub use teardown::teardown;
pub use {doctor::doctor, rotate::rotate, watch::watch};

/// How a command failed: the exit code and one line per problem.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub lines: Vec<String>,
}

pub use crate::exit::{
    CHECK_FAILED as EXIT_CHECK_FAILED, INTERRUPTED as EXIT_INTERRUPTED, RUNTIME as EXIT_RUNTIME,
    USAGE as EXIT_USAGE, WARNINGS as EXIT_WARNINGS,
};

impl Failure {
    pub fn usage(lines: Vec<String>) -> Failure {
        Failure {
            code: EXIT_USAGE,
            lines,
        }
    }

    pub fn runtime(line: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_RUNTIME,
            lines: vec![line.into()],
        }
    }
}

impl From<crate::engine::EngineError> for Failure {
    fn from(e: crate::engine::EngineError) -> Failure {
        Failure {
            code: e.exit_code(),
            lines: e.to_string().lines().map(str::to_string).collect(),
        }
    }
}

/// Engine options from the global flags.
pub fn engine_options(global: &crate::cli::GlobalArgs) -> crate::engine::EngineOptions {
    crate::engine::EngineOptions {
        profile: global.profile.clone(),
        region: global.region.clone(),
        endpoint_url: global.endpoint_url.clone(),
        config_dir: global.config_dir.clone(),
        sandbox: global.sandbox,
        ..crate::engine::EngineOptions::default()
    }
}

/// Prints slow-step notes (sandbox start, moto install) to stderr so stdout stays clean.
pub fn note_to_stderr() -> std::sync::Arc<dyn Fn(&str) + Send + Sync> {
    std::sync::Arc::new(|note: &str| eprintln!("{note}"))
}
