use super::*;

#[test]
fn every_known_region_has_its_name() {
    for r in KNOWN_REGIONS {
        assert!(region_name(r).is_some(), "{r} has no name");
    }
    assert_eq!(region_name("eu-west-1"), Some("Europe (Ireland)"));
    assert_eq!(region_name("cn-north-1"), None);
}
