//! How the Auth step looks: the method (and any connector to share with), then each field
//! with its check, or its problem, under it.

use ratatui::text::Line;

use super::fields::OWN_ACCOUNT;
use super::share::unusable;
use super::{AuthStep, Focus};
use crate::domain::auth::AuthKind;
use crate::tui::steps::{Shared, View, form};
use crate::tui::widgets::text_input::TextInput;

impl AuthStep {
    pub(super) fn lines(&self, shared: &Shared, v: &View) -> Vec<Line<'static>> {
        let on_kind = self.focus == Focus::Kind;
        let mut out = vec![form::label("Auth method", on_kind, v)];
        for (i, k) in AuthKind::ALL.iter().enumerate() {
            out.push(form::row(
                k.title(),
                "",
                i == self.kind.selected,
                on_kind,
                v,
            ));
        }
        for (i, offer) in self.offers.iter().enumerate() {
            let selected = AuthKind::ALL.len() + i == self.kind.selected;
            let text = format!("Share connector {}'s user and key", offer.name);
            out.push(match unusable(offer, &shared.draft) {
                Some(why) => form::row_unusable(&text, &why, selected, on_kind, v),
                None => {
                    let folder = offer.folder.as_ref().map_or("", |f| f.as_str());
                    form::row(&text, &format!("folder: {folder}"), selected, on_kind, v)
                }
            });
        }
        if !self.offers.is_empty() {
            out.push(form::note(
                "      Braze allows several Currents connectors to share credentials, each with its own folder.",
                v,
            ));
        }
        for p in &self.problems {
            out.push(form::problem(p, v));
        }
        out.push(Line::default());
        if let Some(offer) = self.sharing() {
            out.push(form::note(
                &format!(
                    "No new user or key: this connector uses {}'s user {} and key, and its policy is extended to this connector's folder.",
                    offer.name, offer.user
                ),
                v,
            ));
            return out;
        }
        self.fields(&mut out, shared, v);
        out
    }

    fn fields(&self, out: &mut Vec<Line<'static>>, shared: &Shared, v: &View) {
        let default_name = shared
            .draft
            .bucket
            .as_deref()
            .map(|b| format!("braze-s3-{b}"))
            .unwrap_or_default();
        let title = match self.kind() {
            AuthKind::SecretKey => "IAM user name",
            AuthKind::RoleArn => "IAM role name",
        };
        let name_msg = self.message(Focus::Name, &self.name).or_else(|| {
            // Both integrations: the name is the stem of one principal per integration.
            self.both
                .then(|| Ok("one per integration: NAME-currents, NAME-data-export".to_string()))
        });
        let focused = |f| self.focus == f;
        form::text(
            out,
            title,
            &self.name,
            focused(Focus::Name),
            &default_name,
            name_msg,
            v,
        );
        if self.kind() != AuthKind::RoleArn {
            return;
        }
        // A warning, not a refusal: the person's own account is almost surely a slip.
        let own_account = self.invalid(Focus::Account).is_none()
            && shared
                .identity
                .as_ref()
                .is_some_and(|id| id.account == self.account.value().trim());
        let msg = match own_account {
            true => None,
            false => self.message(Focus::Account, &self.account),
        };
        let hint = "12 digits, from the Braze page";
        let label = "Braze's AWS account ID";
        form::text(
            out,
            label,
            &self.account,
            focused(Focus::Account),
            hint,
            msg,
            v,
        );
        if own_account {
            // Under the field, above the blank line that ends it.
            let at = out.len().saturating_sub(1);
            out.insert(
                at,
                Line::styled(format!("    ! {OWN_ACCOUNT}"), v.theme.warn()),
            );
        }
        let msg = self.message(Focus::External, &self.external);
        let (label, hint) = if self.both {
            ("Currents external ID", "from the Currents page")
        } else {
            ("External ID", "from the Braze page")
        };
        form::text(
            out,
            label,
            &self.external,
            focused(Focus::External),
            hint,
            msg,
            v,
        );
        if self.both {
            let msg = self.message(Focus::ExportExternal, &self.export_external);
            form::text(
                out,
                "Data export external ID",
                &self.export_external,
                focused(Focus::ExportExternal),
                "from Technology Partners → Amazon S3 (empty: same as Currents)",
                msg,
                v,
            );
        }
    }

    /// Under a field: its problem, else ✓ once it holds a value.
    fn message(&self, field: Focus, input: &TextInput) -> Option<Result<String, String>> {
        match self.problem_of(field) {
            Some(problem) => Some(Err(problem)),
            None => (!input.value().trim().is_empty()).then(|| Ok("✓".to_string())),
        }
    }
}
