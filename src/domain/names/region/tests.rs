use super::*;
use crate::domain::names::tests::refused;

#[test]
fn region_accepts_every_known_region() {
    for r in KNOWN_REGIONS {
        assert_eq!(Region::parse(r).unwrap().as_str(), *r);
    }
}

#[test]
fn region_shape_rule() {
    for bad in [
        "",
        "useast1",
        "us-east",
        "US-EAST-1",
        "us-east-1a",
        "us--east-1",
        "us-east-1-",
        " us-east-1",
        "eu_west_1",
    ] {
        refused(
            Region::parse(bad),
            &["region", "write a region code like eu-west-1"],
        );
    }
}

#[test]
fn region_unknown_rule() {
    for bad in ["eu-west-9", "xx-north-1"] {
        refused(
            Region::parse(bad),
            &["is not an AWS region this tool knows", bad],
        );
    }
}

/// Item 2: Braze's accounts are in the commercial partition; China and GovCloud regions are
/// refused with that reason, and every region that parses is in `aws`.
#[test]
fn item_2_only_partitions_braze_can_reach() {
    for bad in [
        "cn-north-1",
        "cn-northwest-1",
        "us-gov-west-1",
        "us-gov-east-1",
        "us-gov-north-1",
    ] {
        refused(
            Region::parse(bad),
            &[
                bad,
                "Braze cannot reach",
                "commercial partition",
                "across partitions",
            ],
        );
    }
    for r in KNOWN_REGIONS {
        assert!(!r.starts_with("cn-") && !r.starts_with("us-gov-"), "{r}");
        assert_eq!(Region::parse(r).unwrap().partition(), "aws");
    }
}

#[test]
fn region_location_constraint() {
    assert!(
        !Region::parse("us-east-1")
            .unwrap()
            .needs_location_constraint()
    );
    for r in ["us-east-2", "us-west-2", "eu-west-1"] {
        assert!(Region::parse(r).unwrap().needs_location_constraint(), "{r}");
    }
}
