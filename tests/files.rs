//! Files cannot be redirected (issue 9, item 9): a symlink planted at a temporary name or at
//! the journal is never followed, a symlinked config directory is refused without touching its
//! target, and the log (0600) and its cache directory (0700) are private whatever the umask.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use braze_s3::domain::names::ConnectorName;
use braze_s3::store::journal::Journal;
use braze_s3::store::profile::{ConnectorProfile, ProfileStore};

mod support;

const SECRET: &str = "s3cr3t-planted-symlink-value";

fn profile() -> ConnectorProfile {
    support::profile::connector("acme-braze", None, SECRET)
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// A file outside the config directory that a planted link points at.
fn bait(dir: &Path) -> std::path::PathBuf {
    let outside = dir.join("outside.txt");
    std::fs::write(&outside, "original").unwrap();
    outside
}

#[test]
fn files_cannot_be_redirected_by_a_symlink_at_the_temporary_name() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let store = ProfileStore::open(Some(&config), false).unwrap();
    let outside = bait(tmp.path());
    // The name the profile's temporary file had: `NAME.tmp` beside `NAME.json`.
    symlink(&outside, config.join("acme-braze.tmp")).unwrap();

    let path = store.save(&profile()).unwrap();

    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "original");
    let meta = std::fs::symlink_metadata(&path).unwrap();
    assert!(meta.file_type().is_file(), "the profile is a regular file");
    assert_eq!(mode(&path), 0o600);
    assert!(std::fs::read_to_string(&path).unwrap().contains(SECRET));
    let leftovers: Vec<_> = std::fs::read_dir(&config)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "acme-braze.json" && n != "acme-braze.tmp")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
}

#[test]
fn files_cannot_be_redirected_by_a_symlink_at_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let store = ProfileStore::open(Some(&config), false).unwrap();
    let outside = bait(tmp.path());
    std::fs::create_dir_all(config.join("journals")).unwrap();
    symlink(&outside, config.join("journals/acme-braze.jsonl")).unwrap();

    let name = ConnectorName::parse("acme-braze").unwrap();
    let refused = Journal::open(store.dir(), &name).expect_err("refused");
    let message = refused.to_string();
    assert!(
        message.contains("acme-braze.jsonl") && message.contains("symbolic link"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "original");
}

#[test]
fn files_cannot_be_redirected_by_a_symlinked_config_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("shared");
    std::fs::create_dir(&target).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755)).unwrap();
    let link = tmp.path().join("config");
    symlink(&target, &link).unwrap();

    let refused = ProfileStore::open(Some(&link), false)
        .err()
        .expect("refused");
    let message = refused.to_string();
    assert!(
        message.contains("is a symbolic link")
            && message.contains("point --config-dir at a real directory"),
        "{message}"
    );
    assert_eq!(mode(&target), 0o755, "the link's target was not chmod-ed");
}

/// The binary under `umask 000`: the log is still 0600 and its directory 0700.
#[test]
fn files_cannot_be_redirected_the_log_is_private_whatever_the_umask() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("sh")
        .args(["-c", "umask 000 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_braze-s3"))
        .args([
            "policy",
            "--integration",
            "currents",
            "--bucket",
            "acme-braze",
        ])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("BRAZE_S3_CONFIG_DIR", home.path().join("config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = home.path().join("cache/braze-s3");
    assert_eq!(mode(&dir), 0o700, "the cache directory");
    assert_eq!(mode(&dir.join("braze-s3.log")), 0o600, "the log file");
}
