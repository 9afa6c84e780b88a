//! Step 1: who am I in AWS. Without credentials, offer the sandbox or plan-only mode
//! instead of an error screen.

use ratatui::text::{Line, Span};

use super::form::{self, Pick};
use super::{Flow, View};
use crate::engine::Identity;
use crate::tui::action::{Failure, TaskId};
use crate::tui::keymap::{Intent, KeyCtx};
use crate::tui::widgets::spinner;

pub const ABOUT: &[&str] = &[
    "The wizard first asks AWS who you are (STS GetCallerIdentity): the account, your ARN and the region. Everything it creates goes into this account.",
    "The credentials come from the standard AWS chain: environment variables, ~/.aws/config and credentials, SSO, or --profile/--region.",
    "No credentials? Use the sandbox (a local moto server the tool starts itself; nothing touches AWS) or plan-only mode: answer every question, see the exact plan and policies, change nothing.",
];

/// What the person can do when AWS did not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Sandbox,
    PlanOnly,
    Quit,
}

impl Choice {
    fn text(self) -> (&'static str, &'static str) {
        match self {
            Choice::Sandbox => ("Use the sandbox", "a local emulator; nothing touches AWS"),
            Choice::PlanOnly => (
                "Plan only",
                "answer the questions, print the plan, change nothing",
            ),
            Choice::Quit => (
                "Quit",
                "set up credentials (aws configure / aws sso login) and come back",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Starting the engine (and the sandbox) or asking STS.
    Loading {
        note: Option<String>,
    },
    Loaded(Identity),
    /// AWS did not answer: the error and what to do instead.
    Unavailable {
        error: Failure,
        pick: Pick,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct IdentityStep {
    pub status: Status,
    pub task: Option<TaskId>,
    /// The engine already runs against the sandbox (so offering it again makes no sense).
    pub sandbox: bool,
}

impl IdentityStep {
    pub fn new(sandbox: bool) -> IdentityStep {
        IdentityStep {
            status: Status::Loading { note: None },
            task: None,
            sandbox,
        }
    }

    pub fn choices(&self) -> Vec<Choice> {
        let mut c = Vec::new();
        if !self.sandbox {
            c.push(Choice::Sandbox);
        }
        c.extend([Choice::PlanOnly, Choice::Quit]);
        c
    }

    pub fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            busy: matches!(self.status, Status::Loading { .. }),
            failed: matches!(self.status, Status::Unavailable { .. }),
            ..KeyCtx::default()
        }
    }

    pub fn failed(&mut self, error: Failure) {
        self.status = Status::Unavailable {
            error,
            pick: Pick::default(),
        };
    }

    /// `Next` when the person goes on with this account; the chosen fallback otherwise.
    pub fn on_intent(&mut self, intent: Intent) -> Result<Flow, Choice> {
        let choices = self.choices();
        match (&mut self.status, intent) {
            (Status::Loaded(_), Intent::Next) => Ok(Flow::Next),
            (Status::Unavailable { pick, .. }, Intent::Up) => {
                pick.up();
                Ok(Flow::Stay)
            }
            (Status::Unavailable { pick, .. }, Intent::Down | Intent::FocusNext) => {
                pick.down(choices.len());
                Ok(Flow::Stay)
            }
            (Status::Unavailable { pick, .. }, Intent::Next) => {
                Err(choices.get(pick.selected).copied().unwrap_or(Choice::Quit))
            }
            _ => Ok(Flow::Stay),
        }
    }

    pub fn view(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        match &self.status {
            Status::Loading { note } => {
                let what = note
                    .clone()
                    .unwrap_or_else(|| "asking AWS who you are…".into());
                out.push(Line::from(vec![
                    Span::styled(format!("{} ", spinner::frame(v.tick)), t.focus()),
                    Span::raw(what),
                ]));
            }
            Status::Loaded(id) => {
                let pair = |k: &str, val: String| {
                    Line::from(vec![
                        Span::styled(format!("  {k:<10}"), t.label()),
                        Span::raw(val),
                    ])
                };
                out.push(pair("Account", id.account.clone()));
                out.push(pair("Caller", id.arn.clone()));
                out.push(pair("Region", id.region.clone()));
                if let Some(endpoint) = &id.endpoint {
                    out.push(pair("Endpoint", endpoint.clone()));
                }
                out.push(Line::default());
                if id.sandbox {
                    out.push(Line::styled(
                        "  Sandbox: a local emulator the tool started; nothing here touches AWS.",
                        t.warn(),
                    ));
                    out.push(Line::default());
                }
                out.push(form::note(
                    "Everything the wizard creates goes into this account. Nothing is changed before you confirm the plan.",
                    v,
                ));
            }
            Status::Unavailable { error, pick } => {
                out.push(Line::styled(
                    "AWS did not answer with an identity:",
                    t.warn(),
                ));
                let code = error
                    .code
                    .as_ref()
                    .map(|c| format!("{c}: "))
                    .unwrap_or_default();
                out.push(Line::styled(
                    format!("  {code}{}", error.message),
                    t.error(),
                ));
                out.push(Line::default());
                out.push(Line::styled("How do you want to go on?", t.label()));
                for (i, choice) in self.choices().iter().enumerate() {
                    let (text, detail) = choice.text();
                    out.push(form::row(text, detail, i == pick.selected, true, v));
                }
            }
        }
        out
    }
}
