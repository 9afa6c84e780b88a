//! Step 7: every AWS change, what is reused, and warnings — or the conflicts and what to do.
//! Nothing is created before the person confirms here.

mod saved;

use ratatui::text::{Line, Span};

use super::{Flow, Handled, Page, Shared, Step, View};
use crate::domain::existing::Existing;
use crate::domain::plan::{Plan, PlanError};
use crate::tui::Outcome;
use crate::tui::action::{Action, Effect, Failure, Reply, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{
    BACK, Binding, CTRL_C, HELP, Intent, Key as K, KeyCtx, QUIT, When as W, b,
};
use crate::tui::widgets::{scroll, spinner, wrap};

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    b(&[K::Up, K::Down], Intent::Down, W::Always, Some("scroll"), "scroll the plan"),
    b(&[K::PageUp, K::PageDown], Intent::PageDown, W::Always, None, "scroll a page"),
    b(&[K::Enter], Intent::Next, W::Ready, Some("confirm"), "confirm: make these changes in AWS (plan-only: finish and print the plan)"),
    b(&[K::Char('r')], Intent::Retry, W::Failed, Some("retry"), "look at what exists again and re-plan"),
    BACK,
    HELP,
    QUIT,
    CTRL_C,
];

const PAGE: Page = Page {
    title: "Plan",
    heading: "Every change, before anything changes",
    keys: KEYS,
    changes_aws: false,
    about: &[
        "The wizard looked at what already exists (bucket, policies, user or role, saved connectors) and lists every change it would make, in order. Things that exist and match are reused, not recreated.",
        "Nothing has been changed yet. Enter confirms and starts making the changes; every created resource is written to a journal as it is made, so an interrupted setup can be resumed (braze-s3 resume) or undone (braze-s3 teardown NAME).",
        "If the plan can't go ahead (a bucket owned by someone else, Object Lock, SSE-KMS, a folder another connector uses…), each problem says what to change: go back with Esc.",
    ],
};

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Discovering,
    Ready(Plan),
    Conflicts(Vec<PlanError>),
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub status: Status,
    pub task: Option<TaskId>,
    pub scroll: usize,
    /// Go straight on to Apply once the plan is ready (retry after a failed apply).
    pub apply_when_ready: bool,
}

impl Default for PlanStep {
    fn default() -> Self {
        PlanStep {
            status: Status::Discovering,
            task: None,
            scroll: 0,
            apply_when_ready: false,
        }
    }
}

impl PlanStep {
    /// Looks at what exists and plans (offline: plans against an empty account).
    fn discover(&mut self, shared: &mut Shared, apply_when_ready: bool) -> Vec<Effect> {
        let Some(answers) = shared.answers.clone() else {
            return Vec::new();
        };
        self.scroll = 0;
        if !shared.online {
            self.planned(Plan::from(&answers, &Existing::default()));
            return Vec::new();
        }
        let task = shared.tasks.issue();
        self.task = Some(task);
        self.status = Status::Discovering;
        self.apply_when_ready = apply_when_ready;
        vec![Effect::Prepare { task, answers }]
    }

    pub fn planned(&mut self, plan: Result<Plan, Vec<PlanError>>) {
        self.task = None;
        self.scroll = 0;
        self.status = match plan {
            Ok(p) => Status::Ready(p),
            Err(e) => Status::Conflicts(e),
        };
    }

    pub fn plan(&self) -> Option<&Plan> {
        match &self.status {
            Status::Ready(p) => Some(p),
            _ => None,
        }
    }

    pub fn lines(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        let heading = |s: &str| Line::from(Span::styled(s.to_string(), t.label()));
        match &self.status {
            Status::Discovering => out.push(Line::from(format!(
                "{} looking at what already exists in the account…",
                spinner::frame(v.tick)
            ))),
            Status::Failed(e) => {
                let code = e
                    .code
                    .as_ref()
                    .map(|c| format!("{c}: "))
                    .unwrap_or_default();
                out.push(Line::styled(format!("✗ {code}{}", e.message), t.error()));
                out.push(Line::default());
                out.push(Line::from(
                    "r looks again · Esc goes back · q quits (nothing was changed)",
                ));
            }
            Status::Conflicts(errors) => {
                out.push(heading("The plan can't go ahead:"));
                for e in errors {
                    out.push(Line::styled(format!("  ✗ {e}"), t.error()));
                }
                out.push(Line::default());
                out.push(Line::from("Nothing was changed. Press Esc to go back and change the answers, or r to look again."));
            }
            Status::Ready(plan) => {
                out.extend(saved::update_lines(shared, t));
                if plan.changes.is_empty() {
                    out.push(heading("Everything already exists: no change needed."));
                } else {
                    out.push(heading(&format!(
                        "{} changes, in this order:",
                        plan.changes.len()
                    )));
                    out.extend(
                        plan.lines()
                            .into_iter()
                            .map(|l| Line::from(format!("  {l}"))),
                    );
                }
                if !plan.adopted.is_empty() {
                    out.push(Line::default());
                    out.push(heading("Already there, reused as it is:"));
                    out.extend(
                        plan.adopted
                            .iter()
                            .map(|a| Line::styled(format!("  = {a}"), t.ok())),
                    );
                }
                let mut warnings = plan.warnings.clone();
                warnings.extend(saved::neighbour_warnings(shared));
                if !warnings.is_empty() {
                    out.push(Line::default());
                    out.push(heading("Worth knowing:"));
                    out.extend(
                        warnings
                            .iter()
                            .map(|w| Line::styled(format!("  ! {w}"), t.warn())),
                    );
                }
                out.push(Line::default());
                if v.plan_only {
                    out.push(Line::styled(
                        "Plan-only mode: Enter finishes and prints this plan; nothing is changed.",
                        t.focus(),
                    ));
                } else {
                    out.push(Line::styled(
                        "Nothing has been changed yet. Enter makes these changes; Esc goes back.",
                        t.focus(),
                    ));
                }
            }
        }
        out
    }
}

impl Step for PlanStep {
    fn new(_config: &Config) -> PlanStep {
        PlanStep::default()
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            busy: self.status == Status::Discovering,
            failed: matches!(self.status, Status::Failed(_) | Status::Conflicts(_)),
            ..KeyCtx::default()
        }
    }

    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        let lines = wrap::lines(self.lines(shared, v), v.width);
        scroll::window(lines, self.scroll, v.height, v.theme)
    }

    /// Plans again; straight on to Apply when Apply sent the wizard back to retry.
    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        let again = std::mem::take(&mut shared.reapply);
        self.discover(shared, again)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, v: &View) -> Flow {
        if intent == Intent::Retry {
            return Flow::Run(self.discover(shared, false));
        }
        let total = wrap::lines(self.lines(shared, v), v.width).len();
        if let Some(scroll) = scroll::moved(self.scroll, intent, total, v.height) {
            self.scroll = scroll;
        }
        match intent {
            Intent::Next => match self.plan() {
                Some(plan) if shared.plan_only => Flow::Exit(Outcome::PlanOnly {
                    plan: Some(Box::new(plan.clone())),
                }),
                Some(_) => Flow::Next,
                None => Flow::Stay,
            },
            Intent::Back => {
                // A plan still being made is no longer waited for.
                self.task = None;
                self.apply_when_ready = false;
                Flow::Back
            }
            _ => Flow::Stay,
        }
    }

    fn on_result(&mut self, action: Action, _shared: &mut Shared, _v: &View) -> Handled {
        match action {
            Action::Prepared(Reply { task, result }) if self.task == Some(task) => match result {
                Ok(prepared) => {
                    self.planned(prepared.plan);
                    if self.apply_when_ready && self.plan().is_some() {
                        return Handled::Took(Flow::Next);
                    }
                }
                Err(e) => {
                    self.task = None;
                    self.status = Status::Failed(e);
                }
            },
            other => return Handled::Left(other),
        }
        Handled::Took(Flow::Stay)
    }

    /// The confirmed plan goes to Apply.
    fn leave(&mut self, shared: &mut Shared) -> bool {
        self.apply_when_ready = false;
        shared.plan = self.plan().cloned();
        shared.plan.is_some()
    }
}
