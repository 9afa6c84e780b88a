//! A loopback HTTP proxy between the tool and moto that injects faults on command.
//!
//! Point the tool at [`Proxy::url`] instead of the sandbox endpoint; every request is read whole
//! (HTTP/1.1, `Content-Length` or chunked body), looked at, and then forwarded to moto — or
//! answered with a fault. The faults are switched at runtime from the test through shared state:
//!
//! - [`Proxy::set_down`]: accept and close every connection at once (the endpoint is gone);
//! - [`Proxy::delay`]: hold each request this long before forwarding it; a request whose client
//!   hangs up meanwhile (e.g. it was SIGKILLed) is dropped, never forwarded;
//! - [`Proxy::fail`] / [`Proxy::fail_on`]: answer the next N requests (of one operation) with an
//!   HTTP error carrying an AWS error code (`SlowDown`, `InternalError`…) in the body shape of the
//!   service asked (S3's `<Error>`, IAM/STS's `<ErrorResponse>`);
//! - [`Proxy::answer_on`]: answer the next N requests of one operation with a scripted response
//!   (e.g. a `SimulatePrincipalPolicy` result moto does not implement), never asking moto;
//! - [`Proxy::cut_after`] / [`Proxy::cut_on`]: forward N more requests (or up to an operation),
//!   then close that connection without an answer and go down;
//! - [`Proxy::withhold_on`]: forward the first request of an operation to moto, so AWS acts,
//!   and then withhold moto's answer until the client hangs up — the window in which a process
//!   killed "exactly after AWS acted" never learns what it created;
//! - [`Proxy::deny_key`]: every request signed with that access key ID answers 403
//!   `InvalidAccessKeyId` (S3) or `InvalidClientTokenId` (IAM/STS) until a deadline — a new key
//!   that AWS does not know yet;
//! - [`Proxy::forbid_key`]: every request signed with that key answers 403 `AccessDenied` until
//!   a deadline — a key AWS knows whose permissions are still propagating;
//! - [`Proxy::propagate_new_keys`]: every key moto creates from now on (read from the
//!   `CreateAccessKey` answer) is unknown for a while and then denied for a while, as AWS does.
//!
//! The [`Proxy::delay`] holds answers to denied keys too, so every request costs the latency.
//!
//! Toward the client every answer carries `Connection: close`, so one connection is one request.
//! Bounded: at most [`MAX_CONNECTIONS`] at once, heads of at most 64 KiB, bodies of at most
//! 16 MiB, 30 s to read a request. Dropping the proxy stops it and every connection it holds.

#![allow(dead_code)] // each test binary uses a different subset

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub const MAX_CONNECTIONS: usize = 64;
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Which protocol a request speaks, from its SigV4 credential scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    S3,
    Iam,
    Sts,
    Other,
}

/// One request as the proxy saw it and what it did with it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// When the proxy decided what to do with it (denied keys compare their deadline to this).
    pub at: Instant,
    /// `CreateUser`, `PutObject`, `HeadBucket`… (IAM/STS: the `Action`; S3: from method + URL).
    pub op: String,
    pub service: Service,
    pub access_key_id: Option<String>,
    /// The status sent back; `None` when the connection was closed without an answer.
    pub status: Option<u16>,
    /// True when moto answered, false when the proxy did (a fault) or nobody did.
    pub forwarded: bool,
    /// Moto answered, and the proxy kept the answer from the client.
    pub withheld: bool,
}

#[derive(Debug, Clone)]
enum Action {
    Fail { status: u16, code: String },
    Answer { status: u16, body: String },
    Cut,
    Withhold,
}

#[derive(Debug, Clone)]
struct Rule {
    /// Only requests of this operation; `None`: any.
    op: Option<String>,
    /// Requests of that operation to let through before the rule acts.
    skip: u32,
    remaining: u32,
    action: Action,
}

#[derive(Debug, Default)]
struct State {
    down: bool,
    delay: Duration,
    rules: VecDeque<Rule>,
    denied_keys: Vec<(String, Instant)>,
    forbidden_keys: Vec<(String, Instant)>,
    /// How long a key moto creates stays unknown, then denied.
    propagation: Option<(Duration, Duration)>,
    seen: Vec<Seen>,
}

/// See the module docs. Cheap handle; the proxy runs until dropped.
pub struct Proxy {
    pub url: String,
    pub port: u16,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // The accept loop owns every connection task (a JoinSet): aborting it aborts them all.
        self.task.abort();
    }
}

impl Proxy {
    /// Starts a proxy on a free loopback port forwarding to `upstream` (`http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("proxy: cannot listen on loopback: {e}"));
        let port = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("proxy: no local address: {e}"))
            .port();
        let upstream_addr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let state = Arc::new(Mutex::new(State::default()));
        let task = tokio::spawn(accept_loop(listener, upstream_addr, state.clone()));
        Proxy {
            url: format!("http://127.0.0.1:{port}"),
            port,
            state,
            task,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The endpoint disappears (`true`) or comes back (`false`).
    pub fn set_down(&self, down: bool) {
        self.state().down = down;
    }

    /// Holds every request this long before forwarding it.
    pub fn delay(&self, delay: Duration) {
        self.state().delay = delay;
    }

    /// The next `n` requests (any operation) get HTTP `status` with AWS error `code`.
    pub fn fail(&self, n: u32, status: u16, code: &str) {
        self.push(
            None,
            0,
            n,
            Action::Fail {
                status,
                code: code.into(),
            },
        );
    }

    /// The next `n` requests of operation `op` get HTTP `status` with AWS error `code`.
    pub fn fail_on(&self, op: &str, n: u32, status: u16, code: &str) {
        self.push(
            Some(op),
            0,
            n,
            Action::Fail {
                status,
                code: code.into(),
            },
        );
    }

    /// The next `n` requests of operation `op` get HTTP `status` with this XML `body`.
    pub fn answer_on(&self, op: &str, n: u32, status: u16, body: &str) {
        self.push(
            Some(op),
            0,
            n,
            Action::Answer {
                status,
                body: body.into(),
            },
        );
    }

    /// Forwards `n` more requests, then closes the next one without an answer and goes down.
    pub fn cut_after(&self, n: u32) {
        self.push(None, n, 1, Action::Cut);
    }

    /// Closes the first request of `op` without an answer (it never reaches moto) and goes down.
    pub fn cut_on(&self, op: &str) {
        self.push(Some(op), 0, 1, Action::Cut);
    }

    /// The first request of `op` reaches moto, but its answer never reaches the client.
    pub fn withhold_on(&self, op: &str) {
        self.push(Some(op), 0, 1, Action::Withhold);
    }

    /// True once moto has carried out a request of `op` whose answer was withheld.
    pub fn withheld(&self, op: &str) -> bool {
        self.state().seen.iter().any(|s| s.withheld && s.op == op)
    }

    /// Requests signed by `access_key_id` answer "unknown key" until `until`.
    pub fn deny_key(&self, access_key_id: &str, until: Instant) {
        let mut s = self.state();
        s.denied_keys.retain(|(k, _)| k != access_key_id);
        s.denied_keys.push((access_key_id.to_string(), until));
    }

    /// Requests signed by `access_key_id` answer `AccessDenied` until `until`.
    pub fn forbid_key(&self, access_key_id: &str, until: Instant) {
        let mut s = self.state();
        s.forbidden_keys.retain(|(k, _)| k != access_key_id);
        s.forbidden_keys.push((access_key_id.to_string(), until));
    }

    /// Every access key moto creates from now on is unknown for `unknown` after the proxy
    /// passes on the `CreateAccessKey` answer, then denied for `denied` more.
    pub fn propagate_new_keys(&self, unknown: Duration, denied: Duration) {
        self.state().propagation = Some((unknown, denied));
    }

    /// Back to a plain pass-through: up, no delay, no pending faults, no denied keys.
    pub fn restore(&self) {
        let mut s = self.state();
        s.down = false;
        s.delay = Duration::ZERO;
        s.rules.clear();
        s.denied_keys.clear();
        s.forbidden_keys.clear();
        s.propagation = None;
    }

    fn push(&self, op: Option<&str>, skip: u32, n: u32, action: Action) {
        self.state().rules.push_back(Rule {
            op: op.map(str::to_string),
            skip,
            remaining: n,
            action,
        });
    }

    /// Every request seen so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.state().seen.clone()
    }

    /// The operations seen so far, oldest first, e.g. `["GetCallerIdentity", "HeadBucket", …]`.
    pub fn ops(&self) -> Vec<String> {
        self.state().seen.iter().map(|s| s.op.clone()).collect()
    }

    pub fn is_down(&self) -> bool {
        self.state().down
    }
}

async fn accept_loop(listener: TcpListener, upstream: String, state: Arc<Mutex<State>>) {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut conns = JoinSet::new();
    loop {
        while conns.try_join_next().is_some() {}
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return;
        };
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        let upstream = upstream.clone();
        let state = state.clone();
        conns.spawn(async move {
            let _permit = permit;
            let _ = handle(client, &upstream, &state).await;
        });
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

/// A request read whole: its head (as bytes and parsed) and its body.
struct Request {
    head: Vec<u8>,
    method: String,
    target: String,
    headers: Headers,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Access key ID and service from `Credential=AKID/date/region/service/aws4_request`.
    fn credential(&self) -> (Option<String>, Service) {
        let Some(auth) = self.header("authorization") else {
            return (None, Service::Other);
        };
        let Some(start) = auth.find("Credential=") else {
            return (None, Service::Other);
        };
        let scope = &auth[start + "Credential=".len()..];
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

    fn op(&self, service: Service) -> String {
        match service {
            Service::Iam | Service::Sts => form_value(&self.body, "Action")
                .or_else(|| query_value(&self.target, "Action"))
                .unwrap_or_else(|| format!("{} {}", self.method, self.target)),
            _ => s3_op(&self.method, &self.target),
        }
    }
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn read_more(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 16 * 1024];
    let n = tokio::time::timeout(READ_TIMEOUT, s.read(&mut chunk))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "read timed out"))??;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn too_big(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{what} too large"))
}

/// Reads a head up to the blank line; `None` if the peer closed first. Returns the head's
/// length; bytes after it (the body's start) stay in `buf`.
async fn read_head(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<Option<usize>> {
    loop {
        if let Some(pos) = find(buf, b"\r\n\r\n") {
            return Ok(Some(pos + 4));
        }
        if buf.len() > MAX_HEAD {
            return Err(too_big("head"));
        }
        if read_more(s, buf).await? == 0 {
            return Ok(None);
        }
    }
}

/// Header names and values, in order.
type Headers = Vec<(String, String)>;

fn parse_head(head: &[u8]) -> io::Result<(String, String, Headers)> {
    let text = std::str::from_utf8(head)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok((method, target, headers))
}

/// Length of a complete chunked body at the start of `buf`, if it is all there.
fn chunked_len(buf: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let line_end = at + find(&buf[at..], b"\r\n")?;
        let size_text = std::str::from_utf8(&buf[at..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            // Trailers (none, usually) up to an empty line.
            let end = find(&buf[at..], b"\r\n")?;
            if end == 0 {
                return Some(at + 2);
            }
            let rest = at + find(&buf[at..], b"\r\n\r\n")?;
            return Some(rest + 4);
        }
        at += size + 2;
        if at > buf.len() {
            return None;
        }
    }
}

async fn read_request(s: &mut TcpStream) -> io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let Some(head_len) = read_head(s, &mut buf).await? else {
        return Ok(None);
    };
    let head = buf[..head_len].to_vec();
    let (method, target, headers) = parse_head(&head)?;
    let mut req = Request {
        head,
        method,
        target,
        headers,
        body: buf[head_len..].to_vec(),
    };
    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        loop {
            if let Some(len) = chunked_len(&req.body) {
                req.body.truncate(len);
                break;
            }
            if req.body.len() > MAX_BODY {
                return Err(too_big("body"));
            }
            if read_more(s, &mut req.body).await? == 0 {
                return Ok(None);
            }
        }
    } else {
        let len: usize = req
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if len > MAX_BODY {
            return Err(too_big("body"));
        }
        while req.body.len() < len {
            if read_more(s, &mut req.body).await? == 0 {
                return Ok(None);
            }
        }
        req.body.truncate(len);
    }
    Ok(Some(req))
}

/// The head again, with `Connection: close` and without `Expect` (the body is already here).
fn rewrite_head(head: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(head);
    let mut out = String::with_capacity(text.len() + 20);
    for (i, line) in text.trim_end_matches("\r\n").split("\r\n").enumerate() {
        let name = line.split(':').next().unwrap_or_default().trim();
        if i > 0
            && (name.eq_ignore_ascii_case("connection")
                || name.eq_ignore_ascii_case("keep-alive")
                || name.eq_ignore_ascii_case("expect"))
        {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    out.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

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

/// An AWS error answer in the shape the service's SDK parses.
fn error_answer(method: &str, service: Service, status: u16, code: &str) -> Vec<u8> {
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
                "<ErrorResponse xmlns=\"{ns}\"><Error><Type>{kind}</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>braze-s3-test-proxy</RequestId></ErrorResponse>",
                message_for(code)
            )
        }
        _ => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message><RequestId>braze-s3-test-proxy</RequestId></Error>",
            message_for(code)
        ),
    };
    let body = if method == "HEAD" {
        String::new()
    } else {
        body
    };
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nx-amz-request-id: braze-s3-test-proxy\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// A scripted answer with an XML body.
fn answer(status: u16, body: &str) -> Vec<u8> {
    let reason = if status == 200 { "OK" } else { reason(status) };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nx-amzn-RequestId: braze-s3-test-proxy\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

enum Decision {
    Forward(Duration),
    Answer(Vec<u8>, u16),
    /// A key's answer (unknown or denied), after the latency every request has.
    Refuse(Vec<u8>, u16, Duration),
    Close,
    Withhold,
}

fn decide(state: &Mutex<State>, req: &Request, seen: &Seen) -> Decision {
    let mut s = lock(state);
    if s.down {
        return Decision::Close;
    }
    let now = seen.at;
    if let Some(akid) = &seen.access_key_id
        && s.denied_keys
            .iter()
            .any(|(k, until)| k == akid && now < *until)
    {
        let code = if seen.service == Service::S3 {
            "InvalidAccessKeyId"
        } else {
            "InvalidClientTokenId"
        };
        let answer = error_answer(&req.method, seen.service, 403, code);
        return Decision::Refuse(answer, 403, s.delay);
    }
    if let Some(akid) = &seen.access_key_id
        && s.forbidden_keys
            .iter()
            .any(|(k, until)| k == akid && now < *until)
    {
        let answer = error_answer(&req.method, seen.service, 403, "AccessDenied");
        return Decision::Refuse(answer, 403, s.delay);
    }
    let op = seen.op.clone();
    let mut fired = None;
    for rule in s.rules.iter_mut() {
        if rule.op.as_deref().is_some_and(|o| o != op) {
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
        Some(Action::Fail { status, code }) => Decision::Answer(
            error_answer(&req.method, seen.service, status, &code),
            status,
        ),
        Some(Action::Answer { status, body }) => Decision::Answer(answer(status, &body), status),
        Some(Action::Cut) => {
            s.down = true;
            Decision::Close
        }
        Some(Action::Withhold) => Decision::Withhold,
        None => Decision::Forward(s.delay),
    }
}

/// A key moto just created starts its propagation window, if one is set.
fn new_key(state: &Mutex<State>, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    let Some(start) = text
        .find("<AccessKeyId>")
        .map(|i| i + "<AccessKeyId>".len())
    else {
        return;
    };
    let Some(len) = text[start..].find("</AccessKeyId>") else {
        return;
    };
    let akid = text[start..start + len].to_string();
    let mut s = lock(state);
    if let Some((unknown, denied)) = s.propagation {
        let now = Instant::now();
        s.denied_keys.push((akid.clone(), now + unknown));
        s.forbidden_keys.push((akid, now + unknown + denied));
    }
}

fn record(state: &Mutex<State>, seen: Seen) {
    lock(state).seen.push(seen);
}

async fn handle(mut client: TcpStream, upstream: &str, state: &Mutex<State>) -> io::Result<()> {
    if lock(state).down {
        return Ok(()); // dropping the stream closes it: "connection refused" as near as TCP allows
    }
    let Some(req) = read_request(&mut client).await? else {
        return Ok(());
    };
    let (access_key_id, service) = req.credential();
    let mut seen = Seen {
        at: Instant::now(),
        op: req.op(service),
        service,
        access_key_id,
        status: None,
        forwarded: false,
        withheld: false,
    };
    let mut withhold = false;
    let delay = match decide(state, &req, &seen) {
        Decision::Close => {
            record(state, seen);
            return Ok(());
        }
        Decision::Answer(bytes, status) => {
            seen.status = Some(status);
            record(state, seen);
            client.write_all(&bytes).await?;
            client.shutdown().await?;
            return Ok(());
        }
        Decision::Refuse(bytes, status, delay) => {
            tokio::time::sleep(delay).await;
            seen.status = Some(status);
            record(state, seen);
            client.write_all(&bytes).await?;
            client.shutdown().await?;
            return Ok(());
        }
        Decision::Forward(delay) => delay,
        Decision::Withhold => {
            withhold = true;
            Duration::ZERO
        }
    };
    if !delay.is_zero() {
        // Hold the request; if the client hangs up meanwhile, it never reaches moto.
        let mut probe = [0u8; 1];
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            r = client.read(&mut probe) => {
                if matches!(r, Ok(0) | Err(_)) {
                    record(state, seen);
                    return Ok(());
                }
            }
        }
        if lock(state).down {
            record(state, seen);
            return Ok(());
        }
    }
    let mut up = TcpStream::connect(upstream).await?;
    up.write_all(&rewrite_head(&req.head)).await?;
    up.write_all(&req.body).await?;
    let mut buf = Vec::new();
    let Some(head_len) = read_head(&mut up, &mut buf).await? else {
        record(state, seen);
        return Ok(());
    };
    let status = std::str::from_utf8(&buf[..head_len])
        .ok()
        .and_then(|h| h.split(' ').nth(1))
        .and_then(|s| s.parse().ok());
    seen.status = status;
    seen.forwarded = true;
    if withhold {
        // Moto has acted; the client never hears of it. Hold the connection until it hangs up.
        seen.withheld = true;
        record(state, seen);
        let mut sink = [0u8; 512];
        while !matches!(client.read(&mut sink).await, Ok(0) | Err(_)) {}
        return Ok(());
    }
    let created_key = seen.op == "CreateAccessKey" && status == Some(200);
    record(state, seen);
    client.write_all(&rewrite_head(&buf[..head_len])).await?;
    // The body: exactly Content-Length bytes when given (moto may keep the connection open),
    // none for HEAD, else whatever comes until moto closes.
    let (_, _, headers) = parse_head(&buf[..head_len])?;
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut body = buf.split_off(head_len);
    match length {
        _ if req.method == "HEAD" || matches!(status, Some(204 | 304)) => {}
        Some(len) => {
            while body.len() < len {
                if read_more(&mut up, &mut body).await? == 0 {
                    break;
                }
            }
            body.truncate(len);
            if created_key {
                new_key(state, &body);
            }
            client.write_all(&body).await?;
        }
        None => {
            client.write_all(&body).await?;
            tokio::io::copy(&mut up, &mut client).await?;
        }
    }
    client.shutdown().await?;
    Ok(())
}
