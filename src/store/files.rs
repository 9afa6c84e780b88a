//! Private files: a 0700 directory, 0600 files written atomically, and a refusal to read a
//! file others can read (as ssh refuses a readable private key).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {action} failed: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error(
        "{path} can be read by other users (mode {mode:03o}); it may hold a secret key, so it is not used: run `chmod 600 {path}`"
    )]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("{path}: not a valid {what}: {detail}; fix or remove the file")]
    Corrupt {
        path: PathBuf,
        what: &'static str,
        detail: String,
    },
    #[error("no connector named {name} in {dir}: see `braze-s3 connectors list`")]
    NotFound { name: String, dir: PathBuf },
    #[error(
        "{path} is in use by another braze-s3 run; wait for it to finish (or stop it) and try again"
    )]
    Locked { path: PathBuf },
}

pub fn io_error(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        path,
        action,
        source,
    }
}

/// Creates `dir` (and parents) as 0700; tightens an existing one that others can enter.
pub fn private_dir(dir: &Path) -> Result<(), StoreError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_error(dir, "creating the directory"))?;
    let meta = fs::metadata(dir).map_err(io_error(dir, "reading the directory"))?;
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(io_error(dir, "restricting the directory to its owner"))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` as a 0600 file, atomically (temp file + fsync + rename).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let tmp = path.with_extension("tmp");
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(io_error(&tmp, "creating"))?;
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_error(&tmp, "restricting"))?;
    file.write_all(bytes).map_err(io_error(&tmp, "writing"))?;
    file.sync_all().map_err(io_error(&tmp, "syncing"))?;
    fs::rename(&tmp, path).map_err(io_error(path, "replacing"))?;
    Ok(())
}

/// Reads a private file, refusing one that group or others can read or write.
pub fn read_private(path: &Path) -> Result<String, StoreError> {
    let meta = fs::metadata(path).map_err(io_error(path, "reading"))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(StoreError::TooOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    fs::read_to_string(path).map_err(io_error(path, "reading"))
}
