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
    for bad in ["eu-west-9", "xx-north-1", "us-gov-north-1"] {
        refused(
            Region::parse(bad),
            &["is not an AWS region this tool knows", bad],
        );
    }
}

#[test]
fn region_partition() {
    let p = |r: &str| Region::parse(r).unwrap().partition();
    assert_eq!(p("us-east-1"), "aws");
    assert_eq!(p("eu-west-1"), "aws");
    assert_eq!(p("cn-north-1"), "aws-cn");
    assert_eq!(p("cn-northwest-1"), "aws-cn");
    assert_eq!(p("us-gov-west-1"), "aws-us-gov");
    assert_eq!(p("us-gov-east-1"), "aws-us-gov");
}

#[test]
fn region_location_constraint() {
    assert!(
        !Region::parse("us-east-1")
            .unwrap()
            .needs_location_constraint()
    );
    for r in [
        "us-east-2",
        "us-west-2",
        "eu-west-1",
        "cn-north-1",
        "us-gov-west-1",
    ] {
        assert!(Region::parse(r).unwrap().needs_location_constraint(), "{r}");
    }
}
