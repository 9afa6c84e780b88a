//! The wizard's steps: one file each with its state, key handling and view. A view is a pure
//! function of the step's state that returns lines; `app.rs` frames them.

pub mod apply;
pub mod auth;
pub mod bucket;
pub mod done;
pub mod form;
pub mod identity;
pub mod integration;
pub mod options;
pub mod plan;
pub mod policy;
pub mod test;

use std::time::Instant;

use super::action::TaskId;
use super::widgets::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepId {
    Identity,
    Integration,
    Bucket,
    Options,
    Auth,
    Policy,
    Plan,
    Apply,
    Test,
    Done,
}

impl StepId {
    pub const ALL: [StepId; 10] = [
        StepId::Identity,
        StepId::Integration,
        StepId::Bucket,
        StepId::Options,
        StepId::Auth,
        StepId::Policy,
        StepId::Plan,
        StepId::Apply,
        StepId::Test,
        StepId::Done,
    ];

    pub fn title(self) -> &'static str {
        match self {
            StepId::Identity => "Identity",
            StepId::Integration => "Integration",
            StepId::Bucket => "Bucket",
            StepId::Options => "Options",
            StepId::Auth => "Auth",
            StepId::Policy => "Policy",
            StepId::Plan => "Plan",
            StepId::Apply => "Apply",
            StepId::Test => "Test",
            StepId::Done => "Done",
        }
    }

    /// The heading above the step's form.
    pub fn heading(self) -> &'static str {
        match self {
            StepId::Identity => "Who am I in AWS?",
            StepId::Integration => "What should Braze export?",
            StepId::Bucket => "Which S3 bucket?",
            StepId::Options => "Connector options",
            StepId::Auth => "How does Braze sign in?",
            StepId::Policy => "The exact policies that will be created",
            StepId::Plan => "Every change, before anything changes",
            StepId::Apply => "Making the changes",
            StepId::Test => "Testing the connection as Braze would",
            StepId::Done => "Enter these in Braze",
        }
    }

    /// What the step is for, in plain words, for the `?` help.
    pub fn about(self) -> &'static [&'static str] {
        match self {
            StepId::Identity => identity::ABOUT,
            StepId::Integration => integration::ABOUT,
            StepId::Bucket => bucket::ABOUT,
            StepId::Options => options::ABOUT,
            StepId::Auth => auth::ABOUT,
            StepId::Policy => policy::ABOUT,
            StepId::Plan => plan::ABOUT,
            StepId::Apply => apply::ABOUT,
            StepId::Test => test::ABOUT,
            StepId::Done => done::ABOUT,
        }
    }

    pub fn prev(self) -> StepId {
        let i = StepId::ALL.iter().position(|s| *s == self).unwrap_or(0);
        StepId::ALL[i.saturating_sub(1)]
    }

    pub fn next(self) -> StepId {
        let i = StepId::ALL.iter().position(|s| *s == self).unwrap_or(0);
        StepId::ALL[(i + 1).min(StepId::ALL.len() - 1)]
    }
}

/// What a step's key handling decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Stay,
    Next,
    Back,
}

/// What a view may read besides its own state.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub theme: Theme,
    pub now: Instant,
    /// Animation frame counter.
    pub tick: u64,
    pub plan_only: bool,
    /// No AWS look-ups possible (no credentials: plan-only without an engine).
    pub offline: bool,
    /// Rows available for the step's body.
    pub height: u16,
    /// Columns available for the step's body (lines wrap to it).
    pub width: u16,
}

/// Hands out task ids; a step remembers the id of the task whose result it waits for.
#[derive(Debug, Default)]
pub struct Tasks {
    last: TaskId,
}

impl Tasks {
    pub fn issue(&mut self) -> TaskId {
        self.last += 1;
        self.last
    }
}
