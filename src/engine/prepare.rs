//! discover → plan → may the caller make the changes? Nothing here changes anything.

use super::{Engine, EngineError, Prepared};
use crate::aws::discover;
use crate::aws::permissions::{self, Outcome};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthKind;
use crate::domain::existing::{Existing, SavedKey};
use crate::domain::plan::{Plan, PlanError};

/// The plan's warning when the permission check could not be made.
const UNCHECKED_PERMISSIONS: &str = "could not check your permissions in advance at this endpoint";

impl Engine {
    /// Discovers what exists (concurrently), plans against it and, when the plan holds, asks
    /// IAM whether the caller may make its changes: a missing permission becomes a plan error,
    /// so nothing is changed.
    ///
    /// The permission check of the plan for an account where nothing exists yet (the common
    /// case: a first setup) runs alongside discovery; when discovery finds nothing, that plan
    /// is the plan and its check is already done, so the setup saves one round trip.
    pub async fn prepare(&self, answers: &Answers) -> Result<Prepared, EngineError> {
        let caller = self.caller().await?;
        let partition = answers.region.partition();
        let c = self.clients();
        let store = self.store()?;
        let local = Existing {
            saved_key: store.load(&answers.name).ok().and_then(|p| {
                Some(SavedKey {
                    user: answers.auth.principal_name().clone(),
                    id: p.access_key_id?,
                    has_secret: p.secret_access_key.is_some(),
                })
                .filter(|_| p.answers.auth.principal_name() == answers.auth.principal_name())
            }),
            folders_in_use: store
                .folders_on(&answers.bucket)
                .into_iter()
                .filter(|(_, name)| *name != answers.name)
                .collect(),
            ..Existing::default()
        };
        let fresh = Plan::from(answers, &local).ok();
        // Boxed: the check's future is large, and prepare's runs on the caller's stack.
        let early_check = Box::pin(async {
            match &fresh {
                Some(plan) => Some(
                    permissions::check(c, &caller.arn, &caller.account, partition, &plan.changes)
                        .await,
                ),
                None => None,
            }
        });
        let policies = answers.integrations().iter().map(|&i| async move {
            let name = answers.policy_name(i);
            let found = discover::policy(c, &caller.account, partition, &name).await?;
            Ok::<_, EngineError>(found.map(|f| (name, f)))
        });
        let principal = answers.auth.principal_name();
        let (bucket, policies, user, role, early) = tokio::join!(
            discover::bucket_state(c, &answers.bucket),
            futures_util::future::join_all(policies),
            async {
                match answers.auth.kind() {
                    AuthKind::SecretKey => discover::user(c, principal).await,
                    AuthKind::RoleArn => Ok(None),
                }
            },
            async {
                match answers.auth.kind() {
                    AuthKind::RoleArn => discover::role(c, principal)
                        .await
                        .map(|r| r.map(|(role, _)| role)),
                    AuthKind::SecretKey => Ok(None),
                }
            },
            early_check,
        );
        let mut existing = Existing {
            bucket: bucket?,
            user: user?,
            role: role?,
            ..local
        };
        for found in policies {
            if let Some((name, found)) = found? {
                if let Some(doc) = found.document {
                    existing.policies.insert(name.clone(), doc);
                }
                existing.policy_owners.insert(name, found.owner);
            }
        }
        let plan = match (Plan::from(answers, &existing), fresh, early) {
            (Ok(plan), Some(fresh), Some(outcome)) if fresh.changes == plan.changes => {
                judge(plan, outcome)
            }
            (Ok(plan), _, _) => {
                let outcome = self.check_permissions(&plan, caller, partition).await;
                judge(plan, outcome)
            }
            (Err(errors), _, _) => Err(errors),
        };
        Ok(Prepared { existing, plan })
    }

    async fn check_permissions(
        &self,
        plan: &Plan,
        caller: &discover::Identity,
        partition: &str,
    ) -> Outcome {
        permissions::check(
            self.clients(),
            &caller.arn,
            &caller.account,
            partition,
            &plan.changes,
        )
        .await
    }
}

/// A missing permission stops the plan; a check that could not be made is a warning.
fn judge(mut plan: Plan, outcome: Outcome) -> Result<Plan, Vec<PlanError>> {
    match outcome {
        Outcome::Allowed => Ok(plan),
        Outcome::Denied(missing) => Err(missing
            .into_iter()
            .map(|m| PlanError::MissingPermission {
                action: m.action,
                change: m.change,
            })
            .collect()),
        Outcome::NotAvailable(why) => {
            tracing::info!(%why, "permissions not checked in advance");
            plan.warnings.push(format!(
                "{UNCHECKED_PERMISSIONS} ({why}): a missing permission will stop the setup at the step that needs it"
            ));
            Ok(plan)
        }
    }
}
