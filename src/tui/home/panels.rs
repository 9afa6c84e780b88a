//! What the home screen shows over its table: the footer's keys, a question, a running
//! action (spinner and elapsed time), a result, the help.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::detail;
use super::state::{Confirm, Detail, Home, Job, JobKind, Screen};
use super::view::fit;
use crate::tui::widgets::{spinner, wrap};

/// Every key of the table, for the footer and the help.
pub const KEYS: &[(&str, &str, &str)] = &[
    ("↑/↓", "select", "select a connector (also k/j)"),
    ("n", "new", "a new connector: opens the setup wizard"),
    (
        "t",
        "test",
        "the live test, as Braze's Test Credentials runs it",
    ),
    (
        "d",
        "doctor",
        "the live test plus drift, key age, Braze's newest file",
    ),
    ("r", "rotate", "a second key, tested and saved (asks first)"),
    ("w", "watch", "wait for Braze's files to land"),
    (
        "x",
        "teardown",
        "delete what braze-s3 created (type the name to confirm)",
    ),
    ("/", "filter", "show only connectors matching what you type"),
    ("?", "help", "this help"),
    ("q", "quit", "leave (Esc too; Esc first clears a filter)"),
];

/// Keys the help lists beyond the footer's.
const MORE_KEYS: &[(&str, &str)] = &[
    (
        "Esc",
        "cancels a running action (a teardown runs to its end); closes a result",
    ),
    ("Ctrl-C", "cancels a running action too; with none, quits"),
    ("v", "on a rotation's result: reveals the new secret"),
];

fn keys_line(home: &Home, keys: &[(&str, &str)], width: u16) -> Line<'static> {
    let t = home.theme;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    // Two spaces between keys when they all fit so, else one.
    let total: usize = keys
        .iter()
        .map(|(k, w)| 3 + k.chars().count() + w.chars().count())
        .sum();
    let gap = if total < usize::from(width) {
        "  "
    } else {
        " "
    };
    for (i, (key, what)) in keys.iter().enumerate() {
        let sep = if i > 0 { gap } else { "" };
        let len = sep.len() + key.chars().count() + 1 + what.chars().count();
        if used + len > usize::from(width) {
            spans.push(Span::styled("…", t.dim()));
            break;
        }
        used += len;
        spans.push(Span::raw(sep));
        spans.push(Span::styled(key.to_string(), t.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

pub fn footer(home: &Home, width: u16) -> Line<'static> {
    let keys: Vec<(&str, &str)> = if home.help {
        vec![("any key", "closes help")]
    } else {
        match &home.screen {
            Screen::Table if home.filtering => {
                vec![
                    ("Enter", "keep filter"),
                    ("Esc", "clear"),
                    ("Backspace", "erase"),
                ]
            }
            Screen::Table => KEYS
                .iter()
                .skip(1)
                .map(|(k, short, _)| (*k, *short))
                .collect(),
            Screen::Confirm(Confirm::Rotate { .. }) => {
                vec![("y", "rotate"), ("any other key", "cancel")]
            }
            Screen::Confirm(Confirm::Teardown { .. }) => {
                vec![("Enter", "confirm"), ("Esc", "cancel")]
            }
            Screen::Running(job) if job.kind == JobKind::Teardown => {
                vec![("", "a teardown runs to its end")]
            }
            Screen::Running(_) => vec![("Esc", "cancel"), ("Ctrl-C", "cancel")],
            Screen::Detail {
                detail: Detail::Rotated { .. },
                ..
            } => {
                vec![
                    ("↑/↓", "scroll"),
                    ("v", "reveal secret"),
                    ("any other key", "back"),
                ]
            }
            Screen::Detail { .. } => vec![("↑/↓", "scroll"), ("any other key", "back")],
        }
    };
    keys_line(home, &keys, width)
}

/// A bordered box centred in `body`, at most 76 columns wide, high enough for `lines`.
fn popup(home: &Home, title: String, lines: Vec<Line<'static>>, frame: &mut Frame, body: Rect) {
    let width = body.width.saturating_sub(4).min(76);
    let lines = wrap::lines(lines, width.saturating_sub(4));
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(body.height);
    let [area] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(body);
    let [area] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(home.theme.focus())
        .title(Span::styled(title, home.theme.title()))
        .padding(ratatui::widgets::Padding::horizontal(1));
    // The rows it covers are cleared across: nothing half-hidden peeks out beside it.
    frame.render_widget(Clear, Rect::new(body.x, area.y, body.width, area.height));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

pub fn confirm(home: &Home, confirm: &Confirm, frame: &mut Frame, body: Rect) {
    let t = home.theme;
    let (title, lines) = match confirm {
        Confirm::Rotate { name } => (
            format!(" Rotate the key of {name}? "),
            vec![
                Line::from(
                    "A second access key is made, tested as Braze would, and saved in the profile next to the old key's ID.",
                ),
                Line::from(format!(
                    "The old key keeps working until `braze-s3 rotate {name} --finish` deletes it, once Braze uses the new one."
                )),
                Line::default(),
                Line::styled("y rotates · any other key cancels", t.dim()),
            ],
        ),
        Confirm::Teardown { name, typed } => (
            format!(" Tear down {name}? "),
            vec![
                Line::from(format!(
                    "Deletes the IAM user or role, its policies and keys that braze-s3 created for {name}, in the journal's order. The bucket is kept: it may hold exports."
                )),
                Line::styled(
                    "Braze's connector stops working. This can't be undone.",
                    t.warn(),
                ),
                Line::default(),
                Line::from(vec![
                    Span::raw(format!("Type {name} to confirm: ")),
                    Span::styled(format!("{typed}▏"), t.focus()),
                ]),
                Line::styled("Enter confirms · Esc cancels", t.dim()),
            ],
        ),
    };
    popup(home, title, lines, frame, body);
}

pub fn running(home: &Home, job: &Job, frame: &mut Frame, body: Rect) {
    let t = home.theme;
    let elapsed = spinner::elapsed(home.now.saturating_duration_since(job.started));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", spinner::frame(home.tick)), t.focus()),
        Span::raw(format!("{} {}… {elapsed}", job.kind.doing(), job.name)),
    ])];
    if let Some(progress) = &job.progress {
        lines.push(Line::styled(format!("  {progress}"), t.dim()));
    }
    if job.kind == JobKind::Watch {
        match &job.seen {
            None => lines.push(Line::styled("  looking…", t.dim())),
            Some(seen) if seen.is_empty() && job.lines.is_empty() => lines.push(Line::styled(
                "  no files from Braze yet: Currents writes every 5 minutes or 15,000 events (\"Send Test Events\" in Braze makes some)",
                t.dim(),
            )),
            Some(_) => {}
        }
    }
    // The newest lines that fit: a popup never takes more than the body.
    let room = usize::from(body.height).saturating_sub(6);
    let skip = job.lines.len().saturating_sub(room);
    lines.extend(
        job.lines
            .iter()
            .skip(skip)
            .map(|l| Line::from(format!("  {l}"))),
    );
    lines.push(Line::default());
    lines.push(Line::styled(
        if job.kind == JobKind::Teardown {
            "A teardown can't stop halfway: each deletion is journaled."
        } else {
            "Esc or Ctrl-C cancels this action (not the app)."
        },
        t.dim(),
    ));
    popup(home, format!(" {} ", job.name), lines, frame, body);
}

pub fn detail(home: &Home, detail: &Detail, scroll: usize, frame: &mut Frame, body: Rect) {
    let t = home.theme;
    let (title, lines) = detail::lines(home, detail);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border())
        .title(Span::styled(format!(" {title} "), t.title()))
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(body);
    let lines = wrap::lines(lines, inner.width);
    let rows = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let more = lines.len() > scroll + rows;
    let mut shown: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(rows).collect();
    if more && let Some(last) = shown.last_mut() {
        *last = Line::styled(fit("↓ more: ↑/↓ scroll", usize::from(inner.width)), t.dim());
    }
    frame.render_widget(Paragraph::new(shown).block(block), body);
}

pub fn help(home: &Home, frame: &mut Frame, body: Rect) {
    let t = home.theme;
    let mut lines = vec![
        Line::from(
            "Your saved connectors, with their last live test and key age. Pick one and press a key; long actions show a spinner and Esc cancels them.",
        ),
        Line::default(),
    ];
    for (key, _, help) in KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!("{key:<7}"), t.key()),
            Span::raw(help.to_string()),
        ]));
    }
    for (key, help) in MORE_KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!("{key:<7}"), t.key()),
            Span::raw(help.to_string()),
        ]));
    }
    popup(home, " Help: connectors ".into(), lines, frame, body);
}
