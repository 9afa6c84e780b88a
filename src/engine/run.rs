//! Apply a plan, test the result as Braze would, save the connector profile.

use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

use super::{Engine, EngineError, NewAccessKey, ProgressTx, StopFlag};
use crate::aws::apply::{Target, apply};
use crate::aws::verify::{KeyTest, test_key};
use crate::aws::verify_role::{RoleTest, test_role};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::plan::Plan;
use crate::domain::progress::{CheckResult, Progress};
use crate::store::journal::Journal;
use crate::store::profile::{CheckRecord, ConnectorProfile, TestRecord};

/// What the apply produced that Braze needs.
#[derive(Debug, Default)]
pub struct Applied {
    pub access_key: Option<NewAccessKey>,
    pub role_arn: Option<String>,
    pub policy_arns: Vec<String>,
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
    /// Applies the plan change by change; each created resource is journaled before the
    /// next change starts. Stops between changes when `stop` is set.
    pub async fn apply(
        &self,
        answers: &Answers,
        plan: &Plan,
        progress: ProgressTx,
        stop: StopFlag,
    ) -> Result<Applied, EngineError> {
        let caller = self.caller().await?;
        let store = self.store()?;
        let mut journal = Journal::open(store.dir(), &answers.name)?;
        journal.started(answers)?;
        let target = Target {
            clients: self.clients(),
            account: &caller.account,
            partition: answers.region.partition(),
            connector: &answers.name,
        };
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
            if let Some(key) = apply(&target, change, &mut journal).await? {
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
        applied.policy_arns = answers
            .integrations()
            .iter()
            .map(|&i| target.policy_arn(&answers.policy_name(i)))
            .collect();
        Ok(applied)
    }

    /// The live test: the new key as Braze would use it, or the role's documents.
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
                let spec = KeyTest {
                    bucket: &answers.bucket,
                    region: &answers.region,
                    folder: answers.folder.as_ref(),
                    sse: answers.sse,
                    scoped: answers.scope_to_folder,
                    integrations: answers.integrations(),
                    patience: self.options().propagation_timeout,
                    nonce: nonce(),
                    stop: self.stop_signal(),
                };
                test_key(self.clients(), key, &spec, &report).await
            }
            (AuthMethod::SecretKey { .. }, None) => vec![CheckResult {
                name: "access key".into(),
                outcome: crate::domain::progress::CheckOutcome::Fail,
                code: None,
                detail: "no access key is available to test: the secret is shown only once; run setup again to create a new key".into(),
                elapsed: std::time::Duration::ZERO,
            }],
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

    /// Saves the connector profile (0600) and closes the journal's run as finished.
    pub fn save(
        &self,
        answers: &Answers,
        applied: &Applied,
        report: &TestReport,
        account: &str,
    ) -> Result<std::path::PathBuf, EngineError> {
        let store = self.store()?;
        let store_secret = self.options().store_secret;
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
            created_at: now(),
            last_test: Some(record(report)),
        };
        let path = store.save(&profile)?;
        Journal::open(store.dir(), &answers.name)?.finished()?;
        Ok(path)
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
