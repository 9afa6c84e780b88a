//! Step 10: exactly what to type into Braze, field by field. The secret is masked until
//! revealed (`r`) and can be copied through OSC 52 (`c`) without being shown. The screen
//! itself is in `view.rs`.

mod view;

use ratatui::text::Line;
use secrecy::SecretString;

use super::form::Pick;
use super::{Flow, Page, Shared, Step, View};
use crate::domain::integration::Integration;
use crate::engine::{BrazeField, FieldValue, Verdict, braze_fields};
use crate::tui::action::Effect;
use crate::tui::app::Config;
use crate::tui::keymap::{Binding, CTRL_C, HELP, Intent, Key as K, KeyCtx, When as W, b};

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    b(&[K::Up, K::Down], Intent::Down, W::Always, Some("move"), "choose a field"),
    b(&[K::PageUp, K::PageDown], Intent::PageDown, W::Always, None, "the first or the last field (the screen follows)"),
    b(&[K::Char('r')], Intent::Reveal, W::Secret, Some("reveal"), "show or hide the secret access key"),
    b(&[K::Char('c')], Intent::Copy, W::Always, Some("copy"), "copy the chosen field to the clipboard (OSC 52)"),
    b(&[K::Enter, K::Char('q')], Intent::Quit, W::Always, Some("finish"), "leave the wizard"),
    HELP,
    CTRL_C,
];

const PAGE: Page = Page {
    title: "Done",
    heading: "Enter these in Braze",
    keys: KEYS,
    changes_aws: true,
    about: &[
        "These are the values to enter on the Braze page, field by field. The secret access key is never logged. It is kept in the connector profile, a file only you can read, so that `braze-s3 test` can run the live test again; when the wizard was started with --no-store-secret it is kept nowhere and shown only here, so copy it into Braze now.",
        "r shows or hides the secret, c copies the chosen field to your clipboard (OSC 52: works over SSH in most terminals; tmux needs set-clipboard on).",
        "The connector profile was saved: braze-s3 test NAME re-runs the live test, braze-s3 teardown NAME deletes what the tool created.",
    ],
};

/// A Braze field; a secret value is kept as a `SecretString` from the moment it arrives.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Braze page it goes into (each integration has its own credential).
    pub integration: Integration,
    pub label: &'static str,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    Plain(String),
    Secret(SecretString),
}

impl Value {
    pub fn secret(&self) -> SecretString {
        match self {
            Value::Plain(v) => SecretString::from(v.clone()),
            Value::Secret(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DoneStep {
    pub fields: Vec<Field>,
    pub pick: Pick,
    pub reveal: bool,
    pub saved: Option<Result<String, String>>,
    /// How the live test ended (none before it did).
    pub verdict: Option<Verdict>,
    /// The profile keeps a new secret (unless `--no-store-secret`).
    pub store_secret: bool,
    /// Made in the wizard's own sandbox: Braze can't use it, and it ends with the wizard.
    pub sandbox: bool,
    /// Made against an endpoint on this machine that the wizard did not start.
    pub local: bool,
    pub status: Option<String>,
}

impl DoneStep {
    pub fn fill(&mut self, fields: Vec<BrazeField>) {
        self.fields = fields
            .into_iter()
            .map(|f| Field {
                integration: f.integration,
                label: f.label,
                value: match f.value {
                    FieldValue::Secret(s) => Value::Secret(s),
                    FieldValue::Plain(p) => Value::Plain(p),
                },
            })
            .collect();
        self.pick = Pick::default();
        self.reveal = false;
        self.status = None;
    }

    /// Whether a field is a secret (then `r` reveals it).
    pub fn has_secret(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(f.value, Value::Secret(_)))
    }

    /// `Some(value)` when the person asked to copy the chosen field.
    fn choose(&mut self, intent: Intent) -> Option<SecretString> {
        // The copy confirmation in the footer lasts until the next key.
        self.status = None;
        match intent {
            Intent::Up => {
                self.pick.up();
            }
            Intent::Down | Intent::FocusNext => {
                self.pick.down(self.fields.len());
            }
            Intent::PageUp => self.pick = Pick::default(),
            Intent::PageDown => self.pick = Pick::at(self.fields.len().saturating_sub(1)),
            Intent::Reveal if self.has_secret() => self.reveal = !self.reveal,
            Intent::Copy => {
                let field = self.fields.get(self.pick.selected)?;
                self.status = Some(format!("Copied {} to the clipboard (OSC 52)", field.label));
                return Some(field.value.secret());
            }
            _ => {}
        }
        None
    }
}

impl Step for DoneStep {
    fn new(config: &Config) -> DoneStep {
        DoneStep {
            store_secret: config.store_secret,
            ..DoneStep::default()
        }
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            secret: self.has_secret(),
            ..KeyCtx::default()
        }
    }

    fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    fn view(&self, _shared: &Shared, v: &View) -> Vec<Line<'static>> {
        self.lines_in_view(v)
    }

    /// The fields from what was applied, and how the test went.
    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        if let (Some(answers), Some(applied)) = (&shared.answers, &shared.applied) {
            self.fill(braze_fields(answers, applied));
        }
        if let Some((verdict, saved)) = &shared.tested {
            self.verdict = Some(verdict.clone());
            self.sandbox = shared.sandbox;
            self.local = !shared.sandbox && shared.identity.as_ref().is_some_and(|i| i.sandbox);
            self.saved = saved.clone().map(|r| r.map_err(|e| e.message));
        }
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, _shared: &mut Shared, _v: &View) -> Flow {
        if intent == Intent::Quit {
            return Flow::End;
        }
        match self.choose(intent) {
            Some(value) => Flow::Run(vec![Effect::Copy(value)]),
            None => Flow::Stay,
        }
    }
}
