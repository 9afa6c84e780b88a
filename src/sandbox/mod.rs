//! A local AWS emulator (moto's server) for `--sandbox` and the integration tests.
//!
//! The server listens on a free loopback port with IAM enforcement on
//! (`INITIAL_NO_AUTH_ACTION_COUNT=3`); [`Sandbox::start`] spends those three unauthenticated
//! requests on an admin key. If `moto_server` is not on PATH, moto is installed once into a venv
//! in the user's cache directory.
//!
//! The server must never outlive us, not even when we are SIGKILLed or abort. So we do not run
//! `moto_server` directly but through [`WATCHDOG`], a few lines of Python that start it and stop it
//! as soon as their stdin reaches end-of-file. We hold the only write end of that pipe: the kernel
//! closes it however our process ends, and [`MotoServer`]'s `Drop` closes it on purpose.

mod install;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::aws::bootstrap::{BootstrapError, bootstrap_sandbox_admin};
use crate::aws::clients::StaticCredentials;
use install::find_or_install;

/// Starts `sys.argv[1:]` in its own process group and stops that group when stdin closes (or on
/// SIGTERM/SIGHUP); exits by itself, non-zero, if the server stops first.
pub const WATCHDOG: &str = include_str!("watchdog.py");

/// Receives a sentence for the person while a slow step (installing moto) is under way.
pub type NoteFn = Arc<dyn Fn(&str) + Send + Sync>;

/// How to start the sandbox. `Default` suits both the CLI and tests.
#[derive(Clone)]
pub struct SandboxOptions {
    /// The region the admin is bootstrapped in and clients should use.
    pub region: String,
    /// Where to create (or find) the moto venv; default: `<user cache dir>/moto-venv`.
    pub venv_dir: Option<PathBuf>,
    /// Where moto's output goes; default: discarded.
    pub log_file: Option<PathBuf>,
    /// How long to wait for the server to accept connections.
    pub ready_timeout: Duration,
    /// Told about slow steps, e.g. "installing moto…".
    pub on_note: Option<NoteFn>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            venv_dir: None,
            log_file: None,
            ready_timeout: Duration::from_secs(30),
            on_note: None,
        }
    }
}

impl fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("region", &self.region)
            .field("venv_dir", &self.venv_dir)
            .field("log_file", &self.log_file)
            .field("ready_timeout", &self.ready_timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the local sandbox needs Python 3: install it, or put `moto_server` on PATH")]
    PythonMissing,
    #[error("no user cache directory to install moto into; choose a venv directory explicitly")]
    NoCacheDir,
    #[error("could not install moto into {}: {detail}", dir.display())]
    Install { dir: PathBuf, detail: String },
    #[error("could not start the local sandbox ({what}): {source}")]
    Io {
        what: &'static str,
        source: io::Error,
    },
    #[error("the local sandbox (moto_server) stopped before it was ready ({status}){hint}")]
    Exited { status: String, hint: String },
    #[error("the local sandbox did not accept connections on port {port} within {timeout:?}")]
    NotReady { port: u16, timeout: Duration },
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
}

fn io_err(what: &'static str) -> impl FnOnce(io::Error) -> SandboxError {
    move |source| SandboxError::Io { what, source }
}

/// A running moto server; dropping it stops the server and waits for it to exit.
#[derive(Debug)]
pub struct MotoServer {
    watchdog: Child,
    /// The write end of the watchdog's stdin: closing it stops the server.
    lifeline: Option<ChildStdin>,
    port: u16,
}

impl MotoServer {
    /// Starts moto on a free loopback port and waits until it accepts TCP connections.
    pub async fn start(opts: &SandboxOptions) -> Result<MotoServer, SandboxError> {
        let launcher = find_or_install(opts).await?;
        let mut attempt = 1;
        loop {
            let mut server = spawn(&launcher, opts)?;
            match server.wait_ready(opts).await {
                // Another process may have taken the port between our probe and moto's bind.
                Err(SandboxError::Exited { .. }) if attempt < 3 => attempt += 1,
                Err(e) => return Err(e),
                Ok(()) => return Ok(server),
            }
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Polls with TCP connects only: an HTTP request would spend an unauthenticated action.
    async fn wait_ready(&mut self, opts: &SandboxOptions) -> Result<(), SandboxError> {
        let deadline = Instant::now() + opts.ready_timeout;
        loop {
            if let Some(status) = self.exit_status()? {
                let hint = match &opts.log_file {
                    Some(log) => format!("; see {}", log.display()),
                    None => String::new(),
                };
                return Err(SandboxError::Exited { status, hint });
            }
            if let Ok(stream) =
                tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).await
            {
                // With nobody listening yet, Linux can pick our port as the source port of the
                // probe and connect the socket to itself; that is not the server.
                if stream.local_addr().ok() != stream.peer_addr().ok() {
                    return Ok(());
                }
            }
            if Instant::now() >= deadline {
                return Err(SandboxError::NotReady {
                    port: self.port,
                    timeout: opts.ready_timeout,
                });
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    fn exit_status(&mut self) -> Result<Option<String>, SandboxError> {
        let status = self.watchdog.try_wait();
        let status = status.map_err(io_err("watching moto_server"))?;
        Ok(status.map(|s| s.to_string()))
    }
}

impl Drop for MotoServer {
    /// Blocks briefly: the watchdog gives moto 3 s to stop, then kills it.
    fn drop(&mut self) {
        drop(self.lifeline.take());
        let _ = self.watchdog.wait();
    }
}

/// The running sandbox: a server plus the admin key bootstrapped into it.
#[derive(Debug)]
pub struct Sandbox {
    pub server: MotoServer,
    pub admin: StaticCredentials,
    pub endpoint: String,
    pub region: String,
}

impl Sandbox {
    pub async fn start(opts: &SandboxOptions) -> Result<Sandbox, SandboxError> {
        let server = MotoServer::start(opts).await?;
        let endpoint = server.endpoint();
        let admin = bootstrap_sandbox_admin(&endpoint, &opts.region).await?;
        Ok(Sandbox {
            server,
            admin,
            endpoint,
            region: opts.region.clone(),
        })
    }
}

/// The Python that runs the watchdog and the `moto_server` it starts.
struct Launcher {
    python: PathBuf,
    moto_server: PathBuf,
}

fn spawn(launcher: &Launcher, opts: &SandboxOptions) -> Result<MotoServer, SandboxError> {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map_err(io_err("finding a free port"))?
        .port();
    let (stdout, stderr) = match &opts.log_file {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(io_err("creating the log file"))?;
            let copy = file.try_clone().map_err(io_err("creating the log file"))?;
            (Stdio::from(file), Stdio::from(copy))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let mut cmd = Command::new(&launcher.python);
    cmd.arg("-c")
        .arg(WATCHDOG)
        .arg(&launcher.moto_server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env("INITIAL_NO_AUTH_ACTION_COUNT", "3")
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(stderr);
    #[cfg(unix)]
    {
        // Keep a terminal's Ctrl-C away from the watchdog: our process decides when it stops.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut watchdog = cmd.spawn().map_err(io_err("running python"))?;
    let lifeline = watchdog.stdin.take();
    Ok(MotoServer {
        watchdog,
        lifeline,
        port,
    })
}
