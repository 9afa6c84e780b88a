//! How the wizard moves between steps: the current step decides what a key or a result means
//! (a [`Flow`]); this file carries it out, the same way for every step. Leaving is in
//! `quit.rs`.

mod quit;

use super::action::{Action, Effect};
use super::app::App;
use super::keymap::Intent;
use super::steps::{Flow, Handled, StepId};

impl App {
    pub(super) fn on_intent(&mut self, intent: Intent) -> Vec<Effect> {
        let v = self.view();
        let step = self.steps.get_mut(self.step);
        let flow = step.on_intent(intent, &mut self.shared, &v);
        // `q` means one thing everywhere (the step has had its say first).
        if intent == Intent::Quit {
            return self.quit();
        }
        self.go(flow)
    }

    /// A finished task, offered to each step until one waits for it; results nobody waits
    /// for any more are dropped.
    pub(in crate::tui) fn on_result(&mut self, mut action: Action) -> Vec<Effect> {
        if let Action::Progress { at, .. } = &action {
            self.now = self.now.max(*at);
        }
        let v = self.view();
        for &id in StepId::ALL {
            match self
                .steps
                .get_mut(id)
                .on_result(action, &mut self.shared, &v)
            {
                // A result moves the wizard only from the step that waits for it.
                Handled::Took(Flow::Run(effects)) => return effects,
                Handled::Took(flow) if id == self.step => return self.go(flow),
                Handled::Took(_) => return Vec::new(),
                Handled::Left(unclaimed) => action = unclaimed,
            }
        }
        Vec::new()
    }

    /// Carries out what the current step decided.
    pub(super) fn go(&mut self, flow: Flow) -> Vec<Effect> {
        match flow {
            Flow::Stay => Vec::new(),
            Flow::Run(effects) => effects,
            Flow::Next => self.next(),
            Flow::Back => {
                self.step = self.step.prev();
                Vec::new()
            }
            Flow::To(step) => self.enter(step),
            Flow::End => vec![Effect::Exit(self.outcome(false))],
            Flow::Exit(outcome) => vec![Effect::Exit(outcome)],
        }
    }

    /// Records the current step's answers and enters the next step.
    fn next(&mut self) -> Vec<Effect> {
        if !self.steps.get_mut(self.step).leave(&mut self.shared) {
            return Vec::new();
        }
        self.enter(self.step.next())
    }

    fn enter(&mut self, step: StepId) -> Vec<Effect> {
        self.step = step;
        self.steps.get_mut(step).enter(&mut self.shared)
    }
}
