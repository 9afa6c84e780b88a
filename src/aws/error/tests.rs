//! The mapping, against responses scripted with `aws-smithy-mocks` (no network).

use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, mock};

use super::*;

fn creds() -> Credentials {
    Credentials::new("AKIDTEST", "secret", None, None, "test")
}

fn s3(rules: &[&aws_smithy_mocks::Rule]) -> aws_sdk_s3::Client {
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
    for rule in rules {
        mocks = mocks.with_rule(rule);
    }
    let conf = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(creds())
        .http_client(aws_smithy_mocks::create_mock_http_client())
        .interceptor(mocks)
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

fn iam(rule: &aws_smithy_mocks::Rule) -> aws_sdk_iam::Client {
    let conf = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(creds())
        .http_client(aws_smithy_mocks::create_mock_http_client())
        .interceptor(MockResponseInterceptor::new().with_rule(rule))
        .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_iam::Client::from_conf(conf)
}

fn s3_error(code: &str) -> String {
    format!("<Error><Code>{code}</Code><Message>scripted {code}</Message></Error>")
}

async fn get_object_fails_with(status: u16, body: Option<String>) -> CloudError {
    let rule = mock!(aws_sdk_s3::Client::get_object)
        .sequence()
        .http_status(status, body)
        .build();
    let err = s3(&[&rule])
        .get_object()
        .bucket("acme")
        .key("k")
        .send()
        .await
        .unwrap_err();
    from_sdk("GetObject", err)
}

#[tokio::test]
async fn slow_down_is_throttling_and_transient() {
    let e = get_object_fails_with(503, Some(s3_error("SlowDown"))).await;
    assert_eq!(e.kind, ErrorKind::Throttled);
    assert_eq!(e.code.as_deref(), Some("SlowDown"));
    assert_eq!(e.status, Some(503));
    assert!(e.is_transient());
    assert!(
        e.to_string().starts_with("GetObject failed (SlowDown)"),
        "{e}"
    );
}

#[tokio::test]
async fn a_bare_5xx_is_a_transient_service_fault() {
    let e = get_object_fails_with(500, Some(s3_error("InternalError"))).await;
    assert_eq!(e.kind, ErrorKind::ServiceFault);
    assert!(e.is_transient());
    let e = get_object_fails_with(502, None).await;
    assert_eq!(e.kind, ErrorKind::ServiceFault);
    assert!(e.is_transient());
}

#[tokio::test]
async fn access_denied_is_not_transient() {
    let e = get_object_fails_with(403, Some(s3_error("AccessDenied"))).await;
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(!e.is_transient());
    assert!(e.sentence.contains("not allowed to call GetObject"), "{e}");
    assert!(e.sentence.contains("scripted AccessDenied"), "{e}");
}

#[tokio::test]
async fn unknown_key_and_wrong_secret_are_told_apart() {
    let e = get_object_fails_with(403, Some(s3_error("InvalidAccessKeyId"))).await;
    assert_eq!(e.kind, ErrorKind::UnknownKey);
    let e = get_object_fails_with(403, Some(s3_error("SignatureDoesNotMatch"))).await;
    assert_eq!(
        e.kind,
        ErrorKind::Other,
        "a wrong secret is not a permission problem"
    );
    assert!(
        e.sentence.contains("secret access key does not match"),
        "{e}"
    );
    let e = get_object_fails_with(400, Some(s3_error("ExpiredToken"))).await;
    assert!(e.sentence.contains("expired"), "{e}");
}

#[tokio::test]
async fn no_such_key_is_not_found() {
    let e = get_object_fails_with(404, Some(s3_error("NoSuchKey"))).await;
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(!e.is_transient());
}

#[tokio::test]
async fn iam_no_such_entity_is_not_found() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>\
                <Message>The user with name x cannot be found.</Message></Error></ErrorResponse>";
    let rule = mock!(aws_sdk_iam::Client::get_user)
        .sequence()
        .http_status(404, Some(body.to_string()))
        .build();
    let err = iam(&rule)
        .get_user()
        .user_name("x")
        .send()
        .await
        .unwrap_err();
    let e = from_sdk("GetUser", err);
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.code.as_deref(), Some("NoSuchEntity"));
}

/// moto's IAM/STS errors nest `<Error>` in `<Errors>`; the SDK finds no code in them.
#[tokio::test]
async fn moto_style_iam_errors_still_have_their_code() {
    let body = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>\
                <Message>The security token included in the request is invalid.</Message>\
                </Error></Errors></ErrorResponse>";
    let rule = mock!(aws_sdk_iam::Client::get_user)
        .sequence()
        .http_status(403, Some(body.to_string()))
        .build();
    let err = iam(&rule)
        .get_user()
        .user_name("x")
        .send()
        .await
        .unwrap_err();
    let e = from_sdk("GetUser", err);
    assert_eq!(e.code.as_deref(), Some("InvalidClientTokenId"));
    assert_eq!(e.kind, ErrorKind::UnknownKey);
}
