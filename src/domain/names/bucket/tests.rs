use super::*;
use crate::domain::names::tests::refused;

#[test]
fn bucket_accepts_boundaries_and_ordinary_names() {
    for ok in [
        "abc",
        "a1b",
        "123",
        &"a".repeat(63),
        &format!("a{}b", "-".repeat(61)),
        "acme-braze-exports",
        "acme.braze.exports",
        "my-bucket-2024",
        "1.2.3",     // dotted but not an IP address
        "1.2.3.4.5", // five groups is not an IP address
        "1a.2.3.4",
        "sthree",     // reserved prefix needs the dash
        "xn-abc",     // only "xn--" is reserved
        "abc-s3alia", // suffix must match exactly
        "mrap",
        "amzn-s3-demo", // prefix is "amzn-s3-demo-"
    ] {
        let b = BucketName::parse(ok).unwrap_or_else(|e| panic!("{ok:?} refused: {e}"));
        assert_eq!(b.as_str(), ok);
        assert_eq!(b.to_string(), ok);
    }
}

#[test]
fn bucket_length_rule() {
    refused(
        BucketName::parse("ab"),
        &["bucket name \"ab\"", "3 to 63 characters", "it has 2"],
    );
    refused(BucketName::parse(""), &["3 to 63 characters", "it has 0"]);
    refused(
        BucketName::parse(&"a".repeat(64)),
        &["3 to 63 characters", "it has 64"],
    );
}

#[test]
fn bucket_charset_rule() {
    let err = refused(BucketName::parse("My_Bucket"), &[]);
    assert_eq!(
        err.to_string(),
        "bucket name \"My_Bucket\": use only lowercase letters, digits, '-' and '.'"
    );
    assert_eq!(err.kind, "bucket name");
    assert_eq!(err.value, "My_Bucket");
    for bad in [
        "Abc",
        "my_bucket",
        "my bucket",
        "bück",
        "a/b-c",
        "abc*",
        "abc\n",
    ] {
        refused(BucketName::parse(bad), &["use only lowercase letters"]);
    }
}

#[test]
fn bucket_start_and_end_rule() {
    for bad in ["-abc", "abc-", ".abc", "abc."] {
        refused(
            BucketName::parse(bad),
            &["must start and end with a lowercase letter or a digit"],
        );
    }
}

#[test]
fn bucket_adjacent_periods_rule() {
    refused(
        BucketName::parse("my..bucket"),
        &["two adjacent periods", "'..'"],
    );
}

#[test]
fn bucket_period_next_to_hyphen_rule() {
    for bad in ["my.-bucket", "my-.bucket"] {
        refused(
            BucketName::parse(bad),
            &["period must not be next to a hyphen"],
        );
    }
}

#[test]
fn bucket_ip_address_rule() {
    // Formatted as an IP address even when not a valid one (leading zeros, octets > 255).
    for bad in [
        "192.168.5.4",
        "10.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "192.168.05.4",
        "999.999.999.999",
    ] {
        refused(BucketName::parse(bad), &["IP address"]);
    }
}

#[test]
fn bucket_reserved_prefixes() {
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        let name = format!("{prefix}bucket");
        refused(
            BucketName::parse(&name),
            &["reserved prefix", &format!("'{prefix}'")],
        );
    }
}

#[test]
fn bucket_reserved_suffixes() {
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3"] {
        let name = format!("bucket{suffix}");
        refused(
            BucketName::parse(&name),
            &["reserved suffix", &format!("'{suffix}'")],
        );
    }
}

#[test]
fn bucket_has_dots() {
    assert!(BucketName::parse("acme.exports").unwrap().has_dots());
    assert!(!BucketName::parse("acme-exports").unwrap().has_dots());
}
