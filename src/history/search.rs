//! Turns a parsed search into one SQL statement.
//!
//! Words of 3+ characters go to the trigram FTS5 index, which walks matching rowids newest
//! first and stops at the page limit. Shorter words cannot use trigrams; they become LIKE
//! conditions checked while walking the table newest first, which also stops at the page limit,
//! so the cost is bounded by how far back the page's matches lie. Outcome and action filters
//! become `IN` lists over their few values; region is an exact match on an indexed column.

use rusqlite::types::Value;

use super::model::{Action, Outcome};
use super::query::{Field, FieldFilter, ParsedQuery};

/// The columns of an [`super::Attempt`], in the order `store::attempt_from_row` reads them.
pub(crate) const ATTEMPT_COLUMNS: &str = "a.id, a.started_at, a.finished_at, a.profile, a.secret_id_masked, \
     a.region, a.endpoint, a.action, a.eni_id, a.instance_id, a.attach_type, a.client_token, a.request_id, \
     a.preflight, a.task_status, a.task_output, a.error_code, a.error_message, a.duration_ms, a.outcome";

/// The columns a free word is looked for in (the same ones the FTS index holds).
const SEARCHED_COLUMNS: &[&str] =
    &["eni_id", "instance_id", "region", "request_id", "error_code", "outcome", "client_token"];

/// Trigram matching needs at least this many characters.
const TRIGRAM: usize = 3;

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
    params: Vec<Value>,
}

impl Builder {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    fn word(&mut self, word: &str) {
        if word.chars().count() >= TRIGRAM {
            self.fts.push(fts_phrase(word));
        } else {
            let pattern = self.bind(like_pattern(word));
            let any: Vec<String> =
                SEARCHED_COLUMNS.iter().map(|col| format!("a.{col} LIKE {pattern} ESCAPE '\\'")).collect();
            self.conditions.push(format!("({})", any.join(" OR ")));
        }
    }

    fn filter(&mut self, filter: &FieldFilter) {
        let value = filter.value.as_str();
        match filter.field {
            Field::Outcome => self.one_of("a.outcome", matching(Outcome::ALL, value, |o| o.as_str())),
            Field::Action => self.one_of("a.action", matching(Action::ALL, value, |a| a.as_str())),
            Field::Region => {
                // The column is COLLATE NOCASE, so this is case-insensitive and uses the index.
                let param = self.bind(value.to_string());
                self.conditions.push(format!("a.region = {param}"));
            }
            Field::ErrorCode => self.column_substring("error_code", value),
            Field::EniId => self.column_substring("eni_id", value),
            Field::InstanceId => self.column_substring("instance_id", value),
            Field::RequestId => self.column_substring("request_id", value),
            Field::ClientToken => self.column_substring("client_token", value),
            Field::Profile => self.column_like("profile", value),
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

    fn column_substring(&mut self, column: &str, value: &str) {
        if value.chars().count() >= TRIGRAM {
            self.fts.push(format!("{column} : {}", fts_phrase(value)));
        } else {
            self.column_like(column, value);
        }
    }

    fn column_like(&mut self, column: &str, value: &str) {
        let pattern = self.bind(like_pattern(value));
        self.conditions.push(format!("a.{column} LIKE {pattern} ESCAPE '\\'"));
    }

    fn finish(mut self, shape: Shape) -> Statement {
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
            (Shape::Count, Some(matched)) if self.conditions.is_empty() => {
                format!("SELECT count(*) FROM attempts_fts WHERE attempts_fts MATCH {matched}")
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

/// An FTS5 string: inside double quotes every character is literal except `"`, written twice.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
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
        assert_eq!(matching(Action::ALL, "attach", |a| a.as_str()), ["AttachNetworkInterface"]);
    }

    #[test]
    fn escaping() {
        assert_eq!(fts_phrase("a\"b"), "\"a\"\"b\"");
        assert_eq!(like_pattern("a_%\\"), "%a\\_\\%\\\\%");
    }
}
