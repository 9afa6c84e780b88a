//! Keys as data: each step lists its bindings in one table (`Page::keys`), the single source
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
    /// The first or the last item of a list.
    Home,
    End,
    /// `/`: narrow the list by typing.
    Filter,
    /// Close the filter, keeping the item chosen in it.
    Choose,
    /// Close the filter, back to the item chosen before it.
    ClearFilter,
    /// Look the list up again.
    Refresh,
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
    Home,
    End,
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
            | (Key::Home, KeyCode::Home)
            | (Key::End, KeyCode::End)
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
            Key::Home => "Home".into(),
            Key::End => "End".into(),
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
    /// A list has focus and its filter is not being typed.
    List,
    /// A list has focus (its filter may be open).
    InList,
    /// A list's filter is being typed.
    Filtering,
    /// Anything but typing a list's filter.
    NotFiltering,
    /// The step's list can be looked up again.
    Refresh,
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
    /// A list has focus (with `typing`: its filter is being typed).
    pub list: bool,
    /// The step's list can be looked up again.
    pub refresh: bool,
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
            When::List => c.list && !c.typing,
            When::InList => c.list,
            When::Filtering => c.list && c.typing,
            When::NotFiltering => !(c.list && c.typing),
            When::Refresh => c.refresh,
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
pub const BACK: Binding = b(&[K::Esc], I::Back, W::NotFiltering, Some("back"), "go back one step; every answer is kept");
#[rustfmt::skip]
pub const MOVE: Binding = b(&[K::Up, K::Down], I::Down, W::Always, Some("move"), "move in a list, or to the previous/next field");
#[rustfmt::skip]
pub const NEXT_FIELD: Binding = b(&[K::Tab], I::FocusNext, W::Always, Some("next field"), "next field");
#[rustfmt::skip]
pub const PREV_FIELD: Binding = b(&[K::BackTab], I::FocusPrev, W::Always, None, "previous field");
#[rustfmt::skip]
pub const CONTINUE: Binding = b(&[K::Enter], I::Next, W::NotFiltering, Some("continue"), "check the answers and go to the next step");

/// The keys of a list that can be searched; they go before the form's own (Esc and Enter
/// mean something else while the filter is typed).
#[rustfmt::skip]
pub const LIST: [Binding; 5] = [
    b(&[K::Char('/')], I::Filter, W::List, None, "type to narrow the list (Enter keeps the choice, Esc clears)"),
    b(&[K::Esc], I::ClearFilter, W::Filtering, Some("clear"), "clear the filter, back to the earlier choice"),
    b(&[K::Enter], I::Choose, W::Filtering, Some("choose"), "keep the item chosen in the filtered list"),
    b(&[K::PageUp, K::PageDown], I::PageDown, W::InList, None, "a page up or down in a list"),
    b(&[K::Home, K::End], I::End, W::List, None, "the first or the last item of a list"),
];

#[rustfmt::skip]
pub const FORM: &[Binding] = &[
    MOVE,
    NEXT_FIELD,
    PREV_FIELD,
    b(&[K::Space], I::Toggle, W::Toggle, Some("toggle"), "switch an on/off option"),
    CONTINUE,
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
                (Intent::End, 0) if b.keys.len() == 2 => Intent::Home,
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
