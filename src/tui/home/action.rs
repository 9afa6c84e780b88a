//! `HomeAction`: what a key or a finished task means to the home screen. `HomeEffect`: work
//! `Home::update` asks the event loop to start. Every task result carries its task id, so a
//! result that arrives after the person cancelled or moved on is recognised as stale.

use std::time::Instant;

use crossterm::event::KeyEvent;

use crate::domain::drift::ObjectInfo;
use crate::engine::{BrazeField, Diagnosis, KeyAge, TestReport};
use crate::store::profile::ConnectorProfile;

pub type TaskId = u64;

/// What a finished rotation (step one) shows: the new key, its test, and the Braze fields.
#[derive(Debug)]
pub struct Rotated {
    pub new_id: String,
    pub old_id: Option<String>,
    pub report: TestReport,
    pub fields: Vec<BrazeField>,
}

/// A finished action's result with the connector's profile as saved after it (its last test,
/// a rotated key), when it could be read again.
#[derive(Debug)]
pub struct Done<T> {
    pub result: Result<T, String>,
    pub profile: Option<Box<ConnectorProfile>>,
}

#[derive(Debug)]
pub enum HomeAction {
    /// A key press (releases and repeats are filtered out by the loop).
    Key(KeyEvent),
    Resize(u16, u16),
    /// Animation tick (only while an action runs).
    Tick(Instant),
    /// SIGTERM or SIGHUP: stop what runs and leave.
    Terminate,
    KeyAges {
        task: TaskId,
        result: Result<Vec<KeyAge>, String>,
    },
    /// What the running action is doing now (e.g. the check under way).
    Progress {
        task: TaskId,
        line: String,
    },
    Tested {
        task: TaskId,
        done: Done<TestReport>,
    },
    Diagnosed {
        task: TaskId,
        done: Done<Box<Diagnosis>>,
    },
    Rotated {
        task: TaskId,
        done: Done<Box<Rotated>>,
    },
    /// Every file under the connector's Braze paths, at one look (the watch keeps looking).
    Watched {
        task: TaskId,
        result: Result<Vec<ObjectInfo>, String>,
    },
    /// One resource handled by a teardown (deleted, already gone, kept and why).
    TeardownLine {
        task: TaskId,
        line: String,
    },
    /// The teardown ended: `Ok(true)` when something remains (the profile is kept).
    TornDown {
        task: TaskId,
        result: Result<bool, String>,
    },
}

/// How the home screen ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeExit {
    Quit,
    /// Ctrl-C with nothing running, or SIGTERM/SIGHUP.
    Interrupted,
    /// `n`: open the setup wizard.
    NewConnector,
}

/// Work for the event loop; the only way `Home` causes I/O.
#[derive(Debug)]
pub enum HomeEffect {
    LoadKeyAges {
        task: TaskId,
        profile: Box<ConnectorProfile>,
    },
    Test {
        task: TaskId,
        profile: Box<ConnectorProfile>,
    },
    Doctor {
        task: TaskId,
        profile: Box<ConnectorProfile>,
    },
    Rotate {
        task: TaskId,
        profile: Box<ConnectorProfile>,
    },
    Watch {
        task: TaskId,
        profile: Box<ConnectorProfile>,
    },
    Teardown {
        task: TaskId,
        profile: Box<ConnectorProfile>,
    },
    /// Stop the task: its live test ends at once (cleaning up its test object), a watch stops
    /// looking, a rotation is not saved; its result, if any, is dropped as stale.
    Cancel {
        task: TaskId,
    },
    Exit(HomeExit),
}
