//! discover → plan → may the caller make the changes? Nothing here changes anything.

use super::{Engine, EngineError, Prepared};
use crate::aws::discover;
use crate::aws::permissions::{self, Outcome};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthKind;
use crate::domain::existing::{Existing, ExistingRole, ExistingUser, SavedKey};
use crate::domain::plan::{Plan, PlanError};

/// A principal discovery found.
enum Found {
    User(ExistingUser),
    Role(ExistingRole),
}

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
        let principals = answers.principals();
        // Sharing another connector's credentials: checked again, and its folders kept.
        let shared_folders = self
            .shared_for(answers)?
            .map(|(_, folders)| folders)
            .unwrap_or_default();
        let local = Existing {
            shared_folders,
            // The saved keys of this connector's principals, as the profile holds them.
            saved_keys: store
                .load_if_saved(&answers.name)?
                .map(|p| p.credentials)
                .unwrap_or_default()
                .into_iter()
                .filter(|c| principals.iter().any(|p| *p.name() == c.principal))
                .filter_map(|c| {
                    Some(SavedKey {
                        id: c.access_key_id?,
                        has_secret: c.secret_access_key.is_some(),
                        user: c.principal,
                    })
                })
                .collect(),
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
        let lookups = principals.iter().map(|p| async move {
            let name = p.name().clone();
            match p.auth.kind() {
                AuthKind::SecretKey => discover::user(c, &name)
                    .await
                    .map(|u| (name, u.map(Found::User))),
                AuthKind::RoleArn => discover::role(c, &name)
                    .await
                    .map(|r| (name, r.map(|(role, _)| Found::Role(role)))),
            }
        });
        let (bucket, policies, found, early) = tokio::join!(
            discover::bucket_state(c, &caller.account, &answers.bucket),
            futures_util::future::join_all(policies),
            futures_util::future::join_all(lookups),
            early_check,
        );
        let mut existing = Existing {
            bucket: bucket?,
            ..local
        };
        for principal in found {
            match principal? {
                (name, Some(Found::User(u))) => {
                    existing.users.insert(name, u);
                }
                (name, Some(Found::Role(r))) => {
                    existing.roles.insert(name, r);
                }
                (_, None) => {}
            }
        }
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
