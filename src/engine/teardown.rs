//! Undo what the journal says the tool created, in the order AWS needs, reporting each
//! resource: removed, already gone, kept, or could not (and why).

use super::journaled::{RunLock, settle, with_journal};
use super::{Engine, EngineError};
use crate::aws::apply::Target;
use crate::aws::undo::undo;
use crate::domain::answers::Answers;
use crate::domain::created::{BucketDisposal, Created, Undone};
use crate::domain::names::ConnectorName;
use crate::store::journal::{Entry, Journal, JournalState, Unfinished};

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

impl UndoLine {
    /// The line as both faces print it, for connector `name`.
    pub fn text(&self, name: &ConnectorName) -> String {
        let what = &self.what;
        match &self.outcome {
            Undone::Deleted => format!("✓ deleted {what}"),
            Undone::AlreadyGone => format!("= {what} was already gone"),
            Undone::KeptOnRequest => format!(
                "· kept {what}: it may hold exports (`braze-s3 teardown {name} --delete-bucket` deletes it when empty)"
            ),
            Undone::KeptNotEmpty => format!(
                "✗ kept {what}: it holds objects braze-s3 did not write (exports from Braze?); `braze-s3 teardown {name} --delete-bucket --force` deletes them and the bucket"
            ),
            Undone::Failed(why) => format!("✗ could not delete {what}: {why}"),
        }
    }
}

/// What an undo or teardown did, line by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoReport {
    pub lines: Vec<UndoLine>,
}

impl UndoReport {
    /// True when something the person asked to delete may still exist.
    pub fn anything_remains(&self) -> bool {
        self.lines.iter().any(|l| l.outcome.remains())
    }
}

impl Engine {
    /// Deletes every resource the journal records for `name` that is still there.
    pub async fn teardown(
        &self,
        name: &ConnectorName,
        opts: TeardownOptions,
        on_line: &(dyn Fn(&UndoLine) + Send + Sync),
    ) -> Result<UndoReport, EngineError> {
        if let Some(sharer) = super::share::sharers(&self.store()?, name)?
            .first()
            .map(|p| &p.name)
        {
            return Err(EngineError::Input(format!(
                "connector {sharer} uses connector {name}'s user and access key (--share-credentials-with): tearing {name} down would break it, so run `braze-s3 teardown {sharer}` first"
            )));
        }
        let run = self.lock(name)?;
        self.undo_journal(&run, opts, on_line, false).await
    }

    /// `resume --undo`: deletes what the unfinished setup created, then closes that run when
    /// nothing of it remains (so it is no longer listed as unfinished).
    pub async fn teardown_last_run(
        &self,
        run: &RunLock,
        opts: TeardownOptions,
        on_line: &(dyn Fn(&UndoLine) + Send + Sync),
    ) -> Result<UndoReport, EngineError> {
        let report = self.undo_journal(run, opts, on_line, true).await?;
        if !report.anything_remains() {
            run.finish().await?;
        }
        Ok(report)
    }

    async fn undo_journal(
        &self,
        run: &RunLock,
        opts: TeardownOptions,
        on_line: &(dyn Fn(&UndoLine) + Send + Sync),
        last_run_only: bool,
    ) -> Result<UndoReport, EngineError> {
        let name = run.name();
        let state = with_journal(run, Journal::state).await?;
        if state.entries.is_empty() {
            return Err(EngineError::Input(format!(
                "no journal for connector {name}: braze-s3 only deletes what it created itself"
            )));
        }
        let caller = self.caller().await?;
        let partition = state
            .entries
            .iter()
            .find_map(|e| match e {
                Entry::Started { answers, .. } => Some(answers.region.partition()),
                _ => None,
            })
            .unwrap_or("aws");
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition,
            connector: name,
        };
        // An intent without an outcome may have created something: find it first.
        settle(&target, run).await?;
        let state = with_journal(run, Journal::state).await?;
        let live = if last_run_only {
            state.live_from_last_run()
        } else {
            state.live()
        };
        let sharing = state.entries.iter().find_map(|e| match e {
            Entry::Started { answers, .. } if answers.share_with.is_some() => Some(answers),
            _ => None,
        });
        let mut report = UndoReport::default();
        for created in undo_order(live) {
            let outcome = match self.undo_one(&target, sharing, &created, opts).await {
                Ok(outcome) => outcome,
                Err(e) => Undone::Failed(e.to_string()),
            };
            if outcome.is_gone() {
                let removed = created.clone();
                with_journal(run, move |j| j.removed(removed)).await?;
            }
            let line = UndoLine {
                what: created.describe(),
                outcome,
            };
            on_line(&line);
            report.lines.push(line);
        }
        Ok(report)
    }

    /// Undoes one resource. A sharing connector's version of the shared policy is not simply
    /// rolled back (the version it found may lack a folder a later sharer added): a new
    /// default version keeps covering everyone else's folders, then its own version goes.
    async fn undo_one(
        &self,
        target: &Target<'_>,
        sharing: Option<&Answers>,
        created: &Created,
        opts: TeardownOptions,
    ) -> Result<Undone, EngineError> {
        if let (Some(answers), Created::PolicyVersion { .. }) = (sharing, created) {
            self.keep_covering(target, answers).await?;
        }
        Ok(undo(target, created, opts.bucket).await?)
    }

    /// Connectors whose last setup run never finished, with what it ran with.
    pub fn unfinished(&self) -> Result<Vec<Unfinished>, EngineError> {
        let store = self.store()?;
        let mut found = Vec::new();
        for name in crate::store::journal::journaled(store.dir()) {
            if let Some(state) = JournalState::read(store.dir(), &name)?
                && let Some(run) = state.unfinished()
            {
                found.push(run);
            }
        }
        Ok(found)
    }

    /// Before an interrupted run continues: settles what it may have created, then deletes
    /// every access key it created whose secret is not saved (nobody could use it).
    /// Returns the keys deleted.
    pub async fn drop_orphan_keys(&self, run: &RunLock) -> Result<Vec<String>, EngineError> {
        let state = with_journal(run, Journal::state).await?;
        let Some(unfinished) = state.unfinished() else {
            return Ok(Vec::new());
        };
        let caller = self.caller().await?;
        let answers = &unfinished.answers;
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition: answers.region.partition(),
            connector: run.name(),
        };
        settle(&target, run).await?;
        // Keys whose secret a saved profile holds are in use; any other is an orphan.
        let saved: Vec<String> = self
            .store()?
            .load_if_saved(run.name())?
            .map(|p| p.credentials)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.secret_access_key.is_some())
            .filter_map(|c| c.access_key_id)
            .collect();
        let state = with_journal(run, Journal::state).await?;
        let mut dropped = Vec::new();
        for created in state.live_from_last_run() {
            if let Created::AccessKey { id, .. } = &created
                && !saved.contains(id)
            {
                undo(&target, &created, BucketDisposal::Keep).await?;
                let removed = created.clone();
                with_journal(run, move |j| j.removed(removed)).await?;
                dropped.push(id.clone());
            }
        }
        Ok(dropped)
    }
}

/// Newest first, then stably by what AWS needs gone first (keys and attachments before
/// their user or role, versions before the policy, objects before the bucket).
fn undo_order(live: Vec<Created>) -> Vec<Created> {
    let mut order: Vec<Created> = live.into_iter().rev().collect();
    order.sort_by_key(Created::undo_rank);
    order
}
