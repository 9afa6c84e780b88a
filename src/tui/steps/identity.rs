//! Step 1: who am I in AWS. Without credentials, offer the sandbox or plan-only mode
//! instead of an error screen.

use ratatui::text::{Line, Span};

use super::form::{self, Pick};
use super::{Flow, Handled, Page, Shared, Step, View};
use crate::engine::Identity;
use crate::tui::action::{Action, Effect, Failure, Reply, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{Binding, CTRL_C, HELP, Intent, Key as K, KeyCtx, QUIT, When as W, b};
use crate::tui::widgets::spinner;

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    b(&[K::Up, K::Down], Intent::Down, W::Failed, Some("choose"), "choose how to go on without credentials"),
    b(&[K::Enter], Intent::Next, W::Always, Some("continue"), "go on with this account, or with the chosen mode"),
    b(&[K::Char('r')], Intent::Retry, W::Failed, Some("retry"), "look up the credentials again"),
    HELP,
    QUIT,
    CTRL_C,
];

const PAGE: Page = Page {
    title: "Identity",
    heading: "Who am I in AWS?",
    keys: KEYS,
    changes_aws: false,
    about: &[
        "The wizard first asks AWS who you are (STS GetCallerIdentity): the account, your ARN and the region. Everything it creates goes into this account.",
        "The credentials come from the standard AWS chain: environment variables, ~/.aws/config and credentials, SSO, or --profile/--region.",
        "No credentials? Use the sandbox (a local moto server the tool starts itself; nothing touches AWS) or plan-only mode: answer every question, see the exact plan and policies, change nothing.",
    ],
};

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
}

/// What the person can do instead; the sandbox only when the engine does not already run
/// against it.
fn choices(sandbox: bool) -> Vec<Choice> {
    let mut c = Vec::new();
    if !sandbox {
        c.push(Choice::Sandbox);
    }
    c.extend([Choice::PlanOnly, Choice::Quit]);
    c
}

/// What a sandbox identity is: the emulator the wizard started itself, or an endpoint on this
/// machine someone else runs (the engine treats both as a sandbox; only the first ends with
/// the wizard).
fn sandbox_note(id: &Identity, own: bool) -> Option<&'static str> {
    match (id.sandbox, own) {
        (false, _) => None,
        (true, true) => {
            Some("  Sandbox: a local emulator the tool started; nothing here touches AWS.")
        }
        (true, false) => Some(
            "  Sandbox: the endpoint is on this machine, not AWS; connectors made here are kept apart from real ones.",
        ),
    }
}

impl IdentityStep {
    pub fn failed(&mut self, error: Failure) {
        self.status = Status::Unavailable {
            error,
            pick: Pick::default(),
        };
    }

    /// Starts the engine (and the sandbox, when asked for) and asks STS who we are.
    fn start_engine(&mut self, shared: &mut Shared, sandbox: bool) -> Vec<Effect> {
        let task = shared.tasks.issue();
        shared.sandbox = sandbox;
        self.task = Some(task);
        self.status = Status::Loading { note: None };
        vec![Effect::StartEngine { task, sandbox }]
    }

    /// The fallback chosen when AWS did not answer.
    fn choose(&mut self, shared: &mut Shared, choice: Choice) -> Flow {
        match choice {
            Choice::Sandbox => Flow::Run(self.start_engine(shared, true)),
            Choice::PlanOnly => {
                shared.plan_only = true;
                Flow::Next
            }
            Choice::Quit => Flow::End,
        }
    }
}

impl Step for IdentityStep {
    fn new(_config: &Config) -> IdentityStep {
        IdentityStep {
            status: Status::Loading { note: None },
            task: None,
        }
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            busy: matches!(self.status, Status::Loading { .. }),
            failed: matches!(self.status, Status::Unavailable { .. }),
            ..KeyCtx::default()
        }
    }

    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        if self.task.is_none() && matches!(self.status, Status::Loading { .. }) {
            return self.start_engine(shared, shared.sandbox);
        }
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, _v: &View) -> Flow {
        let choices = choices(shared.sandbox);
        match (&mut self.status, intent) {
            (_, Intent::Retry) => Flow::Run(self.start_engine(shared, shared.sandbox)),
            (Status::Loaded(_), Intent::Next) => Flow::Next,
            (Status::Unavailable { pick, .. }, Intent::Up) => {
                pick.up();
                Flow::Stay
            }
            (Status::Unavailable { pick, .. }, Intent::Down | Intent::FocusNext) => {
                pick.down(choices.len());
                Flow::Stay
            }
            (Status::Unavailable { pick, .. }, Intent::Next) => {
                let choice = choices.get(pick.selected).copied().unwrap_or(Choice::Quit);
                self.choose(shared, choice)
            }
            _ => Flow::Stay,
        }
    }

    fn on_result(&mut self, action: Action, shared: &mut Shared, _v: &View) -> Handled {
        match action {
            Action::Note(note) => {
                if let Status::Loading { note: n } = &mut self.status {
                    *n = Some(note);
                }
            }
            Action::EngineStarted(Reply { task, result }) if self.task == Some(task) => {
                match result {
                    Ok(()) => {
                        let task = shared.tasks.issue();
                        self.task = Some(task);
                        return Handled::Took(Flow::Run(vec![Effect::LoadIdentity { task }]));
                    }
                    Err(e) => self.failed(e),
                }
            }
            Action::IdentityLoaded(Reply { task, result }) if self.task == Some(task) => {
                self.task = None;
                match result {
                    Ok(id) => {
                        shared.online = true;
                        if shared.draft.region.is_none() {
                            shared.found_region = Some(id.region.clone());
                        }
                        shared.identity = Some(id.clone());
                        self.status = Status::Loaded(id);
                    }
                    Err(e) => self.failed(e),
                }
            }
            other => return Handled::Left(other),
        }
        Handled::Took(Flow::Stay)
    }

    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
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
                if let Some(note) = sandbox_note(id, shared.sandbox) {
                    out.push(Line::styled(note, t.warn()));
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
                for (i, choice) in choices(shared.sandbox).iter().enumerate() {
                    let (text, detail) = choice.text();
                    out.push(form::row(text, detail, i == pick.selected, true, v));
                }
            }
        }
        out
    }
}
