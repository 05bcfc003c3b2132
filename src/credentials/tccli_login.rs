//! A `tccli auth login` file (`"type": "oauth"`) renewed as tccli renews it: while the file's
//! OAuth access token is valid, a fresh temporary key is asked of tccli's login service
//! (`POST https://cli.cloud.tencent.com/get_temp_cred` with `AccessToken` and `Site`; the URL is
//! `TCENI_TCCLI_LOGIN_URL` in tests) before the key expires. The key is kept in memory only:
//! tceni never writes a key to a file, and it never spends the refresh token (that rotates it,
//! and only tccli can write the new one down). Once the access token is over too, the login is
//! refused at expiry with the command that renews it.

use serde::Deserialize;
use serde_json::json;

use crate::api::ClientConfig;
use crate::api::http::{Exchange, Http};
use crate::auth::{Credential, CredentialError, CredentialFailure, Secret};

/// tccli's login service.
pub const DEFAULT_LOGIN_URL: &str = "https://cli.cloud.tencent.com";
/// Replaces [`DEFAULT_LOGIN_URL`] (the sandbox serves `/get_temp_cred`).
pub const LOGIN_URL_VAR: &str = "TCENI_TCCLI_LOGIN_URL";
/// The most bytes of an answer read: a key, a token and an expiry.
const ANSWER_CAP: usize = 64 * 1024;

/// What renews an OAuth login: the access token and where it was issued.
#[derive(Debug, Clone)]
pub(crate) struct OauthLogin {
    pub access_token: Secret,
    /// Unix seconds.
    pub access_expires_at: i64,
    pub site: String,
    pub url: String,
}

/// The `oauth` object of a tccli login file.
#[derive(Deserialize)]
pub(crate) struct OauthBlock {
    #[serde(rename = "accessToken", default)]
    access_token: Option<String>,
    #[serde(rename = "expiresAt", default)]
    expires_at: Option<i64>,
    #[serde(default)]
    site: Option<String>,
}

impl OauthBlock {
    /// The renewal this block allows, if its access token outlives the next few minutes.
    pub(crate) fn usable(self, env: &dyn Fn(&str) -> Option<String>, now: i64) -> Option<OauthLogin> {
        let access_token = self.access_token.filter(|t| !t.is_empty())?;
        let access_expires_at = self.expires_at.filter(|at| *at > now + 60)?;
        let url = env(LOGIN_URL_VAR).filter(|u| !u.is_empty()).unwrap_or_else(|| DEFAULT_LOGIN_URL.into());
        Some(OauthLogin {
            access_token: Secret::new(access_token),
            access_expires_at,
            site: self.site.unwrap_or_default(),
            url,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TempCred {
    secret_id: String,
    secret_key: String,
    token: String,
    expires_at: i64,
}

/// A fresh temporary key and its expiry.
pub(crate) async fn renew(
    login: &OauthLogin,
    network: &ClientConfig,
    from: &str,
) -> Result<(Credential, i64), CredentialError> {
    let fail = |failure| CredentialError::new(from.to_owned(), failure);
    let unusable = |reason: String| fail(CredentialFailure::Unusable { reason });
    if login.access_expires_at <= chrono::Utc::now().timestamp() {
        let expired =
            CredentialFailure::Expired { at: login.access_expires_at, renew: Some("tccli auth login") };
        return Err(fail(expired));
    }
    let url = format!("{}/get_temp_cred", login.url.trim_end_matches('/'));
    let body = Secret::new(
        json!({
            "TraceId": uuid::Uuid::new_v4().to_string(),
            "AccessToken": login.access_token.expose(),
            "Site": login.site,
        })
        .to_string(),
    );
    let http = Http::new(network).map_err(|e| unusable(e.to_string()))?;
    let exchange = Exchange {
        method: reqwest::Method::POST,
        url: &url,
        headers: &[("Content-Type", "application/json".to_owned())],
        body: body.expose().as_bytes().to_vec(),
        timeout: network.request_timeout,
        cap: ANSWER_CAP,
    };
    let answer = http
        .send(exchange)
        .await
        .map_err(|e| fail(CredentialFailure::Unreachable { reason: e.to_string() }))?;
    let text = Secret::new(String::from_utf8_lossy(&answer.body).into_owned());
    let value: serde_json::Value = serde_json::from_str(text.expose()).map_err(|e| {
        unusable(format!("tccli's login service answered {}", super::keystore::json_reason(&e)))
    })?;
    if let Some(error) = value.get("Error") {
        let code = error.get("Code").and_then(|c| c.as_str()).unwrap_or("Error");
        let message = format!("run `tccli auth login` again ({})", crate::api::text::from_server(code));
        return Err(fail(CredentialFailure::Refused { code: crate::api::text::from_server(code), message }));
    }
    let temp: TempCred = serde_json::from_value(value).map_err(|e| {
        unusable(format!("tccli's login service answered {}", super::keystore::json_reason(&e)))
    })?;
    let credential = Credential {
        secret_id: temp.secret_id,
        secret_key: Secret::new(temp.secret_key),
        token: Some(Secret::new(temp.token)),
    };
    Ok((credential, temp.expires_at))
}
