//! Step 2: Currents, dashboard data export, or both.

use ratatui::text::Line;

use super::form::{self, Pick};
use super::{Flow, Page, Shared, Step, View};
use crate::domain::integration::IntegrationChoice;
use crate::tui::app::Config;
use crate::tui::keymap::{FORM, Intent};

const PAGE: Page = Page {
    title: "Integration",
    heading: "What should Braze export?",
    keys: FORM,
    changes_aws: false,
    about: &[
        "Currents streams events continuously as Avro files under a folder in the bucket. Its policy allows s3:ListBucket and s3:GetBucketLocation on the bucket, s3:PutObject and s3:GetObject on its objects.",
        "Dashboard data export writes CSV exports, engagement reports and API exports to fixed top-level paths (segment-export/…, sent_messages/…). Its policy adds s3:DeleteObject: Braze deletes export files about 4 hours after emailing the link.",
        "Both on one bucket gets two separate policies, one per integration, as Braze requires.",
    ],
};

fn detail(choice: IntegrationChoice) -> &'static str {
    match choice {
        IntegrationChoice::Currents => "event stream, Avro files",
        IntegrationChoice::DataExport => "CSV exports and reports",
        IntegrationChoice::Both => "a policy for each",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationStep {
    pub pick: Pick,
}

impl IntegrationStep {
    pub fn choice(&self) -> IntegrationChoice {
        IntegrationChoice::ALL
            .get(self.pick.selected)
            .copied()
            .unwrap_or(IntegrationChoice::Currents)
    }
}

impl Step for IntegrationStep {
    fn new(config: &Config) -> IntegrationStep {
        let i = config
            .initial
            .integration
            .and_then(|c| IntegrationChoice::ALL.iter().position(|x| *x == c))
            .unwrap_or(0);
        IntegrationStep { pick: Pick::at(i) }
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn leave(&mut self, shared: &mut Shared) -> bool {
        shared.draft.integration = Some(self.choice());
        true
    }

    fn on_intent(&mut self, intent: Intent, _shared: &mut Shared, _v: &View) -> Flow {
        let len = IntegrationChoice::ALL.len();
        match intent {
            Intent::Up | Intent::FocusPrev => {
                self.pick.up();
            }
            Intent::Down | Intent::FocusNext => {
                self.pick.down(len);
            }
            Intent::Next => return Flow::Next,
            Intent::Back => return Flow::Back,
            _ => {}
        }
        Flow::Stay
    }

    fn view(&self, _shared: &Shared, v: &View) -> Vec<Line<'static>> {
        let mut out = vec![form::label("Integration", true, v)];
        for (i, c) in IntegrationChoice::ALL.iter().enumerate() {
            out.push(form::row(
                c.title(),
                detail(*c),
                i == self.pick.selected,
                true,
                v,
            ));
        }
        out.push(Line::default());
        let where_ = match self.choice() {
            IntegrationChoice::Both => {
                "Braze: Currents and Technology Partners → Amazon S3".to_string()
            }
            c => format!(
                "In Braze: {}",
                c.integrations().first().map_or("", |i| i.braze_location())
            ),
        };
        out.push(form::note(&where_, v));
        out
    }
}
