//! The running sandbox: the accept loop, one task per connection, and the path from a request
//! to an answer (faults, authentication, rate limit, action, log).

use super::actions::{self, Call, Fields};
use super::audit::{AUDIT_QUOTA, AuditTrail, AuditUser};
use super::config::{Credential, SandboxConfig};
use super::control;
use super::error::{ApiError, error_envelope, success_envelope};
use super::faults::{Fault, FaultBook, FaultKind, FaultPoint, HOSTILE_MESSAGE};
use super::http::{Connection, HttpRequest, HttpResponse, ReadError};
use super::log::{Echo, LogEntry, RequestLog, mask_secret_id};
use super::params::Params;
use super::ratelimit::RateLimiter;
use super::state::{State, StateDump};
use super::verify::{self, Authenticated};
use super::world::World;
use crate::i18n::Language;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// An idle keep-alive connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(75);

const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n";

/// A sandbox serving on loopback. Dropping it stops the server and closes its connections.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

pub(crate) struct Shared {
    credentials: Vec<Credential>,
    initial_world: World,
    rate_limit: u32,
    clock_offset_secs: i64,
    state: Mutex<State>,
    cancel: CancellationToken,
    /// Temporary credentials issued by sts and the metadata paths.
    sts: super::sts::Issuer,
}

impl Shared {
    /// One panicking request must not wedge the rest: a poisoned lock is taken over as is.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn reset(&self) {
        self.lock().reset(self.initial_world.clone(), self.rate_limit);
    }
}

impl Sandbox {
    /// Bind `config.listen` (127.0.0.1:0 by default) and serve on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(shared_from(config)?);
        let accept = tokio::spawn(accept_loop(listener, shared.clone()));
        Ok(Sandbox { addr, shared, accept })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the endpoint to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:PORT`: the Host a client sends (and signs).
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn add_fault(&self, fault: Fault) {
        self.shared.lock().faults.add(fault);
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    pub fn faults(&self) -> Vec<Fault> {
        self.shared.lock().faults.active()
    }

    pub fn log(&self) -> Vec<LogEntry> {
        self.shared.lock().log.entries()
    }

    /// How many requests with this X-TC-Action reached the sandbox since it started, whatever
    /// their outcome (refused, faulted, dropped or answered). `reset` keeps the count, as it
    /// keeps the log.
    pub fn request_count(&self, action: &str) -> u64 {
        self.shared.lock().log.count(action)
    }

    /// `request_count` for every action seen.
    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        self.shared.lock().log.counts()
    }

    pub fn state(&self) -> StateDump {
        self.shared.lock().dump(Instant::now())
    }

    /// Back to the initial world; faults, tasks, tokens and rate buckets are cleared.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// How long every task started from now on stays RUNNING.
    pub fn set_task_delay(&self, delay: Duration) {
        self.shared.lock().task_delay = delay;
    }

    /// Check an attach's or detach's rules before its ClientToken, as some services do: a retry
    /// of a try that was carried out is then refused by the state that try left
    /// (`AttachmentAlreadyExists`, `InvalidState`) instead of being answered for it.
    pub fn set_token_checked_after_state(&self, after: bool) {
        self.shared.lock().token_after_state = after;
    }

    /// Every temporary credential issued from now on lasts `lifetime` (None: as requested).
    pub fn set_temporary_lifetime(&self, lifetime: Option<Duration>) {
        self.shared.sts.set_lifetime(lifetime);
    }

    /// The CAM role the metadata paths report (None: no role bound, they answer 404).
    pub fn set_cvm_role(&self, role: Option<&str>) {
        self.shared.sts.set_cvm_role(role.map(str::to_owned));
    }

    /// From now on, a change's CloudAudit event is listed this long after the call.
    pub fn set_audit_delay(&self, delay: Duration) {
        self.shared.lock().audit.set_delay(delay);
    }

    /// Take away (true) or give back (false) a key's CloudAudit rights.
    pub fn deny_audit(&self, secret_id: &str, denied: bool) {
        self.shared.lock().audit.set_denied(secret_id, denied);
    }

    /// Say who a key stands for in the audit trail (its user name and kind).
    pub fn add_audit_user(&self, user: AuditUser) {
        self.shared.lock().audit.add_user(user);
    }

    /// Put an event into the trail exactly as given (a hostile or malformed one included),
    /// listed at once at `time` (unix seconds).
    pub fn inject_audit_event(&self, event: serde_json::Value, time: i64) {
        self.shared.lock().audit.inject(event, time);
    }

    /// How many events the trail holds, listed or not yet.
    pub fn audit_len(&self) -> usize {
        self.shared.lock().audit.event_count()
    }

    /// Stop serving and close every connection.
    pub fn shutdown(self) {}
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shared.cancel.cancel();
        self.accept.abort();
    }
}

fn shared_from(config: SandboxConfig) -> io::Result<Shared> {
    let file = match &config.log_file {
        Some(path) => Some(std::fs::OpenOptions::new().create(true).append(true).open(path)?),
        None => None,
    };
    let mut faults = FaultBook::default();
    config.faults.into_iter().for_each(|f| faults.add(f));
    let state = State {
        world: config.world.clone(),
        tasks: Default::default(),
        tokens: Default::default(),
        limiter: RateLimiter::new(config.rate_limit).counting_refused(config.count_refused_tries),
        faults,
        log: RequestLog::new(Echo { stderr: config.log_to_stderr, file }),
        task_delay: config.task_delay,
        token_after_state: false,
        audit: AuditTrail::new(
            &config.audit,
            &config.world.account_id,
            chrono::Utc::now().timestamp() + config.clock_offset_secs,
        ),
    };
    Ok(Shared {
        credentials: config.credentials,
        initial_world: config.world,
        rate_limit: config.rate_limit,
        clock_offset_secs: config.clock_offset_secs,
        state: Mutex::new(state),
        cancel: CancellationToken::new(),
        sts: super::sts::Issuer::new(config.temp_lifetime, config.cvm_role),
    })
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let accepted = tokio::select! {
            _ = shared.cancel.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(serve_connection(stream, shared.clone()));
            }
            // Out of file descriptors and the like: wait a little rather than spin or die.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

/// What to do with the connection after a request.
enum Reply {
    Send(HttpResponse),
    Truncated(HttpResponse),
    Drop,
    Hang,
    /// These bytes, then close.
    Raw(Vec<u8>),
    /// A body of this many bytes with no Content-Length, then close.
    Huge(String, usize),
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut conn = Connection::new(stream, shared.clock_offset_secs);
    let cancel = shared.cancel.clone();
    loop {
        let read = tokio::select! {
            _ = cancel.cancelled() => return,
            read = tokio::time::timeout(IDLE_TIMEOUT, conn.read_request()) => read,
        };
        let request = match read {
            Ok(Ok(Some(request))) => request,
            Ok(Err(error)) => return refuse(&mut conn, error).await,
            Ok(Ok(None)) | Err(_) => return,
        };
        let keep_alive = request.keep_alive();
        let reply = tokio::select! {
            _ = cancel.cancelled() => return,
            reply = dispatch(&shared, request) => reply,
        };
        match reply {
            Reply::Send(response) => {
                if conn.send(&response, keep_alive).await.is_err() || !keep_alive {
                    return;
                }
            }
            Reply::Truncated(response) => return drop(conn.send_truncated(&response).await),
            Reply::Drop => return,
            Reply::Raw(bytes) => return drop(conn.send_raw(&bytes).await),
            Reply::Huge(request_id, size) => return drop(conn.send_huge(&request_id, size).await),
            Reply::Hang => {
                tokio::select! { _ = cancel.cancelled() => {}, _ = conn.hang() => {} }
                return;
            }
        }
    }
}

/// A request we cannot even read gets a plain HTTP error, then the connection is closed.
async fn refuse(conn: &mut Connection, error: ReadError) {
    let response = match &error {
        ReadError::Io(_) => return,
        ReadError::Malformed(_) => HttpResponse::text(400, &format!("{error}\n")),
        ReadError::HeadTooLarge => HttpResponse::text(431, &format!("{error}\n")),
        ReadError::BodyTooLarge => HttpResponse::text(413, &format!("{error}\n")),
        ReadError::LengthRequired => HttpResponse::text(411, &format!("{error}\n")),
    };
    let _ = conn.send(&response, false).await;
}

async fn dispatch(shared: &Shared, request: HttpRequest) -> Reply {
    let path = request.path();
    if let Some(route) = path.strip_prefix(control::PREFIX) {
        return Reply::Send(control::handle(shared, &request.method, route, request.query(), &request.body));
    }
    if let Some(route) = path.strip_prefix(super::metadata::PREFIX) {
        let account = shared.lock().world.account_id.clone();
        return Reply::Send(super::metadata::handle(&shared.sts, &account, &request.method, route));
    }
    // tccli's login service (`tccli auth login` keys are renewed here).
    if path == "/get_temp_cred" && request.method == "POST" {
        let account = shared.lock().world.account_id.clone();
        return Reply::Send(HttpResponse::json(200, &shared.sts.issue_for_login(&account, &request.body)));
    }
    if path != "/" {
        return Reply::Send(HttpResponse::text(
            404,
            "Not found: the API is served at / and the control endpoint at /_sandbox/.\n",
        ));
    }
    api(shared, request).await
}

async fn api(shared: &Shared, request: HttpRequest) -> Reply {
    let action = request.header("x-tc-action").map(str::trim).map(str::to_string);
    let (latency, transport) = {
        let mut state = shared.lock();
        (
            state.faults.take(FaultPoint::Latency, action.as_deref()),
            state.faults.take(FaultPoint::Transport, action.as_deref()),
        )
    };
    if let Some(FaultKind::Latency { ms }) = latency {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let fault = transport.as_ref().or(latency.as_ref()).map(FaultKind::name);
    if let Some(reply) = before_processing(shared, &request, transport.as_ref(), fault) {
        return reply;
    }
    let request_id = uuid::Uuid::new_v4().to_string();
    let response = HttpResponse::json(200, &process(shared, &request, &request_id, fault));
    match transport {
        Some(FaultKind::TruncatedBody) => Reply::Truncated(response),
        Some(FaultKind::DropAfter) => Reply::Drop,
        Some(FaultKind::Http500After) => Reply::Send(HttpResponse::text(500, "500 Internal Server Error\n")),
        Some(FaultKind::HugeBody { mib }) => Reply::Huge(request_id, (mib as usize).saturating_mul(1 << 20)),
        _ => Reply::Send(response),
    }
}

/// The faults that stop a request before the service sees it.
fn before_processing(
    shared: &Shared,
    request: &HttpRequest,
    transport: Option<&FaultKind>,
    fault: Option<&'static str>,
) -> Option<Reply> {
    let (outcome, reply) = match transport? {
        FaultKind::Http500 => {
            ("http-500", Reply::Send(HttpResponse::text(500, "500 Internal Server Error\n")))
        }
        FaultKind::Html502 => ("http-502", Reply::Send(HttpResponse::html(502, BAD_GATEWAY_PAGE))),
        FaultKind::DropBefore => ("dropped", Reply::Drop),
        FaultKind::Hang => ("hang", Reply::Hang),
        FaultKind::Redirect { location } => ("redirect", Reply::Raw(redirect(location.as_deref()))),
        FaultKind::HostileError => ("hostile-error", Reply::Send(hostile_error())),
        FaultKind::EndlessPages => ("endless-pages", Reply::Send(endless_page())),
        _ => return None,
    };
    shared.lock().log.record(entry_for(request, outcome, fault));
    Some(reply)
}

fn redirect(location: Option<&str>) -> Vec<u8> {
    let location = location.unwrap_or("https://example.invalid/");
    format!("HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// A well-formed error envelope whose text would take over an unguarded terminal.
fn hostile_error() -> HttpResponse {
    let envelope = serde_json::json!({"Response": {
        "Error": {"Code": "FailedOperation", "Message": HOSTILE_MESSAGE},
        "RequestId": "\u{1b}[2J\u{1b}]52;c;Zm9yZ2Vk\u{7}req-forged",
    }});
    HttpResponse::json(200, &envelope)
}

/// One made-up ENI and instance per page, with a TotalCount that is never reached.
fn endless_page() -> HttpResponse {
    let envelope = serde_json::json!({"Response": {
        "TotalCount": 1_000_000_000u64,
        "NetworkInterfaceSet": [{"NetworkInterfaceId": "eni-endless0"}],
        "InstanceSet": [{"InstanceId": "ins-endless0"}],
        "RequestId": uuid::Uuid::new_v4().to_string(),
    }});
    HttpResponse::json(200, &envelope)
}

/// A log entry from what the request says about itself, before (or without) authenticating it.
fn entry_for(request: &HttpRequest, outcome: &str, fault: Option<&'static str>) -> LogEntry {
    let auth = request.header("authorization").and_then(crate::api::sign::parse_authorization);
    LogEntry {
        seq: 0,
        time: String::new(),
        service: auth.as_ref().map(|a| a.service.clone()).unwrap_or_default(),
        action: request.header("x-tc-action").unwrap_or_default().trim().to_string(),
        region: request.header("x-tc-region").unwrap_or_default().trim().to_string(),
        params: Params::from_request(request).map(|p| p.to_value()).unwrap_or(serde_json::Value::Null),
        outcome: outcome.to_string(),
        fault: fault.map(str::to_string),
        request_id: None,
        secret_id: auth.map(|a| mask_secret_id(&a.secret_id)).unwrap_or_default(),
        language: request.header("x-tc-language").unwrap_or_default().trim().to_string(),
    }
}

/// Run the request against the state and answer its envelope; the state lock is held
/// throughout, so every request sees and leaves a consistent world.
fn process(
    shared: &Shared,
    request: &HttpRequest,
    request_id: &str,
    fault: Option<&'static str>,
) -> serde_json::Value {
    let now = Instant::now();
    let mut state = shared.lock();
    state.settle(now);
    let mut entry = entry_for(request, "ok", fault);
    entry.request_id = Some(request_id.to_string());
    let result = execute(shared, &mut state, request, request_id, now, &mut entry);
    if let Err(error) = &result {
        entry.outcome = error.code.clone();
    }
    state.log.record(entry);
    match result {
        Ok(fields) => success_envelope(fields, request_id),
        Err(error) => error_envelope(&error, request_id, asked_language(request)),
    }
}

/// `X-TC-Language: zh-CN` asks for Chinese messages; anything else (or nothing) is English.
fn asked_language(request: &HttpRequest) -> Language {
    request.header("x-tc-language").and_then(Language::parse).unwrap_or_default()
}

fn execute(
    shared: &Shared,
    state: &mut State,
    request: &HttpRequest,
    request_id: &str,
    now: Instant,
    entry: &mut LogEntry,
) -> Result<Fields, ApiError> {
    if !["GET", "POST"].contains(&request.method.as_str()) {
        return Err(ApiError::new("UnsupportedProtocol", "Only GET and POST requests are supported."));
    }
    if let Some(result) = super::sts::unsigned(&shared.sts, request) {
        return result;
    }
    let auth = verify::authenticate(
        request,
        &shared.sts.with_issued(&shared.credentials),
        chrono::Utc::now().timestamp() + shared.clock_offset_secs,
    )?;
    shared.sts.check_live(&auth.secret_id)?;
    let region = check_region(&auth)?;
    let params = Params::from_request(request)?;
    check_rate(shared, state, &auth, region, now)?;
    if let Some(FaultKind::Error { code, message }) = state.faults.take(FaultPoint::Api, Some(&auth.action)) {
        entry.fault = Some("error".to_string());
        let error =
            ApiError::new(code, message.unwrap_or_else(|| "Error injected by the sandbox.".to_string()));
        audit(shared, state, &auth, &params, request_id, Err(&error));
        return Err(error);
    }
    match auth.service {
        verify::Service::Sts => return super::sts::run(&shared.sts, &state.world.account_id, &auth, &params),
        verify::Service::CloudAudit => return state.audit.look_up(&auth.secret_id, &params, now),
        _ => {}
    }
    let call =
        Call { action: &auth.action, region, params: &params, request_id, now, fault: Cell::new(None) };
    let result = actions::run(state, &call);
    if let Some(name) = call.fault.get() {
        entry.fault = Some(name.to_string());
    }
    audit(shared, state, &auth, &params, request_id, result.as_ref().map(|_| ()));
    result
}

/// The general rate per (action, region); LookUpEvents' own quota is per account.
fn check_rate(
    shared: &Shared,
    state: &mut State,
    auth: &Authenticated,
    region: &str,
    now: Instant,
) -> Result<(), ApiError> {
    let (allowed, limit, scope) = match auth.service {
        verify::Service::CloudAudit => (
            state.limiter.allow_within(&auth.action, "", AUDIT_QUOTA, now),
            AUDIT_QUOTA.min(shared.rate_limit),
            "this account".to_string(),
        ),
        _ => (state.limiter.allow(&auth.action, region, now), shared.rate_limit, region.to_string()),
    };
    if allowed {
        return Ok(());
    }
    Err(ApiError::new(
        "RequestLimitExceeded",
        format!("Too many {} requests in {scope}: the limit is {limit} per second.", auth.action),
    ))
}

/// A change the service answered becomes an event of the account's audit trail.
fn audit(
    shared: &Shared,
    state: &mut State,
    auth: &Authenticated,
    params: &Params,
    request_id: &str,
    result: Result<(), &ApiError>,
) {
    if !AuditTrail::records(&auth.action) {
        return;
    }
    let account = state.world.account_id.clone();
    let actor = state.audit.actor(&auth.secret_id, shared.sts.principal_of(&auth.secret_id), &account);
    let change = super::audit::Change {
        actor: &actor,
        action: &auth.action,
        region: auth.region.as_deref().unwrap_or_default(),
        params: &params.to_value(),
        request_id,
        error: result.err().map(|e| (e.code.as_str(), e.message.as_str())),
        time: chrono::Utc::now().timestamp() + shared.clock_offset_secs,
        account_id: &account,
    };
    state.audit.record(&change, Instant::now());
}

/// vpc and cvm calls need a region the catalog knows; the region service takes any or none.
fn check_region(auth: &Authenticated) -> Result<&str, ApiError> {
    let region = auth.region.as_deref().unwrap_or_default();
    if !verify::needs_region(auth.service) {
        return Ok(region);
    }
    if region.is_empty() {
        return Err(ApiError::new(
            "UnsupportedRegion",
            format!("{} needs a region in X-TC-Region.", auth.action),
        ));
    }
    if crate::catalog::regions::region(region).is_none() {
        return Err(ApiError::new("UnsupportedRegion", format!("The region `{region}` is not supported.")));
    }
    Ok(region)
}
