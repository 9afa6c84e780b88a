use super::*;

fn key(code: KeyCode, modifiers: KeyModifiers) -> Edit {
    Edit::Key(KeyEvent::new(code, modifiers))
}

fn plain(code: KeyCode) -> Edit {
    key(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> Edit {
    key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn alt(c: char) -> Edit {
    key(KeyCode::Char(c), KeyModifiers::ALT)
}

/// Applies `edits` to a field holding `start` (cursor at its end); the value, and the value
/// with `|` where the cursor is.
fn after(start: &str, edits: &[Edit]) -> String {
    let mut t = TextInput::new(start);
    for e in edits {
        t.edit(e);
    }
    let at = t.input.cursor();
    let mut shown: String = t.value().chars().take(at).collect();
    shown.push('|');
    shown.extend(t.value().chars().skip(at));
    shown
}

#[test]
fn typing_inserts_at_the_cursor_and_reports_changes() {
    let mut t = TextInput::new("abc");
    assert!(!t.edit(&plain(KeyCode::Left)), "moving changes no value");
    assert!(t.edit(&plain(KeyCode::Char('é'))));
    assert_eq!(t.value(), "abéc");
    assert!(!t.edit(&key(KeyCode::Char('x'), KeyModifiers::CONTROL)));
    assert_eq!(t.value(), "abéc", "an unbound Ctrl key types nothing");
}

#[test]
fn arrows_home_end_backspace_and_delete() {
    assert_eq!(after("abc", &[plain(KeyCode::Left)]), "ab|c");
    assert_eq!(after("abc", &[plain(KeyCode::Home)]), "|abc");
    let home_right = [plain(KeyCode::Home), plain(KeyCode::Right)];
    assert_eq!(after("abc", &home_right), "a|bc");
    assert_eq!(
        after("abc", &[plain(KeyCode::Home), plain(KeyCode::End)]),
        "abc|"
    );
    assert_eq!(after("abc", &[plain(KeyCode::Backspace)]), "ab|");
    let delete = [plain(KeyCode::Home), plain(KeyCode::Delete)];
    assert_eq!(after("abc", &delete), "|bc");
    assert_eq!(
        after("abc", &[plain(KeyCode::Delete)]),
        "abc|",
        "nothing after the cursor"
    );
}

#[test]
fn ctrl_a_and_ctrl_e_go_to_the_start_and_the_end() {
    assert_eq!(after("braze export", &[ctrl('a')]), "|braze export");
    assert_eq!(
        after("braze export", &[ctrl('a'), ctrl('e')]),
        "braze export|"
    );
}

#[test]
fn alt_b_and_alt_f_move_by_words() {
    assert_eq!(
        after("braze export data", &[alt('b')]),
        "braze export |data"
    );
    assert_eq!(
        after("braze export data", &[alt('b'), alt('b')]),
        "braze |export data"
    );
    let back_and_on = [ctrl('a'), alt('f')];
    assert!(after("braze export data", &back_and_on).starts_with("braze"));
    assert_ne!(
        after("braze export data", &back_and_on),
        "|braze export data"
    );
    let meta_b = key(KeyCode::Char('b'), KeyModifiers::META);
    assert_eq!(
        after("braze export", &[meta_b]),
        "braze |export",
        "Meta is Alt"
    );
}

#[test]
fn ctrl_w_deletes_the_word_before_the_cursor() {
    assert_eq!(after("braze export data", &[ctrl('w')]), "braze export |");
    assert_eq!(
        after("braze export data", &[ctrl('w'), ctrl('w')]),
        "braze |"
    );
}

#[test]
fn ctrl_u_and_ctrl_k_delete_to_the_start_and_to_the_end() {
    assert_eq!(after("braze-export", &[ctrl('u')]), "|");
    let middle = [ctrl('a'), alt('f')];
    let at = after("braze export", &middle);
    let (head, tail) = at.split_once('|').unwrap_or_default();
    assert_eq!(
        after("braze export", &[ctrl('a'), alt('f'), ctrl('u')]),
        format!("|{tail}")
    );
    assert_eq!(
        after("braze export", &[ctrl('a'), alt('f'), ctrl('k')]),
        format!("{head}|")
    );
    assert_eq!(after("braze export", &[ctrl('a'), ctrl('k')]), "|");
}

#[test]
fn a_paste_is_trimmed_without_line_breaks() {
    let mut t = TextInput::new("");
    assert!(t.edit(&Edit::Paste("  name\n".into())));
    assert_eq!(t.value(), "name");
    assert!(t.edit(&Edit::Paste("\r\n-two\tparts\n".into())));
    assert_eq!(t.value(), "name-twoparts", "control characters are dropped");
    assert!(
        !t.edit(&Edit::Paste(" \n ".into())),
        "nothing but spaces changes nothing"
    );
}
