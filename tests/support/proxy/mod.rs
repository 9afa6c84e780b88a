//! A loopback HTTP proxy between the tool and moto that injects faults on command.
//!
//! Point the tool at [`Proxy::url`] instead of the sandbox endpoint; every request is read whole
//! (hyper, HTTP/1.1), looked at (`rules`), and then forwarded to moto (`server`) — or answered
//! with a fault (`replies`). The faults are switched at runtime from the test through shared state:
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
//! Bounded: at most [`MAX_CONNECTIONS`] at once, bodies of at most 16 MiB, 30 s to read a
//! request's head and as long for its body. Dropping the proxy stops it and every connection it holds.

#![allow(dead_code)] // each test binary uses a different subset

mod replies;
mod rules;
mod server;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;

use rules::{Action, Rule, State};

pub const MAX_CONNECTIONS: usize = 64;

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
        let task = tokio::spawn(server::accept_loop(listener, upstream_addr, state.clone()));
        Proxy {
            url: format!("http://127.0.0.1:{port}"),
            port,
            state,
            task,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        rules::lock(&self.state)
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
