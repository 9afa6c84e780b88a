//! The home screen: header, the connectors table, a status line, the footer, and whatever is
//! over the table (a question, a running action, a result, the help). A pure function of
//! `Home`. Table cells are cut with `…` to their column, never wrapped.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::panels;
use super::state::{Ages, Home, Row, Screen};
use crate::domain::drift::KEY_AGE_WARN_DAYS;
use crate::tui::widgets::too_small;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Fixed columns: integration, auth, last test, key age.
const FIXED: [usize; 4] = [11, 10, 10, 7];

pub fn render(home: &Home, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(home, frame, area);
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(home, frame, header);
    if let Screen::Detail { detail, scroll } = &home.screen {
        panels::detail(home, detail, *scroll, frame, body);
    } else {
        frame.render_widget(Paragraph::new(table_lines(home, body)), body);
    }
    frame.render_widget(status_line(home, status.width), status);
    frame.render_widget(panels::footer(home, footer.width), footer);
    match &home.screen {
        Screen::Confirm(confirm) => panels::confirm(home, confirm, frame, body),
        Screen::Running(job) => panels::running(home, job, frame, body),
        _ => {}
    }
    if home.help {
        panels::help(home, frame, body);
    }
}

fn render_header(home: &Home, frame: &mut Frame, area: Rect) {
    let t = home.theme;
    let badge = if home.sandbox { " sandbox " } else { "" };
    let [title, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(badge.chars().count() as u16),
    ])
    .areas(area);
    let count = home.rows.len();
    frame.render_widget(
        Line::from(vec![
            Span::styled(" braze-s3 ", t.title()),
            Span::styled(format!("connectors · {count} saved"), t.dim()),
        ]),
        title,
    );
    frame.render_widget(Span::styled(badge, t.warn()), right);
}

/// `text` cut to `width` columns with `…`, padded to it.
pub fn fit(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return format!("{text:<width$}");
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Widths of name and bucket/folder: what the fixed columns leave, 2:3.
fn flexible(width: u16) -> (usize, usize) {
    let rest = usize::from(width).saturating_sub(2 + FIXED.iter().sum::<usize>() + 5);
    let name = rest * 2 / 5;
    (name, rest - name)
}

/// "3h", "2d": an age in one short word.
pub fn short_age(secs: u64) -> String {
    match secs {
        0..60 => "<1m".into(),
        60..3600 => format!("{}m", secs / 60),
        3600..172_800 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

fn last_test(home: &Home, row: &Row) -> (String, Style) {
    let t = home.theme;
    let Some(test) = row.profile.as_ref().and_then(|p| p.last_test.as_ref()) else {
        return ("never".into(), t.dim());
    };
    let age = humantime::parse_rfc3339_weak(&test.at)
        .ok()
        .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or("?".into(), |at| {
            format!(
                "{} ago",
                short_age(home.epoch_now().saturating_sub(at.as_secs()))
            )
        });
    if test.passed {
        (format!("✓ {age}"), t.ok())
    } else {
        (format!("✗ {age}"), t.error())
    }
}

fn key_age(home: &Home, row: &Row) -> (String, Style) {
    let t = home.theme;
    match &row.ages {
        Ages::Loading => ("…".into(), t.dim()),
        Ages::Unknown => ("?".into(), t.dim()),
        Ages::NoKey => ("—".into(), t.dim()),
        Ages::Known(ages) => {
            let oldest = ages.iter().filter_map(|a| a.created).min();
            match oldest {
                None => ("?".into(), t.dim()),
                Some(at) => {
                    let secs = home.epoch_now().saturating_sub(at);
                    if secs / 86_400 > KEY_AGE_WARN_DAYS {
                        (format!("{} !", short_age(secs)), t.warn())
                    } else {
                        (short_age(secs), t.text())
                    }
                }
            }
        }
    }
}

fn table_lines(home: &Home, area: Rect) -> Vec<Line<'static>> {
    let t = home.theme;
    let (name_w, bucket_w) = flexible(area.width);
    let [integ_w, auth_w, test_w, age_w] = FIXED;
    let heading = format!(
        "  {} {} {} {} {} {}",
        fit("NAME", name_w),
        fit("INTEGRATION", integ_w),
        fit("AUTH", auth_w),
        fit("BUCKET/FOLDER", bucket_w),
        fit("LAST TEST", test_w),
        fit("KEY AGE", age_w)
    );
    let mut lines = vec![Line::styled(heading, t.label())];
    let visible = home.visible();
    if home.rows.is_empty() {
        lines.push(Line::styled(
            "  No connectors saved: `n` makes one.",
            t.dim(),
        ));
    } else if visible.is_empty() {
        lines.push(Line::styled(
            fit(
                &format!(
                    "  No connector matches “{}”: Esc clears the filter.",
                    home.filter
                ),
                usize::from(area.width),
            ),
            t.dim(),
        ));
    }
    let rows = usize::from(area.height).saturating_sub(1).max(1);
    let offset = home.selected.saturating_sub(rows - 1);
    for (pos, &i) in visible.iter().enumerate().skip(offset).take(rows) {
        let row = &home.rows[i];
        let selected = pos == home.selected;
        let mark = if selected { "> " } else { "  " };
        let mut spans = vec![Span::raw(mark), Span::raw(fit(&row.name, name_w))];
        match &row.profile {
            None => {
                let error = row.error.as_deref().unwrap_or("unreadable");
                let rest = usize::from(area.width).saturating_sub(2 + name_w + 1);
                spans.push(Span::raw(" "));
                spans.push(Span::styled(
                    fit(&format!("unreadable: {error}"), rest),
                    t.error(),
                ));
            }
            Some(p) => {
                let a = &p.answers;
                let (test, test_style) = last_test(home, row);
                let (age, age_style) = key_age(home, row);
                spans.extend([
                    Span::raw(format!(" {}", fit(a.integration.slug(), integ_w))),
                    Span::raw(format!(" {}", fit(a.auth.kind().slug(), auth_w))),
                    Span::raw(format!(" {}", fit(&a.location(), bucket_w))),
                    Span::raw(" "),
                    Span::styled(fit(&test, test_w), test_style),
                    Span::raw(" "),
                    Span::styled(fit(&age, age_w), age_style),
                ]);
            }
        }
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(t.selected())
        } else {
            line
        });
    }
    lines
}

fn status_line(home: &Home, width: u16) -> Line<'static> {
    let t = home.theme;
    let width = usize::from(width);
    if home.filtering {
        return Line::from(vec![
            Span::styled(" / ", t.key()),
            Span::raw(fit(
                &format!("filter: {}▏", home.filter),
                width.saturating_sub(3),
            )),
        ]);
    }
    if let Some(status) = &home.status {
        return Line::styled(fit(&format!(" {status}"), width), t.warn());
    }
    if !home.filter.is_empty() {
        let shown = home.visible().len();
        return Line::styled(
            fit(
                &format!(
                    " filter “{}”: {shown} of {} · Esc clears",
                    home.filter,
                    home.rows.len()
                ),
                width,
            ),
            t.dim(),
        );
    }
    Line::default()
}

fn too_small(home: &Home, frame: &mut Frame, area: Rect) {
    too_small::render(
        frame,
        area,
        home.theme,
        "the home screen",
        (MIN_WIDTH, MIN_HEIGHT),
        "Ctrl-C stops a running action, or quits.",
    );
}
