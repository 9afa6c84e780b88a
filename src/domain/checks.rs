//! The live test's checks as data: each one's name, the AWS operation it performs, what Braze
//! expects of it (allowed, denied, a document read back equal) and which integration it belongs
//! to. `aws::verify` and `aws::verify_role` only run this list, in this order.

use std::fmt;

use super::integration::Integration;

/// One check of the live test, named as both faces show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckName {
    ListBucket,
    BucketLocation,
    WriteTestObject,
    ReadTestObject,
    DeleteTestObject,
    CannotDelete,
    CannotListOtherBuckets,
    TrustPolicy,
    PermissionPolicy(Integration),
    PolicySimulation,
    BrazeTestCredentials,
}

impl fmt::Display for CheckName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CheckName::ListBucket => "list bucket",
            CheckName::BucketLocation => "bucket location",
            CheckName::WriteTestObject => "write test object",
            CheckName::ReadTestObject => "read test object",
            CheckName::DeleteTestObject => "delete test object",
            CheckName::CannotDelete => "cannot delete (Currents)",
            CheckName::CannotListOtherBuckets => "cannot list other buckets",
            CheckName::TrustPolicy => "trust policy",
            CheckName::PermissionPolicy(i) => return write!(f, "{} policy", i.slug()),
            CheckName::PolicySimulation => "policy simulation",
            CheckName::BrazeTestCredentials => "Braze Test Credentials",
        })
    }
}

/// The AWS call a check makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    ListObjectsV2,
    GetBucketLocation,
    PutObject,
    GetObject,
    DeleteObject,
    ListBuckets,
    /// `GetRole`: the role and its trust policy.
    GetRole,
    /// `GetPolicy` + `GetPolicyVersion`: the attached policy's document.
    GetPolicyVersion,
    SimulatePrincipalPolicy,
    /// Nothing this tool can call: only Braze can assume the role.
    BrazeOnly,
}

/// What Braze needs the answer to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The call succeeds (after IAM propagation).
    Allowed,
    /// The call is refused with `AccessDenied`; success means the key grants `broader`.
    Denied { broader: &'static str },
    /// The document read back grants what the setup wrote.
    Equivalent,
    /// Not checkable here: the person runs it in Braze.
    InBraze,
}

/// One check: what it is, what it does and when it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub name: CheckName,
    pub operation: Operation,
    pub expect: Expect,
    /// Only for this integration's credentials; `None` for every integration.
    pub integration: Option<Integration>,
    /// Runs only once this check has passed (and is left out otherwise).
    pub needs: Option<CheckName>,
    /// Starts only once this check has finished, whatever its result (it touches the same
    /// object, so it must not run alongside).
    pub after: Option<CheckName>,
}

impl Check {
    const fn new(name: CheckName, operation: Operation, expect: Expect) -> Check {
        Check {
            name,
            operation,
            expect,
            integration: None,
            needs: None,
            after: None,
        }
    }

    const fn only(mut self, integration: Integration) -> Check {
        self.integration = Some(integration);
        self
    }

    const fn needs(mut self, name: CheckName) -> Check {
        self.needs = Some(name);
        self
    }

    const fn after(mut self, name: CheckName) -> Check {
        self.after = Some(name);
        self
    }

    fn applies_to(&self, integration: Integration) -> bool {
        self.integration.is_none_or(|i| i == integration)
    }
}

/// An access key's checks, as Braze's Test Credentials runs them, in the order they are
/// reported. Listing the bucket root comes first: a key that cannot list is not tested
/// further. Checks with the same `needs` run alongside each other.
const KEY_CHECKS: [Check; 7] = {
    use CheckName as N;
    use Operation as Op;
    [
        Check::new(N::ListBucket, Op::ListObjectsV2, Expect::Allowed),
        Check::new(N::BucketLocation, Op::GetBucketLocation, Expect::Allowed).needs(N::ListBucket),
        Check::new(N::WriteTestObject, Op::PutObject, Expect::Allowed).needs(N::ListBucket),
        Check::new(N::ReadTestObject, Op::GetObject, Expect::Allowed).needs(N::WriteTestObject),
        // Braze deletes export files about four hours after mailing the link.
        Check::new(N::DeleteTestObject, Op::DeleteObject, Expect::Allowed)
            .only(Integration::DataExport)
            .needs(N::WriteTestObject)
            .after(N::ReadTestObject),
        // Refused as it should be, the delete changes nothing; an over-broad key would delete
        // the test object, so it is tried only once the object was read back.
        Check::new(
            N::CannotDelete,
            Op::DeleteObject,
            Expect::Denied {
                broader: "the Currents key can delete objects",
            },
        )
        .only(Integration::Currents)
        .needs(N::ListBucket)
        .after(N::ReadTestObject),
        Check::new(
            N::CannotListOtherBuckets,
            Op::ListBuckets,
            Expect::Denied {
                broader: "the key can list every bucket in the account",
            },
        )
        .needs(N::ListBucket),
    ]
};

/// The checks of `integration`'s access key.
pub fn key_checks(integration: Integration) -> Vec<Check> {
    KEY_CHECKS
        .into_iter()
        .filter(|c| c.applies_to(integration))
        .collect()
}

/// The checks of a role serving `integration`. Only Braze can assume the role, so its
/// documents are read back and its actions simulated; the simulation needs the role to exist.
pub fn role_checks(integration: Integration) -> Vec<Check> {
    use CheckName as N;
    use Operation as Op;
    vec![
        Check::new(N::TrustPolicy, Op::GetRole, Expect::Equivalent),
        Check::new(
            N::PermissionPolicy(integration),
            Op::GetPolicyVersion,
            Expect::Equivalent,
        ),
        Check::new(
            N::PolicySimulation,
            Op::SimulatePrincipalPolicy,
            Expect::Allowed,
        ),
        Check::new(N::BrazeTestCredentials, Op::BrazeOnly, Expect::InBraze),
    ]
}

/// The pass of a check that must be refused.
pub const DENIED_AS_IT_SHOULD_BE: &str = "denied, as it should be: the key has least privilege";

#[cfg(test)]
mod tests;
