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
            let (principal_made, attached) = match &principal.auth {
                AuthMethod::SecretKey { .. } => (
                    made(&|c| matches!(c, Created::User { user } if user == name)),
                    made(
                        &|c| matches!(c, Created::UserAttachment { user, arn } if user == name && is_policy(arn)),
                    ),
                ),
                AuthMethod::RoleArn { .. } => (
                    made(&|c| matches!(c, Created::Role { role } if role == name)),
                    made(
                        &|c| matches!(c, Created::RoleAttachment { role, arn } if role == name && is_policy(arn)),
                    ),
                ),
            };
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
