//! `rotate --finish`: both keys' last use, and deleting the old key (journaled as removed).

use super::journaled::{blocking, with_journal};
use super::{Engine, EngineError};
use crate::aws::apply::Target;
use crate::aws::inspect;
use crate::aws::undo::undo;
use crate::domain::created::{BucketDisposal, Created, Undone};
use crate::domain::drift::KeyUse;
use crate::domain::names::IamName;
use crate::store::journal::{Entry, JournalState};
use crate::store::profile::{ConnectorProfile, SavedCredential};

/// Both keys of a rotation waiting for `--finish`, with their last use.
#[derive(Debug, Clone)]
pub struct RotationStatus {
    pub user: IamName,
    pub old: KeyInfoUse,
    pub new: KeyInfoUse,
    /// When the rotation was saved (its journal's `Finished`): the new key's own live test
    /// used it before then, so only a later use is Braze's.
    pub rotated_at: Option<u64>,
}

impl RotationStatus {
    /// True when the new key was used after the rotation's own test: by Braze, presumably.
    pub fn new_key_in_use(&self) -> bool {
        match (&self.new.last_used, self.rotated_at) {
            (KeyUse::Used { at, .. }, Some(rotated)) => *at > rotated,
            (KeyUse::Used { .. }, None) => true,
            _ => false,
        }
    }
}

/// When the run that created key `id` finished, from the connector's journal.
fn finished_after_creating(state: &JournalState, id: &str) -> Option<u64> {
    let made = state.entries.iter().position(|e| {
        matches!(e, Entry::Created { created: Created::AccessKey { id: k, .. }, .. } if k == id)
    })?;
    state.entries[made..].iter().find_map(|e| match e {
        Entry::Finished { at } => humantime::parse_rfc3339_weak(at)
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs()),
        _ => None,
    })
}

#[derive(Debug, Clone)]
pub struct KeyInfoUse {
    pub id: String,
    /// Still one of the user's keys.
    pub exists: bool,
    pub last_used: KeyUse,
}

impl Engine {
    /// The old and the new key of a rotation waiting for `--finish`, with their last use.
    pub async fn rotation_status(
        &self,
        profile: &ConnectorProfile,
        credential: &SavedCredential,
    ) -> Result<RotationStatus, EngineError> {
        let name = &profile.name;
        let (Some(old), Some(new)) = (
            &credential.previous_access_key_id,
            &credential.access_key_id,
        ) else {
            return Err(EngineError::Input(format!(
                "no rotation of {name} to finish: `braze-s3 rotate {name}` starts one"
            )));
        };
        let user = &credential.principal;
        let keys = inspect::keys(self.clients(), user).await?;
        let records = !self.is_sandbox();
        let c = self.clients();
        let (old_use, new_use) = tokio::join!(
            inspect::last_used(c, old, records),
            inspect::last_used(c, new, records)
        );
        let info = |id: &String, last_used| KeyInfoUse {
            id: id.clone(),
            exists: keys.iter().any(|k| k.id == *id),
            last_used,
        };
        let journal = JournalState::read(self.store()?.dir(), name)?;
        Ok(RotationStatus {
            user: user.clone(),
            old: info(old, old_use),
            new: info(new, new_use),
            rotated_at: journal.and_then(|j| finished_after_creating(&j, new)),
        })
    }

    /// Deletes the old key (journaled as removed) and forgets it in the profile.
    pub async fn rotate_finish(
        &self,
        profile: &ConnectorProfile,
        status: &RotationStatus,
    ) -> Result<Undone, EngineError> {
        self.refuse_unfinished(profile)?;
        let name = &profile.name;
        let run = self.lock(name)?;
        let caller = self.caller().await?;
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition: profile.answers.region.partition(),
            connector: name,
        };
        let old = Created::AccessKey {
            user: status.user.clone(),
            id: status.old.id.clone(),
        };
        let outcome = undo(&target, &old, BucketDisposal::Keep).await?;
        with_journal(&run, move |j| j.removed(old)).await?;
        let store = self.store()?;
        let mut saved = store.load(name)?;
        for c in &mut saved.credentials {
            if c.previous_access_key_id.as_ref() == Some(&status.old.id) {
                c.previous_access_key_id = None;
            }
        }
        blocking("saving the connector profile", move || {
            Ok(store.save(&saved)?)
        })
        .await?;
        Ok(outcome)
    }
}
