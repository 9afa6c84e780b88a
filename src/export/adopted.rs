//! What a saved connector adopted rather than created, read from its journal's record of what
//! it created.

use super::{Adopted, AdoptedIam};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::created::Created;
use crate::domain::integration::Integration;

impl Adopted {
    /// For a setup not applied yet: only a bucket picked as existing.
    pub fn planned(answers: &Answers) -> Adopted {
        Adopted {
            bucket: answers.existing_bucket,
            iam: None,
        }
    }

    /// For a saved connector in `account`, from what its journal says it created and has not
    /// removed (`None`: no journal, so only the answers say what existed).
    pub fn saved(answers: &Answers, created: Option<&[Created]>, account: &str) -> Adopted {
        let Some(created) = created else {
            return Adopted::planned(answers);
        };
        let made = |wanted: &dyn Fn(&Created) -> bool| created.iter().any(wanted);
        let bucket = answers.existing_bucket
            || !made(&|c| matches!(c, Created::Bucket { bucket, .. } if *bucket == answers.bucket));
        let mut iam = AdoptedIam {
            account: account.to_string(),
            ..AdoptedIam::default()
        };
        for principal in answers.principals() {
            let i: Integration = principal.integration;
            let policy_suffix = format!(":policy/{}", answers.policy_name(i));
            let is_policy = |arn: &str| arn.ends_with(&policy_suffix);
            let name = principal.name();
            if !made(&|c| matches!(c, Created::Policy { arn } if is_policy(arn))) {
                iam.policies.insert(i);
            }
            // What the journal says this principal's setup created: the user or role, and
            // the attachment of this integration's policy to it.
            let (principal_made, attached) = created.iter().fold((false, false), |(p, a), c| {
                let (is_principal, attachment) = match (c, &principal.auth) {
                    (Created::User { user }, AuthMethod::SecretKey { .. }) => (user == name, false),
                    (Created::Role { role }, AuthMethod::RoleArn { .. }) => (role == name, false),
                    (Created::UserAttachment { user, arn }, AuthMethod::SecretKey { .. }) => {
                        (false, user == name && is_policy(arn))
                    }
                    (Created::RoleAttachment { role, arn }, AuthMethod::RoleArn { .. }) => {
                        (false, role == name && is_policy(arn))
                    }
                    _ => (false, false),
                };
                (p || is_principal, a || attachment)
            });
            if !principal_made {
                iam.principals.insert(i);
            }
            if !attached {
                iam.attachments.insert(i);
            }
        }
        let any =
            !(iam.policies.is_empty() && iam.principals.is_empty() && iam.attachments.is_empty());
        Adopted {
            bucket,
            iam: any.then_some(iam),
        }
    }
}
