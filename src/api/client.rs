//! The HTTP client: endpoint, headers, signing, sending, retrying, rate limiting.
//! One `call` path serves every action; typed wrappers live in `actions.rs`.

use super::endpoint::{Endpoint, EndpointRule};
use super::envelope::parse_response;
use super::error::ApiError;
use super::http::{Exchange, Http};
use super::ratelimit::RateLimiter;
use super::sign::{SigningInput, sign};
use crate::auth::{Credential, CredentialError, CredentialFailure, ProvideCredentials};
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

/// The API product a call goes to: decides the host, the version and the signing scope. Its
/// name (`vpc`, `cloudaudit`, …) is the host's first label and the credential scope's service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum Service {
    Vpc,
    Cvm,
    Region,
    /// Security Token Service: AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity.
    Sts,
    /// The account's audit trail: LookUpEvents.
    CloudAudit,
}

impl Service {
    /// The service named in a credential scope or a host's first label.
    pub fn from_name(name: &str) -> Option<Service> {
        name.parse().ok()
    }

    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn version(self) -> &'static str {
        match self {
            Service::Vpc | Service::Cvm => "2017-03-12",
            Service::Region => "2022-06-27",
            Service::Sts => "2018-08-13",
            Service::CloudAudit => "2019-03-19",
        }
    }
}

/// The language asked of the service (`X-TC-Language`): the run's, so its messages match the
/// screen.
pub use crate::i18n::Language;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_tries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_tries: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    pub fn none() -> Self {
        RetryPolicy { max_tries: 1, ..Self::default() }
    }

    /// Capped exponential backoff with jitter: a random delay between half and all of
    /// base·2ⁿ, at most max.
    fn delay(&self, retries: u32) -> Duration {
        self.ceiling(retries).mul_f64(rand::rng().random_range(0.5..=1.0))
    }

    /// Full jitter (anywhere from 0 to base·2ⁿ): many clients throttled at the same instant
    /// spread out over the whole window instead of coming back together.
    fn full_jitter_delay(&self, retries: u32) -> Duration {
        self.ceiling(retries).mul_f64(rand::rng().random_range(0.0..=1.0))
    }

    fn ceiling(&self, retries: u32) -> Duration {
        self.base_delay.saturating_mul(1 << retries.min(16)).min(self.max_delay)
    }

    /// For `RequestLimitExceeded` and its kin: 8 tries spread over about 6 s (full jitter under
    /// ceilings of 0.5, 1, 2, 2, … s), long enough for a per-second quota to refill a few times.
    pub fn throttled() -> Self {
        RetryPolicy {
            max_tries: 8,
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
    /// Where every process on this machine keeps the rate's schedule (the state directory's
    /// `rate/`), so separate processes share one quota; None: this process's own.
    pub rate_limit_dir: Option<std::path::PathBuf>,
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
            language: Language::EnUs,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            throttled_retry: RetryPolicy::throttled(),
            rate_limit: 50,
            rate_limit_dir: None,
        }
    }
}

/// Why an endpoint override (`--endpoint`, `TCENI_ENDPOINT`, the config's `endpoint`) is refused.
/// The text never repeats the endpoint: it may hold a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("{}", crate::tr!("err-endpoint-not-url", reason = .0.as_str()))]
    NotUrl(String),
    #[error("{}", crate::tr!("err-endpoint-scheme", scheme = .0.as_str()))]
    Scheme(String),
    #[error("{}", crate::tr!("err-endpoint-user-info"))]
    UserInfo,
    #[error("{}", crate::tr!("err-endpoint-not-bare"))]
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

/// A task poll's place in line and its time to answer (see [`Client::call_within`]).
#[derive(Debug, Clone, Copy)]
pub struct Polled {
    /// When the task was accepted: under the action's quota the oldest task's poll goes first.
    pub since: Instant,
    /// How long its answer is awaited once it has left the rate limiter.
    pub within: Duration,
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
    static COMMAND_DEADLINE: Option<Instant>;
}

/// Run `future` with every call it makes bounded by `deadline` as well as by its own
/// `request_timeout`: a command's `--timeout` covers the command, not each call in it. A call
/// that would start after the deadline is not sent; the wait for the rate limiter counts too.
pub async fn within_deadline<F: std::future::Future>(deadline: Instant, future: F) -> F::Output {
    COMMAND_DEADLINE.scope(Some(deadline), future).await
}

/// Run `future` free of a deadline set by [`within_deadline`]: following a task the service
/// accepted, which `--wait-timeout` bounds instead.
pub async fn free_of_deadline<F: std::future::Future>(future: F) -> F::Output {
    COMMAND_DEADLINE.scope(None, future).await
}

fn command_deadline() -> Option<Instant> {
    COMMAND_DEADLINE.try_with(|deadline| *deadline).ok().flatten()
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

/// How a call proves who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signing {
    /// TC3-HMAC-SHA256 with the provider's current key (every call but one).
    Signed,
    /// `Authorization: SKIP`: sts AssumeRoleWithWebIdentity, whose web identity token is the proof.
    Unsigned,
}

/// The provider of a client that signs nothing.
#[derive(Debug)]
struct Anonymous;

impl ProvideCredentials for Anonymous {
    fn credential(&self) -> futures::future::BoxFuture<'_, Result<Credential, CredentialError>> {
        let failure = CredentialFailure::Unusable { reason: "this client signs nothing".into() };
        Box::pin(std::future::ready(Err(CredentialError::new(self.source(), failure))))
    }

    fn last(&self) -> Option<Credential> {
        None
    }

    fn source(&self) -> String {
        "no credential".into()
    }
}

pub struct Client {
    /// Never follows a redirect; the proxy and CA rules of `network`; answers capped.
    http: Http,
    /// Asked before every try: a temporary key is refreshed before it expires.
    credentials: Arc<dyn ProvideCredentials>,
    config: ClientConfig,
    limiter: RateLimiter,
}

impl Client {
    /// A client that signs with one fixed key (tests, benches, the demo).
    pub fn new(credential: Credential, config: ClientConfig) -> Result<Self, ApiError> {
        Self::with_provider(Arc::new(credential), config)
    }

    /// A client that signs nothing: only [`Client::call_unsigned`] can succeed with it.
    pub fn anonymous(config: ClientConfig) -> Result<Self, ApiError> {
        Self::with_provider(Arc::new(Anonymous), config)
    }

    /// A client that signs each try with the provider's current credential.
    pub fn with_provider(
        credentials: Arc<dyn ProvideCredentials>,
        config: ClientConfig,
    ) -> Result<Self, ApiError> {
        let http = Http::new(&config)
            .map_err(|e| ApiError::NotSent { endpoint: "(client)".into(), reason: e.to_string() })?;
        let limiter = match &config.rate_limit_dir {
            Some(dir) => RateLimiter::machine_wide(config.rate_limit, dir.clone()),
            None => RateLimiter::new(config.rate_limit),
        };
        Ok(Client { http, credentials, config, limiter })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The SecretId last signed with (a temporary key's changes at each refresh).
    pub fn secret_id(&self) -> String {
        self.credentials.last().map(|c| c.secret_id).unwrap_or_default()
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
        let credential = self.credentials.last().unwrap_or_else(|| Credential::new("", "", None));
        self.prepare_with(Some(&credential), call, timestamp)
    }

    /// Build the request for `call` at `timestamp`, signed with `credential` (None: unsigned).
    fn prepare_with(&self, credential: Option<&Credential>, call: &Call, timestamp: i64) -> PreparedRequest {
        let endpoint = self.endpoint(call.service, call.region);
        let body = serde_json::to_vec(call.params).expect("a JSON value always serializes");
        let content_type = "application/json";
        let authorization = match credential {
            Some(credential) => sign(
                credential.secret_key.expose(),
                &SigningInput {
                    method: "POST",
                    query: "",
                    headers: &[("content-type", content_type), ("host", &endpoint.host)],
                    payload: &body,
                    service: call.service.name(),
                    timestamp,
                },
            )
            .authorization(&credential.secret_id),
            None => "SKIP".to_string(),
        };
        let mut headers = vec![
            ("Authorization", authorization),
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
        if let Some(token) = credential.and_then(|c| c.token.as_ref()) {
            headers.push(("X-TC-Token", token.expose().to_string()));
        }
        PreparedRequest { endpoint, headers, body }
    }

    /// Send a call, retrying what is safe to retry: the same body bytes (so the same
    /// ClientToken), a fresh timestamp and signature on each try. When an earlier try may
    /// have reached the service, a later "could not connect" does not make it "not sent".
    /// `request_timeout` bounds the whole of it, retries and backoff included: its clock starts
    /// when the first try leaves the client-side rate limiter (waiting in that local queue sends
    /// nothing, and a burst from one client must not time out unsent).
    pub async fn call(&self, call: &Call<'_>) -> Result<Value, ApiError> {
        self.call_as(call, Signing::Signed, None).await
    }

    /// [`Client::call`] whose tries get at most `polled.within` once the call has left the rate
    /// limiter: a poll that hangs is given up in time, while the wait in the limiter's queue
    /// (long when many tasks are followed at once) never counts against it, so a poll is never
    /// abandoned before it was sent, its slot wasted. Under its action's own quota it waits in
    /// line since `polled.since`: the oldest task's poll goes first.
    pub async fn call_within(&self, call: &Call<'_>, polled: Polled) -> Result<Value, ApiError> {
        self.call_as(call, Signing::Signed, Some(polled)).await
    }

    /// [`Client::call`] without a signature (`Authorization: SKIP`) and without asking for a
    /// credential: sts AssumeRoleWithWebIdentity, where the web identity token is the proof.
    pub async fn call_unsigned(&self, call: &Call<'_>) -> Result<Value, ApiError> {
        self.call_as(call, Signing::Unsigned, None).await
    }

    async fn call_as(
        &self,
        call: &Call<'_>,
        signing: Signing,
        polled: Option<Polled>,
    ) -> Result<Value, ApiError> {
        let command = command_deadline();
        let since = polled.map(|p| p.since);
        let queued = match command {
            Some(at) => tokio::time::timeout_at(at, self.acquire_slot(call, since)).await.is_ok(),
            None => {
                self.acquire_slot(call, since).await;
                true
            }
        };
        if !queued {
            return Err(ApiError::NotSent {
                endpoint: self.endpoint(call.service, call.region).url(),
                reason: "the command's time (--timeout) ran out while it waited its turn under the \
                         action's rate limit"
                    .into(),
            });
        }
        let own = Instant::now()
            + polled.map_or(self.config.request_timeout, |p| p.within.min(self.config.request_timeout));
        let deadline = command.map_or(own, |at| at.min(own));
        let mut retries = 0;
        let mut maybe_delivered = false;
        loop {
            let err = match self.try_once(call, deadline, signing).await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            // Without a ClientToken, a try that may have been carried out is never sent again.
            let replay_risk = !call.replayable && err.may_have_been_delivered();
            let retry_at = self.pause_before_retry(&err, retries).map(|p| Instant::now() + p);
            let ready = match retry_at.filter(|at| *at + MIN_TRY_TIME <= deadline && !replay_risk) {
                Some(at) => {
                    tracing::debug!(action = call.action, code = err.code(), retries, "retrying");
                    notify_retry(RetryNotice {
                        action: call.action.to_string(),
                        failed_try: retries + 1,
                        code: err.code().to_string(),
                        next_in: at.saturating_duration_since(Instant::now()),
                    });
                    tokio::time::sleep_until(at).await;
                    let slot =
                        tokio::time::timeout_at(deadline, self.acquire_slot(call, since)).await.is_ok();
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
            retries += 1;
        }
    }

    /// This client's rate for the action, then the process-wide quota of the actions that have
    /// one of their own (`DescribeVpcTaskResult`: 20/s, shared by every run in the process),
    /// where the call waiting since longest (`since`, else its arrival) goes first.
    async fn acquire_slot(&self, call: &Call<'_>, since: Option<Instant>) {
        let region = call.region.unwrap_or("");
        let endpoint = self.endpoint(call.service, call.region).url();
        self.limiter.acquire_on(&endpoint, call.action, region).await;
        super::ratelimit::shared().acquire(&endpoint, call.action, region, since).await;
    }

    /// The pause before retrying after `err` (`retries` counts from 0), or None when it must
    /// not be retried or the tries are used up. Throttling gets its own, longer budget.
    fn pause_before_retry(&self, err: &ApiError, retries: u32) -> Option<Duration> {
        let retry = &self.config.retry;
        if !err.retryable() || retry.max_tries <= 1 {
            return None;
        }
        if err.is_rate_limited() {
            let throttled = &self.config.throttled_retry;
            return (retries + 1 < throttled.max_tries).then(|| throttled.full_jitter_delay(retries));
        }
        (retries + 1 < retry.max_tries).then(|| retry.delay(retries))
    }

    /// One try, within what is left of the call's time.
    async fn try_once(
        &self,
        call: &Call<'_>,
        deadline: Instant,
        signing: Signing,
    ) -> Result<Value, ApiError> {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(ApiError::NotSent {
                endpoint: self.endpoint(call.service, call.region).url(),
                reason: "the call's time (--timeout) ran out before this try was sent".into(),
            });
        }
        let credential = match signing {
            Signing::Signed => Some(self.current_credential(call, deadline).await?),
            Signing::Unsigned => None,
        };
        // The time left is read again: fetching the credential may have taken some of it.
        let remaining = deadline.saturating_duration_since(Instant::now());
        let request = self.prepare_with(credential.as_ref(), call, chrono::Utc::now().timestamp());
        self.send(request, remaining).await
    }

    /// The credential for this try: refreshed first when it is about to expire. A refresh that
    /// fails (or outlasts the call's time) sends nothing and says why.
    async fn current_credential(&self, call: &Call<'_>, deadline: Instant) -> Result<Credential, ApiError> {
        let endpoint = || self.endpoint(call.service, call.region).url();
        let error = match tokio::time::timeout_at(deadline, self.credentials.credential()).await {
            Ok(Ok(credential)) => return Ok(credential),
            Ok(Err(error)) => error,
            Err(_) => CredentialError::new(self.credentials.source(), CredentialFailure::TimedOut),
        };
        Err(ApiError::Credentials { endpoint: endpoint(), error })
    }

    async fn send(&self, request: PreparedRequest, timeout: Duration) -> Result<Value, ApiError> {
        let endpoint = request.endpoint.url();
        let exchange = Exchange {
            method: reqwest::Method::POST,
            url: &endpoint,
            headers: &request.headers,
            body: request.body,
            timeout,
            cap: MAX_ANSWER_BYTES,
        };
        let answer = self.http.send(exchange).await?;
        parse_response(&endpoint, answer.status, &answer.body)
            .map_err(|err| with_clock_skew(err, answer.date))
    }
}

/// The last try's failure, when an earlier try may have been carried out: a refused
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A service's name is its host's first label and its credential scope: it never changes.
    #[test]
    fn a_service_is_named_as_its_host() {
        let names: Vec<&str> = <Service as strum::VariantArray>::VARIANTS.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["vpc", "cvm", "region", "sts", "cloudaudit"]);
        for service in <Service as strum::VariantArray>::VARIANTS {
            assert_eq!(Service::from_name(service.name()), Some(*service));
        }
        assert_eq!(Service::from_name("VPC"), None, "a scope's service is matched exactly");
    }

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
