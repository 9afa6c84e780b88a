use super::*;
use crate::domain::integration::Integration;
use crate::domain::names::{AccountId, PolicyName};

fn draft(bucket: &str) -> Draft {
    Draft {
        bucket: Some(bucket.to_string()),
        ..Draft::default()
    }
}

fn role_draft(bucket: &str) -> Draft {
    Draft {
        auth: Some(AuthKind::RoleArn),
        braze_account_id: Some("123456789012".into()),
        external_id: Some("braze-ext-42".into()),
        ..draft(bucket)
    }
}

fn errors(d: &Draft) -> Vec<AnswerError> {
    match d.build() {
        Ok(a) => panic!("expected errors, got {a:?}"),
        Err(AnswerErrors(e)) => e,
    }
}

fn messages(d: &Draft) -> Vec<String> {
    errors(d).iter().map(ToString::to_string).collect()
}

#[test]
fn build_applies_the_defaults() {
    let a = draft("acme-exports").build().unwrap();
    assert_eq!(a.name.as_str(), "acme-exports");
    assert_eq!(a.integration, IntegrationChoice::Currents);
    assert_eq!(a.bucket.as_str(), "acme-exports");
    assert_eq!(a.region.as_str(), DEFAULT_REGION);
    assert_eq!(a.region.as_str(), "us-east-1");
    assert!(!a.existing_bucket);
    assert_eq!(a.folder.as_ref().map(FolderPath::as_str), Some("currents"));
    assert_eq!(DEFAULT_FOLDER, "currents");
    assert!(!a.sse);
    assert!(!a.scope_to_folder);
    assert_eq!(
        a.auth,
        AuthMethod::SecretKey {
            user: IamName::parse("braze-s3-acme-exports").unwrap()
        }
    );
    assert_eq!(a.auth.kind(), AuthKind::SecretKey);
    assert_eq!(a.integrations(), [Integration::Currents]);
}

#[test]
fn role_arn_defaults_the_role_name_only() {
    let a = role_draft("acme-exports").build().unwrap();
    assert_eq!(
        a.auth,
        AuthMethod::RoleArn {
            role: IamName::parse("braze-s3-acme-exports").unwrap(),
            braze_account: AccountId::parse("123456789012").unwrap(),
            external_id: ExternalId::parse("braze-ext-42").unwrap(),
        }
    );
    assert_eq!(a.auth.principal_name().as_str(), "braze-s3-acme-exports");
}

#[test]
fn build_keeps_what_was_typed_and_trims_it() {
    let d = Draft {
        name: Some(" acme-prod ".into()),
        integration: Some(IntegrationChoice::Both),
        bucket: Some(" acme-exports ".into()),
        region: Some(" eu-west-1 ".into()),
        existing_bucket: true,
        folder: Some("/braze/prod/".into()),
        sse: Some(true),
        scope_to_folder: true,
        auth: Some(AuthKind::SecretKey),
        user_name: Some(" braze-writer ".into()),
        ..Draft::default()
    };
    let a = d.build().unwrap();
    assert_eq!(a.name.as_str(), "acme-prod");
    assert_eq!(a.integration, IntegrationChoice::Both);
    assert_eq!(a.bucket.as_str(), "acme-exports");
    assert_eq!(a.region.as_str(), "eu-west-1");
    assert!(a.existing_bucket);
    assert_eq!(
        a.folder.as_ref().map(FolderPath::as_str),
        Some("braze/prod")
    );
    assert!(a.sse);
    assert!(a.scope_to_folder);
    assert_eq!(a.auth.principal_name().as_str(), "braze-writer");
    assert_eq!(a.integrations(), Integration::ALL);
}

#[test]
fn data_export_has_no_folder() {
    let d = Draft {
        integration: Some(IntegrationChoice::DataExport),
        ..draft("acme-exports")
    };
    let a = d.build().unwrap();
    assert_eq!(a.folder, None);
    assert_eq!(a.policy_scope(Integration::DataExport), None);
}

#[test]
fn every_problem_is_reported_at_once() {
    let d = Draft {
        bucket: Some("My_Bucket".into()),
        region: Some("eu-west-9".into()),
        auth: Some(AuthKind::RoleArn),
        braze_account_id: Some("123456789012".into()),
        ..Draft::default()
    };
    let errs = errors(&d);
    assert_eq!(errs.len(), 3, "{errs:?}");
    let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert!(msgs[0].contains("bucket name \"My_Bucket\""), "{msgs:?}");
    assert!(msgs[1].contains("eu-west-9"), "{msgs:?}");
    assert!(msgs[2].contains("external ID is required"), "{msgs:?}");
    assert!(matches!(
        errs[2],
        AnswerError::Missing {
            field: "Currents external ID",
            ..
        }
    ));
    // Display joins them all.
    let joined = AnswerErrors(errs).to_string();
    assert_eq!(joined, msgs.join("; "));
}

#[test]
fn many_problems_at_once() {
    let d = Draft {
        name: Some("-bad".into()),
        bucket: Some("ab".into()),
        region: Some("nowhere".into()),
        folder: Some("a//b".into()),
        user_name: Some("bad name".into()),
        braze_account_id: Some("1".into()),
        ..Draft::default()
    };
    let msgs = messages(&d);
    assert_eq!(msgs.len(), 6, "{msgs:?}");
    for part in [
        "3 to 63 characters",
        "write a region code",
        "connector name",
        "empty segment",
        "role-ARN auth",
        "IAM name",
    ] {
        assert!(msgs.iter().any(|m| m.contains(part)), "{part}: {msgs:?}");
    }
}

#[test]
fn missing_bucket_is_reported() {
    let errs = errors(&Draft::default());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].to_string().starts_with("bucket is required"));
    assert!(errs[0].to_string().contains("--bucket"));
}

#[test]
fn role_arn_requires_account_and_external_id() {
    let d = Draft {
        auth: Some(AuthKind::RoleArn),
        ..draft("acme-exports")
    };
    let msgs = messages(&d);
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].contains("Braze account ID is required"), "{msgs:?}");
    assert!(msgs[0].contains("--braze-account-id"), "{msgs:?}");
    assert!(msgs[1].contains("external ID is required"), "{msgs:?}");
    assert!(msgs[1].contains("--external-id"), "{msgs:?}");

    let bad = Draft {
        braze_account_id: Some("12345".into()),
        external_id: Some("x".into()),
        ..role_draft("acme-exports")
    };
    let msgs = messages(&bad);
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].contains("exactly 12 digits"));
    assert!(msgs[1].contains("2 to 1224 characters"));
}

#[test]
fn folder_and_scope_are_refused_with_data_export() {
    let d = Draft {
        integration: Some(IntegrationChoice::DataExport),
        folder: Some("braze".into()),
        scope_to_folder: true,
        ..draft("acme-exports")
    };
    let errs = errors(&d);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs.iter().all(|e| matches!(e, AnswerError::Conflict(_))));
    assert!(
        errs[0]
            .to_string()
            .contains("folder path is a Currents option")
    );
    assert!(errs[1].to_string().contains("segment-export"));

    // Scoping alone is refused too.
    let d = Draft {
        integration: Some(IntegrationChoice::DataExport),
        scope_to_folder: true,
        ..draft("acme-exports")
    };
    assert_eq!(errors(&d).len(), 1);
}

#[test]
fn role_fields_with_secret_key_are_refused() {
    for (account, external) in [
        (Some("123456789012"), None),
        (None, Some("braze-ext-42")),
        (Some("123456789012"), Some("braze-ext-42")),
    ] {
        let d = Draft {
            braze_account_id: account.map(Into::into),
            external_id: external.map(Into::into),
            ..draft("acme-exports")
        };
        let msgs = messages(&d);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("role-ARN auth"), "{msgs:?}");
    }
}

fn combinations() -> Vec<Answers> {
    let mut out = Vec::new();
    for integration in IntegrationChoice::ALL {
        for auth in AuthKind::ALL {
            for (existing_bucket, sse, region) in
                [(false, false, "us-east-1"), (true, true, "eu-west-1")]
            {
                let currents = integration != IntegrationChoice::DataExport;
                let mut d = Draft {
                    integration: Some(integration),
                    region: Some(region.into()),
                    existing_bucket,
                    sse: Some(sse),
                    folder: currents.then(|| "braze/prod".into()),
                    scope_to_folder: currents && sse,
                    auth: Some(auth),
                    ..draft("acme.exports")
                };
                if auth == AuthKind::RoleArn {
                    d.braze_account_id = Some("123456789012".into());
                    d.external_id = Some("braze-ext-42".into());
                    d.role_name = Some("braze-role".into());
                }
                out.push(d.build().unwrap());
            }
        }
    }
    out
}

#[test]
fn answers_round_trip_through_json() {
    let all = combinations();
    assert_eq!(all.len(), 12);
    for a in all {
        let json = serde_json::to_string_pretty(&a).unwrap();
        let back: Answers = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a, "{json}");
        // The file is a Draft: it builds to the same answers.
        let d: Draft = serde_json::from_str(&json).unwrap();
        assert_eq!(d.build().unwrap(), a);
    }
}

#[test]
fn answers_json_shape() {
    let a = role_draft("acme-exports").build().unwrap();
    let json = serde_json::to_string_pretty(&a).unwrap();
    insta::assert_snapshot!("answers_role_arn_json", json);
}

#[test]
fn a_hand_written_answers_file_may_leave_out_defaults() {
    let a: Answers = serde_json::from_str(r#"{"bucket": "acme-exports"}"#).unwrap();
    assert_eq!(a, draft("acme-exports").build().unwrap());
    let a: Answers = serde_json::from_str(
        r#"{"bucket": "acme-exports", "integration": "both", "auth": "role-arn",
            "braze_account_id": "123456789012", "external_id": "braze-ext-42"}"#,
    )
    .unwrap();
    assert_eq!(a.integration, IntegrationChoice::Both);
    assert_eq!(a.auth.kind(), AuthKind::RoleArn);
}

#[test]
fn answers_files_with_mistakes_are_refused_readably() {
    let unknown = serde_json::from_str::<Answers>(r#"{"bucket": "acme-exports", "bukket": "x"}"#)
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("unknown field `bukket`"), "{unknown}");
    assert!(unknown.contains("expected one of"), "{unknown}");

    let truncated = serde_json::from_str::<Answers>(r#"{"bucket": "acme-exp"#)
        .unwrap_err()
        .to_string();
    assert!(truncated.contains("EOF"), "{truncated}");
    assert!(truncated.contains("line 1"), "{truncated}");

    let malformed = serde_json::from_str::<Answers>(r#"{"bucket": acme}"#)
        .unwrap_err()
        .to_string();
    assert!(malformed.contains("expected value"), "{malformed}");

    let wrong_type = serde_json::from_str::<Answers>(r#"{"bucket": "acme-exports", "sse": "yes"}"#)
        .unwrap_err()
        .to_string();
    assert!(wrong_type.contains("invalid type"), "{wrong_type}");

    let bad_enum =
        serde_json::from_str::<Answers>(r#"{"bucket": "acme-exports", "auth": "password"}"#)
            .unwrap_err()
            .to_string();
    assert!(
        bad_enum.contains("unknown variant `password`"),
        "{bad_enum}"
    );
    assert!(bad_enum.contains("secret-key"), "{bad_enum}");

    // Valid JSON, invalid answers: every problem is in the message.
    let invalid = serde_json::from_str::<Answers>(
        r#"{"bucket": "My_Bucket", "region": "eu-west-9", "auth": "role-arn"}"#,
    )
    .unwrap_err()
    .to_string();
    for part in [
        "bucket name \"My_Bucket\": use only lowercase letters",
        "region \"eu-west-9\"",
        "Braze account ID is required",
        "external ID is required",
    ] {
        assert!(invalid.contains(part), "{part}: {invalid}");
    }
}

#[test]
fn policy_names() {
    let currents = draft("acme-exports").build().unwrap();
    assert_eq!(
        currents.policy_name(Integration::Currents).as_str(),
        "braze-s3-acme-exports-currents"
    );
    assert_eq!(
        currents.policy_name(Integration::DataExport).as_str(),
        "braze-s3-acme-exports-data-export"
    );

    let scoped = Draft {
        integration: Some(IntegrationChoice::Both),
        folder: Some("braze/prod".into()),
        scope_to_folder: true,
        ..draft("acme-exports")
    }
    .build()
    .unwrap();
    let name = scoped.policy_name(Integration::Currents);
    assert!(
        name.as_str()
            .starts_with("braze-s3-acme-exports-currents-braze-prod-"),
        "{name}"
    );
    // Folders whose readable forms collide still get distinct policies.
    let other = Draft {
        folder: Some("braze-prod".into()),
        scope_to_folder: true,
        ..draft("acme-exports")
    }
    .build()
    .unwrap();
    assert_ne!(other.policy_name(Integration::Currents), name);
    let long = |tail: &str| {
        Draft {
            folder: Some(format!("{}{tail}", "f".repeat(200))),
            scope_to_folder: true,
            ..draft("acme-exports")
        }
        .build()
        .unwrap()
        .policy_name(Integration::Currents)
    };
    assert_ne!(long("a"), long("b"));
    assert!(long("a").as_str().len() <= 128);
    // The export policy is never scoped.
    assert_eq!(
        scoped.policy_name(Integration::DataExport).as_str(),
        "braze-s3-acme-exports-data-export"
    );
    assert_eq!(
        scoped
            .policy_scope(Integration::Currents)
            .map(FolderPath::as_str),
        Some("braze/prod")
    );
    assert_eq!(scoped.policy_scope(Integration::DataExport), None);

    // A folder without scoping does not change the policy name.
    let unscoped = Draft {
        folder: Some("braze/prod".into()),
        ..draft("acme-exports")
    }
    .build()
    .unwrap();
    assert_eq!(unscoped.policy_scope(Integration::Currents), None);
    assert_eq!(
        unscoped.policy_name(Integration::Currents).as_str(),
        "braze-s3-acme-exports-currents"
    );
}

#[test]
fn long_names_stay_within_iam_limits() {
    let bucket = format!("a{}", "b".repeat(62));
    assert_eq!(bucket.len(), 63);
    let long_folder = format!("braze/{}", "f".repeat(500));
    for auth in AuthKind::ALL {
        let mut d = Draft {
            integration: Some(IntegrationChoice::Both),
            folder: Some(long_folder.clone()),
            scope_to_folder: true,
            auth: Some(auth),
            ..draft(&bucket)
        };
        if auth == AuthKind::RoleArn {
            d.braze_account_id = Some("123456789012".into());
            d.external_id = Some("braze-ext-42".into());
        }
        let a = d.build().unwrap();
        assert_eq!(a.name.as_str(), bucket);
        let principal = a.auth.principal_name().as_str();
        assert!(principal.len() <= 64, "{principal}");
        assert!(principal.starts_with("braze-s3-a"));
        assert!(IamName::parse(principal).is_ok());
        for integration in Integration::ALL {
            let name = a.policy_name(integration);
            assert!(name.as_str().len() <= 128, "{name}");
            assert!(PolicyName::parse(name.as_str()).is_ok());
            assert!(name.as_str().starts_with(&format!("braze-s3-{bucket}-")));
        }
    }
    // Cut, and ended by a hash so that another long name with the same start differs.
    let user = default_principal_name(&ConnectorName::parse(&bucket).unwrap());
    assert_eq!(user.as_str().len(), 64);
    assert!(
        user.as_str()
            .starts_with(&format!("braze-s3-{bucket}")[..55])
    );
}

#[test]
fn a_folder_with_characters_iam_refuses_still_gives_a_valid_policy_name() {
    let a = Draft {
        folder: Some("braze prod/ü".into()),
        scope_to_folder: true,
        ..draft("acme-exports")
    }
    .build()
    .unwrap();
    let name = a.policy_name(Integration::Currents);
    assert!(PolicyName::parse(name.as_str()).is_ok(), "{name}");
    assert!(
        name.as_str()
            .starts_with("braze-s3-acme-exports-currents-braze-prod"),
        "{name}"
    );
}

#[test]
fn both_with_roles_takes_one_external_id_per_braze_page() {
    let d = Draft {
        integration: Some(IntegrationChoice::Both),
        external_id: None,
        currents_external_id: Some("currents-ext".into()),
        export_external_id: Some("export-ext".into()),
        ..role_draft("acme-braze")
    };
    let a = d.build().unwrap();
    let ids: Vec<(String, String)> = a
        .principals()
        .iter()
        .map(|p| match &p.auth {
            AuthMethod::RoleArn {
                role, external_id, ..
            } => (role.to_string(), external_id.to_string()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("braze-s3-acme-braze-currents".into(), "currents-ext".into()),
            (
                "braze-s3-acme-braze-data-export".into(),
                "export-ext".into()
            ),
        ]
    );
    // The answers survive a round trip through their file format.
    let back: Answers = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(back, a);

    // --external-id alone serves both pages.
    let same = Draft {
        integration: Some(IntegrationChoice::Both),
        ..role_draft("acme-braze")
    }
    .build()
    .unwrap();
    assert!(same.principals().iter().all(|p| matches!(
        &p.auth,
        AuthMethod::RoleArn { external_id, .. } if external_id.as_str() == "braze-ext-42"
    )));

    // Each ID is validated, and a page's ID is refused where that page has no part.
    let bad = Draft {
        integration: Some(IntegrationChoice::Both),
        export_external_id: Some("x".into()),
        ..role_draft("acme-braze")
    };
    assert!(
        messages(&bad).iter().any(|m| m.contains("external ID")),
        "{:?}",
        messages(&bad)
    );
    let misplaced = Draft {
        export_external_id: Some("export-ext".into()),
        ..role_draft("acme-braze")
    };
    assert!(
        messages(&misplaced).iter().any(|m| m
            .contains("--export-external-id is for a setup that includes dashboard data export")),
        "{:?}",
        messages(&misplaced)
    );
}
