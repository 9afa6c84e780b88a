//! Step 5: secret key (IAM user + access key) or role ARN (role trusted by Braze's account).
//! The screen is in `view.rs`.

mod view;

use ratatui::text::Line;

use super::form::{self, Pick};
use super::{Flow, Page, Shared, Step, View};
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::{AccountId, ExternalId, IamName};
use crate::tui::action::Effect;
use crate::tui::app::Config;
use crate::tui::keymap::{FORM, Intent, KeyCtx};
use crate::tui::widgets::text_input::{Edit, TextInput};

const PAGE: Page = Page {
    title: "Auth",
    heading: "How does Braze sign in?",
    keys: FORM,
    changes_aws: false,
    about: &[
        "Secret key: the wizard creates an IAM user with the policy attached and an access key; you enter the key ID and secret in Braze. The secret is shown once, on the last step.",
        "Role ARN: the wizard creates a role that only Braze's AWS account may assume, and only with your external ID (that stops other Braze customers from pointing Braze at your role). You enter the role ARN and bucket in Braze.",
        "Braze's account ID and the external ID are shown on the Braze page (Currents: Create Current → Amazon S3 Data Export; export: Technology Partners → Amazon S3). They are never guessed.",
        "With both integrations, each gets its own user (or role) with only its own policy, so the credential entered in Currents can never delete objects; each Braze page shows its own external ID.",
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Kind,
    Name,
    Account,
    External,
    /// The data export page's external ID (both integrations with roles).
    ExportExternal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthStep {
    pub kind: Pick,
    pub focus: Focus,
    /// The user or role name; empty means the default `braze-s3-<bucket>`.
    pub name: TextInput,
    pub account: TextInput,
    pub external: TextInput,
    pub export_external: TextInput,
    /// Both integrations: one role per integration, each with its own page's external ID.
    pub both: bool,
    /// Problems found when Enter was pressed (every one, from `Draft::build`).
    pub problems: Vec<String>,
}

impl AuthStep {
    pub fn kind(&self) -> AuthKind {
        AuthKind::ALL
            .get(self.kind.selected)
            .copied()
            .unwrap_or(AuthKind::SecretKey)
    }

    fn order(&self) -> &'static [Focus] {
        match self.kind() {
            AuthKind::SecretKey => &[Focus::Kind, Focus::Name],
            AuthKind::RoleArn if self.both => &[
                Focus::Kind,
                Focus::Name,
                Focus::Account,
                Focus::External,
                Focus::ExportExternal,
            ],
            AuthKind::RoleArn => &[Focus::Kind, Focus::Name, Focus::Account, Focus::External],
        }
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            Focus::Kind => None,
            Focus::Name => Some(&mut self.name),
            Focus::Account => Some(&mut self.account),
            Focus::External => Some(&mut self.external),
            Focus::ExportExternal => Some(&mut self.export_external),
        }
    }

    /// `Next` means "try to build the answers"; leaving reports their problems.
    fn move_focus(&mut self, intent: Intent) -> Flow {
        let order = self.order();
        match (intent, self.focus) {
            (Intent::FocusNext, _) => self.focus = form::cycle(order, self.focus, 1),
            (Intent::FocusPrev, _) => self.focus = form::cycle(order, self.focus, -1),
            (Intent::Up, Focus::Kind) => {
                self.kind.up();
            }
            (Intent::Down, Focus::Kind) if !self.kind.down(AuthKind::ALL.len()) => {
                self.focus = Focus::Name;
            }
            (Intent::Down, Focus::Kind) => {}
            (Intent::Up, _) => self.focus = form::cycle(order, self.focus, -1),
            (Intent::Down, f) if order.last() != Some(&f) => self.focus = form::cycle(order, f, 1),
            (Intent::Next, _) => return Flow::Next,
            (Intent::Back, _) => return Flow::Back,
            _ => {}
        }
        self.problems.clear();
        Flow::Stay
    }

    /// The first field whose typed value is invalid (its message is already on screen).
    pub fn invalid_field(&self) -> Option<Focus> {
        let bad = |t: &TextInput, f: fn(&str) -> bool| {
            let v = t.value().trim();
            !v.is_empty() && !f(v)
        };
        let role = self.kind() == AuthKind::RoleArn;
        if bad(&self.name, |s| IamName::parse(s).is_ok()) {
            Some(Focus::Name)
        } else if role && bad(&self.account, |s| AccountId::parse(s).is_ok()) {
            Some(Focus::Account)
        } else if role && bad(&self.external, |s| ExternalId::parse(s).is_ok()) {
            Some(Focus::External)
        } else if role && self.both && bad(&self.export_external, |s| ExternalId::parse(s).is_ok())
        {
            Some(Focus::ExportExternal)
        } else {
            None
        }
    }

    /// Enter was pressed: `false` (and focus on it) while a field shows a problem.
    fn ready(&mut self) -> bool {
        let Some(field) = self.invalid_field() else {
            return true;
        };
        self.focus = field;
        self.problems = vec!["fix the field marked ✗ first".into()];
        false
    }

    /// Name, Braze account ID, external ID and (both integrations) the export external ID.
    fn draft_fields(&self) -> [Option<String>; 4] {
        let some = |t: &TextInput| Some(t.value().trim().to_string()).filter(|v| !v.is_empty());
        [
            some(&self.name),
            some(&self.account),
            some(&self.external),
            some(&self.export_external).filter(|_| self.both),
        ]
    }
}

impl Step for AuthStep {
    fn new(config: &Config) -> AuthStep {
        let d = &config.initial;
        let text = |v: Option<&String>| TextInput::new(v.map_or("", String::as_str));
        let k = d
            .auth
            .and_then(|k| AuthKind::ALL.iter().position(|x| *x == k))
            .unwrap_or(0);
        AuthStep {
            kind: Pick::at(k),
            focus: Focus::Kind,
            name: text(d.user_name.as_ref().or(d.role_name.as_ref())),
            account: text(d.braze_account_id.as_ref()),
            external: text(d.currents_external_id.as_ref().or(d.external_id.as_ref())),
            export_external: text(d.export_external_id.as_ref()),
            both: false,
            problems: Vec::new(),
        }
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            typing: self.focus != Focus::Kind,
            ..KeyCtx::default()
        }
    }

    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        let default_name = shared
            .draft
            .bucket
            .as_deref()
            .map(|b| format!("braze-s3-{b}"))
            .unwrap_or_default();
        self.lines(&default_name, v)
    }

    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        self.both = shared.draft.integration == Some(IntegrationChoice::Both);
        Vec::new()
    }

    fn on_typing(&mut self, edit: &Edit, _shared: &mut Shared) -> Vec<Effect> {
        if let Some(input) = self.input()
            && input.edit(edit)
        {
            self.problems.clear();
        }
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, _shared: &mut Shared, _v: &View) -> Flow {
        self.move_focus(intent)
    }

    /// Builds the answers from the whole draft; every problem is shown when it can't.
    fn leave(&mut self, shared: &mut Shared) -> bool {
        if !self.ready() {
            return false;
        }
        let kind = self.kind();
        let [name, account, external, export] = self.draft_fields();
        let d = &mut shared.draft;
        d.auth = Some(kind);
        (d.user_name, d.role_name) = match kind {
            AuthKind::SecretKey => (name, None),
            AuthKind::RoleArn => (None, name),
        };
        (d.braze_account_id, d.external_id, d.export_external_id) = match kind {
            AuthKind::SecretKey => (None, None, None),
            AuthKind::RoleArn => (account, external, export),
        };
        d.currents_external_id = None;
        match shared.draft.build() {
            Ok(a) => shared.answers = Some(a),
            Err(errors) => {
                self.problems = errors.0.iter().map(ToString::to_string).collect();
                return false;
            }
        }
        true
    }
}
