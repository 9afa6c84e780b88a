//! The proxy's two sides on hyper: a server for the tool (one request per connection) and a
//! client connection to moto for each request it forwards.

use std::io;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Bytes, Incoming};
use hyper::header::HeaderMap;
use hyper::server::conn::http1 as server;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::rules::{self, Decision, State, lock};
use super::{MAX_CONNECTIONS, Seen};

const MAX_BODY: usize = 16 * 1024 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(30);

type Reply = Response<Full<Bytes>>;

/// Headers about one hop's connection, not the message: never passed on.
const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "expect",
    "transfer-encoding",
    "te",
    "upgrade",
];

fn strip_hop_by_hop(headers: &mut HeaderMap) {
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
}

/// Accepts connections until aborted; aborting it aborts every connection it holds.
pub async fn accept_loop(listener: TcpListener, upstream: String, state: Arc<Mutex<State>>) {
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
        if lock(&state).down {
            // Dropping the stream closes it: "connection refused" as near as TCP allows.
            continue;
        }
        let upstream = upstream.clone();
        let state = state.clone();
        let service = service_fn(move |req| {
            let (upstream, state) = (upstream.clone(), state.clone());
            async move { handle(req, &upstream, &state).await }
        });
        conns.spawn(async move {
            let _permit = permit;
            let _ = server::Builder::new()
                .keep_alive(false)
                .timer(TokioTimer::new())
                .header_read_timeout(READ_TIMEOUT)
                .serve_connection(TokioIo::new(client), service)
                .await;
        });
    }
}

/// A request's [`Seen`], recorded however its handling ends: hyper drops the handler when the
/// client hangs up.
struct Record<'a> {
    state: &'a Mutex<State>,
    seen: Seen,
}

impl Drop for Record<'_> {
    fn drop(&mut self) {
        lock(self.state).seen.push(self.seen.clone());
    }
}

impl Deref for Record<'_> {
    type Target = Seen;
    fn deref(&self) -> &Seen {
        &self.seen
    }
}

impl DerefMut for Record<'_> {
    fn deref_mut(&mut self) -> &mut Seen {
        &mut self.seen
    }
}

/// Reads a body whole, within the size and time limits.
async fn read_body<B>(body: B) -> io::Result<Bytes>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let collected = tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect())
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "body read timed out"))?
        .map_err(io::Error::other)?;
    Ok(collected.to_bytes())
}

/// Answers one request: a fault, or moto's answer. An `Err` closes the connection unanswered.
async fn handle(req: Request<Incoming>, upstream: &str, state: &Mutex<State>) -> io::Result<Reply> {
    let (parts, body) = req.into_parts();
    let body = read_body(body).await?;
    let mut seen = Record {
        state,
        seen: rules::identify(&parts, &body),
    };
    let head = parts.method == Method::HEAD;
    let (delay, withhold) = match rules::decide(state, head, &seen) {
        Decision::Close => return Err(io::ErrorKind::ConnectionAborted.into()),
        Decision::Answer(reply) => {
            seen.status = Some(reply.status().as_u16());
            return Ok(reply);
        }
        Decision::Refuse(reply, delay) => {
            seen.status = Some(reply.status().as_u16());
            tokio::time::sleep(delay).await;
            return Ok(reply);
        }
        Decision::Forward(delay) => (delay, false),
        Decision::Withhold => (Duration::ZERO, true),
    };
    if !delay.is_zero() {
        // Held here, a request whose client hangs up never reaches moto (hyper drops us).
        tokio::time::sleep(delay).await;
        if lock(state).down {
            return Err(io::ErrorKind::ConnectionAborted.into());
        }
    }
    let mut to_moto = Request::from_parts(parts, Full::new(body));
    strip_hop_by_hop(to_moto.headers_mut());
    let reply = forward(upstream, to_moto).await?;
    let status = reply.status();
    seen.status = Some(status.as_u16());
    seen.forwarded = true;
    if withhold {
        // Moto has acted; the client never hears of it. Hold on until it hangs up.
        seen.withheld = true;
        drop(seen);
        return std::future::pending().await;
    }
    let created_key = seen.op == "CreateAccessKey" && status == StatusCode::OK;
    drop(seen);
    if created_key {
        rules::new_key(state, reply.body());
    }
    let (mut parts, body) = reply.into_parts();
    strip_hop_by_hop(&mut parts.headers);
    Ok(Response::from_parts(parts, Full::new(body)))
}

/// Sends `req` to moto on a connection of its own; its answer, read whole.
async fn forward(upstream: &str, req: Request<Full<Bytes>>) -> io::Result<Response<Bytes>> {
    let stream = TcpStream::connect(upstream).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(io::Error::other)?;
    // Drives the connection; dropped (and so aborted) with this future.
    let mut driver = JoinSet::new();
    driver.spawn(conn);
    let answer = sender.send_request(req).await.map_err(io::Error::other)?;
    let (parts, body) = answer.into_parts();
    Ok(Response::from_parts(parts, read_body(body).await?))
}
