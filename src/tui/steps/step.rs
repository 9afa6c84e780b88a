//! The `Step` trait: everything one wizard step is — its name, heading and help, its keys,
//! what a key and a task result do, how it looks, and what it hands on to later steps — in
//! one implementation. `App` drives the current step through this trait only.

use std::sync::Arc;
use std::time::Instant;

use ratatui::text::Line;

use super::StepId;
use crate::domain::answers::{Answers, Draft};
use crate::domain::integration::IntegrationChoice;
use crate::domain::plan::Plan;
use crate::engine::{Applied, Identity, Saved, Verdict};
use crate::tui::Outcome;
use crate::tui::action::{Action, Effect, Failure, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{self, Binding, Intent, KeyCtx};
use crate::tui::widgets::text_input::Edit;
use crate::tui::widgets::theme::Theme;

/// One step of the wizard.
pub trait Step {
    /// The step's state before the wizard reaches it, from the command line's answers.
    fn new(config: &Config) -> Self
    where
        Self: Sized;

    /// Its names, keys and help.
    fn page(&self) -> &'static Page;

    /// The step's situation, which chooses among its keys.
    fn key_ctx(&self) -> KeyCtx {
        KeyCtx::default()
    }

    /// The footer's `key label` pairs now.
    fn footer(&self) -> Vec<(String, &'static str)> {
        keymap::footer(self.page().keys, self.key_ctx())
    }

    /// A confirmation that takes the footer's place until the next key.
    fn status(&self) -> Option<&str> {
        None
    }

    /// Something on screen moves (a spinner or a countdown): the loop ticks only then.
    fn animating(&self) -> bool {
        self.key_ctx().busy
    }

    /// The step's body: a pure function of its state and what earlier steps gathered.
    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>>;

    /// What a key bound in [`Step::keys`] does. `q` and Ctrl-C are the wizard's (the step
    /// still sees `Quit` first).
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, v: &View) -> Flow;

    /// A key no binding took, or a paste, while a text field has focus.
    fn on_typing(&mut self, _edit: &Edit, _shared: &mut Shared) -> Vec<Effect> {
        Vec::new()
    }

    /// A task's result: one this step does not wait for is `Left`.
    fn on_result(&mut self, action: Action, _shared: &mut Shared, _v: &View) -> Handled {
        Handled::Left(action)
    }

    /// The wizard arrives at the step (going forward, or sent here by a later step).
    fn enter(&mut self, _shared: &mut Shared) -> Vec<Effect> {
        Vec::new()
    }

    /// The person goes on: record the step's answers; `false` stays (a problem is shown).
    fn leave(&mut self, _shared: &mut Shared) -> bool {
        true
    }
}

/// What a step says about itself: kept together, as the `?` help shows them together.
#[derive(Debug)]
pub struct Page {
    /// Its name on the step rail and in the help's title.
    pub title: &'static str,
    /// The heading above the step's body.
    pub heading: &'static str,
    /// Every key of the step (footer and help come from it).
    pub keys: &'static [Binding],
    /// It changes AWS or needs what was changed: plan-only mode ends before it.
    pub changes_aws: bool,
    /// What the step is for, in plain words, for the `?` help.
    pub about: &'static [&'static str],
}

/// What a step did with a task result.
#[derive(Debug)]
pub enum Handled {
    /// It waited for it, and decided this.
    Took(Flow),
    /// Not its own: another step may wait for it.
    Left(Action),
}

/// What a key or a result decided.
#[derive(Debug)]
pub enum Flow {
    Stay,
    /// Stay, and start this work.
    Run(Vec<Effect>),
    /// Record the answers and enter the next step.
    Next,
    /// Back one step; every answer is kept.
    Back,
    /// Enter an earlier step again (e.g. Apply's retry goes back to the plan).
    To(StepId),
    /// Leave now, keeping what exists (it is listed in the journal).
    End,
    /// Leave with this outcome.
    Exit(Outcome),
}

/// What the steps gather and hand on, and what every step may read.
#[derive(Debug, Default)]
pub struct Shared {
    pub draft: Draft,
    /// The answers, once the Auth step built them from the draft.
    pub answers: Option<Answers>,
    /// The saved connectors this setup meets, as the Options step found them: `same_name`
    /// only once the person chose to update that connector.
    pub saved: Saved,
    /// The plan the person confirmed.
    pub plan: Option<Plan>,
    pub applied: Option<Arc<Applied>>,
    /// Who AWS says we are, once it answered.
    pub identity: Option<Identity>,
    /// The identity's region, until the Bucket step takes it as its default.
    pub found_region: Option<String>,
    /// How the live test ended, for the Done step: its verdict, and where the profile went.
    pub tested: Option<(Verdict, Option<Result<String, Failure>>)>,
    /// Apply asked to be run again: the plan goes straight on once it is ready.
    pub reapply: bool,
    pub tasks: Tasks,
    /// AWS (or the sandbox) answered: look-ups are possible.
    pub online: bool,
    /// The engine runs against the wizard's own sandbox.
    pub sandbox: bool,
    /// Stop after the plan and print it; no AWS writes.
    pub plan_only: bool,
}

impl Shared {
    /// The integrations chosen (on the Integration step).
    pub fn integration(&self) -> IntegrationChoice {
        self.draft
            .integration
            .unwrap_or(IntegrationChoice::Currents)
    }
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
