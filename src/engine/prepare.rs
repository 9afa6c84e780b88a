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
    pub async fn prepare(&self, answers: &Answers) -> Result<Prepared, EngineError> {
        let caller = self.caller().await?;
        let partition = answers.region.partition();
        let c = self.clients();
        let policies = answers.integrations().iter().map(|&i| async move {
            let name = answers.policy_name(i);
            let found = discover::policy(c, &caller.account, partition, &name).await?;
            Ok::<_, EngineError>(found.map(|f| (name, f)))
        });
        let principals = answers.principals();
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
        let (bucket, policies, found) = tokio::join!(
            discover::bucket_state(c, &caller.account, &answers.bucket),
            futures_util::future::join_all(policies),
            futures_util::future::join_all(lookups),
        );
        let mut existing = Existing {
            bucket: bucket?,
            ..Existing::default()
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
        let store = self.store()?;
        // The saved keys of this connector's principals, as the profile holds them.
        existing.saved_keys = store
            .load(&answers.name)
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
            .collect();
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
