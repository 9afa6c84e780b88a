//! How the wizard moves: intents per step, entering and leaving steps. Task results are in
//! `results.rs`.

mod quit;
mod results;

use crossterm::event::KeyEvent;

use super::Outcome;
use super::action::Effect;
use super::app::App;
use super::keymap::Intent;
use super::steps::identity::{Choice, Status as IdStatus};
use super::steps::{Flow, StepId, View, apply, plan};
use crate::domain::auth::AuthKind;
use crate::domain::existing::Existing;
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::plan::Plan;

impl App {
    fn currents(&self) -> bool {
        self.integration.choice().includes(Integration::Currents)
    }

    pub(super) fn on_typing(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.step {
            StepId::Bucket => self.bucket.on_key(key, &mut self.tasks, !self.online),
            StepId::Options => {
                self.options.on_key(key);
                Vec::new()
            }
            StepId::Auth => {
                self.auth.on_key(key);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn on_intent(&mut self, intent: Intent) -> Vec<Effect> {
        let v = self.view();
        let flow = match self.step {
            StepId::Identity => return self.identity_intent(intent),
            StepId::Integration => self.integration.on_intent(intent),
            StepId::Bucket => self.bucket.on_intent(intent, self.integration.choice()),
            StepId::Options => self.options.on_intent(intent, self.currents()),
            StepId::Auth => self.auth.on_intent(intent),
            StepId::Policy => self.policy.on_intent(intent, &v),
            StepId::Plan => return self.plan_intent(intent, &v),
            StepId::Apply => return self.apply_intent(intent),
            StepId::Test => return self.test_intent(intent),
            StepId::Done => {
                if matches!(intent, Intent::Quit | Intent::Next) {
                    return self.quit();
                }
                return self
                    .done
                    .on_intent(intent)
                    .map(Effect::Copy)
                    .into_iter()
                    .collect();
            }
        };
        if intent == Intent::Quit {
            return self.quit();
        }
        match flow {
            Flow::Stay => Vec::new(),
            Flow::Back => self.back(),
            Flow::Next => self.next(),
        }
    }

    fn identity_intent(&mut self, intent: Intent) -> Vec<Effect> {
        match (intent, self.identity.on_intent(intent)) {
            (Intent::Quit, _) | (_, Err(Choice::Quit)) => self.quit(),
            (Intent::Retry, _) => self.start_engine(self.identity.sandbox),
            (_, Ok(Flow::Next)) => self.next(),
            (_, Err(Choice::Sandbox)) => self.start_engine(true),
            (_, Err(Choice::PlanOnly)) => {
                self.plan_only = true;
                self.next()
            }
            _ => Vec::new(),
        }
    }

    fn start_engine(&mut self, sandbox: bool) -> Vec<Effect> {
        let task = self.tasks.issue();
        self.identity.sandbox = sandbox;
        self.identity.task = Some(task);
        self.identity.status = IdStatus::Loading { note: None };
        vec![Effect::StartEngine { task, sandbox }]
    }

    fn plan_intent(&mut self, intent: Intent, v: &View) -> Vec<Effect> {
        match intent {
            Intent::Quit => self.quit(),
            Intent::Retry => self.enter_plan(false),
            _ => match self.plan.on_intent(intent, v) {
                Flow::Next if self.plan_only => {
                    let plan = self.plan.plan().cloned();
                    vec![Effect::Exit(Outcome::PlanOnly {
                        plan: plan.map(Box::new),
                    })]
                }
                Flow::Next => self.start_apply(),
                Flow::Back => self.back(),
                Flow::Stay => Vec::new(),
            },
        }
    }

    fn start_apply(&mut self) -> Vec<Effect> {
        let (Some(answers), Some(plan)) = (self.answers.clone(), self.plan.plan().cloned()) else {
            return Vec::new();
        };
        let task = self.tasks.issue();
        self.plan.apply_when_ready = false;
        self.apply.start(&plan.changes, task);
        self.step = StepId::Apply;
        vec![Effect::Apply {
            task,
            answers,
            plan,
        }]
    }

    fn apply_intent(&mut self, intent: Intent) -> Vec<Effect> {
        use apply::Status;
        match (intent, &self.apply.status) {
            (Intent::Next, Status::Finished) => self.start_test(),
            (Intent::Retry | Intent::Continue, _) => {
                self.step = StepId::Plan;
                self.enter_plan(true)
            }
            (Intent::Back, _) => {
                self.step = StepId::Plan;
                self.enter_plan(false)
            }
            (Intent::Rollback, Status::Stopped) if self.apply.created() => {
                let Some(name) = self.answers.as_ref().map(|a| a.name.clone()) else {
                    return Vec::new();
                };
                let task = self.tasks.issue();
                self.apply.task = Some(task);
                self.apply.status = Status::RollingBack { log: Vec::new() };
                vec![Effect::Rollback { task, name }]
            }
            (Intent::Keep, _) => vec![Effect::Exit(self.outcome(false))],
            (Intent::Quit, _) => self.quit(),
            _ => Vec::new(),
        }
    }

    fn start_test(&mut self) -> Vec<Effect> {
        let (Some(answers), Some(applied)) = (self.answers.clone(), self.applied.clone()) else {
            return Vec::new();
        };
        let task = self.tasks.issue();
        self.test.start(task);
        self.step = StepId::Test;
        vec![Effect::Verify {
            task,
            answers,
            applied,
        }]
    }

    fn test_intent(&mut self, intent: Intent) -> Vec<Effect> {
        match intent {
            Intent::Retry => self.start_test(),
            Intent::Quit => self.quit(),
            Intent::Next => {
                self.fill_done();
                self.step = StepId::Done;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn back(&mut self) -> Vec<Effect> {
        self.plan.task = None;
        self.plan.apply_when_ready = false;
        if self.step > StepId::Identity && self.step <= StepId::Plan {
            self.step = self.step.prev();
        }
        Vec::new()
    }

    /// Records the current step's answers and enters the next step.
    fn next(&mut self) -> Vec<Effect> {
        match self.step {
            StepId::Integration => self.draft.integration = Some(self.integration.choice()),
            StepId::Bucket => {
                let Some((bucket, region, existing)) = self.bucket.answer() else {
                    return Vec::new();
                };
                self.draft.bucket = Some(bucket);
                self.draft.region = Some(region);
                self.draft.existing_bucket = existing;
            }
            StepId::Options => {
                let currents = self.currents();
                let folder = self.options.folder.value().trim().to_string();
                self.draft.folder = currents.then_some(folder);
                self.draft.sse = Some(self.options.sse);
                self.draft.scope_to_folder = currents && self.options.scope;
            }
            StepId::Auth => {
                if !self.auth.ready() {
                    return Vec::new();
                }
                let kind = self.auth.kind();
                let [name, account, external, export] = self.auth.draft_fields();
                let d = &mut self.draft;
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
                match self.draft.build() {
                    Ok(a) => self.answers = Some(a),
                    Err(errors) => {
                        self.auth.problems = errors.0.iter().map(ToString::to_string).collect();
                        return Vec::new();
                    }
                }
            }
            _ => {}
        }
        self.step = self.step.next();
        match self.step {
            StepId::Bucket => self.bucket.enter(&mut self.tasks, !self.online),
            StepId::Options => {
                self.options.enter(self.currents());
                Vec::new()
            }
            StepId::Auth => {
                self.auth.both = self.draft.integration == Some(IntegrationChoice::Both);
                Vec::new()
            }
            StepId::Policy => {
                if let Some(a) = &self.answers {
                    self.policy.enter(a);
                }
                Vec::new()
            }
            StepId::Plan => self.enter_plan(false),
            _ => Vec::new(),
        }
    }

    /// Looks at what exists and plans (offline: plans against an empty account).
    fn enter_plan(&mut self, apply_when_ready: bool) -> Vec<Effect> {
        let Some(answers) = self.answers.clone() else {
            return Vec::new();
        };
        self.plan.scroll = 0;
        if !self.online {
            self.plan
                .planned(Plan::from(&answers, &Existing::default()));
            return Vec::new();
        }
        let task = self.tasks.issue();
        self.plan.task = Some(task);
        self.plan.status = plan::Status::Discovering;
        self.plan.apply_when_ready = apply_when_ready;
        vec![Effect::Prepare { task, answers }]
    }
}
