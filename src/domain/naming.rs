//! What a set of answers names: its integrations' policies, one principal per integration,
//! and where the live test writes. Pure, like the rest of `domain`.

use super::answers::Answers;
use super::auth::{AuthMethod, Principal};
use super::integration::{Integration, IntegrationChoice};
use super::names::{FolderPath, IamName, PolicyName, fnv1a};

impl Answers {
    pub fn integrations(&self) -> &'static [Integration] {
        self.integration.integrations()
    }

    /// Where Braze writes: `bucket/folder` for Currents, the bucket alone otherwise.
    pub fn location(&self) -> String {
        match &self.folder {
            Some(folder) => format!("{}/{folder}", self.bucket),
            None => self.bucket.to_string(),
        }
    }

    /// The folder the Currents policy is limited to, when scoping was chosen.
    pub fn policy_scope(&self, integration: Integration) -> Option<&FolderPath> {
        match integration {
            Integration::Currents if self.scope_to_folder => self.folder.as_ref(),
            _ => None,
        }
    }

    /// `braze-s3-<connector>-<integration>`, plus the folder when the policy is scoped to it
    /// (two scoped Currents connectors on one bucket need two policies).
    /// A connector sharing another's credentials uses (and extends) that one's policy.
    pub fn policy_name(&self, integration: Integration) -> PolicyName {
        if let Some(shared) = self
            .shared_policy
            .as_ref()
            .filter(|_| self.share_with.is_some())
        {
            return shared.clone();
        }
        // Per connector (like the user), so teardown of one never deletes another's policy.
        let base = format!("braze-s3-{}-{}", self.name, integration.slug());
        match self.policy_scope(integration) {
            None => PolicyName::generated(&base),
            Some(folder) => {
                // The folder's readable form can collide ("a/b" and "a-b", or two long
                // folders cut to the same prefix), so a hash of the exact folder ends the name.
                let hash = format!("-{:08x}", fnv1a(folder.as_str()));
                let readable = format!("{base}-{}", folder.as_str().replace('/', "-"));
                PolicyName::generated_ending(&readable, &hash)
            }
        }
    }
}

impl Answers {
    /// One principal per integration, each to get only its own policy. With one integration
    /// that is the chosen user or role; with both, two named after it (`…-currents`,
    /// `…-data-export`), each role with its own page's external ID.
    pub fn principals(&self) -> Vec<Principal> {
        if self.integration != IntegrationChoice::Both {
            return self
                .integrations()
                .iter()
                .map(|&integration| Principal {
                    integration,
                    auth: self.auth.clone(),
                })
                .collect();
        }
        let base = self.auth.principal_name();
        self.integrations()
            .iter()
            .map(|&integration| {
                let name = IamName::generated(&format!("{base}-{}", integration.slug()));
                let auth = match &self.auth {
                    AuthMethod::SecretKey { .. } => AuthMethod::SecretKey { user: name },
                    AuthMethod::RoleArn {
                        braze_account,
                        external_id,
                        ..
                    } => AuthMethod::RoleArn {
                        role: name,
                        braze_account: braze_account.clone(),
                        external_id: match integration {
                            Integration::DataExport => self
                                .export_external_id
                                .clone()
                                .unwrap_or_else(|| external_id.clone()),
                            Integration::Currents => external_id.clone(),
                        },
                    },
                };
                Principal { integration, auth }
            })
            .collect()
    }

    /// Where the live test of `integration`'s credential writes its object: under the
    /// Currents folder (where Braze writes), else under `braze-s3-test/`. `nonce` makes it
    /// unique.
    pub fn test_object_key(&self, integration: Integration, nonce: &str) -> String {
        let folder = self
            .folder
            .as_ref()
            .filter(|_| integration == Integration::Currents);
        match folder {
            Some(f) => format!("{f}/braze-s3-connection-test-{nonce}.txt"),
            None => format!("braze-s3-test/braze-s3-connection-test-{nonce}.txt"),
        }
    }
}
