//! The non-interactive face: runs a resolved command (`crate::config`) and prints its result
//! as text or JSON.

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
pub use offline::{policy, trust};
pub use resume::resume;
pub use setup::setup;
pub use teardown::teardown;
pub use {doctor::doctor, rotate::rotate, watch::watch};

use crate::exit::Failure;

/// Prints slow-step notes (sandbox start, moto install) to stderr so stdout stays clean.
pub fn note_to_stderr() -> std::sync::Arc<dyn Fn(&str) + Send + Sync> {
    std::sync::Arc::new(|note: &str| eprintln!("{note}"))
}

/// Prints `value` as pretty JSON on stdout. A value that cannot be written is an error, never
/// an empty line a monitoring script would take for output.
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::runtime(format!("the JSON output could not be written: {e}")))?;
    println!("{text}");
    Ok(())
}
