//! Property tests for everything a person or a file can hand the tool: answers files and
//! profile files, arbitrary or mutated, never panic and never yield an invalid value.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use braze_s3::domain::answers::{Answers, Draft};
use braze_s3::store::profile::ProfileStore;
use proptest::prelude::*;

const VALID_ANSWERS: &str = r#"{
  "name": "acme-braze",
  "integration": "both",
  "bucket": "acme-braze",
  "region": "eu-west-1",
  "existing_bucket": false,
  "folder": "braze/currents",
  "sse": true,
  "scope_to_folder": false,
  "auth": "role-arn",
  "role_name": "braze-s3-acme-braze",
  "braze_account_id": "123456789012",
  "external_id": "a1b2c3-external"
}"#;

/// What the answers-file reader does: parse, then validate as a whole.
fn read_answers(text: &str) -> Result<Answers, String> {
    let draft: Draft = serde_json::from_str(text).map_err(|e| e.to_string())?;
    draft.build().map_err(|e| e.to_string())
}

/// Mutations a hand edit or a truncated copy produces.
fn mutate(text: &str, at: usize, kind: u8, byte: char) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match kind % 4 {
        0 => chars.truncate(at),
        1 => chars.insert(at, byte),
        2 if at < chars.len() => {
            chars.remove(at);
        }
        _ if at < chars.len() => chars[at] = byte,
        _ => {}
    }
    chars.into_iter().collect()
}

#[test]
fn the_valid_answers_file_reads_and_round_trips() {
    let answers = read_answers(VALID_ANSWERS).unwrap();
    let again = read_answers(&serde_json::to_string(&answers).unwrap()).unwrap();
    assert_eq!(answers, again);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics_the_answers_reader(text in ".{0,400}") {
        let _ = read_answers(&text);
    }

    #[test]
    fn mutated_answers_files_either_fail_clearly_or_stay_valid(
        at in 0usize..600, kind in any::<u8>(), byte in any::<char>()
    ) {
        let text = mutate(VALID_ANSWERS, at, kind, byte);
        match read_answers(&text) {
            // Whatever was accepted is valid by construction and survives a round trip.
            Ok(a) => prop_assert_eq!(read_answers(&serde_json::to_string(&a).unwrap()).unwrap(), a),
            Err(message) => prop_assert!(!message.trim().is_empty()),
        }
    }

    #[test]
    fn mutated_profile_files_never_panic_the_store(
        at in 0usize..900, kind in any::<u8>(), byte in any::<char>()
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::open(Some(dir.path()), false).unwrap();
        let profile = serde_json::json!({
            "name": "acme-braze",
            "sandbox": false,
            "answers": serde_json::from_str::<serde_json::Value>(VALID_ANSWERS).unwrap(),
            "account": "123456789012",
            "role_arn": "arn:aws:iam::123456789012:role/braze-s3-acme-braze",
            "policy_arns": [],
            "created_at": "2026-11-27T00:00:00Z"
        })
        .to_string();
        let text = mutate(&profile, at, kind, byte);
        let path = dir.path().join("acme-braze.json");
        std::fs::write(&path, &text).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let name = braze_s3::domain::names::ConnectorName::parse("acme-braze").unwrap();
        match store.load(&name) {
            Ok(p) => prop_assert_eq!(p.name.as_str(), "acme-braze"),
            Err(e) => prop_assert!(e.to_string().contains("acme-braze.json")),
        }
    }
}
