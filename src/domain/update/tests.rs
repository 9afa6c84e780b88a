use super::*;
use crate::domain::answers::Draft;
use crate::domain::auth::AuthKind;

fn answers(d: Draft) -> Answers {
    Draft {
        name: Some("acme".into()),
        bucket: Some("acme-exports".into()),
        ..d
    }
    .build()
    .unwrap()
}

#[test]
fn the_same_answers_change_nothing() {
    let a = answers(Draft::default());
    assert!(changes(&a, &a.clone()).is_empty());
}

#[test]
fn each_changed_answer_is_one_line_saved_then_now() {
    let saved = answers(Draft {
        sse: Some(true),
        ..Draft::default()
    });
    let now = answers(Draft {
        region: Some("eu-west-1".into()),
        sse: Some(false),
        ..Draft::default()
    });
    let lines: Vec<String> = changes(&saved, &now)
        .iter()
        .map(FieldChange::line)
        .collect();
    assert_eq!(
        lines,
        [
            "Region: us-east-1 → eu-west-1",
            "AES-256 encryption: on → off"
        ]
    );
}

#[test]
fn switching_to_a_role_names_the_role_and_what_braze_types() {
    let saved = answers(Draft::default());
    let now = answers(Draft {
        auth: Some(AuthKind::RoleArn),
        role_name: Some("braze-role".into()),
        braze_account_id: Some("123456789012".into()),
        external_id: Some("ext-1".into()),
        ..Draft::default()
    });
    let fields: Vec<&str> = changes(&saved, &now).iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            "Auth method",
            "IAM user",
            "IAM role",
            "Braze account ID",
            "External ID"
        ]
    );
    let user = changes(&saved, &now)
        .into_iter()
        .find(|c| c.field == "IAM user")
        .unwrap();
    assert_eq!(user.now, "none");
}
