//! Step 10: exactly what to type into Braze, field by field. The secret is masked until
//! revealed (`r`) and can be copied through OSC 52 (`c`) without being shown. The screen
//! itself is in `view.rs`.

mod view;

use secrecy::SecretString;

use super::form::Pick;
use crate::domain::integration::Integration;
use crate::engine::{BrazeField, FieldValue};
use crate::tui::keymap::{Intent, KeyCtx};

pub const ABOUT: &[&str] = &[
    "These are the values to enter on the Braze page, field by field. The secret access key is shown only here, once: copy it into Braze now. It is never logged.",
    "r shows or hides the secret, c copies the chosen field to your clipboard (OSC 52: works over SSH in most terminals; tmux needs set-clipboard on).",
    "The connector profile was saved: braze-s3 test NAME re-runs the live test, braze-s3 teardown NAME deletes what the tool created.",
];

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
    pub passed: bool,
    /// Made in the wizard's own sandbox: Braze can't use it, and it ends with the wizard.
    pub sandbox: bool,
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

    pub fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            secret: self.has_secret(),
            ..KeyCtx::default()
        }
    }

    /// `Some(value)` when the person asked to copy the chosen field.
    pub fn on_intent(&mut self, intent: Intent) -> Option<SecretString> {
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
