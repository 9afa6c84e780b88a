//! The frame around every step: header, step rail, the step's body, footer, help overlay.
//! A pure function of `App`: reads, never mutates, never does I/O.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph};

use super::app::App;
use super::keymap;
use super::steps::StepId;
use super::widgets::stepper::{self, Mark};
use super::widgets::{help, too_small, wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    let t = app.theme;
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mode = if app.shared.plan_only {
        " plan-only: nothing will be changed "
    } else if app.shared.sandbox || app.shared.identity.as_ref().is_some_and(|i| i.sandbox) {
        // The wizard's own sandbox, or an endpoint on this machine: not AWS either way.
        " sandbox "
    } else {
        ""
    };
    let [title, badge] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(mode.chars().count() as u16),
    ])
    .areas(header);
    frame.render_widget(
        Line::from(vec![
            Span::styled(" braze-s3 ", t.title()),
            Span::styled("connect Amazon S3 to Braze", t.dim()),
        ]),
        title,
    );
    frame.render_widget(Span::styled(mode, t.warn()), badge);

    let [rail, content] =
        Layout::horizontal([Constraint::Length(stepper::WIDTH), Constraint::Fill(1)]).areas(body);
    stepper::render(frame, rail, &rail_marks(app), t);
    let step = app.current();
    let block = Block::new()
        .title(Line::from(Span::styled(step.page().heading, t.title())))
        .padding(Padding::new(2, 1, 1, 0));
    let inner = block.inner(content);
    let mut lines = wrap::lines(step.view(&app.shared, &app.view()), inner.width);
    if app.confirm_quit {
        // The question is never below the fold: the step gives way to it.
        let prompt = wrap::lines(confirm_lines(app), inner.width);
        lines.truncate(usize::from(inner.height).saturating_sub(prompt.len()));
        lines.extend(prompt);
    }
    frame.render_widget(Paragraph::new(lines).block(block), content);
    render_footer(app, frame, footer);
    if app.help {
        let help = help::Help {
            title: step.page().title,
            about: step.page().about,
            keys: &keymap::help(step.page().keys),
            scroll: app.help_scroll,
        };
        help::render(frame, body, &help, t);
    }
}

/// Each step's title and where it stands.
fn rail_marks(app: &App) -> Vec<(&'static str, Mark)> {
    StepId::ALL
        .iter()
        .map(|&id| {
            let step = app.steps.get(id);
            let mark = if id == app.step {
                Mark::Current
            } else if app.shared.plan_only && step.page().changes_aws {
                Mark::Skipped
            } else if id < app.step {
                Mark::Done
            } else {
                Mark::Pending
            };
            (step.page().title, mark)
        })
        .collect()
}

/// "Quit now?": what stays in AWS and how to go on or undo it later.
fn confirm_lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme;
    let name = app
        .shared
        .answers
        .as_ref()
        .map_or_else(|| "NAME".to_string(), |a| a.name.to_string());
    vec![
        Line::default(),
        Line::styled("Quit now? The setup is not finished.", t.warn()),
        Line::from(format!(
            "What this run created stays in AWS and is listed in the journal: `braze-s3 resume` goes on, `braze-s3 teardown {name}` deletes it."
        )),
        Line::styled("y quits · any other key stays", t.dim()),
    ]
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let mut spans = vec![Span::raw(" ")];
    let keys = if app.help && app.help_scrolls() {
        vec![
            ("↑/↓".to_string(), "scroll"),
            ("any other key".to_string(), "closes help"),
        ]
    } else if app.help {
        vec![("any key".to_string(), "closes help")]
    } else if app.confirm_quit {
        vec![
            ("y".to_string(), "quit"),
            ("any other key".to_string(), "stays"),
        ]
    } else {
        app.current().footer()
    };
    // A confirmation (e.g. "Copied …") takes the footer until the next key.
    if let (Some(status), false) = (app.current().status(), app.help) {
        spans.push(Span::styled(format!("✓ {status}"), t.ok()));
        frame.render_widget(Line::from(spans), area);
        return;
    }
    for (i, (key, what)) in keys.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim()));
        }
        spans.push(Span::styled(key, t.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    frame.render_widget(Line::from(spans), area);
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    too_small::render(
        frame,
        area,
        app.theme,
        "the wizard",
        (MIN_WIDTH, MIN_HEIGHT),
        "Every answer is kept. Ctrl-C quits.",
    );
}
