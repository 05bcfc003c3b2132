use super::*;
use crate::api::cloudaudit::{CallParameters, read_event};
use serde_json::json;

fn event(action: &str, params: serde_json::Value, minutes_ago: i64, now: DateTime<Utc>) -> AuditEvent {
    let time = now - chrono::Duration::minutes(minutes_ago);
    let beijing = time.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let detail = json!({"userIdentity": {"type": "CAMUser"}, "requestParameters": params, "errorCode": 0});
    read_event(&json!({
        "EventId": format!("ev-{minutes_ago}"), "Username": "alice", "EventName": action,
        "EventTime": beijing.format("%Y-%m-%d %H:%M:%S").to_string(), "RequestID": "req",
        "CloudAuditEvent": detail.to_string(),
    }))
    .unwrap()
}

fn scope() -> Scope {
    Scope { region: "ap-shanghai".into(), enis: vec![], instances: vec![], user: None, since: DEFAULT_SINCE }
}

#[test]
fn since_takes_units_and_refuses_the_rest() {
    assert_eq!(parse_since("2h"), Some(Duration::from_secs(7200)));
    assert_eq!(parse_since("1h30m"), Some(Duration::from_secs(5400)));
    assert_eq!(parse_since("1d"), Some(Duration::from_secs(86_400)));
    for bad in ["", "2", "h", "0m", "2w", "-1h", "1.5h", "99999999999999999999d"] {
        assert_eq!(parse_since(bad), None, "{bad}");
    }
}

#[test]
fn an_id_narrows_the_search_on_the_service_else_one_query_per_eni_action() {
    let now = Utc::now();
    let wide = queries(&scope(), now);
    assert_eq!(wide.len(), ENI_ACTIONS.len());
    assert!(wide.iter().all(|q| q.attributes[0].0 == AttributeKey::EventName));
    let narrow =
        Scope { enis: vec!["eni-a".into()], instances: vec!["ins-b".into(), "ins-c".into()], ..scope() };
    let asked = queries(&narrow, now);
    let values: Vec<&str> = asked.iter().map(|q| q.attributes[0].1.as_str()).collect();
    assert_eq!(values, ["eni-a", "ins-b", "ins-c"]);
    assert!(asked.iter().all(|q| q.end - q.start == 24 * 3600 + CLOCK_SLACK_SECS));
    let week = queries(&Scope { since: MAX_SINCE, ..scope() }, now);
    assert!(week[0].end - week[0].start <= cloudaudit::MAX_SPAN_SECS, "never wider than one call may span");
}

#[test]
fn a_move_names_its_eni_and_both_instances() {
    let now = Utc::now();
    let params =
        json!({"NetworkInterfaceId": "eni-a", "SourceInstanceId": "ins-s", "DestinationInstanceId": "ins-d"});
    let change = Change::from_event(event("MigrateNetworkInterface", params, 4, now)).unwrap();
    assert_eq!(change.operation, Operation::Move);
    assert_eq!(change.instances, ["ins-s", "ins-d"]);
    assert_eq!(change.target_instance(), Some("ins-d"));
    assert!(change.names("ins-s") && change.names("eni-a") && !change.names("ins-x"));
    assert!(
        Change::from_event(event("DescribeInstances", json!({}), 1, now)).is_none(),
        "reads are not changes"
    );
}

#[test]
fn scope_keeps_changes_naming_an_id_and_by_the_user() {
    let now = Utc::now();
    let change = Change::from_event(event(
        "AttachNetworkInterface",
        json!({"NetworkInterfaceId": "eni-a", "InstanceId": "ins-b"}),
        1,
        now,
    ))
    .unwrap();
    assert!(in_scope(&change, &scope()));
    assert!(in_scope(&change, &Scope { instances: vec!["ins-b".into()], ..scope() }));
    assert!(!in_scope(&change, &Scope { enis: vec!["eni-z".into()], ..scope() }));
    assert!(in_scope(&change, &Scope { user: Some("ALICE".into()), ..scope() }));
    assert!(!in_scope(&change, &Scope { user: Some("bob".into()), ..scope() }));
}

#[test]
fn the_warning_names_what_who_and_when_and_leaves_this_machine_out() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let now = Utc::now();
    let params =
        json!({"NetworkInterfaceId": "eni-a", "SourceInstanceId": "ins-s", "DestinationInstanceId": "ins-d"});
    let mut mine = Change::from_event(event("MigrateNetworkInterface", params.clone(), 2, now)).unwrap();
    mine.this_machine = true;
    let theirs = Change::from_event(event("MigrateNetworkInterface", params.clone(), 4, now)).unwrap();
    let old = Change::from_event(event("MigrateNetworkInterface", params, 90, now)).unwrap();
    assert_eq!(warning(&theirs, now), "eni-a moved to ins-d by alice 4 min ago");
    let report = Report { changes: vec![mine, theirs, old], ..Report::default() };
    let others = report.by_others(now, DEFAULT_WARN_WINDOW);
    assert_eq!(others.len(), 1, "this machine's move and one older than the window are left out");
    let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
    assert_eq!(warning(others[0], now), "eni-a 已由 alice 迁移到 ins-d（4 分钟前）");
}

#[test]
fn a_failed_change_says_its_code() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let now = Utc::now();
    let mut change = Change::from_event(event(
        "AttachNetworkInterface",
        json!({"NetworkInterfaceId": "eni-a", "InstanceId": "ins-b"}),
        10,
        now,
    ))
    .unwrap();
    change.event.result = CallResult::Failed("UnsupportedOperation.InvalidState".into());
    assert_eq!(
        warning(&change, now),
        "alice tried to attach eni-a → ins-b 10 min ago: UnsupportedOperation.InvalidState"
    );
    assert_eq!(ago(now - chrono::Duration::hours(3), now), "3 h ago");
    assert_eq!(ago(now + chrono::Duration::seconds(30), now), "just now", "a clock ahead is not the future");
    let _ = CallParameters::default();
}

#[test]
fn a_refusal_is_told_apart_from_throttling_and_other_failures() {
    let service = |code: &str| {
        ApiError::Service(crate::api::ServiceError {
            code: code.into(),
            message: "m".into(),
            request_id: None,
            clock_skew_secs: None,
        })
    };
    assert!(matches!(Unavailable::from(service("UnauthorizedOperation")), Unavailable::NoRights(_)));
    assert!(matches!(Unavailable::from(service("RequestLimitExceeded")), Unavailable::Throttled(_)));
    assert!(matches!(Unavailable::from(service("InternalError.SearchError")), Unavailable::Failed(_)));
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    assert_eq!(
        unavailable(&Unavailable::from(service("UnauthorizedOperation"))),
        "activity unavailable: this key has no CloudAudit rights (cloudaudit:LookUpEvents)"
    );
}
