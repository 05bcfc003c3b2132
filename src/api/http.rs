//! The one HTTP stack every request of tceni goes through: signed API calls, sts' unsigned
//! AssumeRoleWithWebIdentity and the CVM metadata service. Whatever it carries, it gets the same
//! rules: the connect timeout and the call's time (`--timeout`) over the whole exchange, the
//! answer included; the proxy rule of `network` (loopback and `NO_PROXY` exempt); no redirect
//! followed; at most a fixed number of bytes read; and failures typed by whether the request can
//! have reached its server.

use std::time::Duration;

use super::client::ClientConfig;
use super::envelope::excerpt;
use super::error::{ApiError, is_redirect};
use super::network::{NetworkError, ProxyRule};

/// A `reqwest` client built by [`super::network::http_client`], with the proxy rule that names a
/// proxy when a request through it fails.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    proxies: ProxyRule,
}

/// One request: where, how, and how much of the answer may be read.
pub struct Exchange<'a> {
    pub method: reqwest::Method,
    pub url: &'a str,
    pub headers: &'a [(&'static str, String)],
    pub body: Vec<u8>,
    /// The whole exchange, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// The most bytes of the answer read; a bigger answer is refused.
    pub cap: usize,
}

/// What came back: the status, the server's `Date` header (for clock advice) and the body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub date: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub body: Vec<u8>,
}

impl Http {
    pub fn new(config: &ClientConfig) -> Result<Http, NetworkError> {
        Ok(Http { client: super::network::http_client(config)?, proxies: config.proxy_rule() })
    }

    /// Send `exchange` and read its answer. A 3xx is an error (never followed); any other status
    /// comes back with its body for the caller to read.
    pub async fn send(&self, exchange: Exchange<'_>) -> Result<Answer, ApiError> {
        let url = exchange.url;
        let mut builder = self.client.request(exchange.method, url).timeout(exchange.timeout);
        for (name, value) in exchange.headers {
            builder = builder.header(*name, value);
        }
        let mut response = builder
            .body(exchange.body)
            .send()
            .await
            .map_err(|e| through_proxy(transport_error(url, &e), self.proxies.shown_for(url)))?;
        let status = response.status().as_u16();
        if is_redirect(status) {
            return Err(redirect_error(url, status, response.headers()));
        }
        // The proxy, not the service, answered: it forwarded nothing.
        if let (407, Some(proxy)) = (status, self.proxies.shown_for(url)) {
            return Err(ApiError::NotSent {
                endpoint: url.into(),
                reason: format!(
                    "the proxy {proxy} refused it (HTTP 407 Proxy Authentication Required): give the \
                     proxy's user and password in its URL"
                ),
            });
        }
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
        let body = read_capped(url, &mut response, exchange.cap).await?;
        Ok(Answer { status, date, body })
    }

    /// `GET url` for a plain answer outside the API's envelope (the metadata service): the body
    /// of a 200, else [`ApiError::HttpStatus`] with the start of the body, escaped.
    pub async fn get(&self, url: &str, timeout: Duration, cap: usize) -> Result<Vec<u8>, ApiError> {
        let exchange =
            Exchange { method: reqwest::Method::GET, url, headers: &[], body: Vec::new(), timeout, cap };
        let answer = self.send(exchange).await?;
        if answer.status == 200 {
            return Ok(answer.body);
        }
        Err(ApiError::HttpStatus {
            endpoint: url.into(),
            status: answer.status,
            excerpt: excerpt(&answer.body[..answer.body.len().min(200)]),
        })
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
    let size = if cap >= 1024 * 1024 {
        format!("{} MiB", cap / (1024 * 1024))
    } else {
        format!("{} KiB", cap / 1024)
    };
    ApiError::Undecodable {
        endpoint: endpoint.into(),
        reason: format!("the answer is larger than {size}, the most tceni reads"),
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
    super::text::from_server(&parts.join(": "))
}
