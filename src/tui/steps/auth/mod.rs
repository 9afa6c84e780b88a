//! Step 5: secret key (IAM user + access key) or role ARN (role trusted by Braze's account),
//! or, for Currents, another connector's user and key (`share.rs`). Each field's problem is
//! shown under it (`fields.rs`); the screen is in `view.rs`.

mod fields;
mod share;
mod view;

pub use fields::wizard_words;

use ratatui::text::Line;

use super::form::{self, Pick};
use super::{Flow, Handled, Page, Shared, Step, View};
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::BucketName;
use crate::engine::ShareOffer;
use crate::tui::action::{Action, Effect, Reply, TaskId};
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
        "Currents only: a saved Currents connector on the same bucket whose profile keeps its key is offered too. Sharing its user and key makes no new user or key: its policy is extended to this connector's folder (Braze allows several Currents connectors to share credentials, each with its own folder).",
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
    /// Enter was pressed: an empty required field now shows that it is required.
    pub checked: bool,
    /// Problems Enter found that belong to no one field, in the wizard's words.
    pub problems: Vec<String>,
    /// Saved connectors whose user and key this one may share (Currents only).
    pub offers: Vec<ShareOffer>,
    pub offers_task: Option<TaskId>,
    /// The connector named to share with (command line), chosen once its offer arrives.
    pub wanted: Option<String>,
}

impl AuthStep {
    /// The auth method; sharing another connector's key is secret-key auth.
    pub fn kind(&self) -> AuthKind {
        AuthKind::ALL
            .get(self.kind.selected)
            .copied()
            .unwrap_or(AuthKind::SecretKey)
    }

    fn order(&self) -> &'static [Focus] {
        if self.sharing().is_some() {
            // The user is the other connector's: nothing to type.
            return &[Focus::Kind];
        }
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
            (Intent::Down, Focus::Kind) if !self.kind.down(self.rows()) => {
                self.focus = form::cycle(self.order(), Focus::Kind, 1);
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

    /// Enter was pressed: `false` (focus on the first field in error, or on the method when
    /// the chosen offer can't be used) while something is wrong.
    fn ready(&mut self, shared: &Shared) -> bool {
        self.checked = true;
        self.problems.clear();
        if let Some(field) = self.first_problem() {
            self.focus = field;
            return false;
        }
        if let Some(why) = self
            .sharing()
            .and_then(|o| share::unusable(o, &shared.draft))
        {
            self.focus = Focus::Kind;
            self.problems = vec![why];
            return false;
        }
        true
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
            // A shared user is the other connector's, not a name typed for this one.
            name: text(
                d.user_name
                    .as_ref()
                    .filter(|_| d.share_with.is_none())
                    .or(d.role_name.as_ref()),
            ),
            account: text(d.braze_account_id.as_ref()),
            external: text(d.currents_external_id.as_ref().or(d.external_id.as_ref())),
            export_external: text(d.export_external_id.as_ref()),
            both: false,
            checked: false,
            problems: Vec::new(),
            offers: Vec::new(),
            offers_task: None,
            wanted: d.share_with.clone(),
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
        self.lines(shared, v)
    }

    /// Looks for connectors to share with (Currents only, with AWS reachable).
    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        self.both = shared.draft.integration == Some(IntegrationChoice::Both);
        self.checked = false;
        self.withdraw();
        self.offers_task = None;
        let bucket = shared.draft.bucket.as_deref().map(BucketName::parse);
        match bucket {
            Some(Ok(bucket))
                if shared.integration() == IntegrationChoice::Currents && shared.online =>
            {
                let task = shared.tasks.issue();
                self.offers_task = Some(task);
                vec![Effect::FindShareOffers { task, bucket }]
            }
            _ => Vec::new(),
        }
    }

    fn on_result(&mut self, action: Action, shared: &mut Shared, _v: &View) -> Handled {
        match action {
            Action::ShareOffersFound(Reply { task, result }) if self.offers_task == Some(task) => {
                self.offers_task = None;
                // Without the saved connectors there is simply nothing to offer.
                self.offered(result.unwrap_or_default(), &shared.draft);
                Handled::Took(Flow::Stay)
            }
            other => Handled::Left(other),
        }
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

    /// Builds the answers from the whole draft; every problem is shown where it is.
    fn leave(&mut self, shared: &mut Shared) -> bool {
        if !self.ready(shared) {
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
        (d.share_with, d.shared_policy) = (None, None);
        if let Some(offer) = self.sharing()
            && let Err(e) = offer.fill(d)
        {
            self.problems = vec![e.to_string()];
            return false;
        }
        match shared.draft.build() {
            Ok(a) => shared.answers = Some(a),
            Err(errors) => {
                self.problems = errors.0.iter().map(fields::wizard_words).collect();
                return false;
            }
        }
        true
    }
}
