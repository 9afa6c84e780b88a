//! The live test of what a run made (or a saved connector holds), as Braze would run it: each
//! credential on its own, its checks labelled with its integration when there are two.

use std::time::SystemTime;

use super::journaled::{RunLock, with_journal};
use super::run::{Applied, Credential, now};
use super::{Engine, EngineError, ProgressTx};
use crate::aws::lookup;
use crate::aws::verify::{KeyTest, test_key};
use crate::aws::verify_role::{RoleTest, test_role};
use crate::domain::answers::Answers;
use crate::domain::auth::{AuthMethod, Principal};
use crate::domain::created::{Created, Intent};
use crate::domain::progress::{CheckResult, Progress};
use crate::store::profile::{CheckRecord, TestRecord};

#[derive(Debug, Clone, Default)]
pub struct TestReport {
    pub checks: Vec<CheckResult>,
}

impl TestReport {
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(CheckResult::ok)
    }
}

impl Engine {
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
            // Boxed: the live test is a large future.
            let run = applied.run.as_ref();
            let one = self.verify_one(answers, principal, credential, run, &labelled);
            let found = Box::pin(one).await;
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
                let intent = Intent::Named(Created::TestObject {
                    bucket: answers.bucket.clone(),
                    region: answers.region.clone(),
                    key: object.clone(),
                });
                let ahead = intent.clone();
                if let Some(run) = run
                    && let Err(e) = with_journal(run, move |j| j.intent(ahead)).await
                {
                    return vec![failed_check("journal", e.to_string())];
                }
                let spec = KeyTest {
                    bucket: &answers.bucket,
                    region: &answers.region,
                    folder: answers.folder.as_ref(),
                    sse: answers.sse,
                    scoped: answers.scope_to_folder,
                    integration: principal.integration,
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
                // The policy is read under the caller's account: without it there is nothing
                // to read, and an empty account would report the policy as missing.
                let account = match self.caller().await {
                    Ok(c) => c.account.clone(),
                    Err(e) => return vec![failed_check(
                        "AWS account",
                        format!("could not learn which AWS account you are signed in to, so the role's policy could not be read back ({e}); check your credentials and network, then run `braze-s3 test {}`", answers.name),
                    )],
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
            Ok(found) => record_test_object(run, intent, found).await,
            Err(e) => {
                tracing::warn!(error = %e, "could not check for the test object");
                Ok(())
            }
        };
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "could not journal the test object");
        }
    }
}

/// Journals what the look-up after the test found: the object, or that none was left.
async fn record_test_object(
    run: &RunLock,
    intent: &Intent,
    found: Vec<Created>,
) -> Result<(), EngineError> {
    if found.is_empty() {
        let intent = intent.clone();
        return with_journal(run, move |j| j.missing(intent)).await;
    }
    for c in found {
        with_journal(run, move |j| j.created(c)).await?;
    }
    Ok(())
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
