//! The Done screen: every value on one row (or, when too long, on its own row under its
//! label), never wrapped; truncated with `…` only when even that row is too narrow. When it
//! all doesn't fit, the window follows the chosen field.

use ratatui::text::{Line, Span};
use secrecy::ExposeSecret;

use super::super::View;
use super::{DoneStep, Value};
use crate::engine::Verdict;
use crate::tui::widgets::{scroll, wrap};

/// Where the chosen field's value starts when stacked under its label.
const STACK_INDENT: usize = 5;

/// `text` cut to `width` characters, the last one `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` cut from the left to `width` characters, the first one `…` when cut (a path keeps
/// its file name).
pub fn fit_left(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n + 1 - width.max(1)).collect();
    format!("…{tail}")
}

impl DoneStep {
    /// The value as shown: a secret is masked until revealed.
    fn shown(&self, value: &Value) -> String {
        match value {
            Value::Plain(p) => p.clone(),
            Value::Secret(s) if self.reveal => s.expose_secret().to_string(),
            Value::Secret(_) => "•".repeat(20),
        }
    }

    /// The screen's lines, wrapped to the width, and the line of the chosen field.
    fn lines(&self, v: &View) -> (Vec<Line<'static>>, usize) {
        let t = v.theme;
        let width = usize::from(v.width);
        let label_w = self.fields.iter().map(|f| f.label.len()).max().unwrap_or(0);
        let mut out = Vec::new();
        let mut chosen = 0;
        for (i, f) in self.fields.iter().enumerate() {
            // Each integration's credential is headed by the Braze page it goes into.
            if i == 0 || self.fields[i - 1].integration != f.integration {
                if i > 0 {
                    out.push(Line::default());
                }
                let page = f.integration;
                let heading = Line::styled(
                    format!("In Braze: {}: {}", page.title(), page.braze_location()),
                    t.label(),
                );
                out.extend(wrap::lines(vec![heading], v.width));
                out.push(Line::default());
            }
            let selected = i == self.pick.selected;
            if selected {
                chosen = out.len();
            }
            let marker = Span::raw(if selected { " ▸ " } else { "   " });
            let value = self.shown(&f.value);
            let style = if selected { t.selected() } else { t.text() };
            if 3 + label_w + 2 + value.chars().count() <= width {
                out.push(Line::from(vec![
                    marker,
                    Span::styled(format!("{:<label_w$}", f.label), t.label()),
                    Span::raw("  "),
                    Span::styled(value, style),
                ]));
            } else {
                out.push(Line::from(vec![marker, Span::styled(f.label, t.label())]));
                let room = width.saturating_sub(STACK_INDENT);
                out.push(Line::from(vec![
                    Span::raw(" ".repeat(STACK_INDENT)),
                    Span::styled(fit(&value, room), style),
                ]));
            }
        }
        out.push(Line::default());
        out.extend(wrap::lines(self.notes(v), v.width));
        if let Some(Ok(path)) = &self.saved {
            out.push(Line::from("Connector profile saved to"));
            out.push(Line::from(format!(
                "  {}",
                fit_left(path, width.saturating_sub(2))
            )));
        }
        (out, chosen)
    }

    fn notes(&self, v: &View) -> Vec<Line<'static>> {
        let t = v.theme;
        let mut out = Vec::new();
        if self.has_secret() {
            out.push(Line::styled(self.secret_note(), t.warn()));
        }
        if let Some(Err(e)) = &self.saved {
            out.push(Line::styled(
                format!("✗ the profile was not saved: {e}"),
                t.error(),
            ));
        }
        let passed = match &self.verdict {
            Some(Verdict::Passed) => "Live test passed. ",
            Some(Verdict::Unreachable(_)) => {
                "The live test could not reach the endpoint, so these are untested. "
            }
            _ => "The live test did not pass: see the Test step. ",
        };
        let passed_ok = self.verdict == Some(Verdict::Passed);
        if self.sandbox {
            out.push(Line::styled(
                format!("{passed}Sandbox values: Braze can't use them, and they end with the wizard (`braze-s3 sandbox` + --endpoint-url keeps one)."),
                t.warn(),
            ));
        } else if self.local {
            out.push(Line::styled(
                format!("{passed}Values of an endpoint on this machine: Braze can't reach it."),
                t.warn(),
            ));
        } else if passed_ok {
            out.push(Line::styled(
                "Live test passed. In Braze, press Test Credentials, then save.",
                t.ok(),
            ));
        } else {
            out.push(Line::styled(passed, t.warn()));
        }
        out
    }

    /// Where the secret is kept: in the saved profile, or nowhere (shown only now).
    fn secret_note(&self) -> &'static str {
        if self.store_secret && matches!(self.saved, Some(Ok(_))) {
            "The secret is kept in the connector profile below (only you can read it), never in a log."
        } else {
            "The secret is shown only now and kept nowhere: enter it in Braze before leaving."
        }
    }

    pub(super) fn lines_in_view(&self, v: &View) -> Vec<Line<'static>> {
        let (lines, chosen) = self.lines(v);
        let rows = usize::from(v.height);
        if lines.len() <= rows {
            return lines;
        }
        // The window follows the chosen field; on the last one it shows the end (the notes).
        let top = if self.pick.selected + 1 >= self.fields.len() {
            usize::MAX
        } else {
            chosen.saturating_sub(rows / 3)
        };
        scroll::window(lines, top, v.height, v.theme)
    }
}
