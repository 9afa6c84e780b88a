//! Finding `moto_server` and the Python to run it: on PATH, or in a venv in the user's cache
//! directory that moto is installed into once.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use super::{Launcher, SandboxError, SandboxOptions};

#[cfg(windows)]
const PYTHON: &str = "python.exe";
#[cfg(not(windows))]
const PYTHON: &str = "python3";
#[cfg(windows)]
const MOTO_SERVER: &str = "moto_server.exe";
#[cfg(not(windows))]
const MOTO_SERVER: &str = "moto_server";

/// What the venv gets: the major version the sandbox was checked against (see TESTING.md).
const MOTO_REQUIREMENT: &str = "moto[server]>=5.2,<6";

/// Serialises venv installs within this process (parallel tests would otherwise race).
static INSTALL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub(super) async fn find_or_install(opts: &SandboxOptions) -> Result<Launcher, SandboxError> {
    if let (Some(moto_server), Some(python)) = (on_path(MOTO_SERVER), on_path(PYTHON)) {
        return Ok(Launcher {
            python,
            moto_server,
        });
    }
    let dir = match &opts.venv_dir {
        Some(dir) => dir.clone(),
        None => directories::ProjectDirs::from("", "", "braze-s3")
            .ok_or(SandboxError::NoCacheDir)?
            .cache_dir()
            .join("moto-venv"),
    };
    let _one_at_a_time = INSTALL.lock().await;
    let venv = venv_launcher(&dir);
    if venv.moto_server.is_file() && venv.python.is_file() {
        return Ok(venv);
    }
    let python = on_path(PYTHON).ok_or(SandboxError::PythonMissing)?;
    let note = |text: &str| opts.on_note.as_ref().map(|f| f(text));
    note(&format!(
        "moto_server is not on PATH: installing moto[server] into {} (about a minute, only once)",
        dir.display()
    ));
    run(
        &dir,
        tokio::process::Command::new(python)
            .args(["-m", "venv"])
            .arg(&dir),
    )
    .await?;
    let pip = [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ];
    run(
        &dir,
        tokio::process::Command::new(&venv.python)
            .args(pip)
            .arg(MOTO_REQUIREMENT),
    )
    .await?;
    if !venv.moto_server.is_file() {
        return Err(SandboxError::Install {
            dir,
            detail: "pip finished but installed no moto_server".to_owned(),
        });
    }
    note("moto installed");
    Ok(venv)
}

fn venv_launcher(dir: &Path) -> Launcher {
    let bin = dir.join(if cfg!(windows) { "Scripts" } else { "bin" });
    Launcher {
        python: bin.join(if cfg!(windows) {
            "python.exe"
        } else {
            "python"
        }),
        moto_server: bin.join(MOTO_SERVER),
    }
}

/// Runs an install step; on failure keeps the tail of its stderr for the error message.
async fn run(dir: &Path, cmd: &mut tokio::process::Command) -> Result<(), SandboxError> {
    let failed = |detail: String| SandboxError::Install {
        dir: dir.to_owned(),
        detail,
    };
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .await
        .map_err(|e| failed(e.to_string()))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.trim_end().lines().rev().take(3).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(failed(format!("{} ({})", tail.join(" / "), out.status)))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
