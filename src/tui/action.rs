//! `Action`: what a key or a finished task means. `Effect`: work `App::update` asks the event
//! loop to start. Every task result carries the id of the task that produced it, so a result
//! that arrives after the person moved on is recognised as stale and dropped.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyEvent;

use crate::domain::answers::Answers;
use crate::domain::existing::BucketState;
use crate::domain::names::{BucketName, ConnectorName};
use crate::domain::plan::Plan;
use crate::domain::progress::Progress;
use crate::engine::{Applied, BucketInfo, Identity, Prepared, Saved, ShareOffer, TestReport};

pub type TaskId = u64;

/// An engine error as the wizard shows it: the AWS error code (when AWS gave one) and a
/// sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: Option<String>,
    pub message: String,
    /// The run was stopped on request (Ctrl-C), not broken.
    pub interrupted: bool,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            code: None,
            message: message.into(),
            interrupted: false,
        }
    }
}

#[derive(Debug)]
pub enum Action {
    /// A key press (releases and repeats are filtered out by the loop).
    Key(KeyEvent),
    /// A bracketed paste: text, never keys.
    Paste(String),
    /// The terminal changed size: lay out again.
    Resize(u16, u16),
    /// Animation tick (only while something animates).
    Tick(Instant),
    /// SIGTERM or SIGHUP: leave now, as safely as Ctrl-C twice.
    Terminate,
    /// A line the engine reports while starting (e.g. "starting the sandbox…").
    Note(String),
    /// The engine (and the sandbox, when asked for) is ready, or could not start.
    EngineStarted(Reply<()>),
    /// Who AWS says the credentials belong to.
    IdentityLoaded(Reply<Identity>),
    /// The caller's buckets, each with what Braze needs to know about it.
    BucketsListed(Reply<Vec<BucketInfo>>),
    /// Whether the typed bucket name is free, the caller's, or another account's.
    BucketChecked {
        task: TaskId,
        name: BucketName,
        result: Result<BucketState, Failure>,
    },
    /// Saved connectors whose user and key a new Currents connector on the bucket may share.
    ShareOffersFound(Reply<Vec<ShareOffer>>),
    /// The saved connector of the typed name, and the others on the bucket.
    SavedLooked(Reply<Saved>),
    /// What exists and the plan (boxed: what exists is large next to the other actions).
    Prepared(Reply<Box<Prepared>>),
    /// An engine event of a running apply or live test, with when it arrived.
    Progress {
        task: TaskId,
        event: Progress,
        at: Instant,
    },
    Applied(Reply<Applied>),
    /// The live test's report (its failures are in the report, not an error).
    Verified {
        task: TaskId,
        report: TestReport,
    },
    /// Where the connector profile was saved.
    Saved(Reply<PathBuf>),
    /// One resource handled while rolling back (deleted, already gone, or kept and why).
    RollbackLine {
        task: TaskId,
        line: String,
    },
    RolledBack(Reply<()>),
}

/// What a task answered, with the id of the task, so a stale answer can be recognised.
#[derive(Debug)]
pub struct Reply<T> {
    pub task: TaskId,
    pub result: Result<T, Failure>,
}

/// Work for the event loop; the only way `App` causes I/O.
#[derive(Debug)]
pub enum Effect {
    StartEngine {
        task: TaskId,
        sandbox: bool,
    },
    LoadIdentity {
        task: TaskId,
    },
    ListBuckets {
        task: TaskId,
    },
    CheckBucket {
        task: TaskId,
        name: BucketName,
    },
    /// Look for saved connectors on `bucket` whose credentials may be shared.
    FindShareOffers {
        task: TaskId,
        bucket: BucketName,
    },
    /// Which saved connectors the setup meets (read from the profile store).
    LookupSaved {
        task: TaskId,
        name: ConnectorName,
        bucket: BucketName,
    },
    Prepare {
        task: TaskId,
        answers: Answers,
    },
    Apply {
        task: TaskId,
        answers: Answers,
        plan: Plan,
    },
    /// Ask the running apply to stop after the current AWS call.
    StopApply,
    Verify {
        task: TaskId,
        answers: Answers,
        applied: Arc<Applied>,
    },
    Save {
        task: TaskId,
        answers: Answers,
        applied: Arc<Applied>,
        report: TestReport,
        /// The AWS account the connector lives in (recorded in the profile).
        account: String,
    },
    Rollback {
        task: TaskId,
        name: ConnectorName,
    },
    /// Put text on the clipboard through OSC 52.
    Copy(secrecy::SecretString),
    /// Leave the wizard: restore the terminal and print the outcome.
    Exit(super::Outcome),
}
