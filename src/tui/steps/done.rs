//! Step 10: exactly what to type into Braze, field by field. The secret is masked until
//! revealed (`r`) and can be copied through OSC 52 (`c`) without being shown.

use ratatui::text::{Line, Span};
use secrecy::{ExposeSecret, SecretString};

use super::View;
use super::form::Pick;
use crate::domain::integration::Integration;
use crate::engine::{BrazeField, FieldValue};
use crate::tui::keymap::Intent;

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

    /// `Some(value)` when the person asked to copy the chosen field.
    pub fn on_intent(&mut self, intent: Intent) -> Option<SecretString> {
        match intent {
            Intent::Up => {
                self.pick.up();
            }
            Intent::Down | Intent::FocusNext => {
                self.pick.down(self.fields.len());
            }
            Intent::Reveal => self.reveal = !self.reveal,
            Intent::Copy => {
                let field = self.fields.get(self.pick.selected)?;
                self.status = Some(format!(
                    "Copied {} to the clipboard (if your terminal allows OSC 52).",
                    field.label
                ));
                return Some(field.value.secret());
            }
            _ => {}
        }
        None
    }

    pub fn view(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        let width = self.fields.iter().map(|f| f.label.len()).max().unwrap_or(0);
        for (i, f) in self.fields.iter().enumerate() {
            // Each integration's credential is headed by the Braze page it goes into.
            if i == 0 || self.fields[i - 1].integration != f.integration {
                if i > 0 {
                    out.push(Line::default());
                }
                let page = f.integration;
                out.push(Line::styled(
                    format!("In Braze: {}: {}", page.title(), page.braze_location()),
                    t.label(),
                ));
                out.push(Line::default());
            }
            let selected = i == self.pick.selected;
            let value = match &f.value {
                Value::Plain(p) => p.clone(),
                Value::Secret(s) if self.reveal => s.expose_secret().to_string(),
                Value::Secret(_) => "•".repeat(20) + "  (r reveals, c copies)",
            };
            let style = if selected { t.selected() } else { t.text() };
            out.push(Line::from(vec![
                Span::raw(if selected { " ▸ " } else { "   " }),
                Span::styled(format!("{:<width$}", f.label), t.label()),
                Span::raw("  "),
                Span::styled(value, style),
            ]));
        }
        out.push(Line::default());
        if self
            .fields
            .iter()
            .any(|f| matches!(f.value, Value::Secret(_)))
        {
            out.push(Line::styled(
                "The secret is shown only now: enter it in Braze before leaving. It is never written to a log.",
                t.warn(),
            ));
        }
        match &self.saved {
            Some(Ok(path)) => out.push(Line::from(format!("Connector profile saved to {path}"))),
            Some(Err(e)) => out.push(Line::styled(
                format!("✗ the profile was not saved: {e}"),
                t.error(),
            )),
            None => {}
        }
        if self.sandbox {
            let passed = if self.passed {
                "Live test passed. "
            } else {
                ""
            };
            out.push(Line::styled(
                format!("{passed}Sandbox: these values come from the local emulator, which stops when you leave; Braze can't use them."),
                t.warn(),
            ));
            out.push(Line::styled(
                "Sandbox connectors live only as long as their sandbox: use `braze-s3 sandbox` + --endpoint-url to keep one, or run without --sandbox for a real bucket.",
                t.dim(),
            ));
        } else if self.passed {
            out.push(Line::styled(
                "Live test passed. In Braze, press Test Credentials, then save.",
                t.ok(),
            ));
        } else {
            out.push(Line::styled(
                "The live test did not pass: see the Test step; fix, then braze-s3 test NAME.",
                t.warn(),
            ));
        }
        if let Some(s) = &self.status {
            out.push(Line::default());
            out.push(Line::styled(s.clone(), t.focus()));
        }
        out
    }
}
