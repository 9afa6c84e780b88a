//! Step 4: the connector's name (a saved one is never overwritten silently: see `name`),
//! Currents folder path, AES-256 server-side encryption, scoping to the folder.

pub mod name;
mod saved;

use ratatui::text::Line;

use super::form;
use super::{Flow, Handled, Page, Shared, Step, View};
use crate::domain::answers::DEFAULT_FOLDER;
use crate::domain::integration::Integration;
use crate::domain::names::FolderPath;
use crate::tui::action::{Action, Effect, Reply};
use crate::tui::app::Config;
use crate::tui::keymap::{
    BACK, Binding, CTRL_C, HELP, Intent, Key as K, KeyCtx, MOVE, NEXT_FIELD, PREV_FIELD, QUIT,
    When as W, b,
};
use crate::tui::widgets::text_input::{Edit, TextInput};
use name::{NameField, choice_lines};

// The form's keys, with Enter's meaning while a saved connector's name asks what to do
// (`KeyCtx::stopped`: the step waits for a decision).
#[rustfmt::skip]
const KEYS: &[Binding] = &[
    MOVE,
    NEXT_FIELD,
    PREV_FIELD,
    b(&[K::Space], Intent::Toggle, W::Toggle, Some("toggle"), "switch an on/off option"),
    b(&[K::Enter], Intent::Next, W::Ready, Some("continue"), "check the answers and go to the next step (a saved connector of this name asks first)"),
    b(&[K::Enter], Intent::Next, W::Stopped, Some("choose"), "a saved connector has this name: update it, pick a new name, or cancel"),
    BACK,
    HELP,
    QUIT,
    CTRL_C,
];

const PAGE: Page = Page {
    title: "Options",
    heading: "Connector options",
    keys: KEYS,
    changes_aws: false,
    about: &[
        "Connector name: the name of the saved profile (braze-s3 test NAME, teardown NAME…) and of the IAM user or role by default; it starts as the bucket's name. When a saved connector already has the name, Enter asks whether to update it (the plan then shows what changes in its profile), to pick a new name, or to cancel.",
        "Folder path (Currents only): where in the bucket Braze writes its Avro files, default 'currents'; Braze creates it. Several Currents connectors may share a bucket only with distinct folder paths, so a folder another saved connector uses is refused at the plan.",
        "AES-256 encryption: Braze adds x-amz-server-side-encryption: AES256 to every write, and a new bucket gets SSE-S3 default encryption. Braze does not support SSE-KMS.",
        "Scope to the folder (Currents only): the policy then allows object access only under the folder, not the whole bucket. Dashboard exports write to fixed top-level paths, so their policy can't be scoped.",
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Name,
    Folder,
    Sse,
    Scope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsStep {
    pub focus: Focus,
    pub name: NameField,
    pub folder: TextInput,
    pub sse: bool,
    pub scope: bool,
    pub problem: Option<String>,
}

/// Whether Currents is among the integrations (the folder options are Currents's).
fn currents(shared: &Shared) -> bool {
    shared.integration().includes(Integration::Currents)
}

impl OptionsStep {
    fn order(currents: bool) -> &'static [Focus] {
        if currents {
            &[Focus::Name, Focus::Folder, Focus::Sse, Focus::Scope]
        } else {
            &[Focus::Name, Focus::Sse]
        }
    }

    pub fn parsed(&self) -> Result<FolderPath, String> {
        FolderPath::normalize(self.folder.value()).map_err(|e| e.reason)
    }

    fn lines(&self, currents: bool, v: &View) -> Vec<Line<'static>> {
        if let Some(choice) = &self.name.choice {
            return choice_lines(choice, v);
        }
        let mut out = Vec::new();
        self.name.lines(&mut out, self.focus == Focus::Name, v);
        if currents {
            let message = match self.parsed() {
                Ok(f) if f.as_str() != self.folder.value() => {
                    Some(Ok(format!("will be saved as {f}")))
                }
                Ok(_) => None,
                Err(reason) => Some(Err(reason)),
            };
            let focused = self.focus == Focus::Folder;
            form::text(
                &mut out,
                "Folder path (Currents)",
                &self.folder,
                focused,
                "",
                message,
                v,
            );
        } else {
            out.push(form::note(
                "Dashboard data export has no folder option: Braze writes to fixed top-level paths (segment-export/…).",
                v,
            ));
            out.push(Line::default());
        }
        out.extend(form::toggle(
            "Server-side encryption AES-256 (SSE-S3)",
            self.sse,
            self.focus == Focus::Sse,
            "Braze adds x-amz-server-side-encryption: AES256 to its writes",
            v,
        ));
        if currents {
            out.extend(form::toggle(
                "Limit Currents object access to the folder",
                self.scope,
                self.focus == Focus::Scope,
                "the policy then allows objects under the folder only",
                v,
            ));
        }
        if let Some(p) = &self.problem {
            out.push(form::problem(p, v));
        }
        out
    }
}

impl Step for OptionsStep {
    fn new(config: &Config) -> OptionsStep {
        let d = &config.initial;
        OptionsStep {
            focus: Focus::Name,
            name: NameField::new(d.name.as_deref()),
            folder: TextInput::new(d.folder.as_deref().unwrap_or(DEFAULT_FOLDER)),
            sse: d.sse.unwrap_or(false),
            scope: d.scope_to_folder,
            problem: None,
        }
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        let busy = self.name.task.is_some();
        let choosing = self.name.choice.is_some();
        let field = matches!(self.focus, Focus::Name | Focus::Folder);
        KeyCtx {
            typing: field && !busy && !choosing,
            toggle: !field && !choosing,
            busy,
            stopped: choosing,
            ..KeyCtx::default()
        }
    }

    /// Puts focus on a field that exists for this integration; the name follows the bucket.
    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        if !Self::order(currents(shared)).contains(&self.focus) {
            self.focus = Focus::Name;
        }
        self.name.follow(shared.draft.bucket.as_deref());
        Vec::new()
    }

    fn on_typing(&mut self, edit: &Edit, _shared: &mut Shared) -> Vec<Effect> {
        let changed = match self.focus {
            Focus::Name => self.name.edit(edit),
            Focus::Folder => self.folder.edit(edit),
            Focus::Sse | Focus::Scope => false,
        };
        if changed {
            self.problem = None;
        }
        Vec::new()
    }

    /// The saved connectors the look-up found go on to the plan.
    fn on_result(&mut self, action: Action, shared: &mut Shared, _v: &View) -> Handled {
        let Action::SavedLooked(Reply { task, result }) = action else {
            return Handled::Left(action);
        };
        if self.name.task != Some(task) {
            return Handled::Left(Action::SavedLooked(Reply { task, result }));
        }
        self.name.task = None;
        let found = match (result, self.name.parsed()) {
            (Ok(saved), Ok(name)) => self.name.looked_up(name, saved),
            (Err(e), _) => {
                self.problem = Some(format!("saved connectors: {}", e.message));
                None
            }
            (Ok(_), Err(_)) => None,
        };
        match found {
            Some(saved) => {
                shared.saved = saved;
                Handled::Took(Flow::Next)
            }
            None => Handled::Took(Flow::Stay),
        }
    }

    fn leave(&mut self, shared: &mut Shared) -> bool {
        let currents = currents(shared);
        let folder = self.folder.value().trim().to_string();
        let d = &mut shared.draft;
        d.name = Some(self.name.input.value().trim().to_string());
        d.folder = currents.then_some(folder);
        d.sse = Some(self.sse);
        d.scope_to_folder = currents && self.scope;
        true
    }

    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        self.lines(currents(shared), v)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, _v: &View) -> Flow {
        if self.name.choice.is_some() {
            return self.on_choice(intent, shared);
        }
        if self.name.task.is_some() {
            // Enter waits for the look-up; Esc no longer waits for it.
            if intent == Intent::Back {
                self.name.task = None;
                return Flow::Back;
            }
            return Flow::Stay;
        }
        let currents = currents(shared);
        let order = Self::order(currents);
        match intent {
            Intent::FocusNext | Intent::Down => self.focus = form::cycle(order, self.focus, 1),
            Intent::FocusPrev | Intent::Up => self.focus = form::cycle(order, self.focus, -1),
            Intent::Toggle => match self.focus {
                Focus::Sse => self.sse = !self.sse,
                Focus::Scope => self.scope = !self.scope,
                Focus::Name | Focus::Folder => {}
            },
            Intent::Next => return self.check(currents, shared),
            Intent::Back => return Flow::Back,
            _ => {}
        }
        Flow::Stay
    }
}
