//! Step 3: create a new bucket (name + region, live availability check) or pick one of yours.

mod answer;
mod lookup;
mod policy;
pub use policy::refusal;
mod view;

use ratatui::text::Line;

use super::form::{self, Pick};
use super::{Flow, Handled, Page, Shared, Step, View};
use crate::domain::KNOWN_REGIONS;
use crate::domain::answers::DEFAULT_REGION;
use crate::domain::existing::BucketState;
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::BucketName;
use crate::engine::BucketInfo;
use crate::tui::action::{Action, Effect, Failure, Reply, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{FORM, Intent, KeyCtx};
use crate::tui::widgets::text_input::{Edit, TextInput};

const PAGE: Page = Page {
    title: "Bucket",
    heading: "Which S3 bucket?",
    keys: FORM,
    changes_aws: false,
    about: &[
        "Braze writes into one S3 bucket. Braze has no region setting: the region is the bucket's own.",
        "A new bucket needs a globally unique name: 3–63 lowercase letters, digits and '-' (dots are valid but break HTTPS to the bucket, so the suggestion never has one). The wizard checks as you type whether the name is free.",
        "An existing bucket is listed with its region, Object Lock and default encryption. Currents does not support Object Lock, and Braze does not support SSE-KMS default encryption: such buckets are refused.",
        "An existing bucket's policy is read too: a Deny statement that would block Braze (writes only with aws:kms, requests only through a VPC endpoint, a deny on everyone) refuses the bucket; one that may block Braze (a source-IP or organization condition) is shown.",
    ],
};

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
    fn start(name: &str, region: &str, existing: bool) -> BucketStep {
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

    pub fn selected_bucket(&self) -> Option<&BucketInfo> {
        match &self.buckets {
            Some(Ok(list)) => list.get(self.list.selected),
            _ => None,
        }
    }

    fn move_focus(&mut self, intent: Intent, integration: IntegrationChoice) -> Flow {
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
}

impl Step for BucketStep {
    fn new(config: &Config) -> BucketStep {
        let d = &config.initial;
        let bucket = d.bucket.as_deref().unwrap_or(&config.suggested_bucket);
        let region = d.region.as_deref().unwrap_or(DEFAULT_REGION);
        BucketStep::start(bucket, region, d.existing_bucket)
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn key_ctx(&self) -> KeyCtx {
        KeyCtx {
            typing: self.focus == Focus::Name,
            ..KeyCtx::default()
        }
    }

    fn animating(&self) -> bool {
        self.check_task.is_some() || self.list_task.is_some()
    }

    fn view(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        self.lines(shared.integration(), v)
    }

    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        if let Some(region) = shared.found_region.take() {
            self.set_region(&region);
        }
        self.look_up(&mut shared.tasks, !shared.online)
    }

    fn on_typing(&mut self, edit: &Edit, shared: &mut Shared) -> Vec<Effect> {
        if self.focus == Focus::Name && self.name.edit(edit) {
            self.problem = None;
            return self.check(&mut shared.tasks, !shared.online);
        }
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, _v: &View) -> Flow {
        self.move_focus(intent, shared.integration())
    }

    fn on_result(&mut self, action: Action, _shared: &mut Shared, _v: &View) -> Handled {
        match action {
            Action::BucketsListed(Reply { task, result }) if self.list_task == Some(task) => {
                self.listed(result);
                Handled::Took(Flow::Stay)
            }
            Action::BucketChecked { task, result, .. } if self.check_task == Some(task) => {
                Handled::Took(self.checked(result))
            }
            other => Handled::Left(other),
        }
    }

    fn leave(&mut self, shared: &mut Shared) -> bool {
        let Some((bucket, region, existing)) = self.answer() else {
            return false;
        };
        let d = &mut shared.draft;
        d.bucket = Some(bucket);
        d.region = Some(region);
        d.existing_bucket = existing;
        true
    }
}
