use super::*;

use crate::domain::names::Region;

const BUCKET: &str = "acme-braze";

fn bucket() -> BucketName {
    BucketName::parse(BUCKET).unwrap()
}

fn partition(region: &str) -> &'static str {
    Region::parse(region).unwrap().partition()
}

fn policy(integration: Integration, region: &str, scope: Option<&str>) -> PolicyDocument {
    let folder = scope.map(|f| FolderPath::parse(f).unwrap());
    permission_policy(integration, &bucket(), partition(region), folder.as_ref()).unwrap()
}

fn trust(region: &str) -> PolicyDocument {
    trust_policy(
        &AccountId::parse("123456789012").unwrap(),
        &ExternalId::parse("braze-external-id-42").unwrap(),
        partition(region),
    )
}

/// Every generated document, named for its snapshot.
#[allow(clippy::single_element_loop)] // one partition left: the only one Braze can reach
fn all_documents() -> Vec<(String, PolicyDocument)> {
    let mut docs = Vec::new();
    for (label, region) in [("aws", "us-east-1")] {
        docs.push((
            format!("currents_{label}"),
            policy(Integration::Currents, region, None),
        ));
        docs.push((
            format!("data_export_{label}"),
            policy(Integration::DataExport, region, None),
        ));
        docs.push((
            format!("currents_scoped_{label}"),
            policy(Integration::Currents, region, Some("braze/prod")),
        ));
        docs.push((format!("trust_{label}"), trust(region)));
    }
    docs
}

#[test]
fn snapshots_of_every_document() {
    for (name, doc) in all_documents() {
        insta::assert_snapshot!(name, doc.to_pretty_json().unwrap());
    }
}

fn resources(doc: &PolicyDocument) -> Vec<&str> {
    doc.statement
        .iter()
        .flat_map(|s| s.resource.iter().map(String::as_str))
        .collect()
}

fn actions_on<'a>(doc: &'a PolicyDocument, resource: &str) -> Vec<&'a str> {
    doc.statement
        .iter()
        .filter(|s| s.resource.iter().any(|r| r == resource))
        .flat_map(|s| s.action.iter().map(String::as_str))
        .collect()
}

#[test]
fn resources_are_exactly_the_bucket_and_its_objects() {
    for (p, region) in [("aws", "us-east-1")] {
        for integration in Integration::ALL {
            let doc = policy(integration, region, None);
            let bucket_arn = format!("arn:{p}:s3:::{BUCKET}");
            let objects_arn = format!("arn:{p}:s3:::{BUCKET}/*");
            let mut got = resources(&doc);
            got.sort_unstable();
            got.dedup();
            assert_eq!(got, vec![bucket_arn.as_str(), objects_arn.as_str()]);
            let mut on_bucket = actions_on(&doc, &bucket_arn);
            on_bucket.sort_unstable();
            assert_eq!(on_bucket, ["s3:GetBucketLocation", "s3:ListBucket"]);
            let mut on_objects = actions_on(&doc, &objects_arn);
            on_objects.sort_unstable();
            let mut expected = integration.object_actions().to_vec();
            expected.sort_unstable();
            assert_eq!(on_objects, expected);
            assert!(doc.statement.iter().all(|s| s.effect == Effect::Allow));
            assert!(doc.statement.iter().all(|s| s.principal.is_none()));
            assert_eq!(doc.version, "2012-10-17");
        }
    }
}

#[test]
fn no_resource_is_a_bucket_name_prefix_wildcard() {
    for (name, doc) in all_documents() {
        for r in resources(&doc) {
            assert!(!r.ends_with(&format!("{BUCKET}*")), "{name}: {r}");
            let bucket_part = r.split(":::").nth(1).unwrap().split('/').next().unwrap();
            assert_eq!(bucket_part, BUCKET, "{name}: {r}");
        }
        assert!(
            !doc.to_compact_json()
                .unwrap()
                .contains(&format!("{BUCKET}*")),
            "{name}"
        );
        assert!(doc.overbroad_resources().is_empty(), "{name}");
        // No placeholder left anywhere.
        let json = doc.to_compact_json().unwrap().to_lowercase();
        for placeholder in ["bucket_name", "<bucket", "your-bucket", "${", "placeholder"] {
            assert!(!json.contains(placeholder), "{name} contains {placeholder}");
        }
    }
}

fn all_actions(doc: &PolicyDocument) -> Vec<&str> {
    doc.statement
        .iter()
        .flat_map(|s| s.action.iter().map(String::as_str))
        .collect()
}

#[test]
fn data_export_can_delete_objects_and_currents_cannot() {
    for region in ["us-east-1", "eu-west-1"] {
        let export = policy(Integration::DataExport, region, None);
        assert!(all_actions(&export).contains(&"s3:DeleteObject"));
        let currents = policy(Integration::Currents, region, None);
        assert!(!all_actions(&currents).contains(&"s3:DeleteObject"));
        let scoped = policy(Integration::Currents, region, Some("braze/prod"));
        assert!(!all_actions(&scoped).contains(&"s3:DeleteObject"));
        for action in [
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:PutObject",
            "s3:GetObject",
        ] {
            assert!(all_actions(&export).contains(&action), "{action}");
            assert!(all_actions(&currents).contains(&action), "{action}");
            assert!(all_actions(&scoped).contains(&action), "{action}");
        }
    }
}

/// Issue 10, item 4: an `s3:prefix` condition on `s3:ListBucket` makes `HeadBucket` and a
/// listing of the bucket root `AccessDenied` on AWS, so Braze's Test Credentials could fail.
/// The bucket statement stays exactly as Braze documents it; only objects are scoped.
#[test]
fn item4_scoped_currents_keeps_the_documented_bucket_statement_and_scopes_only_objects() {
    // Only the commercial partition can serve Braze (cn and us-gov regions are refused).
    for (p, region) in [("aws", "us-east-1"), ("aws", "eu-west-1")] {
        let doc = policy(Integration::Currents, region, Some("braze/prod"));
        let bucket_arn = format!("arn:{p}:s3:::acme-braze");
        let folder_arn = format!("arn:{p}:s3:::acme-braze/braze/prod/*");
        let mut got = resources(&doc);
        got.sort_unstable();
        got.dedup();
        assert_eq!(got, [bucket_arn.as_str(), folder_arn.as_str()]);
        assert!(
            doc.statement.iter().all(|s| s.condition.is_none()),
            "no condition anywhere: {}",
            doc.to_pretty_json().unwrap()
        );
        let bucket_statement = doc
            .statement
            .iter()
            .find(|s| s.resource == [bucket_arn.clone()])
            .unwrap();
        assert_eq!(
            bucket_statement.action,
            ["s3:ListBucket", "s3:GetBucketLocation"]
        );
        let mut objects = actions_on(&doc, &folder_arn);
        objects.sort_unstable();
        assert_eq!(objects, ["s3:GetObject", "s3:PutObject"]);
        // The same bucket statement as the unscoped policy's.
        let unscoped = policy(Integration::Currents, region, None);
        assert_eq!(unscoped.statement[0], *bucket_statement);
    }
}

#[test]
fn data_export_refuses_a_folder_scope() {
    let folder = FolderPath::parse("braze/prod").unwrap();
    let err =
        permission_policy(Integration::DataExport, &bucket(), "aws", Some(&folder)).unwrap_err();
    assert_eq!(err, PolicyError::ScopeNotForDataExport);
    let msg = err.to_string();
    assert!(msg.contains("segment-export"), "{msg}");
    assert!(msg.contains("Currents only"), "{msg}");
    insta::assert_snapshot!("data_export_scoped_error", msg);
}

#[test]
fn trust_policy_trusts_only_braze_with_the_external_id() {
    for (p, region) in [("aws", "us-east-1"), ("aws", "eu-west-1")] {
        let doc = trust(region);
        assert_eq!(doc.statement.len(), 1);
        let s = &doc.statement[0];
        assert_eq!(s.effect, Effect::Allow);
        assert_eq!(s.action, ["sts:AssumeRole"]);
        assert!(s.resource.is_empty());
        assert_eq!(
            s.principal.as_ref().unwrap()["AWS"],
            OneOrMany::One(format!("arn:{p}:iam::123456789012:root"))
        );
        let condition = s.condition.as_ref().unwrap();
        assert_eq!(condition.len(), 1);
        assert_eq!(
            condition["StringEquals"]["sts:ExternalId"],
            OneOrMany::One("braze-external-id-42".into())
        );
        assert!(!doc.to_compact_json().unwrap().contains("Resource"));
    }
}

#[test]
fn from_json_round_trips_pretty_and_compact_json() {
    for (name, doc) in all_documents() {
        assert_eq!(
            PolicyDocument::from_json(&doc.to_pretty_json().unwrap()).unwrap(),
            doc,
            "{name}"
        );
        assert_eq!(
            PolicyDocument::from_json(&doc.to_compact_json().unwrap()).unwrap(),
            doc,
            "{name}"
        );
    }
}

#[test]
fn from_json_refuses_malformed_documents() {
    assert!(PolicyDocument::from_json("").is_err());
    assert!(PolicyDocument::from_json("{\"Version\": \"2012-10-17\"").is_err());
    assert!(PolicyDocument::from_json("{\"Statement\": []}").is_err());
    assert!(
        PolicyDocument::from_json(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*"}]}"#
        )
        .is_err()
    );
}

/// The Currents policy the way IAM might hand it back: no Sids, statements swapped, actions
/// reordered, a single action and a single resource written as strings, one statement not
/// wrapped in a list for the trust policy.
const CURRENTS_AS_IAM_RETURNS_IT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::acme-braze/*"
    },
    {
      "Sid": "SomethingElse",
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::acme-braze"]
    }
  ]
}"#;

const TRUST_AS_IAM_RETURNS_IT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": ["braze-external-id-42"]}}
  }
}"#;

#[test]
fn equivalent_ignores_sid_order_and_spelling() {
    let ours = policy(Integration::Currents, "us-east-1", None);
    let theirs = PolicyDocument::from_json(CURRENTS_AS_IAM_RETURNS_IT).unwrap();
    assert_ne!(ours, theirs);
    assert!(ours.equivalent(&theirs));
    assert!(theirs.equivalent(&ours));

    let trust_theirs = PolicyDocument::from_json(TRUST_AS_IAM_RETURNS_IT).unwrap();
    assert!(trust("us-east-1").equivalent(&trust_theirs));

    // A single-statement action list spelled as one string.
    let single = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::a"}]}"#;
    let list = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::a"]}]}"#;
    assert!(
        PolicyDocument::from_json(single)
            .unwrap()
            .equivalent(&PolicyDocument::from_json(list).unwrap())
    );
}

#[test]
fn equivalent_detects_real_differences() {
    let ours = policy(Integration::Currents, "us-east-1", None);

    let changed_resource = CURRENTS_AS_IAM_RETURNS_IT.replace("acme-braze/*", "acme-braze*");
    let doc = PolicyDocument::from_json(&changed_resource).unwrap();
    assert!(!ours.equivalent(&doc));

    let other_bucket = CURRENTS_AS_IAM_RETURNS_IT.replace("acme-braze", "acme-other");
    assert!(!ours.equivalent(&PolicyDocument::from_json(&other_bucket).unwrap()));

    let extra_action = CURRENTS_AS_IAM_RETURNS_IT
        .replace("\"s3:PutObject\"", "\"s3:PutObject\", \"s3:DeleteObject\"");
    assert!(!ours.equivalent(&PolicyDocument::from_json(&extra_action).unwrap()));

    let deny = CURRENTS_AS_IAM_RETURNS_IT.replacen("\"Allow\"", "\"Deny\"", 1);
    assert!(!ours.equivalent(&PolicyDocument::from_json(&deny).unwrap()));

    let old_version = CURRENTS_AS_IAM_RETURNS_IT.replace("2012-10-17", "2008-10-17");
    assert!(!ours.equivalent(&PolicyDocument::from_json(&old_version).unwrap()));

    // Currents vs data export, and scoped vs unscoped, differ.
    assert!(!ours.equivalent(&policy(Integration::DataExport, "us-east-1", None)));
    assert!(!ours.equivalent(&policy(
        Integration::Currents,
        "us-east-1",
        Some("braze/prod")
    )));

    // Trust: another account, another external ID, no condition.
    let trust_ours = trust("us-east-1");
    for changed in [
        TRUST_AS_IAM_RETURNS_IT.replace("123456789012", "210987654321"),
        TRUST_AS_IAM_RETURNS_IT.replace("braze-external-id-42", "someone-else"),
        TRUST_AS_IAM_RETURNS_IT.replace("StringEquals", "StringLike"),
        TRUST_AS_IAM_RETURNS_IT.replace(
            ",\n    \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": [\"braze-external-id-42\"]}}",
            "",
        ),
    ] {
        let doc = PolicyDocument::from_json(&changed).unwrap();
        assert!(!trust_ours.equivalent(&doc), "{changed}");
    }
}

#[test]
fn overbroad_resources_are_flagged() {
    let doc = PolicyDocument::from_json(
        r#"{
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::acme*", "arn:aws:s3:::acme"]},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-?/*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme/*"},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*"}
          ]
        }"#,
    )
    .unwrap();
    assert_eq!(
        doc.overbroad_resources(),
        ["arn:aws:s3:::acme*", "*", "arn:aws:s3:::acme-?/*"]
    );
}

#[test]
fn generated_documents_are_not_overbroad() {
    for (name, doc) in all_documents() {
        assert!(
            doc.overbroad_resources().is_empty(),
            "{name}: {:?}",
            doc.overbroad_resources()
        );
    }
}
