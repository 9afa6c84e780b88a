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
/// indent; a word longer than a whole line breaks after a `-` or `/`, and only a piece with
/// no such place that is still longer than a line is cut. Styles (span and line) are kept.
pub fn hanging(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    hanging_at(line, width, indent_of(&text))
}

/// A word's pieces: each ends after a `-` or `/` (the last one where the word ends).
fn pieces(word: &[(char, Style)]) -> Vec<&[(char, Style)]> {
    word.split_inclusive(|(c, _)| matches!(c, '-' | '/'))
        .collect()
}

/// Puts `cells` on the rows from column `col`, starting a new (indented) row whenever one is
/// full: this is where a piece longer than a row is cut.
fn place(
    rows: &mut Vec<Vec<(char, Style)>>,
    col: &mut usize,
    cells: &[(char, Style)],
    width: usize,
    indent: usize,
) {
    for &(c, style) in cells {
        let w = char_width(c);
        if *col + w > width {
            rows.push(vec![(' ', Style::new()); indent]);
            *col = indent;
        }
        if let Some(r) = rows.last_mut() {
            r.push((c, style));
        }
        *col += w;
    }
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
        } else if col + run_width <= width {
            place(&mut rows, &mut col, run, width, indent);
        } else {
            let pieces = pieces(run);
            // A word that fits a row of its own goes there whole; so does one with no place
            // to break (it is cut only when even a row of its own is too narrow).
            if !fresh && (indent + run_width <= width || pieces.len() == 1) {
                rows.push(vec![(' ', Style::new()); indent]);
                col = indent;
                continue;
            }
            // A name longer than a row breaks after a `-` or `/`, never inside a piece that
            // fits a row.
            for piece in pieces {
                let piece_width: usize = piece.iter().map(|(c, _)| char_width(*c)).sum();
                if col + piece_width > width && col > indent {
                    rows.push(vec![(' ', Style::new()); indent]);
                    col = indent;
                }
                place(&mut rows, &mut col, piece, width, indent);
            }
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
mod tests;
