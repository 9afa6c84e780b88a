//! Currents folder paths inside the bucket, and normalising what a person typed.

use super::{FolderPath, NameError};

const FOLDER: &str = "folder path";

pub(super) fn check_folder(v: &str) -> Result<(), NameError> {
    let err = |reason: &str| Err(NameError::new(FOLDER, v, reason));
    if v.is_empty() {
        return err("must not be empty (the default is 'currents')");
    }
    if v.len() > 512 {
        return err("must be at most 512 bytes long");
    }
    if v.chars().any(|c| c.is_control()) {
        return err("must contain only printable characters");
    }
    if v.starts_with('/') {
        return err("must not start with '/' (write 'currents', not '/currents')");
    }
    if v.ends_with('/') {
        return err("must not end with '/' (write 'braze/currents', not 'braze/currents/')");
    }
    if v.contains("//") {
        return err("must not contain an empty segment ('//')");
    }
    if v.split('/').any(|s| s == ".." || s == ".") {
        return err("must not contain a '.' or '..' segment");
    }
    if v.chars().any(|c| "*?[]{}\\".contains(c)) {
        return err("must not contain wildcard or escape characters (* ? [ ] { } \\)");
    }
    Ok(())
}

impl FolderPath {
    /// Turns what a person typed (`/currents/`, ` braze/prod `) into the canonical form,
    /// then validates it.
    pub fn normalize(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim().trim_matches('/');
        if trimmed.is_empty() && !input.trim().is_empty() {
            return Err(NameError::new(
                FOLDER,
                input,
                "must name a folder, not just '/'",
            ));
        }
        FolderPath::parse(trimmed)
    }
}

#[cfg(test)]
mod tests;
