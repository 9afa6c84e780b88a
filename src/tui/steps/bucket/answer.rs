//! The Bucket step's answer, and why it can't be used when it can't.

use super::{Availability, BucketStep, policy, refusal};
use crate::domain::existing::BucketState;
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::Region;

impl BucketStep {
    /// Why the current answer can't be used, if it can't.
    pub fn blocker(&self, integration: Option<IntegrationChoice>) -> Option<String> {
        if self.existing() {
            if matches!(&self.buckets, Some(Ok(list)) if list.is_empty()) {
                return Some(
                    "this account has no buckets yet: choose “Create a new bucket” above".into(),
                );
            }
            let Some(b) = self.selected_bucket() else {
                return Some("pick a bucket from the list (or create a new one)".into());
            };
            return refusal(b, integration.unwrap_or(IntegrationChoice::Currents));
        }
        if let (Ok(name), Availability::Known(BucketState::Owned(b))) =
            (self.parsed(), &self.availability)
        {
            let choice = integration.unwrap_or(IntegrationChoice::Currents);
            let found = policy::early_findings(&b.policy, &b.account, &name, choice);
            if let Some(why) = policy::blocking(&found, &name) {
                return Some(why);
            }
        }
        if let Err(reason) = self.parsed() {
            return Some(format!("bucket name: {reason}"));
        }
        match &self.availability {
            Availability::Known(BucketState::OwnedByOther) => Some(
                "this name belongs to another AWS account (bucket names are global): choose another".into(),
            ),
            Availability::Known(BucketState::Unverified { .. }) => Some(
                "S3 refuses to say whose this bucket is: another account's (choose another name), or yours with s3:ListBucket denied or a bucket policy in the way (use an identity allowed to list it)".into(),
            ),
            _ => None,
        }
    }

    /// The bucket, its region and whether it must already exist, once the step is done.
    pub fn answer(&self) -> Option<(String, String, bool)> {
        if self.existing() {
            let b = self.selected_bucket()?;
            let region = b.region.as_ref().map_or(self.region(), Region::as_str);
            return Some((b.name.to_string(), region.to_string(), true));
        }
        let name = self.parsed().ok()?;
        let region = match &self.availability {
            Availability::Known(BucketState::Owned(b)) => b.region.to_string(),
            _ => self.region().to_string(),
        };
        Some((name.to_string(), region, false))
    }
}
