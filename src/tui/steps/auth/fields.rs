//! The Auth step's fields checked where they are: a value that can't be used, or a required
//! one left empty, is shown under its own field in the wizard's words (never a command-line
//! flag), and Enter moves focus to the first of them.

use super::{AuthStep, Focus};
use crate::domain::answers::AnswerError;
use crate::domain::auth::AuthKind;
use crate::domain::names::{AccountId, ExternalId, IamName};
use crate::tui::widgets::text_input::TextInput;

/// Shown under Braze's account ID when it is the person's own account (a warning only).
pub const OWN_ACCOUNT: &str = "that is your own AWS account, not Braze's: Braze's account ID is on the Braze page that shows the external ID";

impl AuthStep {
    /// What is wrong with a field's typed value, if anything (empty is not wrong here).
    pub fn invalid(&self, field: Focus) -> Option<String> {
        let (input, parse): (&TextInput, fn(&str) -> Option<String>) = match field {
            Focus::Kind => return None,
            Focus::Name => (&self.name, |s| IamName::parse(s).err().map(|e| e.reason)),
            Focus::Account => (&self.account, |s| {
                AccountId::parse(s).err().map(|e| e.reason)
            }),
            Focus::External => (&self.external, |s| {
                ExternalId::parse(s).err().map(|e| e.reason)
            }),
            Focus::ExportExternal => (&self.export_external, |s| {
                ExternalId::parse(s).err().map(|e| e.reason)
            }),
        };
        let value = input.value().trim();
        if value.is_empty() { None } else { parse(value) }
    }

    /// A field that must be filled in and is empty: what to put there.
    fn required(&self, field: Focus) -> Option<&'static str> {
        if self.kind() != AuthKind::RoleArn {
            return None;
        }
        let (input, what) = match field {
            Focus::Account => (
                &self.account,
                "required: Braze's 12-digit AWS account ID, on the Braze page that shows the external ID",
            ),
            Focus::External if self.both => (
                &self.external,
                "required: copy it from the Braze Currents page (Create Current → Amazon S3 Data Export)",
            ),
            Focus::External => (&self.external, "required: copy it from the Braze page"),
            _ => return None,
        };
        input.value().trim().is_empty().then_some(what)
    }

    /// The problem shown under `field`: its value can't be used, or it is required. Only
    /// once Enter was pressed does an empty required field count.
    pub fn problem_of(&self, field: Focus) -> Option<String> {
        self.invalid(field).or_else(|| {
            self.checked
                .then(|| self.required(field).map(str::to_string))
                .flatten()
        })
    }

    /// The first field in the focus order with a problem.
    pub fn first_problem(&self) -> Option<Focus> {
        self.order()
            .iter()
            .copied()
            .find(|f| self.invalid(*f).is_some() || self.required(*f).is_some())
    }
}

/// An answer problem the wizard could not place under a field, in the wizard's words: a
/// flag's name in parentheses (the headless hint) is left out.
pub fn wizard_words(error: &AnswerError) -> String {
    let text = match error {
        AnswerError::Missing { field, .. } => return format!("{field} is required"),
        other => other.to_string(),
    };
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let inside = &rest[open..open + close + 1];
        out.push_str(&rest[..open]);
        if !inside.contains("--") {
            out.push_str(inside);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}
