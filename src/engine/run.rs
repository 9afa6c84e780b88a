//! Apply a plan and save the connector profile (the live test in between is `verify.rs`).

use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

use super::journaled::{RunLock, apply_journaled, blocking, with_journal};
use super::verify::{TestReport, record};
use super::{Engine, EngineError, NewAccessKey, ProgressTx, StopFlag};
use crate::aws::apply::Target;
use crate::aws::undo::undo;
use crate::domain::answers::Answers;
use crate::domain::arn::Arn;
use crate::domain::auth::AuthMethod;
use crate::domain::created::{BucketDisposal, Created};
use crate::domain::integration::Integration;
use crate::domain::names::{AccountId, IamName};
use crate::domain::plan::{Plan, RetireKey};
use crate::domain::progress::Progress;
use crate::store::profile::{ConnectorProfile, SavedCredential};

/// What Braze is given for one integration: a key, or a role's ARN.
#[derive(Debug, Clone)]
pub struct Credential {
    pub integration: Integration,
    /// The IAM user or role.
    pub principal: IamName,
    pub access_key: Option<NewAccessKey>,
    pub role_arn: Option<String>,
}

/// What the apply produced that Braze needs, and the run's lock until the profile is saved.
#[derive(Debug, Default)]
pub struct Applied {
    /// One per integration, in the order of `Answers::principals`.
    pub credentials: Vec<Credential>,
    pub policy_arns: Vec<String>,
    /// The run's hold on the connector (`None` for a re-test of a saved connector).
    pub run: Option<RunLock>,
    /// The connector's old keys, deleted once the new ones are tested and saved.
    pub retire: Vec<RetireKey>,
    /// When the profile was first saved, for a re-run that keeps it.
    pub created_at: Option<String>,
}

pub(super) fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

impl Applied {
    /// A saved connector's credentials, to test them again (no run, nothing to journal).
    pub fn saved(profile: &ConnectorProfile) -> Applied {
        Applied {
            credentials: profile
                .credentials
                .iter()
                .map(|c| Credential {
                    integration: c.integration,
                    principal: c.principal.clone(),
                    access_key: match (&c.access_key_id, &c.secret_access_key) {
                        (Some(id), Some(secret)) => Some(NewAccessKey {
                            access_key_id: id.clone(),
                            secret_access_key: secret.clone(),
                        }),
                        _ => None,
                    },
                    role_arn: c.role_arn.clone(),
                })
                .collect(),
            policy_arns: profile.policy_arns.clone(),
            created_at: Some(profile.created_at.clone()),
            ..Applied::default()
        }
    }
}

impl Engine {
    pub(super) fn target<'a>(&'a self, account: &'a AccountId, answers: &'a Answers) -> Target<'a> {
        Target {
            clients: self.clients(),
            account,
            partition: answers.region.partition(),
            connector: &answers.name,
        }
    }

    /// Applies the plan change by change under the run's lock; each create call is journaled
    /// ahead (intent, then outcome). Stops between changes when `stop` is set.
    pub async fn apply(
        &self,
        run: RunLock,
        answers: &Answers,
        plan: &Plan,
        progress: ProgressTx,
        stop: StopFlag,
    ) -> Result<Applied, EngineError> {
        let caller = self.caller().await?;
        let store_secret = run.store_secret();
        let started = answers.clone();
        with_journal(&run, move |j| j.started(&started, store_secret)).await?;
        let target = self.target(&caller.account, answers);
        let mut applied = Applied::default();
        let mut new_keys = Vec::new();
        for (index, change) in plan.changes.iter().enumerate() {
            if stop.load(Ordering::SeqCst) {
                return Err(EngineError::Interrupted);
            }
            let _ = progress.send(Progress::ChangeStarted {
                index,
                change: change.clone(),
            });
            let started = Instant::now();
            let outcome = apply_journaled(&target, change, &run).await?;
            if let (Some(key), Some(Created::AccessKey { user, .. })) =
                (outcome.key, outcome.created)
            {
                new_keys.push((user, key));
            }
            let _ = progress.send(Progress::ChangeApplied {
                index,
                change: change.clone(),
                elapsed: started.elapsed(),
            });
        }
        // Keys the plan kept come from the saved profile, which also keeps its first date.
        let saved = self.store()?.load(&answers.name).ok();
        applied.created_at = saved.as_ref().map(|p| p.created_at.clone());
        // A connector sharing another's credentials uses that one's key, from its profile.
        let source = match &answers.share_with {
            Some(other) => self.store()?.load(other).ok(),
            None => saved,
        };
        for principal in answers.principals() {
            let name = principal.name().clone();
            let (access_key, role_arn) = match &principal.auth {
                AuthMethod::SecretKey { user } => {
                    let new = new_keys
                        .iter()
                        .find(|(u, _)| u == user)
                        .map(|(_, k)| k.clone());
                    let kept = || {
                        let c = source.as_ref()?.credential_of(user)?;
                        Some(NewAccessKey {
                            access_key_id: c.access_key_id.clone()?,
                            secret_access_key: c.secret_access_key.clone()?,
                        })
                    };
                    (new.or_else(kept), None)
                }
                AuthMethod::RoleArn { role, .. } => (
                    None,
                    Some(Arn::role(answers.region.partition(), &caller.account, role).into()),
                ),
            };
            applied.credentials.push(Credential {
                integration: principal.integration,
                principal: name,
                access_key,
                role_arn,
            });
        }
        applied.policy_arns = answers
            .integrations()
            .iter()
            .map(|&i| target.policy_arn(&answers.policy_name(i)))
            .collect();
        applied.retire = plan.retire.clone();
        applied.run = Some(run);
        Ok(applied)
    }

    /// Saves the connector profile (0600); then deletes the old key a rotation replaced, and
    /// closes the run (releasing its lock). Returns the profile's path.
    pub async fn save(
        &self,
        answers: &Answers,
        applied: &Applied,
        report: &TestReport,
        account: &str,
    ) -> Result<std::path::PathBuf, EngineError> {
        let store = self.store()?;
        let store_secret = applied
            .run
            .as_ref()
            .map_or(self.options().store_secret, RunLock::store_secret);
        // The profile this one replaces: a rotation waiting to finish carries its old key.
        let (reader, name) = (store.clone(), answers.name.clone());
        let saved = blocking("reading the connector profile", move || {
            Ok(reader.load_if_saved(&name)?)
        })
        .await?;
        let credentials = applied
            .credentials
            .iter()
            .map(|c| SavedCredential {
                integration: c.integration,
                principal: c.principal.clone(),
                access_key_id: c.access_key.as_ref().map(|k| k.access_key_id.clone()),
                secret_access_key: c
                    .access_key
                    .as_ref()
                    .filter(|_| store_secret)
                    .map(|k| k.secret_access_key.clone()),
                role_arn: c.role_arn.clone(),
                previous_access_key_id: super::rotate::carried_previous(saved.as_ref(), c),
            })
            .collect();
        let profile = ConnectorProfile::new(
            answers.name.clone(),
            self.is_sandbox(),
            self.endpoint(),
            answers.clone(),
            account.to_string(),
            credentials,
            applied.policy_arns.clone(),
            applied.created_at.clone().unwrap_or_else(now),
            Some(record(report)),
        );
        let path = blocking("saving the connector profile", move || {
            Ok(store.save(&profile)?)
        })
        .await?;
        let Some(run) = &applied.run else {
            return Ok(path);
        };
        let account = AccountId::parse(account).map_err(|e| {
            EngineError::Input(format!(
                "the profile was saved, but {e}: run `braze-s3 resume` to finish"
            ))
        })?;
        for old in &applied.retire {
            let target = self.target(&account, answers);
            let key = Created::AccessKey {
                user: old.user.clone(),
                id: old.id.clone(),
            };
            undo(&target, &key, BucketDisposal::Keep).await?;
            with_journal(run, move |j| j.removed(key)).await?;
        }
        run.finish().await?;
        Ok(path)
    }
}
