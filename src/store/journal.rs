//! The journal: every AWS resource a setup creates, written ahead. Before each call that
//! creates something, the intent (what, by name) is appended and fsynced; after it, the outcome.
//! An interrupted run can then be resumed or undone, and teardown deletes exactly what the tool
//! made — nothing it merely adopted. An intent without an outcome means "may exist".
//!
//! One JSON-lines file per connector under `journals/`, held with an exclusive file lock for a
//! whole run (first change to saved profile), so a second copy of the tool refuses instead of
//! interleaving.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::{StoreError, io_error, open_private_append, private_dir, read_private};
use crate::domain::answers::Answers;
pub use crate::domain::created::{Created, Intent};
use crate::domain::names::ConnectorName;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "kebab-case")]
pub enum Entry {
    Started {
        at: String,
        answers: Answers,
        /// Whether the run keeps the secret in the profile (`resume` honours it).
        #[serde(default = "yes")]
        store_secret: bool,
    },
    /// About to make the AWS call that creates this (fsynced before the call).
    Intent {
        at: String,
        intent: Intent,
    },
    Created {
        at: String,
        created: Created,
    },
    /// An intent looked up after an interruption: the call had created nothing.
    Missing {
        at: String,
        intent: Intent,
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

fn yes() -> bool {
    true
}

/// A journal held by this process for a run; the lock is released on drop.
#[derive(Debug)]
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

    /// What the journal holds now (read through the path; this process holds the lock).
    pub fn state(&self) -> Result<JournalState, StoreError> {
        JournalState::read_path(&self.path)
    }

    fn append(&self, entry: &Entry) -> Result<(), StoreError> {
        let mut line = serde_json::to_vec(entry).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            what: "journal entry",
            detail: e.to_string(),
        })?;
        line.push(b'\n');
        (&self.file)
            .write_all(&line)
            .map_err(io_error(&self.path, "writing the journal"))?;
        // The entry must be on disk before the next AWS call relies on it.
        self.file
            .sync_data()
            .map_err(io_error(&self.path, "syncing the journal"))
    }

    pub fn started(&self, answers: &Answers, store_secret: bool) -> Result<(), StoreError> {
        self.append(&Entry::Started {
            at: now(),
            answers: answers.clone(),
            store_secret,
        })
    }

    pub fn intent(&self, intent: Intent) -> Result<(), StoreError> {
        self.append(&Entry::Intent { at: now(), intent })
    }

    pub fn created(&self, created: Created) -> Result<(), StoreError> {
        self.append(&Entry::Created { at: now(), created })
    }

    pub fn missing(&self, intent: Intent) -> Result<(), StoreError> {
        self.append(&Entry::Missing { at: now(), intent })
    }

    pub fn removed(&self, removed: Created) -> Result<(), StoreError> {
        self.append(&Entry::Removed { at: now(), removed })
    }

    pub fn finished(&self) -> Result<(), StoreError> {
        self.append(&Entry::Finished { at: now() })
    }
}

/// A journal as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalState {
    pub entries: Vec<Entry>,
}

/// A run that started and never finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub answers: Answers,
    pub store_secret: bool,
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
        JournalState::read_path(&path).map(Some)
    }

    fn read_path(path: &Path) -> Result<JournalState, StoreError> {
        let text = read_private(path)?;
        let count = text.lines().count();
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(line) {
                Ok(entry) => entries.push(entry),
                // A run killed mid-write leaves at most a torn last line: ignore only that.
                Err(_) if i + 1 == count => {}
                Err(e) => {
                    return Err(StoreError::Corrupt {
                        path: path.to_path_buf(),
                        what: "journal",
                        detail: format!("line {}: {e}", i + 1),
                    });
                }
            }
        }
        Ok(JournalState { entries })
    }

    /// Resources created and not yet removed, oldest first.
    pub fn live(&self) -> Vec<Created> {
        let mut live: Vec<Created> = Vec::new();
        for entry in &self.entries {
            match entry {
                Entry::Created { created, .. } if !live.contains(created) => {
                    live.push(created.clone())
                }
                Entry::Removed { removed, .. } => live.retain(|c| c != removed),
                _ => {}
            }
        }
        live
    }

    /// Where the runs since the last finished one begin.
    fn since_last_finish(&self) -> usize {
        self.entries
            .iter()
            .rposition(|e| matches!(e, Entry::Finished { .. }))
            .map_or(0, |i| i + 1)
    }

    /// Resources created since the last finished run (the interrupted setup, resumed or not)
    /// that are still live.
    pub fn live_from_last_run(&self) -> Vec<Created> {
        let last: Vec<&Created> = self.entries[self.since_last_finish()..]
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

    /// Intents with no outcome: the process stopped between journaling the intent and
    /// journaling what the call created, so the resource may or may not exist.
    pub fn pending(&self) -> Vec<Intent> {
        let mut pending = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            let Entry::Intent { intent, .. } = entry else {
                continue;
            };
            let settled = self.entries[i + 1..].iter().any(|later| match later {
                Entry::Created { created, .. } => intent.fulfilled_by(created),
                Entry::Missing { intent: m, .. } => m == intent,
                _ => false,
            });
            if !settled && !pending.contains(intent) {
                pending.push(intent.clone());
            }
        }
        pending
    }

    /// The last run, when it never finished.
    pub fn unfinished(&self) -> Option<Unfinished> {
        let last_start = self
            .entries
            .iter()
            .rposition(|e| matches!(e, Entry::Started { .. }))?;
        let finished = self.entries[last_start..]
            .iter()
            .any(|e| matches!(e, Entry::Finished { .. }));
        match (&self.entries[last_start], finished) {
            (
                Entry::Started {
                    answers,
                    store_secret,
                    ..
                },
                false,
            ) => Some(Unfinished {
                answers: answers.clone(),
                store_secret: *store_secret,
            }),
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
