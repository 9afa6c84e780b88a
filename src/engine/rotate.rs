//! `rotate`: a second access key for a secret-key connector, journaled like setup (intent
//! before `CreateAccessKey`), live-tested as Braze would and saved in the profile next to the
//! old key's ID; `rotate --finish` deletes the old key once Braze uses the new one.
//!
//! A kill before the profile is saved leaves a journaled key whose secret nobody holds:
//! `resume` deletes it (`drop_orphan_keys`) and re-tests the old key, which still works.

use std::path::PathBuf;

use super::journaled::{apply_journaled, blocking, with_journal};
use super::run::{Applied, Credential};
use super::verify::{TestReport, record};
use super::{Engine, EngineError};
use crate::aws::apply::Target;
use crate::aws::inspect;
use crate::domain::answers::Answers;
use crate::domain::drift::KeyInfo;
use crate::domain::integration::{Integration, IntegrationChoice};
use crate::domain::names::IamName;
use crate::domain::plan::Change;
use crate::store::profile::{ConnectorProfile, SavedCredential};

/// A rotation between its new key and its saved profile: the run's lock is in `applied`.
#[derive(Debug)]
pub struct Rotation {
    pub integration: Integration,
    pub user: IamName,
    /// The key Braze uses now; `None` when the profile held none.
    pub old_id: Option<String>,
    /// The connector's answers narrowed to this one credential, for the live test.
    pub answers: Answers,
    /// The new key, and the run.
    pub applied: Applied,
}

impl Rotation {
    pub fn new_key_id(&self) -> &str {
        self.applied
            .credentials
            .first()
            .and_then(|c| c.access_key.as_ref())
            .map_or("", |k| k.access_key_id.as_str())
    }
}

/// The key credential to rotate: `integration`'s, or the only key credential.
pub fn key_credential(
    profile: &ConnectorProfile,
    integration: Option<Integration>,
) -> Result<SavedCredential, EngineError> {
    let name = &profile.name;
    let keys: Vec<&SavedCredential> = profile
        .credentials
        .iter()
        .filter(|c| c.role_arn.is_none())
        .collect();
    match (integration, keys.as_slice()) {
        (_, []) => Err(EngineError::Input(format!(
            "connector {name} authenticates with a role (ARN): there is no secret to rotate — Braze assumes the role with your external ID; `braze-s3 doctor {name}` checks its trust policy"
        ))),
        (None, [one]) => Ok((*one).clone()),
        (Some(i), all) => all
            .iter()
            .find(|c| c.integration == i)
            .map(|c| (*c).clone())
            .ok_or_else(|| {
                EngineError::Input(format!(
                    "connector {name} has no secret-key credential for {}",
                    i.slug()
                ))
            }),
        (None, _) => Err(EngineError::Input(format!(
            "connector {name} has one key per integration: add --integration currents or --integration data-export"
        ))),
    }
}

/// The answers narrowed to one integration and its principal, so the live test checks only
/// the new key.
fn narrowed(answers: &Answers, integration: Integration) -> Answers {
    let mut one = answers.clone();
    if let Some(p) = answers
        .principals()
        .into_iter()
        .find(|p| p.integration == integration)
    {
        one.auth = p.auth;
    }
    one.integration = match integration {
        Integration::Currents => IntegrationChoice::Currents,
        Integration::DataExport => IntegrationChoice::DataExport,
    };
    if integration == Integration::DataExport {
        one.folder = None;
        one.scope_to_folder = false;
    }
    one
}

/// The old key a rotation replaced, carried over when a later save keeps the same new key.
pub(super) fn carried_previous(saved: Option<&ConnectorProfile>, c: &Credential) -> Option<String> {
    let kept = saved?.credential_of(&c.principal)?;
    let now = c.access_key.as_ref().map(|k| &k.access_key_id);
    (kept.access_key_id.as_ref() == now)
        .then(|| kept.previous_access_key_id.clone())
        .flatten()
}

impl Engine {
    pub(super) fn refuse_unfinished(&self, profile: &ConnectorProfile) -> Result<(), EngineError> {
        let name = &profile.name;
        if self.unfinished()?.iter().any(|u| u.answers.name == *name) {
            return Err(EngineError::Input(format!(
                "a run on connector {name} was interrupted: `braze-s3 resume {name}` finishes it (or `--undo` rolls it back) before a rotation"
            )));
        }
        Ok(())
    }

    /// Creates the second key under the run's lock, journaled ahead. Refuses while a rotation
    /// waits for `--finish` or the user already has two keys.
    pub async fn rotate_begin(
        &self,
        profile: &ConnectorProfile,
        credential: &SavedCredential,
        store_secret: bool,
    ) -> Result<Rotation, EngineError> {
        let name = &profile.name;
        let user = &credential.principal;
        self.refuse_unfinished(profile)?;
        let run = self.lock(name)?;
        let keys = inspect::keys(self.clients(), user).await?;
        let listed = |id: &Option<String>| keys.iter().any(|k| Some(&k.id) == id.as_ref());
        if listed(&credential.previous_access_key_id) {
            return Err(EngineError::Input(format!(
                "a rotation of {name} is waiting to finish (old key {}): once Braze uses the new key, `braze-s3 rotate {name} --finish` deletes the old one; rotate again after that",
                credential
                    .previous_access_key_id
                    .as_deref()
                    .unwrap_or_default()
            )));
        }
        if keys.len() >= 2 {
            let others: Vec<&KeyInfo> = keys
                .iter()
                .filter(|k| Some(&k.id) != credential.access_key_id.as_ref())
                .collect();
            let other = others.first().map_or("KEY-ID", |k| k.id.as_str());
            return Err(EngineError::Conflict(format!(
                "user {user} already has two access keys ({}), the most AWS allows, so no second key can be made: delete the one Braze does not use (`aws iam delete-access-key --user-name {user} --access-key-id {other}`) and rotate again",
                keys.iter()
                    .map(|k| k.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let caller = self.caller().await?;
        let answers = profile.answers.clone();
        with_journal(&run, move |j| j.started(&answers, store_secret)).await?;
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition: profile.answers.region.partition(),
            connector: name,
        };
        let change = Change::CreateAccessKey { user: user.clone() };
        let outcome = apply_journaled(&target, &change, &run).await?;
        let key = outcome.key.ok_or_else(|| {
            EngineError::Conflict(format!("AWS returned no new access key for user {user}"))
        })?;
        let mut run = run;
        run.set_store_secret(store_secret);
        Ok(Rotation {
            integration: credential.integration,
            user: user.clone(),
            old_id: credential.access_key_id.clone(),
            answers: narrowed(&profile.answers, credential.integration),
            applied: Applied {
                credentials: vec![Credential {
                    integration: credential.integration,
                    principal: user.clone(),
                    access_key: Some(key),
                    role_arn: None,
                }],
                run: Some(run),
                ..Applied::default()
            },
        })
    }

    /// Saves the new key (its secret too, when the connector keeps secrets) next to the old
    /// key's ID, then closes the run. Returns the profile's path.
    pub async fn rotate_save(
        &self,
        rotation: Rotation,
        report: &TestReport,
    ) -> Result<PathBuf, EngineError> {
        let store = self.store()?;
        let name = &rotation.answers.name;
        let mut profile = store.load(name)?;
        let Some(run) = &rotation.applied.run else {
            return Err(EngineError::Input(format!(
                "the rotation of {name} has no run"
            )));
        };
        let key = rotation
            .applied
            .credentials
            .first()
            .and_then(|c| c.access_key.clone());
        let single = profile.credentials.len() == 1;
        let Some(c) = profile
            .credentials
            .iter_mut()
            .find(|c| c.integration == rotation.integration)
        else {
            return Err(EngineError::Input(format!(
                "connector {name} no longer has a {} credential",
                rotation.integration.slug()
            )));
        };
        c.previous_access_key_id.clone_from(&rotation.old_id);
        c.access_key_id = key.as_ref().map(|k| k.access_key_id.clone());
        c.secret_access_key = key
            .filter(|_| run.store_secret())
            .map(|k| k.secret_access_key);
        if single {
            profile.last_test = Some(record(report));
        }
        let path = blocking("saving the connector profile", move || {
            Ok(store.save(&profile)?)
        })
        .await?;
        run.finish().await?;
        Ok(path)
    }
}
