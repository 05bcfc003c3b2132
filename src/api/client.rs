//! The HTTP client: endpoint, headers, signing, sending, retrying, rate limiting.
//! One `call` path serves every action; typed wrappers live in `actions.rs`.

use super::envelope::parse_response;
use super::error::ApiError;
use super::ratelimit::RateLimiter;
use super::sign::{SigningInput, sign};
use crate::credentials::Credential;
use rand::Rng;
use serde_json::Value;
use std::time::Duration;

pub const USER_AGENT: &str = concat!("tceni_", env!("CARGO_PKG_VERSION"));

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

    /// Capped exponential backoff with full jitter: a random delay up to base·2ⁿ, at most max.
    fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.base_delay.saturating_mul(1 << attempt.min(16)).min(self.max_delay);
        ceiling.mul_f64(rand::rng().random_range(0.5..=1.0))
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `scheme://host[:port]` that replaces every service's endpoint (the sandbox, a private
    /// endpoint). None: the public hosts from the region catalog, over HTTPS.
    pub endpoint_override: Option<String>,
    pub language: Language,
    pub connect_timeout: Duration,
    /// The whole exchange, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Requests per second per (action, region); 0 = no limit.
    pub rate_limit: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            endpoint_override: None,
            language: Language::EnUs,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            rate_limit: 50,
        }
    }
}

/// Where one call goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: String,
    /// Host with `:port` when the port is not the scheme's default: exactly what is signed.
    pub host: String,
}

impl Endpoint {
    pub fn url(&self) -> String {
        format!("{}://{}/", self.scheme, self.host)
    }
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
}

pub struct Client {
    http: reqwest::Client,
    credential: Credential,
    config: ClientConfig,
    limiter: RateLimiter,
}

impl Client {
    pub fn new(credential: Credential, config: ClientConfig) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| ApiError::NotSent { endpoint: "(client)".into(), reason: e.to_string() })?;
        let limiter = RateLimiter::new(config.rate_limit);
        Ok(Client { http, credential, config, limiter })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    pub fn secret_id(&self) -> &str {
        &self.credential.secret_id
    }

    /// The endpoint for a service in a region (Finance regions get their own host).
    pub fn endpoint(&self, service: Service, region: Option<&str>) -> Endpoint {
        endpoint_for(self.config.endpoint_override.as_deref(), service, region)
    }

    /// Build the signed request for `call` at `timestamp` (seconds).
    pub fn prepare(&self, call: &Call, timestamp: i64) -> PreparedRequest {
        let endpoint = self.endpoint(call.service, call.region);
        let body = serde_json::to_vec(call.params).expect("a JSON value always serializes");
        let content_type = "application/json";
        let signature = sign(
            self.credential.secret_key.expose(),
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
            ("Authorization", signature.authorization(&self.credential.secret_id)),
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
        if let Some(token) = &self.credential.token {
            headers.push(("X-TC-Token", token.expose().to_string()));
        }
        PreparedRequest { endpoint, headers, body }
    }

    /// Send a call, retrying what is safe to retry: the same body bytes (so the same
    /// ClientToken), a fresh timestamp and signature on each attempt. When an earlier attempt may
    /// have reached the service, a later "could not connect" does not make it "not sent".
    pub async fn call(&self, call: &Call<'_>) -> Result<Value, ApiError> {
        let mut attempt = 0;
        let mut maybe_delivered = false;
        loop {
            self.limiter.acquire(call.action, call.region.unwrap_or("")).await;
            let request = self.prepare(call, chrono::Utc::now().timestamp());
            let err = match self.send(&request).await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            if !(err.retryable() && attempt + 1 < self.config.retry.max_attempts) {
                return Err(if maybe_delivered {
                    after_possible_delivery(err, &request.endpoint.url())
                } else {
                    err
                });
            }
            maybe_delivered |= err.outcome_unknown();
            tracing::debug!(action = call.action, code = err.code(), attempt, "retrying");
            tokio::time::sleep(self.config.retry.delay(attempt)).await;
            attempt += 1;
        }
    }

    async fn send(&self, request: &PreparedRequest) -> Result<Value, ApiError> {
        let endpoint = request.endpoint.url();
        let mut builder = self.http.post(&endpoint);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let response =
            builder.body(request.body.clone()).send().await.map_err(|e| transport_error(&endpoint, &e))?;
        let status = response.status().as_u16();
        let server_date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
        let body = response.bytes().await.map_err(|e| body_error(&endpoint, &e))?;
        parse_response(&endpoint, status, &body).map_err(|err| with_clock_skew(err, server_date))
    }
}

/// The last attempt's failure, when an earlier attempt may have been carried out: a refused
/// connection or a transient error that outlasted the retries then says nothing about whether
/// the request took effect. A definite answer (IdempotentProcessing, a rule's refusal) stays.
fn after_possible_delivery(err: ApiError, endpoint: &str) -> ApiError {
    if !(matches!(err, ApiError::NotSent { .. }) || err.retryable()) || err.outcome_unknown() {
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

/// Where a call goes: the override for every service when there is one, else the public host
/// from the region catalog over HTTPS. A regionless call (DescribeRegions) needs no region.
pub fn endpoint_for(endpoint_override: Option<&str>, service: Service, region: Option<&str>) -> Endpoint {
    match endpoint_override {
        Some(url) => parse_endpoint(url),
        None => Endpoint {
            scheme: "https".into(),
            host: crate::catalog::service_host(service.name(), region.unwrap_or_default()),
        },
    }
}

/// `http://127.0.0.1:8080/` → scheme `http`, host `127.0.0.1:8080`. A bare host means HTTPS.
pub fn parse_endpoint(url: &str) -> Endpoint {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split('/').next().unwrap_or(rest);
    let default_port = if scheme == "http" { ":80" } else { ":443" };
    Endpoint { scheme: scheme.to_string(), host: host.strip_suffix(default_port).unwrap_or(host).to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_non_default_ports_only() {
        assert_eq!(parse_endpoint("http://127.0.0.1:8080/").host, "127.0.0.1:8080");
        assert_eq!(parse_endpoint("http://127.0.0.1:80").host, "127.0.0.1");
        assert_eq!(
            parse_endpoint("vpc.internal.tencentcloudapi.com"),
            Endpoint { scheme: "https".into(), host: "vpc.internal.tencentcloudapi.com".into() }
        );
    }

    #[test]
    fn backoff_is_capped() {
        let policy = RetryPolicy::default();
        assert!(policy.delay(0) <= Duration::from_millis(250));
        assert!(policy.delay(30) <= Duration::from_secs(5));
        assert!(policy.delay(30) >= Duration::from_millis(2500));
    }
}
