//! What a key does on the Bucket step: move the focus, choose in a list, check the answer.

use super::{Availability, BucketStep, Focus, MODES};
use crate::domain::integration::IntegrationChoice;
use crate::tui::keymap::Intent;
use crate::tui::steps::{Flow, View, form};

/// Rows of the region list.
pub(super) const REGION_ROWS: usize = 5;

/// What a list with focus does itself.
const LIST_MOVES: [Intent; 9] = [
    Intent::Up,
    Intent::Down,
    Intent::PageUp,
    Intent::PageDown,
    Intent::Home,
    Intent::End,
    Intent::Filter,
    Intent::Choose,
    Intent::ClearFilter,
];

/// Rows of the bucket list: as many as the body leaves, 3 to 10.
pub(super) fn list_rows(v: &View) -> usize {
    usize::from(v.height.saturating_sub(12)).clamp(3, 10)
}

impl BucketStep {
    /// ↑/↓, Tab and the list keys move the focus or the choice; Enter checks the answer.
    pub(super) fn move_focus(
        &mut self,
        intent: Intent,
        integration: IntegrationChoice,
        v: &View,
    ) -> Flow {
        let order = self.order();
        self.problem = None;
        if matches!(intent, Intent::FocusNext | Intent::FocusPrev) {
            // Leaving a list keeps what was chosen in its filter.
            self.region.close_filter();
            self.list.close_filter();
        }
        match (intent, self.focus) {
            (Intent::FocusNext, _) => self.focus = form::cycle(order, self.focus, 1),
            (Intent::FocusPrev, _) => self.focus = form::cycle(order, self.focus, -1),
            (Intent::Up, Focus::Mode) => {
                self.mode.up();
            }
            (Intent::Down, Focus::Mode) if !self.mode.down(MODES.len()) => {
                self.focus = form::cycle(self.order(), self.focus, 1);
            }
            (Intent::Down, Focus::Mode) => {}
            (Intent::Up, Focus::Name) => self.focus = Focus::Mode,
            (Intent::Down, Focus::Name) => self.focus = Focus::Region,
            (_, Focus::Region) if LIST_MOVES.contains(&intent) => {
                let texts = Self::region_texts();
                if !self.region.on_intent(intent, &texts, REGION_ROWS) {
                    self.focus = Focus::Name;
                }
            }
            (_, Focus::List) if LIST_MOVES.contains(&intent) => {
                let texts = self.bucket_texts();
                if !self.list.on_intent(intent, &texts, list_rows(v)) {
                    self.focus = Focus::Mode;
                }
            }
            (Intent::Next, _) => {
                self.problem = self.blocker(Some(integration));
                if self.problem.is_some() {
                    return Flow::Stay;
                }
                if !self.existing() && self.availability == Availability::Checking {
                    self.advance_when_checked = true;
                    return Flow::Stay;
                }
                return Flow::Next;
            }
            (Intent::Back, _) => return Flow::Back,
            _ => {}
        }
        if !order.contains(&self.focus) {
            self.focus = Focus::Mode;
        }
        Flow::Stay
    }
}
