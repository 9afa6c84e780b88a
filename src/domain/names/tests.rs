use super::*;

use proptest::prelude::*;

/// Asserts `result` is refused and that the message contains every one of `parts`.
pub(super) fn refused<T: fmt::Debug>(result: Result<T, NameError>, parts: &[&str]) -> NameError {
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

// ---------------------------------------------------------------- errors

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

#[test]
fn a_name_fills_its_column() {
    let name = ConnectorName::parse("acme").unwrap();
    assert_eq!(format!("[{name:<6}]"), "[acme  ]");
}
