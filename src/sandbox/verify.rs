//! Authenticating a request the way the service does: the signature is recomputed from the bytes
//! received (the signed headers as listed, the exact body, the Host as sent) with the key of the
//! SecretId, using the same signer as the client (`api::sign`).

use super::config::Credential;
use super::error::ApiError;
use super::http::HttpRequest;
use crate::api::sign::{self, ParsedAuthorization, SigningInput};

/// How far a request's X-TC-Timestamp may be from the server clock.
pub const MAX_SKEW_SECONDS: i64 = 300;

pub use crate::api::Service;

/// The actions this emulator serves, per service.
pub fn served_actions(service: Service) -> &'static [&'static str] {
    match service {
        Service::Vpc => &[
            "AttachNetworkInterface",
            "DetachNetworkInterface",
            "MigrateNetworkInterface",
            "DescribeVpcTaskResult",
            "DescribeNetworkInterfaces",
            "DescribeNetworkInterfaceLimit",
        ],
        Service::Cvm => &["DescribeInstances"],
        Service::Region => &["DescribeRegions"],
        Service::Sts => super::sts::SIGNED_ACTIONS,
        Service::CloudAudit => &[super::audit::LOOK_UP_EVENTS],
    }
}

/// vpc and cvm calls are regional; the region, sts and cloudaudit services are not (a
/// cloudaudit call's X-TC-Region only says which region's events it asks about).
pub fn needs_region(service: Service) -> bool {
    matches!(service, Service::Vpc | Service::Cvm)
}

/// Who sent a request and what it asks for, once its signature has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    pub secret_id: String,
    pub service: Service,
    pub action: String,
    pub region: Option<String>,
}

fn invalid_authorization(detail: &str) -> ApiError {
    ApiError::new(
        "AuthFailure.InvalidAuthorization",
        format!("The Authorization header is invalid: {detail}."),
    )
}

/// Check everything the gateway checks before an action runs. `now` is the server's Unix time.
pub fn authenticate(
    request: &HttpRequest,
    credentials: &[Credential],
    now: i64,
) -> Result<Authenticated, ApiError> {
    let auth = parse_header(request)?;
    let service = Service::from_name(&auth.service).ok_or_else(|| {
        invalid_authorization(&format!(
            "the credential scope names service `{}`, not vpc, cvm or region",
            auth.service
        ))
    })?;
    let action = route(request, service)?;
    let timestamp = timestamp(request)?;
    check_freshness(timestamp, now)?;
    let expected_date = sign::utc_date(timestamp);
    if auth.date != expected_date {
        return Err(invalid_authorization(&format!(
            "the credential scope date {} is not the UTC date of X-TC-Timestamp ({expected_date})",
            auth.date
        )));
    }
    let credential = credentials.iter().find(|c| c.secret_id == auth.secret_id).ok_or_else(|| {
        ApiError::new(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        )
        .zh("SecretId 不存在，请确认 SecretId 是否正确。")
    })?;
    check_signature(request, &auth, credential, timestamp)?;
    check_token(request, credential)?;
    let region = request.header("x-tc-region").map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    Ok(Authenticated { secret_id: auth.secret_id, service, action, region })
}

fn parse_header(request: &HttpRequest) -> Result<ParsedAuthorization, ApiError> {
    let header = request.header("authorization").ok_or_else(|| invalid_authorization("it is missing"))?;
    let auth = sign::parse_authorization(header).ok_or_else(|| {
        invalid_authorization("expected `TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=..., Signature=...`")
    })?;
    for required in ["content-type", "host"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(invalid_authorization(&format!("`{required}` must be among the SignedHeaders")));
        }
    }
    Ok(auth)
}

/// The action must exist in the service named by the scope, in the version it serves.
fn route(request: &HttpRequest, service: Service) -> Result<String, ApiError> {
    let action = request.header("x-tc-action").map(str::trim).filter(|a| !a.is_empty());
    let action = action.ok_or_else(|| ApiError::missing("X-TC-Action"))?;
    // The Python SDK capitalises the first letter; the service matches names exactly otherwise.
    if !served_actions(service).contains(&action) {
        return Err(ApiError::new(
            "InvalidAction",
            format!("The action `{action}` does not exist in service {}.", service.name()),
        ));
    }
    let version =
        request.header("x-tc-version").map(str::trim).ok_or_else(|| ApiError::missing("X-TC-Version"))?;
    if version != service.version() {
        return Err(ApiError::new(
            "NoSuchVersion",
            format!(
                "The version `{version}` does not exist for {} (use {}).",
                service.name(),
                service.version()
            ),
        ));
    }
    Ok(action.to_string())
}

fn timestamp(request: &HttpRequest) -> Result<i64, ApiError> {
    let text = request.header("x-tc-timestamp").ok_or_else(|| ApiError::missing("X-TC-Timestamp"))?;
    text.trim().parse().map_err(|_| ApiError::wrong_type("X-TC-Timestamp", "a Unix time in seconds"))
}

fn check_freshness(timestamp: i64, now: i64) -> Result<(), ApiError> {
    if (now - timestamp).abs() > MAX_SKEW_SECONDS {
        return Err(ApiError::new(
            "AuthFailure.SignatureExpire",
            format!(
                "Signature expired: the request timestamp {timestamp} and the server time {now} differ by more than 5 minutes. Check that your clock is synchronized."
            ),
        )
        .zh(format!(
            "签名过期：请求时间戳 {timestamp} 与服务器时间 {now} 相差超过 5 分钟，请检查本机时钟是否同步。"
        )));
    }
    Ok(())
}

fn check_signature(
    request: &HttpRequest,
    auth: &ParsedAuthorization,
    credential: &Credential,
    timestamp: i64,
) -> Result<(), ApiError> {
    let mut headers = Vec::with_capacity(auth.signed_headers.len());
    for name in &auth.signed_headers {
        let value = request.header(name).ok_or_else(|| {
            invalid_authorization(&format!("the signed header `{name}` is not in the request"))
        })?;
        headers.push((name.as_str(), value));
    }
    let unsigned = request.header("x-tc-content-sha256").is_some_and(|v| v.trim() == "UNSIGNED-PAYLOAD");
    let input = SigningInput {
        method: &request.method,
        query: request.query(),
        headers: &headers,
        payload: if unsigned { b"UNSIGNED-PAYLOAD" } else { &request.body },
        service: &auth.service,
        timestamp,
    };
    if sign::sign(&credential.secret_key, &input).signature != auth.signature {
        return Err(ApiError::new(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        )
        .zh("请求签名验证失败，请检查签名计算是否正确。"));
    }
    Ok(())
}

fn check_token(request: &HttpRequest, credential: &Credential) -> Result<(), ApiError> {
    let sent = request.header("x-tc-token").map(str::trim).filter(|t| !t.is_empty());
    match (credential.token.as_deref(), sent) {
        (Some(expected), Some(sent)) if expected == sent => Ok(()),
        (None, None) => Ok(()),
        (Some(_), None) => Err(ApiError::new(
            "AuthFailure.TokenFailure",
            "These are temporary credentials: the request must carry their token in X-TC-Token.",
        )),
        (_, Some(_)) => {
            Err(ApiError::new("AuthFailure.TokenFailure", "The token in X-TC-Token is invalid or expired.")
                .zh("X-TC-Token 中的 token 无效或已过期。"))
        }
    }
}
