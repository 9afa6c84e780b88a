//! Private files: a 0700 directory, 0600 files written atomically, and a refusal to read a
//! file others can read (as ssh refuses a readable private key).
//!
//! Nothing here can be redirected: a symbolic link is never followed for a write or a chmod.
//! Files are written through a temporary file created exclusively (`O_EXCL`, random name) in
//! the same directory and renamed over the target; append-only files are opened `O_NOFOLLOW`;
//! a private directory that is a symbolic link is refused rather than chmod-ed through (its
//! target may be shared), so `--config-dir` must name a real directory.

use std::fs::{self, File, OpenOptions};
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
    #[error(
        "{path} is a symbolic link; braze-s3 keeps secrets there, so point --config-dir at a real directory"
    )]
    LinkedDir { path: PathBuf },
    #[error(
        "{path} is a symbolic link; braze-s3 writes only its own regular files there: remove the link and try again"
    )]
    LinkedFile { path: PathBuf },
}

pub fn io_error(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        path,
        action,
        source,
    }
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Creates `dir` (and parents) as 0700; tightens an existing one that others can enter.
/// A symbolic link is refused, never chmod-ed through.
pub fn private_dir(dir: &Path) -> Result<(), StoreError> {
    let linked = || StoreError::LinkedDir {
        path: dir.to_path_buf(),
    };
    if is_link(dir) {
        return Err(linked());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_error(dir, "creating the directory"))?;
    // The mode is read and set on the directory opened without following a link.
    let handle = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
        .open(dir)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => linked(),
            _ => io_error(dir, "opening the directory")(e),
        })?;
    let meta = handle
        .metadata()
        .map_err(io_error(dir, "reading the directory"))?;
    if meta.permissions().mode() & 0o077 != 0 {
        handle
            .set_permissions(fs::Permissions::from_mode(0o700))
            .map_err(io_error(dir, "restricting the directory to its owner"))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` as a 0600 file, atomically: a temporary file created exclusively
/// in the same directory (a planted link cannot catch it), fsync, rename, fsync the directory.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".braze-s3-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(io_error(dir, "creating a temporary file in"))?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_error(tmp.path(), "restricting"))?;
    tmp.write_all(bytes)
        .map_err(io_error(tmp.path(), "writing"))?;
    tmp.as_file()
        .sync_all()
        .map_err(io_error(tmp.path(), "syncing"))?;
    tmp.persist(path)
        .map_err(|e| io_error(path, "replacing")(e.error))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir, "syncing the directory"))
}

/// Opens `path` for appending, creating it 0600 (and tightening an existing one); a symbolic
/// link there is refused, not followed.
pub fn open_private_append(path: &Path) -> Result<File, StoreError> {
    let linked = || StoreError::LinkedFile {
        path: path.to_path_buf(),
    };
    if is_link(path) {
        return Err(linked());
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => linked(),
            _ => io_error(path, "opening")(e),
        })?;
    let meta = file.metadata().map_err(io_error(path, "reading"))?;
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io_error(path, "restricting"))?;
    }
    Ok(file)
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
