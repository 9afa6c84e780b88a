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
        for created in state.live().iter().rev() {
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
