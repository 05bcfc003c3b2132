//! The history store against real SQLite files in temporary directories.

#[path = "common/synthetic.rs"]
mod synthetic;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tceni::api::AttachType;
use tceni::api::TaskStatus;
use tceni::attempt::{Change, Code, Located, Placement, Reason};
use tceni::history::{Caller, HistoryError, HistoryQuery, LATEST_VERSION, Outcome, Row, Store};
use tceni::plan::{EniId, InstanceId, Kind as Action, Operation, Plan};

/// The columns a test sets on a new row; stored through a [`Plan`], as the workflow does.
#[derive(Debug, Clone)]
struct NewAttempt {
    started_at: i64,
    profile: String,
    secret_id_masked: String,
    account_id: Option<String>,
    region: String,
    endpoint: String,
    action: Action,
    eni_id: String,
    instance_id: String,
    attach_type: Option<u32>,
    client_token: String,
}

trait InsertNew {
    fn insert_new(&self, new: &NewAttempt) -> Result<i64, HistoryError>;
}

impl InsertNew for Store {
    fn insert_new(&self, new: &NewAttempt) -> Result<i64, HistoryError> {
        let instance = InstanceId::parse(&new.instance_id).unwrap();
        let attach_type =
            new.attach_type.map(|t| if t == 1 { AttachType::Extended } else { AttachType::Standard });
        let client_token = new.client_token.clone();
        let operation = match new.action {
            Action::Attach => Operation::Attach { instance, attach_type, client_token },
            Action::Detach => Operation::Detach { instance, client_token },
            Action::Move => Operation::Move { from: instance.clone(), to: instance, attach_type },
        };
        let plan = Plan {
            region: new.region.clone(),
            endpoint: new.endpoint.clone(),
            eni: EniId::parse(&new.eni_id).unwrap(),
            operation,
        };
        let caller = Caller {
            profile: new.profile.clone(),
            secret_id_masked: new.secret_id_masked.clone(),
            account_id: new.account_id.clone(),
            ..Default::default()
        };
        self.insert(&plan, &caller, new.started_at)
    }
}

/// Row `id` as another build (or a crash) left it: `set` is the SQL that says how. For search
/// and listing fixtures whose columns need not form a record.
fn set(store: &Store, id: i64, set: &str) {
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    raw.execute(&format!("UPDATE attempts SET {set} WHERE id = ?1"), [id]).unwrap();
}

/// Row `id` as its record, with `changes` applied, saved whole.
fn save_with(store: &Store, id: i64, changes: Vec<Change>) {
    let mut record = store.get(id).unwrap().unwrap().to_record().unwrap();
    for change in changes {
        record.apply(change).unwrap();
    }
    store.save(id, &record).unwrap();
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("nested/dir/history.sqlite3")).unwrap();
    (dir, store)
}

fn new_attempt(n: u32) -> NewAttempt {
    NewAttempt {
        started_at: 1_700_000_000_000 + i64::from(n),
        profile: "default".into(),
        secret_id_masked: "AKID****abcd".into(),
        account_id: None,
        region: "ap-guangzhou".into(),
        endpoint: "vpc.tencentcloudapi.com".into(),
        action: Action::Attach,
        eni_id: format!("eni-{n:08}"),
        instance_id: format!("ins-{n:08}"),
        attach_type: None,
        client_token: format!("token-{n:06}"),
    }
}

fn ids(rows: &[Row]) -> Vec<i64> {
    rows.iter().map(|a| a.id).collect()
}

fn search(store: &Store, text: &str) -> Vec<Row> {
    store.page(&HistoryQuery { limit: 1000, ..HistoryQuery::search(text) }).unwrap()
}

/// Walk every page of `query` and return the ids in the order seen.
fn walk(store: &Store, mut query: HistoryQuery) -> Vec<i64> {
    let mut seen = Vec::new();
    loop {
        let page = store.page(&query).unwrap();
        seen.extend(ids(&page));
        match query.next_after(&page) {
            Some(next) => query = next,
            None => return seen,
        }
    }
}

#[test]
fn a_new_attempt_is_pending_with_nothing_learned_yet() {
    let (_dir, store) = temp_store();
    let id = store.insert_new(&new_attempt(1)).unwrap();
    let row = store.get(id).unwrap().unwrap();
    assert_eq!(row.outcome, Outcome::Pending);
    assert_eq!((row.request_id, row.finished_at, row.task_status), (None, None, None));
    assert_eq!(store.get(id + 1).unwrap(), None);
}

#[test]
fn every_field_round_trips() {
    let (_dir, store) = temp_store();
    let new = NewAttempt {
        started_at: 1_712_345_678_901,
        profile: "prod".into(),
        secret_id_masked: "AKID********wxyz".into(),
        account_id: Some("100000000042".into()),
        region: "ap-shanghai-fsi".into(),
        endpoint: "vpc.ap-shanghai-fsi.tencentcloudapi.com".into(),
        action: Action::Attach,
        eni_id: "eni-abcd1234".into(),
        instance_id: "ins-wxyz5678".into(),
        attach_type: Some(1),
        client_token: "2b1c6a52-0c6e-4b3e-9d47-0a0f1e2d3c4b".into(),
    };
    let id = store.insert_new(&new).unwrap();
    let error = Reason::new(Code::parse("UnsupportedOperation.ZoneMismatch"), "zones differ: 'a' vs \"b\"");
    let located = Located {
        placement: Some(Placement {
            instance: "ins-wxyz5678".into(),
            device_index: Some(1),
            mac: "20:90:6F:00:00:01".into(),
            primary_ip: Some("10.0.0.9".into()),
        }),
        state: "AVAILABLE".into(),
    };
    save_with(
        &store,
        id,
        vec![
            Change::PreflightSkipped,
            Change::Sending,
            Change::Accepted { request_id: "6f2f6d3e-1111-2222-3333-444455556666".into() },
            Change::Following,
            Change::PollAnswered {
                status: TaskStatus::Failed,
                output: Some("task output ✓ with unicode".into()),
                at: 1_712_345_679_000,
            },
            Change::Located(located),
            Change::Ended {
                outcome: Outcome::Failed,
                reason: Some(error),
                at: 1_712_345_680_000,
                duration_ms: Some(1_099),
            },
        ],
    );
    let expected = Row {
        id,
        started_at: new.started_at,
        finished_at: Some(1_712_345_680_000),
        profile: new.profile,
        secret_id_masked: new.secret_id_masked,
        account_id: new.account_id,
        region: new.region,
        endpoint: new.endpoint,
        action: new.action,
        eni_id: new.eni_id,
        instance_id: new.instance_id,
        attach_type: new.attach_type,
        client_token: new.client_token,
        request_id: Some("6f2f6d3e-1111-2222-3333-444455556666".into()),
        preflight: Some(tceni::history::PREFLIGHT_SKIPPED.into()),
        task_status: Some(TaskStatus::Failed),
        task_output: Some("task output ✓ with unicode".into()),
        error_code: Some("UnsupportedOperation.ZoneMismatch".into()),
        error_message: Some("zones differ: 'a' vs \"b\"".into()),
        duration_ms: Some(1_099),
        attachment: Some(r#"{"instance":"ins-wxyz5678","device_index":1,"mac":"20:90:6F:00:00:01","primary_ip":"10.0.0.9"}"#.into()),
        destination_instance_id: None,
        outcome: Outcome::Failed,
        retry_of: None,
        task_ended_at: Some(1_712_345_679_000),
        eni_state: Some("AVAILABLE".into()),
        credential: None,
        account_arn: None,
        state: store.get(id).unwrap().unwrap().state,
        continued_by: Vec::new(),
    };
    assert_eq!(store.get(id).unwrap(), Some(expected));
}

#[test]
fn saving_the_record_again_keeps_what_it_learnt() {
    let (_dir, store) = temp_store();
    let id = store.insert_new(&new_attempt(1)).unwrap();
    let sent = vec![
        Change::Sending,
        Change::Accepted { request_id: "req-1".into() },
        Change::Following,
        Change::PollAnswered { status: TaskStatus::Running, output: None, at: 1_700_000_001_000 },
    ];
    save_with(&store, id, sent);
    assert_eq!(
        store.get(id).unwrap().unwrap().task_status,
        Some(TaskStatus::Running),
        "a poll's last answer"
    );
    let done = vec![
        Change::PollAnswered { status: TaskStatus::Success, output: None, at: 1_700_000_008_000 },
        Change::Ended {
            outcome: Outcome::Succeeded,
            reason: None,
            at: 1_700_000_009_000,
            duration_ms: Some(9_000),
        },
    ];
    save_with(&store, id, done);
    let row = store.get(id).unwrap().unwrap();
    assert_eq!(row.request_id.as_deref(), Some("req-1"), "the record keeps what it learnt");
    assert_eq!((row.outcome, row.task_status), (Outcome::Succeeded, Some(TaskStatus::Success)));
    assert_eq!((row.finished_at, row.duration_ms), (Some(1_700_000_009_000), Some(9_000)));
    // The index follows updates: the row is found by its new RequestId and outcome.
    assert_eq!(ids(&search(&store, "REQ-1")), [id]);
    assert_eq!(ids(&search(&store, "outcome:succeeded")), [id]);
    assert!(search(&store, "outcome:sent").is_empty());
}

#[test]
fn update_errors_are_typed() {
    let (_dir, store) = temp_store();
    let id = store.insert_new(&new_attempt(1)).unwrap();
    let record = store.get(id).unwrap().unwrap().to_record().unwrap();
    let missing = store.save(42, &record);
    assert!(matches!(missing, Err(HistoryError::NotFound(42))), "{missing:?}");
}

#[test]
fn an_unknown_outcome_in_the_file_is_a_typed_error() {
    let (dir, store) = temp_store();
    let id = store.insert_new(&new_attempt(1)).unwrap();
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    raw.execute("UPDATE attempts SET outcome = 'Teleported' WHERE id = ?1", [id]).unwrap();
    let got = store.get(id);
    assert!(matches!(&got, Err(HistoryError::BadValue(u)) if u.text == "Teleported"), "{got:?}");
    drop(dir);
}

#[test]
fn pages_are_newest_first_without_gaps_or_repeats() {
    let (_dir, store) = temp_store();
    let all: Vec<i64> = (0..250).map(|n| store.insert_new(&new_attempt(n)).unwrap()).collect();
    let seen = walk(&store, HistoryQuery { limit: 40, ..HistoryQuery::default() });
    let newest_first: Vec<i64> = all.iter().rev().copied().collect();
    assert_eq!(seen, newest_first);
    assert_eq!(store.count(&HistoryQuery::default()).unwrap(), 250);
}

#[test]
fn pages_of_a_search_are_complete() {
    let (_dir, store) = temp_store();
    let mut expected = Vec::new();
    for n in 0..300 {
        let id = store.insert_new(&new_attempt(n)).unwrap();
        if n % 3 == 0 {
            set(&store, id, "error_code = 'LimitExceeded'");
            expected.push(id);
        }
    }
    expected.reverse();
    for text in ["limitexceeded", "code:LIMIT", "code:Li"] {
        let seen = walk(&store, HistoryQuery { limit: 7, ..HistoryQuery::search(text) });
        assert_eq!(seen, expected, "search {text:?}");
        assert_eq!(store.count(&HistoryQuery::search(text)).unwrap(), expected.len() as u64);
    }
}

/// Three rows that differ in every searched field.
fn distinct_rows(store: &Store) -> [i64; 3] {
    let specs = [
        (
            "eni-aaaa1111",
            "ins-bbbb2222",
            "ap-guangzhou",
            "rid-QQ-one",
            "UnsupportedOperation.ZoneMismatch",
            Outcome::Failed,
        ),
        (
            "eni-cccc3333",
            "ins-dddd4444",
            "ap-shanghai-fsi",
            "rid-RR-two",
            "LimitExceeded",
            Outcome::PreflightFailed,
        ),
        ("eni-eeee5555", "ins-ffff6666", "ap-shanghai", "rid-SS-three", "ResourceInUse", Outcome::Succeeded),
    ];
    specs.map(|(eni, ins, region, rid, code, outcome)| {
        let new = NewAttempt {
            eni_id: eni.into(),
            instance_id: ins.into(),
            region: region.into(),
            client_token: format!("tok-{eni}"),
            ..new_attempt(0)
        };
        let id = store.insert_new(&new).unwrap();
        set(store, id, &format!("request_id = '{rid}', error_code = '{code}', outcome = '{outcome}'"));
        id
    })
}

#[test]
fn free_text_finds_each_field_ignoring_case() {
    let (_dir, store) = temp_store();
    let [a, b, c] = distinct_rows(&store);
    let cases: &[(&str, &[i64])] = &[
        ("AAAA11", &[a]),            // ENI ID
        ("ins-DDDD", &[b]),          // instance ID
        ("guangzhou", &[a]),         // region
        ("shanghai", &[c, b]),       // region, both
        ("rr-two", &[b]),            // RequestId
        ("zonemismatch", &[a]),      // error code
        ("preflightfailed", &[b]),   // outcome
        ("SUCCEEDED", &[c]),         // outcome
        ("tok-eni-eeee", &[c]),      // client token
        ("eni- shanghai fsi", &[b]), // words are ANDed
        ("nothing-like-this", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(ids(&search(&store, text)), *expected, "search {text:?}");
    }
}

#[test]
fn field_syntax_narrows_to_one_column() {
    let (_dir, store) = temp_store();
    let [a, b, c] = distinct_rows(&store);
    let cases: &[(&str, &[i64])] = &[
        ("outcome:failed", &[a]), // exact name: not PreflightFailed
        ("outcome:preflight-failed", &[b]),
        ("outcome:fail", &[b, a]), // a part: every outcome containing it
        ("outcome:nonsense", &[]),
        ("region:AP-SHANGHAI", &[c]), // exact: not ap-shanghai-fsi
        ("region:shanghai", &[]),
        ("code:ZoneMismatch", &[a]),
        ("code:in", &[c]), // short value: substring of ResourceInUse only
        ("eni:cccc", &[b]),
        ("instance:ffff", &[c]),
        ("request:ss-three", &[c]),
        ("token:aaaa", &[a]),
        ("action:attach", &[c, b, a]),
        ("action:detach", &[]),
        ("profile:def", &[c, b, a]),
        ("outcome:fail eni-aaaa", &[a]), // field and free text ANDed
        ("code:mismatch region:ap-guangzhou", &[a]),
        ("eni:guangzhou", &[]),   // the region is not in the ENI column
        ("outcome:", &[c, b, a]), // still typing: no filter yet
    ];
    for (text, expected) in cases {
        assert_eq!(ids(&search(&store, text)), *expected, "search {text:?}");
    }
}

#[test]
fn short_words_match_substrings_too() {
    let (_dir, store) = temp_store();
    let [a, b, c] = distinct_rows(&store);
    let cases: &[(&str, &[i64])] = &[
        ("q", &[a]), // rid-QQ-one (case-insensitive)
        ("RR", &[b]),
        ("fs", &[b]),
        ("e", &[c, b, a]),
        ("_", &[]), // LIKE wildcards are literal
        ("%", &[]),
        ("zz", &[]),
        ("q fail", &[a]), // short and long words together
    ];
    for (text, expected) in cases {
        assert_eq!(ids(&search(&store, text)), *expected, "search {text:?}");
        assert_eq!(store.count(&HistoryQuery::search(*text)).unwrap(), expected.len() as u64, "{text:?}");
    }
}

#[test]
fn odd_search_text_never_errors() {
    let (_dir, store) = temp_store();
    distinct_rows(&store);
    let long = "eni-".repeat(10_000);
    let odd =
        ["", "   ", ":", "\"", "\"\"\"", "a\"b", "NEAR(a b)", "* OR -x", "{eni_id}:x", "地域", "é", &long];
    for text in odd {
        store.page(&HistoryQuery::search(text)).unwrap();
        store.count(&HistoryQuery::search(text)).unwrap();
    }
}

mod search_never_errors {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn on_any_text(text in any::<String>()) {
            let (_dir, store) = temp_store();
            store.insert_new(&new_attempt(1)).unwrap();
            prop_assert!(store.page(&HistoryQuery::search(text.clone())).is_ok());
            prop_assert!(store.count(&HistoryQuery::search(text)).is_ok());
        }
    }
}

#[test]
fn open_rows_are_the_ones_to_reconcile() {
    let (_dir, store) = temp_store();
    let with = |outcome: Outcome, request_id: Option<&str>| {
        let id = store.insert_new(&new_attempt(0)).unwrap();
        let request_id = request_id.map_or("NULL".to_string(), |id| format!("'{id}'"));
        set(&store, id, &format!("outcome = '{outcome}', request_id = {request_id}"));
        id
    };
    let pending = with(Outcome::Pending, None);
    let sent = with(Outcome::Sent, Some("r1"));
    let unknown_with_id = with(Outcome::Unknown, Some("r2"));
    // Settled by describing the ENI when no task can be asked about.
    let unknown_without = with(Outcome::Unknown, None);
    let sending = with(Outcome::Sending, None);
    let _done = with(Outcome::Succeeded, Some("r3"));
    let _failed = with(Outcome::Failed, Some("r4"));
    let open = store.open_rows().unwrap();
    assert_eq!(ids(&open), [pending, sent, unknown_with_id, unknown_without, sending]);
    assert!(open.iter().all(Row::is_open));
}

#[test]
fn a_healthy_file_passes_the_integrity_check() {
    let (_dir, store) = temp_store();
    synthetic::seed(store.path(), 2_000, 7).unwrap();
    store.insert_new(&new_attempt(1)).unwrap();
    assert!(store.integrity_check().unwrap());
    assert_eq!(store.count(&HistoryQuery::default()).unwrap(), 2_001);
}

#[test]
fn synthetic_rows_are_reproducible_and_searchable() {
    let (_d1, one) = temp_store();
    let (_d2, two) = temp_store();
    synthetic::seed(one.path(), 500, 42).unwrap();
    synthetic::seed(two.path(), 500, 42).unwrap();
    let page = |s: &Store| s.page(&HistoryQuery::default()).unwrap();
    assert_eq!(page(&one), page(&two));
    assert!(one.count(&HistoryQuery::search("outcome:succeeded")).unwrap() > 250);
    let eni = page(&one)[0].eni_id.clone();
    assert!(search(&one, &eni[4..]).iter().all(|a| a.eni_id == eni));
}

// ---- several writers ----

const ROWS_PER_WRITER: u32 = 300;

fn write_rows(path: &Path, writer: u32) {
    let store = Store::open(path).unwrap();
    for n in 0..ROWS_PER_WRITER {
        let new = NewAttempt { client_token: format!("w{writer}-{n}"), ..new_attempt(n) };
        let id = store.insert_new(&new).unwrap();
        let error = Reason::new(Code::parse("ClientError.NetworkError"), "refused");
        let not_sent = vec![
            Change::Sending,
            Change::NotDelivered(error.clone()),
            Change::Ended { outcome: Outcome::NotSent, reason: Some(error), at: 1, duration_ms: None },
        ];
        save_with(&store, id, not_sent);
    }
}

fn assert_all_rows_present(path: &Path, writers: &[u32]) {
    let store = Store::open(path).unwrap();
    let tokens: BTreeSet<String> = walk(&store, HistoryQuery { limit: 500, ..HistoryQuery::default() })
        .into_iter()
        .map(|id| store.get(id).unwrap().unwrap().client_token)
        .collect();
    let expected: BTreeSet<String> =
        writers.iter().flat_map(|w| (0..ROWS_PER_WRITER).map(move |n| format!("w{w}-{n}"))).collect();
    assert_eq!(tokens, expected);
    assert!(store.integrity_check().unwrap());
}

#[test]
fn two_threads_with_their_own_connections_lose_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    std::thread::scope(|scope| {
        for writer in [1, 2] {
            let path = &path;
            scope.spawn(move || write_rows(path, writer));
        }
    });
    assert_all_rows_present(&path, &[1, 2]);
}

/// Set in a child process: the file to write to, and the writer number.
const CHILD_DB: &str = "TCENI_TEST_HISTORY_CHILD_DB";
const CHILD_WRITER: &str = "TCENI_TEST_HISTORY_CHILD_WRITER";

/// Does nothing in a normal run; in a child started by the test below it is the writer.
#[test]
fn child_process_writer() {
    let (Ok(path), Ok(writer)) = (std::env::var(CHILD_DB), std::env::var(CHILD_WRITER)) else {
        return;
    };
    write_rows(&PathBuf::from(path), writer.parse().unwrap());
}

#[test]
fn two_processes_writing_at_once_lose_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = [3, 4]
        .map(|writer| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_process_writer", "--test-threads=1"])
                .env(CHILD_DB, &path)
                .env(CHILD_WRITER, writer.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .into();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_all_rows_present(&path, &[3, 4]);
}

// ---- schema versions ----

/// Version 1 as it was written, by hand, so this test does not follow later edits of the code.
const V1_SCHEMA: &str = r#"
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER, profile TEXT NOT NULL,
    secret_id_masked TEXT NOT NULL, region TEXT NOT NULL COLLATE NOCASE, endpoint TEXT NOT NULL,
    action TEXT NOT NULL, eni_id TEXT NOT NULL, instance_id TEXT NOT NULL, attach_type INTEGER,
    client_token TEXT NOT NULL, request_id TEXT,
    preflight TEXT CHECK (preflight IS NULL OR json_valid(preflight)), task_status TEXT, task_output TEXT,
    error_code TEXT, error_message TEXT, duration_ms INTEGER, outcome TEXT NOT NULL
) STRICT;
CREATE INDEX attempts_by_outcome ON attempts(outcome);
CREATE INDEX attempts_by_region ON attempts(region);
INSERT INTO attempts (started_at, profile, secret_id_masked, region, endpoint, action, eni_id, instance_id,
                      client_token, request_id, error_code, outcome)
VALUES (1, 'default', 'AKID****', 'ap-tokyo', 'vpc.tencentcloudapi.com', 'AttachNetworkInterface',
        'eni-old00001', 'ins-old00001', 'tok-1', 'req-old-1', 'ResourceInUse', 'Failed'),
       (2, 'default', 'AKID****', 'ap-tokyo', 'vpc.tencentcloudapi.com', 'DetachNetworkInterface',
        'eni-old00002', 'ins-old00002', 'tok-2', NULL, NULL, 'Pending');
PRAGMA user_version = 1;
"#;

fn raw_file(sql: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    rusqlite::Connection::open(&path).unwrap().execute_batch(sql).unwrap();
    (dir, path)
}

#[test]
fn a_new_file_gets_the_latest_schema() {
    let (_dir, store) = temp_store();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert!(store.integrity_check().unwrap());
}

#[test]
fn reopening_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let id = Store::open(&path).unwrap().insert_new(&new_attempt(1)).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(ids(&search(&store, "eni-00000001")), [id]);
}

#[test]
fn a_version_1_file_is_migrated_and_keeps_its_rows() {
    let (_dir, path) = raw_file(V1_SCHEMA);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let rows = store.page(&HistoryQuery::default()).unwrap();
    assert_eq!(rows.iter().map(|a| a.eni_id.as_str()).collect::<Vec<_>>(), ["eni-old00002", "eni-old00001"]);
    assert_eq!(rows[1].error_code.as_deref(), Some("ResourceInUse"));
    // Old rows are in the new search index, and new rows follow them.
    assert_eq!(ids(&search(&store, "req-old")), [1]);
    assert_eq!(ids(&search(&store, "outcome:pending")), [2]);
    // Old rows have no account; new ones carry theirs, found by `account:`.
    assert!(rows.iter().all(|a| a.account_id.is_none()));
    let new = NewAttempt { account_id: Some("100000000001".into()), ..new_attempt(3) };
    let id = store.insert_new(&new).unwrap();
    assert_eq!(id, 3);
    assert_eq!(ids(&search(&store, "account:100000000001")), [3]);
    assert_eq!(ids(&search(&store, "account:200000000002")), Vec::<i64>::new());
    assert_eq!(ids(&store.open_rows().unwrap()), [2, 3]);
    assert!(store.integrity_check().unwrap());
}

#[test]
fn a_file_from_a_newer_build_is_refused_and_left_alone() {
    let (_dir, path) = raw_file(
        "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept'); PRAGMA user_version = 99;",
    );
    let before = std::fs::read(&path).unwrap();
    let refused = Store::open(&path);
    assert!(
        matches!(refused, Err(HistoryError::TooNew { found: 99, supported: LATEST_VERSION })),
        "{refused:?}"
    );
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("newer tceni"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the refused file is byte for byte unchanged");
}

#[test]
fn open_default_uses_the_data_dir() {
    assert!(Store::default_path().ends_with("history.sqlite3"));
}

#[test]
fn short_words_alone_look_only_at_the_newest_rows() {
    let (_dir, store) = temp_store();
    let old = store.insert_new(&NewAttempt { client_token: "old~token".into(), ..new_attempt(1) }).unwrap();
    // Ids are dense in real files; a filler row with a far id moves the old row out of the
    // window without writing 100,000 rows.
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    raw.execute(
        "INSERT INTO attempts (id, started_at, profile, secret_id_masked, region, endpoint, action, eni_id, \
         instance_id, client_token, outcome) VALUES (100000, 0, 'p', 'm', 'r', 'e', 'AttachNetworkInterface', \
         'eni-filler00', 'ins-filler00', 'filler', 'NotSent')",
        [],
    )
    .unwrap();
    let recent =
        store.insert_new(&NewAttempt { client_token: "new~token".into(), ..new_attempt(2) }).unwrap();
    assert!(recent - old > tceni::history::SHORT_WORD_WINDOW);
    assert_eq!(ids(&search(&store, "~")), [recent]);
    assert_eq!(ids(&search(&store, "token:~")), [recent]);
    // A 3+ character word drives the search through the index, over every row.
    assert_eq!(ids(&search(&store, "~ ~token")), [recent, old]);
    assert_eq!(ids(&search(&store, "old~")), [old]);
}

#[test]
fn many_connections_opening_a_new_file_at_once_all_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite3");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path).map(|_| ()).map_err(|e| format!("{e} / {e:?}"))
                })
            })
            .collect();
        for opener in openers {
            opener.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e}"));
        }
    }
}

#[test]
fn a_move_keeps_both_instances_and_is_found_by_action_verb_and_destination() {
    let (_dir, store) = temp_store();
    let input =
        tceni::plan::PlanInput::move_between("ap-shanghai", "eni-mig00001", "ins-dead0001", "ins-stby0001");
    let plan = Plan::new(&input, &tceni::api::EndpointRule::default()).unwrap();
    let caller = Caller {
        profile: "default".into(),
        secret_id_masked: "…0000".into(),
        account_id: None,
        ..Default::default()
    };
    let id = store.insert(&plan, &caller, 1_700_000_000_000).unwrap();
    store.insert_new(&new_attempt(1)).unwrap();
    let done = Change::Ended {
        outcome: Outcome::AlreadyDone,
        reason: None,
        at: 1_700_000_000_001,
        duration_ms: None,
    };
    save_with(&store, id, vec![done]);
    let row = store.get(id).unwrap().unwrap();
    assert_eq!(row.action, Action::Move);
    assert_eq!(
        (row.instance_id.as_str(), row.destination_instance_id.as_deref()),
        ("ins-dead0001", Some("ins-stby0001"))
    );
    assert_eq!(row.client_token, "", "a move has no ClientToken");
    assert_eq!(ids(&search(&store, "action:move")), [id]);
    assert_eq!(ids(&search(&store, "ins-stby0001")), [id], "the destination is searched");
    assert_eq!(ids(&search(&store, "instance:ins-stby0001")), [id], "instance: finds a move to it");
    assert_eq!(ids(&search(&store, "instance:stby")), [id], "by part too");
    assert_eq!(ids(&search(&store, "instance:ins-dead0001")), [id], "and from it");
    assert_eq!(tceni::history::query::unknown_fields("instanse:ins-stby0001 outcome:ok"), ["instanse"]);
    assert_eq!(ids(&search(&store, "outcome:alreadydone")), [id]);
    assert_eq!(search(&store, "action:attach").len(), 1);
}

#[test]
fn settling_a_row_replaces_its_error_columns_and_keeps_the_rest() {
    let (_dir, store) = temp_store();
    let id = store.insert_new(&new_attempt(0)).unwrap();
    set(
        &store,
        id,
        "outcome = 'Unknown', error_code = 'ClientError.Cancelled', \
         error_message = 'cancelled while in flight', request_id = 'r', finished_at = 1",
    );
    let settled = vec![
        Change::PollAnswered { status: TaskStatus::Success, output: None, at: 2 },
        Change::Ended { outcome: Outcome::Succeeded, reason: None, at: 2, duration_ms: None },
    ];
    save_with(&store, id, settled);
    let row = store.get(id).unwrap().unwrap();
    assert_eq!((row.outcome, row.error_code, row.error_message), (Outcome::Succeeded, None, None));
    assert_eq!(row.request_id.as_deref(), Some("r"), "other columns are kept");
}
