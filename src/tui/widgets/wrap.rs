//! Word wrap with a hanging indent: a long line continues under its own text, not under its
//! mark (`✓`, `·`, `3.`, `[x]`…) nor at the left edge. ratatui's `Wrap` starts every
//! continuation at column 0, which breaks the indented lists of the Plan and Apply steps.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Every line of `lines` wrapped to `width` columns.
pub fn lines(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|l| hanging(l, usize::from(width)))
        .collect()
}

fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    Span::raw(&*c.encode_utf8(&mut buf)).width()
}

/// A list mark: a short word of symbols (`✓`, `⠋`, `●`, `[x]`, `!`) or a number (`12.`).
fn is_mark(word: &str) -> bool {
    let n = word.chars().count();
    let numbered =
        n >= 2 && word.ends_with('.') && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit());
    numbered || word == "[x]" || (n <= 3 && !word.chars().any(char::is_alphanumeric))
}

/// The column continuation lines start at: after the leading spaces and any list marks.
pub fn indent_of(text: &str) -> usize {
    let mut col = 0;
    let mut rest = text;
    loop {
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        col += spaces;
        rest = &rest[spaces..];
        let word_len = rest.find(' ').unwrap_or(rest.len());
        let word = &rest[..word_len];
        // A mark counts only when text follows it.
        if word.is_empty() || !is_mark(word) || word_len == rest.len() {
            return col;
        }
        col += word.chars().map(char_width).sum::<usize>();
        rest = &rest[word_len..];
    }
}

/// `line` wrapped at spaces to `width` columns, continuation lines indented to its hanging
/// indent; a word longer than a whole line is cut. Styles (span and line) are kept.
pub fn hanging(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    hanging_at(line, width, indent_of(&text))
}

/// `line` wrapped to `width` columns, continuation lines indented by `indent` (at most half
/// the width).
pub fn hanging_at(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    if width == 0 || line.width() <= width {
        return vec![line];
    }
    let indent = indent.min(width / 2);
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut rows: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut col = 0;
    let mut i = 0;
    while i < cells.len() {
        // The next run: spaces, or a word up to the next space.
        let space = cells[i].0 == ' ';
        let end = (i..cells.len())
            .find(|&j| (cells[j].0 == ' ') != space)
            .unwrap_or(cells.len());
        let run = &cells[i..end];
        let run_width: usize = run.iter().map(|(c, _)| char_width(*c)).sum();
        // Nothing but the indent (and marks) on this row yet.
        let fresh = col <= indent;
        if space {
            if fresh && rows.len() > 1 {
                // A continuation does not start with the spaces it broke at.
            } else if col + run_width < width {
                if let Some(r) = rows.last_mut() {
                    r.extend_from_slice(run);
                }
                col += run_width;
            } else {
                rows.push(vec![(' ', Style::new()); indent]);
                col = indent;
            }
        } else if col + run_width <= width || fresh {
            for &(c, style) in run {
                let w = char_width(c);
                if col + w > width {
                    rows.push(vec![(' ', Style::new()); indent]);
                    col = indent;
                }
                if let Some(r) = rows.last_mut() {
                    r.push((c, style));
                }
                col += w;
            }
        } else {
            rows.push(vec![(' ', Style::new()); indent]);
            col = indent;
            continue;
        }
        i = end;
    }
    while rows.len() > 1
        && rows
            .last()
            .is_some_and(|r| r.iter().all(|(c, _)| *c == ' '))
    {
        rows.pop();
    }
    rows.into_iter()
        .map(|mut row| {
            while row.len() > 1 && row.last().is_some_and(|(c, _)| *c == ' ') {
                row.pop();
            }
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (c, style) in row {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            let mut out = Line::from(spans).style(line.style);
            out.alignment = line.alignment;
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn continuation_lines_hang_under_the_text() {
        let cases: [(&str, usize, &[&str]); 2] = [
            (
                "     5. attach policy braze-s3-a-currents to user braze-s3-a",
                40,
                &[
                    "     5. attach policy",
                    "        braze-s3-a-currents to user",
                    "        braze-s3-a",
                ],
            ),
            (
                " ✓ attach policy x to user braze-s3-braze-export-abc  8ms",
                30,
                &[
                    " ✓ attach policy x to user",
                    "   braze-s3-braze-export-abc",
                    "   8ms",
                ],
            ),
        ];
        for (line, width, want) in cases {
            assert_eq!(text(&hanging(Line::from(line), width)), want, "{line}");
        }
    }

    #[test]
    fn indents_skip_marks_only() {
        assert_eq!(indent_of("  In Braze: Currents"), 2);
        assert_eq!(indent_of("▸ [x] Limit access"), 6);
        assert_eq!(indent_of("     12. create"), 9);
        assert_eq!(indent_of("✓"), 0);
        assert_eq!(indent_of("plain text"), 0);
    }

    #[test]
    fn long_words_are_cut_and_styles_kept() {
        let style = Style::new().fg(ratatui::style::Color::Red);
        let l = Line::from(vec![Span::raw("  ✗ "), Span::styled("a".repeat(30), style)]);
        let out = hanging(l, 16);
        assert_eq!(
            text(&out),
            ["  ✗ aaaaaaaaaaaa", "    aaaaaaaaaaaa", "    aaaaaa"]
        );
        assert!(out.iter().skip(1).all(|l| l.spans[1].style == style));
        let short = Line::from("fits");
        assert_eq!(hanging(short.clone(), 10), [short]);
    }
}
