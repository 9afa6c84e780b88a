//! The connector's name on the Options step: it follows the bucket name until typed, is
//! validated as typed, and on Enter is looked up among the saved connectors. A saved connector
//! of that name is never overwritten silently: the person chooses to update it (the plan then
//! shows what changes), to pick a new name, or to cancel.

use ratatui::text::{Line, Span};

use super::super::{View, form};
use crate::domain::names::ConnectorName;
use crate::engine::Saved;
use crate::tui::action::TaskId;
use crate::tui::widgets::text_input::{Edit, TextInput};

/// The three answers to "a saved connector has this name".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Update,
    NewName,
    Cancel,
}

impl Pick {
    pub const ALL: [Pick; 3] = [Pick::Update, Pick::NewName, Pick::Cancel];

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Pick::Update => (
                "Update it",
                "the plan then shows what changes against its saved profile",
            ),
            Pick::NewName => (
                "New name",
                "keep the saved connector and name this one differently",
            ),
            Pick::Cancel => ("Cancel", "quit the wizard; nothing was changed"),
        }
    }
}

/// A saved connector has the typed name: what the look-up found, and the highlighted pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: ConnectorName,
    pub saved: Saved,
    pub pick: Pick,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameField {
    pub input: TextInput,
    /// Typed (or given on the command line): it no longer follows the bucket name.
    typed: bool,
    /// The running look-up of saved connectors.
    pub task: Option<TaskId>,
    /// Asked once a saved connector has the name.
    pub choice: Option<Choice>,
    /// The saved connector the person chose to update: Enter goes on without asking again.
    pub confirmed: Option<ConnectorName>,
}

impl NameField {
    pub fn new(given: Option<&str>) -> NameField {
        NameField {
            input: TextInput::new(given.unwrap_or_default()),
            typed: given.is_some(),
            task: None,
            choice: None,
            confirmed: None,
        }
    }

    /// Until typed, the name is the bucket's (as `Draft::build` defaults it).
    pub fn follow(&mut self, bucket: Option<&str>) {
        if !self.typed {
            self.input = TextInput::new(bucket.unwrap_or_default().trim());
        }
    }

    pub fn edit(&mut self, edit: &Edit) -> bool {
        let changed = self.input.edit(edit);
        self.typed |= changed;
        changed
    }

    pub fn parsed(&self) -> Result<ConnectorName, String> {
        ConnectorName::parse(self.input.value().trim()).map_err(|e| e.reason)
    }

    /// The look-up's answer: a saved connector of this name asks first (unless the person
    /// already chose to update it); `Some` hands the answer on.
    pub fn looked_up(&mut self, name: ConnectorName, saved: Saved) -> Option<Saved> {
        if saved.same_name.is_some() && self.confirmed.as_ref() != Some(&name) {
            self.choice = Some(Choice {
                name,
                saved,
                pick: Pick::Update,
            });
            return None;
        }
        Some(saved)
    }

    /// Moves the highlighted pick by `by` (wrapping).
    pub fn move_pick(&mut self, by: isize) {
        if let Some(c) = &mut self.choice {
            c.pick = form::cycle(&Pick::ALL, c.pick, by);
        }
    }

    /// The name's field: its problem as typed, or that the look-up runs.
    pub fn lines(&self, out: &mut Vec<Line<'static>>, focused: bool, v: &View) {
        let message = match self.parsed() {
            Err(reason) => Some(Err(reason)),
            Ok(_) if self.task.is_some() => Some(Ok("looking at saved connectors…".into())),
            Ok(_) if !self.typed => Some(Ok("defaults to the bucket's name".into())),
            Ok(_) => None,
        };
        form::text(out, "Connector name", &self.input, focused, "", message, v);
    }
}

/// The question, in place of the step's fields.
pub fn choice_lines(c: &Choice, v: &View) -> Vec<Line<'static>> {
    let t = v.theme;
    let mut out = vec![Line::from(Span::styled(
        format!("A saved connector is already called {}.", c.name),
        t.label(),
    ))];
    if let Some(a) = &c.saved.same_name {
        out.push(Line::from(format!(
            "  {} · bucket {} · {}",
            a.integration.title(),
            a.bucket,
            a.region
        )));
    }
    out.push(Line::from(
        "Setting it up again rewrites its profile. What now?",
    ));
    out.push(Line::default());
    for pick in Pick::ALL {
        let (title, about) = pick.words();
        let chosen = pick == c.pick;
        let mark = if chosen { "  ▸ " } else { "    " };
        let style = if chosen { t.focus() } else { t.text() };
        out.push(Line::from(vec![
            Span::styled(format!("{mark}{title}"), style),
            Span::styled(format!(" — {about}"), t.dim()),
        ]));
    }
    out
}
