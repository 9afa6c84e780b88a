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
    /// The endpoint does not implement the operation: AWS's `NotImplemented`/501, or an
    /// emulator's HTML error page (moto answers operations it lacks with HTTP 500 and HTML).
    /// Never any other 5xx: a fault from AWS is a fault.
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

    /// The same error met by a key braze-s3 created itself (and stored or passed on untouched):
    /// a `SignatureDoesNotMatch` then cannot come from a mistyped secret, so it names the
    /// endpoint's signing as the cause instead of blaming copy-paste.
    pub fn for_own_key(mut self) -> Self {
        if self.is("SignatureDoesNotMatch") {
            self.sentence = "the endpoint refused the signature of a key braze-s3 created itself, so the secret was not mistyped: the endpoint computes request signatures differently from AWS (some S3-compatible endpoints and emulators mis-sign a '/' in query values or an '=' in object keys); check --endpoint-url, or enter the key in Braze and use Test Credentials".to_string();
        }
        self
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
    let html = err
        .raw_response()
        .and_then(|r| r.body().bytes())
        .is_some_and(is_html_page);
    let kind = match classify(&err, code.as_deref(), status, &context) {
        ErrorKind::ServiceFault if status == Some(500) && code.is_none() && html => {
            ErrorKind::NotImplemented
        }
        kind => kind,
    };
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

/// An HTML page rather than an AWS error document: what an emulator's web framework answers
/// for an operation it does not implement. AWS itself answers XML or JSON.
fn is_html_page(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 14)];
    head.eq_ignore_ascii_case(b"<!doctype html") || head.starts_with(b"<html")
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
mod tests;
