//! Write-ahead journaling of a run: the lock a run holds from its first change until its
//! profile is saved, each create call bracketed by its intent and its outcome, and the
//! settling of intents an interrupted run left without an outcome.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use super::{Engine, EngineError};
use crate::aws::apply::{Outcome, Target, apply, default_version, keys_before_new_key};
use crate::aws::lookup;
use crate::domain::created::{Created, Intent};
use crate::domain::names::{ConnectorName, IamName};
use crate::domain::plan::Change;
use crate::store::files::StoreError;
use crate::store::journal::{Journal, JournalState};

/// A run's hold on its connector: while it exists no other copy of the tool can change,
/// resume or undo that connector. Released when the run finishes (or on drop).
#[derive(Debug)]
pub struct RunLock {
    name: ConnectorName,
    /// Shared with the blocking thread each append runs on.
    journal: Arc<Mutex<Option<Journal>>>,
    /// Keep the secret in the profile (from the options; `resume` restores the run's own).
    store_secret: bool,
    /// Users this run created: they have no access keys, so their key's intent needs no
    /// `ListAccessKeys` (which IAM may not answer yet for a user made a moment ago).
    new_users: Mutex<BTreeSet<IamName>>,
}

impl RunLock {
    pub fn name(&self) -> &ConnectorName {
        &self.name
    }

    pub fn store_secret(&self) -> bool {
        self.store_secret
    }

    /// Whether the run keeps the secret in the profile (`resume` honours the interrupted
    /// run's choice).
    pub fn set_store_secret(&mut self, store: bool) {
        self.store_secret = store;
    }

    /// This run created `user` (so it has no access keys yet).
    fn made_user(&self, user: &IamName) -> bool {
        self.new_users
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(user)
    }

    /// Appends "finished" and releases the lock.
    pub(super) async fn finish(&self) -> Result<(), EngineError> {
        let journal = Arc::clone(&self.journal);
        let name = self.name.clone();
        blocking("writing the journal", move || {
            let mut guard = journal.lock().unwrap_or_else(|p| p.into_inner());
            match guard.as_ref() {
                Some(journal) => journal.finished()?,
                None => return Err(already_finished(&name)),
            }
            *guard = None;
            Ok(())
        })
        .await
    }
}

fn already_finished(name: &ConnectorName) -> EngineError {
    EngineError::Input(format!("the run for connector {name} has already finished"))
}

/// Runs `f` with the run's journal on a blocking thread: every append is fsynced, which must
/// not stall the runtime's threads (the live test's waits and the wizard's redraws).
pub(super) async fn with_journal<T, F>(run: &RunLock, f: F) -> Result<T, EngineError>
where
    T: Send + 'static,
    F: FnOnce(&Journal) -> Result<T, StoreError> + Send + 'static,
{
    let journal = Arc::clone(&run.journal);
    let name = run.name.clone();
    blocking("writing the journal", move || {
        let guard = journal.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(journal) => Ok(f(journal)?),
            None => Err(already_finished(&name)),
        }
    })
    .await
}

/// `f`, which does file I/O (`what`), on tokio's blocking pool.
pub(super) async fn blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> Result<T, EngineError> + Send + 'static,
) -> Result<T, EngineError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        EngineError::Input(format!(
            "{what} stopped unexpectedly ({e}); run `braze-s3 resume` to see what exists"
        ))
    })?
}

impl Engine {
    /// Takes the connector's lock for a run. A second copy of the tool gets
    /// [`EngineError::Busy`], which says another run holds the connector.
    pub fn lock(&self, name: &ConnectorName) -> Result<RunLock, EngineError> {
        let store = self.store()?;
        match Journal::open(store.dir(), name) {
            Ok(journal) => Ok(RunLock {
                name: name.clone(),
                journal: Arc::new(Mutex::new(Some(journal))),
                store_secret: self.options().store_secret,
                new_users: Mutex::default(),
            }),
            Err(StoreError::Locked { path }) => Err(EngineError::Busy {
                name: name.clone(),
                journal: path,
            }),
            Err(e) => Err(e.into()),
        }
    }
}

/// What the next call will create, read from AWS where the intent needs it (the key IDs a
/// user has, the policy version an update replaces). `None`: the change creates nothing.
async fn intent(
    t: &Target<'_>,
    change: &Change,
    run: &RunLock,
) -> Result<Option<Intent>, EngineError> {
    Ok(Some(match change {
        Change::CreateBucket { bucket, region } => Intent::Named(Created::Bucket {
            bucket: bucket.clone(),
            region: region.clone(),
        }),
        Change::BlockPublicAccess { .. } | Change::EnableDefaultEncryption { .. } => {
            return Ok(None);
        }
        Change::CreatePolicy { name, .. } => Intent::Named(Created::Policy {
            arn: t.policy_arn(name),
        }),
        Change::UpdatePolicy { name, .. } => {
            let arn = t.policy_arn(name);
            let previous = default_version(t, &arn).await?;
            Intent::PolicyVersion { arn, previous }
        }
        Change::CreateUser { user } => Intent::Named(Created::User { user: user.clone() }),
        Change::AttachUserPolicy { user, policy } => Intent::Named(Created::UserAttachment {
            user: user.clone(),
            arn: t.policy_arn(policy),
        }),
        Change::CreateAccessKey { user } => Intent::AccessKey {
            user: user.clone(),
            before: if run.made_user(user) {
                Vec::new()
            } else {
                keys_before_new_key(t, user).await?
            },
        },
        Change::CreateRole { role, .. } => Intent::Named(Created::Role { role: role.clone() }),
        Change::AttachRolePolicy { role, policy } => Intent::Named(Created::RoleAttachment {
            role: role.clone(),
            arn: t.policy_arn(policy),
        }),
    }))
}

/// One change, written ahead: intent (fsynced) → AWS call → outcome. A call that turned out
/// to create nothing (the resource was there already) settles its intent as missing, so undo
/// never deletes what the run merely adopted.
pub(super) async fn apply_journaled(
    t: &Target<'_>,
    change: &Change,
    run: &RunLock,
) -> Result<Outcome, EngineError> {
    let intent = intent(t, change, run).await?;
    if let Some(intent) = &intent {
        let intent = intent.clone();
        with_journal(run, move |j| j.intent(intent)).await?;
    }
    let outcome = apply(t, change).await?;
    if let Some(Created::User { user }) = &outcome.created {
        run.new_users
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(user.clone());
    }
    match (&outcome.created, intent) {
        (Some(created), _) => {
            let created = created.clone();
            with_journal(run, move |j| j.created(created)).await?;
        }
        (None, Some(intent)) => with_journal(run, move |j| j.missing(intent)).await?,
        (None, None) => {}
    }
    Ok(outcome)
}

/// Looks up every intent the journal holds without an outcome and records what it created
/// (or that it created nothing). Returns what was found.
pub(super) async fn settle(t: &Target<'_>, run: &RunLock) -> Result<Vec<Created>, EngineError> {
    let state: JournalState = with_journal(run, Journal::state).await?;
    let mut found = Vec::new();
    for intent in state.pending() {
        let created = lookup::find(t, &intent).await?;
        if created.is_empty() {
            with_journal(run, move |j| j.missing(intent)).await?;
        }
        for c in created {
            let created = c.clone();
            with_journal(run, move |j| j.created(created)).await?;
            found.push(c);
        }
    }
    Ok(found)
}
