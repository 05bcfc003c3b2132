//! The history keeps the record whole: every shape of attempt saved and loaded back is the same
//! record, and files written at every earlier schema (built with that schema's own steps, rows
//! written as the builds of that time wrote them) open, migrate and read back as records.

use super::migrations::{LATEST_VERSION, MIGRATIONS};
use super::{HistoryQuery, PREFLIGHT_SKIPPED, Store};
use crate::api::{AttachType, EndpointRule, TaskStatus};
use crate::attempt::report::{Report, Rule, Status, Verdict};
use crate::attempt::{
    Attempt, Caller, Code, End, Ending, Located, Outcome, Placement, Preflight, Reason, Recording, Send,
    Task, Verification,
};
use crate::plan::{Kind, Plan, PlanInput};
use rusqlite::Connection;

const T0: i64 = 1_765_000_000_000;

fn plans() -> Vec<Plan> {
    let rule = EndpointRule::default();
    let attach = PlanInput {
        attach_type: Some(AttachType::Extended),
        client_token: Some("tok-attach".into()),
        ..PlanInput::new(Kind::Attach, "ap-shanghai-fsi", "eni-aaaa0001", "ins-aaaa0001")
    };
    let detach = PlanInput::new(Kind::Detach, "ap-guangzhou", "eni-bbbb0001", "ins-bbbb0001");
    let moved = PlanInput::move_between("ap-shanghai", "eni-cccc0001", "ins-cccc0001", "ins-dddd0001");
    [attach, detach, moved].iter().map(|input| Plan::new(input, &rule).unwrap()).collect()
}

fn reason(code: &str, message: &str) -> Reason {
    Reason {
        clock: Some("the clock is 3 s ahead".into()),
        retryable: true,
        ..Reason::new(Code::parse(code), message)
    }
}

fn preflights() -> Vec<Preflight> {
    let verdict = |rule, status, code: Option<&str>, advice: Option<&str>| Verdict {
        rule,
        status,
        reason: format!("{rule:?} is {status:?} ✓ \"quoted\""),
        code: code.map(str::to_string),
        advice: advice.map(str::to_string),
        next: None,
    };
    let report = Report {
        verdicts: vec![
            verdict(Rule::AccountAllowed, Status::Pass, None, None),
            verdict(
                Rule::SameZone,
                Status::Fail,
                Some("UnsupportedOperation.ZoneMismatch"),
                Some("pick one"),
            ),
            verdict(Rule::SourceState, Status::Warn, None, Some("wait")),
            verdict(Rule::FreeEniSlot, Status::Skipped, None, None),
            verdict(Rule::EniOnSource, Status::Done, None, None),
            verdict(Rule::Runbook, Status::Done, None, None),
        ],
    };
    vec![Preflight::NotRun, Preflight::Skipped, Preflight::Checking, Preflight::Checked(report)]
}

/// Each send state, with the shapes of its data (taken in turn).
fn sends() -> Vec<Vec<Send>> {
    vec![
        vec![Send::NotYet],
        vec![Send::InFlight],
        vec![Send::Accepted { request_id: "req-accepted".into() }],
        vec![
            Send::Refused { error: reason("InvalidParameter", "no"), request_id: Some("req-refused".into()) },
            Send::Refused { error: reason("ClientError.Redirect", "moved"), request_id: None },
        ],
        vec![Send::NotDelivered { error: reason("ClientError.NetworkError", "refused") }],
        vec![
            Send::MaybeDelivered {
                error: reason("InternalError", "oops"),
                request_id: Some("req-maybe".into()),
            },
            Send::MaybeDelivered { error: reason("ClientError.OutcomeUnknown", "lost"), request_id: None },
        ],
    ]
}

/// Each task state, with the shapes of its data (taken in turn).
fn tasks() -> Vec<Vec<Task>> {
    vec![
        vec![Task::NotFollowed],
        vec![
            Task::Polling { asked: 0, last: None },
            Task::Polling { asked: 3, last: Some(TaskStatus::Running) },
            Task::Polling { asked: 1, last: Some(TaskStatus::Other("PENDING".into())) },
        ],
        vec![Task::Succeeded { output: Some("SUCCESS".into()), at: Some(T0 + 1_500) }],
        vec![
            Task::Failed { output: None, at: None },
            Task::Failed { output: Some("quota".into()), at: Some(T0) },
        ],
    ]
}

/// Each verification state, with the shapes of its data (taken in turn).
fn verifications() -> Vec<Vec<Verification>> {
    let on = Placement {
        instance: "ins-dddd0001".into(),
        device_index: Some(1),
        mac: "20:90:6F:00:00:01".into(),
        primary_ip: Some("10.0.0.5".into()),
    };
    vec![
        vec![Verification::NotRun],
        vec![Verification::Describing],
        vec![
            Verification::Located { located: Located { placement: Some(on), state: "AVAILABLE".into() } },
            Verification::Located { located: Located { placement: None, state: "DETACHING".into() } },
        ],
        vec![Verification::Failed { reason: "the service does not know the ENI".into() }],
    ]
}

fn ends() -> Vec<End> {
    let mut ends = vec![End::Open];
    for (i, outcome) in Outcome::ALL.iter().enumerate() {
        let reason = (i % 2 == 0).then(|| reason("ClientError.TaskFailed", "the task ended FAILED"));
        let duration_ms = (i % 3 != 0).then_some(1_234);
        ends.push(End::Ended(Ending { outcome: *outcome, reason, at: T0 + 9_000, duration_ms }));
    }
    ends
}

/// Every Kind × send state × task state × verification × end the record can hold (preflight and
/// caller vary along), saved whole and loaded back equal.
#[test]
fn every_row_shape_saved_and_loaded_back_is_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.sqlite3")).unwrap();
    let (preflights, mut n) = (preflights(), 0usize);
    let mut saved = Vec::new();
    for plan in plans() {
        for sends in sends() {
            for tasks in tasks() {
                for verifications in verifications() {
                    for end in ends() {
                        let caller = Caller {
                            profile: format!("p{}", n % 3),
                            secret_id_masked: "AKID****0001".into(),
                            account_id: (n % 2 == 0).then(|| "100000000001".into()),
                            account_arn: (n % 4 == 0).then(|| "qcs::cam::uin/1:roleName/ops".into()),
                            credential: if n % 5 == 0 {
                                String::new()
                            } else {
                                "environment (…0001)".into()
                            },
                        };
                        let mut attempt = Attempt::new(plan.clone(), caller, T0 + n as i64);
                        attempt.retry_of = (n % 7 == 0).then_some(1);
                        attempt.preflight = preflights[n % preflights.len()].clone();
                        attempt.send = sends[n % sends.len()].clone();
                        attempt.task = tasks[n % tasks.len()].clone();
                        (attempt.verification, attempt.end) =
                            (verifications[n % verifications.len()].clone(), end);
                        saved.push(attempt);
                        n += 1;
                    }
                }
            }
        }
    }
    for attempt in &mut saved {
        let id = store.record(attempt, None).unwrap();
        attempt.recording = Recording::Recorded { id };
    }
    let loaded = store.page(&HistoryQuery { limit: u32::MAX, ..HistoryQuery::default() }).unwrap();
    assert_eq!(loaded.len(), saved.len());
    for (row, attempt) in loaded.iter().rev().zip(&saved) {
        assert_eq!(&row.to_record().unwrap(), attempt, "row #{}", row.id);
    }
}

/// A file at `version`, built with that schema's own steps.
fn file_at(path: &std::path::Path, version: usize) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    MIGRATIONS.to_version(&mut conn, version).unwrap();
    conn
}

/// The verdicts as every build since schema 1 wrote them (serde of the report's types).
const OLD_VERDICTS: &str = r#"[{"rule":"eni_exists","status":"pass","reason":"eni-old00001 in vpc-1 / subnet-1","code":null},{"rule":"same_zone","status":"warn","reason":"zone?","code":null},{"rule":"free_eni_slot","status":"skipped","reason":"not checked","code":null},{"rule":"eni_free","status":"done","reason":"already there","code":null}]"#;

/// request_id, preflight, task_status, error_code, error_message, outcome.
type OldRow<'a> =
    (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);

/// Rows as the builds of schema 1 wrote them: a success, a refusal, one left Sending, one
/// sent without preflight.
fn v1_rows(conn: &Connection) {
    let insert = "INSERT INTO attempts (started_at, finished_at, profile, secret_id_masked, region, endpoint, \
                  action, eni_id, instance_id, attach_type, client_token, request_id, preflight, task_status, \
                  task_output, error_code, error_message, duration_ms, outcome) \
                  VALUES (?1, ?2, 'default', 'AKID****0001', 'ap-tokyo', 'vpc.tencentcloudapi.com', \
                  'AttachNetworkInterface', 'eni-old00001', 'ins-old00001', 0, 'tok-old', ?3, ?4, ?5, NULL, ?6, \
                  ?7, 900, ?8)";
    let rows: [OldRow; 4] = [
        (Some("req-1"), Some(OLD_VERDICTS), Some("SUCCESS"), None, None, "Succeeded"),
        (
            Some("req-2"),
            Some(OLD_VERDICTS),
            None,
            Some("UnsupportedOperation.ZoneMismatch"),
            Some("no"),
            "NotSent",
        ),
        (None, None, None, None, None, "Sending"),
        (
            Some("req-4"),
            Some(PREFLIGHT_SKIPPED),
            Some("FAILED"),
            Some("ClientError.TaskFailed"),
            Some("x"),
            "Failed",
        ),
    ];
    for (i, (request_id, preflight, task, code, message, outcome)) in rows.into_iter().enumerate() {
        let finished = (outcome != "Sending").then_some(T0 + 1_000);
        let params =
            rusqlite::params![T0 + i as i64, finished, request_id, preflight, task, code, message, outcome];
        conn.execute(insert, params).unwrap();
    }
}

/// A move as schema 3 on wrote it: its destination and where the ENI was found.
fn v3_move(conn: &Connection) {
    conn.execute(
        "INSERT INTO attempts (started_at, finished_at, profile, secret_id_masked, region, endpoint, action, \
         eni_id, instance_id, destination_instance_id, attach_type, client_token, request_id, task_status, \
         outcome, attachment) VALUES (?1, ?1, 'default', 'AKID****0001', 'ap-shanghai', \
         'vpc.tencentcloudapi.com', 'MigrateNetworkInterface', 'eni-mig00001', 'ins-src00001', 'ins-dst00001', \
         NULL, '', 'req-move', 'SUCCESS', 'Succeeded', ?2)",
        rusqlite::params![
            T0 + 10,
            r#"{"instance":"ins-dst00001","device_index":1,"mac":"20:90:6F:00:00:02","primary_ip":"10.0.0.6"}"#
        ],
    )
    .unwrap();
}

#[test]
fn files_of_every_earlier_schema_open_migrate_and_read_back_as_records() {
    for version in 1..LATEST_VERSION as usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite3");
        let conn = file_at(&path, version);
        v1_rows(&conn);
        if version >= 3 {
            v3_move(&conn);
        }
        if version >= 4 {
            conn.execute("UPDATE attempts SET account_id = '100000000001' WHERE id = 1", []).unwrap();
        }
        if version >= 6 {
            conn.execute(
                "UPDATE attempts SET retry_of = 1, task_ended_at = ?1, eni_state = 'AVAILABLE' WHERE id = 2",
                [T0 + 500],
            )
            .unwrap();
        }
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "from version {version}");
        let rows = store.page(&HistoryQuery::default()).unwrap();
        let records: Vec<Attempt> = rows
            .iter()
            .rev()
            .map(|row| row.to_record().unwrap_or_else(|e| panic!("v{version} #{}: {e}", row.id)))
            .collect();
        let [succeeded, refused, sending, failed] = &records[..4] else { panic!("v{version}: {records:?}") };
        assert_eq!(succeeded.outcome(), Outcome::Succeeded);
        assert_eq!(succeeded.send, Send::Accepted { request_id: "req-1".into() });
        assert!(matches!(succeeded.task, Task::Succeeded { .. }));
        let statuses: Vec<Status> = succeeded.report().unwrap().verdicts.iter().map(|v| v.status).collect();
        assert_eq!(
            statuses,
            [Status::Pass, Status::Warn, Status::Skipped, Status::Done],
            "typed, each its own"
        );
        assert_eq!(
            (refused.outcome(), refused.reason().unwrap().code.as_str()),
            (Outcome::NotSent, "UnsupportedOperation.ZoneMismatch")
        );
        assert!(matches!(refused.send, Send::Refused { .. }));
        assert_eq!(
            (sending.outcome(), &sending.send, &sending.end),
            (Outcome::Sending, &Send::InFlight, &End::Open)
        );
        assert_eq!((failed.outcome(), &failed.preflight), (Outcome::Failed, &Preflight::Skipped));
        assert_eq!(failed.recording, Recording::Recorded { id: 4 });
        if version >= 3 {
            let moved = &records[4];
            assert_eq!(moved.plan.kind(), Kind::Move);
            assert_eq!(moved.located().and_then(|l| l.instance()), Some("ins-dst00001"));
        }
        if version >= 4 {
            assert_eq!(succeeded.caller.account_id.as_deref(), Some("100000000001"));
        }
        if version >= 6 {
            assert_eq!(refused.retry_of, Some(1));
        }
        // Saved again by this build, each loads back as the same record.
        for (row, record) in rows.iter().rev().zip(&records) {
            store.save(row.id, record).unwrap();
            assert_eq!(&store.get(row.id).unwrap().unwrap().to_record().unwrap(), record);
        }
        assert!(store.integrity_check().unwrap());
        assert_eq!(store.count(&HistoryQuery::search("eni-old")).unwrap(), 4, "searchable after migrating");
    }
}
