//! Typed sts calls (2018-08-13, `sts.tencentcloudapi.com`): AssumeRole and GetCallerIdentity,
//! signed like any call, and AssumeRoleWithWebIdentity, sent unsigned (`Authorization: SKIP`).
//! Answers carry key material: nothing here logs or echoes a body.

use super::Service;
use super::client::{Call, Client};
use super::error::ApiError;
use crate::auth::{Credential, Secret};
use serde::Deserialize;
use serde_json::{Value, json};

/// sts is called in this region, as the SDKs do.
pub const STS_REGION: &str = "ap-guangzhou";
/// The documented default and maximum of `DurationSeconds`.
pub const DEFAULT_DURATION_SECS: u32 = 7200;
pub const MAX_DURATION_SECS: u32 = 43200;

/// Temporary credentials and when they stop working (Unix seconds).
#[derive(Debug, Clone)]
pub struct TemporaryCredential {
    pub credential: Credential,
    pub expired_time: i64,
}

/// What AssumeRole and AssumeRoleWithWebIdentity share.
#[derive(Debug, Clone)]
pub struct RoleRequest<'a> {
    /// The X-TC-Region sent (the SDKs use `ap-guangzhou`; TKE OIDC uses `TKE_REGION`).
    pub region: &'a str,
    pub role_arn: &'a str,
    pub role_session_name: &'a str,
    pub duration_seconds: u32,
    /// The role's external ID, when its trust policy asks for one (Terraform's
    /// `TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID`).
    pub external_id: Option<&'a str>,
}

/// The identity behind a credential, as GetCallerIdentity answers it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    pub account_id: String,
    pub arn: String,
    pub user_id: String,
    pub principal_id: String,
    #[serde(rename = "Type")]
    pub kind: String,
}

/// AssumeRole, signed with `client`'s (long-term) credential.
pub async fn assume_role(
    client: &Client,
    request: &RoleRequest<'_>,
) -> Result<TemporaryCredential, ApiError> {
    let params = role_params(request);
    let region = Some(request.region);
    let call =
        Call { service: Service::Sts, action: "AssumeRole", region, params: &params, replayable: true };
    let endpoint = client.endpoint(Service::Sts, region).url();
    temporary_from(&endpoint, client.call(&call).await?)
}

/// GetCallerIdentity for `client`'s credential.
pub async fn get_caller_identity(client: &Client) -> Result<CallerIdentity, ApiError> {
    let params = json!({});
    let call = Call {
        service: Service::Sts,
        action: "GetCallerIdentity",
        region: Some(STS_REGION),
        params: &params,
        replayable: true,
    };
    let endpoint = client.endpoint(Service::Sts, Some(STS_REGION)).url();
    let answer = client.call(&call).await?;
    serde_json::from_value(answer).map_err(|_| shape_error(&endpoint, "no caller identity in the answer"))
}

/// AssumeRoleWithWebIdentity (TKE OIDC): unsigned (`Authorization: SKIP`), the web identity
/// token is the proof. Sent by any client, typically [`Client::anonymous`]: the same stack as
/// every call (timeouts, proxy, CA bundle, no redirect, capped and escaped answers, retries).
pub async fn assume_role_with_web_identity(
    client: &Client,
    provider_id: &str,
    web_identity_token: &Secret,
    request: &RoleRequest<'_>,
) -> Result<TemporaryCredential, ApiError> {
    let mut params = role_params(request);
    params["ProviderId"] = json!(provider_id);
    params["WebIdentityToken"] = json!(web_identity_token.expose());
    let region = Some(request.region);
    let call = Call {
        service: Service::Sts,
        action: "AssumeRoleWithWebIdentity",
        region,
        params: &params,
        replayable: true,
    };
    let endpoint = client.endpoint(Service::Sts, region).url();
    let answer = client.call_unsigned(&call).await;
    // The token was copied into the body's JSON: overwrite that copy too.
    if let Some(Value::String(token)) = params.get_mut("WebIdentityToken") {
        zeroize::Zeroize::zeroize(token);
    }
    temporary_from(&endpoint, answer?)
}

fn role_params(request: &RoleRequest<'_>) -> Value {
    let mut params = json!({
        "RoleArn": request.role_arn,
        "RoleSessionName": request.role_session_name,
        "DurationSeconds": request.duration_seconds,
    });
    if let Some(external_id) = request.external_id {
        params["ExternalId"] = json!(external_id);
    }
    params
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleAnswer {
    credentials: Temp,
    expired_time: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Temp {
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
}

/// The answer's fields, moved straight into a `Credential` (the key and token become `Secret`s).
fn temporary_from(endpoint: &str, answer: Value) -> Result<TemporaryCredential, ApiError> {
    let parsed: RoleAnswer = serde_json::from_value(answer)
        .map_err(|_| shape_error(endpoint, "no Credentials/ExpiredTime in the answer"))?;
    let Temp { tmp_secret_id, tmp_secret_key, token } = parsed.credentials;
    Ok(TemporaryCredential {
        credential: Credential {
            secret_id: tmp_secret_id,
            secret_key: Secret::new(tmp_secret_key),
            token: Some(Secret::new(token)),
        },
        expired_time: parsed.expired_time,
    })
}

/// A decoding failure that quotes nothing of the answer: it may hold a key.
fn shape_error(endpoint: &str, reason: &str) -> ApiError {
    ApiError::Undecodable {
        endpoint: endpoint.into(),
        reason: reason.into(),
        excerpt: "(not shown: the answer carries credentials)".into(),
        truncated: false,
    }
}
