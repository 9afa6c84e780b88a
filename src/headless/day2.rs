//! What the day-2 commands (`rotate`, `doctor`, `watch`) share: an engine that reaches the
//! endpoint a saved connector was made against.

use std::time::Duration;

use super::{Failure, engine_options, note_to_stderr};
use crate::cli::GlobalArgs;
use crate::engine::Engine;
use crate::store::profile::ConnectorProfile;

/// An engine for `profile`: its endpoint (a sandbox connector lives in the server it was made
/// in) and its bucket's region, with `wait` seconds of IAM propagation patience.
pub(super) async fn engine_for(
    global: &GlobalArgs,
    profile: &ConnectorProfile,
    wait: u64,
) -> Result<Engine, Failure> {
    let mut opts = engine_options(global);
    opts.sandbox = false;
    if opts.endpoint_url.is_none() {
        opts.endpoint_url = profile.endpoint_url.clone();
    }
    if profile.sandbox && global.endpoint_url.is_none() {
        let url = opts.endpoint_url.as_deref().unwrap_or("URL");
        eprintln!(
            "note: {} was made in the local sandbox at {url}; it can be reached only while that sandbox runs",
            profile.name
        );
    }
    opts.region = Some(profile.answers.region.to_string());
    opts.propagation_timeout = Duration::from_secs(wait);
    Ok(Engine::start(opts, note_to_stderr()).await?)
}

/// Seconds since the Unix epoch, now.
pub(super) fn epoch_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// An RFC 3339 time as seconds since the epoch.
pub(super) fn epoch_of(text: &str) -> Result<u64, Failure> {
    humantime::parse_rfc3339_weak(text)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .ok_or_else(|| {
            Failure::usage(vec![format!(
                "--at {text} is not a time like 2026-12-01T12:00:00Z"
            )])
        })
}

/// Seconds since the epoch as RFC 3339.
pub(super) fn rfc3339(secs: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}
