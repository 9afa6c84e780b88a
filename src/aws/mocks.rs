//! Clients whose S3 and IAM calls are answered by `aws-smithy-mocks` rules, for unit tests:
//! no network, and the SDK's standard retry with millisecond backoff, so a scripted
//! "503, 503, ok" is retried as in production without waiting seconds.

use std::time::Duration;

use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode};

use super::clients::{ClientOptions, Clients, StaticCredentials};

fn interceptor(rules: &[&Rule]) -> MockResponseInterceptor {
    rules.iter().fold(
        MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
        |m, rule| m.with_rule(rule),
    )
}

fn creds() -> Credentials {
    Credentials::new("AKIDMOCK", "mock-secret", None, None, "mocks")
}

/// Three attempts, as `Clients::new` configures, but 1–5 ms apart instead of seconds.
pub fn fast_retries() -> aws_sdk_s3::config::retry::RetryConfig {
    aws_sdk_s3::config::retry::RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// Clients in us-east-1 whose S3 and IAM requests the rules answer (in `MatchAny` mode: the
/// first rule for the operation with responses left). Unanswered requests get HTTP 418.
pub async fn clients(s3_rules: &[&Rule], iam_rules: &[&Rule]) -> Clients {
    let mut clients = Clients::new(&ClientOptions {
        profile: None,
        region: Some("us-east-1".into()),
        endpoint_url: Some("http://127.0.0.1:9".into()),
        static_credentials: Some(StaticCredentials::new("AKIDMOCK", "mock-secret")),
    })
    .await;
    let s3 = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(creds())
        .http_client(aws_smithy_mocks::create_mock_http_client())
        .interceptor(interceptor(s3_rules))
        .retry_config(fast_retries())
        .build();
    let iam = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(creds())
        .http_client(aws_smithy_mocks::create_mock_http_client())
        .interceptor(interceptor(iam_rules))
        .retry_config(fast_retries())
        .build();
    clients.s3 = aws_sdk_s3::Client::from_conf(s3);
    clients.iam = aws_sdk_iam::Client::from_conf(iam);
    clients
}
