use super::*;

use proptest::prelude::*;

/// Asserts `result` is refused and that the message contains every one of `parts`.
fn refused<T: fmt::Debug>(result: Result<T, NameError>, parts: &[&str]) -> NameError {
    let err = match result {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e,
    };
    let msg = err.to_string();
    for part in parts {
        assert!(
            msg.contains(part),
            "message {msg:?} should contain {part:?}"
        );
    }
    err
}

// ---------------------------------------------------------------- bucket names

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

#[test]
fn long_values_are_shortened_in_messages() {
    let long = "A".repeat(300);
    let err = refused(
        BucketName::parse(&long),
        &["3 to 63 characters", "it has 300"],
    );
    assert!(err.value.ends_with("..."));
    assert_eq!(err.value.chars().count(), 80);
    assert!(err.to_string().len() < 200);
}

// ---------------------------------------------------------------- regions

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

// ---------------------------------------------------------------- IAM and policy names

#[test]
fn iam_name_rules() {
    assert_eq!(IamName::parse("a").unwrap().as_str(), "a");
    let max = format!("{}+=,.@_-", "A".repeat(57));
    assert_eq!(max.len(), 64);
    assert_eq!(IamName::parse(&max).unwrap().as_str(), max);
    refused(
        IamName::parse(""),
        &["IAM name", "1 to 64 characters", "it has 0"],
    );
    refused(
        IamName::parse(&"a".repeat(65)),
        &["IAM name", "1 to 64 characters", "it has 65"],
    );
    for bad in ["braze s3", "braze/s3", "braze:s3", "brazé", "a*"] {
        refused(
            IamName::parse(bad),
            &["IAM name", "use only letters, digits and + = , . @ _ -"],
        );
    }
}

#[test]
fn policy_name_rules() {
    let max = "p".repeat(128);
    assert_eq!(PolicyName::parse(&max).unwrap().as_str(), max);
    refused(
        PolicyName::parse(&"p".repeat(129)),
        &["policy name", "1 to 128 characters", "it has 129"],
    );
    refused(
        PolicyName::parse(""),
        &["policy name", "1 to 128 characters"],
    );
    refused(
        PolicyName::parse("braze policy"),
        &["policy name", "use only letters, digits"],
    );
}

#[test]
fn generated_names_are_cleaned_and_truncated() {
    assert_eq!(
        IamName::generated("braze-s3-acme").as_str(),
        "braze-s3-acme"
    );
    assert_eq!(
        IamName::generated("braze s3/acme").as_str(),
        "braze-s3-acme"
    );
    assert_eq!(IamName::generated("").as_str(), "braze-s3");
    assert_eq!(IamName::generated("///").as_str(), "braze-s3");
    assert_eq!(
        IamName::generated(&"a".repeat(100)).as_str(),
        "a".repeat(64)
    );
    assert_eq!(
        PolicyName::generated(&"a".repeat(300)).as_str(),
        "a".repeat(128)
    );
    // A cut that lands on a separator drops the trailing separators.
    let raw = format!("{}-.-xyz", "a".repeat(62));
    assert_eq!(IamName::generated(&raw).as_str(), "a".repeat(62));
}

// ---------------------------------------------------------------- account and external IDs

#[test]
fn account_id_rules() {
    assert_eq!(
        AccountId::parse("123456789012").unwrap().as_str(),
        "123456789012"
    );
    for bad in [
        "",
        "12345678901",
        "1234567890123",
        "12345678901a",
        " 23456789012",
        "１２３４５６７８９０１２",
    ] {
        refused(
            AccountId::parse(bad),
            &["AWS account ID", "exactly 12 digits"],
        );
    }
}

#[test]
fn external_id_rules() {
    assert!(ExternalId::parse("ab").is_ok());
    let max = "x".repeat(1224);
    assert_eq!(ExternalId::parse(&max).unwrap().as_str(), max);
    assert!(ExternalId::parse("Braze+ext=id,1.2@x:y/z_w-v").is_ok());
    refused(
        ExternalId::parse("a"),
        &["external ID", "2 to 1224 characters", "it has 1"],
    );
    refused(
        ExternalId::parse(""),
        &["external ID", "2 to 1224 characters", "it has 0"],
    );
    refused(
        ExternalId::parse(&"x".repeat(1225)),
        &["external ID", "2 to 1224 characters", "it has 1225"],
    );
    for bad in ["abc def", "abc*", "abc\"", "ïd"] {
        refused(
            ExternalId::parse(bad),
            &[
                "external ID",
                "use only letters, digits and + = , . @ : / _ -",
            ],
        );
    }
}

// ---------------------------------------------------------------- folder paths

#[test]
fn folder_accepts_ordinary_paths_and_the_boundary() {
    for ok in [
        "currents",
        "braze/prod",
        "a",
        "a.b/c-d_e",
        "braze/.hidden",
        "dir/.../x",
    ] {
        assert_eq!(FolderPath::parse(ok).unwrap().as_str(), ok);
    }
    let max = "f".repeat(512);
    assert_eq!(FolderPath::parse(&max).unwrap().as_str(), max);
}

#[test]
fn folder_rules() {
    let cases: &[(&str, &str)] = &[
        ("", "must not be empty"),
        ("/currents", "must not start with '/'"),
        ("currents/", "must not end with '/'"),
        ("braze//prod", "empty segment ('//')"),
        ("..", "'.' or '..' segment"),
        ("braze/../prod", "'.' or '..' segment"),
        ("braze/./prod", "'.' or '..' segment"),
        (".", "'.' or '..' segment"),
        ("braze/..", "'.' or '..' segment"),
        ("cur\nrents", "only printable characters"),
        ("cur\trents", "only printable characters"),
        ("cur\u{7f}rents", "only printable characters"),
        ("curr*", "wildcard"),
        ("curr?", "wildcard"),
        ("curr[1]", "wildcard"),
        ("curr{a}", "wildcard"),
        ("curr\\x", "wildcard"),
    ];
    for (bad, rule) in cases {
        refused(FolderPath::parse(bad), &["folder path", rule]);
    }
    refused(FolderPath::parse(&"f".repeat(513)), &["at most 512 bytes"]);
    // 512 bytes is measured in bytes, not characters.
    refused(FolderPath::parse(&"é".repeat(257)), &["at most 512 bytes"]);
    assert!(FolderPath::parse(&"é".repeat(256)).is_ok());
}

#[test]
fn folder_normalize() {
    assert_eq!(
        FolderPath::normalize("/currents/").unwrap().as_str(),
        "currents"
    );
    assert_eq!(
        FolderPath::normalize(" braze/prod ").unwrap().as_str(),
        "braze/prod"
    );
    assert_eq!(
        FolderPath::normalize("currents").unwrap().as_str(),
        "currents"
    );
    refused(FolderPath::normalize("/"), &["must name a folder"]);
    refused(FolderPath::normalize("  "), &["must not be empty"]);
    refused(FolderPath::normalize("a//b"), &["empty segment"]);
}

// ---------------------------------------------------------------- connector names

#[test]
fn connector_name_rules() {
    for ok in ["acme", "acme-prod_1.2", "0", &"c".repeat(64)] {
        assert_eq!(ConnectorName::parse(ok).unwrap().as_str(), ok);
    }
    refused(
        ConnectorName::parse(""),
        &["connector name", "1 to 64 characters"],
    );
    refused(
        ConnectorName::parse(&"c".repeat(65)),
        &["connector name", "1 to 64 characters", "it has 65"],
    );
    for bad in [
        "-acme",
        ".acme",
        "_acme",
        "acme/prod",
        "acme prod",
        "../etc",
        "acmé",
    ] {
        refused(
            ConnectorName::parse(bad),
            &["connector name", "starting with a letter or digit"],
        );
    }
}

// ---------------------------------------------------------------- FromStr and serde

#[test]
fn from_str_goes_through_parse() {
    assert!("acme".parse::<BucketName>().is_ok());
    assert!("My_Bucket".parse::<BucketName>().is_err());
    assert!("eu-west-9".parse::<Region>().is_err());
}

#[test]
fn serde_round_trips_valid_names() {
    let b = BucketName::parse("acme-exports").unwrap();
    let json = serde_json::to_string(&b).unwrap();
    assert_eq!(json, "\"acme-exports\"");
    assert_eq!(serde_json::from_str::<BucketName>(&json).unwrap(), b);
    let f: FolderPath = serde_json::from_str("\"braze/prod\"").unwrap();
    assert_eq!(f.as_str(), "braze/prod");
}

#[test]
fn serde_refuses_invalid_names_with_the_validator_message() {
    let err = serde_json::from_str::<BucketName>("\"My_Bucket\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("bucket name \"My_Bucket\": use only lowercase letters, digits, '-' and '.'"),
        "{err}"
    );
    let err = serde_json::from_str::<Region>("\"eu-west-9\"").unwrap_err();
    assert!(err.to_string().contains("is not an AWS region"), "{err}");
    let err = serde_json::from_str::<FolderPath>("\"/currents\"").unwrap_err();
    assert!(err.to_string().contains("must not start with '/'"), "{err}");
    let err = serde_json::from_str::<AccountId>("\"123\"").unwrap_err();
    assert!(err.to_string().contains("exactly 12 digits"), "{err}");
    let err = serde_json::from_str::<IamName>("\"a b\"").unwrap_err();
    assert!(err.to_string().contains("use only letters"), "{err}");
}

// ---------------------------------------------------------------- properties

/// Every validator, as `(kind, Some(as_str) when accepted)`.
fn parse_all(s: &str) -> Vec<(&'static str, Option<String>)> {
    fn one<T, F: Fn(&T) -> String>(r: Result<T, NameError>, f: F) -> Option<String> {
        r.ok().map(|v| f(&v))
    }
    vec![
        (
            "bucket",
            one(BucketName::parse(s), |v| v.as_str().to_string()),
        ),
        ("region", one(Region::parse(s), |v| v.as_str().to_string())),
        ("iam", one(IamName::parse(s), |v| v.as_str().to_string())),
        (
            "policy",
            one(PolicyName::parse(s), |v| v.as_str().to_string()),
        ),
        (
            "account",
            one(AccountId::parse(s), |v| v.as_str().to_string()),
        ),
        (
            "external",
            one(ExternalId::parse(s), |v| v.as_str().to_string()),
        ),
        (
            "folder",
            one(FolderPath::parse(s), |v| v.as_str().to_string()),
        ),
        (
            "connector",
            one(ConnectorName::parse(s), |v| v.as_str().to_string()),
        ),
    ]
}

fn check_round_trip(s: &str) -> Result<(), TestCaseError> {
    for (kind, parsed) in parse_all(s) {
        if let Some(out) = parsed {
            prop_assert_eq!(out.as_bytes(), s.as_bytes(), "{} changed the input", kind);
        }
    }
    // normalize never panics either; what it accepts is valid.
    if let Ok(f) = FolderPath::normalize(s) {
        prop_assert!(FolderPath::parse(f.as_str()).is_ok());
    }
    Ok(())
}

fn looks_like_ip(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Valid bucket names, dots included: the regex filtered by the rules beyond the charset
/// (IP addresses, reserved prefixes and suffixes, `..`, `.-`).
fn plausible_bucket() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]".prop_filter("rules beyond the charset", |s| {
        !s.contains("..")
            && !s.contains(".-")
            && !s.contains("-.")
            && !looks_like_ip(s)
            && !["xn--", "sthree-", "amzn-s3-demo-"]
                .iter()
                .any(|p| s.starts_with(p))
            && !["-s3alias", "--ol-s3", ".mrap", "--x-s3"]
                .iter()
                .any(|p| s.ends_with(p))
    })
}

proptest! {
    #[test]
    fn validators_never_panic_on_any_string(s in any::<String>()) {
        check_round_trip(&s)?;
    }

    #[test]
    fn validators_never_panic_on_name_like_strings(
        s in "[a-zA-Z0-9._/ @:+=,*?\\-]{0,70}"
    ) {
        check_round_trip(&s)?;
    }

    #[test]
    fn validators_never_panic_on_long_unicode(s in "\\PC{0,1300}") {
        check_round_trip(&s)?;
    }

    #[test]
    fn valid_bucket_names_are_accepted(s in "[a-z0-9][a-z0-9-]{1,61}[a-z0-9]") {
        // Dash-only names: only the reserved prefixes/suffixes can refuse them.
        let reserved = ["xn--", "sthree-", "amzn-s3-demo-"].iter().any(|p| s.starts_with(p))
            || ["-s3alias", "--ol-s3", "--x-s3"].iter().any(|p| s.ends_with(p));
        prop_assume!(!reserved);
        let b = BucketName::parse(&s);
        prop_assert!(b.is_ok(), "{:?} refused: {:?}", s, b);
        prop_assert_eq!(b.map(|b| b.as_str().to_string()).ok(), Some(s));
    }

    #[test]
    fn valid_dotted_bucket_names_are_accepted(s in plausible_bucket()) {
        let b = BucketName::parse(&s);
        prop_assert!(b.is_ok(), "{:?} refused: {:?}", s, b);
        prop_assert_eq!(b.map(|b| b.has_dots()).ok(), Some(s.contains('.')));
    }

    #[test]
    fn generated_iam_names_are_always_valid(s in any::<String>()) {
        let n = IamName::generated(&s);
        prop_assert!(n.as_str().len() <= 64);
        prop_assert!(IamName::parse(n.as_str()).is_ok(), "{:?}", n);
        let p = PolicyName::generated(&s);
        prop_assert!(p.as_str().len() <= 128);
        prop_assert!(PolicyName::parse(p.as_str()).is_ok(), "{:?}", p);
    }

    #[test]
    fn generated_names_from_long_buckets_fit(s in plausible_bucket(), suffix in "[a-z/ -]{0,600}") {
        let n = IamName::generated(&format!("braze-s3-{s}"));
        prop_assert!(IamName::parse(n.as_str()).is_ok());
        prop_assert!(n.as_str().starts_with("braze-s3-"));
        let p = PolicyName::generated(&format!("braze-s3-{s}-currents-{suffix}"));
        prop_assert!(PolicyName::parse(p.as_str()).is_ok());
        prop_assert!(p.as_str().len() <= 128);
    }

    #[test]
    fn serde_agrees_with_parse(s in "[a-z0-9.-]{0,70}") {
        let json = serde_json::to_string(&s).unwrap();
        let via_serde = serde_json::from_str::<BucketName>(&json);
        let via_parse = BucketName::parse(&s);
        prop_assert_eq!(via_serde.is_ok(), via_parse.is_ok());
        if let Err(e) = via_parse {
            let serde_err = via_serde.unwrap_err().to_string();
            prop_assert!(serde_err.contains(&e.to_string()), "{} vs {}", serde_err, e);
        }
    }
}
