//! The schema, as a list of steps run by rusqlite_migration (which replaced a hand-written
//! runner): step `i` takes a file from `user_version = i` to `i + 1`. Append steps; never edit
//! one that has shipped (files in the field ran it already).

use rusqlite::{Connection, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use super::error::{HistoryError, MigrationError, Result, db};

/// Version 1: one row per attempt. STRICT so a wrong type is an error, not silent coercion.
const V1_ATTEMPTS: &str = r#"
CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY,
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    profile          TEXT NOT NULL,
    secret_id_masked TEXT NOT NULL,
    region           TEXT NOT NULL COLLATE NOCASE,
    endpoint         TEXT NOT NULL,
    action           TEXT NOT NULL,
    eni_id           TEXT NOT NULL,
    instance_id      TEXT NOT NULL,
    attach_type      INTEGER,
    client_token     TEXT NOT NULL,
    request_id       TEXT,
    preflight        TEXT CHECK (preflight IS NULL OR json_valid(preflight)),
    task_status      TEXT,
    task_output      TEXT,
    error_code       TEXT,
    error_message    TEXT,
    duration_ms      INTEGER,
    outcome          TEXT NOT NULL
) STRICT;
-- Each index ends in the rowid, so `col = ? ORDER BY id DESC LIMIT n` walks it without sorting.
CREATE INDEX attempts_by_outcome ON attempts(outcome);
CREATE INDEX attempts_by_region ON attempts(region);
"#;

/// Version 2: substring search. `search_text` joins the searched columns with newlines (which a
/// search word never holds, so no match spans two columns). A trigram FTS5 index over it, reading
/// its text from `attempts` (external content), kept in step by triggers, so a row written by any
/// process or by an older build is searchable. `detail=none` stores no positions: half the size,
/// and a faster insert; the price is false candidates, which the search re-checks with LIKE.
const V2_SEARCH: &str = r#"
ALTER TABLE attempts ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    eni_id || char(10) || instance_id || char(10) || region || char(10) || coalesce(request_id, '') || char(10)
    || coalesce(error_code, '') || char(10) || outcome || char(10) || client_token
) VIRTUAL;
CREATE VIRTUAL TABLE attempts_fts USING fts5(
    search_text,
    content = 'attempts', content_rowid = 'id', tokenize = 'trigram', detail = 'none', columnsize = 0
);
CREATE TRIGGER attempts_fts_after_insert AFTER INSERT ON attempts BEGIN
    INSERT INTO attempts_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER attempts_fts_after_delete AFTER DELETE ON attempts BEGIN
    INSERT INTO attempts_fts (attempts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
-- Most updates record task output or timing: the index is touched only when the text changed.
CREATE TRIGGER attempts_fts_after_update AFTER UPDATE ON attempts
WHEN old.search_text IS NOT new.search_text
BEGIN
    INSERT INTO attempts_fts (attempts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO attempts_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- Rows written at version 1 become searchable.
INSERT INTO attempts_fts (attempts_fts) VALUES ('rebuild');
"#;

/// Version 3: moves (a second instance), where the ENI was found afterwards, and a search text
/// that also holds the destination and the action (so `detach` or a destination ID finds rows).
/// A generated column cannot be changed in place: the triggers that read it go, it is dropped
/// and added again with the new expression, and the index is rebuilt from it.
const V3_MOVES: &str = r#"
ALTER TABLE attempts ADD COLUMN destination_instance_id TEXT;
ALTER TABLE attempts ADD COLUMN attachment TEXT CHECK (attachment IS NULL OR json_valid(attachment));
DROP TRIGGER attempts_fts_after_insert;
DROP TRIGGER attempts_fts_after_delete;
DROP TRIGGER attempts_fts_after_update;
ALTER TABLE attempts DROP COLUMN search_text;
ALTER TABLE attempts ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    eni_id || char(10) || instance_id || char(10) || region || char(10) || coalesce(request_id, '') || char(10)
    || coalesce(error_code, '') || char(10) || outcome || char(10) || client_token || char(10)
    || coalesce(destination_instance_id, '') || char(10) || action
) VIRTUAL;
CREATE TRIGGER attempts_fts_after_insert AFTER INSERT ON attempts BEGIN
    INSERT INTO attempts_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER attempts_fts_after_delete AFTER DELETE ON attempts BEGIN
    INSERT INTO attempts_fts (attempts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER attempts_fts_after_update AFTER UPDATE ON attempts
WHEN old.search_text IS NOT new.search_text
BEGIN
    INSERT INTO attempts_fts (attempts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO attempts_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO attempts_fts (attempts_fts) VALUES ('rebuild');
"#;

/// Version 4: the account (sts GetCallerIdentity's AccountId) the caller acted in, NULL where
/// it was not known (rows from older builds, an sts that did not answer). A temporary key's
/// SecretId changes at every refresh; the account does not, so reconcile matches rows by it.
/// Indexed for `account:ID` (an exact match).
const V4_ACCOUNT: &str = r#"
ALTER TABLE attempts ADD COLUMN account_id TEXT;
CREATE INDEX attempts_by_account ON attempts(account_id);
"#;

/// Version 5: runbooks. A run of a runbook (`runbook_runs`: its ID, the digest of the file and
/// its variables, so a second apply finds an unfinished run to resume) and, on each attempt,
/// the run and the step it carried out (`runbook:ID` finds a run's rows, through its index).
const V5_RUNBOOK: &str = r#"
CREATE TABLE runbook_runs (
    id          TEXT PRIMARY KEY,
    digest      TEXT NOT NULL,
    name        TEXT NOT NULL,
    file        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;
CREATE INDEX runbook_runs_by_digest ON runbook_runs(digest, started_at);
ALTER TABLE attempts ADD COLUMN runbook_run TEXT;
ALTER TABLE attempts ADD COLUMN runbook_step INTEGER;
CREATE INDEX attempts_by_runbook ON attempts(runbook_run, runbook_step);
"#;

/// Version 6: the rest of the attempt record, so a row loads as the run left it: the attempt a
/// re-send continues (`retry_of`, same ClientToken), when its task ended as best known, the
/// ENI's state when it was described, where the key came from and the account's ARN. NULL in
/// rows of earlier schemas: "not known", never guessed.
const V6_RECORD: &str = r#"
ALTER TABLE attempts ADD COLUMN retry_of INTEGER;
ALTER TABLE attempts ADD COLUMN task_ended_at INTEGER;
ALTER TABLE attempts ADD COLUMN eni_state TEXT;
ALTER TABLE attempts ADD COLUMN credential TEXT;
ALTER TABLE attempts ADD COLUMN account_arn TEXT;
CREATE INDEX attempts_by_retry_of ON attempts(retry_of);
"#;

/// Version 7: the record's states whole (`state`: its preflight, send, task, verification and
/// end as JSON, serde's), so a row loads exactly as it was saved, each reason with its code,
/// message, clock advice and whether retrying helps. The flat columns stay, written from the
/// same record: the search index, the list and the open-rows query read them. NULL in rows of
/// earlier schemas, which load from the flat columns ("not known", never guessed).
const V7_STATE: &str = r#"
ALTER TABLE attempts ADD COLUMN state TEXT CHECK (state IS NULL OR json_valid(state));
"#;

/// Every step, in order (rusqlite_migration: step `i` takes `user_version` from `i` to `i + 1`).
/// Append steps; never edit one that has shipped (files in the field ran it already).
static STEPS: [M<'static>; 7] = [
    M::up(V1_ATTEMPTS),
    M::up(V2_SEARCH),
    M::up(V3_MOVES),
    M::up(V4_ACCOUNT),
    M::up(V5_RUNBOOK),
    M::up(V6_RECORD),
    M::up(V7_STATE),
];
pub(crate) static MIGRATIONS: Migrations<'static> = Migrations::from_slice(&STEPS);

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = STEPS.len() as u32;

pub(crate) fn user_version(conn: &Connection) -> Result<u32> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(db)?;
    Ok(u32::try_from(version).unwrap_or(u32::MAX))
}

/// Refuse a file written by a newer tceni before changing anything in it.
pub(crate) fn refuse_newer(conn: &Connection) -> Result<u32> {
    let found = user_version(conn)?;
    if found > LATEST_VERSION {
        return Err(HistoryError::TooNew { found, supported: LATEST_VERSION });
    }
    Ok(found)
}

/// Bring the file to [`LATEST_VERSION`], every missing step in one transaction. It is taken
/// IMMEDIATE (the write lock first), so of two processes opening a new file at once one
/// migrates it and the other waits; that one then finds the steps done (its attempt fails on
/// the tables already there), reads the version again, and goes on.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    if refuse_newer(conn)? == LATEST_VERSION {
        return Ok(());
    }
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let migrated = MIGRATIONS.to_latest(conn);
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    match migrated {
        Ok(()) => Ok(()),
        Err(_) if refuse_newer(conn)? == LATEST_VERSION => Ok(()),
        Err(rusqlite_migration::Error::RusqliteError { err, .. }) => Err(db(err)),
        Err(e) => Err(HistoryError::Migration(MigrationError(e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{HistoryQuery, Store};

    /// A file as version 3 left it (every step before the account), with a row in it.
    fn version_3_file(path: &std::path::Path) {
        let mut conn = Connection::open(path).unwrap();
        MIGRATIONS.to_version(&mut conn, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO attempts (started_at, profile, secret_id_masked, region, endpoint, action, eni_id, \
             instance_id, client_token, request_id, outcome) VALUES (1, 'default', 'AKID****', 'ap-tokyo', \
             'vpc.tencentcloudapi.com', 'AttachNetworkInterface', 'eni-old00001', 'ins-old00001', 'tok-1', \
             NULL, 'Sending');",
        )
        .unwrap();
    }

    #[test]
    fn a_version_3_file_gains_the_account_column_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite3");
        version_3_file(&path);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let old = store.get(1).unwrap().expect("the old row");
        assert_eq!((old.eni_id.as_str(), old.account_id), ("eni-old00001", None));
        // Reconcile still finds it (by its masked SecretId, having no account).
        assert_eq!(store.open_rows().unwrap().len(), 1);
        assert_eq!(store.count(&HistoryQuery::search("eni-old")).unwrap(), 1);
        assert_eq!(store.count(&HistoryQuery::search("account:100000000001")).unwrap(), 0);
        assert!(store.integrity_check().unwrap());
    }

    /// Each listed row names the rows that re-sent it (`continued_by`) through the `retry_of`
    /// index: one lookup per row shown, never a scan of the file.
    #[test]
    fn the_retry_chain_of_a_page_is_read_through_its_index() {
        let shape = crate::history::search::Shape::Page { before_id: i64::MAX, limit: 100 };
        let plan = query_plan("", shape);
        assert!(plan.iter().any(|step| step.contains("attempts_by_retry_of")), "{plan:?}");
        assert!(!plan.iter().any(|step| step.starts_with("SCAN r")), "{plan:?}");
    }

    #[test]
    fn account_search_uses_its_index() {
        let plan = query_plan("account:100000000001", crate::history::search::Shape::Count);
        assert!(plan.iter().any(|step| step.contains("attempts_by_account")), "{plan:?}");
    }

    /// SQLite's plan for the search `text` in `shape`, on a new file at the current schema.
    fn query_plan(text: &str, shape: crate::history::search::Shape) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("h.sqlite3")).unwrap();
        let statement = crate::history::search::statement(&crate::history::query::parse(text), shape);
        let conn = Connection::open(store.path()).unwrap();
        conn.prepare(&format!("EXPLAIN QUERY PLAN {}", statement.sql))
            .unwrap()
            .query_map(rusqlite::params_from_iter(statement.params), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}
