//! What the proxy makes of a request: which service and operation it is, and which of the faults
//! the test switched on (if any) it meets.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::Response;
use hyper::body::Bytes;
use hyper::http::request::Parts;

use super::{Seen, Service, replies};

#[derive(Debug, Clone)]
pub enum Action {
    Fail { status: u16, code: String },
    Answer { status: u16, body: String },
    Cut,
    Withhold,
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// Only requests of this operation; `None`: any.
    pub op: Option<String>,
    /// Requests of that operation to let through before the rule acts.
    pub skip: u32,
    pub remaining: u32,
    pub action: Action,
}

#[derive(Debug, Default)]
pub struct State {
    pub down: bool,
    pub delay: Duration,
    pub rules: VecDeque<Rule>,
    pub denied_keys: Vec<(String, Instant)>,
    pub forbidden_keys: Vec<(String, Instant)>,
    /// How long a key moto creates stays unknown, then denied.
    pub propagation: Option<(Duration, Duration)>,
    pub seen: Vec<Seen>,
}

/// The state, even if a test panicked while holding it.
pub fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

pub enum Decision {
    Forward(Duration),
    Answer(Response<Full<Bytes>>),
    /// A key's answer (unknown or denied), after the latency every request has.
    Refuse(Response<Full<Bytes>>, Duration),
    Close,
    Withhold,
}

/// The request as the proxy sees it, not yet answered.
pub fn identify(parts: &Parts, body: &[u8]) -> Seen {
    let (access_key_id, service) = credential(parts);
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let op = match service {
        Service::Iam | Service::Sts => form_value(body, "Action")
            .or_else(|| query_value(target, "Action"))
            .unwrap_or_else(|| format!("{} {target}", parts.method)),
        _ => s3_op(parts.method.as_str(), target),
    };
    Seen {
        at: Instant::now(),
        op,
        service,
        access_key_id,
        status: None,
        forwarded: false,
        withheld: false,
    }
}

/// Access key ID and service from `Credential=AKID/date/region/service/aws4_request`.
fn credential(parts: &Parts) -> (Option<String>, Service) {
    let auth = parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let Some(scope) = auth
        .and_then(|a| a.split_once("Credential="))
        .map(|(_, s)| s)
    else {
        return (None, Service::Other);
    };
    let scope = scope.split([',', ' ']).next().unwrap_or_default();
    let mut parts = scope.split('/');
    let akid = parts.next().map(str::to_string);
    let service = match parts.nth(2) {
        Some("s3") => Service::S3,
        Some("iam") => Service::Iam,
        Some("sts") => Service::Sts,
        _ => Service::Other,
    };
    (akid, service)
}

fn form_value(body: &[u8], key: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

fn query_value(target: &str, key: &str) -> Option<String> {
    form_value(target.split_once('?')?.1.as_bytes(), key)
}

/// The S3 operation a path-style request stands for (the ones braze-s3 makes).
fn s3_op(method: &str, target: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let has = |q: &str| {
        query
            .split('&')
            .any(|p| p == q || p.starts_with(&format!("{q}=")))
    };
    let segments = path.trim_matches('/').split('/').filter(|s| !s.is_empty());
    let object = segments.count() >= 2;
    let op = match (method, object) {
        ("GET", _) if path == "/" => "ListBuckets",
        ("PUT", false) if has("tagging") => "PutBucketTagging",
        ("PUT", false) if has("publicAccessBlock") => "PutPublicAccessBlock",
        ("PUT", false) if has("encryption") => "PutBucketEncryption",
        ("PUT", false) => "CreateBucket",
        ("HEAD", false) => "HeadBucket",
        ("GET", false) if has("location") => "GetBucketLocation",
        ("GET", false) if has("encryption") => "GetBucketEncryption",
        ("GET", false) if has("object-lock") => "GetObjectLockConfiguration",
        ("GET", false) if has("tagging") => "GetBucketTagging",
        ("GET", false) if has("list-type") => "ListObjectsV2",
        ("GET", false) => "ListObjects",
        ("DELETE", false) => "DeleteBucket",
        ("PUT", true) => "PutObject",
        ("GET", true) => "GetObject",
        ("DELETE", true) => "DeleteObject",
        ("HEAD", true) => "HeadObject",
        _ => return format!("S3 {method} {target}"),
    };
    op.to_string()
}

/// What to do with the request `seen` (`head`: a HEAD request, whose error has no body).
pub fn decide(state: &Mutex<State>, head: bool, seen: &Seen) -> Decision {
    let mut s = lock(state);
    if s.down {
        return Decision::Close;
    }
    let now = seen.at;
    let signed_by = |keys: &[(String, Instant)]| {
        seen.access_key_id
            .as_ref()
            .is_some_and(|akid| keys.iter().any(|(k, until)| k == akid && now < *until))
    };
    if signed_by(&s.denied_keys) {
        let code = if seen.service == Service::S3 {
            "InvalidAccessKeyId"
        } else {
            "InvalidClientTokenId"
        };
        return Decision::Refuse(replies::error(head, seen.service, 403, code), s.delay);
    }
    if signed_by(&s.forbidden_keys) {
        let answer = replies::error(head, seen.service, 403, "AccessDenied");
        return Decision::Refuse(answer, s.delay);
    }
    let mut fired = None;
    for rule in s.rules.iter_mut() {
        if rule.op.as_deref().is_some_and(|o| o != seen.op) {
            continue;
        }
        if rule.skip > 0 {
            rule.skip -= 1;
            continue;
        }
        if rule.remaining > 0 {
            rule.remaining -= 1;
            fired = Some(rule.action.clone());
            break;
        }
    }
    s.rules.retain(|r| r.remaining > 0);
    match fired {
        Some(Action::Fail { status, code }) => {
            Decision::Answer(replies::error(head, seen.service, status, &code))
        }
        Some(Action::Answer { status, body }) => Decision::Answer(replies::scripted(status, &body)),
        Some(Action::Cut) => {
            s.down = true;
            Decision::Close
        }
        Some(Action::Withhold) => Decision::Withhold,
        None => Decision::Forward(s.delay),
    }
}

/// A key moto just created (its `CreateAccessKey` answer) starts its propagation window, if
/// one is set.
pub fn new_key(state: &Mutex<State>, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    let Some((_, rest)) = text.split_once("<AccessKeyId>") else {
        return;
    };
    let Some((akid, _)) = rest.split_once("</AccessKeyId>") else {
        return;
    };
    let mut s = lock(state);
    if let Some((unknown, denied)) = s.propagation {
        let now = Instant::now();
        s.denied_keys.push((akid.to_string(), now + unknown));
        s.forbidden_keys
            .push((akid.to_string(), now + unknown + denied));
    }
}
