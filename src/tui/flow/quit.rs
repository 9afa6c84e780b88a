//! Leaving the wizard: `q` and Ctrl-C mean one thing everywhere. Before any change they quit;
//! once something was created they ask first; once the connector is saved they never hide the
//! Braze fields.

use crossterm::event::{KeyCode, KeyEvent};

use secrecy::ExposeSecret;

use super::super::action::Effect;
use super::super::app::App;
use super::super::keymap::Intent;
use super::super::steps::done::{DoneStep, Field, Value};
use super::super::steps::{Flow, StepId, apply, test};
use super::super::{Outcome, Printed};
use crate::engine::{Verdict, braze_fields};

impl App {
    /// Something this run made exists in AWS (and was not rolled back).
    pub fn created_anything(&self) -> bool {
        // Not only on Apply: after a failed change, `r` goes back to the plan.
        let apply = &self.steps.apply;
        apply.created() && apply.status != apply::Status::RolledBack(Ok(()))
    }

    /// The live test ran and the profile's save was answered: `(verdict, saved to)`.
    pub fn finished_test(&self) -> Option<(Verdict, Option<String>)> {
        let test = &self.steps.test;
        match &test.status {
            test::Status::Finished {
                verdict,
                saved: Some(saved),
            } if self.step >= StepId::Test && test.task.is_none() => {
                Some((verdict.clone(), saved.as_ref().ok().cloned()))
            }
            _ => None,
        }
    }

    /// `q`: a passed connector goes on to its Braze fields; a saved one ends as completed;
    /// an unfinished setup that created something asks first; otherwise quits.
    pub(in crate::tui) fn quit(&mut self) -> Vec<Effect> {
        let finished = self.finished_test();
        if self.step == StepId::Test && matches!(finished, Some((Verdict::Passed, _))) {
            return self.go(Flow::Next);
        }
        let saved = self.step == StepId::Done || finished.is_some();
        if !saved && self.created_anything() {
            self.confirm_quit = true;
            return Vec::new();
        }
        vec![Effect::Exit(self.outcome(false))]
    }

    /// Ctrl-C: during Apply the first one stops safely and a second quits at once; elsewhere
    /// it quits, asking first once something was created (a second Ctrl-C then quits).
    pub(in crate::tui) fn interrupt(&mut self) -> Vec<Effect> {
        use apply::Status;
        let apply = &mut self.steps.apply;
        if self.step == StepId::Apply && apply.status == Status::Running {
            apply.status = Status::Stopping;
            return vec![Effect::StopApply];
        }
        let stopping = self.step == StepId::Apply && apply.status == Status::Stopping;
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

    /// The Braze fields to print once the wizard ends: the Done step's (a secret masked
    /// unless revealed there), or, when it ends before Done, the connector's with the secret
    /// masked.
    fn printed(&self) -> Vec<Printed> {
        let done = &self.steps.done;
        let reveal = self.step == StepId::Done && done.reveal;
        let fields: Vec<Field> = if self.step == StepId::Done {
            done.fields.clone()
        } else {
            let mut done = DoneStep::default();
            if let (Some(answers), Some(applied)) = (&self.shared.answers, &self.shared.applied) {
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
        let name = self.shared.answers.as_ref().map(|a| a.name.clone());
        let done = &self.steps.done;
        let completed = if self.step == StepId::Done {
            let verdict = done.verdict.clone().unwrap_or(Verdict::Failed);
            Some((verdict, done.saved.clone().and_then(Result::ok)))
        } else {
            self.finished_test()
        };
        match (completed, name) {
            (Some((verdict, saved)), Some(name)) => Outcome::Completed {
                name,
                fields: self.printed(),
                saved,
                verdict,
                sandbox: self.shared.sandbox,
            },
            (_, name) => Outcome::Cancelled {
                name,
                changed: self.created_anything(),
                signal,
            },
        }
    }
}
