//! Undo what the journal says the tool created, newest first.

use super::{Engine, EngineError};
use crate::aws::apply::Target;
use crate::aws::undo::{BucketDisposal, Undone, undo};
use crate::domain::names::ConnectorName;
use crate::store::journal::{Journal, JournalState};

#[derive(Debug, Clone, Copy)]
pub struct TeardownOptions {
    pub bucket: BucketDisposal,
}

/// One line of a teardown report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoLine {
    pub what: String,
    pub outcome: Undone,
}

impl Engine {
    /// Deletes, in reverse order, every resource the journal records for `name` that is
    /// still there. Stops at the first AWS error (the journal keeps what remains).
    pub async fn teardown(
        &self,
        name: &ConnectorName,
        opts: TeardownOptions,
        on_line: &(dyn Fn(&UndoLine) + Send + Sync),
    ) -> Result<Vec<UndoLine>, EngineError> {
        self.undo_journal(name, opts, on_line, false).await
    }

    /// `resume --undo`: deletes only what the last (interrupted) run created, then closes
    /// that run so it is no longer listed as unfinished.
    pub async fn teardown_last_run(
        &self,
        name: &ConnectorName,
        opts: TeardownOptions,
        on_line: &(dyn Fn(&UndoLine) + Send + Sync),
    ) -> Result<Vec<UndoLine>, EngineError> {
        let lines = self.undo_journal(name, opts, on_line, true).await?;
        let store = self.store()?;
        Journal::open(store.dir(), name)?.finished()?;
        Ok(lines)
    }

    async fn undo_journal(
        &self,
        name: &ConnectorName,
        opts: TeardownOptions,
        on_line: &(dyn Fn(&UndoLine) + Send + Sync),
        last_run_only: bool,
    ) -> Result<Vec<UndoLine>, EngineError> {
        let store = self.store()?;
        let state = JournalState::read(store.dir(), name)?.ok_or_else(|| {
            EngineError::Input(format!(
                "no journal for connector {name}: braze-s3 only deletes what it created itself"
            ))
        })?;
        let caller = self.caller().await?;
        let partition = state
            .entries
            .iter()
            .find_map(|e| match e {
                crate::store::journal::Entry::Started { answers, .. } => {
                    Some(answers.region.partition())
                }
                _ => None,
            })
            .unwrap_or("aws");
        let mut journal = Journal::open(store.dir(), name)?;
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition,
            connector: name,
        };
        let mut lines = Vec::new();
        let live = if last_run_only {
            state.live_from_last_run()
        } else {
            state.live()
        };
        for created in live.iter().rev() {
            let outcome = undo(&target, created, opts.bucket).await?;
            if !matches!(outcome, Undone::Kept(_)) {
                journal.removed(created.clone())?;
            }
            let line = UndoLine {
                what: describe(created),
                outcome,
            };
            on_line(&line);
            lines.push(line);
        }
        Ok(lines)
    }
}

fn describe(created: &crate::store::journal::Created) -> String {
    use crate::store::journal::Created::*;
    match created {
        Bucket { bucket, .. } => format!("bucket {bucket}"),
        Policy { arn } => format!("policy {arn}"),
        PolicyVersion { arn, version, .. } => format!("policy version {version} of {arn}"),
        User { user } => format!("IAM user {user}"),
        UserAttachment { user, arn } => format!("attachment of {arn} to user {user}"),
        AccessKey { user, id } => format!("access key {id} of user {user}"),
        Role { role } => format!("IAM role {role}"),
        RoleAttachment { role, arn } => format!("attachment of {arn} to role {role}"),
    }
}

impl Engine {
    /// Connectors whose last setup run never finished, with the answers it ran with.
    pub fn unfinished(&self) -> Result<Vec<crate::domain::answers::Answers>, EngineError> {
        let store = self.store()?;
        let mut found = Vec::new();
        for name in crate::store::journal::journaled(store.dir()) {
            if let Some(state) = JournalState::read(store.dir(), &name)?
                && let Some(answers) = state.unfinished()
            {
                found.push(answers.clone());
            }
        }
        Ok(found)
    }

    /// Before a run continues: access keys an interrupted run created can't be used (their
    /// secret was never saved), so delete them rather than leave a live key nobody holds.
    pub async fn drop_orphan_keys(&self, name: &ConnectorName) -> Result<usize, EngineError> {
        let store = self.store()?;
        let Some(state) = JournalState::read(store.dir(), name)? else {
            return Ok(0);
        };
        if state.unfinished().is_none() {
            return Ok(0);
        }
        let caller = self.caller().await?;
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition: "aws",
            connector: name,
        };
        let mut journal = Journal::open(store.dir(), name)?;
        let mut dropped = 0;
        for created in state.live_from_last_run() {
            if matches!(created, crate::store::journal::Created::AccessKey { .. }) {
                undo(&target, &created, BucketDisposal::Keep).await?;
                journal.removed(created)?;
                dropped += 1;
            }
        }
        Ok(dropped)
    }
}
