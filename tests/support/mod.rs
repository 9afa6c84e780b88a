//! Shared fixtures for the integration tests: a fresh moto server per test, with IAM enforcement
//! on and an admin key bootstrapped (see `braze_s3::sandbox`). Each test gets its own server on
//! its own port, so tests never see each other's users or buckets.
#![allow(dead_code)] // each test binary uses a different subset
#![allow(clippy::panic)] // a fixture that cannot start fails its test by panicking

pub mod cli;
pub mod iam;
pub mod profile;
pub mod proxy;

use std::ffi::OsString;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use braze_s3::aws::clients::{ClientOptions, Clients, StaticCredentials};
use braze_s3::engine::{Engine, EngineOptions};
use braze_s3::sandbox::{Sandbox, SandboxOptions};

/// Options for test servers: install notes and the start-up time go to stderr (shown on failure).
pub fn sandbox_options() -> SandboxOptions {
    SandboxOptions {
        on_note: Some(Arc::new(|note: &str| eprintln!("sandbox: {note}"))),
        ..SandboxOptions::default()
    }
}

/// Starts a moto server on a free port and bootstraps its admin; panics with the reason if not.
pub async fn sandbox() -> Sandbox {
    let started = Instant::now();
    let sandbox = Sandbox::start(&sandbox_options())
        .await
        .unwrap_or_else(|e| panic!("could not start the sandbox: {e}"));
    eprintln!(
        "sandbox: {} ready in {:?}",
        sandbox.endpoint,
        started.elapsed()
    );
    sandbox
}

/// Clients acting as the sandbox admin.
pub async fn admin_clients(sandbox: &Sandbox) -> Clients {
    clients_as(sandbox, &sandbox.admin).await
}

/// Clients acting as `creds` against the sandbox.
pub async fn clients_as(sandbox: &Sandbox, creds: &StaticCredentials) -> Clients {
    Clients::new(&ClientOptions {
        profile: None,
        region: Some(sandbox.region.clone()),
        endpoint_url: Some(sandbox.endpoint.clone()),
        static_credentials: Some(creds.clone()),
    })
    .await
}

/// An engine acting as `creds` against `endpoint` (the sandbox itself, or a proxy in front of
/// it), keeping its profiles and journals in `config`.
pub async fn engine(
    endpoint: &str,
    region: &str,
    creds: &StaticCredentials,
    config: &Path,
) -> Engine {
    Engine::start(
        EngineOptions {
            endpoint_url: Some(endpoint.to_string()),
            region: Some(region.to_string()),
            credentials: Some(creds.clone()),
            config_dir: Some(config.to_path_buf()),
            propagation_timeout: Duration::from_secs(30),
            ..EngineOptions::default()
        },
        Arc::new(|_: &str| {}),
    )
    .await
    .unwrap_or_else(|e| panic!("could not start the engine: {e}"))
}

/// A clean environment for the binary, to set after `env_clear()`: only PATH, a private HOME
/// (so logs and caches stay in `home`), profiles in `config`, and no instance metadata.
pub fn clean_env(home: &Path, config: &Path) -> [(&'static str, OsString); 6] {
    [
        ("PATH", std::env::var_os("PATH").unwrap_or_default()),
        ("HOME", home.into()),
        ("XDG_CACHE_HOME", home.join("cache").into()),
        ("XDG_CONFIG_HOME", home.join("xdg-config").into()),
        ("BRAZE_S3_CONFIG_DIR", config.into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
    ]
}

/// The environment that makes `creds` the binary's AWS caller.
pub fn key_env(creds: &StaticCredentials) -> [(&'static str, String); 2] {
    use secrecy::ExposeSecret;
    [
        ("AWS_ACCESS_KEY_ID", creds.access_key_id.clone()),
        (
            "AWS_SECRET_ACCESS_KEY",
            creds.secret_access_key.expose_secret().to_string(),
        ),
    ]
}

/// The real binary with a clean environment (`clean_env`) and the sandbox admin's key,
/// talking to `endpoint` (the sandbox, or a proxy in front of it) in us-east-1.
pub fn binary(
    home: &Path,
    config: &Path,
    endpoint: &str,
    admin: &StaticCredentials,
) -> tokio::process::Command {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_braze-s3"));
    c.env_clear()
        .envs(clean_env(home, config))
        .envs(key_env(admin))
        .args(["--endpoint-url", endpoint, "--region", "us-east-1"])
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    c
}
