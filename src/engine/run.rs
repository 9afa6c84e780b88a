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
use crate::domain::auth::AuthMethod;
use crate::domain::created::{BucketDisposal, Created, Intent};
use crate::domain::plan::{Plan, RetireKey};
use crate::domain::progress::{CheckResult, Progress};
use crate::store::profile::{CheckRecord, ConnectorProfile, TestRecord};

/// What the apply produced that Braze needs, and the run's lock until the profile is saved.
#[derive(Debug, Default)]
pub struct Applied {
    pub access_key: Option<NewAccessKey>,
    pub role_arn: Option<String>,
    pub policy_arns: Vec<String>,
    /// The run's hold on the connector (`None` for a re-test of a saved connector).
    pub run: Option<RunLock>,
    /// The connector's old key, deleted once the new one is tested and saved.
    pub retire: Option<RetireKey>,
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
        for (index, change) in plan.changes.iter().enumerate() {
            if stop.load(Ordering::SeqCst) {
                return Err(EngineError::Interrupted);
            }
            let _ = progress.send(Progress::ChangeStarted {
                index,
                change: change.clone(),
            });
            let started = Instant::now();
            if let Some(key) = apply_journaled(&target, change, &run).await?.key {
                applied.access_key = Some(key);
            }
            let _ = progress.send(Progress::ChangeApplied {
                index,
                change: change.clone(),
                elapsed: started.elapsed(),
            });
        }
        if let AuthMethod::RoleArn { role, .. } = &answers.auth {
            applied.role_arn = Some(format!(
                "arn:{}:iam::{}:role/{role}",
                answers.region.partition(),
                caller.account
            ));
        }
        if applied.access_key.is_none() && matches!(answers.auth, AuthMethod::SecretKey { .. }) {
            // The plan kept the saved key: test and save that one.
            let saved = self.store()?.load(&answers.name).ok();
            applied.access_key = saved.as_ref().and_then(|p| {
                let secret = p.secret_access_key.clone()?;
                Some(NewAccessKey {
                    access_key_id: p.access_key_id.clone()?,
                    secret_access_key: secret,
                })
            });
            applied.created_at = saved.map(|p| p.created_at);
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
        let checks = match (&answers.auth, &applied.access_key) {
            (AuthMethod::SecretKey { .. }, Some(key)) => {
                let object = answers.test_object_key(&nonce());
                let intent = Intent::TestObject {
                    bucket: answers.bucket.clone(),
                    region: answers.region.clone(),
                    key: object.clone(),
                };
                if let Some(run) = &applied.run
                    && let Err(e) = with_journal(run, |j| j.intent(intent.clone()))
                {
                    return TestReport {
                        checks: vec![failed_check("journal", e.to_string())],
                    };
                }
                let spec = KeyTest {
                    bucket: &answers.bucket,
                    region: &answers.region,
                    folder: answers.folder.as_ref(),
                    sse: answers.sse,
                    scoped: answers.scope_to_folder,
                    integrations: answers.integrations(),
                    patience: self.options().propagation_timeout,
                    object,
                    stop: self.stop_signal(),
                };
                let checks = test_key(self.clients(), key, &spec, &report).await;
                if let Some(run) = &applied.run {
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
                    account: &account,
                };
                test_role(self.clients(), &spec, &report).await
            }
        };
        TestReport { checks }
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
        let profile = ConnectorProfile {
            name: answers.name.clone(),
            sandbox: self.is_sandbox(),
            endpoint_url: self.endpoint(),
            answers: answers.clone(),
            account: account.to_string(),
            access_key_id: applied.access_key.as_ref().map(|k| k.access_key_id.clone()),
            secret_access_key: applied
                .access_key
                .as_ref()
                .filter(|_| store_secret)
                .map(|k| k.secret_access_key.clone()),
            role_arn: applied.role_arn.clone(),
            policy_arns: applied.policy_arns.clone(),
            created_at: applied.created_at.clone().unwrap_or_else(now),
            last_test: Some(record(report)),
        };
        let path = store.save(&profile)?;
        let Some(run) = &applied.run else {
            return Ok(path);
        };
        if let Some(old) = &applied.retire {
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
