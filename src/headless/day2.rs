//! What the day-2 commands (`rotate`, `doctor`, `watch`) share: an engine that reaches the
//! endpoint a saved connector was made against.

use std::time::Duration;

use super::{Failure, note_to_stderr};
use crate::config::Global;
use crate::engine::Engine;
use crate::store::profile::ConnectorProfile;

/// An engine for `profile`: its endpoint (a sandbox connector lives in the server it was made
/// in) and its bucket's region, with `wait` of IAM propagation patience.
pub(super) async fn engine_for(
    global: &Global,
    profile: &ConnectorProfile,
    wait: Duration,
) -> Result<Engine, Failure> {
    let mut opts = global.engine(wait);
    opts.sandbox = false;
    if opts.endpoint_url.is_none() {
        opts.endpoint_url = profile.endpoint_url.clone();
    }
    if profile.sandbox && global.aws.endpoint_url.is_none() {
        let url = opts.endpoint_url.as_deref().unwrap_or("URL");
        eprintln!(
            "note: {} was made in the local sandbox at {url}; it can be reached only while that sandbox runs",
            profile.name
        );
    }
    opts.region = Some(profile.answers.region.to_string());
    Ok(Engine::start(opts, note_to_stderr()).await?)
}

/// Seconds since the Unix epoch, now.
pub(super) fn epoch_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// Seconds since the epoch as RFC 3339.
pub(super) fn rfc3339(secs: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}
