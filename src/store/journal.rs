//! The journal: every AWS resource a setup creates, appended and fsynced the moment it
//! exists, so an interrupted run can be resumed or undone and teardown deletes exactly what
//! the tool made — nothing it merely adopted.
//!
//! One JSON-lines file per connector under `journals/`, held with an exclusive file lock
//! while a run writes to it, so a second copy of the tool refuses instead of interleaving.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::{StoreError, io_error, open_private_append, private_dir, read_private};
use crate::domain::answers::Answers;
use crate::domain::names::{BucketName, ConnectorName, IamName, Region};

/// A resource the tool created (or a setting it changed), with what undoing it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resource", rename_all = "kebab-case")]
pub enum Created {
    Bucket {
        bucket: BucketName,
        region: Region,
    },
    Policy {
        arn: String,
    },
    /// A new default version of a policy that existed; undo restores `previous`.
    PolicyVersion {
        arn: String,
        version: String,
        previous: String,
    },
    User {
        user: IamName,
    },
    UserAttachment {
        user: IamName,
        arn: String,
    },
    AccessKey {
        user: IamName,
        id: String,
    },
    Role {
        role: IamName,
    },
    RoleAttachment {
        role: IamName,
        arn: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "kebab-case")]
pub enum Entry {
    Started {
        at: String,
        answers: Answers,
    },
    Created {
        at: String,
        created: Created,
    },
    /// A created resource was deleted again (teardown or undo).
    Removed {
        at: String,
        removed: Created,
    },
    Finished {
        at: String,
    },
}

/// A journal being written by this process; the lock is released on drop.
pub struct Journal {
    path: PathBuf,
    file: File,
}

fn journal_dir(store_dir: &Path) -> PathBuf {
    store_dir.join("journals")
}

pub fn journal_path(store_dir: &Path, name: &ConnectorName) -> PathBuf {
    journal_dir(store_dir).join(format!("{name}.jsonl"))
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

impl Journal {
    /// Opens (or creates) the connector's journal for appending and locks it.
    pub fn open(store_dir: &Path, name: &ConnectorName) -> Result<Journal, StoreError> {
        private_dir(&journal_dir(store_dir))?;
        let path = journal_path(store_dir, name);
        let file = open_private_append(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Journal { path, file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked { path }),
            Err(std::fs::TryLockError::Error(e)) => Err(io_error(&path, "locking the journal")(e)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn append(&mut self, entry: &Entry) -> Result<(), StoreError> {
        let mut line = serde_json::to_vec(entry).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            what: "journal entry",
            detail: e.to_string(),
        })?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .map_err(io_error(&self.path, "writing the journal"))?;
        // The entry must be on disk before the next AWS call relies on it.
        self.file
            .sync_data()
            .map_err(io_error(&self.path, "syncing the journal"))
    }

    pub fn started(&mut self, answers: &Answers) -> Result<(), StoreError> {
        self.append(&Entry::Started {
            at: now(),
            answers: answers.clone(),
        })
    }

    pub fn created(&mut self, created: Created) -> Result<(), StoreError> {
        self.append(&Entry::Created { at: now(), created })
    }

    pub fn removed(&mut self, removed: Created) -> Result<(), StoreError> {
        self.append(&Entry::Removed { at: now(), removed })
    }

    pub fn finished(&mut self) -> Result<(), StoreError> {
        self.append(&Entry::Finished { at: now() })
    }
}

/// A journal as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalState {
    pub entries: Vec<Entry>,
}

impl JournalState {
    pub fn read(
        store_dir: &Path,
        name: &ConnectorName,
    ) -> Result<Option<JournalState>, StoreError> {
        let path = journal_path(store_dir, name);
        if !path.exists() {
            return Ok(None);
        }
        let text = read_private(&path)?;
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(line) {
                Ok(entry) => entries.push(entry),
                // A run killed mid-write leaves at most a torn last line: ignore only that.
                Err(_) if i + 1 == text.lines().count() => {}
                Err(e) => {
                    return Err(StoreError::Corrupt {
                        path,
                        what: "journal",
                        detail: format!("line {}: {e}", i + 1),
                    });
                }
            }
        }
        Ok(Some(JournalState { entries }))
    }

    /// Resources created and not yet removed, oldest first.
    pub fn live(&self) -> Vec<Created> {
        let mut live: Vec<Created> = Vec::new();
        for entry in &self.entries {
            match entry {
                Entry::Created { created, .. } => live.push(created.clone()),
                Entry::Removed { removed, .. } => live.retain(|c| c != removed),
                _ => {}
            }
        }
        live
    }

    /// Resources the last run created that are still live.
    pub fn live_from_last_run(&self) -> Vec<Created> {
        let start = self
            .entries
            .iter()
            .rposition(|e| matches!(e, Entry::Started { .. }))
            .unwrap_or(0);
        let last: Vec<&Created> = self.entries[start..]
            .iter()
            .filter_map(|e| match e {
                Entry::Created { created, .. } => Some(created),
                _ => None,
            })
            .collect();
        self.live()
            .into_iter()
            .filter(|c| last.contains(&c))
            .collect()
    }

    /// The answers of the last run, when that run never finished.
    pub fn unfinished(&self) -> Option<&Answers> {
        let last_start = self
            .entries
            .iter()
            .rposition(|e| matches!(e, Entry::Started { .. }))?;
        let finished = self.entries[last_start..]
            .iter()
            .any(|e| matches!(e, Entry::Finished { .. }));
        match (&self.entries[last_start], finished) {
            (Entry::Started { answers, .. }, false) => Some(answers),
            _ => None,
        }
    }
}

/// Connectors that have a journal, sorted.
pub fn journaled(store_dir: &Path) -> Vec<ConnectorName> {
    let Ok(entries) = std::fs::read_dir(journal_dir(store_dir)) else {
        return Vec::new();
    };
    let mut names: Vec<ConnectorName> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.strip_suffix(".jsonl")
                .and_then(|n| ConnectorName::parse(n).ok())
        })
        .collect();
    names.sort();
    names
}
