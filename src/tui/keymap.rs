//! Keys as data: each step lists its bindings in one table (`Step::keys`), the single source
//! for what a key does, what the footer shows and what the `?` help lists. This module knows
//! no step: it holds the vocabulary, the bindings every step shares, and the look-ups.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key means, whatever the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Next,
    Back,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    Toggle,
    Help,
    Quit,
    Interrupt,
    Retry,
    Reveal,
    Copy,
    Rollback,
    Keep,
    Continue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    PageUp,
    PageDown,
    Space,
    Char(char),
    Ctrl(char),
}

impl Key {
    fn matches(self, e: &KeyEvent) -> bool {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        match (self, e.code) {
            (Key::Ctrl(c), KeyCode::Char(k)) => ctrl && k.eq_ignore_ascii_case(&c),
            (_, _) if ctrl => false,
            (Key::Enter, KeyCode::Enter)
            | (Key::Esc, KeyCode::Esc)
            | (Key::Tab, KeyCode::Tab)
            | (Key::BackTab, KeyCode::BackTab)
            | (Key::Up, KeyCode::Up)
            | (Key::Down, KeyCode::Down)
            | (Key::PageUp, KeyCode::PageUp)
            | (Key::PageDown, KeyCode::PageDown)
            | (Key::Space, KeyCode::Char(' ')) => true,
            (Key::Char(c), KeyCode::Char(k)) => c == k,
            _ => false,
        }
    }

    fn label(self) -> String {
        match self {
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Space => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
        }
    }
}

/// When a binding applies; the step reports its situation in a [`KeyCtx`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// Not while a text field has focus (there the key types itself).
    NotTyping,
    /// While a text field has focus.
    Typing,
    /// Something failed and can be retried.
    Failed,
    /// Work is running.
    Busy,
    /// Apply was stopped by Ctrl-C and waits for a decision.
    Stopped,
    /// Stopped, and this run created something that can be rolled back.
    Undoable,
    /// Stopped before this run created anything.
    StoppedClean,
    /// A secret is shown (masked).
    Secret,
    /// Nothing running, nothing failed: the step can go on.
    Ready,
    /// An on/off option has focus.
    Toggle,
}

/// The situation of the current step, for choosing bindings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyCtx {
    pub typing: bool,
    pub failed: bool,
    pub busy: bool,
    pub stopped: bool,
    /// An on/off option has focus.
    pub toggle: bool,
    /// This run created something (in AWS) that a roll back would delete.
    pub undoable: bool,
    /// A secret is among the values shown.
    pub secret: bool,
}

impl When {
    fn holds(self, c: KeyCtx) -> bool {
        match self {
            When::Always => true,
            When::NotTyping => !c.typing,
            When::Typing => c.typing,
            When::Failed => c.failed && !c.busy && !c.stopped,
            When::Busy => c.busy,
            When::Stopped => c.stopped && !c.busy,
            When::Undoable => c.stopped && c.undoable && !c.busy,
            When::StoppedClean => c.stopped && !c.undoable && !c.busy,
            When::Secret => c.secret,
            When::Ready => !c.busy && !c.failed && !c.stopped,
            When::Toggle => c.toggle,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub intent: Intent,
    pub when: When,
    /// Short footer text; `None` keeps the binding out of the footer (still in help).
    pub footer: Option<&'static str>,
    pub help: &'static str,
}

impl Binding {
    pub fn keys_label(&self) -> String {
        let labels: Vec<String> = self.keys.iter().map(|k| k.label()).collect();
        labels.join("/")
    }
}

pub const fn b(
    keys: &'static [Key],
    intent: Intent,
    when: When,
    footer: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        intent,
        when,
        footer,
        help,
    }
}

use Intent as I;
use Key as K;
use When as W;

#[rustfmt::skip]
pub const HELP: Binding = b(&[K::Char('?')], I::Help, W::Always, Some("help"), "show or hide this help");
#[rustfmt::skip]
pub const QUIT: Binding = b(&[K::Char('q')], I::Quit, W::NotTyping, Some("quit"), "quit (asks first once this run has created something)");
#[rustfmt::skip]
pub const CTRL_C: Binding = b(&[K::Ctrl('c')], I::Interrupt, W::Always, None, "quit at once, wherever you are");
#[rustfmt::skip]
pub const BACK: Binding = b(&[K::Esc], I::Back, W::Always, Some("back"), "go back one step; every answer is kept");

#[rustfmt::skip]
pub const FORM: &[Binding] = &[
    b(&[K::Up, K::Down], I::Down, W::Always, Some("move"), "move in a list, or to the previous/next field"),
    b(&[K::Tab], I::FocusNext, W::Always, Some("next field"), "next field"),
    b(&[K::BackTab], I::FocusPrev, W::Always, None, "previous field"),
    b(&[K::Space], I::Toggle, W::Toggle, Some("toggle"), "switch an on/off option"),
    b(&[K::Enter], I::Next, W::Always, Some("continue"), "check the answers and go to the next step"),
    BACK,
    HELP,
    QUIT,
    CTRL_C,
];
/// What `key` means in `table` now, or `None` (a text field then gets the key).
pub fn lookup(table: &[Binding], ctx: KeyCtx, key: &KeyEvent) -> Option<Intent> {
    table.iter().filter(|b| b.when.holds(ctx)).find_map(|b| {
        b.keys.iter().position(|k| k.matches(key)).map(|i| {
            // A binding of two keys for a pair of directions: the first key means the
            // opposite of the second (↑ of ↑/↓, PgUp of PgUp/PgDn).
            match (b.intent, i) {
                (Intent::Down, 0) if b.keys.len() == 2 => Intent::Up,
                (Intent::PageDown, 0) if b.keys.len() == 2 => Intent::PageUp,
                (intent, _) => intent,
            }
        })
    })
}

/// The help's `keys what-they-do` rows of `table`.
pub fn help(table: &[Binding]) -> Vec<(String, &'static str)> {
    table.iter().map(|b| (b.keys_label(), b.help)).collect()
}

/// The footer's `key label` pairs of `table` now.
pub fn footer(table: &[Binding], ctx: KeyCtx) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = table
        .iter()
        .filter(|b| b.when.holds(ctx))
        .filter_map(|b| b.footer.map(|f| (b.keys_label(), f)))
        .collect();
    if ctx.typing && !ctx.busy {
        out.push(("Ctrl-C".into(), "quit"));
    }
    out
}
