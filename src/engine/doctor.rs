//! `doctor`: for one saved connector, the live test plus what discovery finds against what was
//! set up (read-only), reduced to problems by the pure `domain::drift` rules.

use serde::Serialize;

use super::run::Applied;
use super::verify::TestReport;
use super::{Engine, EngineError};
use crate::aws::apply::Target;
use crate::aws::{discover, inspect};
use crate::domain::auth::AuthMethod;
use crate::domain::drift::{
    Health, KeyUse, ObjectInfo, PolicySeen, Problem, RoleSeen, Seen, Severity, UserSeen,
    braze_prefixes, problems,
};
use crate::domain::integration::Integration;
use crate::domain::policy::{permission_policy, permission_policy_folders, trust_policy};
use crate::domain::progress::CheckOutcome;
use crate::store::profile::ConnectorProfile;

/// One key credential's age and last use.
#[derive(Debug, Clone, Serialize)]
pub struct KeyReport {
    pub integration: Integration,
    pub user: String,
    pub id: String,
    pub created: Option<u64>,
    pub last_used: KeyUse,
}

/// What `doctor` found for one connector.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    pub now: u64,
    pub health: Health,
    pub problems: Vec<Problem>,
    /// `None` when the live test was not run (why in `notes`).
    pub live_test: Option<TestReport>,
    pub keys: Vec<KeyReport>,
    /// Currents only: Braze's newest file (`Some(None)`: none yet).
    pub newest: Option<Option<ObjectInfo>>,
    /// Facts worth a line that are not problems.
    pub notes: Vec<String>,
}

impl Engine {
    /// Checks one connector as of `now` (seconds since the epoch).
    pub async fn diagnose(
        &self,
        profile: &ConnectorProfile,
        now: u64,
    ) -> Result<Diagnosis, EngineError> {
        let a = &profile.answers;
        let name = &a.name;
        let caller = self.caller().await?;
        let c = self.clients();
        let partition = a.region.partition();
        let target = Target {
            clients: c,
            account: &caller.account,
            partition,
            connector: name,
        };
        let mut notes = Vec::new();
        let mut seen = Seen {
            now,
            account: caller.account.to_string(),
            bucket: discover::bucket_state(c, &caller.account, &a.bucket).await?,
            policies: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            newest_braze_object: None,
        };
        for &i in a.integrations() {
            let policy = a.policy_name(i);
            // A policy shared by connectors sharing credentials covers all their folders.
            let expected = match self.shared_policy_folders(a)? {
                Some(folders) if i == Integration::Currents => {
                    permission_policy_folders(i, &a.bucket, partition, &folders)
                }
                _ => permission_policy(i, &a.bucket, partition, a.policy_scope(i)),
            }
            .map_err(|e| EngineError::Input(e.to_string()))?;
            let arn = target.policy_arn(&policy);
            let found = match discover::policy(c, &caller.account, partition, &policy).await? {
                Some(f) => Some(f.document),
                None => None,
            };
            seen.policies.push(PolicySeen {
                name: policy,
                arn,
                expected,
                found,
            });
        }
        let mut keys = Vec::new();
        let records = !self.is_sandbox();
        for p in a.principals() {
            let policy = a.policy_name(p.integration);
            let saved = profile.credential_of(p.name());
            match &p.auth {
                AuthMethod::SecretKey { user } => {
                    let found = discover::user(c, user).await?;
                    let listed = match found {
                        Some(_) => inspect::keys(c, user).await?,
                        None => Vec::new(),
                    };
                    let saved_key = saved.and_then(|s| s.access_key_id.clone());
                    let last_used = match &saved_key {
                        Some(id) => Some(inspect::last_used(c, id, records).await),
                        None => None,
                    };
                    if let (Some(id), Some(used)) = (&saved_key, &last_used) {
                        keys.push(KeyReport {
                            integration: p.integration,
                            user: user.to_string(),
                            id: id.clone(),
                            created: listed.iter().find(|k| k.id == *id).and_then(|k| k.created),
                            last_used: used.clone(),
                        });
                    }
                    seen.users.push(UserSeen {
                        integration: p.integration,
                        user: user.clone(),
                        policy,
                        found,
                        keys: listed,
                        saved_key,
                        previous_key: saved.and_then(|s| s.previous_access_key_id.clone()),
                        last_used,
                    });
                }
                AuthMethod::RoleArn {
                    role,
                    braze_account,
                    external_id,
                } => seen.roles.push(RoleSeen {
                    integration: p.integration,
                    role: role.clone(),
                    policy,
                    found: discover::role(c, role).await?.map(|(r, _)| r),
                    expected_trust: trust_policy(braze_account, external_id, partition),
                }),
            }
        }
        if a.integrations().contains(&Integration::Currents)
            && let crate::domain::existing::BucketState::Owned(b) = &seen.bucket
        {
            let prefixes = braze_prefixes(a, Integration::Currents);
            let (objects, capped) = inspect::objects(c, &b.region, &a.bucket, &prefixes).await?;
            if capped {
                notes.push(format!(
                    "the folder holds more than {} objects: only the first were looked at for the newest file",
                    inspect::LIST_CAP
                ));
            }
            let newest = objects.into_iter().max_by_key(|o| o.modified);
            if newest.is_none() {
                notes.push(format!(
                    "Braze has not written to s3://{}/{} yet: `braze-s3 watch {name}` waits for its first files",
                    a.bucket,
                    prefixes.join(", ")
                ));
            }
            seen.newest_braze_object = Some(newest);
        }
        let mut found = problems(a, &seen);
        let live_test = self.doctor_test(profile, &mut notes).await;
        if let Some(report) = &live_test {
            found.extend(live_test_problem(name.as_str(), report));
            found.sort_by_key(|p| std::cmp::Reverse(p.severity));
        }
        Ok(Diagnosis {
            now,
            health: Health::of(&found),
            problems: found,
            live_test,
            keys,
            newest: seen.newest_braze_object,
            notes,
        })
    }

    /// The live test with the saved credentials, unless a secret was not saved.
    async fn doctor_test(
        &self,
        profile: &ConnectorProfile,
        notes: &mut Vec<String>,
    ) -> Option<TestReport> {
        let unsaved = profile
            .credentials
            .iter()
            .any(|c| c.access_key_id.is_some() && c.secret_access_key.is_none());
        if unsaved {
            notes.push("the live test was skipped: the key's secret was not saved (--no-store-secret); use Braze's Test Credentials".into());
            return None;
        }
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        Some(
            self.verify(&profile.answers, &Applied::saved(profile), tx)
                .await,
        )
    }
}

/// A failed live test as a problem, naming the first failing check.
fn live_test_problem(name: &str, report: &TestReport) -> Option<Problem> {
    if report.passed() {
        return None;
    }
    let first = report.checks.iter().find(|c| !c.ok());
    let what = first.map_or("no check ran".to_string(), |c| {
        format!("{}: {}", c.name, c.detail)
    });
    let unreachable = first.is_some_and(|c| c.outcome == CheckOutcome::Unreachable);
    Some(Problem {
        severity: Severity::Fail,
        check: "live test",
        summary: if unreachable {
            format!("the live test could not run ({what})")
        } else {
            format!("the live test failed as Braze's Test Credentials would ({what})")
        },
        fix: format!("fix what the other lines say, then `braze-s3 test {name}`"),
    })
}
