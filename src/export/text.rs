//! Small text helpers shared by the two formats: names, markers, HCL alignment.

use super::{Var, marker};
use crate::domain::answers::Answers;
use crate::domain::integration::Integration;

/// The comment both formats open with: which connector this is, and where its documents come
/// from.
pub(super) fn header_lines(a: &Answers) -> Vec<String> {
    vec![
        format!(
            "# braze-s3 export of connector {}: {} to S3 bucket {} in {}, {} auth.",
            a.name,
            a.integration.title(),
            a.bucket,
            a.region,
            a.auth.kind()
        ),
        "# The same resources `braze-s3 setup` makes, each document as `braze-s3 policy` prints it."
            .to_string(),
    ]
}

/// `currents`, `data_export`: a Terraform identifier.
pub(super) fn ident(i: Integration) -> &'static str {
    match i {
        Integration::Currents => "currents",
        Integration::DataExport => "data_export",
    }
}

/// `Currents`, `DataExport`: a CloudFormation logical ID prefix.
pub(super) fn camel(i: Integration) -> &'static str {
    match i {
        Integration::Currents => "Currents",
        Integration::DataExport => "DataExport",
    }
}

/// `text` with every variable marker spelled by `spell`.
pub(super) fn spell(text: &str, spell: impl Fn(Var) -> String) -> String {
    Var::all()
        .into_iter()
        .fold(text.to_string(), |t, v| t.replace(&marker(v), &spell(v)))
}

/// `text` (pretty JSON) with every string literal that holds a marker passed to `wrap`, which
/// gets the literal with its quotes and returns what replaces it.
pub(super) fn map_marked_strings(text: &str, wrap: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut literal = String::new();
    let (mut inside, mut escaped) = (false, false);
    for c in text.chars() {
        if !inside {
            if c == '"' {
                inside = true;
                literal.push(c);
            } else {
                out.push(c);
            }
            continue;
        }
        literal.push(c);
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            inside = false;
            if literal.contains("${") {
                out.push_str(&wrap(&literal));
            } else {
                out.push_str(&literal);
            }
            literal.clear();
        }
    }
    out.push_str(&literal);
    out
}

/// Every line of `text` indented by `by` spaces (empty lines stay empty).
pub(super) fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A quoted HCL or YAML double-quoted string (JSON escaping is valid in both).
pub(super) fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Aligns the `=` of consecutive one-line attributes as `terraform fmt` does: a run ends at a
/// blank line, a line without `=`, or an attribute that opens a multi-line value; a heredoc
/// counts as the line that opens it.
pub(super) fn align_hcl(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut run: Vec<(usize, usize)> = Vec::new(); // (index in out, key width incl. indent)
    let mut heredoc: Option<String> = None;
    let flush = |run: &mut Vec<(usize, usize)>, out: &mut Vec<String>| {
        let width = run.iter().map(|&(_, w)| w).max().unwrap_or(0);
        for &(i, w) in run.iter() {
            if let Some((key, rest)) = out[i].split_once(" = ") {
                let key = key.trim_end().to_string();
                out[i] = format!("{key}{} = {rest}", " ".repeat(width - w));
            }
        }
        run.clear();
    };
    for line in lines {
        if let Some(end) = &heredoc {
            if line.trim() == end {
                heredoc = None;
            }
            out.push(line.to_string());
            continue;
        }
        match line.split_once(" = ") {
            Some((key, value))
                if !key.trim().is_empty()
                    && !key.trim_start().starts_with('#')
                    && opens_nothing(value) =>
            {
                if let Some(tag) = value
                    .trim()
                    .strip_prefix("<<-")
                    .or(value.trim().strip_prefix("<<"))
                {
                    heredoc = Some(tag.to_string());
                }
                run.push((out.len(), key.trim_end().len()));
            }
            _ => flush(&mut run, &mut out),
        }
        out.push(line.to_string());
    }
    flush(&mut run, &mut out);
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// The value is whole on its line (or a heredoc), not the start of a multi-line `{`/`[`.
fn opens_nothing(value: &str) -> bool {
    let v = value.trim();
    if v.starts_with("<<") {
        return true;
    }
    let mut depth = 0i32;
    let mut inside = false;
    let mut escaped = false;
    for c in v.chars() {
        match (inside, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (_, '"') => inside = !inside,
            (false, '{' | '[' | '(') => depth += 1,
            (false, '}' | ']' | ')') => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}
