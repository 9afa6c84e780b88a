//! Step 6: the exact JSON documents that will be created, highlighted and scrollable.

use ratatui::text::{Line, Span};

use super::{Flow, View};
use crate::domain::answers::Answers;
use crate::domain::auth::AuthMethod;
use crate::domain::policy::{permission_policy, trust_policy};
use crate::tui::keymap::Intent;
use crate::tui::widgets::json_view;

pub const ABOUT: &[&str] = &[
    "These are the exact documents the wizard will create: no placeholder to replace, the bucket name written in by the tool.",
    "Resources are exactly arn:aws:s3:::BUCKET and arn:aws:s3:::BUCKET/* — never BUCKET*, which would also match every other bucket whose name starts the same way.",
    "Each integration gets its own policy. For role-ARN auth the trust policy lets only Braze's account assume the role, and only with your external ID.",
];

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
    /// Builds the documents for `answers` (called when the step is entered).
    pub fn enter(&mut self, answers: &Answers) {
        let partition = answers.region.partition();
        let principal = match &answers.auth {
            AuthMethod::SecretKey { user } => format!("user {user}"),
            AuthMethod::RoleArn { role, .. } => format!("role {role}"),
        };
        let mut documents = Vec::new();
        let mut problems = Vec::new();
        for &integration in answers.integrations() {
            let scope = answers.policy_scope(integration);
            match permission_policy(integration, &answers.bucket, partition, scope) {
                Ok(doc) => documents.push(Document {
                    title: format!(
                        "Policy {} ({}), attached to {principal}",
                        answers.policy_name(integration),
                        integration.title()
                    ),
                    json: doc.to_pretty_json(),
                }),
                Err(e) => problems.push(e.to_string()),
            }
        }
        if let AuthMethod::RoleArn {
            role,
            braze_account,
            external_id,
        } = &answers.auth
        {
            documents.push(Document {
                title: format!("Trust policy of role {role}"),
                json: trust_policy(braze_account, external_id, partition).to_pretty_json(),
            });
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

    pub fn on_intent(&mut self, intent: Intent, height: u16) -> Flow {
        let total: usize = self
            .documents
            .iter()
            .map(|d| d.json.lines().count() + 2)
            .sum();
        let page = usize::from(height.max(2)) - 1;
        let max = total.saturating_sub(usize::from(height));
        self.scroll = match intent {
            Intent::Up => self.scroll.saturating_sub(1),
            Intent::Down => self.scroll + 1,
            Intent::PageUp => self.scroll.saturating_sub(page),
            Intent::PageDown => self.scroll + page,
            Intent::Next if self.problems.is_empty() => return Flow::Next,
            Intent::Back => return Flow::Back,
            _ => self.scroll,
        }
        .min(max);
        Flow::Stay
    }

    pub fn view(&self, v: &View) -> Vec<Line<'static>> {
        let lines = self.lines(v);
        let height = usize::from(v.height);
        let total = lines.len();
        let mut out: Vec<Line<'static>> = lines.into_iter().skip(self.scroll).collect();
        if total > height && height > 0 {
            out.truncate(height.saturating_sub(1));
            let shown = (self.scroll + height - 1).min(total);
            out.push(Line::styled(
                format!(
                    "── lines {}–{shown} of {total}: ↑/↓ PgUp/PgDn to scroll ──",
                    self.scroll + 1
                ),
                v.theme.dim(),
            ));
        }
        out
    }
}
