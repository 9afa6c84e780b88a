//! The principal part of a [`Plan`]: each integration's user (and key) or role, what of it is
//! reused, and the old key a re-run retires.

use std::collections::BTreeSet;

use super::answers::Answers;
use super::auth::{AuthMethod, Principal};
use super::existing::{Existing, ExistingKey, SavedKey};
use super::names::{IamName, PolicyName};
use super::plan::{Change, Plan, PlanError, RetireKey};
use super::policy::trust_policy;

impl Plan {
    pub(super) fn principal(
        &mut self,
        a: &Answers,
        principal: &Principal,
        existing: &Existing,
        policies: &[PolicyName],
        errors: &mut Vec<PlanError>,
    ) {
        match &principal.auth {
            AuthMethod::SecretKey { user } => {
                let (attached, keys) = match existing.users.get(user) {
                    None => {
                        self.changes.push(Change::CreateUser { user: user.clone() });
                        (BTreeSet::new(), Vec::new())
                    }
                    Some(u) => {
                        self.adopted.push(format!("IAM user {user}"));
                        (u.attached.clone(), u.keys.clone())
                    }
                };
                self.attach(policies, &attached, "user", |policy| {
                    Change::AttachUserPolicy {
                        user: user.clone(),
                        policy,
                    }
                });
                match &a.share_with {
                    Some(other) => self.adopted.push(format!(
                        "the access key of user {user}, shared with connector {other} (no new user or key)"
                    )),
                    None => {
                        let saved = existing.saved_keys.iter().find(|k| k.user == *user);
                        self.access_key(user, &keys, saved, errors);
                    }
                }
            }
            AuthMethod::RoleArn {
                role,
                braze_account,
                external_id,
            } => {
                let trust = trust_policy(braze_account, external_id, a.region.partition());
                let attached = match existing.roles.get(role) {
                    None => {
                        self.changes.push(Change::CreateRole {
                            role: role.clone(),
                            trust,
                        });
                        BTreeSet::new()
                    }
                    Some(r) if !r.trust.equivalent(&trust) => {
                        errors.push(PlanError::RoleTrustDiffers(role.clone()));
                        r.attached.clone()
                    }
                    Some(r) => {
                        self.adopted
                            .push(format!("IAM role {role} (same trust policy)"));
                        r.attached.clone()
                    }
                };
                self.attach(policies, &attached, "role", |policy| {
                    Change::AttachRolePolicy {
                        role: role.clone(),
                        policy,
                    }
                });
            }
        }
    }

    /// Keeps the saved key when it is still the user's, active, and its secret is saved (a
    /// re-run changes nothing); otherwise plans a new key and retires the old one.
    fn access_key(
        &mut self,
        user: &IamName,
        keys: &[ExistingKey],
        saved: Option<&SavedKey>,
        errors: &mut Vec<PlanError>,
    ) {
        let saved = saved.filter(|s| s.user == *user);
        let listed = saved.and_then(|s| keys.iter().find(|k| k.id == s.id));
        match (saved, listed) {
            (Some(s), Some(k)) if k.active && s.has_secret => {
                self.adopted.push(format!(
                    "access key {} of user {user} (its secret is in the saved profile; tested again)",
                    s.id
                ));
                return;
            }
            (Some(s), Some(k)) => {
                let why = if k.active {
                    "its secret was not saved"
                } else {
                    "it is inactive"
                };
                self.retire.push(RetireKey {
                    user: user.clone(),
                    id: s.id.clone(),
                    why: why.to_string(),
                });
            }
            (Some(s), None) => self.warnings.push(format!(
                "the saved access key {} no longer exists: a new key is created",
                s.id
            )),
            (None, _) => {}
        }
        if keys.len() >= 2 {
            errors.push(PlanError::TooManyKeys(user.clone()));
        }
        self.changes
            .push(Change::CreateAccessKey { user: user.clone() });
    }

    fn attach(
        &mut self,
        policies: &[PolicyName],
        attached: &BTreeSet<PolicyName>,
        what: &str,
        change: impl Fn(PolicyName) -> Change,
    ) {
        for policy in policies {
            if attached.contains(policy) {
                self.adopted
                    .push(format!("policy {policy} already attached to the {what}"));
            } else {
                self.changes.push(change(policy.clone()));
            }
        }
    }
}
