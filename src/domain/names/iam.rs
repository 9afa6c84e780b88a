//! IAM user, role and policy names (typed, or generated from text), and the AWS account and
//! external IDs that a role's trust policy names.

use super::{IamName, NameError, PolicyName, fnv1a};

fn is_iam_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

fn check_iam_chars(kind: &'static str, v: &str, max: usize) -> Result<(), NameError> {
    if v.is_empty() || v.len() > max {
        return Err(NameError::new(
            kind,
            v,
            format!("must be 1 to {max} characters long (it has {})", v.len()),
        ));
    }
    if !v.chars().all(is_iam_char) {
        return Err(NameError::new(
            kind,
            v,
            "use only letters, digits and + = , . @ _ -",
        ));
    }
    Ok(())
}

pub(super) fn check_iam_name(v: &str) -> Result<(), NameError> {
    check_iam_chars("IAM name", v, 64)
}

pub(super) fn check_policy_name(v: &str) -> Result<(), NameError> {
    check_iam_chars("policy name", v, 128)
}

pub(super) fn check_account_id(v: &str) -> Result<(), NameError> {
    if v.len() != 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NameError::new(
            "AWS account ID",
            v,
            "must be exactly 12 digits (copy Braze's from the Braze dashboard)",
        ));
    }
    Ok(())
}

pub(super) fn check_external_id(v: &str) -> Result<(), NameError> {
    if !(2..=1224).contains(&v.len()) {
        return Err(NameError::new(
            "external ID",
            v,
            format!("must be 2 to 1224 characters long (it has {})", v.len()),
        ));
    }
    if !v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/_-".contains(c))
    {
        return Err(NameError::new(
            "external ID",
            v,
            "use only letters, digits and + = , . @ : / _ - (copy it from the Braze dashboard)",
        ));
    }
    Ok(())
}

/// Cuts a generated name to `max` bytes and never ends it in a separator.
fn fit(name: &str, max: usize) -> String {
    let cut: String = name.chars().take(max).collect();
    cut.trim_end_matches(['-', '.', '_']).to_string()
}

/// Builds a name from generated text: characters IAM refuses become '-', and an empty result
/// falls back to `braze-s3`. Text that fits in `max` is kept as it is; longer text is cut and
/// ends in `-` and a hash of the whole text, so two long texts that share their first `max`
/// characters still give two names. Valid by construction.
fn generated_iam(raw: &str, max: usize) -> String {
    let cleaned = clean(raw);
    if cleaned.len() <= max {
        let name = fit(&cleaned, max);
        return if name.is_empty() {
            "braze-s3".to_string()
        } else {
            name
        };
    }
    ending_with(&cleaned, &format!("-{:08x}", fnv1a(raw)), max)
}

/// Characters IAM refuses become '-'.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| if is_iam_char(c) { c } else { '-' })
        .collect()
}

/// `text` cut to leave room for `ending` in `max`, then `ending`.
fn ending_with(text: &str, ending: &str, max: usize) -> String {
    format!("{}{ending}", fit(text, max.saturating_sub(ending.len())))
}

impl IamName {
    /// A default user or role name made from `raw` (see [`generated_iam`]).
    pub fn generated(raw: &str) -> IamName {
        IamName(generated_iam(raw, 64))
    }
}

impl PolicyName {
    /// A default policy name made from `raw` (see [`generated_iam`]).
    pub fn generated(raw: &str) -> PolicyName {
        PolicyName(generated_iam(raw, 128))
    }

    /// `raw` cleaned and cut to leave room for `ending` (IAM characters only, e.g. `-1a2b3c4d`),
    /// then `ending`.
    pub fn generated_ending(raw: &str, ending: &str) -> PolicyName {
        let ending = clean(ending);
        PolicyName(generated_iam(&ending_with(&clean(raw), &ending, 128), 128))
    }
}

#[cfg(test)]
mod tests;
