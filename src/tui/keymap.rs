//! The live keymap: one table of bindings that the key dispatch, the footer hints and the help
//! pane all read, so `?` can never disagree with the keys. The config file may rebind any action
//! by name (`[keys] picker = "f2"`).

use crate::attach::preflight::NextStep;
use crate::tr;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// Where the keyboard focus is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Focus {
    Region,
    RegionFilter,
    Form,
    Picker,
    Confirm,
    Progress,
    History,
    HistoryFilter,
    Detail,
    Help,
    Credentials,
    Runbooks,
    RunbookVars,
}

impl Focus {
    pub const ALL: [Focus; 13] = [
        Focus::Region,
        Focus::RegionFilter,
        Focus::Form,
        Focus::Picker,
        Focus::Confirm,
        Focus::Progress,
        Focus::History,
        Focus::HistoryFilter,
        Focus::Detail,
        Focus::Help,
        Focus::Credentials,
        Focus::Runbooks,
        Focus::RunbookVars,
    ];

    /// Text goes into a field here, so a printable key types instead of acting. The region
    /// list is always its own filter (typing `sh` narrows it); the history list is not: there
    /// letters are actions and `/` opens the search, as its status line says.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Focus::Region
                | Focus::RegionFilter
                | Focus::Form
                | Focus::Picker
                | Focus::HistoryFilter
                | Focus::Credentials
                | Focus::RunbookVars
        )
    }

    pub fn title(self) -> String {
        match self {
            Focus::Region => tr!("context-region"),
            Focus::RegionFilter => tr!("context-region-filter"),
            Focus::Form => tr!("context-form"),
            Focus::Picker => tr!("context-picker"),
            Focus::Confirm => tr!("context-confirm"),
            Focus::Progress => tr!("context-progress"),
            Focus::History => tr!("context-history"),
            Focus::HistoryFilter => tr!("context-history-filter"),
            Focus::Detail => tr!("context-detail"),
            Focus::Help => tr!("context-help"),
            Focus::Credentials => tr!("context-credentials"),
            Focus::Runbooks => tr!("context-runbooks"),
            Focus::RunbookVars => tr!("context-runbook-vars"),
        }
    }
}

/// What a key does. Its name (`force_quit`, `pane_region`, …) is the config file's `[keys]` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    ForceQuit,
    Quit,
    Help,
    NextPane,
    PrevPane,
    Up,
    Down,
    PageUp,
    PageDown,
    Select,
    Back,
    Filter,
    Picker,
    AttachType,
    /// Cycle the form's operation: attach ▸ detach ▸ move.
    Operation,
    /// Prefill a move of the selected row's ENI.
    Move,
    Refresh,
    Send,
    /// Send with no preflight at all: offered only when preflight could not run.
    SendWithoutPreflight,
    Deny,
    Override,
    Detach,
    Rerun,
    /// Progress, outcome unknown: send the same plan again with its ClientToken.
    Resend,
    /// Progress, after a run: describe the ENI to see where it is now.
    Recheck,
    Copy,
    Demo,
    /// History: switch between this machine's attempts and the account's changes (CloudAudit).
    AccountView,
    /// Go to a pane: each has its own key, the same from every pane (the form included) and
    /// whether or not the Progress tab is shown yet. See [`Action::pane`].
    PaneRegion,
    PaneForm,
    PaneHistory,
    PaneProgress,
    PaneRunbooks,
}

impl Action {
    /// The form's action that takes a step preflight's advice suggests.
    pub fn taking(next: NextStep) -> Action {
        match next {
            NextStep::PickEni | NextStep::PickInstance => Action::Picker,
            NextStep::SwitchToMove => Action::Operation,
            NextStep::Reload => Action::Refresh,
            NextStep::SwitchAttachType => Action::AttachType,
        }
    }

    /// The name used in the config file's `[keys]` table.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the key does, for the footer and the help pane, in the run's language.
    pub fn help(self) -> String {
        match self {
            Action::ForceQuit => tr!("key-force-quit"),
            Action::Quit => tr!("key-quit"),
            Action::Help => tr!("key-help"),
            Action::NextPane => tr!("key-next-pane"),
            Action::PrevPane => tr!("key-prev-pane"),
            Action::Up => tr!("key-up"),
            Action::Down => tr!("key-down"),
            Action::PageUp => tr!("key-page-up"),
            Action::PageDown => tr!("key-page-down"),
            Action::Select => tr!("key-select"),
            Action::Back => tr!("key-back"),
            Action::Filter => tr!("key-filter"),
            Action::Picker => tr!("key-picker"),
            Action::AttachType => tr!("key-attach-type"),
            Action::Operation => tr!("key-operation"),
            Action::Move => tr!("key-move"),
            Action::Refresh => tr!("key-refresh"),
            Action::Send => tr!("key-send"),
            Action::SendWithoutPreflight => tr!("key-send-without-preflight"),
            Action::Deny => tr!("key-deny"),
            Action::Override => tr!("key-override"),
            Action::Detach => tr!("key-detach"),
            Action::Rerun => tr!("key-rerun"),
            Action::Resend => tr!("key-resend"),
            Action::Recheck => tr!("key-recheck"),
            Action::Copy => tr!("key-copy"),
            Action::Demo => tr!("key-demo"),
            Action::AccountView => tr!("key-account-view"),
            Action::PaneRegion => tr!("key-pane-region"),
            Action::PaneForm => tr!("key-pane-form"),
            Action::PaneHistory => tr!("key-pane-history"),
            Action::PaneProgress => tr!("key-pane-progress"),
            Action::PaneRunbooks => tr!("key-pane-runbooks"),
        }
    }

    /// What the key does where `focus` has it: on a pane read as a page (the run, the review,
    /// a record, the help) the arrows scroll it rather than move a selection.
    pub fn help_in(self, focus: Focus) -> String {
        let scrolls = matches!(focus, Focus::Progress | Focus::Confirm | Focus::Help | Focus::Detail);
        match self {
            Action::Up if scrolls => tr!("key-scroll-up"),
            Action::Down if scrolls => tr!("key-scroll-down"),
            _ => self.help(),
        }
    }

    /// The pane a pane key goes to.
    pub fn pane(self) -> Option<Pane> {
        match self {
            Action::PaneRegion => Some(Pane::Region),
            Action::PaneForm => Some(Pane::Form),
            Action::PaneHistory => Some(Pane::History),
            Action::PaneProgress => Some(Pane::Progress),
            Action::PaneRunbooks => Some(Pane::Runbooks),
            _ => None,
        }
    }

    /// The key that goes to `pane`.
    pub fn to_pane(pane: Pane) -> Action {
        match pane {
            Pane::Region => Action::PaneRegion,
            Pane::Form => Action::PaneForm,
            Pane::History => Action::PaneHistory,
            Pane::Progress => Action::PaneProgress,
            Pane::Runbooks => Action::PaneRunbooks,
        }
    }
}

/// The panes on the tab line, in its order. Progress comes last, so the tabs before it keep
/// their place when it appears after the first run. A new pane is a variant here, a binding in
/// [`defaults`], and its arm in `Model::tab_title` / `update::go_to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pane {
    Region,
    Form,
    History,
    Runbooks,
    Progress,
}

impl Pane {
    pub const ALL: [Pane; 5] = [Pane::Region, Pane::Form, Pane::History, Pane::Runbooks, Pane::Progress];
}

/// One key, as written in the config file and shown on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    /// Alt (Meta): what makes a digit a pane key where digits are typed.
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false, alt: false }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), ctrl: true, alt: false }
    }

    pub const fn alt(c: char) -> Key {
        Key { code: KeyCode::Char(c), ctrl: false, alt: true }
    }

    /// A key that types a character in a text field.
    pub fn is_printable(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    /// Shift is ignored: terminals disagree on whether `?` or Shift-Tab carry it.
    pub fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if ctrl || alt => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        code == self.code && ctrl == self.ctrl && alt == self.alt
    }

    /// `q`, `ctrl-c`, `alt-1`, `enter`, `esc`, `tab`, `shift-tab`, `up`, `pagedown`, `f2`, `space`…
    pub fn parse(text: &str) -> Option<Key> {
        let lower = text.trim().to_ascii_lowercase();
        let single = |rest: &str| {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        };
        if let Some(rest) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("ctrl+")) {
            return single(rest).map(Key::ctrl);
        }
        if let Some(rest) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("alt+")) {
            return single(rest).map(Key::alt);
        }
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                // Keep the case the user wrote for a single character (`G` differs from `g`).
                let mut chars = text.trim().chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return None,
                }
            }
        };
        Some(Key::plain(code))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl || self.alt => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One action, its keys and where it applies ([`Action::help`] says what it does).
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub focuses: Vec<Focus>,
}

use Focus as C;

const LISTS: &[Focus] = &[
    C::Region,
    C::RegionFilter,
    C::Form,
    C::Picker,
    C::Confirm,
    C::History,
    C::HistoryFilter,
    C::Detail,
    C::Help,
    C::Progress,
    C::Runbooks,
    C::RunbookVars,
];
/// Where a page of lines or rows scrolls.
const PAGED: &[Focus] =
    &[C::Region, C::Picker, C::Confirm, C::History, C::Detail, C::Help, C::Progress, C::Runbooks];
const PANES: &[Focus] =
    &[C::Region, C::Form, C::Progress, C::History, C::Credentials, C::Runbooks, C::RunbookVars];
/// Where a pane key works: everywhere but the credentials dialog, which stays until answered.
/// Alt-digit, so a digit typed into an ID or a filter is never taken for one.
const PANE_KEYS: &[Focus] = &[
    C::Region,
    C::RegionFilter,
    C::Form,
    C::Picker,
    C::Confirm,
    C::Progress,
    C::History,
    C::HistoryFilter,
    C::Detail,
    C::Help,
    C::Runbooks,
    C::RunbookVars,
];

fn defaults() -> Vec<Binding> {
    use KeyCode as K;
    let b = |action, keys: &[Key], focuses: &[Focus]| Binding {
        action,
        keys: keys.to_vec(),
        focuses: focuses.to_vec(),
    };
    vec![
        // Only `y` sends: Enter is what the operator pressed to get here, so a second Enter
        // must never send a request nobody read.
        b(Action::Send, &[Key::ch('y')], &[C::Confirm, C::Runbooks]),
        b(Action::SendWithoutPreflight, &[Key::ch('s')], &[C::Confirm]),
        b(Action::Override, &[Key::ch('!')], &[C::Confirm]),
        b(Action::Deny, &[Key::ch('n')], &[C::Confirm]),
        b(
            Action::Select,
            &[Key::plain(K::Enter)],
            &[
                C::Region,
                C::RegionFilter,
                C::Form,
                C::Picker,
                C::History,
                C::HistoryFilter,
                C::Credentials,
                C::Runbooks,
                C::RunbookVars,
            ],
        ),
        b(Action::Picker, &[Key::ctrl('p')], &[C::Form]),
        b(Action::Operation, &[Key::ctrl('o')], &[C::Form]),
        b(Action::AttachType, &[Key::ctrl('t')], &[C::Form]),
        b(Action::Detach, &[Key::ch('d')], &[C::Progress]),
        b(Action::Rerun, &[Key::ch('r')], &[C::History, C::Detail]),
        b(Action::Resend, &[Key::ch('r')], &[C::Progress]),
        b(Action::Recheck, &[Key::ch('c')], &[C::Progress]),
        b(Action::Move, &[Key::ch('m')], &[C::History, C::Detail]),
        b(Action::AccountView, &[Key::ch('a')], &[C::History]),
        b(Action::Copy, &[Key::ch('y')], &[C::Progress, C::History, C::Detail]),
        b(Action::Filter, &[Key::ch('/')], &[C::Region, C::History]),
        b(Action::Refresh, &[Key::ctrl('r')], &[C::Form, C::Picker, C::History, C::Runbooks]),
        b(Action::Up, &[Key::plain(K::Up), Key::ch('k')], LISTS),
        b(Action::Down, &[Key::plain(K::Down), Key::ch('j')], LISTS),
        b(Action::PageUp, &[Key::plain(K::PageUp)], PAGED),
        b(Action::PageDown, &[Key::plain(K::PageDown)], PAGED),
        b(Action::NextPane, &[Key::plain(K::Tab)], PANES),
        b(Action::PrevPane, &[Key::plain(K::BackTab)], PANES),
        b(Action::Back, &[Key::plain(K::Esc)], &Focus::ALL),
        b(Action::Demo, &[Key::ctrl('d')], &[C::Credentials]),
        b(Action::Help, &[Key::ch('?'), Key::plain(K::F(1))], &Focus::ALL),
        b(Action::Quit, &[Key::ch('q')], &[C::Progress, C::History, C::Detail, C::Runbooks]),
        b(Action::ForceQuit, &[Key::ctrl('c')], &Focus::ALL),
        // F-keys too: some terminals (macOS's, by default) send no Alt.
        b(Action::PaneRegion, &[Key::alt('1'), Key::plain(K::F(2))], PANE_KEYS),
        b(Action::PaneForm, &[Key::alt('2'), Key::plain(K::F(3))], PANE_KEYS),
        b(Action::PaneHistory, &[Key::alt('3'), Key::plain(K::F(4))], PANE_KEYS),
        b(Action::PaneProgress, &[Key::alt('4'), Key::plain(K::F(5))], PANE_KEYS),
        b(Action::PaneRunbooks, &[Key::alt('5'), Key::plain(K::F(6))], PANE_KEYS),
    ]
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: defaults() }
    }
}

impl Keymap {
    /// The defaults with the config file's overrides (`action name → "key[, key]"`) applied.
    /// Returns the problems found (unknown action, unreadable key) so the app can show them.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        for (name, spec) in overrides {
            let keys: Option<Vec<Key>> = spec.split(',').map(Key::parse).collect();
            let found = keymap.bindings.iter_mut().find(|b| b.action.name() == name);
            match (found, keys) {
                (Some(binding), Some(keys)) if !keys.is_empty() => binding.keys = keys,
                (None, _) => problems.push(tr!("keymap-unknown-action", name = name.as_str())),
                _ => problems.push(tr!("keymap-bad-key", spec = spec.as_str(), name = name.as_str())),
            }
        }
        (keymap, problems)
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The keys that act in `focus`: a text field keeps its printable keys for typing.
    fn active_keys(binding: &Binding, focus: Focus) -> impl Iterator<Item = Key> + '_ {
        let applies = binding.focuses.contains(&focus);
        binding.keys.iter().copied().filter(move |k| applies && !(focus.takes_text() && k.is_printable()))
    }

    /// The action a key press means here, if any.
    pub fn action(&self, focus: Focus, event: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| Keymap::active_keys(b, focus).any(|k| k.matches(event)))
            .map(|b| b.action)
    }

    /// `(action, keys, help)` for every action that works in `focus`, in table order.
    pub fn hints(&self, focus: Focus) -> Vec<(Action, String, String)> {
        self.bindings
            .iter()
            .filter_map(|b| {
                let keys: Vec<String> = Keymap::active_keys(b, focus).map(|k| k.to_string()).collect();
                (!keys.is_empty()).then(|| (b.action, keys.join("/"), b.action.help_in(focus)))
            })
            .collect()
    }

    /// The first key of an action wherever it is bound (the tab line's pane keys).
    pub fn first_key(&self, action: Action) -> Option<Key> {
        self.bindings.iter().find(|b| b.action == action).and_then(|b| b.keys.first().copied())
    }

    /// The README's key table, generated from the bindings (a test keeps the README's copy
    /// equal to it). A printable key never acts where text is typed, so a binding's printable
    /// and other keys get a row each, with the places each acts.
    #[cfg(test)]
    pub fn markdown_table(&self) -> String {
        let mut out = format!("{}\n|---|---|---|---|\n", tr!("keys-table-header"));
        for b in &self.bindings {
            for printable in [false, true] {
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .filter(|k| k.is_printable() == printable)
                    .map(|k| format!("`{k}`"))
                    .collect();
                let acting: Vec<Focus> =
                    b.focuses.iter().copied().filter(|c| !(printable && c.takes_text())).collect();
                if keys.is_empty() || acting.is_empty() {
                    continue;
                }
                // A row per thing the key does: the arrows move a list's selection but scroll a
                // pane read as a page.
                let mut helps: Vec<(String, Vec<Focus>)> = Vec::new();
                for focus in &acting {
                    let help = b.action.help_in(*focus);
                    match helps.iter_mut().find(|(h, _)| *h == help) {
                        Some((_, places)) => places.push(*focus),
                        None => helps.push((help, vec![*focus])),
                    }
                }
                for (help, places) in helps {
                    let place = if places.len() == Focus::ALL.len() {
                        tr!("context-everywhere")
                    } else {
                        places.iter().map(|c| c.title()).collect::<Vec<_>>().join(", ")
                    };
                    out.push_str(&format!(
                        "| {} | `{}` | {place} | {help} |\n",
                        keys.join(" "),
                        b.action.name()
                    ));
                }
            }
        }
        out
    }

    /// The first key of an action in a focus, for messages like "press ! then y".
    pub fn key_for(&self, action: Action, focus: Focus) -> String {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .find_map(|b| Keymap::active_keys(b, focus).next())
            .map(|k| k.to_string())
            .unwrap_or_else(|| "?".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn printable_keys_type_in_text_contexts() {
        let map = Keymap::default();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action(Focus::History, &q), Some(Action::Quit));
        assert_eq!(map.action(Focus::Form, &q), None);
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.action(Focus::Picker, &j), None);
        assert_eq!(map.action(Focus::Region, &j), None, "the region list is its own filter");
        assert_eq!(map.action(Focus::Progress, &j), Some(Action::Down));
    }

    #[test]
    fn alt_digits_go_to_panes_where_digits_type() {
        let map = Keymap::default();
        let alt_3 = press(KeyCode::Char('3'), KeyModifiers::ALT);
        let three = press(KeyCode::Char('3'), KeyModifiers::NONE);
        for focus in Focus::ALL.into_iter().filter(|c| *c != Focus::Credentials) {
            assert_eq!(map.action(focus, &alt_3), Some(Action::PaneHistory), "{focus:?}");
            assert_ne!(map.action(focus, &three), Some(Action::PaneHistory), "{focus:?}");
        }
        assert_eq!(Key::parse("alt-3"), Some(Key::alt('3')));
        assert_eq!(Key::alt('3').to_string(), "Alt-3");
    }

    #[test]
    fn ctrl_c_quits_everywhere() {
        let map = Keymap::default();
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for focus in Focus::ALL {
            assert_eq!(map.action(focus, &ctrl_c), Some(Action::ForceQuit), "{focus:?}");
        }
    }

    #[test]
    fn same_key_means_different_actions_by_context() {
        let map = Keymap::default();
        let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(map.action(Focus::Confirm, &y), Some(Action::Send));
        assert_eq!(map.action(Focus::History, &y), Some(Action::Copy));
        let question = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Focus::History, &question), Some(Action::Help));
    }

    #[test]
    fn overrides_rebind_and_report_problems() {
        let overrides = BTreeMap::from([
            ("picker".to_string(), "f2".to_string()),
            ("nonsense".to_string(), "x".to_string()),
            ("quit".to_string(), "ctrl-".to_string()),
        ]);
        let (map, problems) = Keymap::with_overrides(&overrides);
        assert_eq!(map.action(Focus::Form, &press(KeyCode::F(2), KeyModifiers::NONE)), Some(Action::Picker));
        assert_eq!(map.action(Focus::Form, &press(KeyCode::Char('p'), KeyModifiers::CONTROL)), None);
        assert_eq!(problems.len(), 2);
        assert!(map.hints(Focus::Form).iter().any(|(_, k, _)| k == "F2"));
    }

    /// The README's key table is the keymap's own: generated from it, compared here.
    #[test]
    fn the_readme_key_table_is_the_keymap() {
        let readme = include_str!("../../README.md");
        let table = Keymap::default().markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's key table differs from the keymap; paste this in its place:\n{table}"
        );
        let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
        let table = Keymap::default().markdown_table();
        assert!(
            include_str!("../../README.zh-CN.md").contains(&table),
            "README.zh-CN.md's key table differs from the keymap; paste this in its place:\n{table}"
        );
    }

    #[test]
    fn keys_round_trip_through_text() {
        for text in ["q", "ctrl-c", "enter", "esc", "tab", "shift-tab", "up", "pagedown", "f2", "space", "!"]
        {
            assert!(Key::parse(text).is_some(), "{text}");
        }
        assert_eq!(Key::ctrl('p').to_string(), "Ctrl-P");
        assert_eq!(Key::plain(KeyCode::BackTab).to_string(), "S-Tab");
    }
}
