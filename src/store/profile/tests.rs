use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::domain::answers::Draft;

fn answers(bucket: &str, folder: &str) -> Answers {
    Draft {
        bucket: Some(bucket.into()),
        folder: Some(folder.into()),
        name: Some(format!("{bucket}-{folder}")),
        ..Draft::default()
    }
    .build()
    .unwrap()
}

fn profile(a: Answers, secret: Option<&str>) -> ConnectorProfile {
    ConnectorProfile::new(
        a.name.clone(),
        false,
        None,
        a.clone(),
        "123456789012".into(),
        vec![SavedCredential {
            integration: a.integrations()[0],
            principal: a.auth.principal_name().clone(),
            access_key_id: Some("AKIAEXAMPLE".into()),
            secret_access_key: secret.map(|s| SecretString::from(s.to_string())),
            role_arn: None,
            previous_access_key_id: None,
        }],
        vec!["arn:aws:iam::123456789012:policy/p".into()],
        "2026-11-27T00:00:00Z".into(),
        None,
    )
}

#[test]
fn saves_0600_in_a_0700_dir_and_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(tmp.path()), false).unwrap();
    let p = profile(answers("acme-braze", "currents"), Some("s3cr3t-value"));
    let path = store.save(&p).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(tmp.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
    let back = store.load(&p.name).unwrap();
    assert_eq!(back.answers, p.answers);
    assert_eq!(
        back.credentials[0]
            .secret_access_key
            .as_ref()
            .map(|s| s.expose_secret().to_string()),
        Some("s3cr3t-value".into())
    );
    assert_eq!(store.names().unwrap(), vec![p.name.clone()]);
}

#[test]
fn debug_output_never_shows_the_secret() {
    let p = profile(answers("acme-braze", "currents"), Some("s3cr3t-value"));
    assert!(!format!("{p:?}").contains("s3cr3t-value"));
}

#[test]
fn sandbox_profiles_live_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let real = ProfileStore::open(Some(tmp.path()), false).unwrap();
    let sandbox = ProfileStore::open(Some(tmp.path()), true).unwrap();
    sandbox
        .save(&profile(answers("acme-braze", "currents"), None))
        .unwrap();
    assert!(real.names().unwrap().is_empty());
    assert_eq!(sandbox.names().unwrap().len(), 1);
}

#[test]
fn refuses_a_profile_others_can_read_and_says_how_to_fix_it() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(tmp.path()), false).unwrap();
    let p = profile(answers("acme-braze", "currents"), Some("x"));
    let path = store.save(&p).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = store.load(&p.name).unwrap_err().to_string();
    assert!(err.contains("chmod 600"), "{err}");
}

#[test]
fn a_profile_edited_into_nonsense_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(tmp.path()), false).unwrap();
    let p = profile(answers("acme-braze", "currents"), None);
    let path = store.save(&p).unwrap();
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("acme-braze", "Not_A_Bucket");
    std::fs::write(&path, text).unwrap();
    let err = store.load(&p.name).unwrap_err().to_string();
    assert!(err.contains("not a valid connector profile"), "{err}");
    assert!(err.contains("Not_A_Bucket"), "{err}");
}

#[test]
fn folders_on_a_bucket_are_found_for_the_clash_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(tmp.path()), false).unwrap();
    store
        .save(&profile(answers("acme-braze", "currents"), None))
        .unwrap();
    store
        .save(&profile(answers("acme-braze", "eu"), None))
        .unwrap();
    store
        .save(&profile(answers("other-bucket", "currents"), None))
        .unwrap();
    let bucket = BucketName::parse("acme-braze").unwrap();
    let mut folders: Vec<String> = store
        .folders_on(&bucket)
        .into_iter()
        .map(|(f, _)| f.to_string())
        .collect();
    folders.sort();
    assert_eq!(folders, ["currents", "eu"]);
}

#[test]
fn unknown_names_and_removal() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(tmp.path()), false).unwrap();
    let name = ConnectorName::parse("nope").unwrap();
    assert!(matches!(
        store.load(&name),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.remove(&name),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn a_profile_saved_before_per_integration_credentials_still_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(tmp.path()), false).unwrap();
    let a = Draft {
        bucket: Some("acme-braze".into()),
        integration: Some(crate::domain::integration::IntegrationChoice::Both),
        ..Draft::default()
    }
    .build()
    .unwrap();
    let mut old = serde_json::to_value(profile(a.clone(), Some("legacy-secret"))).unwrap();
    let obj = old.as_object_mut().unwrap();
    obj.remove("credentials");
    obj.insert("access_key_id".into(), "AKIALEGACY".into());
    obj.insert("secret_access_key".into(), "legacy-secret".into());
    crate::store::files::write_private(&store.path(&a.name), &serde_json::to_vec(&old).unwrap())
        .unwrap();
    let back = store.load(&a.name).unwrap();
    // One user served both pages then: each page gets that same key.
    assert_eq!(back.credentials.len(), 2);
    for c in &back.credentials {
        assert_eq!(c.principal, *a.auth.principal_name());
        assert_eq!(c.access_key_id.as_deref(), Some("AKIALEGACY"));
        assert_eq!(
            c.secret_access_key
                .as_ref()
                .map(|s| s.expose_secret().to_string()),
            Some("legacy-secret".into())
        );
    }
    // Saved again, it is written in the new shape only.
    store.save(&back).unwrap();
    let text = std::fs::read_to_string(store.path(&a.name)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value.get("access_key_id").is_none(), "{text}");
}
