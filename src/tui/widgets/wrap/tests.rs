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

/// Issue 12, item 9: a long name breaks after a `-` or `/`, never in the middle of a word;
/// only a piece with no such place that is longer than a line is cut.
#[test]
fn long_names_break_after_a_dash_or_slash() {
    let cases: [(&str, usize, &[&str]); 3] = [
        (
            " ✓ attach policy braze-s3-braze-export-abc123-currents-policy to user",
            30,
            &[
                " ✓ attach policy braze-s3-",
                "   braze-export-abc123-",
                "   currents-policy to user",
            ],
        ),
        (
            "Connector saved to /home/someone/.config/braze-s3/connectors/braze-export.json",
            32,
            &[
                "Connector saved to /home/",
                "someone/.config/braze-s3/",
                "connectors/braze-export.json",
            ],
        ),
        (
            "  role arn:aws:iam::123456789012:role/braze-s3-a",
            24,
            &[
                "  role",
                "  arn:aws:iam::123456789",
                "  012:role/braze-s3-a",
            ],
        ),
    ];
    for (line, width, want) in cases {
        let got = text(&hanging(Line::from(line), width));
        assert_eq!(got, want, "{line}");
        assert!(got.iter().all(|l| l.chars().count() <= width), "{got:?}");
    }
}
