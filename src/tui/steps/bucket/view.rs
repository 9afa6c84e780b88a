//! How the Bucket step looks: the mode, the name with its live check, regions, your buckets.

use ratatui::text::Line;

use super::keys::{REGION_ROWS, list_rows};
use super::policy::unusable;
use super::{Availability, BucketStep, Focus, MODES, policy};
use crate::domain::existing::BucketState;
use crate::domain::integration::IntegrationChoice;
use crate::domain::names::BucketName;
use crate::domain::{KNOWN_REGIONS, region_name};
use crate::tui::steps::View;
use crate::tui::steps::form;
use crate::tui::widgets::spinner;

impl BucketStep {
    pub(super) fn lines(&self, choice: IntegrationChoice, v: &View) -> Vec<Line<'static>> {
        let mut out = vec![form::label("Bucket", self.focus == Focus::Mode, v)];
        for (i, m) in MODES.iter().enumerate() {
            out.push(form::row(
                m,
                "",
                i == self.mode.selected,
                self.focus == Focus::Mode,
                v,
            ));
        }
        out.push(Line::default());
        if self.existing() {
            self.view_list(&mut out, choice, v);
            if let Some(b) = self.selected_bucket() {
                let found = policy::early_findings(&b.policy, &b.account, &b.name, choice);
                out.extend(policy::lines(&b.policy, &found, v));
            }
        } else {
            let message = match self.parsed() {
                Err(reason) => Some(Err(reason)),
                Ok(name) => Some(self.availability_note(&name, v)),
            };
            let focused = self.focus == Focus::Name;
            form::text(&mut out, "Name", &self.name, focused, "", message, v);
            if let (Ok(name), Availability::Known(BucketState::Owned(b))) =
                (self.parsed(), &self.availability)
            {
                let found = policy::early_findings(&b.policy, &b.account, &name, choice);
                out.extend(policy::lines(&b.policy, &found, v));
            }
            let focused = self.focus == Focus::Region;
            out.push(form::label("Region", focused, v));
            let code_w = KNOWN_REGIONS.iter().map(|r| r.len()).max().unwrap_or(0);
            let row = |i: usize| {
                let region = KNOWN_REGIONS.get(i).copied().unwrap_or_default();
                let name = region_name(region).unwrap_or_default();
                let code = format!("{region:<code_w$}");
                form::row(&code, name, i == self.region.selected, focused, v)
            };
            out.extend(
                self.region
                    .lines(&Self::region_texts(), REGION_ROWS, v, row),
            );
        }
        if self.advance_when_checked {
            out.push(Line::default());
            out.push(form::note(
                "Checking whether the name is free; going on as soon as it is…",
                v,
            ));
        }
        if let Some(p) = &self.problem {
            out.push(Line::default());
            out.push(form::problem(p, v));
        }
        out
    }

    fn availability_note(&self, name: &BucketName, v: &View) -> Result<String, String> {
        let dots = if name.has_dots() {
            " (dots are valid but break HTTPS to the bucket: prefer dashes)"
        } else {
            ""
        };
        match &self.availability {
            Availability::NotChecked if v.offline => Ok(format!(
                "valid; availability not checked without AWS access{dots}"
            )),
            Availability::NotChecked => Ok(format!("valid{dots}")),
            Availability::Checking => Ok(format!(
                "{} checking whether the name is free…",
                spinner::frame(v.tick)
            )),
            Availability::Known(BucketState::Missing) => {
                Ok(format!("✓ available: the wizard will create it{dots}"))
            }
            Availability::Known(BucketState::Owned(b)) => Ok(format!(
                "✓ already yours (in {}): it will be reused{dots}",
                b.region
            )),
            Availability::Known(BucketState::OwnedByOther) => {
                Err("taken by another AWS account: bucket names are global, choose another".into())
            }
            Availability::Known(BucketState::Unverified { .. }) => Err(
                "exists, but S3 refuses to say whose: another account's bucket (choose another name), or yours with s3:ListBucket denied or a bucket policy in the way"
                    .into(),
            ),
            Availability::Error(e) => Ok(format!(
                "could not check ({}); the plan will look again",
                e.message
            )),
        }
    }

    fn view_list(&self, out: &mut Vec<Line<'static>>, choice: IntegrationChoice, v: &View) {
        let focused = self.focus == Focus::List;
        let label = if v.offline {
            "Your buckets"
        } else {
            "Your buckets (/ filters, Ctrl-R lists again)"
        };
        out.push(form::label(label, focused, v));
        match &self.buckets {
            None if v.offline => out.push(form::note("    not available without AWS access: create a new one, or pass --bucket and --existing-bucket", v)),
            None => out.push(form::note(&format!("    {} listing your buckets…", spinner::frame(v.tick)), v)),
            Some(Err(e)) => out.push(form::problem(&format!("could not list buckets: {}", e.message), v)),
            Some(Ok(list)) if list.is_empty() => out.push(form::note("    This account has no buckets yet (a new sandbox starts empty): choose “Create a new bucket” above.", v)),
            Some(Ok(list)) => {
                let width = list.iter().map(|b| b.name.as_str().len()).max().unwrap_or(0);
                let columns = |name: &str, region: &str, lock: &str, encryption: &str| {
                    (format!("{name:<width$}"), format!("{region:<14} {lock:<11} {encryption}"))
                };
                let (name, detail) = columns("Name", "Region", "Lock", "SSE");
                out.push(Line::styled(format!("      {name}  {detail}"), v.theme.label()));
                if self.list_task.is_some() {
                    out.push(form::note(&format!("    {} listing them again…", spinner::frame(v.tick)), v));
                }
                let row = |i: usize| {
                    let Some(b) = list.get(i) else { return Line::default() };
                    let region = b.region.as_ref().map_or("region ?".to_string(), ToString::to_string);
                    let lock = if b.object_lock { "Object Lock" } else { "no lock" };
                    let (name, detail) = columns(b.name.as_str(), &region, lock, b.encryption.label());
                    let selected = i == self.list.selected;
                    match unusable(b, choice) {
                        Some(why) => form::row_unusable(&name, why, selected, focused, v),
                        None => form::row(&name, &detail, selected, focused, v),
                    }
                };
                out.extend(self.list.lines(&self.bucket_texts(), list_rows(v), v, row));
            }
        }
    }
}
