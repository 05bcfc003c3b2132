//! The SQLite file: opening, writing attempts as they progress, and reading pages of them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::types::Type;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row as SqlRow, TransactionBehavior, params,
    params_from_iter,
};

use super::error::{HistoryError, Result, db};
use super::migrations;
use super::model::{HistoryQuery, Row, RunbookLink, UnknownText};
use super::query;
use super::search::{self, ATTEMPT_COLUMNS, Shape};
use crate::api::TaskStatus;
use crate::attempt::{self, Caller, Preflight, Verification};
use crate::plan::Plan;

/// The preflight column of an attempt sent without preflight: one verdict, in the verdicts'
/// shape.
pub const PREFLIGHT_SKIPPED: &str = r#"[{"rule":"preflight","status":"skipped","reason":"not run: sent without preflight on the operator's choice","code":null}]"#;

mod runbooks;

/// How long a writer waits for another process's write to finish before giving up.
/// Writes take milliseconds; seconds of slack means two tceni processes never lose a row.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The file name under [`crate::paths::data_dir`].
pub const FILE_NAME: &str = "history.sqlite3";

/// The history of every attempt, in one SQLite file. One `Store` is one connection: open one
/// per thread or process; SQLite's WAL mode and the busy timeout make concurrent writers safe.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only because the file cannot be written: writes return
    /// [`HistoryError::ReadOnly`].
    read_only: bool,
}

impl Store {
    /// The default file: `history.sqlite3` in [`crate::paths::data_dir`].
    pub fn default_path() -> PathBuf {
        crate::paths::data_dir().join(FILE_NAME)
    }

    pub fn open_default() -> Result<Store> {
        Store::open(Store::default_path())
    }

    /// Open (creating the file 0600 and its directories 0700 if needed) and bring the schema up
    /// to date. A file from a newer tceni is refused with [`HistoryError::TooNew`] and left
    /// untouched. A file this process may read but not write (another user's, a read-only
    /// directory or mount) is opened read-only: `tceni history` still lists it, and every write
    /// returns [`HistoryError::ReadOnly`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        match open_writable(&path) {
            Ok(conn) => Ok(Store { conn, path, read_only: false }),
            Err(err) if err.is_unwritable() && path.is_file() => match open_read_only(&path) {
                Ok(conn) => {
                    tracing::warn!(path = %path.display(), "the history is read-only: {err}");
                    Ok(Store { conn, path, read_only: true })
                }
                Err(_) => Err(err),
            },
            Err(err) => Err(err),
        }
    }

    /// True when the file could only be opened for reading.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Move committed attempts from the WAL into the main file, without waiting for or
    /// blocking any other connection (PASSIVE). Call it when an attempt ends: a reader that can
    /// only see the main file (a read-only copy, a backup of the one file) then has it, and a
    /// crash leaves less to replay. Nothing to do on a read-only store.
    pub fn checkpoint(&self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).map_err(db)
    }

    /// How long a write waits for another connection's lock before it fails (default 10 s).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait).map_err(db)
    }

    /// Cap the file at `pages` pages (SQLite's `max_page_count`, this connection only): a write
    /// that would grow it further fails as on a full disk. Returns the cap in force (never below
    /// the file's current size).
    pub fn set_max_pages(&self, pages: u64) -> Result<u64> {
        self.conn.pragma_update_and_check(None, "max_page_count", pages, |row| row.get(0)).map_err(db)
    }

    /// The file's size in pages.
    pub fn page_count(&self) -> Result<u64> {
        self.conn.query_row("PRAGMA page_count", [], |row| row.get(0)).map_err(db)
    }

    fn writable(&self) -> Result<()> {
        match self.read_only {
            true => Err(HistoryError::ReadOnly { path: self.path.clone() }),
            false => Ok(()),
        }
    }
}

/// The usual connection: file and directories created private, WAL, schema migrated.
fn open_writable(path: &Path) -> Result<Connection> {
    create_parent_dir(path)?;
    // Created (or narrowed to) 0600 before SQLite touches it: SQLite gives the -wal and -shm
    // files the main file's mode, so they are private too.
    if let Err(e) = crate::paths::ensure_private_file(path)
        && (e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(EROFS))
    {
        return Err(HistoryError::ReadOnly { path: path.to_path_buf() });
    }
    give_back_leftovers(path);
    let mut conn = Connection::open(path).map_err(db)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
    // Several processes may open a new file at once; where SQLite refuses to wait (it would
    // risk a deadlock), step back and try again rather than lose this process's record.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(5);
    loop {
        match prepare(&mut conn) {
            Err(e) if e.is_busy() && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            result => break result?,
        }
    }
    // SQLite quietly opens a file it may not write read-only; say so now, not at the first write.
    if conn.is_readonly(rusqlite::MAIN_DB).map_err(db)? {
        return Err(HistoryError::ReadOnly { path: path.to_path_buf() });
    }
    Ok(conn)
}

/// A `-wal` or `-shm` a crash left behind without write permission (a umask, a restore, a
/// chmod) would make SQLite open the file read-only for good, failing every later write:
/// they are SQLite's scratch files, so this process's own are made writable to it again.
/// Another user's stay as they are (the file then opens read-only, and says so).
fn give_back_leftovers(path: &Path) {
    #[cfg(unix)]
    for suffix in ["-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let scratch = PathBuf::from(name);
        if let Ok(meta) = std::fs::symlink_metadata(&scratch)
            && meta.is_file()
            && meta.permissions().mode() & 0o777 != 0o600
        {
            let _ = std::fs::set_permissions(&scratch, std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// `EROFS`: the file system is mounted read-only.
const EROFS: i32 = 30;

/// A read-only connection that never writes (no WAL switch, no migration). A WAL file needs its
/// `-shm` beside it; where that cannot be created (a read-only directory), the main file is read
/// as immutable: a writer's clean close, or [`Store::checkpoint`], leaves every row there.
fn open_read_only(path: &Path) -> Result<Connection> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let first = Connection::open_with_flags(path, flags).map_err(db).and_then(readable);
    match first {
        Err(err) if err.is_unwritable() => {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            Connection::open_with_flags(uri, flags).map_err(db).and_then(readable)
        }
        other => other,
    }
}

/// Reading the schema version proves the file can be read; a newer schema is still refused.
fn readable(conn: Connection) -> Result<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
    migrations::refuse_newer(&conn)?;
    Ok(conn)
}

/// A path as a `file:` URI path: the characters a URI gives meaning to are percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<u32> {
        migrations::user_version(&self.conn)
    }

    /// Record a plan about to be carried out as [`Outcome::Pending`]; returns its id.
    pub fn insert(&self, plan: &Plan, caller: &Caller, started_at: i64) -> Result<i64> {
        self.insert_linked(plan, caller, started_at, None)
    }

    /// [`Store::insert`] for a runbook's step: the row names the run and the step.
    pub fn insert_linked(
        &self,
        plan: &Plan,
        caller: &Caller,
        started_at: i64,
        link: Option<&RunbookLink>,
    ) -> Result<i64> {
        self.record(&attempt::Attempt::new(plan.clone(), caller.clone(), started_at), link)
    }

    /// Write a new attempt (as it stands: usually just begun), naming the runbook run and step it
    /// carries out in the same statement (a kill never leaves a step's row unlinked); returns
    /// its id.
    pub fn record(&self, attempt: &attempt::Attempt, link: Option<&RunbookLink>) -> Result<i64> {
        self.writable()?;
        let (plan, caller) = (&attempt.plan, &attempt.caller);
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO attempts (started_at, profile, secret_id_masked, region, endpoint, action, eni_id, \
                 instance_id, destination_instance_id, attach_type, client_token, outcome, account_id, \
                 runbook_run, runbook_step) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .map_err(db)?;
        // Run to completion, then read the id: with `RETURNING`, the row's id arrives before the
        // commit, and a commit that fails (a full disk) would go unnoticed.
        stmt.execute(params![
            attempt.started_at,
            caller.profile,
            caller.secret_id_masked,
            plan.region,
            plan.endpoint,
            plan.kind().action(),
            plan.eni.as_str(),
            plan.instance().as_str(),
            plan.move_destination().map(|to| to.as_str()),
            plan.attach_type().map(|t| t.code() as u32),
            // A move has no ClientToken; the column stays NOT NULL for older readers.
            plan.client_token().unwrap_or_default(),
            attempt.outcome().as_str(),
            caller.account_id,
            link.map(|l| l.run.as_str()),
            link.map(|l| l.step),
        ])
        .map_err(db)?;
        let id = self.conn.last_insert_rowid();
        // The rest of the record (the attempt it re-sends, the credential, anything already
        // known), in the same connection: a row never lacks what its run knew at the start.
        if !super::model::States::of(attempt).is_fresh()
            || attempt.retry_of.is_some()
            || !attempt.caller.credential.is_empty()
            || attempt.caller.account_arn.is_some()
        {
            self.save(id, attempt)?;
        }
        Ok(id)
    }

    /// Write everything the attempt knows now over row `id`: the row is the record, whole.
    pub fn save(&self, id: i64, attempt: &attempt::Attempt) -> Result<()> {
        self.writable()?;
        write_record(&self.conn, id, attempt)
    }

    /// [`Store::save`] for many rows in one transaction: one commit, however many rows.
    pub fn save_all(&mut self, attempts: &[(i64, attempt::Attempt)]) -> Result<()> {
        self.writable()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
        for (id, attempt) in attempts {
            write_record(&tx, *id, attempt)?;
        }
        tx.commit().map_err(db)
    }

    pub fn get(&self, id: i64) -> Result<Option<Row>> {
        let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM attempts a WHERE a.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db)?;
        stmt.query_row([id], attempt_from_row).optional().map_err(db)
    }

    /// Newest first: the rows matching `query.text` with an id below `query.before_id`.
    pub fn page(&self, query: &HistoryQuery) -> Result<Vec<Row>> {
        let shape = Shape::Page { before_id: query.before_id.unwrap_or(i64::MAX), limit: query.limit };
        let statement = search::statement(&query::parse(&query.text), shape);
        let mut stmt = self.conn.prepare_cached(&statement.sql).map_err(db)?;
        let rows = stmt.query_map(params_from_iter(statement.params), attempt_from_row).map_err(db)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db)
    }

    /// How many rows match `query.text` (paging fields are ignored).
    pub fn count(&self, query: &HistoryQuery) -> Result<u64> {
        let statement = search::statement(&query::parse(&query.text), Shape::Count);
        let mut stmt = self.conn.prepare_cached(&statement.sql).map_err(db)?;
        let count: i64 = stmt.query_row(params_from_iter(statement.params), |row| row.get(0)).map_err(db)?;
        Ok(count.max(0) as u64)
    }

    /// Of these RequestIds and ClientTokens, the ones a row of this history carries: the calls
    /// this machine sent (the account's audit trail is matched against them).
    pub fn sent_here(
        &self,
        request_ids: &[String],
        client_tokens: &[String],
    ) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT request_id FROM attempts WHERE request_id IN (SELECT value FROM json_each(?1)) \
                 UNION SELECT client_token FROM attempts \
                 WHERE client_token != '' AND client_token IN (SELECT value FROM json_each(?2))",
            )
            .map_err(db)?;
        let json = |list: &[String]| serde_json::Value::from(list.to_vec()).to_string();
        let rows = stmt
            .query_map(params![json(request_ids), json(client_tokens)], |row| row.get::<_, String>(0))
            .map_err(db)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db)
    }

    /// Rows left open (see [`Row::is_open`]), oldest first, for reconciliation at start.
    /// A Pending row may also belong to another tceni still running: look at `started_at`.
    pub fn open_rows(&self) -> Result<Vec<Row>> {
        let sql = format!(
            "SELECT {ATTEMPT_COLUMNS} FROM attempts a \
             WHERE a.outcome IN ('Pending', 'Sending', 'Sent', 'Unknown') ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db)?;
        let rows = stmt.query_map([], attempt_from_row).map_err(db)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db)
    }

    /// Finished, SUCCEEDED rows sent with one of `tokens` (a ClientToken names one request):
    /// the proof for an earlier row of the same request that never heard back.
    pub fn succeeded_with_tokens(&self, tokens: &[String]) -> Result<Vec<Row>> {
        let marks = vec!["?"; tokens.len()].join(", ");
        let sql = format!(
            "SELECT {ATTEMPT_COLUMNS} FROM attempts a WHERE a.outcome = 'Succeeded' \
             AND a.request_id IS NOT NULL AND a.client_token IN ({marks}) ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(db)?;
        let rows = stmt.query_map(params_from_iter(tokens), attempt_from_row).map_err(db)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db)
    }

    /// SQLite's own check of the file, then FTS5's check that the search index matches the rows.
    pub fn integrity_check(&self) -> Result<bool> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(db)?;
        let report: Vec<String> =
            stmt.query_map([], |row| row.get(0)).map_err(db)?.collect::<rusqlite::Result<_>>().map_err(db)?;
        if report != ["ok"] {
            return Ok(false);
        }
        let fts = self
            .conn
            .execute("INSERT INTO attempts_fts (attempts_fts, rank) VALUES ('integrity-check', 1)", []);
        match fts {
            Ok(_) => Ok(true),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => Ok(false),
            Err(e) => Err(db(e)),
        }
    }
}

/// The one UPDATE of a row: every column the record fills, as it stands now.
fn write_record(conn: &Connection, id: i64, attempt: &attempt::Attempt) -> Result<()> {
    let mut stmt = conn
        .prepare_cached(
            "UPDATE attempts SET request_id = ?2, preflight = ?3, task_status = ?4, task_output = ?5, \
             error_code = ?6, error_message = ?7, outcome = ?8, finished_at = ?9, duration_ms = ?10, \
             attachment = ?11, account_id = coalesce(?12, account_id), retry_of = ?13, task_ended_at = ?14, \
             eni_state = ?15, credential = ?16, account_arn = coalesce(?17, account_arn), state = ?18 WHERE id = ?1",
        )
        .map_err(db)?;
    let preflight = match &attempt.preflight {
        Preflight::Checked(report) => serde_json::to_string(&report.verdicts).ok(),
        Preflight::Skipped => Some(PREFLIGHT_SKIPPED.to_string()),
        Preflight::NotRun | Preflight::Checking => None,
    };
    // A poll's last answer too (RUNNING): the row shows how far the task got.
    let task_status = attempt.task.status().map(|status| status.to_string());
    let attachment = match &attempt.verification {
        Verification::Located { located } => Some(located.to_json()),
        _ => None,
    };
    let reason = attempt.reason();
    let ending = attempt.ending();
    let changed = stmt
        .execute(params![
            id,
            attempt.request_id(),
            preflight,
            task_status,
            attempt.task.output(),
            reason.map(|r| r.code.as_str()),
            reason.map(|r| r.message.as_str()),
            attempt.outcome().as_str(),
            ending.map(|e| e.at),
            ending.and_then(|e| e.duration_ms).map(|d| d as i64),
            attachment,
            attempt.caller.account_id,
            attempt.retry_of,
            attempt.task.ended_at(),
            attempt.located().map(|l| l.state.as_str()),
            Some(attempt.caller.credential.as_str()).filter(|c| !c.is_empty()),
            attempt.caller.account_arn,
            super::model::States::of(attempt).to_json(),
        ])
        .map_err(db)?;
    if changed == 0 {
        return Err(HistoryError::NotFound(id));
    }
    Ok(())
}

/// Journal mode, sync level and schema: everything a connection needs before its first use.
fn prepare(conn: &mut Connection) -> Result<()> {
    migrations::refuse_newer(conn)?;
    // WAL: readers never block the writer and a crash cannot tear a commit. NORMAL sync is
    // safe with WAL (a power cut may lose the last commits, never corrupt the file).
    let _mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)).map_err(db)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(db)?;
    migrations::migrate(conn)
}

fn create_parent_dir(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => crate::paths::create_private_dir(dir)
            .map_err(|source| HistoryError::CreateDir { dir: dir.to_path_buf(), source }),
        _ => Ok(()),
    }
}

/// Reads the columns in [`ATTEMPT_COLUMNS`] order.
fn attempt_from_row(row: &SqlRow<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: row.get(0)?,
        started_at: row.get(1)?,
        finished_at: row.get(2)?,
        profile: row.get(3)?,
        secret_id_masked: row.get(4)?,
        account_id: row.get(22)?,
        region: row.get(5)?,
        endpoint: row.get(6)?,
        action: row.get::<_, String>(7)?.parse().map_err(|e: crate::plan::UnknownAction| {
            rusqlite::Error::FromSqlConversionFailure(7, Type::Text, Box::new(e))
        })?,
        eni_id: row.get(8)?,
        instance_id: row.get(9)?,
        attach_type: row.get(10)?,
        client_token: row.get(11)?,
        request_id: row.get(12)?,
        preflight: row.get(13)?,
        task_status: row.get::<_, Option<String>>(14)?.map(|text| TaskStatus::from(text.as_str())),
        task_output: row.get(15)?,
        error_code: row.get(16)?,
        error_message: row.get(17)?,
        duration_ms: row.get(18)?,
        outcome: {
            let text: String = row.get(19)?;
            text.parse().map_err(|_| {
                let unknown = UnknownText { kind: "outcome", text: text.clone() };
                rusqlite::Error::FromSqlConversionFailure(19, Type::Text, Box::new(unknown))
            })?
        },
        destination_instance_id: row.get(20)?,
        attachment: row.get(21)?,
        retry_of: row.get(23)?,
        task_ended_at: row.get(24)?,
        eni_state: row.get(25)?,
        credential: row.get(26)?,
        account_arn: row.get(27)?,
        state: row.get(28)?,
        continued_by: row
            .get::<_, Option<String>>(29)?
            .map(|ids| ids.split(',').filter_map(|id| id.parse().ok()).collect())
            .unwrap_or_default(),
    })
}
