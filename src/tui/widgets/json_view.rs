//! Syntax-highlighted JSON (keys, strings, punctuation) for the policy review.

use ratatui::text::{Line, Span};

use super::theme::Theme;

/// One line of pretty-printed JSON as styled spans: a quoted string followed by `:` is a key.
pub fn highlight_line(line: &str, theme: Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = string_end(after);
            let (quoted, tail) = rest.split_at(end + 2);
            let style = if tail.trim_start().starts_with(':') {
                theme.json_key()
            } else {
                theme.json_string()
            };
            spans.push(Span::styled(quoted.to_string(), style));
            rest = tail;
        } else {
            let stop = rest.find('"').unwrap_or(rest.len());
            let (plain, tail) = rest.split_at(stop);
            spans.push(Span::styled(plain.to_string(), theme.json_punct()));
            rest = tail;
        }
    }
    Line::from(spans)
}

/// Byte offset of the closing quote in `s` (which starts just after the opening quote),
/// or the last byte when the string is unterminated.
fn string_end(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return i,
            _ => escaped = false,
        }
    }
    s.len().saturating_sub(1)
}

/// Every line of `json`, highlighted.
pub fn highlight(json: &str, theme: Theme) -> Vec<Line<'static>> {
    json.lines().map(|l| highlight_line(l, theme)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_strings_get_their_styles_and_text_is_kept() {
        let line = highlight_line(r#"  "Action": ["s3:Put\"Object", 1],"#, Theme::COLOR);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, r#"  "Action": ["s3:Put\"Object", 1],"#);
        assert_eq!(line.spans[1].style, Theme::COLOR.json_key());
        assert_eq!(line.spans[3].style, Theme::COLOR.json_string());
        let odd = highlight_line(r#""unterminated"#, Theme::PLAIN);
        assert_eq!(odd.spans.len(), 1);
    }
}
