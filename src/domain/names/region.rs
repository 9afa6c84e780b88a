//! Region codes: shaped like `eu-west-1`, known to exist, and in the commercial partition —
//! the only one Braze can reach.

use super::{NameError, Region};
use crate::domain::regions::KNOWN_REGIONS;

pub(super) fn check_region(v: &str) -> Result<(), NameError> {
    let shaped = {
        let parts: Vec<&str> = v.split('-').collect();
        parts.len() >= 3
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
            && parts
                .last()
                .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    if !shaped {
        return Err(NameError::new(
            "region",
            v,
            "write a region code like eu-west-1 or us-east-1 (lowercase, dash-separated, ending in a number)",
        ));
    }
    if let Some(partition) = unreachable_partition(v) {
        return Err(NameError::new(
            "region",
            v,
            format!(
                "is in {partition}, which Braze cannot reach: Braze's AWS accounts are in the commercial partition, and a role cannot be assumed nor an access key used across partitions; use a bucket in a commercial region such as us-east-1 or eu-west-1"
            ),
        ));
    }
    if !KNOWN_REGIONS.contains(&v) {
        return Err(NameError::new(
            "region",
            v,
            "is not an AWS region this tool knows; use a region code like eu-west-1 or us-east-1",
        ));
    }
    Ok(())
}

/// The partition a region code outside the commercial one belongs to, named for people.
fn unreachable_partition(v: &str) -> Option<&'static str> {
    if v.starts_with("cn-") {
        Some("AWS China (partition aws-cn)")
    } else if v.starts_with("us-gov-") {
        Some("AWS GovCloud (partition aws-us-gov)")
    } else if v.starts_with("eusc-") {
        Some("the AWS European Sovereign Cloud (partition aws-eusc)")
    } else if v.starts_with("us-iso") {
        Some("an AWS isolated partition")
    } else {
        None
    }
}

impl Region {
    /// The ARN partition of every region this type holds: always `aws`, since `parse` refuses
    /// the partitions Braze cannot reach.
    pub fn partition(&self) -> &'static str {
        "aws"
    }

    /// `CreateBucket` must send a LocationConstraint everywhere except us-east-1.
    pub fn needs_location_constraint(&self) -> bool {
        self.0 != "us-east-1"
    }
}

#[cfg(test)]
mod tests;
