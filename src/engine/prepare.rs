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
    pub async fn prepare(&self, answers: &Answers) -> Result<Prepared, EngineError> {
        let caller = self.caller().await?;
        let partition = answers.region.partition();
        let c = self.clients();
        let policies = answers.integrations().iter().map(|&i| async move {
            let name = answers.policy_name(i);
            let found = discover::policy(c, &caller.account, partition, &name).await?;
            Ok::<_, EngineError>(found.map(|f| (name, f)))
        });
        let principal = answers.auth.principal_name();
        let (bucket, policies, user, role) = tokio::join!(
            discover::bucket_state(c, &caller.account, &answers.bucket),
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
        );
        let mut existing = Existing {
            bucket: bucket?,
            user: user?,
            role: role?,
            ..Existing::default()
        };
        for found in policies {
            if let Some((name, found)) = found? {
                if let Some(doc) = found.document {
                    existing.policies.insert(name.clone(), doc);
                }
                existing.policy_owners.insert(name, found.owner);
            }
        }
        let store = self.store()?;
        existing.saved_key = store.load(&answers.name).ok().and_then(|p| {
            Some(SavedKey {
                user: answers.auth.principal_name().clone(),
                id: p.access_key_id?,
                has_secret: p.secret_access_key.is_some(),
            })
            .filter(|_| p.answers.auth.principal_name() == answers.auth.principal_name())
        });
        existing.folders_in_use = store
            .folders_on(&answers.bucket)
            .into_iter()
            .filter(|(_, name)| *name != answers.name)
            .collect();
        let plan = match Plan::from(answers, &existing) {
            Ok(plan) => self.check_permissions(plan, caller, partition).await,
            Err(errors) => Err(errors),
        };
        Ok(Prepared { existing, plan })
    }

    async fn check_permissions(
        &self,
        mut plan: Plan,
        caller: &discover::Identity,
        partition: &str,
    ) -> Result<Plan, Vec<PlanError>> {
        let outcome = permissions::check(
            self.clients(),
            &caller.arn,
            &caller.account,
            partition,
            &plan.changes,
        )
        .await;
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
}
