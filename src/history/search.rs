//! Turns a parsed search into one SQL statement.
//!
//! A word of 3+ characters is looked up in the trigram FTS5 index, which yields candidate rowids
//! newest first; each candidate is re-checked with LIKE (the index keeps no positions, so it can
//! offer rows holding the trigrams apart) and the walk stops when the page is full. A shorter word
//! cannot use trigrams: it is a LIKE checked while walking the table newest first, and, unless a
//! longer word drives the walk, only over the newest [`SHORT_WORD_WINDOW`] rows, so a keystroke
//! never scans a million rows. Outcome and action filters become `IN` lists over their few
//! values; region is an exact match on an indexed column.

use rusqlite::types::Value;

use super::query::{Field, FieldFilter, ParsedQuery};
use crate::attempt::Outcome;
use crate::plan::Kind;

/// The columns of an [`super::Attempt`], in the order `store::attempt_from_row` reads them.
pub(crate) const ATTEMPT_COLUMNS: &str = "a.id, a.started_at, a.finished_at, a.profile, a.secret_id_masked, \
     a.region, a.endpoint, a.action, a.eni_id, a.instance_id, a.attach_type, a.client_token, a.request_id, \
     a.preflight, a.task_status, a.task_output, a.error_code, a.error_message, a.duration_ms, a.outcome, \
     a.destination_instance_id, a.attachment, a.account_id, a.retry_of, a.task_ended_at, a.eni_state, \
     a.credential, a.account_arn, a.state, \
     (SELECT group_concat(r.id, ',' ORDER BY r.id) FROM attempts r WHERE r.retry_of = a.id)";

/// The columns joined in `search_text`, which a free word is looked for in.
const SEARCHED_COLUMNS: &[&str] = &[
    "eni_id",
    "instance_id",
    "region",
    "request_id",
    "error_code",
    "outcome",
    "client_token",
    "destination_instance_id",
    "action",
];

/// Trigram matching needs at least this many characters.
const TRIGRAM: usize = 3;

/// How many of the newest rows a search without any 3+ character word looks at, when it has
/// a condition no index can answer (a 1-2 character word, `profile:`). About 10 ms at worst.
pub const SHORT_WORD_WINDOW: i64 = 20_000;

pub(crate) enum Shape {
    Page { before_id: i64, limit: u32 },
    Count,
}

pub(crate) struct Statement {
    pub sql: String,
    pub params: Vec<Value>,
}

pub(crate) fn statement(parsed: &ParsedQuery, shape: Shape) -> Statement {
    let mut builder = Builder::default();
    for word in &parsed.words {
        builder.word(word);
    }
    for filter in &parsed.filters {
        builder.filter(filter);
    }
    builder.finish(shape)
}

#[derive(Default)]
struct Builder {
    /// FTS5 query parts, ANDed.
    fts: Vec<String>,
    /// SQL conditions on `attempts a`, ANDed.
    conditions: Vec<String>,
    /// A condition needs a scan of the table (bounded by the window when nothing better drives).
    scans: bool,
    params: Vec<Value>,
}

impl Builder {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    /// A free word: in any searched column. The LIKEs go column by column, which is quicker
    /// than one LIKE over the joined `search_text` (no string building per row).
    fn word(&mut self, word: &str) {
        let short = word.chars().count() < TRIGRAM;
        // The list shows an operation by its verb (`move`), stored by its API name
        // (MigrateNetworkInterface): a word in a verb only finds those rows through the action.
        let by_verb = actions_by_verb(word);
        if !short && by_verb.is_empty() {
            self.fts.push(fts_trigrams(word));
        }
        let pattern = self.bind(like_pattern(word));
        let mut any: Vec<String> =
            SEARCHED_COLUMNS.iter().map(|col| format!("a.{col} LIKE {pattern} ESCAPE '\\'")).collect();
        if !by_verb.is_empty() {
            let actions: Vec<String> = by_verb.into_iter().map(|a| self.bind(a.to_string())).collect();
            any.push(format!("a.action IN ({})", actions.join(", ")));
        }
        self.conditions.push(format!("({})", any.join(" OR ")));
        self.scans |= short;
    }

    fn filter(&mut self, filter: &FieldFilter) {
        let value = filter.value.as_str();
        match filter.field {
            Field::Outcome => self.one_of("a.outcome", matching(Outcome::ALL, value, |o| o.as_str())),
            Field::Action => self.one_of("a.action", actions_named(value)),
            Field::Region => {
                // The column is COLLATE NOCASE, so this is case-insensitive and uses the index.
                let param = self.bind(value.to_string());
                self.conditions.push(format!("a.region = {param}"));
            }
            Field::ErrorCode => self.substring("error_code", value),
            Field::EniId => self.substring("eni_id", value),
            // A move names two instances: `instance:` finds it by either (from or to).
            Field::InstanceId => self.substring_any(&["instance_id", "destination_instance_id"], value),
            Field::RequestId => self.substring("request_id", value),
            Field::ClientToken => self.substring("client_token", value),
            Field::Profile => self.like("profile", value),
            Field::Account => {
                // An account ID is typed whole (it is 10-12 digits): exact, through its index.
                let param = self.bind(value.to_string());
                self.conditions.push(format!("a.account_id = {param}"));
            }
            Field::Runbook => {
                // A run ID is typed whole, as printed: exact, through its index.
                let param = self.bind(value.to_string());
                self.conditions.push(format!("a.runbook_run = {param}"));
            }
        }
    }

    fn one_of(&mut self, column: &str, texts: Vec<&'static str>) {
        if texts.is_empty() {
            self.conditions.push("0".to_string());
            return;
        }
        let params: Vec<String> = texts.into_iter().map(|t| self.bind(t.to_string())).collect();
        self.conditions.push(format!("{column} IN ({})", params.join(", ")));
    }

    /// `value` anywhere in `column` (which must be part of `search_text`), ignoring ASCII case.
    fn substring(&mut self, column: &str, value: &str) {
        if value.chars().count() >= TRIGRAM {
            self.fts.push(fts_trigrams(value));
            let pattern = self.bind(like_pattern(value));
            self.conditions.push(format!("a.{column} LIKE {pattern} ESCAPE '\\'"));
        } else {
            self.like(column, value);
        }
    }

    /// `value` anywhere in any of `columns` (each part of `search_text`), ignoring ASCII case.
    fn substring_any(&mut self, columns: &[&str], value: &str) {
        let long = value.chars().count() >= TRIGRAM;
        if long {
            self.fts.push(fts_trigrams(value));
        }
        let pattern = self.bind(like_pattern(value));
        let any: Vec<String> = columns.iter().map(|c| format!("a.{c} LIKE {pattern} ESCAPE '\\'")).collect();
        self.conditions.push(format!("({})", any.join(" OR ")));
        self.scans |= !long;
    }

    fn like(&mut self, column: &str, value: &str) {
        let pattern = self.bind(like_pattern(value));
        self.conditions.push(format!("a.{column} LIKE {pattern} ESCAPE '\\'"));
        self.scans = true;
    }

    fn finish(mut self, shape: Shape) -> Statement {
        if self.scans && self.fts.is_empty() {
            let window = self.bind(SHORT_WORD_WINDOW);
            self.conditions.push(format!("a.id > (SELECT coalesce(max(id), 0) FROM attempts) - {window}"));
        }
        let fts = (!self.fts.is_empty()).then(|| self.bind(self.fts.join(" AND ")));
        let sql = match (shape, fts) {
            (Shape::Page { before_id, limit }, Some(matched)) => {
                let before = self.bind(before_id);
                let limit = self.bind(i64::from(limit));
                format!(
                    "SELECT {ATTEMPT_COLUMNS} FROM attempts_fts CROSS JOIN attempts a ON a.id = attempts_fts.rowid \
                     WHERE attempts_fts MATCH {matched} AND attempts_fts.rowid < {before}{} \
                     ORDER BY attempts_fts.rowid DESC LIMIT {limit}",
                    and_all(&self.conditions)
                )
            }
            (Shape::Page { before_id, limit }, None) => {
                let before = self.bind(before_id);
                let limit = self.bind(i64::from(limit));
                format!(
                    "SELECT {ATTEMPT_COLUMNS} FROM attempts a WHERE a.id < {before}{} ORDER BY a.id DESC LIMIT {limit}",
                    and_all(&self.conditions)
                )
            }
            (Shape::Count, Some(matched)) => format!(
                "SELECT count(*) FROM attempts_fts CROSS JOIN attempts a ON a.id = attempts_fts.rowid \
                 WHERE attempts_fts MATCH {matched}{}",
                and_all(&self.conditions)
            ),
            (Shape::Count, None) => {
                format!("SELECT count(*) FROM attempts a WHERE 1{}", and_all(&self.conditions))
            }
        };
        Statement { sql, params: self.params }
    }
}

fn and_all(conditions: &[String]) -> String {
    conditions.iter().map(|c| format!(" AND {c}")).collect()
}

/// The trigrams that `text` must contain, as an FTS5 AND query. The index keeps no positions,
/// so phrases are not available; trigrams every 3 characters plus the last one cover the text
/// with the fewest doclists to intersect (the LIKE re-check does the rest).
fn fts_trigrams(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let last = chars.len().saturating_sub(TRIGRAM);
    let mut starts: Vec<usize> = (0..last).step_by(TRIGRAM).collect();
    starts.push(last);
    let terms: Vec<String> =
        starts.iter().map(|&i| fts_string(&chars[i..(i + TRIGRAM).min(chars.len())])).collect();
    terms.join(" AND ")
}

/// An FTS5 string: inside double quotes every character is literal except `"`, written twice.
fn fts_string(chars: &[char]) -> String {
    let mut quoted = String::from('"');
    for &c in chars {
        quoted.push(c);
        if c == '"' {
            quoted.push('"');
        }
    }
    quoted.push('"');
    quoted
}

/// `%text%` with LIKE's wildcards escaped, so `_` and `%` are searched for literally.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The values whose text the operator meant: the one named exactly (ignoring case, `-`, `_`),
/// else every one containing what was typed (`outcome:fail` → Failed and PreflightFailed).
fn matching<T: Copy>(all: &[T], typed: &str, text: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    let typed = normalize(typed);
    if let Some(exact) = all.iter().map(|v| text(*v)).find(|t| normalize(t) == typed) {
        return vec![exact];
    }
    all.iter().map(|v| text(*v)).filter(|t| normalize(t).contains(&typed)).collect()
}

/// Actions by their API name or the operator's verb: `action:move` finds MigrateNetworkInterface.
fn actions_named(typed: &str) -> Vec<&'static str> {
    let typed = normalize(typed);
    let by_verb: Vec<&'static str> =
        Kind::ALL.into_iter().filter(|k| k.verb() == typed).map(Kind::action).collect();
    if by_verb.is_empty() { matching(&Kind::ALL, &typed, Kind::action) } else { by_verb }
}

/// The actions whose verb holds `word` while their API name does not (`mov` → Migrate…).
fn actions_by_verb(word: &str) -> Vec<&'static str> {
    let word = word.to_lowercase();
    Kind::ALL
        .into_iter()
        .filter(|k| k.verb().contains(&word) && !k.action().to_lowercase().contains(&word))
        .map(Kind::action)
        .collect()
}

fn normalize(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_names_exact_or_substring() {
        let all = Outcome::ALL;
        assert_eq!(matching(all, "failed", |o| o.as_str()), ["Failed"]);
        assert_eq!(matching(all, "preflight-failed", |o| o.as_str()), ["PreflightFailed"]);
        assert_eq!(matching(all, "fail", |o| o.as_str()), ["Failed", "PreflightFailed"]);
        assert!(matching(all, "nope", |o| o.as_str()).is_empty());
        assert_eq!(actions_named("attach"), ["AttachNetworkInterface"]);
        assert_eq!(actions_named("move"), ["MigrateNetworkInterface"]);
        assert_eq!(actions_named("Migrate"), ["MigrateNetworkInterface"]);
        assert_eq!(actions_by_verb("move"), ["MigrateNetworkInterface"]);
        assert_eq!(actions_by_verb("MOV"), ["MigrateNetworkInterface"]);
        assert!(actions_by_verb("detach").is_empty(), "DetachNetworkInterface holds it already");
    }

    /// Every field the History list shows finds its rows by free text: the operation by its verb.
    #[test]
    fn free_text_finds_rows_by_every_shown_field() {
        use crate::attempt::{Change, Code, Reason};
        use crate::history::{Caller, HistoryQuery, Store};
        use crate::plan::{Plan, PlanInput};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("h.sqlite3")).unwrap();
        let caller = Caller {
            profile: "default".into(),
            secret_id_masked: "…0000".into(),
            account_id: None,
            ..Default::default()
        };
        let rule = crate::api::EndpointRule::default();
        let insert = |input: PlanInput| store.insert(&Plan::new(&input, &rule).unwrap(), &caller, 1).unwrap();
        let token = |input: PlanInput| PlanInput { client_token: Some("t".into()), ..input };
        let attach =
            insert(token(PlanInput::new(Kind::Attach, "ap-guangzhou", "eni-aaaa0001", "ins-aaaa0001")));
        let detach =
            insert(token(PlanInput::new(Kind::Detach, "ap-guangzhou", "eni-aaaa0001", "ins-aaaa0001")));
        let moved =
            insert(PlanInput::move_between("ap-shanghai", "eni-bbbb0001", "ins-bbbb0001", "ins-cccc0001"));
        let mut failed = store.get(attach).unwrap().unwrap().to_record().unwrap();
        let error = Reason::new(Code::parse("UnsupportedOperation.ZoneMismatch"), "");
        failed.apply(Change::Sending).unwrap();
        failed.apply(Change::Refused { error: error.clone(), request_id: None }).unwrap();
        failed
            .apply(Change::Ended { outcome: Outcome::Failed, reason: Some(error), at: 2, duration_ms: None })
            .unwrap();
        store.save(attach, &failed).unwrap();
        let ids = |text: &str| -> Vec<i64> {
            store.page(&HistoryQuery::search(text)).unwrap().into_iter().map(|a| a.id).collect()
        };
        assert_eq!(ids("detach"), [detach]);
        assert_eq!(ids("move"), [moved], "the verb the list shows");
        assert_eq!(ids("mov shanghai"), [moved]);
        assert_eq!(ids("attach"), [attach]);
        assert_eq!(ids("ap-shanghai"), [moved], "the region column");
        assert_eq!(ids("zonemismatch"), [attach], "the error-code column");
        assert_eq!(ids("failed"), [attach], "the outcome column");
        assert_eq!(ids("ins-cccc0001"), [moved], "the move's destination");
    }

    #[test]
    fn escaping() {
        assert_eq!(fts_trigrams("a\"b"), "\"a\"\"b\"");
        assert_eq!(fts_trigrams("abcdefg"), "\"abc\" AND \"def\" AND \"efg\"");
        assert_eq!(fts_trigrams("abcdef"), "\"abc\" AND \"def\"");
        assert_eq!(fts_trigrams("地域名"), "\"地域名\"");
        assert_eq!(like_pattern("a_%\\"), "%a\\_\\%\\\\%");
    }
}
