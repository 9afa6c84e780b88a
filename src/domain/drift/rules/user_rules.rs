//! The IAM user's drift rules: attachment, extra grants, keys, rotation and key age.

use std::collections::BTreeSet;

use super::problem;
use crate::domain::answers::Answers;
use crate::domain::drift::{
    KEY_AGE_WARN_DAYS, Problem, Severity, UserSeen, describe_age, setup_command,
};
use crate::domain::existing::Grants;
use crate::domain::names::PolicyName;

const DAY: u64 = 86_400;

/// Policies other than the connector's own on a user or role: least privilege is gone.
pub(super) fn extras(
    what: &str,
    own: &PolicyName,
    attached: &BTreeSet<PolicyName>,
    grants: &Grants,
) -> Vec<String> {
    let mut extra: Vec<String> = attached
        .iter()
        .filter(|p| *p != own)
        .map(|p| format!("managed policy {p}"))
        .collect();
    extra.extend(
        grants
            .other_managed
            .iter()
            .map(|p| format!("managed policy {p}")),
    );
    extra.extend(grants.inline.iter().map(|p| format!("inline policy {p}")));
    if extra.is_empty() {
        return extra;
    }
    vec![format!(
        "the {what} has more than its own policy: {}",
        extra.join(", ")
    )]
}

/// The connector's policy must be attached to its `kind` ("user" or "role") `name`, and
/// nothing else: a missing attachment fails, extra policies warn.
pub(super) fn attachment(
    a: &Answers,
    kind: &str,
    name: &str,
    own: &PolicyName,
    attached: &BTreeSet<PolicyName>,
    grants: &Grants,
    out: &mut Vec<Problem>,
) {
    if !attached.contains(own) {
        out.push(problem(
            Severity::Fail,
            "policy attachment",
            format!("policy {own} is no longer attached to {kind} {name}"),
            format!("attach it again: `{}`", setup_command(a)),
        ));
    }
    for summary in extras(&format!("{kind} {name}"), own, attached, grants) {
        out.push(problem(
            Severity::Warn,
            "extra policies",
            summary,
            format!(
                "remove what Braze does not need: `aws iam list-attached-{kind}-policies --{kind}-name {name}`, then `aws iam detach-{kind}-policy --{kind}-name {name} --policy-arn ARN` (inline: `aws iam delete-{kind}-policy --{kind}-name {name} --policy-name NAME`)"
            ),
        ));
    }
}

pub(in crate::domain::drift) fn user(a: &Answers, u: &UserSeen, now: u64, out: &mut Vec<Problem>) {
    let (name, user) = (&a.name, &u.user);
    let Some(found) = &u.found else {
        return out.push(problem(
            Severity::Fail,
            "user",
            format!("IAM user {user} is gone: Braze's key no longer works"),
            format!("create it and a new key: `{}`", setup_command(a)),
        ));
    };
    attachment(
        a,
        "user",
        user.as_str(),
        &u.policy,
        &found.attached,
        &found.grants,
        out,
    );
    for group in &found.groups {
        out.push(problem(
            Severity::Warn,
            "extra policies",
            format!("user {user} is in group {group}, which may grant more than Braze needs"),
            format!("`aws iam remove-user-from-group --user-name {user} --group-name {group}`"),
        ));
    }
    let known = [u.saved_key.as_deref(), u.previous_key.as_deref()];
    for key in u
        .keys
        .iter()
        .filter(|k| !known.contains(&Some(k.id.as_str())))
    {
        out.push(problem(
            Severity::Warn,
            "extra access key",
            format!(
                "user {user} has access key {} that braze-s3 did not give Braze",
                key.id
            ),
            format!(
                "once you know nobody uses it: `aws iam delete-access-key --user-name {user} --access-key-id {}`",
                key.id
            ),
        ));
    }
    if let Some(previous) = &u.previous_key
        && u.keys.iter().any(|k| k.id == *previous)
    {
        out.push(problem(
            Severity::Warn,
            "rotation",
            format!("a key rotation is waiting to finish: the old key {previous} is still active"),
            format!("once Braze uses the new key: `braze-s3 rotate {name} --finish`"),
        ));
    }
    let Some(saved) = &u.saved_key else { return };
    match u.keys.iter().find(|k| k.id == *saved) {
        None => out.push(problem(
            Severity::Fail,
            "access key",
            format!("the saved access key {saved} of user {user} no longer exists"),
            format!("make a new key (then enter it in Braze): `{}`", setup_command(a)),
        )),
        Some(k) if !k.active => out.push(problem(
            Severity::Fail,
            "access key",
            format!("the saved access key {saved} of user {user} is inactive"),
            format!(
                "`aws iam update-access-key --user-name {user} --access-key-id {saved} --status Active`, or replace it: `braze-s3 rotate {name}`"
            ),
        )),
        Some(k) => {
            if let Some(created) = k.created
                && now.saturating_sub(created) > KEY_AGE_WARN_DAYS * DAY
            {
                out.push(problem(
                    Severity::Warn,
                    "key age",
                    format!(
                        "access key {saved} was created {}: past {KEY_AGE_WARN_DAYS} days",
                        describe_age(now.saturating_sub(created))
                    ),
                    format!("`braze-s3 rotate {name}`"),
                ));
            }
        }
    }
}
