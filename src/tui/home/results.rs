//! Task results arriving at the home screen: each is matched to the running action by its
//! task id (any other is stale and dropped) and becomes the result view or a table update.

use super::action::{Done, HomeAction, HomeEffect, TaskId};
use super::state::{Ages, Detail, Home, Job, Screen};
use crate::domain::drift::ObjectInfo;
use crate::engine::{Diagnosis, KeyAge};

/// The key ages a doctor run found.
pub fn ages_of(diagnosis: &Diagnosis) -> Vec<KeyAge> {
    diagnosis
        .keys
        .iter()
        .map(|k| KeyAge {
            integration: k.integration,
            id: k.id.clone(),
            created: k.created,
        })
        .collect()
}

impl Home {
    /// The running job, if `task` is its task; a result from any other task is stale.
    fn job(&mut self, task: TaskId) -> Option<&mut Job> {
        match &mut self.screen {
            Screen::Running(job) if job.task == task => Some(job),
            _ => {
                tracing::debug!(task, "stale result dropped");
                None
            }
        }
    }

    /// Ends the running job `task`, keeping the connector's profile as saved after it.
    fn finish<T>(&mut self, task: TaskId, done: &mut Done<T>) -> Option<Job> {
        self.job(task)?;
        let Screen::Running(job) = std::mem::replace(&mut self.screen, Screen::Table) else {
            return None;
        };
        if let Some(profile) = done.profile.take()
            && let Some(row) = self.row_named(&job.name)
        {
            row.profile = Some(profile);
        }
        Some(job)
    }

    fn show(&mut self, detail: Detail) {
        self.screen = Screen::Detail { detail, scroll: 0 };
    }

    fn failed(&mut self, job: Job, error: String) {
        self.show(Detail::Failed {
            name: job.name,
            what: job.kind,
            error,
        });
    }

    /// Looks the ages of `name`'s keys up again (after a rotation made a new one).
    fn refresh_ages(&mut self, name: &str) -> Vec<HomeEffect> {
        let Some(i) = self.rows.iter().position(|r| r.name == name) else {
            return Vec::new();
        };
        let mut row = self.rows[i].clone();
        let effect = self.look_up_ages(&mut row);
        self.rows[i] = row;
        effect.into_iter().collect()
    }

    pub(super) fn on_result(&mut self, action: HomeAction) -> Vec<HomeEffect> {
        match action {
            HomeAction::KeyAges { task, result } => {
                if let Some(row) = self.rows.iter_mut().find(|r| r.ages_task == Some(task)) {
                    row.ages_task = None;
                    row.ages = result.map_or(Ages::Unknown, Ages::Known);
                }
            }
            HomeAction::Progress { task, line } => {
                if let Some(job) = self.job(task) {
                    job.progress = Some(line);
                }
            }
            HomeAction::Tested { task, mut done } => {
                if let Some(job) = self.finish(task, &mut done) {
                    match done.result {
                        Ok(report) => self.show(Detail::Tested {
                            name: job.name,
                            report,
                        }),
                        Err(e) => self.failed(job, e),
                    }
                }
            }
            HomeAction::Diagnosed { task, mut done } => {
                if let Some(job) = self.finish(task, &mut done) {
                    match done.result {
                        Ok(diagnosis) => {
                            if let Some(row) = self.row_named(&job.name)
                                && !diagnosis.keys.is_empty()
                            {
                                row.ages = Ages::Known(ages_of(&diagnosis));
                            }
                            self.show(Detail::Diagnosed {
                                name: job.name,
                                diagnosis,
                            });
                        }
                        Err(e) => self.failed(job, e),
                    }
                }
            }
            HomeAction::Rotated { task, mut done } => {
                if let Some(job) = self.finish(task, &mut done) {
                    let effects = self.refresh_ages(&job.name);
                    match done.result {
                        Ok(rotated) => self.show(Detail::Rotated {
                            name: job.name,
                            rotated,
                            revealed: false,
                        }),
                        Err(e) => self.failed(job, e),
                    }
                    return effects;
                }
            }
            HomeAction::Watched { task, result } => self.on_watched(task, result),
            HomeAction::TeardownLine { task, line } => {
                if let Some(job) = self.job(task) {
                    job.lines.push(line);
                }
            }
            HomeAction::TornDown { task, result } => self.on_torn_down(task, result),
            HomeAction::Key(_)
            | HomeAction::Resize(..)
            | HomeAction::Tick(_)
            | HomeAction::Terminate => {}
        }
        Vec::new()
    }

    /// One look of a watch: the first lists what is there; later ones add each new file.
    fn on_watched(&mut self, task: TaskId, result: Result<Vec<ObjectInfo>, String>) {
        let Some(job) = self.job(task) else {
            return;
        };
        let objects = match result {
            Ok(objects) => objects,
            Err(e) => {
                let Screen::Running(job) = std::mem::replace(&mut self.screen, Screen::Table)
                else {
                    return;
                };
                return self.failed(job, e);
            }
        };
        match &job.seen {
            None => {
                if let Some(newest) = objects.last() {
                    job.lines.push(format!(
                        "{} file(s) already; the newest: {}",
                        objects.len(),
                        newest.key
                    ));
                }
            }
            Some(seen) => {
                for o in objects
                    .iter()
                    .filter(|o| !seen.iter().any(|s| s.key == o.key))
                {
                    job.lines.push(format!("new: {}  {} bytes", o.key, o.size));
                }
            }
        }
        job.seen = Some(objects);
    }

    fn on_torn_down(&mut self, task: TaskId, result: Result<bool, String>) {
        let mut done = Done::<bool> {
            result,
            profile: None,
        };
        let Some(job) = self.finish(task, &mut done) else {
            return;
        };
        match done.result {
            Ok(remains) => {
                if !remains {
                    self.rows.retain(|r| r.name != job.name);
                    self.selected = self.selected.min(self.visible().len().saturating_sub(1));
                }
                self.show(Detail::TornDown {
                    name: job.name,
                    lines: job.lines,
                    remains,
                });
            }
            Err(e) => self.failed(job, e),
        }
    }
}
