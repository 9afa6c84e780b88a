//! Everything that can stop the engine, each with a sentence a person can act on.

use crate::aws::apply::ApplyError;
use crate::aws::error::CloudError;
use crate::domain::names::ConnectorName;
use crate::domain::plan::PlanError;
use crate::exit;
use crate::sandbox::SandboxError;
use crate::store::files::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Plan(Vec<PlanError>),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Input(String),
    #[error("stopped on request between two AWS calls; the journal keeps what was created")]
    Interrupted,
    /// Another copy of the tool holds the connector's run lock.
    #[error(
        "another braze-s3 run is working on connector {name} (it holds {}): wait for it to finish and try again; nothing was changed by this run",
        journal.display()
    )]
    Busy {
        name: ConnectorName,
        journal: std::path::PathBuf,
    },
}

impl From<ApplyError> for EngineError {
    fn from(e: ApplyError) -> EngineError {
        match e {
            ApplyError::Cloud(c) => EngineError::Cloud(c),
            ApplyError::Conflict(m) => EngineError::Conflict(m),
        }
    }
}

impl EngineError {
    /// The AWS error code behind the failure, if AWS gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            EngineError::Cloud(c) => c.code.as_deref(),
            _ => None,
        }
    }

    /// The process exit code: 2 for input the person can fix, 130 when interrupted, else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            EngineError::Plan(_) | EngineError::Input(_) => exit::USAGE,
            EngineError::Store(StoreError::NotFound { .. }) => exit::USAGE,
            EngineError::Interrupted => exit::INTERRUPTED,
            _ => exit::RUNTIME,
        }
    }
}
