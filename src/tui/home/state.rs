//! The home screen's state: the saved connectors as rows, which one is selected, the filter,
//! and what is on screen over the table (a question, a running action, a result).

use std::time::Instant;

use super::action::{HomeEffect, Rotated, TaskId};
use crate::domain::drift::ObjectInfo;
use crate::engine::{Diagnosis, KeyAge, Listed, TestReport, key_credential};
use crate::store::profile::ConnectorProfile;
use crate::tui::widgets::theme::Theme;

/// What the home screen starts from.
#[derive(Debug, Clone)]
pub struct HomeConfig {
    pub theme: Theme,
    /// The connectors are the sandbox's (a loopback endpoint): the header says so.
    pub sandbox: bool,
    pub size: (u16, u16),
    pub now: Instant,
    /// Seconds since the Unix epoch at `now`, for ages ("3h ago").
    pub epoch: u64,
    pub connectors: Vec<Listed>,
}

/// The ages of a connector's access keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ages {
    /// Being looked up in IAM.
    Loading,
    Known(Vec<KeyAge>),
    /// IAM could not be asked (the endpoint is down, no permission).
    Unknown,
    /// A role connector: no key.
    NoKey,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub profile: Option<Box<ConnectorProfile>>,
    /// Why the profile could not be read.
    pub error: Option<String>,
    pub ages: Ages,
    pub ages_task: Option<TaskId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Test,
    Doctor,
    Rotate,
    Watch,
    Teardown,
}

impl JobKind {
    /// "testing NAME…"
    pub fn doing(self) -> &'static str {
        match self {
            JobKind::Test => "testing",
            JobKind::Doctor => "checking (doctor)",
            JobKind::Rotate => "rotating the key of",
            JobKind::Watch => "watching for Braze's files of",
            JobKind::Teardown => "tearing down",
        }
    }
}

/// An action under way: one at a time.
#[derive(Debug, Clone)]
pub struct Job {
    pub task: TaskId,
    pub kind: JobKind,
    pub name: String,
    pub started: Instant,
    /// The step under way (the live test's current check).
    pub progress: Option<String>,
    /// Teardown: each resource as it goes. Watch: each new file.
    pub lines: Vec<String>,
    /// Watch: the files seen so far (`None` until the first look).
    pub seen: Option<Vec<ObjectInfo>>,
}

/// A question before an action that changes AWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// y/N.
    Rotate { name: String },
    /// The connector's name, typed.
    Teardown { name: String, typed: String },
}

/// A finished action's result, shown until a key closes it.
#[derive(Debug)]
pub enum Detail {
    Tested {
        name: String,
        report: TestReport,
    },
    Diagnosed {
        name: String,
        diagnosis: Box<Diagnosis>,
    },
    Rotated {
        name: String,
        rotated: Box<Rotated>,
        revealed: bool,
    },
    TornDown {
        name: String,
        lines: Vec<String>,
        remains: bool,
    },
    Failed {
        name: String,
        what: JobKind,
        error: String,
    },
}

#[derive(Debug)]
pub enum Screen {
    Table,
    Confirm(Confirm),
    Running(Job),
    Detail { detail: Detail, scroll: usize },
}

pub struct Home {
    pub theme: Theme,
    pub sandbox: bool,
    pub size: (u16, u16),
    pub now: Instant,
    pub tick: u64,
    started: Instant,
    epoch: u64,
    pub rows: Vec<Row>,
    /// Index into the visible (filtered) rows.
    pub selected: usize,
    pub filter: String,
    /// `/` was pressed: keys type into the filter.
    pub filtering: bool,
    pub help: bool,
    pub screen: Screen,
    /// A one-line note under the table (an action cancelled, a refusal).
    pub status: Option<String>,
    next_task: TaskId,
}

impl Home {
    pub fn new(config: HomeConfig) -> (Home, Vec<HomeEffect>) {
        let mut home = Home {
            theme: config.theme,
            sandbox: config.sandbox,
            size: config.size,
            now: config.now,
            tick: 0,
            started: config.now,
            epoch: config.epoch,
            rows: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            help: false,
            screen: Screen::Table,
            status: None,
            next_task: 1,
        };
        let mut effects = Vec::new();
        for listed in config.connectors {
            let row = match listed {
                Listed::Saved(profile) => {
                    let mut row = Row {
                        name: profile.name.to_string(),
                        profile: Some(profile),
                        error: None,
                        ages: Ages::NoKey,
                        ages_task: None,
                    };
                    effects.extend(home.look_up_ages(&mut row));
                    row
                }
                Listed::Unreadable { name, error } => Row {
                    name: name.to_string(),
                    profile: None,
                    error: Some(error),
                    ages: Ages::Unknown,
                    ages_task: None,
                },
            };
            home.rows.push(row);
        }
        (home, effects)
    }

    pub fn issue(&mut self) -> TaskId {
        let id = self.next_task;
        self.next_task += 1;
        id
    }

    /// Asks IAM for the ages of `row`'s keys, if it has keys.
    pub fn look_up_ages(&mut self, row: &mut Row) -> Option<HomeEffect> {
        let profile = row.profile.as_ref()?;
        if profile
            .credentials
            .iter()
            .all(|c| c.access_key_id.is_none())
        {
            row.ages = Ages::NoKey;
            row.ages_task = None;
            return None;
        }
        let task = self.issue();
        row.ages = Ages::Loading;
        row.ages_task = Some(task);
        Some(HomeEffect::LoadKeyAges {
            task,
            profile: profile.clone(),
        })
    }

    /// Seconds since the Unix epoch, as of the last tick.
    pub fn epoch_now(&self) -> u64 {
        self.epoch + self.now.saturating_duration_since(self.started).as_secs()
    }

    /// The rows the filter lets through (name, integration, auth, bucket or folder contain
    /// it, ignoring case), as indices into `rows`.
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        (0..self.rows.len())
            .filter(|&i| needle.is_empty() || self.haystack(&self.rows[i]).contains(&needle))
            .collect()
    }

    fn haystack(&self, row: &Row) -> String {
        let mut text = row.name.clone();
        if let Some(p) = &row.profile {
            let a = &p.answers;
            text.push_str(&format!(
                " {} {} {}",
                a.integration.slug(),
                a.auth.kind().slug(),
                a.bucket
            ));
            if let Some(f) = &a.folder {
                text.push_str(&format!(" {f}"));
            }
        }
        text.to_lowercase()
    }

    /// The selected row's index into `rows`.
    pub fn selected_row(&self) -> Option<usize> {
        self.visible().get(self.selected).copied()
    }

    pub fn row_named(&mut self, name: &str) -> Option<&mut Row> {
        self.rows.iter_mut().find(|r| r.name == name)
    }

    /// Something on screen moves: the loop ticks only then.
    pub fn animating(&self) -> bool {
        matches!(self.screen, Screen::Running(_))
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < super::view::MIN_WIDTH || self.size.1 < super::view::MIN_HEIGHT
    }
}

/// Why `r` can't rotate this connector's key, if it can't (said before anything runs).
pub fn rotate_refusal(profile: &ConnectorProfile) -> Option<String> {
    let name = &profile.name;
    if let Some(other) = &profile.answers.share_with {
        return Some(format!(
            "{name} shares connector {other}'s access key: rotate that key from {other}'s row."
        ));
    }
    let keys = profile.credentials.iter().filter(|c| c.role_arn.is_none());
    if keys.count() > 1 {
        return Some(format!(
            "{name} has one key per integration: rotate each with `braze-s3 rotate {name} --integration currents` (or data-export)."
        ));
    }
    key_credential(profile, None).err().map(|e| e.to_string())
}
