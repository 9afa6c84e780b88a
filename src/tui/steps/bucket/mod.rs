//! Step 3: create a new bucket (name + region, live availability check) or pick one of yours.

mod policy;
pub use policy::refusal;
mod view;

use crossterm::event::KeyEvent;

use super::form::{self, Pick};
use super::{Flow, Tasks};
use crate::domain::KNOWN_REGIONS;
use crate::domain::existing::BucketState;
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::{BucketName, Region};
use crate::engine::BucketInfo;
use crate::tui::action::{Effect, Failure, TaskId};
use crate::tui::keymap::{Intent, KeyCtx};
use crate::tui::widgets::text_input::TextInput;

pub const ABOUT: &[&str] = &[
    "Braze writes into one S3 bucket. Braze has no region setting: the region is the bucket's own.",
    "A new bucket needs a globally unique name: 3–63 lowercase letters, digits and '-' (dots are valid but break HTTPS to the bucket, so the suggestion never has one). The wizard checks as you type whether the name is free.",
    "An existing bucket is listed with its region, Object Lock and default encryption. Currents does not support Object Lock, and Braze does not support SSE-KMS default encryption: such buckets are refused.",
    "An existing bucket's policy is read too: a Deny statement that would block Braze (writes only with aws:kms, requests only through a VPC endpoint, a deny on everyone) refuses the bucket; one that may block Braze (a source-IP or organization condition) is shown.",
];

const MODES: [&str; 2] = ["Create a new bucket", "Use one of my buckets"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Mode,
    Name,
    Region,
    List,
}

/// What the live check found out about the typed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    NotChecked,
    Checking,
    Known(BucketState),
    Error(Failure),
}

#[derive(Debug, Clone, PartialEq)]
pub struct BucketStep {
    pub mode: Pick,
    pub focus: Focus,
    pub name: TextInput,
    pub region: Pick,
    pub availability: Availability,
    pub check_task: Option<TaskId>,
    /// Enter was pressed while checking: go on once the name turns out usable.
    pub advance_when_checked: bool,
    pub buckets: Option<Result<Vec<BucketInfo>, Failure>>,
    pub list_task: Option<TaskId>,
    pub list: Pick,
    pub problem: Option<String>,
}

/// The list holds only regions Braze can reach: a profile region outside them (AWS China,
/// GovCloud) starts the list at us-east-1 rather than at its first entry.
fn region_index(region: &str) -> usize {
    let at = |r: &str| KNOWN_REGIONS.iter().position(|k| *k == r);
    at(region).or_else(|| at("us-east-1")).unwrap_or(0)
}

impl BucketStep {
    pub fn new(name: &str, region: &str, existing: bool) -> BucketStep {
        BucketStep {
            mode: Pick::at(usize::from(existing)),
            focus: Focus::Name,
            name: TextInput::new(name),
            region: Pick::at(region_index(region)),
            availability: Availability::NotChecked,
            check_task: None,
            advance_when_checked: false,
            buckets: None,
            list_task: None,
            list: Pick::default(),
            problem: None,
        }
    }

    pub fn existing(&self) -> bool {
        self.mode.selected == 1
    }

    fn order(&self) -> &'static [Focus] {
        if self.existing() {
            &[Focus::Mode, Focus::List]
        } else {
            &[Focus::Mode, Focus::Name, Focus::Region]
        }
    }

    pub fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            typing: self.focus == Focus::Name,
            ..KeyCtx::default()
        }
    }

    pub fn set_region(&mut self, region: &str) {
        self.region = Pick::at(region_index(region));
    }

    pub fn region(&self) -> &'static str {
        KNOWN_REGIONS
            .get(self.region.selected)
            .copied()
            .unwrap_or("us-east-1")
    }

    pub fn parsed(&self) -> Result<BucketName, String> {
        BucketName::parse(self.name.value().trim()).map_err(|e| e.reason)
    }

    /// Starts the look-ups the step needs when it is entered.
    pub fn enter(&mut self, tasks: &mut Tasks, plan_only: bool) -> Vec<Effect> {
        if plan_only {
            return Vec::new();
        }
        let known = matches!(
            self.availability,
            Availability::Known(_) | Availability::Checking
        );
        let mut effects = if known {
            Vec::new()
        } else {
            self.check(tasks, plan_only)
        };
        if self.buckets.is_none() && self.list_task.is_none() {
            let task = tasks.issue();
            self.list_task = Some(task);
            effects.push(Effect::ListBuckets { task });
        }
        effects
    }

    fn check(&mut self, tasks: &mut Tasks, plan_only: bool) -> Vec<Effect> {
        self.advance_when_checked = false;
        match self.parsed() {
            Ok(name) if !plan_only => {
                let task = tasks.issue();
                self.check_task = Some(task);
                self.availability = Availability::Checking;
                vec![Effect::CheckBucket { task, name }]
            }
            _ => {
                self.check_task = None;
                self.availability = Availability::NotChecked;
                Vec::new()
            }
        }
    }

    /// A result of the availability check; `Next` when Enter was waiting for it.
    pub fn checked(&mut self, task: TaskId, result: Result<BucketState, Failure>) -> Flow {
        if self.check_task != Some(task) {
            return Flow::Stay;
        }
        self.check_task = None;
        self.availability = match result {
            Ok(state) => Availability::Known(state),
            Err(e) => Availability::Error(e),
        };
        if std::mem::take(&mut self.advance_when_checked) && self.blocker(None).is_none() {
            return Flow::Next;
        }
        Flow::Stay
    }

    pub fn listed(&mut self, task: TaskId, result: Result<Vec<BucketInfo>, Failure>) {
        if self.list_task == Some(task) {
            self.list_task = None;
            self.buckets = Some(result);
        }
    }

    pub fn selected_bucket(&self) -> Option<&BucketInfo> {
        match &self.buckets {
            Some(Ok(list)) => list.get(self.list.selected),
            _ => None,
        }
    }

    /// Why the current answer can't be used, if it can't.
    pub fn blocker(&self, integration: Option<IntegrationChoice>) -> Option<String> {
        if self.existing() {
            if matches!(&self.buckets, Some(Ok(list)) if list.is_empty()) {
                return Some(
                    "this account has no buckets yet: choose “Create a new bucket” above".into(),
                );
            }
            let Some(b) = self.selected_bucket() else {
                return Some("pick a bucket from the list (or create a new one)".into());
            };
            return refusal(b, integration.unwrap_or(IntegrationChoice::Currents));
        }
        if let (Ok(name), Availability::Known(BucketState::Owned(b))) =
            (self.parsed(), &self.availability)
        {
            let choice = integration.unwrap_or(IntegrationChoice::Currents);
            let found = policy::early_findings(&b.policy, &b.account, &name, choice);
            if let Some(why) = policy::blocking(&found, &name) {
                return Some(why);
            }
        }
        if let Err(reason) = self.parsed() {
            return Some(format!("bucket name: {reason}"));
        }
        match &self.availability {
            Availability::Known(BucketState::OwnedByOther) => Some(
                "this name belongs to another AWS account (bucket names are global): choose another".into(),
            ),
            Availability::Known(BucketState::Unverified { .. }) => Some(
                "S3 refuses to say whose this bucket is: another account's (choose another name), or yours with s3:ListBucket denied or a bucket policy in the way (use an identity allowed to list it)".into(),
            ),
            _ => None,
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, tasks: &mut Tasks, plan_only: bool) -> Vec<Effect> {
        if self.focus == Focus::Name && self.name.handle(key) {
            self.problem = None;
            return self.check(tasks, plan_only);
        }
        Vec::new()
    }

    pub fn on_intent(&mut self, intent: Intent, integration: IntegrationChoice) -> Flow {
        let order = self.order();
        self.problem = None;
        match (intent, self.focus) {
            (Intent::FocusNext, _) => self.focus = form::cycle(order, self.focus, 1),
            (Intent::FocusPrev, _) => self.focus = form::cycle(order, self.focus, -1),
            (Intent::Up, Focus::Mode) => {
                self.mode.up();
            }
            (Intent::Down, Focus::Mode) if !self.mode.down(MODES.len()) => {
                self.focus = form::cycle(self.order(), self.focus, 1);
            }
            (Intent::Down, Focus::Mode) => {}
            (Intent::Up, Focus::Name) => self.focus = Focus::Mode,
            (Intent::Down, Focus::Name) => self.focus = Focus::Region,
            (Intent::Up, Focus::Region) if !self.region.up() => self.focus = Focus::Name,
            (Intent::Down, Focus::Region) => {
                self.region.down(KNOWN_REGIONS.len());
            }
            (Intent::Up, Focus::List) if !self.list.up() => self.focus = Focus::Mode,
            (Intent::Down, Focus::List) => {
                let len = self
                    .buckets
                    .as_ref()
                    .and_then(|b| b.as_ref().ok())
                    .map_or(0, Vec::len);
                self.list.down(len);
            }
            (Intent::Next, _) => {
                self.problem = self.blocker(Some(integration));
                if self.problem.is_some() {
                    return Flow::Stay;
                }
                if !self.existing() && self.availability == Availability::Checking {
                    self.advance_when_checked = true;
                    return Flow::Stay;
                }
                return Flow::Next;
            }
            (Intent::Back, _) => return Flow::Back,
            _ => {}
        }
        if !order.contains(&self.focus) {
            self.focus = Focus::Mode;
        }
        Flow::Stay
    }

    /// The bucket, its region and whether it must already exist, once the step is done.
    pub fn answer(&self) -> Option<(String, String, bool)> {
        if self.existing() {
            let b = self.selected_bucket()?;
            let region = b.region.as_ref().map_or(self.region(), Region::as_str);
            return Some((b.name.to_string(), region.to_string(), true));
        }
        let name = self.parsed().ok()?;
        let region = match &self.availability {
            Availability::Known(BucketState::Owned(b)) => b.region.to_string(),
            _ => self.region().to_string(),
        };
        Some((name.to_string(), region, false))
    }
}
