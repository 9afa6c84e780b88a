//! Task results: each is matched to the task the wizard still waits for; stale ones are dropped.

use std::sync::Arc;

use super::super::action::{Action, Effect};
use super::super::app::App;
use super::super::steps::identity::Status as IdStatus;
use super::super::steps::{Flow, StepId, apply, plan, test};

impl App {
    /// A finished task; results of tasks nobody waits for any more are dropped.
    pub(in crate::tui) fn on_result(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Note(note) => {
                if let IdStatus::Loading { note: n } = &mut self.identity.status {
                    *n = Some(note);
                }
            }
            Action::EngineStarted { task, result } if self.identity.task == Some(task) => {
                match result {
                    Ok(()) => {
                        let task = self.tasks.issue();
                        self.identity.task = Some(task);
                        return vec![Effect::LoadIdentity { task }];
                    }
                    Err(e) => self.identity.failed(e),
                }
            }
            Action::IdentityLoaded { task, result } if self.identity.task == Some(task) => {
                self.identity.task = None;
                match result {
                    Ok(id) => {
                        self.online = true;
                        if self.draft.region.is_none() {
                            self.bucket.set_region(&id.region);
                        }
                        self.identity.status = IdStatus::Loaded(id);
                    }
                    Err(e) => self.identity.failed(e),
                }
            }
            Action::BucketsListed { task, result } => self.bucket.listed(task, result),
            Action::BucketChecked { task, result, .. } => {
                let flow = self.bucket.checked(task, result);
                if flow == Flow::Next && self.step == StepId::Bucket {
                    return self.next();
                }
            }
            Action::Prepared { task, result } if self.plan.task == Some(task) => match result {
                Ok(prepared) => {
                    self.plan.planned(prepared.plan);
                    if self.plan.apply_when_ready && self.plan.plan().is_some() {
                        return self.start_apply();
                    }
                }
                Err(e) => {
                    self.plan.task = None;
                    self.plan.status = plan::Status::Failed(e);
                }
            },
            Action::Progress { task, event, at } => {
                self.now = self.now.max(at);
                if self.apply.task == Some(task) {
                    self.apply.progress(&event, at);
                } else if self.test.task == Some(task) {
                    self.test.progress(&event, at);
                }
            }
            Action::Applied { task, result } if self.apply.task == Some(task) => match result {
                Ok(applied) => {
                    self.applied = Some(Arc::new(applied));
                    self.apply.finished(self.now);
                }
                Err(e) => self.apply.failed(e),
            },
            Action::RollbackLine { task, line } if self.apply.task == Some(task) => {
                if let apply::Status::RollingBack { log } = &mut self.apply.status {
                    log.push(line);
                }
            }
            Action::RolledBack { task, result } if self.apply.task == Some(task) => {
                self.apply.rolled_back(result);
            }
            Action::Verified { task, report } if self.test.task == Some(task) => {
                let (Some(answers), Some(applied)) = (self.answers.clone(), self.applied.clone())
                else {
                    return Vec::new();
                };
                let account = match &self.identity.status {
                    IdStatus::Loaded(id) => id.account.clone(),
                    _ => String::new(),
                };
                let save = self.tasks.issue();
                self.test
                    .finished(&report.checks, report.passed(), save, self.now);
                return vec![Effect::Save {
                    task: save,
                    answers,
                    applied,
                    report,
                    account,
                }];
            }
            Action::Saved { task, result } if self.test.save_task == Some(task) => {
                self.test.save_task = None;
                if let test::Status::Finished { saved, .. } = &mut self.test.status {
                    *saved = Some(result.map(|p| p.display().to_string()));
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
