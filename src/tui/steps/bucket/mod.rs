//! Step 3: create a new bucket (name + region, live availability check) or pick one of yours.

mod answer;
mod keys;
mod lookup;
mod policy;
pub use policy::refusal;
mod view;

use ratatui::text::Line;

use super::form::Pick;
use super::form::select::Select;
use super::{Flow, Handled, Page, Shared, Step, View};
use crate::domain::answers::DEFAULT_REGION;
use crate::domain::existing::BucketState;
use crate::domain::names::BucketName;
use crate::domain::{KNOWN_REGIONS, region_name};
use crate::engine::BucketInfo;
use crate::tui::action::{Action, Effect, Failure, Reply, TaskId};
use crate::tui::app::Config;
use crate::tui::keymap::{
    BACK, Binding, CONTINUE, CTRL_C, HELP, Intent, Key as K, KeyCtx, LIST, MOVE, NEXT_FIELD,
    PREV_FIELD, QUIT, When as W, b,
};
use crate::tui::widgets::text_input::{Edit, TextInput};

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    MOVE, LIST[0], LIST[1], LIST[2], LIST[3], LIST[4], NEXT_FIELD, PREV_FIELD, CONTINUE, BACK,
    b(&[K::Ctrl('r')], Intent::Refresh, W::Refresh, None, "list your buckets again"),
    HELP, QUIT, CTRL_C,
];

const PAGE: Page = Page {
    title: "Bucket",
    heading: "Which S3 bucket?",
    keys: KEYS,
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
    pub region: Select,
    pub availability: Availability,
    pub check_task: Option<TaskId>,
    /// Enter was pressed while checking: go on once the name turns out usable.
    pub advance_when_checked: bool,
    pub buckets: Option<Result<Vec<BucketInfo>, Failure>>,
    pub list_task: Option<TaskId>,
    pub list: Select,
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
            region: Select::at(region_index(region)),
            availability: Availability::NotChecked,
            check_task: None,
            advance_when_checked: false,
            buckets: None,
            list_task: None,
            list: Select::default(),
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
        self.region = Select::at(region_index(region));
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

    /// What the region list's filter searches: each code with its name.
    fn region_texts() -> Vec<String> {
        KNOWN_REGIONS
            .iter()
            .map(|r| format!("{r} {}", region_name(r).unwrap_or_default()))
            .collect()
    }

    /// What the bucket list's filter searches: the names.
    fn bucket_texts(&self) -> Vec<String> {
        match &self.buckets {
            Some(Ok(list)) => list.iter().map(|b| b.name.to_string()).collect(),
            _ => Vec::new(),
        }
    }

    /// The list with focus, if a list has it.
    fn focused_list(&self) -> Option<&Select> {
        match self.focus {
            Focus::Region => Some(&self.region),
            Focus::List => Some(&self.list),
            Focus::Mode | Focus::Name => None,
        }
    }

    pub fn selected_bucket(&self) -> Option<&BucketInfo> {
        match &self.buckets {
            Some(Ok(list)) => list.get(self.list.selected),
            _ => None,
        }
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
        let filtering = self.focused_list().is_some_and(Select::filtering);
        KeyCtx {
            typing: self.focus == Focus::Name || filtering,
            list: self.focused_list().is_some(),
            refresh: self.existing(),
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
        match self.focus {
            Focus::Name if self.name.edit(edit) => {
                self.problem = None;
                return self.check(&mut shared.tasks, !shared.online);
            }
            Focus::Region => self.region.type_filter(edit, &Self::region_texts()),
            Focus::List => {
                let texts = self.bucket_texts();
                self.list.type_filter(edit, &texts);
            }
            Focus::Mode | Focus::Name => {}
        }
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared, v: &View) -> Flow {
        if intent == Intent::Refresh {
            return Flow::Run(self.refresh(&mut shared.tasks, !shared.online));
        }
        self.move_focus(intent, shared.integration(), v)
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
