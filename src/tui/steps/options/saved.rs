//! Enter on the Options step: the name and folder as typed, then the look-up of saved
//! connectors, and the choice it asks when one already has the name.

use super::name::Pick;
use super::{Focus, OptionsStep};
use crate::domain::names::BucketName;
use crate::engine::Saved;
use crate::tui::action::Effect;
use crate::tui::keymap::Intent;
use crate::tui::steps::{Flow, Shared};

impl OptionsStep {
    /// Enter: the name and folder as typed, then the saved connectors (offline: none known).
    pub(super) fn check(&mut self, currents: bool, shared: &mut Shared) -> Flow {
        let name = match self.name.parsed() {
            Ok(name) => name,
            Err(reason) => {
                self.problem = Some(format!("connector name: {reason}"));
                self.focus = Focus::Name;
                return Flow::Stay;
            }
        };
        if currents && let Err(reason) = self.parsed() {
            self.problem = Some(format!("folder path: {reason}"));
            self.focus = Focus::Folder;
            return Flow::Stay;
        }
        let bucket = shared.draft.bucket.as_deref().map(str::trim);
        match bucket.map(BucketName::parse) {
            Some(Ok(bucket)) if shared.online => {
                let task = shared.tasks.issue();
                self.name.task = Some(task);
                Flow::Run(vec![Effect::LookupSaved { task, name, bucket }])
            }
            _ => {
                shared.saved = Saved::default();
                Flow::Next
            }
        }
    }

    /// A key while "a saved connector has this name" is asked.
    pub(super) fn on_choice(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        match intent {
            Intent::Down | Intent::FocusNext => self.name.move_pick(1),
            Intent::Up | Intent::FocusPrev => self.name.move_pick(-1),
            Intent::Back => self.new_name(),
            Intent::Next => {
                let Some(choice) = self.name.choice.take() else {
                    return Flow::Stay;
                };
                match choice.pick {
                    Pick::Update => {
                        self.name.confirmed = Some(choice.name);
                        shared.saved = choice.saved;
                        return Flow::Next;
                    }
                    Pick::NewName => self.new_name(),
                    // As `q` before any change.
                    Pick::Cancel => return Flow::End,
                }
            }
            _ => {}
        }
        Flow::Stay
    }

    fn new_name(&mut self) {
        self.name.choice = None;
        self.focus = Focus::Name;
    }
}
