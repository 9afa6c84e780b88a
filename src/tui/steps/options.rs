//! Step 4: Currents folder path, AES-256 server-side encryption, scoping to the folder.

use ratatui::text::Line;

use super::form;
use super::{Flow, Page, Shared, Step, View};
use crate::domain::answers::DEFAULT_FOLDER;
use crate::domain::integration::Integration;
use crate::domain::names::FolderPath;
use crate::tui::action::Effect;
use crate::tui::app::Config;
use crate::tui::keymap::{FORM, Intent, KeyCtx};
use crate::tui::widgets::text_input::{Edit, TextInput};

const PAGE: Page = Page {
    title: "Options",
    heading: "Connector options",
    keys: FORM,
    changes_aws: false,
    about: &[
        "Folder path (Currents only): where in the bucket Braze writes its Avro files, default 'currents'; Braze creates it. Several Currents connectors may share a bucket only with distinct folder paths, so a folder another saved connector uses is refused at the plan.",
        "AES-256 encryption: Braze adds x-amz-server-side-encryption: AES256 to every write, and a new bucket gets SSE-S3 default encryption. Braze does not support SSE-KMS.",
        "Scope to the folder (Currents only): the policy then allows object access only under the folder, not the whole bucket. Dashboard exports write to fixed top-level paths, so their policy can't be scoped.",
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Folder,
    Sse,
    Scope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsStep {
    pub focus: Focus,
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
            &[Focus::Folder, Focus::Sse, Focus::Scope]
        } else {
            &[Focus::Sse]
        }
    }

    pub fn parsed(&self) -> Result<FolderPath, String> {
        FolderPath::normalize(self.folder.value()).map_err(|e| e.reason)
    }

    fn lines(&self, currents: bool, v: &View) -> Vec<Line<'static>> {
        let mut out = Vec::new();
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
            focus: Focus::Folder,
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
        KeyCtx {
            typing: self.focus == Focus::Folder,
            toggle: self.focus != Focus::Folder,
            ..KeyCtx::default()
        }
    }

    /// Puts focus on a field that exists for this integration.
    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        if !Self::order(currents(shared)).contains(&self.focus) {
            self.focus = Focus::Sse;
        }
        Vec::new()
    }

    fn on_typing(&mut self, edit: &Edit, _shared: &mut Shared) -> Vec<Effect> {
        if self.focus == Focus::Folder && self.folder.edit(edit) {
            self.problem = None;
        }
        Vec::new()
    }

    fn leave(&mut self, shared: &mut Shared) -> bool {
        let currents = currents(shared);
        let folder = self.folder.value().trim().to_string();
        let d = &mut shared.draft;
        d.folder = currents.then_some(folder);
        d.sse = Some(self.sse);
        d.scope_to_folder = currents && self.scope;
        true
    }

    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        self.lines(currents(shared), v)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, _v: &View) -> Flow {
        let currents = currents(shared);
        let order = Self::order(currents);
        match intent {
            Intent::FocusNext | Intent::Down => self.focus = form::cycle(order, self.focus, 1),
            Intent::FocusPrev | Intent::Up => self.focus = form::cycle(order, self.focus, -1),
            Intent::Toggle => match self.focus {
                Focus::Sse => self.sse = !self.sse,
                Focus::Scope => self.scope = !self.scope,
                Focus::Folder => {}
            },
            Intent::Next => {
                if currents && let Err(reason) = self.parsed() {
                    self.problem = Some(format!("folder path: {reason}"));
                    self.focus = Focus::Folder;
                    return Flow::Stay;
                }
                return Flow::Next;
            }
            Intent::Back => return Flow::Back,
            _ => {}
        }
        Flow::Stay
    }
}
