//! SDK errors → [`CloudError`]: what failed, why, and what to do, in one sentence a person
//! can act on. The AWS error code is kept for display and for retry decisions.

use std::error::Error as StdError;
use std::fmt;

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// The kinds of failure callers decide on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request never reached AWS (connection refused, DNS, TLS).
    Unreachable,
    Timeout,
    /// No credentials could be found in the standard chain.
    NoCredentials,
    /// AWS does not know the access key (new keys take 10–15 s to appear).
    UnknownKey,
    AccessDenied,
    NotFound,
    Throttled,
    /// A 5xx from the service.
    ServiceFault,
    /// The endpoint does not implement the operation (emulators).
    NotImplemented,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudError {
    /// The operation that failed, e.g. `CreateBucket`.
    pub operation: &'static str,
    pub kind: ErrorKind,
    /// The AWS error code, e.g. `AccessDenied`.
    pub code: Option<String>,
    pub status: Option<u16>,
    /// What to do about it.
    pub sentence: String,
}

impl fmt::Display for CloudError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{} failed ({code}): {}", self.operation, self.sentence),
            None => write!(f, "{} failed: {}", self.operation, self.sentence),
        }
    }
}

impl StdError for CloudError {}

impl CloudError {
    pub fn new(operation: &'static str, kind: ErrorKind, sentence: impl Into<String>) -> Self {
        CloudError {
            operation,
            kind,
            code: None,
            status: None,
            sentence: sentence.into(),
        }
    }

    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// Worth another try after a pause: throttling, a 5xx, a dropped connection or a timeout.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Throttled
                | ErrorKind::ServiceFault
                | ErrorKind::Timeout
                | ErrorKind::Unreachable
        )
    }
}

/// Maps any SDK error. `operation` names the API call for the message.
pub fn from_sdk<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> CloudError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    // moto answers IAM/STS errors in a shape the SDK does not parse; read `<Code>` ourselves.
    let code = err.code().map(str::to_string).or_else(|| {
        err.raw_response()
            .and_then(|r| r.body().bytes())
            .and_then(code_in_body)
    });
    let aws_message = err.message().map(str::to_string);
    let context = DisplayErrorContext(&err).to_string();
    let kind = classify(&err, code.as_deref(), status, &context);
    let sentence = sentence(
        operation,
        kind,
        code.as_deref(),
        aws_message.as_deref(),
        &root_cause(&err),
    );
    CloudError {
        operation,
        kind,
        code,
        status,
        sentence,
    }
}

fn classify<E, R>(
    err: &SdkError<E, R>,
    code: Option<&str>,
    status: Option<u16>,
    context: &str,
) -> ErrorKind {
    let lower = context.to_ascii_lowercase();
    match err {
        SdkError::TimeoutError(_) => return ErrorKind::Timeout,
        SdkError::DispatchFailure(d) if d.is_timeout() => return ErrorKind::Timeout,
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => {
            return if lower.contains("credential") {
                ErrorKind::NoCredentials
            } else {
                ErrorKind::Unreachable
            };
        }
        _ => {}
    }
    match code {
        Some("InvalidAccessKeyId" | "InvalidClientTokenId" | "UnrecognizedClientException") => {
            ErrorKind::UnknownKey
        }
        Some("AccessDenied" | "AccessDeniedException" | "AllAccessDisabled") => {
            ErrorKind::AccessDenied
        }
        Some(
            "NoSuchBucket" | "NoSuchEntity" | "NoSuchKey" | "NotFound" | "NoSuchEntityException",
        ) => ErrorKind::NotFound,
        Some(
            "SlowDown"
            | "Throttling"
            | "ThrottlingException"
            | "RequestLimitExceeded"
            | "TooManyRequestsException",
        ) => ErrorKind::Throttled,
        Some("NotImplemented") => ErrorKind::NotImplemented,
        Some(_) if status == Some(403) => ErrorKind::Other,
        _ => match status {
            Some(501) => ErrorKind::NotImplemented,
            Some(429) => ErrorKind::Throttled,
            Some(403) => ErrorKind::AccessDenied,
            Some(404) => ErrorKind::NotFound,
            Some(500..=599) => ErrorKind::ServiceFault,
            _ => ErrorKind::Other,
        },
    }
}

fn sentence(
    operation: &str,
    kind: ErrorKind,
    code: Option<&str>,
    aws_message: Option<&str>,
    cause: &str,
) -> String {
    let said = aws_message
        .filter(|m| !m.is_empty())
        .map(|m| format!(" AWS said: {m}"))
        .unwrap_or_default();
    match (kind, code) {
        (ErrorKind::Unreachable, _) => format!(
            "could not reach the AWS endpoint ({cause}); check your network, proxy or --endpoint-url, then retry"
        ),
        (ErrorKind::Timeout, _) => {
            "AWS did not answer in time; check your network and retry".to_string()
        }
        (ErrorKind::NoCredentials, _) => "no AWS credentials were found: run `aws configure` or `aws sso login`, pass --profile, or try the tool with --sandbox".to_string(),
        (ErrorKind::UnknownKey, _) => format!(
            "AWS does not recognise the access key; a key created seconds ago needs 10–15 s to become active, otherwise check the key ID.{said}"
        ),
        (ErrorKind::AccessDenied, _) => format!(
            "your credentials are not allowed to call {operation}: use a profile with that permission, or ask your AWS admin to grant it.{said}"
        ),
        (ErrorKind::Throttled, _) => {
            "AWS is throttling requests; wait a moment and retry".to_string()
        }
        (ErrorKind::ServiceFault, _) => format!(
            "AWS had a temporary problem; retry in a moment.{said}"
        ),
        (ErrorKind::NotImplemented, _) => {
            "this endpoint does not implement the operation".to_string()
        }
        (_, Some("SignatureDoesNotMatch")) => "the secret access key does not match the key ID: check both were copied whole".to_string(),
        (_, Some("ExpiredToken" | "ExpiredTokenException" | "RequestExpired")) => {
            "your AWS session has expired: sign in again (for SSO: `aws sso login`) and retry".to_string()
        }
        (_, Some("BucketAlreadyExists")) => "that bucket name is taken by another AWS account (names are global): choose another name".to_string(),
        (_, Some("InvalidBucketName")) => format!("S3 refused the bucket name.{said}"),
        (_, Some("IllegalLocationConstraintException" | "AuthorizationHeaderMalformed" | "PermanentRedirect")) => format!(
            "the bucket is in a different region than the request: use the bucket's region (--region).{said}"
        ),
        (_, Some("LimitExceeded")) => format!("an IAM limit was reached (two access keys per user, five versions per policy).{said}"),
        (_, Some("MalformedPolicyDocument")) => format!("IAM refused the policy document.{said}"),
        (_, Some("EntityAlreadyExists")) => format!("it already exists; re-run the setup to adopt it.{said}"),
        (_, Some("InvalidObjectState" | "ObjectLockConfigurationNotFoundError")) => format!("the bucket's Object Lock settings got in the way.{said}"),
        (ErrorKind::NotFound, _) => format!("it does not exist.{said}"),
        _ => format!("{cause}.{said}"),
    }
}

fn code_in_body(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find("<Code>")? + "<Code>".len();
    let len = text[start..].find("</Code>")?;
    Some(text[start..start + len].to_string()).filter(|c| !c.is_empty())
}

/// The innermost cause of an error chain, which is usually the informative part
/// ("Connection refused (os error 111)").
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut e = err;
    while let Some(source) = e.source() {
        e = source;
    }
    e.to_string()
}

#[cfg(test)]
mod tests {
    //! The mapping, against responses scripted with `aws-smithy-mocks` (no network).

    use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
    use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, mock};

    use super::*;
    use crate::aws::clients::{ClientOptions, Clients, StaticCredentials};
    use crate::aws::discover;
    use crate::domain::existing::BucketState;
    use crate::domain::names::BucketName;

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

    #[tokio::test]
    async fn a_bare_403_on_head_bucket_means_another_accounts_bucket() {
        let mut clients = Clients::new(&ClientOptions {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some("http://127.0.0.1:9".into()),
            static_credentials: Some(StaticCredentials::new("AKIDTEST", "secret")),
        })
        .await;
        let bucket = BucketName::parse("someone-elses").unwrap();
        let forbidden = mock!(aws_sdk_s3::Client::head_bucket)
            .sequence()
            .http_status(403, None)
            .build();
        let missing = mock!(aws_sdk_s3::Client::head_bucket)
            .sequence()
            .http_status(404, None)
            .build();
        clients.s3 = s3(&[&forbidden, &missing]);
        let state = discover::bucket_state(&clients, &bucket).await.unwrap();
        assert_eq!(state, BucketState::OwnedByOther);
        let state = discover::bucket_state(&clients, &bucket).await.unwrap();
        assert_eq!(state, BucketState::Missing);
    }
}
