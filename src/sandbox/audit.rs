//! cloudaudit (2019-03-19) in the sandbox: the account's audit trail and `LookUpEvents`.
//!
//! Every attach, detach or move any accepted key sends (and the service answers, refused or
//! not) becomes an event, visible after the configured delay, as the real service lists them
//! minutes late. Past events by other people are seeded (`assets/sandbox-audit.json`). Events
//! are answered in the service's shape, `EventTime` in Beijing time and `CloudAuditEvent` a JSON
//! document in a string, which carries the caller's whole SecretId, as the worst case a client
//! must keep off the screen. Reference: docs/cloudaudit.md.

use super::error::ApiError;
use super::log::mask_secret_id;
use super::params::Params;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use std::time::{Duration, Instant};

pub const LOOK_UP_EVENTS: &str = "LookUpEvents";
/// The action's documented quota, requests per second per account.
pub const AUDIT_QUOTA: u32 = 20;
/// The most events one page may ask for (`MaxResults`).
pub const MAX_RESULTS: u64 = 50;
const DEFAULT_RESULTS: u64 = 10;
/// The widest `EndTime - StartTime` one call may span.
pub const MAX_SPAN_SECS: u64 = 7 * 24 * 3600;
/// The seed compiled into the binary.
pub const DEFAULT_AUDIT_JSON: &str = include_str!("../../assets/sandbox-audit.json");
/// The oldest events are dropped past this many, so a long demo does not grow without bound.
const KEEP: usize = 100_000;
/// The calls that change something and so are recorded.
const RECORDED_ACTIONS: [&str; 3] =
    ["AttachNetworkInterface", "DetachNetworkInterface", "MigrateNetworkInterface"];
/// Beijing time, the zone of `EventTime`.
const BEIJING_SECS: i32 = 8 * 3600;

/// The kind of identity behind a key, as CloudAudit tells them apart.
/// Its text (strum) is `userIdentity.type`, the names the sandbox's sts uses too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
pub enum UserKind {
    #[strum(serialize = "root")]
    Root,
    #[strum(serialize = "CAMUser")]
    SubUser,
    #[strum(serialize = "CAMRole")]
    Role,
}

impl UserKind {
    /// `userIdentity.type`.
    fn identity_type(self) -> &'static str {
        self.into()
    }
}

/// Who a key accepted by the sandbox stands for in the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditUser {
    pub secret_id: String,
    /// `Username`: `root`, the sub-user's name or the role's name.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: UserKind,
    /// `userIdentity.principalId`; default: the account (root), else the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
}

/// A change made before the sandbox started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEvent {
    pub minutes_ago: u32,
    pub user: String,
    #[serde(rename = "type")]
    pub kind: UserKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
    pub region: String,
    /// The API action, e.g. `MigrateNetworkInterface`.
    pub action: String,
    /// The ENI, when `params` do not name it (CreateNetworkInterface).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub params: Map<String, Value>,
    /// The code the call was answered with; none: it succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default = "default_source_ip")]
    pub source_ip: String,
}

fn default_source_ip() -> String {
    "127.0.0.1".into()
}

/// The trail's starting point: the users behind the keys, and past events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSeed {
    #[serde(default, rename = "_comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default)]
    pub users: Vec<AuditUser>,
    #[serde(default)]
    pub events: Vec<SeedEvent>,
}

impl AuditSeed {
    pub fn from_json(text: &str) -> Result<AuditSeed, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn default_seed() -> AuditSeed {
        AuditSeed::from_json(DEFAULT_AUDIT_JSON).expect("the built-in audit seed parses (tested)")
    }

    pub fn empty() -> AuditSeed {
        AuditSeed { comment: None, users: Vec::new(), events: Vec::new() }
    }
}

/// How the sandbox's CloudAudit behaves.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// How long after a call its event is listed.
    pub delay: Duration,
    /// SecretIds without CloudAudit rights: `LookUpEvents` answers `UnauthorizedOperation`.
    pub denied: Vec<String>,
    pub seed: AuditSeed,
}

impl Default for AuditConfig {
    fn default() -> AuditConfig {
        AuditConfig { delay: Duration::ZERO, denied: Vec::new(), seed: AuditSeed::default_seed() }
    }
}

/// Who made a call, resolved from its SecretId.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub secret_id: String,
    pub name: String,
    pub kind: UserKind,
    pub principal_id: String,
}

/// One change the service answered, ready to be recorded.
pub struct Change<'a> {
    pub actor: &'a Actor,
    pub action: &'a str,
    pub region: &'a str,
    pub params: &'a Value,
    pub request_id: &'a str,
    /// The code and message answered, or None when the call was accepted.
    pub error: Option<(&'a str, &'a str)>,
    /// Unix seconds on the service's clock.
    pub time: i64,
    pub account_id: &'a str,
}

#[derive(Debug, Clone)]
struct Stored {
    seq: u64,
    /// Unix seconds.
    time: i64,
    /// Listed from this instant on; seeds and injected events at once.
    visible_at: Option<Instant>,
    live: bool,
    /// For `LookupAttributes`; `secret_id` is the whole key ID (never answered whole).
    name: String,
    user: String,
    principal: String,
    secret_id: String,
    request_id: String,
    event_id: String,
    resources: Vec<String>,
    /// The event as answered.
    answer: Value,
}

/// The account's audit trail, kept in time order (oldest first).
#[derive(Debug)]
pub struct AuditTrail {
    events: Vec<Stored>,
    next_seq: u64,
    delay: Duration,
    denied: HashSet<String>,
    users: Vec<AuditUser>,
}

impl AuditTrail {
    /// The seeded trail, its events placed `minutes_ago` before `now_unix`.
    pub fn new(config: &AuditConfig, account_id: &str, now_unix: i64) -> AuditTrail {
        let mut trail = AuditTrail {
            events: Vec::new(),
            next_seq: 1,
            delay: config.delay,
            denied: config.denied.iter().cloned().collect(),
            users: config.seed.users.clone(),
        };
        let mut seeds = config.seed.events.clone();
        seeds.sort_by_key(|s| std::cmp::Reverse(s.minutes_ago));
        for seed in &seeds {
            trail.add_seed(seed, account_id, now_unix);
        }
        trail
    }

    /// Back to the seeds: the events recorded while running are forgotten.
    pub fn reset(&mut self) {
        self.events.retain(|e| !e.live);
    }

    pub fn set_delay(&mut self, delay: Duration) {
        self.delay = delay;
    }

    /// Take away (or give back) a key's CloudAudit rights.
    pub fn set_denied(&mut self, secret_id: &str, denied: bool) {
        match denied {
            true => self.denied.insert(secret_id.to_owned()),
            false => self.denied.remove(secret_id),
        };
    }

    pub fn add_user(&mut self, user: AuditUser) {
        self.users.retain(|u| u.secret_id != user.secret_id);
        self.users.push(user);
    }

    /// How many events are kept, listed or not yet.
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// The actor behind `secret_id`: a configured user, else a role session the sandbox's sts
    /// issued (`principal` = `role:session`), else the root account.
    pub fn actor(&self, secret_id: &str, issued_principal: Option<String>, account_id: &str) -> Actor {
        if let Some(user) = self.users.iter().find(|u| u.secret_id == secret_id) {
            let principal = user.principal_id.clone().unwrap_or_else(|| match user.kind {
                UserKind::Root => account_id.to_owned(),
                _ => user.name.clone(),
            });
            return Actor {
                secret_id: secret_id.into(),
                name: user.name.clone(),
                kind: user.kind,
                principal_id: principal,
            };
        }
        if let Some(principal) = issued_principal {
            let role = principal.split(':').next().unwrap_or_default().to_owned();
            return Actor {
                secret_id: secret_id.into(),
                name: role,
                kind: UserKind::Role,
                principal_id: principal,
            };
        }
        Actor {
            secret_id: secret_id.into(),
            name: "root".into(),
            kind: UserKind::Root,
            principal_id: account_id.into(),
        }
    }

    /// True for the actions whose calls become events.
    pub fn records(action: &str) -> bool {
        RECORDED_ACTIONS.contains(&action)
    }

    pub fn record(&mut self, change: &Change, now: Instant) {
        let params = change.params.as_object().cloned().unwrap_or_default();
        let resources = resources_of(&params, None);
        let event = EventParts {
            actor: change.actor,
            action: change.action,
            region: change.region,
            params: &params,
            resources,
            request_id: change.request_id.to_owned(),
            error: change.error.map(|(code, message)| (code.to_owned(), message.to_owned())),
            time: change.time,
            source_ip: "127.0.0.1",
            account_id: change.account_id,
        };
        self.insert(event, Some(now + self.delay), true);
    }

    /// An event exactly as given (hostile or malformed ones included), listed at once at
    /// `time` (unix seconds); what `LookupAttributes` match is read from it where it can be.
    pub fn inject(&mut self, answer: Value, time: i64) {
        let text = |name: &str| answer.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
        let resource = answer.pointer("/Resources/ResourceName").and_then(Value::as_str);
        let resources = resources_of(&injected_parameters(&answer), resource);
        let stored = Stored {
            seq: self.take_seq(),
            time,
            visible_at: None,
            live: true,
            name: text("EventName"),
            user: text("Username"),
            principal: String::new(),
            secret_id: String::new(),
            request_id: text("RequestID"),
            event_id: text("EventId"),
            resources,
            answer,
        };
        self.push(stored);
    }

    fn add_seed(&mut self, seed: &SeedEvent, account_id: &str, now_unix: i64) {
        let principal = seed.principal_id.clone().unwrap_or_else(|| seed.user.clone());
        let actor = Actor {
            secret_id: format!("AKIDSEED{}", &uuid::Uuid::new_v4().simple().to_string()[..28]),
            name: seed.user.clone(),
            kind: seed.kind,
            principal_id: principal,
        };
        let event = EventParts {
            actor: &actor,
            action: &seed.action,
            region: &seed.region,
            params: &seed.params,
            resources: resources_of(&seed.params, seed.resource.as_deref()),
            request_id: uuid::Uuid::new_v4().to_string(),
            error: seed.error.clone().map(|code| (code, "Refused (seeded event).".to_owned())),
            time: now_unix - i64::from(seed.minutes_ago) * 60,
            source_ip: &seed.source_ip,
            account_id,
        };
        self.insert(event, None, false);
    }

    fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    fn insert(&mut self, event: EventParts, visible_at: Option<Instant>, live: bool) {
        let stored = Stored {
            seq: self.take_seq(),
            time: event.time,
            visible_at,
            live,
            name: event.action.to_owned(),
            user: event.actor.name.clone(),
            principal: event.actor.principal_id.clone(),
            secret_id: event.actor.secret_id.clone(),
            request_id: event.request_id.clone(),
            event_id: uuid::Uuid::new_v4().to_string(),
            resources: event.resources.clone(),
            answer: Value::Null,
        };
        let answer = event.answer(&stored.event_id);
        self.push(Stored { answer, ..stored });
    }

    fn push(&mut self, stored: Stored) {
        let at = self.events.partition_point(|e| (e.time, e.seq) <= (stored.time, stored.seq));
        self.events.insert(at, stored);
        if self.events.len() > KEEP {
            self.events.remove(0);
        }
    }

    /// `LookUpEvents` for `secret_id`, at `now_unix` on the service's clock.
    pub fn look_up(
        &self,
        secret_id: &str,
        params: &Params,
        now: Instant,
    ) -> Result<Map<String, Value>, ApiError> {
        if self.denied.contains(secret_id) {
            return Err(ApiError::new(
                "UnauthorizedOperation",
                "You are not authorized to perform operation (cloudaudit:LookUpEvents): the key has no CloudAudit rights.",
            ));
        }
        let query = Query::read(params)?;
        let listed = self.events.iter().rev().filter(|e| e.visible_at.is_none_or(|at| at <= now));
        let mut matching = listed
            .filter(|e| (query.start..=query.end).contains(&e.time))
            .filter(|e| query.after.is_none_or(|cursor| (e.time, e.seq) < cursor))
            .filter(|e| query.attributes.iter().all(|a| a.matches(e)));
        let page: Vec<&Stored> = matching.by_ref().take(query.max_results).collect();
        let list_over = matching.next().is_none();
        let mut fields = Map::new();
        fields.insert("Events".into(), page.iter().map(|e| e.answer.clone()).collect());
        // The service may hand a token on the last page too: clients must stop on ListOver.
        let token = page.last().map(|e| cursor_token(e.time, e.seq)).or(query.token);
        fields.insert("NextToken".into(), token.map_or(Value::Null, Value::String));
        fields.insert("ListOver".into(), json!(list_over));
        fields.insert("TotalCount".into(), json!(page.len()));
        Ok(fields)
    }
}

/// `CloudAuditEvent.requestParameters` of an injected event (an object, or one in a string).
fn injected_parameters(answer: &Value) -> Map<String, Value> {
    let detail = answer.get("CloudAuditEvent").and_then(Value::as_str);
    let detail: Value = detail.and_then(|d| serde_json::from_str(d).ok()).unwrap_or_default();
    match detail.get("requestParameters") {
        Some(Value::Object(map)) => map.clone(),
        Some(Value::String(text)) => serde_json::from_str(text).unwrap_or_default(),
        _ => Map::new(),
    }
}

/// The ENI and every instance a call names, the ENI first.
fn resources_of(params: &Map<String, Value>, resource: Option<&str>) -> Vec<String> {
    let named = ["NetworkInterfaceId", "InstanceId", "SourceInstanceId", "DestinationInstanceId"];
    let from_params = named.iter().filter_map(|name| params.get(*name).and_then(Value::as_str));
    resource.into_iter().chain(from_params).map(str::to_owned).collect()
}

struct EventParts<'a> {
    actor: &'a Actor,
    action: &'a str,
    region: &'a str,
    params: &'a Map<String, Value>,
    resources: Vec<String>,
    request_id: String,
    error: Option<(String, String)>,
    time: i64,
    source_ip: &'a str,
    account_id: &'a str,
}

impl EventParts<'_> {
    /// The event in the service's shape.
    fn answer(&self, event_id: &str) -> Value {
        let eni = self.resources.first().cloned().unwrap_or_default();
        let (api_code, api_message) = self.error.clone().unwrap_or_default();
        let detail = json!({
            "userIdentity": {
                "type": self.actor.kind.identity_type(),
                "principalId": self.actor.principal_id,
                "accountId": self.account_id,
                "userName": self.actor.name,
                // Whole, as a careless service might: clients must never show or keep it.
                "secretId": self.actor.secret_id,
            },
            "actionType": "Write",
            "eventName": self.action,
            "eventRegion": self.region,
            "eventTime": self.time,
            "eventType": "ApiCall",
            "eventVersion": 2,
            "eventSource": "vpc.tencentcloudapi.com",
            "requestID": self.request_id,
            "requestParameters": Value::Object(self.params.clone()).to_string(),
            "resourceType": "vpc",
            "resourceName": self.resources.join(","),
            "sourceIPAddress": self.source_ip,
            "apiVersion": "2017-03-12",
            "errorCode": if self.error.is_some() { 1 } else { 0 },
            "errorMessage": api_message,
            "apiErrorCode": api_code,
            "apiErrorMessage": api_message,
        });
        json!({
            "EventId": event_id,
            "Username": self.actor.name,
            "EventTime": beijing_time(self.time),
            "EventName": self.action,
            "EventNameCn": name_cn(self.action),
            "ErrorCode": 0,
            "RequestID": self.request_id,
            "SecretId": mask_secret_id(&self.actor.secret_id),
            "EventSource": "vpc.tencentcloudapi.com",
            "SourceIPAddress": self.source_ip,
            "ResourceRegion": self.region,
            "EventRegion": self.region,
            "AccountID": self.account_id.parse::<u64>().unwrap_or_default(),
            "Resources": {"ResourceType": "eni", "ResourceName": eni},
            "ResourceTypeCn": "弹性网卡",
            "Location": "",
            "CloudAuditEvent": detail.to_string(),
        })
    }
}

/// `YYYY-MM-DD HH:MM:SS` in Beijing time, as `EventTime` is written.
pub fn beijing_time(unix: i64) -> String {
    let zone = chrono::FixedOffset::east_opt(BEIJING_SECS).expect("UTC+8 is a valid offset");
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

fn name_cn(action: &str) -> &'static str {
    match action {
        "AttachNetworkInterface" => "弹性网卡绑定云主机",
        "DetachNetworkInterface" => "弹性网卡解绑云主机",
        "MigrateNetworkInterface" => "弹性网卡迁移",
        "CreateNetworkInterface" => "创建弹性网卡",
        "DeleteNetworkInterface" => "删除弹性网卡",
        _ => "",
    }
}

/// `t<unix>s<seq>`: the event after which the next page starts (newest first).
fn cursor_token(time: i64, seq: u64) -> String {
    format!("t{time}s{seq}")
}

fn parse_cursor(token: &str) -> Option<(i64, u64)> {
    let (time, seq) = token.strip_prefix('t')?.split_once('s')?;
    Some((time.parse().ok()?, seq.parse().ok()?))
}

/// A `LookUpEvents` request, checked as the service checks it.
struct Query {
    start: i64,
    end: i64,
    attributes: Vec<Attribute>,
    max_results: usize,
    token: Option<String>,
    after: Option<(i64, u64)>,
}

impl Query {
    fn read(params: &Params) -> Result<Query, ApiError> {
        params.allow_only(&[
            "StartTime",
            "EndTime",
            "LookupAttributes",
            "MaxResults",
            "NextToken",
            "Mode",
        ])?;
        let start = params.uint("StartTime")?.ok_or_else(|| ApiError::missing("StartTime"))?;
        let end = params.uint("EndTime")?.ok_or_else(|| ApiError::missing("EndTime"))?;
        if start > end {
            return Err(ApiError::new(
                "InvalidParameterValue.Time",
                format!("StartTime {start} is after EndTime {end}."),
            ));
        }
        if end - start > MAX_SPAN_SECS {
            return Err(ApiError::new(
                "LimitExceeded.OverTime",
                format!("The time range is too wide: at most {MAX_SPAN_SECS} seconds (7 days) in one call."),
            ));
        }
        let max_results = params.uint("MaxResults")?.unwrap_or(DEFAULT_RESULTS);
        if !(1..=MAX_RESULTS).contains(&max_results) {
            return Err(ApiError::new(
                "InvalidParameterValue.MaxResult",
                format!("MaxResults is {max_results}; it must be between 1 and {MAX_RESULTS}."),
            ));
        }
        let token = params.string("NextToken")?.filter(|t| !t.is_empty());
        let after = match &token {
            Some(t) => Some(parse_cursor(t).ok_or_else(|| {
                ApiError::new("InvalidParameterValue", "NextToken is not a token this service handed out.")
            })?),
            None => None,
        };
        if let Some(mode) = params.string("Mode")?
            && !matches!(mode.as_str(), "standard" | "quick")
        {
            return Err(ApiError::new("InvalidParameterValue", "Mode must be standard or quick."));
        }
        let attributes = Attribute::read_all(params)?;
        let to_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        Ok(Query {
            start: to_i64(start),
            end: to_i64(end),
            attributes,
            max_results: max_results as usize,
            token,
            after,
        })
    }
}

/// One `{AttributeKey, AttributeValue}`: every one given must match.
struct Attribute {
    key: String,
    value: String,
}

impl Attribute {
    const KEYS: [&'static str; 9] = [
        "RequestId",
        "EventName",
        "Username",
        "ResourceName",
        "ResourceId",
        "AccessKeyId",
        "ActionType",
        "EventId",
        "PrincipalId",
    ];

    fn read_all(params: &Params) -> Result<Vec<Attribute>, ApiError> {
        let not_list = || {
            ApiError::new(
                "InvalidParameter",
                "LookupAttributes must be a list of {AttributeKey, AttributeValue}.",
            )
        };
        let all = params.to_value();
        let items = match all.get("LookupAttributes") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(items)) => items.clone(),
            // A GET query's `LookupAttributes.0.AttributeKey=…` arrives as an object by index.
            Some(Value::Object(by_index)) => by_index.values().cloned().collect(),
            Some(_) => return Err(not_list()),
        };
        items
            .iter()
            .map(|item| {
                let field = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
                let (Some(key), Some(value)) = (field("AttributeKey"), field("AttributeValue")) else {
                    return Err(not_list());
                };
                if !Self::KEYS.contains(&key.as_str()) {
                    return Err(ApiError::new(
                        "InvalidParameterValue",
                        format!("The AttributeKey `{key}` is not supported."),
                    ));
                }
                Ok(Attribute { key, value })
            })
            .collect()
    }

    fn matches(&self, event: &Stored) -> bool {
        let value = self.value.as_str();
        match self.key.as_str() {
            "RequestId" => event.request_id == value,
            "EventName" => event.name == value,
            "Username" => event.user == value,
            "ResourceName" | "ResourceId" => event.resources.iter().any(|r| r == value),
            "AccessKeyId" => !event.secret_id.is_empty() && event.secret_id == value,
            "ActionType" => value.eq_ignore_ascii_case("write"),
            "EventId" => event.event_id == value,
            "PrincipalId" => event.principal == value,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_seed_parses() {
        let seed = AuditSeed::default_seed();
        assert!(seed.events.len() >= 3 && !seed.users.is_empty());
    }

    #[test]
    fn event_time_is_beijing_wall_clock() {
        // 2026-01-01 00:00:00 UTC is 08:00 in Beijing.
        assert_eq!(beijing_time(1_767_225_600), "2026-01-01 08:00:00");
    }

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        assert_eq!(parse_cursor(&cursor_token(1_700_000_000, 42)), Some((1_700_000_000, 42)));
        assert_eq!(parse_cursor("garbage"), None);
    }
}
