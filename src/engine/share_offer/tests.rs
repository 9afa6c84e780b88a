use crate::store::profile::fixtures;

use super::*;
use crate::domain::auth::AuthKind;
use crate::domain::integration::IntegrationChoice;

/// Saves a connector: `secret` whether its profile keeps the key's secret.
fn save(
    store: &ProfileStore,
    name: &str,
    integration: IntegrationChoice,
    auth: AuthKind,
    bucket: &str,
    secret: bool,
) {
    let role = auth == AuthKind::RoleArn;
    let answers = Draft {
        name: Some(name.into()),
        integration: Some(integration),
        auth: Some(auth),
        bucket: Some(bucket.into()),
        folder: integration
            .includes(Integration::Currents)
            .then(|| format!("{name}-events")),
        scope_to_folder: name.ends_with("scoped"),
        braze_account_id: role.then(|| "210987654321".into()),
        external_id: role.then(|| "braze-external-id-123".into()),
        ..Draft::default()
    }
    .build()
    .unwrap();
    let profile = fixtures::saved(
        answers,
        secret.then_some("s"),
        "2027-01-15T08:00:00Z",
        false,
    );
    store.save(&profile).unwrap();
}

#[test]
fn only_currents_key_connectors_whose_secret_is_kept_on_the_bucket_are_offered() {
    use AuthKind::{RoleArn, SecretKey};
    use IntegrationChoice::{Both, Currents};
    let dir = tempfile::tempdir().unwrap();
    let opts = EngineOptions {
        config_dir: Some(dir.path().to_path_buf()),
        ..EngineOptions::default()
    };
    let store = ProfileStore::open(Some(dir.path()), false).unwrap();
    save(&store, "events-scoped", Currents, SecretKey, "lake", true);
    save(&store, "events-role", Currents, RoleArn, "lake", true);
    save(
        &store,
        "events-unstored",
        Currents,
        SecretKey,
        "lake",
        false,
    );
    save(&store, "events-both", Both, SecretKey, "lake", true);
    save(
        &store,
        "events-elsewhere",
        Currents,
        SecretKey,
        "other-lake",
        true,
    );
    let lake = BucketName::parse("lake").unwrap();
    let offers = share_offers(&opts, &lake).unwrap();
    let names: Vec<&str> = offers.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["events-scoped"]);
    let offer = &offers[0];
    assert_eq!(offer.user.as_str(), "braze-s3-events-scoped");
    assert_eq!(
        offer.folder.as_ref().unwrap().as_str(),
        "events-scoped-events"
    );
    assert!(offer.scope_to_folder);
    // A sandbox store is another store: nothing saved there.
    let sandbox = EngineOptions {
        sandbox: true,
        ..opts.clone()
    };
    assert!(share_offers(&sandbox, &lake).unwrap().is_empty());
}

#[test]
fn choosing_an_offer_fills_the_draft_as_resolve_share_does() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(Some(dir.path()), false).unwrap();
    save(
        &store,
        "events-scoped",
        IntegrationChoice::Currents,
        AuthKind::SecretKey,
        "lake",
        true,
    );
    let opts = EngineOptions {
        config_dir: Some(dir.path().to_path_buf()),
        ..EngineOptions::default()
    };
    let offer = share_offers(&opts, &BucketName::parse("lake").unwrap())
        .unwrap()
        .remove(0);
    let start = Draft {
        name: Some("events-two".into()),
        integration: Some(IntegrationChoice::Currents),
        bucket: Some("lake".into()),
        folder: Some("two".into()),
        ..Draft::default()
    };
    let mut chosen = start.clone();
    offer.fill(&mut chosen).unwrap();
    let mut flagged = Draft {
        share_with: Some("events-scoped".into()),
        ..start
    };
    super::super::resolve_share(&store, &mut flagged).unwrap();
    assert_eq!(chosen, flagged);
    let answers = chosen.build().unwrap();
    assert_eq!(answers.share_with.unwrap().as_str(), "events-scoped");
    assert!(answers.scope_to_folder);
}
