//! Step 6: the exact JSON documents that will be created, highlighted and scrollable.

use ratatui::text::{Line, Span};

use super::{Flow, Page, Shared, Step, View};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::policy::{permission_policy, trust_policy};
use crate::tui::action::Effect;
use crate::tui::app::Config;
use crate::tui::keymap::{BACK, Binding, CTRL_C, HELP, Intent, Key as K, QUIT, When as W, b};
use crate::tui::widgets::{json_view, scroll, wrap};

#[rustfmt::skip]
const KEYS: &[Binding] = &[
    b(&[K::Up, K::Down], Intent::Down, W::Always, Some("scroll"), "scroll the documents"),
    b(&[K::PageUp, K::PageDown], Intent::PageDown, W::Always, None, "scroll a page"),
    b(&[K::Enter], Intent::Next, W::Always, Some("continue"), "these are right: look at what exists and plan"),
    BACK,
    HELP,
    QUIT,
    CTRL_C,
];

const PAGE: Page = Page {
    title: "Policy",
    heading: "The exact policies that will be created",
    keys: KEYS,
    changes_aws: false,
    about: &[
        "These are the exact documents the wizard will create: no placeholder to replace, the bucket name written in by the tool.",
        "Resources are exactly arn:aws:s3:::BUCKET and arn:aws:s3:::BUCKET/* — never BUCKET*, which would also match every other bucket whose name starts the same way.",
        "Each integration gets its own policy. For role-ARN auth the trust policy lets only Braze's account assume the role, and only with your external ID.",
    ],
};

/// One document: a title saying what it is, and its pretty JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub json: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyStep {
    pub documents: Vec<Document>,
    pub problems: Vec<String>,
    pub scroll: usize,
}

impl PolicyStep {
    /// Builds the documents for `answers` (when the step is entered).
    fn build(&mut self, answers: &Answers) {
        let partition = answers.region.partition();
        let mut documents = Vec::new();
        let mut problems = Vec::new();
        // One principal per integration, each holding only its own policy.
        for p in answers.principals() {
            let integration = p.integration;
            let principal = match &p.auth {
                AuthMethod::SecretKey { user } => format!("user {user}"),
                AuthMethod::RoleArn { role, .. } => format!("role {role}"),
            };
            let scope = answers.policy_scope(integration);
            let doc = permission_policy(integration, &answers.bucket, partition, scope)
                .and_then(|doc| doc.to_pretty_json());
            match doc {
                Ok(json) => documents.push(Document {
                    title: format!(
                        "Policy {} ({}), attached to {principal}",
                        answers.policy_name(integration),
                        integration.title()
                    ),
                    json,
                }),
                Err(e) => problems.push(e.to_string()),
            }
            if let AuthMethod::RoleArn {
                role,
                braze_account,
                external_id,
            } = &p.auth
            {
                match trust_policy(braze_account, external_id, partition).to_pretty_json() {
                    Ok(json) => documents.push(Document {
                        title: format!("Trust policy of role {role}"),
                        json,
                    }),
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
        if documents != self.documents {
            self.scroll = 0;
        }
        self.documents = documents;
        self.problems = problems;
    }

    fn lines(&self, v: &View) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for p in &self.problems {
            out.push(Line::styled(format!("✗ {p}"), v.theme.error()));
        }
        for d in &self.documents {
            out.push(Line::from(Span::styled(d.title.clone(), v.theme.label())));
            out.extend(json_view::highlight(&d.json, v.theme));
            out.push(Line::default());
        }
        out
    }
}

impl Step for PolicyStep {
    fn new(_config: &Config) -> PolicyStep {
        PolicyStep::default()
    }

    fn page(&self) -> &'static Page {
        &PAGE
    }

    fn enter(&mut self, shared: &mut Shared) -> Vec<Effect> {
        if let Some(a) = &shared.answers {
            self.build(a);
        }
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, _shared: &mut Shared, v: &View) -> Flow {
        let total = wrap::lines(self.lines(v), v.width).len();
        if let Some(scroll) = scroll::moved(self.scroll, intent, total, v.height) {
            self.scroll = scroll;
        }
        match intent {
            Intent::Next if self.problems.is_empty() => Flow::Next,
            Intent::Back => Flow::Back,
            _ => Flow::Stay,
        }
    }

    fn view(&self, _shared: &Shared, v: &View) -> Vec<Line<'static>> {
        let lines = wrap::lines(self.lines(v), v.width);
        scroll::window(lines, self.scroll, v.height, v.theme)
    }
}
