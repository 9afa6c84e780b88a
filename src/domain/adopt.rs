//! Which existing IAM user, role or policy a setup may take over. A name match is never enough:
//! braze-s3 adopts what carries this connector's `braze-s3:connector` tag, or a user or role the
//! person named on purpose — and never one that anything else grants permissions to, since its
//! key (or role) would reach far more than the bucket.

use std::collections::BTreeSet;
use std::fmt;

use super::answers::Answers;
use super::auth::{AuthMethod, Principal};
use super::existing::{Existing, Grants};
use super::names::{ConnectorName, IamName, PolicyName};

/// A user (secret-key auth) or a role (role-ARN auth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    Role,
}

impl PrincipalKind {
    fn word(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::Role => "role",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            PrincipalKind::User => "--user-name",
            PrincipalKind::Role => "--role-name",
        }
    }
}

/// Why an existing user, role or policy is not taken over. Each says what exists, whose it is
/// and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdoptError {
    /// The default name is taken by a user or role without a `braze-s3:connector` tag.
    #[error(
        "IAM {} {name} already exists but carries no braze-s3:connector tag: braze-s3 did not make it for connector {connector}, and a matching name is not enough to take it over; choose another connector name (--name), or pass {} {name} if you mean to use that {} (it must have nothing else attached)",
        .kind.word(), .kind.flag(), .kind.word()
    )]
    NotTagged {
        kind: PrincipalKind,
        name: IamName,
        connector: ConnectorName,
    },
    /// The user or role is tagged for another connector, whose teardown would delete it.
    #[error(
        "IAM {} {name} already exists and is tagged braze-s3:connector={owner}: it belongs to that connector, whose teardown would delete it; choose another connector name (--name), or pass {} with a {} of your own",
        .kind.word(), .kind.flag(), .kind.word()
    )]
    OtherConnector {
        kind: PrincipalKind,
        name: IamName,
        owner: String,
    },
    /// Something other than this connector's own policies grants the user or role permissions.
    #[error(
        "IAM {} {name} has permissions braze-s3 did not grant for connector {connector}: {}; Braze's credentials must reach only this bucket, so {}",
        .kind.word(), .extras.join(", "), self.extra_fix()
    )]
    ExtraPermissions {
        kind: PrincipalKind,
        name: IamName,
        connector: ConnectorName,
        /// What is attached, e.g. `inline policy admin-all`, `group ops`.
        extras: Vec<String>,
        named: bool,
    },
    /// A policy with one of this connector's policy names that is not this connector's.
    #[error(
        "IAM policy {name} already exists and {}: braze-s3 will not rewrite or attach a policy it did not make for connector {connector}; choose another connector name (--name), or delete that policy if nothing uses it",
        Owner(.owner)
    )]
    PolicyNotOurs {
        name: PolicyName,
        connector: ConnectorName,
        owner: Option<String>,
    },
}

impl AdoptError {
    fn extra_fix(&self) -> String {
        match self {
            AdoptError::ExtraPermissions {
                kind, name, named, ..
            } => {
                let (word, flag) = (kind.word(), kind.flag());
                if *named {
                    format!(
                        "use a dedicated {word}: omit {flag} to let braze-s3 create one, or remove those from {name} first"
                    )
                } else {
                    format!(
                        "remove those from {name} first, or choose another connector name (--name) to get a new {word}"
                    )
                }
            }
            _ => String::new(),
        }
    }
}

/// "carries no braze-s3:connector tag" or "is tagged braze-s3:connector=X".
struct Owner<'a>(&'a Option<String>);

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("carries no braze-s3:connector tag"),
            Some(o) => write!(f, "is tagged braze-s3:connector={o}"),
        }
    }
}

/// Everything found that `principal` of this setup may not take over. `policies` are the
/// principal's own policy names, as the plan uses them.
pub fn refusals(
    a: &Answers,
    principal: &Principal,
    existing: &Existing,
    policies: &[PolicyName],
) -> Vec<AdoptError> {
    // A connector sharing another's credentials adopts that one's user and policy.
    let ours = |owner: &Option<String>| {
        owner.as_deref() == Some(a.name.as_str())
            || (owner.is_some() && owner.as_deref() == a.share_with.as_ref().map(|o| o.as_str()))
    };
    let mut errors = Vec::new();
    for name in policies {
        let exists =
            existing.policies.contains_key(name) || existing.policy_owners.contains_key(name);
        let owner = existing.policy_owners.get(name).cloned().flatten();
        if exists && !ours(&owner) {
            errors.push(AdoptError::PolicyNotOurs {
                name: name.clone(),
                connector: a.name.clone(),
                owner,
            });
        }
    }
    let found = match &principal.auth {
        AuthMethod::SecretKey { user } => existing.users.get(user).map(|u| {
            (
                PrincipalKind::User,
                user,
                &u.attached,
                &u.grants,
                Some(&u.groups),
            )
        }),
        AuthMethod::RoleArn { role, .. } => existing
            .roles
            .get(role)
            .map(|r| (PrincipalKind::Role, role, &r.attached, &r.grants, None)),
    };
    let Some((kind, name, attached, grants, groups)) = found else {
        return errors;
    };
    match &grants.owner {
        Some(owner) if !ours(&grants.owner) => errors.push(AdoptError::OtherConnector {
            kind,
            name: name.clone(),
            owner: owner.clone(),
        }),
        None if !a.principal_named => errors.push(AdoptError::NotTagged {
            kind,
            name: name.clone(),
            connector: a.name.clone(),
        }),
        _ => {
            let extras = extras(attached, grants, groups, policies);
            if !extras.is_empty() {
                errors.push(AdoptError::ExtraPermissions {
                    kind,
                    name: name.clone(),
                    connector: a.name.clone(),
                    extras,
                    named: a.principal_named,
                });
            }
        }
    }
    errors
}

/// Whatever grants permissions besides this connector's own policies, in words.
fn extras(
    attached: &BTreeSet<PolicyName>,
    grants: &Grants,
    groups: Option<&BTreeSet<String>>,
    policies: &[PolicyName],
) -> Vec<String> {
    let managed = attached
        .iter()
        .filter(|p| !policies.contains(p))
        .map(|p| format!("managed policy {p}"));
    let aws = grants
        .other_managed
        .iter()
        .map(|p| format!("managed policy {p}"));
    let inline = grants.inline.iter().map(|p| format!("inline policy {p}"));
    let groups = groups.into_iter().flatten().map(|g| format!("group {g}"));
    managed.chain(aws).chain(inline).chain(groups).collect()
}

#[cfg(test)]
mod tests;
