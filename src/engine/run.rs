//! Apply a plan, test the result as Braze would, save the connector profile.

use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

use super::journaled::{RunLock, apply_journaled, with_journal};
use super::{Engine, EngineError, NewAccessKey, ProgressTx, StopFlag};
use crate::aws::apply::Target;
use crate::aws::lookup;
use crate::aws::undo::undo;
use crate::aws::verify::{KeyTest, test_key};
use crate::aws::verify_role::{RoleTest, test_role};
use crate::domain::answers::Answers;
use crate::domain::auth::{AuthMethod, Principal};
use crate::domain::created::{BucketDisposal, Created, Intent};
use crate::domain::integration::Integration;
use crate::domain::names::IamName;
use crate::domain::plan::{Plan, RetireKey};
use crate::domain::progress::{CheckResult, Progress};
use crate::store::profile::{CheckRecord, ConnectorProfile, SavedCredential, TestRecord};

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

#[derive(Debug, Clone, Default)]
pub struct TestReport {
    pub checks: Vec<CheckResult>,
}

impl TestReport {
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(CheckResult::ok)
    }
}

fn now() -> String {
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
    fn target<'a>(&'a self, account: &'a str, answers: &'a Answers) -> Target<'a> {
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
        with_journal(&run, |j| j.started(answers, store_secret))?;
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
        for principal in answers.principals() {
            let name = principal.name().clone();
            let (access_key, role_arn) = match &principal.auth {
                AuthMethod::SecretKey { user } => {
                    let new = new_keys
                        .iter()
                        .find(|(u, _)| u == user)
                        .map(|(_, k)| k.clone());
                    let kept = || {
                        let c = saved.as_ref()?.credential_of(user)?;
                        Some(NewAccessKey {
                            access_key_id: c.access_key_id.clone()?,
                            secret_access_key: c.secret_access_key.clone()?,
                        })
                    };
                    (new.or_else(kept), None)
                }
                AuthMethod::RoleArn { role, .. } => (
                    None,
                    Some(format!(
                        "arn:{}:iam::{}:role/{role}",
                        answers.region.partition(),
                        caller.account
                    )),
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

    /// The live test: the new key as Braze would use it, or the role's documents. The test
    /// object's key is journaled ahead, so an interrupted test leaves nothing untracked.
    pub async fn verify(
        &self,
        answers: &Answers,
        applied: &Applied,
        progress: ProgressTx,
    ) -> TestReport {
        let report = move |p: Progress| {
            let _ = progress.send(p);
        };
        let principals = answers.principals();
        let mut checks = Vec::new();
        for (principal, credential) in principals.iter().zip(&applied.credentials) {
            // With one credential per integration, each check says whose it is.
            let label = (principals.len() > 1).then(|| principal.integration.slug());
            let labelled = |p: Progress| match label {
                Some(label) => report(p.labelled(label)),
                None => report(p),
            };
            let found = self
                .verify_one(
                    answers,
                    principal,
                    credential,
                    applied.run.as_ref(),
                    &labelled,
                )
                .await;
            checks.extend(found.into_iter().map(|c| match label {
                Some(label) => c.labelled(label),
                None => c,
            }));
        }
        TestReport { checks }
    }

    /// One credential's live test: its key as Braze would use it, or its role's documents.
    async fn verify_one(
        &self,
        answers: &Answers,
        principal: &Principal,
        credential: &Credential,
        run: Option<&RunLock>,
        report: &(dyn Fn(Progress) + Send + Sync),
    ) -> Vec<CheckResult> {
        match (&principal.auth, &credential.access_key) {
            (AuthMethod::SecretKey { .. }, Some(key)) => {
                let object = answers.test_object_key(principal.integration, &nonce());
                let intent = Intent::TestObject {
                    bucket: answers.bucket.clone(),
                    region: answers.region.clone(),
                    key: object.clone(),
                };
                if let Some(run) = run
                    && let Err(e) = with_journal(run, |j| j.intent(intent.clone()))
                {
                    return vec![failed_check("journal", e.to_string())];
                }
                let spec = KeyTest {
                    bucket: &answers.bucket,
                    region: &answers.region,
                    folder: answers.folder.as_ref(),
                    sse: answers.sse,
                    scoped: answers.scope_to_folder,
                    integrations: std::slice::from_ref(&principal.integration),
                    patience: self.options().propagation_timeout,
                    object,
                    stop: self.stop_signal(),
                };
                let checks = test_key(self.clients(), key, &spec, report).await;
                if let Some(run) = run {
                    self.settle_test_object(answers, run, &intent).await;
                }
                checks
            }
            (AuthMethod::SecretKey { .. }, None) => vec![failed_check(
                "access key",
                "no access key is available to test: the secret is shown only once; run setup again to create a new key".into(),
            )],
            (AuthMethod::RoleArn { .. }, _) => {
                let account = match self.caller().await {
                    Ok(c) => c.account.clone(),
                    Err(_) => String::new(),
                };
                let spec = RoleTest {
                    answers,
                    principal,
                    account: &account,
                };
                test_role(self.clients(), &spec, report).await
            }
        }
    }

    /// The test removes its object; journal whether one was left behind (so undo removes it).
    async fn settle_test_object(&self, answers: &Answers, run: &RunLock, intent: &Intent) {
        let Ok(caller) = self.caller().await else {
            return;
        };
        let target = self.target(&caller.account, answers);
        let recorded = match lookup::find(&target, intent).await {
            Ok(found) if found.is_empty() => with_journal(run, |j| j.missing(intent.clone())),
            Ok(found) => found
                .into_iter()
                .try_for_each(|c| with_journal(run, |j| j.created(c))),
            Err(e) => {
                tracing::warn!(error = %e, "could not check for the test object");
                Ok(())
            }
        };
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "could not journal the test object");
        }
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
        let saved = store.load(&answers.name).ok();
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
        let path = store.save(&profile)?;
        let Some(run) = &applied.run else {
            return Ok(path);
        };
        for old in &applied.retire {
            let target = self.target(account, answers);
            let key = Created::AccessKey {
                user: old.user.clone(),
                id: old.id.clone(),
            };
            undo(&target, &key, BucketDisposal::Keep).await?;
            with_journal(run, |j| j.removed(key))?;
        }
        run.finish()?;
        Ok(path)
    }
}

fn failed_check(name: &str, detail: String) -> CheckResult {
    CheckResult {
        name: name.into(),
        outcome: crate::domain::progress::CheckOutcome::Fail,
        code: None,
        detail,
        elapsed: std::time::Duration::ZERO,
    }
}

pub fn record(report: &TestReport) -> TestRecord {
    TestRecord {
        at: now(),
        passed: report.passed(),
        checks: report
            .checks
            .iter()
            .map(|c| CheckRecord {
                name: c.name.clone(),
                ok: c.ok(),
                detail: c.detail.clone(),
            })
            .collect(),
    }
}

fn nonce() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{nanos:x}")
}
