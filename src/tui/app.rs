//! `App`: the current step and the state every step shares. `update(Action) -> Vec<Effect>`
//! is synchronous; all I/O is described as `Effect`s for the event loop.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyEvent, KeyEventKind};

use super::action::{Action, Effect};
use super::keymap::{self, Intent, KeyCtx};
use super::steps::apply::ApplyStep;
use super::steps::auth::AuthStep;
use super::steps::bucket::BucketStep;
use super::steps::done::DoneStep;
use super::steps::identity::IdentityStep;
use super::steps::integration::IntegrationStep;
use super::steps::options::OptionsStep;
use super::steps::plan::PlanStep;
use super::steps::policy::PolicyStep;
use super::steps::test::TestStep;
use super::steps::{StepId, Tasks, View};
use super::widgets::theme::Theme;
use super::widgets::{help, scroll};
use crate::domain::answers::{Answers, DEFAULT_REGION, Draft};
use crate::engine::Applied;

/// What the wizard starts from.
#[derive(Debug, Clone)]
pub struct Config {
    pub theme: Theme,
    /// The engine runs against the local sandbox.
    pub sandbox: bool,
    /// Stop after the plan and print it; no AWS writes.
    pub plan_only: bool,
    /// Answers given on the command line or in an answers file.
    pub initial: Draft,
    /// The generated name offered for a new bucket, e.g. `braze-export-k3x9q2`.
    pub suggested_bucket: String,
    pub size: (u16, u16),
    pub now: Instant,
}

pub struct App {
    pub theme: Theme,
    pub step: StepId,
    pub help: bool,
    /// How far the help overlay is scrolled.
    pub help_scroll: usize,
    /// "Quit now?" is asked: something was created and the setup isn't finished.
    pub confirm_quit: bool,
    pub plan_only: bool,
    /// AWS (or the sandbox) answered: look-ups are possible.
    pub online: bool,
    pub now: Instant,
    pub tick: u64,
    pub size: (u16, u16),
    pub draft: Draft,
    pub answers: Option<Answers>,
    pub applied: Option<Arc<Applied>>,
    pub tasks: Tasks,
    pub identity: IdentityStep,
    pub integration: IntegrationStep,
    pub bucket: BucketStep,
    pub options: OptionsStep,
    pub auth: AuthStep,
    pub policy: PolicyStep,
    pub plan: PlanStep,
    pub apply: ApplyStep,
    pub test: TestStep,
    pub done: DoneStep,
}

/// Rows available to a step's body in a terminal of `size`: the frame takes a header, a
/// footer, the step heading and a blank line under it.
pub fn body_height(size: (u16, u16)) -> u16 {
    size.1.saturating_sub(4)
}

/// Columns available to a step's body: the step rail and the body's padding are taken.
pub fn body_width(size: (u16, u16)) -> u16 {
    size.0.saturating_sub(super::widgets::stepper::WIDTH + 3)
}

impl App {
    pub fn new(config: Config) -> (App, Vec<Effect>) {
        let d = &config.initial;
        let bucket = d.bucket.as_deref().unwrap_or(&config.suggested_bucket);
        let region = d.region.as_deref().unwrap_or(DEFAULT_REGION);
        let mut tasks = Tasks::default();
        let mut identity = IdentityStep::new(config.sandbox);
        let task = tasks.issue();
        identity.task = Some(task);
        let app = App {
            theme: config.theme,
            step: StepId::Identity,
            help: false,
            help_scroll: 0,
            confirm_quit: false,
            plan_only: config.plan_only,
            online: false,
            now: config.now,
            tick: 0,
            size: config.size,
            integration: IntegrationStep::new(d.integration),
            bucket: BucketStep::new(bucket, region, d.existing_bucket),
            options: OptionsStep::new(
                d.folder.as_deref(),
                d.sse.unwrap_or(false),
                d.scope_to_folder,
            ),
            auth: AuthStep::new(
                d.auth,
                d.user_name.as_deref().or(d.role_name.as_deref()),
                d.braze_account_id.as_deref(),
                d.currents_external_id
                    .as_deref()
                    .or(d.external_id.as_deref()),
                d.export_external_id.as_deref(),
            ),
            draft: config.initial.clone(),
            answers: None,
            applied: None,
            tasks,
            identity,
            policy: PolicyStep::default(),
            plan: PlanStep::default(),
            apply: ApplyStep::default(),
            test: TestStep::default(),
            done: DoneStep::default(),
        };
        let start = Effect::StartEngine {
            task,
            sandbox: config.sandbox,
        };
        (app, vec![start])
    }

    pub fn view(&self) -> View {
        View {
            theme: self.theme,
            now: self.now,
            tick: self.tick,
            plan_only: self.plan_only,
            offline: !self.online,
            height: body_height(self.size),
            width: body_width(self.size),
        }
    }

    /// The situation of the current step, for the keymap.
    pub fn key_ctx(&self) -> KeyCtx {
        match self.step {
            StepId::Identity => self.identity.key_ctx(),
            StepId::Bucket => self.bucket.key_ctx(),
            StepId::Options => self.options.key_ctx(),
            StepId::Auth => self.auth.key_ctx(),
            StepId::Plan => self.plan.key_ctx(),
            StepId::Apply => self.apply.key_ctx(),
            StepId::Test => self.test.key_ctx(),
            StepId::Done => self.done.key_ctx(),
            StepId::Integration | StepId::Policy => KeyCtx::default(),
        }
    }

    /// Something on screen moves (a spinner or a countdown): the loop ticks only then.
    pub fn animating(&self) -> bool {
        match self.step {
            StepId::Identity => self.identity.key_ctx().busy,
            StepId::Bucket => self.bucket.check_task.is_some() || self.bucket.list_task.is_some(),
            StepId::Plan => self.plan.key_ctx().busy,
            StepId::Apply => self.apply.animating(),
            StepId::Test => self.test.animating(),
            _ => false,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Key(key) => self.on_key(key),
            Action::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Action::Tick(now) => {
                self.now = now;
                self.tick = self.tick.wrapping_add(1);
                Vec::new()
            }
            Action::Terminate => vec![Effect::Exit(self.outcome(true))],
            other => self.on_result(other),
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind != KeyEventKind::Press {
            return Vec::new();
        }
        let ctx = self.key_ctx();
        let intent = keymap::lookup(self.step, ctx, &key);
        if self.confirm_quit && !self.too_small() {
            return self.on_confirm_key(key, intent);
        }
        if self.too_small() {
            // The "terminal too small" notice hides the step: no key may act on what isn't
            // shown. Only Ctrl-C (and a resize) gets through.
            return match intent {
                Some(Intent::Interrupt) => self.interrupt(),
                _ => Vec::new(),
            };
        }
        if self.help && intent != Some(Intent::Interrupt) {
            // ↑/↓ PgUp/PgDn scroll the help; any other key closes it and does nothing else;
            // Ctrl-C still quits.
            self.scroll_help(key);
            return Vec::new();
        }
        match intent {
            Some(Intent::Help) => {
                self.help = true;
                self.help_scroll = 0;
                Vec::new()
            }
            Some(Intent::Interrupt) => self.interrupt(),
            Some(intent) => self.on_intent(intent),
            None if ctx.typing => self.on_typing(key),
            None => Vec::new(),
        }
    }

    fn scroll_help(&mut self, key: KeyEvent) {
        use crossterm::event::KeyCode;
        let intent = match key.code {
            KeyCode::Up => Intent::Up,
            KeyCode::Down => Intent::Down,
            KeyCode::PageUp => Intent::PageUp,
            KeyCode::PageDown => Intent::PageDown,
            _ => {
                self.help = false;
                return;
            }
        };
        let table = keymap::table(self.step);
        let (total, rows) = help::extent(self.size, self.step.about(), table);
        if let Some(to) = scroll::moved(self.help_scroll, intent, total, rows) {
            self.help_scroll = to;
        }
    }

    /// The terminal is smaller than the wizard needs: the view shows a notice instead of the
    /// step.
    pub fn too_small(&self) -> bool {
        self.size.0 < super::view::MIN_WIDTH || self.size.1 < super::view::MIN_HEIGHT
    }

    /// Whether the help overlay has more than it shows.
    pub fn help_scrolls(&self) -> bool {
        let (total, rows) = help::extent(self.size, self.step.about(), keymap::table(self.step));
        total > usize::from(rows)
    }
}
