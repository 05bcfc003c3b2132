//! CloudAudit `LookUpEvents` (cloudaudit, 2019-03-19): the account's audit trail, typed.
//! Reference: docs/cloudaudit.md.
//!
//! An event is read into [`AuditEvent`] field by field: only what tceni shows or matches is
//! kept, so the credentials `CloudAuditEvent` may carry (`userIdentity.secretId`, a session
//! token, a key in `requestParameters`) never reach a type, a screen or a file. Every string is
//! escaped and capped (the envelope's strings when the answer is decoded, `CloudAuditEvent`'s
//! after its own decoding); an event that cannot be read is skipped and counted.

use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::text;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

pub const ACTION: &str = "LookUpEvents";
/// The most events one page may ask for.
pub const MAX_RESULTS: u32 = 50;
/// The widest time range one call may span (wider: `LimitExceeded.OverTime`).
pub const MAX_SPAN_SECS: i64 = 7 * 24 * 3600;
/// A listing stops after this many pages, and says so, whatever the service's tokens say.
pub const MAX_PAGES: usize = 200;
/// `EventTime`'s zone: Beijing, UTC+8, written without it.
const BEIJING_SECS: i32 = 8 * 3600;

/// A search condition: the service's `AttributeKey`s tceni uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
pub enum AttributeKey {
    ResourceName,
    EventName,
    Username,
    RequestId,
}

impl AttributeKey {
    /// The key as the service spells it: the variant's name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One `LookUpEvents` call's question (paging aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventQuery {
    /// The region asked about (`X-TC-Region`).
    pub region: String,
    /// Unix seconds, both ends included.
    pub start: i64,
    pub end: i64,
    pub attributes: Vec<(AttributeKey, String)>,
    /// Events per page, 1..=50.
    pub page_size: u32,
}

impl EventQuery {
    fn params(&self, token: Option<&str>) -> Value {
        let attributes: Vec<Value> = self
            .attributes
            .iter()
            .map(|(key, value)| json!({"AttributeKey": key.as_str(), "AttributeValue": value}))
            .collect();
        let mut params = json!({
            "StartTime": self.start,
            "EndTime": self.end,
            "MaxResults": self.page_size.clamp(1, MAX_RESULTS),
        });
        if !attributes.is_empty() {
            params["LookupAttributes"] = Value::Array(attributes);
        }
        if let Some(token) = token {
            params["NextToken"] = json!(token);
        }
        params
    }
}

/// Who made a call, as CloudAudit tells identities apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum UserType {
    Root,
    SubUser,
    Role,
    Unknown,
}

impl UserType {
    /// From `userIdentity.type` (and the user name and principal when the type is silent).
    fn classify(kind: &str, user: &str, principal: &str) -> UserType {
        let lower = kind.to_ascii_lowercase();
        if lower == "root" || (lower.is_empty() && user == "root") {
            UserType::Root
        } else if lower.contains("role") || principal.contains(':') {
            UserType::Role
        } else if !lower.is_empty() {
            UserType::SubUser
        } else {
            UserType::Unknown
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What the service answered the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallResult {
    Ok,
    /// The API's error code (`apiErrorCode`), or `CamError.<n>` for an authorisation refusal.
    Failed(String),
}

impl CallResult {
    /// `ok` or the error code: what JSON and filters carry.
    pub fn code(&self) -> &str {
        match self {
            CallResult::Ok => "ok",
            CallResult::Failed(code) => code,
        }
    }
}

/// The call's parameters tceni reads: IDs and the ClientToken, nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CallParameters {
    #[serde(rename = "NetworkInterfaceId")]
    pub eni: Option<String>,
    pub instance_id: Option<String>,
    pub source_instance_id: Option<String>,
    pub destination_instance_id: Option<String>,
    pub client_token: Option<String>,
}

/// One event of the trail, as tceni keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub event_id: String,
    pub time: DateTime<Utc>,
    pub user: String,
    pub user_type: UserType,
    /// The sub-user's or role session's ID (`userIdentity.principalId`).
    pub principal_id: String,
    /// The API action (`EventName`).
    pub action: String,
    pub region: String,
    pub request_id: String,
    pub result: CallResult,
    pub error_message: String,
    pub source_ip: String,
    /// The SecretId that signed it, masked to its last 4 characters.
    pub secret_id_masked: String,
    /// `Resources.ResourceName`.
    pub resource: String,
    pub parameters: CallParameters,
    /// `ApiCall` or `ConsoleCall`, when said.
    pub event_type: String,
}

/// One page: the events read, how many could not be, and where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsPage {
    pub events: Vec<AuditEvent>,
    pub skipped: usize,
    /// None when the listing is over (`ListOver`, or no token to go on with).
    pub next_token: Option<String>,
}

/// Every page of a query (up to [`MAX_PAGES`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventListing {
    pub events: Vec<AuditEvent>,
    /// Events that could not be read, skipped.
    pub skipped: usize,
    pub pages: usize,
    /// True when [`MAX_PAGES`] were read and the service still had more.
    pub cut_short: bool,
}

impl Client {
    /// One page of `LookUpEvents`.
    pub async fn look_up_events(
        &self,
        query: &EventQuery,
        token: Option<&str>,
    ) -> Result<EventsPage, ApiError> {
        let params = query.params(token);
        let call = Call {
            service: Service::CloudAudit,
            action: ACTION,
            region: Some(&query.region),
            params: &params,
            replayable: true,
        };
        let answer = self.call(&call).await?;
        Ok(read_page(&answer, token))
    }

    /// Every page of `query`, one after the other (each waits for the action's quota).
    pub async fn look_up_all_events(&self, query: &EventQuery) -> Result<EventListing, ApiError> {
        let mut listing = EventListing::default();
        let mut token: Option<String> = None;
        while listing.pages < MAX_PAGES {
            let page = self.look_up_events(query, token.as_deref()).await?;
            listing.pages += 1;
            listing.skipped += page.skipped;
            listing.events.extend(page.events);
            match page.next_token {
                Some(next) => token = Some(next),
                None => return Ok(listing),
            }
        }
        listing.cut_short = true;
        Ok(listing)
    }
}

/// Read one answer: at most [`MAX_RESULTS`] events (more is a broken server: counted as
/// skipped), each read on its own.
pub fn read_page(answer: &Value, token_sent: Option<&str>) -> EventsPage {
    let raw = answer.get("Events").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut events = Vec::with_capacity(raw.len().min(MAX_RESULTS as usize));
    let mut skipped = raw.len().saturating_sub(MAX_RESULTS as usize);
    for item in raw.iter().take(MAX_RESULTS as usize) {
        match read_event(item) {
            Some(event) => events.push(event),
            None => skipped += 1,
        }
    }
    let list_over = answer.get("ListOver").and_then(Value::as_bool).unwrap_or(true);
    let token = answer.get("NextToken").and_then(Value::as_str).filter(|t| !t.is_empty());
    // A token equal to the one sent would page forever.
    let next_token = match (list_over, token) {
        (false, Some(t)) if Some(t) != token_sent => Some(t.to_owned()),
        _ => None,
    };
    EventsPage { events, skipped, next_token }
}

/// The parts of `CloudAuditEvent` tceni reads; everything else in it (keys, tokens) is dropped
/// unread.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Detail {
    user_identity: Identity,
    request_parameters: Value,
    error_code: Option<i64>,
    api_error_code: Option<String>,
    api_error_message: Option<String>,
    error_message: Option<String>,
    event_type: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Identity {
    #[serde(rename = "type")]
    kind: Option<String>,
    principal_id: Option<Value>,
}

/// An event, or None when it cannot be read: no `EventTime` in the documented format, no
/// `EventName`, or a `CloudAuditEvent` that is not a JSON object.
pub fn read_event(item: &Value) -> Option<AuditEvent> {
    let field = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    let time = beijing_to_utc(item.get("EventTime")?.as_str()?)?;
    let action = item.get("EventName")?.as_str().filter(|a| !a.is_empty())?.to_owned();
    let mut detail_value: Value = serde_json::from_str(item.get("CloudAuditEvent")?.as_str()?).ok()?;
    if !detail_value.is_object() {
        return None;
    }
    // Its strings were escapes inside a string until now: clean them as every answer is.
    text::sanitize_value(&mut detail_value);
    let mut detail: Detail = serde_json::from_value(detail_value).ok()?;
    let user = field("Username");
    let principal_id = match detail.user_identity.principal_id.take() {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let user_type =
        UserType::classify(detail.user_identity.kind.as_deref().unwrap_or(""), &user, &principal_id);
    Some(AuditEvent {
        event_id: field("EventId"),
        time,
        user,
        user_type,
        principal_id,
        action,
        region: Some(field("EventRegion"))
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| field("ResourceRegion")),
        request_id: field("RequestID"),
        result: result_of(&detail),
        error_message: detail.api_error_message.take().or(detail.error_message.take()).unwrap_or_default(),
        source_ip: field("SourceIPAddress"),
        secret_id_masked: masked(&field("SecretId")),
        resource: item
            .pointer("/Resources/ResourceName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        parameters: parameters_of(detail.request_parameters),
        event_type: detail.event_type.unwrap_or_default(),
    })
}

fn result_of(detail: &Detail) -> CallResult {
    match (detail.api_error_code.as_deref().filter(|c| !c.is_empty()), detail.error_code.unwrap_or(0)) {
        (Some(code), _) => CallResult::Failed(code.to_owned()),
        (None, 0) => CallResult::Ok,
        (None, n) => CallResult::Failed(format!("CamError.{n}")),
    }
}

/// `requestParameters` is an object or a JSON object in a string; only the known IDs are read.
fn parameters_of(value: Value) -> CallParameters {
    let object = match value {
        Value::String(text) => serde_json::from_str::<Value>(&text).ok().map(|mut v| {
            text::sanitize_value(&mut v);
            v
        }),
        other => Some(other),
    };
    object.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
}

/// The last 4 characters of what the service shows, whatever its own masking.
fn masked(secret_id: &str) -> String {
    match secret_id.is_empty() {
        true => String::new(),
        false => crate::auth::mask_secret_id(secret_id),
    }
}

/// `YYYY-MM-DD HH:MM:SS` in Beijing time → the instant.
pub fn beijing_to_utc(text: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    let zone = FixedOffset::east_opt(BEIJING_SECS)?;
    zone.from_local_datetime(&local).single().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(detail: Value) -> Value {
        json!({
            "EventId": "ev-1", "Username": "alice", "EventTime": "2026-01-01 08:30:00",
            "EventName": "MigrateNetworkInterface", "RequestID": "req-1", "SecretId": "AKID****WXYZ",
            "EventRegion": "ap-shanghai", "Resources": {"ResourceName": "eni-mig00001"},
            "CloudAuditEvent": detail.to_string(),
        })
    }

    #[test]
    fn beijing_wall_clock_is_eight_hours_ahead_of_utc() {
        let t = beijing_to_utc("2026-01-01 08:30:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-01-01T00:30:00+00:00");
        assert_eq!(beijing_to_utc("2026-01-01T08:30:00Z"), None);
        assert_eq!(beijing_to_utc("2026-02-30 00:00:00"), None);
    }

    #[test]
    fn an_event_keeps_ids_and_result_and_drops_every_credential() {
        let detail = json!({
            "userIdentity": {"type": "CAMUser", "principalId": 100000000042u64, "userName": "alice",
                "secretId": "AKIDFAKEWHOLESECRETID00000000000000", "sessionContext": {"token": "TOKEN-XYZ"}},
            "requestParameters": "{\"NetworkInterfaceId\":\"eni-mig00001\",\"SourceInstanceId\":\"ins-a\",\"DestinationInstanceId\":\"ins-b\",\"SecretKey\":\"leak\"}",
            "errorCode": 1, "apiErrorCode": "UnsupportedOperation.InvalidState", "apiErrorMessage": "busy",
        });
        let e = read_event(&event(detail)).unwrap();
        assert_eq!(e.user_type, UserType::SubUser);
        assert_eq!(e.principal_id, "100000000042");
        assert_eq!(e.result, CallResult::Failed("UnsupportedOperation.InvalidState".into()));
        assert_eq!(e.parameters.destination_instance_id.as_deref(), Some("ins-b"));
        assert_eq!(e.secret_id_masked, "…WXYZ");
        let kept = format!("{e:?}");
        for secret in ["AKIDFAKEWHOLESECRETID", "TOKEN-XYZ", "leak"] {
            assert!(!kept.contains(secret), "{secret} kept in {kept}");
        }
    }

    #[test]
    fn user_types_and_results() {
        assert_eq!(UserType::classify("root", "root", "1"), UserType::Root);
        assert_eq!(UserType::classify("", "root", ""), UserType::Root);
        assert_eq!(UserType::classify("CAMRole", "ops", "ops:s"), UserType::Role);
        assert_eq!(UserType::classify("AssumedRole", "ops", ""), UserType::Role);
        assert_eq!(UserType::classify("CAMUser", "bob", "42"), UserType::SubUser);
        assert_eq!(UserType::classify("", "bob", ""), UserType::Unknown);
        assert_eq!(UserType::SubUser.as_str(), "sub-user");
        let ok = read_event(&event(json!({"errorCode": 0}))).unwrap();
        assert_eq!(ok.result, CallResult::Ok);
        let cam = read_event(&event(json!({"errorCode": 4102}))).unwrap();
        assert_eq!(cam.result.code(), "CamError.4102");
    }

    #[test]
    fn hostile_text_inside_cloudauditevent_is_escaped() {
        let detail = json!({"requestParameters": {"NetworkInterfaceId": "eni-\u{1b}[2Jx"},
            "apiErrorCode": "Bad\u{1b}]52;c;Zm9v\u{7}", "errorCode": 1});
        let e = read_event(&event(detail)).unwrap();
        assert_eq!(e.parameters.eni.as_deref(), Some("eni-\\x1b[2Jx"));
        assert_eq!(e.result.code(), "Bad\\x1b]52;c;Zm9v\\x07");
    }

    #[test]
    fn unreadable_events_are_skipped_and_counted_and_paging_stops_on_list_over() {
        let mut bad_time = event(json!({}));
        bad_time["EventTime"] = json!("yesterday");
        let mut not_json = event(json!({}));
        not_json["CloudAuditEvent"] = json!("{not json");
        let answer =
            json!({"Events": [event(json!({})), bad_time, not_json, 7], "ListOver": true, "NextToken": "t1"});
        let page = read_page(&answer, None);
        assert_eq!((page.events.len(), page.skipped, page.next_token), (1, 3, None));
        let more = json!({"Events": [], "ListOver": false, "NextToken": "t2"});
        assert_eq!(read_page(&more, None).next_token.as_deref(), Some("t2"));
        assert_eq!(read_page(&more, Some("t2")).next_token, None, "the same token again would loop");
        let flood = json!({"Events": vec![event(json!({})); 60], "ListOver": true});
        let page = read_page(&flood, None);
        assert_eq!((page.events.len(), page.skipped), (50, 10));
    }
}
