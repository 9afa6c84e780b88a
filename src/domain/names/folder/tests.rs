use super::*;
use crate::domain::names::tests::refused;

#[test]
fn folder_accepts_ordinary_paths_and_the_boundary() {
    for ok in [
        "currents",
        "braze/prod",
        "a",
        "a.b/c-d_e",
        "braze/.hidden",
        "dir/.../x",
    ] {
        assert_eq!(FolderPath::parse(ok).unwrap().as_str(), ok);
    }
    let max = "f".repeat(512);
    assert_eq!(FolderPath::parse(&max).unwrap().as_str(), max);
}

#[test]
fn folder_rules() {
    let cases: &[(&str, &str)] = &[
        ("", "must not be empty"),
        ("/currents", "must not start with '/'"),
        ("currents/", "must not end with '/'"),
        ("braze//prod", "empty segment ('//')"),
        ("..", "'.' or '..' segment"),
        ("braze/../prod", "'.' or '..' segment"),
        ("braze/./prod", "'.' or '..' segment"),
        (".", "'.' or '..' segment"),
        ("braze/..", "'.' or '..' segment"),
        ("cur\nrents", "only printable characters"),
        ("cur\trents", "only printable characters"),
        ("cur\u{7f}rents", "only printable characters"),
        ("curr*", "wildcard"),
        ("curr?", "wildcard"),
        ("curr[1]", "wildcard"),
        ("curr{a}", "wildcard"),
        ("curr\\x", "wildcard"),
    ];
    for (bad, rule) in cases {
        refused(FolderPath::parse(bad), &["folder path", rule]);
    }
    refused(FolderPath::parse(&"f".repeat(513)), &["at most 512 bytes"]);
    // 512 bytes is measured in bytes, not characters.
    refused(FolderPath::parse(&"é".repeat(257)), &["at most 512 bytes"]);
    assert!(FolderPath::parse(&"é".repeat(256)).is_ok());
}

#[test]
fn folder_normalize() {
    assert_eq!(
        FolderPath::normalize("/currents/").unwrap().as_str(),
        "currents"
    );
    assert_eq!(
        FolderPath::normalize(" braze/prod ").unwrap().as_str(),
        "braze/prod"
    );
    assert_eq!(
        FolderPath::normalize("currents").unwrap().as_str(),
        "currents"
    );
    refused(FolderPath::normalize("/"), &["must name a folder"]);
    refused(FolderPath::normalize("  "), &["must not be empty"]);
    refused(FolderPath::normalize("a//b"), &["empty segment"]);
}
