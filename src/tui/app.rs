//! `App`: the current step and the state every step shares. `update(Action) -> Vec<Effect>`
//! is synchronous; all I/O is described as `Effect`s for the event loop.

use std::time::Instant;

use crossterm::event::{KeyEvent, KeyEventKind};

use super::action::{Action, Effect};
use super::keymap::{self, Intent, KeyCtx};
use super::steps::{Shared, Step, StepId, Steps, View};
use super::widgets::text_input::Edit;
use super::widgets::theme::Theme;
use super::widgets::{help, scroll};
use crate::domain::answers::Draft;

/// What the wizard starts from.
#[derive(Debug, Clone)]
pub struct Config {
    pub theme: Theme,
    /// The engine runs against the local sandbox.
    pub sandbox: bool,
    /// Stop after the plan and print it; no AWS writes.
    pub plan_only: bool,
    /// A new secret access key is kept in the connector profile (not with
    /// `--no-store-secret`).
    pub store_secret: bool,
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
    pub now: Instant,
    pub tick: u64,
    pub size: (u16, u16),
    /// What the steps gathered so far.
    pub shared: Shared,
    pub steps: Steps,
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
        let mut app = App {
            theme: config.theme,
            step: StepId::ALL[0],
            help: false,
            help_scroll: 0,
            confirm_quit: false,
            now: config.now,
            tick: 0,
            size: config.size,
            shared: Shared {
                draft: config.initial.clone(),
                sandbox: config.sandbox,
                plan_only: config.plan_only,
                ..Shared::default()
            },
            steps: Steps::new(&config),
        };
        let effects = app.steps.get_mut(app.step).enter(&mut app.shared);
        (app, effects)
    }

    /// The step on screen.
    pub fn current(&self) -> &dyn Step {
        self.steps.get(self.step)
    }

    pub fn view(&self) -> View {
        View {
            theme: self.theme,
            now: self.now,
            tick: self.tick,
            plan_only: self.shared.plan_only,
            offline: !self.shared.online,
            height: body_height(self.size),
            width: body_width(self.size),
        }
    }

    /// The situation of the current step, for the keymap.
    pub fn key_ctx(&self) -> KeyCtx {
        self.current().key_ctx()
    }

    /// Something on screen moves (a spinner or a countdown): the loop ticks only then.
    pub fn animating(&self) -> bool {
        self.current().animating()
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Key(key) => self.on_key(key),
            Action::Paste(text) => self.on_paste(text),
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
        let intent = keymap::lookup(self.current().page().keys, ctx, &key);
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
            None if ctx.typing => self.on_edit(&Edit::Key(key)),
            None => Vec::new(),
        }
    }

    /// A key or a paste for the focused text field.
    fn on_edit(&mut self, edit: &Edit) -> Vec<Effect> {
        let step = self.steps.get_mut(self.step);
        step.on_typing(edit, &mut self.shared)
    }

    /// A bracketed paste: text for the focused field, never keys (so never Enter); ignored
    /// while no field has focus or something covers the step.
    fn on_paste(&mut self, text: String) -> Vec<Effect> {
        let covered = self.help || self.confirm_quit || self.too_small();
        if covered || !self.key_ctx().typing {
            return Vec::new();
        }
        self.on_edit(&Edit::Paste(text))
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
        let (total, rows) = self.help_extent();
        if let Some(to) = scroll::moved(self.help_scroll, intent, total, rows) {
            self.help_scroll = to;
        }
    }

    /// The terminal is smaller than the wizard needs: the view shows a notice instead of the
    /// step.
    pub fn too_small(&self) -> bool {
        self.size.0 < super::view::MIN_WIDTH || self.size.1 < super::view::MIN_HEIGHT
    }

    /// The help's lines and the rows it has.
    fn help_extent(&self) -> (usize, u16) {
        let step = self.current();
        help::extent(
            self.size,
            step.page().about,
            &keymap::help(step.page().keys),
        )
    }

    /// Whether the help overlay has more than it shows.
    pub fn help_scrolls(&self) -> bool {
        let (total, rows) = self.help_extent();
        total > usize::from(rows)
    }
}
