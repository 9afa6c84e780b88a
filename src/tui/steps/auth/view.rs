//! How the Auth step looks: the method, then each field with its check under it.

use ratatui::text::Line;

use super::{AuthStep, Focus};
use crate::domain::auth::AuthKind;
use crate::domain::names::{AccountId, ExternalId, IamName};
use crate::tui::steps::{View, form};
use crate::tui::widgets::text_input::TextInput;

impl AuthStep {
    pub(super) fn lines(&self, default_name: &str, v: &View) -> Vec<Line<'static>> {
        let mut out = vec![form::label("Auth method", self.focus == Focus::Kind, v)];
        for (i, k) in AuthKind::ALL.iter().enumerate() {
            out.push(form::row(
                k.title(),
                "",
                i == self.kind.selected,
                self.focus == Focus::Kind,
                v,
            ));
        }
        out.push(Line::default());
        let check = |t: &TextInput, f: fn(&str) -> Result<(), String>| {
            let v = t.value().trim();
            (!v.is_empty()).then(|| f(v).map(|()| "✓".to_string()))
        };
        let iam = |s: &str| IamName::parse(s).map(drop).map_err(|e| e.reason);
        let (title, placeholder) = match self.kind() {
            AuthKind::SecretKey => ("IAM user name", default_name),
            AuthKind::RoleArn => ("IAM role name", default_name),
        };
        let name_msg = check(&self.name, iam).or_else(|| {
            // Both integrations: the name is the stem of one principal per integration.
            self.both
                .then(|| Ok("one per integration: NAME-currents, NAME-data-export".to_string()))
        });
        form::text(
            &mut out,
            title,
            &self.name,
            self.focus == Focus::Name,
            placeholder,
            name_msg,
            v,
        );
        if self.kind() == AuthKind::RoleArn {
            let account = |s: &str| AccountId::parse(s).map(drop).map_err(|e| e.reason);
            let external = |s: &str| ExternalId::parse(s).map(drop).map_err(|e| e.reason);
            let msg = check(&self.account, account);
            let hint = "12 digits, from the Braze page";
            form::text(
                &mut out,
                "Braze's AWS account ID",
                &self.account,
                self.focus == Focus::Account,
                hint,
                msg,
                v,
            );
            let msg = check(&self.external, external);
            let (label, hint) = if self.both {
                ("Currents external ID", "from the Currents page")
            } else {
                ("External ID", "from the Braze page")
            };
            form::text(
                &mut out,
                label,
                &self.external,
                self.focus == Focus::External,
                hint,
                msg,
                v,
            );
            if self.both {
                let msg = check(&self.export_external, external);
                form::text(
                    &mut out,
                    "Data export external ID",
                    &self.export_external,
                    self.focus == Focus::ExportExternal,
                    "from Technology Partners → Amazon S3 (empty: same as Currents)",
                    msg,
                    v,
                );
            }
        }
        for p in &self.problems {
            out.push(form::problem(p, v));
        }
        out
    }
}
