//! Step 5: secret key (IAM user + access key) or role ARN (role trusted by Braze's account).

use crossterm::event::KeyEvent;
use ratatui::text::Line;

use super::form::{self, Pick};
use super::{Flow, View};
use crate::domain::auth::AuthKind;
use crate::domain::names::{AccountId, ExternalId, IamName};
use crate::tui::keymap::{Intent, KeyCtx};
use crate::tui::widgets::text_input::TextInput;

pub const ABOUT: &[&str] = &[
    "Secret key: the wizard creates an IAM user with the policy attached and an access key; you enter the key ID and secret in Braze. The secret is shown once, on the last step.",
    "Role ARN: the wizard creates a role that only Braze's AWS account may assume, and only with your external ID (that stops other Braze customers from pointing Braze at your role). You enter the role ARN and bucket in Braze.",
    "Braze's account ID and the external ID are shown on the Braze page (Currents: Create Current → Amazon S3 Data Export; export: Technology Partners → Amazon S3). They are never guessed.",
    "With both integrations, each gets its own user (or role) with only its own policy, so the credential entered in Currents can never delete objects; each Braze page shows its own external ID.",
];

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
    pub fn new(
        kind: Option<AuthKind>,
        name: Option<&str>,
        account: Option<&str>,
        external: Option<&str>,
        export_external: Option<&str>,
    ) -> AuthStep {
        let k = kind
            .and_then(|k| AuthKind::ALL.iter().position(|x| *x == k))
            .unwrap_or(0);
        AuthStep {
            kind: Pick::at(k),
            focus: Focus::Kind,
            name: TextInput::new(name.unwrap_or_default()),
            account: TextInput::new(account.unwrap_or_default()),
            external: TextInput::new(external.unwrap_or_default()),
            export_external: TextInput::new(export_external.unwrap_or_default()),
            both: false,
            problems: Vec::new(),
        }
    }

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

    pub fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            typing: self.focus != Focus::Kind,
            ..KeyCtx::default()
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

    pub fn on_key(&mut self, key: KeyEvent) {
        if let Some(input) = self.input()
            && input.handle(key)
        {
            self.problems.clear();
        }
    }

    /// `Next` means "try to build the answers"; the app reports problems back.
    pub fn on_intent(&mut self, intent: Intent) -> Flow {
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
    pub fn ready(&mut self) -> bool {
        let Some(field) = self.invalid_field() else {
            return true;
        };
        self.focus = field;
        self.problems = vec!["fix the field marked ✗ first".into()];
        false
    }

    /// Name, Braze account ID, external ID and (both integrations) the export external ID.
    pub fn draft_fields(&self) -> [Option<String>; 4] {
        let some = |t: &TextInput| Some(t.value().trim().to_string()).filter(|v| !v.is_empty());
        [
            some(&self.name),
            some(&self.account),
            some(&self.external),
            some(&self.export_external).filter(|_| self.both),
        ]
    }

    pub fn view(&self, default_name: &str, v: &View) -> Vec<Line<'static>> {
        let mut out = vec![form::label("Auth method", self.focus == Focus::Kind, v)];
        for (i, k) in AuthKind::ALL.iter().enumerate() {
            out.push(form::row(
                k.title(),
                "",
                i == self.kind.selected,
                self.focus == Focus::Kind,
                v,
            ));
        }
        out.push(Line::default());
        let check = |t: &TextInput, f: fn(&str) -> Result<(), String>| {
            let v = t.value().trim();
            (!v.is_empty()).then(|| f(v).map(|()| "✓".to_string()))
        };
        let iam = |s: &str| IamName::parse(s).map(drop).map_err(|e| e.reason);
        let (title, placeholder) = match self.kind() {
            AuthKind::SecretKey => ("IAM user name", default_name),
            AuthKind::RoleArn => ("IAM role name", default_name),
        };
        let name_msg = check(&self.name, iam).or_else(|| {
            // Both integrations: the name is the stem of one principal per integration.
            self.both
                .then(|| Ok("one per integration: NAME-currents, NAME-data-export".to_string()))
        });
        form::text(
            &mut out,
            title,
            &self.name,
            self.focus == Focus::Name,
            placeholder,
            name_msg,
            v,
        );
        if self.kind() == AuthKind::RoleArn {
            let account = |s: &str| AccountId::parse(s).map(drop).map_err(|e| e.reason);
            let external = |s: &str| ExternalId::parse(s).map(drop).map_err(|e| e.reason);
            let msg = check(&self.account, account);
            let hint = "12 digits, from the Braze page";
            form::text(
                &mut out,
                "Braze's AWS account ID",
                &self.account,
                self.focus == Focus::Account,
                hint,
                msg,
                v,
            );
            let msg = check(&self.external, external);
            let (label, hint) = if self.both {
                ("Currents external ID", "from the Currents page")
            } else {
                ("External ID", "from the Braze page")
            };
            form::text(
                &mut out,
                label,
                &self.external,
                self.focus == Focus::External,
                hint,
                msg,
                v,
            );
            if self.both {
                let msg = check(&self.export_external, external);
                form::text(
                    &mut out,
                    "Data export external ID",
                    &self.export_external,
                    self.focus == Focus::ExportExternal,
                    "from Technology Partners → Amazon S3 (empty: same as Currents)",
                    msg,
                    v,
                );
            }
        }
        for p in &self.problems {
            out.push(form::problem(p, v));
        }
        out
    }
}
