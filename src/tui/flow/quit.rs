//! Leaving the wizard: `q` and Ctrl-C mean one thing everywhere. Before any change they quit;
//! once something was created they ask first; once the connector is saved they never hide the
//! Braze fields.

use crossterm::event::{KeyCode, KeyEvent};

use secrecy::ExposeSecret;

use super::super::action::Effect;
use super::super::app::App;
use super::super::keymap::Intent;
use super::super::steps::done::{DoneStep, Field, Value};
use super::super::steps::{StepId, apply, test};
use super::super::{Outcome, Printed};
use crate::engine::braze_fields;

impl App {
    /// Something this run made exists in AWS (and was not rolled back).
    pub fn created_anything(&self) -> bool {
        // Not only on Apply: after a failed change, `r` goes back to the plan.
        self.apply.created() && self.apply.status != apply::Status::RolledBack(Ok(()))
    }

    /// The live test ran and the profile's save was answered: `(passed, saved to)`.
    pub fn finished_test(&self) -> Option<(bool, Option<String>)> {
        match &self.test.status {
            test::Status::Finished {
                passed,
                saved: Some(saved),
            } if self.step >= StepId::Test && self.test.task.is_none() => {
                Some((*passed, saved.as_ref().ok().cloned()))
            }
            _ => None,
        }
    }

    /// `q`: a passed connector goes on to its Braze fields; a saved one ends as completed;
    /// an unfinished setup that created something asks first; otherwise quits.
    pub(in crate::tui) fn quit(&mut self) -> Vec<Effect> {
        match (self.step, self.finished_test()) {
            (StepId::Test, Some((true, _))) => {
                self.fill_done();
                self.step = StepId::Done;
                Vec::new()
            }
            (StepId::Done, _) | (_, Some(_)) => vec![Effect::Exit(self.outcome(false))],
            _ if self.created_anything() => {
                self.confirm_quit = true;
                Vec::new()
            }
            _ => vec![Effect::Exit(self.outcome(false))],
        }
    }

    /// Ctrl-C: during Apply the first one stops safely and a second quits at once; elsewhere
    /// it quits, asking first once something was created (a second Ctrl-C then quits).
    pub(in crate::tui) fn interrupt(&mut self) -> Vec<Effect> {
        use apply::Status;
        if self.step == StepId::Apply && self.apply.status == Status::Running {
            self.apply.status = Status::Stopping;
            return vec![Effect::StopApply];
        }
        let stopping = self.step == StepId::Apply && self.apply.status == Status::Stopping;
        let unfinished = self.step < StepId::Done && self.finished_test().is_none();
        if !stopping && !self.confirm_quit && unfinished && self.created_anything() {
            self.confirm_quit = true;
            return Vec::new();
        }
        vec![Effect::Exit(self.outcome(true))]
    }

    /// A key while "Quit now?" is asked: `y`, `q` or Ctrl-C quit; any other key stays.
    pub(in crate::tui) fn on_confirm_key(
        &mut self,
        key: KeyEvent,
        intent: Option<Intent>,
    ) -> Vec<Effect> {
        self.confirm_quit = false;
        let yes =
            matches!(key.code, KeyCode::Char('y' | 'Y' | 'q')) || intent == Some(Intent::Interrupt);
        if yes {
            return vec![Effect::Exit(
                self.outcome(intent == Some(Intent::Interrupt)),
            )];
        }
        Vec::new()
    }

    /// The Done step's fields from what was applied and how the test went.
    pub(in crate::tui) fn fill_done(&mut self) {
        if let (Some(answers), Some(applied)) = (&self.answers, &self.applied) {
            self.done.fill(braze_fields(answers, applied));
        }
        if let test::Status::Finished { passed, saved } = &self.test.status {
            self.done.passed = *passed;
            self.done.sandbox = self.identity.sandbox;
            self.done.saved = saved.clone().map(|r| r.map_err(|e| e.message));
        }
    }

    /// The Braze fields to print once the wizard ends: the Done step's (a secret masked
    /// unless revealed there), or, when it ends before Done, the connector's with the secret
    /// masked.
    fn printed(&self) -> Vec<Printed> {
        let reveal = self.step == StepId::Done && self.done.reveal;
        let fields: Vec<Field> = if self.step == StepId::Done {
            self.done.fields.clone()
        } else {
            let mut done = DoneStep::default();
            if let (Some(answers), Some(applied)) = (&self.answers, &self.applied) {
                done.fill(braze_fields(answers, applied));
            }
            done.fields
        };
        fields
            .into_iter()
            .map(|f| {
                let page = f.integration;
                let (value, secret) = match &f.value {
                    Value::Plain(p) => (p.clone(), false),
                    Value::Secret(s) if reveal => (s.expose_secret().to_string(), true),
                    Value::Secret(_) => ("•".repeat(20) + " (not revealed)", true),
                };
                Printed {
                    page: format!("{}: {}", page.title(), page.braze_location()),
                    label: f.label,
                    value,
                    secret,
                }
            })
            .collect()
    }

    /// How the wizard ends if it ends now.
    pub fn outcome(&self, signal: bool) -> Outcome {
        let name = self.answers.as_ref().map(|a| a.name.clone());
        let completed = match (self.step, self.finished_test()) {
            (StepId::Done, _) => Some((
                self.done.passed,
                self.done.saved.clone().and_then(Result::ok),
            )),
            (_, finished) => finished,
        };
        match (completed, name) {
            (Some((passed, saved)), Some(name)) => Outcome::Completed {
                name,
                fields: self.printed(),
                saved,
                passed,
                sandbox: self.identity.sandbox,
            },
            (_, name) => Outcome::Cancelled {
                name,
                changed: self.created_anything(),
                signal,
            },
        }
    }
}
