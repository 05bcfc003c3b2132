//! The HTTP client: endpoint, headers, signing, sending, retrying, rate limiting.
//! One `call` path serves every action; typed wrappers live in `actions.rs`.

use super::endpoint::{Endpoint, EndpointRule};
use super::envelope::{excerpt, parse_response};
use super::error::{ApiError, is_redirect};
use super::ratelimit::RateLimiter;
use super::sign::{SigningInput, sign};
use crate::credentials::{Credential, CredentialProvider};
use rand::Rng;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

pub const USER_AGENT: &str = concat!("tceni_", env!("CARGO_PKG_VERSION"));

/// The most bytes of one answer that are read. The API's answers are kilobytes; anything this
/// big is a broken or hostile server, and reading on would only fill memory.
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// The least time left in the call (`--timeout`) for a retry to be worth starting.
const MIN_TRY_TIME: Duration = Duration::from_millis(50);

/// The API product a call goes to: decides the host, the version and the signing scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Vpc,
    Cvm,
    Region,
    /// Security Token Service: AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity.
    Sts,
}

impl Service {
    /// The service named in a credential scope or a host's first label.
    pub fn from_name(name: &str) -> Option<Service> {
        [Service::Vpc, Service::Cvm, Service::Region, Service::Sts].into_iter().find(|s| s.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Service::Vpc => "vpc",
            Service::Cvm => "cvm",
            Service::Region => "region",
            Service::Sts => "sts",
        }
    }

    pub fn version(self) -> &'static str {
        match self {
            Service::Vpc | Service::Cvm => "2017-03-12",
            Service::Region => "2022-06-27",
            Service::Sts => "2018-08-13",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    EnUs,
    ZhCn,
}

impl Language {
    pub fn header(self) -> &'static str {
        match self {
            Language::EnUs => "en-US",
            Language::ZhCn => "zh-CN",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..Self::default() }
    }

    /// Capped exponential backoff with jitter: a random delay between half and all of
    /// base·2ⁿ, at most max.
    fn delay(&self, attempt: u32) -> Duration {
        self.ceiling(attempt).mul_f64(rand::rng().random_range(0.5..=1.0))
    }

    /// Full jitter (anywhere from 0 to base·2ⁿ): many clients throttled at the same instant
    /// spread out over the whole window instead of coming back together.
    fn full_jitter_delay(&self, attempt: u32) -> Duration {
        self.ceiling(attempt).mul_f64(rand::rng().random_range(0.0..=1.0))
    }

    fn ceiling(&self, attempt: u32) -> Duration {
        self.base_delay.saturating_mul(1 << attempt.min(16)).min(self.max_delay)
    }

    /// For `RequestLimitExceeded` and its kin: 8 tries spread over about 6 s (full jitter under
    /// ceilings of 0.5, 1, 2, 2, … s), long enough for a per-second quota to refill a few times.
    pub fn throttled() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(2),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `scheme://host[:port]` that replaces every service's endpoint (the sandbox, a private
    /// endpoint). None: the public hosts from the region catalog, over HTTPS.
    pub endpoint_override: Option<String>,
    /// Replaces `tencentcloudapi.com` in every catalog host (`intl.tencentcloudapi.com`, …).
    pub root_domain: Option<String>,
    /// Service name (`vpc`, `cvm`, `sts`, `region`) → its own host or `scheme://host[:port]`.
    pub service_endpoints: std::collections::BTreeMap<String, String>,
    /// Service name → its own root domain (a tccli `set-root-domain` line outranking a lower
    /// source's root domain for the other services).
    pub service_root_domains: std::collections::BTreeMap<String, String>,
    /// The proxy API calls go through (loopback never does); see `network`.
    pub proxy: super::network::ProxyChoice,
    /// Extra CA certificates (PEM), trusted beside the system's.
    pub ca_bundle: Option<std::path::PathBuf>,
    /// The accounts an operation may change (`allowed_accounts`); empty: any.
    pub allowed_accounts: Vec<String>,
    /// The accounts no operation may change (`forbidden_account_ids`).
    pub forbidden_accounts: Vec<String>,
    pub language: Language,
    pub connect_timeout: Duration,
    /// The whole call (`--timeout`): every try, the backoff between tries and each retry's wait
    /// for the client-side rate limit. The clock starts when the first try leaves that limiter;
    /// a try is cut off when it runs out, and no retry starts that would begin after it.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Replaces `retry` when the service says to slow down ([`ApiError::is_rate_limited`]).
    /// Used only when `retry` allows retries at all, so `RetryPolicy::none()` still means none.
    pub throttled_retry: RetryPolicy,
    /// Requests per second per (action, region); 0 = no limit.
    pub rate_limit: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            endpoint_override: None,
            root_domain: None,
            service_endpoints: Default::default(),
            service_root_domains: Default::default(),
            proxy: Default::default(),
            ca_bundle: None,
            allowed_accounts: Vec::new(),
            forbidden_accounts: Vec::new(),
            language: Language::EnUs,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            throttled_retry: RetryPolicy::throttled(),
            rate_limit: 50,
        }
    }
}

/// Why an endpoint override (`--endpoint`, `TCENI_ENDPOINT`, the config's `endpoint`) is refused.
/// The text never repeats the endpoint: it may hold a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("the endpoint is not a URL ({0}); give scheme://host[:port]")]
    NotUrl(String),
    #[error("the endpoint must be http:// or https://, not {0}://")]
    Scheme(String),
    #[error("the endpoint must not carry a user name or password (requests are signed with the key)")]
    UserInfo,
    #[error("the endpoint is scheme://host[:port] only: no path, query or fragment")]
    NotBare,
}

/// Check an endpoint override before anything uses it: `http(s)://host[:port]`, nothing else.
pub fn check_endpoint(text: &str) -> Result<(), EndpointError> {
    let url = reqwest::Url::parse(text.trim()).map_err(|e| EndpointError::NotUrl(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(EndpointError::Scheme(super::text::from_server(url.scheme())));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(EndpointError::UserInfo);
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(EndpointError::NotUrl("no host".into()));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(EndpointError::NotBare);
    }
    Ok(())
}

/// A request ready to send: every header and the exact body bytes that were hashed.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    pub endpoint: Endpoint,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl PreparedRequest {
    /// Headers for display: the token is replaced by `***`; the Authorization header carries only
    /// the SecretId and the signature, never the key.
    pub fn redacted_headers(&self) -> Vec<(&'static str, String)> {
        self.headers
            .iter()
            .map(|(name, value)| {
                (*name, if *name == "X-TC-Token" { "***".to_string() } else { value.clone() })
            })
            .collect()
    }
}

/// One call's description, independent of time: `prepare` adds the timestamp and signature.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    pub service: Service,
    pub action: &'a str,
    pub region: Option<&'a str>,
    pub params: &'a Value,
    /// False for an action without an idempotency token (MigrateNetworkInterface): a try that
    /// may have been delivered is never sent again, since a second one could act twice.
    pub replayable: bool,
}

/// A retry the client is about to make, for whoever shows progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    pub action: String,
    /// The try that failed, counted from 1.
    pub failed_try: u32,
    /// Why: the failed try's code (see [`ApiError::code`]).
    pub code: String,
    /// When the next try goes.
    pub next_in: Duration,
}

tokio::task_local! {
    static RETRY_OBSERVER: tokio::sync::mpsc::UnboundedSender<RetryNotice>;
}

/// Run `future`, telling `observer` of every retry the client makes within it. The client stays
/// UI-agnostic: whoever runs the calls decides where their retries are shown, and concurrent
/// runs sharing one client each hear only their own.
pub async fn observing_retries<F: std::future::Future>(
    observer: tokio::sync::mpsc::UnboundedSender<RetryNotice>,
    future: F,
) -> F::Output {
    RETRY_OBSERVER.scope(observer, future).await
}

fn notify_retry(notice: RetryNotice) {
    let _ = RETRY_OBSERVER.try_with(|observer| observer.send(notice));
}

pub struct Client {
    http: reqwest::Client,
    /// Asked before every try: a temporary key is refreshed before it expires.
    credentials: Arc<CredentialProvider>,
    config: ClientConfig,
    limiter: RateLimiter,
    /// To name the proxy when a call through it fails.
    proxies: super::network::ProxyRule,
}

impl Client {
    /// A client that signs with one fixed key (tests, benches, the demo).
    pub fn new(credential: Credential, config: ClientConfig) -> Result<Self, ApiError> {
        Self::with_provider(Arc::new(CredentialProvider::from_credential(credential)), config)
    }

    /// A client that signs each try with the provider's current credential.
    pub fn with_provider(
        credentials: Arc<CredentialProvider>,
        config: ClientConfig,
    ) -> Result<Self, ApiError> {
        // Never follows a redirect; the proxy and CA rules of `network`.
        let http = super::network::http_client(&config)
            .map_err(|e| ApiError::NotSent { endpoint: "(client)".into(), reason: e.to_string() })?;
        let proxies = config.proxy_rule();
        let limiter = RateLimiter::new(config.rate_limit);
        Ok(Client { http, credentials, config, limiter, proxies })
    }

    pub fn credentials(&self) -> &Arc<CredentialProvider> {
        &self.credentials
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The SecretId last signed with (a temporary key's changes at each refresh).
    pub fn secret_id(&self) -> String {
        self.credentials.peek().map(|c| c.secret_id).unwrap_or_default()
    }

    /// The endpoint for a service in a region (Finance regions get their own host).
    pub fn endpoint(&self, service: Service, region: Option<&str>) -> Endpoint {
        self.endpoint_rule().endpoint(service, region)
    }

    /// The rule this client's calls follow, for building plans without a client.
    pub fn endpoint_rule(&self) -> EndpointRule {
        EndpointRule::from_config(&self.config)
    }

    /// Build the signed request for `call` at `timestamp` (seconds), with the credential last
    /// handed out (a dry run: the provider fetched one when it was built).
    pub fn prepare(&self, call: &Call, timestamp: i64) -> PreparedRequest {
        let credential = self.credentials.peek().unwrap_or_else(|| Credential::new("", "", None));
        self.prepare_with(&credential, call, timestamp)
    }

    /// Build the signed request for `call` at `timestamp`, signed with `credential`.
    pub fn prepare_with(&self, credential: &Credential, call: &Call, timestamp: i64) -> PreparedRequest {
        let endpoint = self.endpoint(call.service, call.region);
        let body = serde_json::to_vec(call.params).expect("a JSON value always serializes");
        let content_type = "application/json";
        let signature = sign(
            credential.secret_key.expose(),
            &SigningInput {
                method: "POST",
                query: "",
                headers: &[("content-type", content_type), ("host", &endpoint.host)],
                payload: &body,
                service: call.service.name(),
                timestamp,
            },
        );
        let mut headers = vec![
            ("Authorization", signature.authorization(&credential.secret_id)),
            ("Content-Type", content_type.to_string()),
            ("Host", endpoint.host.clone()),
            ("X-TC-Action", call.action.to_string()),
            ("X-TC-Version", call.service.version().to_string()),
            ("X-TC-Timestamp", timestamp.to_string()),
            ("X-TC-Language", self.config.language.header().to_string()),
            ("X-TC-RequestClient", USER_AGENT.to_string()),
        ];
        if let Some(region) = call.region.filter(|r| !r.is_empty()) {
            headers.push(("X-TC-Region", region.to_string()));
        }
        if let Some(token) = &credential.token {
            headers.push(("X-TC-Token", token.expose().to_string()));
        }
        PreparedRequest { endpoint, headers, body }
    }

    /// Send a call, retrying what is safe to retry: the same body bytes (so the same
    /// ClientToken), a fresh timestamp and signature on each attempt. When an earlier attempt may
    /// have reached the service, a later "could not connect" does not make it "not sent".
    /// `request_timeout` bounds the whole of it, retries and backoff included: its clock starts
    /// when the first try leaves the client-side rate limiter (waiting in that local queue sends
    /// nothing, and a burst from one client must not time out unsent).
    pub async fn call(&self, call: &Call<'_>) -> Result<Value, ApiError> {
        self.acquire_slot(call).await;
        let deadline = Instant::now() + self.config.request_timeout;
        let mut attempt = 0;
        let mut maybe_delivered = false;
        loop {
            let err = match self.try_once(call, deadline).await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            // Without a ClientToken, a try that may have been carried out is never sent again.
            let replay_risk = !call.replayable && err.may_have_been_delivered();
            let retry_at = self.pause_before_retry(&err, attempt).map(|p| Instant::now() + p);
            let ready = match retry_at.filter(|at| *at + MIN_TRY_TIME <= deadline && !replay_risk) {
                Some(at) => {
                    tracing::debug!(action = call.action, code = err.code(), attempt, "retrying");
                    notify_retry(RetryNotice {
                        action: call.action.to_string(),
                        failed_try: attempt + 1,
                        code: err.code().to_string(),
                        next_in: at.saturating_duration_since(Instant::now()),
                    });
                    tokio::time::sleep_until(at).await;
                    let slot = tokio::time::timeout_at(deadline, self.acquire_slot(call)).await.is_ok();
                    // A try with (next to) no time left would end as "no answer", or as "not
                    // sent" in place of the answer already had: keep the last real answer.
                    slot && deadline.saturating_duration_since(Instant::now()) >= MIN_TRY_TIME
                }
                None => false,
            };
            if !ready {
                let endpoint = self.endpoint(call.service, call.region).url();
                return Err(if maybe_delivered { after_possible_delivery(err, &endpoint) } else { err });
            }
            maybe_delivered |= err.may_have_been_delivered();
            attempt += 1;
        }
    }

    /// This client's rate for the action, then the process-wide quota of the actions that have
    /// one of their own (`DescribeVpcTaskResult`: 20/s, shared by every run in the process).
    async fn acquire_slot(&self, call: &Call<'_>) {
        let region = call.region.unwrap_or("");
        self.limiter.acquire(call.action, region).await;
        let endpoint = self.endpoint(call.service, call.region).url();
        super::ratelimit::shared().acquire(&endpoint, call.action, region).await;
    }

    /// The pause before retrying after `err` (`attempt` counts from 0), or None when it must
    /// not be retried or the tries are used up. Throttling gets its own, longer budget.
    fn pause_before_retry(&self, err: &ApiError, attempt: u32) -> Option<Duration> {
        let retry = &self.config.retry;
        if !err.retryable() || retry.max_attempts <= 1 {
            return None;
        }
        if err.is_rate_limited() {
            let throttled = &self.config.throttled_retry;
            return (attempt + 1 < throttled.max_attempts).then(|| throttled.full_jitter_delay(attempt));
        }
        (attempt + 1 < retry.max_attempts).then(|| retry.delay(attempt))
    }

    /// One try, within what is left of the call's time.
    async fn try_once(&self, call: &Call<'_>, deadline: Instant) -> Result<Value, ApiError> {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(ApiError::NotSent {
                endpoint: self.endpoint(call.service, call.region).url(),
                reason: "the call's time (--timeout) ran out before this try was sent".into(),
            });
        }
        let credential = self.current_credential(call, remaining).await?;
        let request = self.prepare_with(&credential, call, chrono::Utc::now().timestamp());
        self.send(&request, remaining).await
    }

    /// The credential for this try: refreshed first when it is about to expire. A refresh that
    /// fails (or outlasts the call's time) sends nothing and says why.
    async fn current_credential(&self, call: &Call<'_>, remaining: Duration) -> Result<Credential, ApiError> {
        let endpoint = || self.endpoint(call.service, call.region).url();
        match tokio::time::timeout(remaining, self.credentials.current()).await {
            Ok(Ok(credential)) => Ok(credential),
            Ok(Err(error)) => Err(ApiError::Credentials { endpoint: endpoint(), reason: error.to_string() }),
            Err(_) => Err(ApiError::Credentials {
                endpoint: endpoint(),
                reason: "refreshing the temporary credentials outlasted the call's time (--timeout)".into(),
            }),
        }
    }

    async fn send(&self, request: &PreparedRequest, timeout: Duration) -> Result<Value, ApiError> {
        let endpoint = request.endpoint.url();
        let mut builder = self.http.post(&endpoint).timeout(timeout);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let mut response =
            builder.body(request.body.clone()).send().await.map_err(|e| {
                through_proxy(transport_error(&endpoint, &e), self.proxies.shown_for(&endpoint))
            })?;
        let status = response.status().as_u16();
        if is_redirect(status) {
            return Err(redirect_error(&endpoint, status, response.headers()));
        }
        let server_date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
        let body = read_capped(&endpoint, &mut response, MAX_ANSWER_BYTES).await?;
        parse_response(&endpoint, status, &body).map_err(|err| with_clock_skew(err, server_date))
    }
}

/// The body, refused as soon as it is known to be bigger than `cap` (by its Content-Length, or
/// once that many bytes have arrived): a server cannot make tceni hold more than `cap`.
async fn read_capped(
    endpoint: &str,
    response: &mut reqwest::Response,
    cap: usize,
) -> Result<Vec<u8>, ApiError> {
    if response.content_length().is_some_and(|length| length > cap as u64) {
        return Err(too_large(endpoint, cap, &[]));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| body_error(endpoint, &e))? {
        if body.len() + chunk.len() > cap {
            return Err(too_large(endpoint, cap, &body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Not retried (the next answer would be as big) and, like any unreadable answer, the request
/// may have been carried out.
fn too_large(endpoint: &str, cap: usize, start: &[u8]) -> ApiError {
    ApiError::Undecodable {
        endpoint: endpoint.into(),
        reason: format!("the answer is larger than {} MiB, the most tceni reads", cap / (1024 * 1024)),
        excerpt: excerpt(&start[..start.len().min(512)]),
        truncated: false,
    }
}

/// A 3xx is never followed: the API does not redirect, so the service never saw the request.
fn redirect_error(endpoint: &str, status: u16, headers: &reqwest::header::HeaderMap) -> ApiError {
    let location = headers
        .get(reqwest::header::LOCATION)
        .map(|v| super::text::from_server(&String::from_utf8_lossy(v.as_bytes())))
        .map(|v| v.chars().take(200).collect::<String>())
        .unwrap_or_else(|| "(no Location)".into());
    ApiError::HttpStatus {
        endpoint: endpoint.into(),
        status,
        excerpt: format!(
            "a redirect to {location}, not followed: the API never redirects, so nothing was done"
        ),
    }
}

/// The last attempt's failure, when an earlier attempt may have been carried out: a refused
/// connection or a transient error that outlasted the retries then says nothing about whether
/// the request took effect. A definite answer (IdempotentProcessing, a rule's refusal) stays.
fn after_possible_delivery(err: ApiError, endpoint: &str) -> ApiError {
    if !(matches!(err, ApiError::NotSent { .. }) || err.retryable()) || err.may_have_been_delivered() {
        return err;
    }
    let last = match &err {
        ApiError::NotSent { reason, .. } => format!("the last one could not connect: {reason}"),
        other => format!("the last one answered {}", other.code()),
    };
    ApiError::NoAnswer {
        endpoint: endpoint.into(),
        reason: format!("an earlier try may have been carried out; {last}"),
    }
}

fn with_clock_skew(err: ApiError, server_date: Option<chrono::DateTime<chrono::FixedOffset>>) -> ApiError {
    match (err, server_date) {
        (ApiError::Service(mut e), Some(date)) if e.code == "AuthFailure.SignatureExpire" => {
            e.clock_skew_secs = Some(date.timestamp() - chrono::Utc::now().timestamp());
            ApiError::Service(e)
        }
        (err, _) => err,
    }
}

impl ClientConfig {
    /// The proxy rule of this configuration, with the proxy variables of the environment.
    pub fn proxy_rule(&self) -> super::network::ProxyRule {
        super::network::ProxyRule::new(&self.proxy, &|name| std::env::var(name).ok())
    }
}

/// A transport failure through a proxy names the proxy: it is the first thing to check.
fn through_proxy(err: ApiError, proxy: Option<String>) -> ApiError {
    let Some(proxy) = proxy else { return err };
    match err {
        ApiError::NotSent { endpoint, reason } => {
            ApiError::NotSent { endpoint, reason: format!("through the proxy {proxy}: {reason}") }
        }
        ApiError::NoAnswer { endpoint, reason } => {
            ApiError::NoAnswer { endpoint, reason: format!("through the proxy {proxy}: {reason}") }
        }
        other => other,
    }
}

/// A connect failure never reached the service; anything later may have.
fn transport_error(endpoint: &str, err: &reqwest::Error) -> ApiError {
    let reason = describe_reqwest_error(err);
    if err.is_connect() || err.is_builder() {
        ApiError::NotSent { endpoint: endpoint.into(), reason }
    } else {
        ApiError::NoAnswer { endpoint: endpoint.into(), reason }
    }
}

fn body_error(endpoint: &str, err: &reqwest::Error) -> ApiError {
    if err.is_timeout() {
        return ApiError::NoAnswer { endpoint: endpoint.into(), reason: describe_reqwest_error(err) };
    }
    ApiError::Undecodable {
        endpoint: endpoint.into(),
        reason: "the body ends early (connection closed mid-answer)".into(),
        excerpt: describe_reqwest_error(err),
        truncated: true,
    }
}

/// reqwest's Display stops at the outermost layer; the cause chain says what really happened.
fn describe_reqwest_error(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return "timed out".into();
    }
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.dedup();
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_overrides_are_bare_http_urls() {
        for good in ["http://127.0.0.1:8080", "https://vpc.internal.example", "http://[::1]:9/"] {
            assert_eq!(check_endpoint(good), Ok(()), "{good}");
        }
        assert_eq!(check_endpoint("http://u:secret@h"), Err(EndpointError::UserInfo));
        assert!(!check_endpoint("http://u:secret@h").unwrap_err().to_string().contains("secret"));
        assert_eq!(check_endpoint("ftp://h"), Err(EndpointError::Scheme("ftp".into())));
        assert_eq!(check_endpoint("http://h/path"), Err(EndpointError::NotBare));
        assert!(matches!(check_endpoint("not a url"), Err(EndpointError::NotUrl(_))));
    }

    #[test]
    fn throttled_backoff_uses_full_jitter_under_its_own_ceiling() {
        let policy = RetryPolicy::throttled();
        let delays: Vec<Duration> = (0..200).map(|_| policy.full_jitter_delay(0)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(500)));
        assert!(delays.iter().any(|d| *d < Duration::from_millis(250)), "full jitter reaches below half");
        assert!((0..50).all(|_| policy.full_jitter_delay(9) <= Duration::from_secs(2)));
    }

    #[test]
    fn backoff_is_capped() {
        let policy = RetryPolicy::default();
        assert!(policy.delay(0) <= Duration::from_millis(250));
        assert!(policy.delay(30) <= Duration::from_secs(5));
        assert!(policy.delay(30) >= Duration::from_millis(2500));
    }
}
