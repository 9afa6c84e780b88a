//! Region codes: shaped like `eu-west-1` and known to exist; the partition each belongs to.

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
    if !KNOWN_REGIONS.contains(&v) {
        return Err(NameError::new(
            "region",
            v,
            "is not an AWS region this tool knows; use a region code like eu-west-1 or us-east-1",
        ));
    }
    Ok(())
}

impl Region {
    /// The ARN partition the region belongs to.
    pub fn partition(&self) -> &'static str {
        if self.0.starts_with("cn-") {
            "aws-cn"
        } else if self.0.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }

    /// `CreateBucket` must send a LocationConstraint everywhere except us-east-1.
    pub fn needs_location_constraint(&self) -> bool {
        self.0 != "us-east-1"
    }
}

#[cfg(test)]
#[path = "region_tests.rs"]
mod tests;
