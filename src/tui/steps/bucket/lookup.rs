//! The Bucket step's live look-ups: is the typed name free, and which buckets are yours.

use super::{Availability, BucketStep};
use crate::domain::existing::BucketState;
use crate::engine::BucketInfo;
use crate::tui::action::{Effect, Failure};
use crate::tui::steps::form::select::Select;
use crate::tui::steps::{Flow, Tasks};

impl BucketStep {
    /// Starts the look-ups the step needs when it is entered.
    pub(super) fn look_up(&mut self, tasks: &mut Tasks, plan_only: bool) -> Vec<Effect> {
        if plan_only {
            return Vec::new();
        }
        let known = matches!(
            self.availability,
            Availability::Known(_) | Availability::Checking
        );
        let mut effects = if known {
            Vec::new()
        } else {
            self.check(tasks, plan_only)
        };
        if self.buckets.is_none() && self.list_task.is_none() {
            let task = tasks.issue();
            self.list_task = Some(task);
            effects.push(Effect::ListBuckets { task });
        }
        effects
    }

    pub(super) fn check(&mut self, tasks: &mut Tasks, plan_only: bool) -> Vec<Effect> {
        self.advance_when_checked = false;
        match self.parsed() {
            Ok(name) if !plan_only => {
                let task = tasks.issue();
                self.check_task = Some(task);
                self.availability = Availability::Checking;
                vec![Effect::CheckBucket { task, name }]
            }
            _ => {
                self.check_task = None;
                self.availability = Availability::NotChecked;
                Vec::new()
            }
        }
    }

    /// A result of the availability check; `Next` when Enter was waiting for it.
    pub(super) fn checked(&mut self, result: Result<BucketState, Failure>) -> Flow {
        self.check_task = None;
        self.availability = match result {
            Ok(state) => Availability::Known(state),
            Err(e) => Availability::Error(e),
        };
        if std::mem::take(&mut self.advance_when_checked) && self.blocker(None).is_none() {
            return Flow::Next;
        }
        Flow::Stay
    }

    /// Ctrl-R: lists the buckets again (the list stays on screen until the answer comes).
    pub(super) fn refresh(&mut self, tasks: &mut Tasks, offline: bool) -> Vec<Effect> {
        if offline || !self.existing() {
            return Vec::new();
        }
        let task = tasks.issue();
        self.list_task = Some(task);
        vec![Effect::ListBuckets { task }]
    }

    /// The buckets arrived; the one chosen before stays chosen when it is still there.
    pub(super) fn listed(&mut self, result: Result<Vec<BucketInfo>, Failure>) {
        let chosen = self.selected_bucket().map(|b| b.name.clone());
        self.list_task = None;
        self.buckets = Some(result);
        if let (Some(name), Some(Ok(list))) = (chosen, &self.buckets) {
            let at = list.iter().position(|b| b.name == name);
            self.list = Select::at(at.unwrap_or(0));
        }
    }
}
