//! The answers the proxy makes up instead of moto: AWS errors in each service's shape, and
//! scripted answers.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::HeaderValue;
use hyper::{Response, StatusCode};

use super::Service;

/// What every answer the proxy makes up carries as its request ID.
const REQUEST_ID: &str = "braze-s3-test-proxy";

fn message_for(code: &str) -> &'static str {
    match code {
        "SlowDown" => "Please reduce your request rate.",
        "Throttling" => "Rate exceeded",
        "InternalError" => "We encountered an internal error. Please try again.",
        "ServiceUnavailable" => "Service is unable to handle request.",
        "InvalidAccessKeyId" => "The AWS Access Key Id you provided does not exist in our records.",
        "InvalidClientTokenId" => "The security token included in the request is invalid.",
        "AccessDenied" => "Access Denied",
        _ => "Injected by the test proxy.",
    }
}

fn response(
    status: u16,
    content_type: &'static str,
    id_header: &'static str,
    body: String,
) -> Response<Full<Bytes>> {
    let mut answer = Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = answer.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(content_type));
    headers.insert(id_header, HeaderValue::from_static(REQUEST_ID));
    answer
}

/// An AWS error answer in the shape the service's SDK parses (S3's `<Error>`, IAM/STS's
/// `<ErrorResponse>`); a HEAD request gets the status alone.
pub fn error(head: bool, service: Service, status: u16, code: &str) -> Response<Full<Bytes>> {
    let body = match service {
        Service::Iam | Service::Sts => {
            let code = match code {
                "SlowDown" => "Throttling",
                "InvalidAccessKeyId" => "InvalidClientTokenId",
                c => c,
            };
            let ns = if service == Service::Sts {
                "https://sts.amazonaws.com/doc/2011-06-15/"
            } else {
                "https://iam.amazonaws.com/doc/2010-05-08/"
            };
            let kind = if status >= 500 { "Receiver" } else { "Sender" };
            format!(
                "<ErrorResponse xmlns=\"{ns}\"><Error><Type>{kind}</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>{REQUEST_ID}</RequestId></ErrorResponse>",
                message_for(code)
            )
        }
        _ => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message><RequestId>{REQUEST_ID}</RequestId></Error>",
            message_for(code)
        ),
    };
    let body = if head { String::new() } else { body };
    response(status, "application/xml", "x-amz-request-id", body)
}

/// A scripted answer with an XML body.
pub fn scripted(status: u16, body: &str) -> Response<Full<Bytes>> {
    response(status, "text/xml", "x-amzn-requestid", body.to_string())
}
