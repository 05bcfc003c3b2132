//! sts (2018-08-13) in the sandbox: AssumeRole and GetCallerIdentity (signed),
//! AssumeRoleWithWebIdentity (unsigned, `Authorization: SKIP`), and the temporary credentials
//! they issue. The CVM role of the metadata paths (`metadata.rs`) is issued here too.
//!
//! Issued credentials are accepted (with their token) until they expire; after that every call
//! signed with them answers `AuthFailure.TokenFailure`. Their lifetime is the requested
//! `DurationSeconds` unless the sandbox was given one ([`Issuer::set_lifetime`]), so tests can
//! watch a credential expire within seconds.

use super::config::Credential;
use super::error::ApiError;
use super::http::HttpRequest;
use super::params::Params;
use super::verify::Authenticated;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The sts actions that are signed like any call.
pub const SIGNED_ACTIONS: &[&str] = &["AssumeRole", "GetCallerIdentity"];
pub const WEB_IDENTITY_ACTION: &str = "AssumeRoleWithWebIdentity";
/// The only web identity token the sandbox accepts (a TKE pod would get a signed JWT).
/// The OAuth access token the sandbox's `/get_temp_cred` (tccli's login service) accepts.
pub const DEMO_ACCESS_TOKEN: &str = "SANDBOX-TCCLI-ACCESS-TOKEN-0000";
pub const DEMO_WEB_IDENTITY_TOKEN: &str = "SANDBOX-OIDC-TOKEN-not-a-real-jwt-0000";
/// The role the metadata paths say is bound to "this instance", unless told otherwise.
pub const DEFAULT_CVM_ROLE: &str = "SandboxCvmRole";
const DEFAULT_DURATION: u64 = 7200;
const MAX_DURATION: u64 = 43200;

/// Who a credential stands for, as GetCallerIdentity answers it.
#[derive(Debug, Clone)]
struct Identity {
    /// The account the credential acts in (a cross-account role's, not the caller's).
    account: String,
    arn: String,
    principal: String,
    kind: &'static str,
}

#[derive(Debug)]
struct Issued {
    credential: Credential,
    /// Unix time, in seconds with a fraction.
    expires: f64,
    identity: Identity,
}

#[derive(Debug)]
struct Inner {
    issued: HashMap<String, Issued>,
    lifetime: Option<Duration>,
    cvm_role: Option<String>,
}

/// The temporary credentials the sandbox has handed out.
#[derive(Debug)]
pub struct Issuer {
    inner: Mutex<Inner>,
}

impl Issuer {
    pub fn new(lifetime: Option<Duration>, cvm_role: Option<String>) -> Issuer {
        Issuer { inner: Mutex::new(Inner { issued: HashMap::new(), lifetime, cvm_role }) }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// From now on, every credential issued lasts this long (whatever was requested).
    pub fn set_lifetime(&self, lifetime: Option<Duration>) {
        self.lock().lifetime = lifetime;
    }

    pub fn cvm_role(&self) -> Option<String> {
        self.lock().cvm_role.clone()
    }

    pub fn set_cvm_role(&self, role: Option<String>) {
        self.lock().cvm_role = role;
    }

    /// The configured credentials and every issued one, expired ones included (so an expired
    /// key is told `TokenFailure` by [`Issuer::check_live`], not `SecretIdNotFound`).
    pub fn with_issued(&self, configured: &[Credential]) -> Vec<Credential> {
        let inner = self.lock();
        configured.iter().cloned().chain(inner.issued.values().map(|i| i.credential.clone())).collect()
    }

    /// The principal (`role:session`) of a credential issued here, for the audit trail.
    pub fn principal_of(&self, secret_id: &str) -> Option<String> {
        self.lock().issued.get(secret_id).map(|issued| issued.identity.principal.clone())
    }

    /// An issued credential past its expiry is refused; anything else passes.
    pub fn check_live(&self, secret_id: &str) -> Result<(), ApiError> {
        match self.lock().issued.get(secret_id) {
            Some(issued) if issued.expires <= now() => Err(ApiError::new(
                "AuthFailure.TokenFailure",
                "The temporary credentials have expired: get new ones.",
            )),
            _ => Ok(()),
        }
    }

    /// Issues a credential for `identity` lasting `requested` seconds (or the set lifetime).
    fn issue(&self, identity: Identity, requested: u64) -> (Credential, f64) {
        let mut inner = self.lock();
        let lifetime = inner.lifetime.map_or(requested as f64, |d| d.as_secs_f64());
        let expires = now() + lifetime;
        let credential = fresh_credential();
        let issued = Issued { credential: credential.clone(), expires, identity };
        inner.issued.insert(credential.secret_id.clone(), issued);
        (credential, expires)
    }

    /// A `tccli auth login` key, as tccli's login service (`/get_temp_cred`) hands it out for
    /// [`DEMO_ACCESS_TOKEN`]: `{SecretId, SecretKey, Token, ExpiresAt}`, or `{Error}`.
    pub fn issue_for_login(&self, account_id: &str, body: &[u8]) -> Value {
        let asked: Value = serde_json::from_slice(body).unwrap_or_default();
        if asked["AccessToken"] != DEMO_ACCESS_TOKEN {
            return json!({ "Error": { "Code": "InvalidAccessToken", "Message": "the access token is not valid" } });
        }
        let identity = role_identity(account_id, "tccli-login", "oauth");
        let (credential, expires) = self.issue(identity, DEFAULT_DURATION);
        json!({
            "SecretId": credential.secret_id,
            "SecretKey": credential.secret_key,
            "Token": credential.token,
            "ExpiresAt": expires.floor() as i64,
        })
    }

    /// The CVM role's credential, as the metadata service hands it out.
    pub fn issue_for_cvm(&self, account_id: &str, role: &str) -> Value {
        let identity = role_identity(account_id, role, "cvm");
        let (credential, expires) = self.issue(identity, DEFAULT_DURATION);
        let mut answer = credential_fields(&credential, expires);
        answer.insert("Code".into(), json!("Success"));
        Value::Object(answer)
    }
}

/// A signed sts call, after authentication.
pub fn run(
    issuer: &Issuer,
    account_id: &str,
    auth: &Authenticated,
    params: &Params,
) -> Result<Map<String, Value>, ApiError> {
    match auth.action.as_str() {
        "AssumeRole" => {
            params.allow_only(&[
                "RoleArn",
                "RoleSessionName",
                "DurationSeconds",
                "Policy",
                "ExternalId",
                "Tags",
                "SourceIdentity",
            ])?;
            assume(issuer, params)
        }
        "GetCallerIdentity" => Ok(caller_identity(issuer, account_id, &auth.secret_id)),
        other => Err(ApiError::new(
            "InvalidAction",
            format!("The action `{other}` does not exist in service sts."),
        )),
    }
}

/// An unsigned AssumeRoleWithWebIdentity, or `None` when the request is something else.
pub fn unsigned(issuer: &Issuer, request: &HttpRequest) -> Option<Result<Map<String, Value>, ApiError>> {
    let skip = request.header("authorization").is_some_and(|a| a.trim() == "SKIP");
    let action = request.header("x-tc-action").map(str::trim);
    if !skip || action != Some(WEB_IDENTITY_ACTION) {
        return None;
    }
    Some(web_identity(issuer, request))
}

fn web_identity(issuer: &Issuer, request: &HttpRequest) -> Result<Map<String, Value>, ApiError> {
    let version = request.header("x-tc-version").map(str::trim);
    if version != Some(crate::api::Service::Sts.version()) {
        return Err(ApiError::new("NoSuchVersion", "sts serves version 2018-08-13."));
    }
    let params = Params::from_request(request)?;
    params.allow_only(&[
        "ProviderId",
        "WebIdentityToken",
        "RoleArn",
        "RoleSessionName",
        "DurationSeconds",
    ])?;
    params.required_string("ProviderId")?;
    if params.required_string("WebIdentityToken")? != DEMO_WEB_IDENTITY_TOKEN {
        return Err(ApiError::new(
            "InvalidParameter.WebIdentityTokenError",
            "The web identity token is invalid.",
        ));
    }
    assume(issuer, &params)
}

fn assume(issuer: &Issuer, params: &Params) -> Result<Map<String, Value>, ApiError> {
    let arn = params.required_string("RoleArn")?;
    let session = params.required_string("RoleSessionName")?;
    let duration = params.uint("DurationSeconds")?.unwrap_or(DEFAULT_DURATION);
    if duration == 0 || duration > MAX_DURATION {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("DurationSeconds must be between 1 and {MAX_DURATION}."),
        ));
    }
    if !valid_session_name(&session) {
        return Err(ApiError::malformed("RoleSessionName", &session));
    }
    let (account, role) = parse_role_arn(&arn).ok_or_else(|| ApiError::malformed("RoleArn", &arn))?;
    let (credential, expires) = issuer.issue(role_identity(account, role, &session), duration);
    let all = credential_fields(&credential, expires);
    let pick = |name: &str| all.get(name).cloned().unwrap_or_default();
    Ok(object(json!({
        "Credentials": {
            "TmpSecretId": pick("TmpSecretId"),
            "TmpSecretKey": pick("TmpSecretKey"),
            "Token": pick("Token"),
        },
        "ExpiredTime": pick("ExpiredTime"),
        "Expiration": pick("Expiration"),
    })))
}

fn caller_identity(issuer: &Issuer, account_id: &str, secret_id: &str) -> Map<String, Value> {
    let identity =
        issuer.lock().issued.get(secret_id).map(|i| i.identity.clone()).unwrap_or_else(|| Identity {
            account: account_id.to_owned(),
            arn: format!("qcs::cam::uin/{account_id}:uin/{account_id}"),
            principal: account_id.to_owned(),
            kind: "CAMUser",
        });
    object(json!({
        "AccountId": identity.account,
        "Arn": identity.arn,
        "UserId": identity.principal,
        "PrincipalId": identity.principal,
        "Type": identity.kind,
    }))
}

fn role_identity(account_id: &str, role: &str, session: &str) -> Identity {
    Identity {
        account: account_id.to_owned(),
        arn: format!("qcs::sts:{account_id}:assumed-role/{role}/{session}"),
        principal: format!("{role}:{session}"),
        kind: "CAMRole",
    }
}

/// `qcs::cam::uin/<account>:roleName/<name>` → (account, name).
fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("qcs::cam::uin/")?;
    let (account, role) = rest.split_once(":roleName/")?;
    let ok = !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty();
    ok.then_some((account, role))
}

fn valid_session_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
    (2..=128).contains(&name.len()) && name.chars().all(allowed)
}

/// `TmpSecretId`, `TmpSecretKey`, `Token`, `ExpiredTime` (whole seconds, never later than the
/// real expiry) and `Expiration` (ISO 8601).
fn credential_fields(credential: &Credential, expires: f64) -> Map<String, Value> {
    let expired_time = expires.floor() as i64;
    let expiration = chrono::DateTime::from_timestamp(expired_time, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    object(json!({
        "TmpSecretId": credential.secret_id,
        "TmpSecretKey": credential.secret_key,
        "Token": credential.token,
        "ExpiredTime": expired_time,
        "Expiration": expiration,
    }))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn fresh_credential() -> Credential {
    let hex = |n: usize| uuid::Uuid::new_v4().simple().to_string()[..n].to_owned();
    let id = format!("AKIDSTS{}", hex(29).to_ascii_uppercase());
    let key = hex(32);
    let token = format!("sandbox-sts-{}{}", hex(32), hex(32));
    Credential { secret_id: id, secret_key: key, token: Some(token) }
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_and_session_names() {
        assert_eq!(parse_role_arn("qcs::cam::uin/100000000001:roleName/ops"), Some(("100000000001", "ops")));
        assert_eq!(parse_role_arn("qcs::cam::uin/abc:roleName/ops"), None);
        assert_eq!(parse_role_arn("arn:aws:iam::1:role/x"), None);
        assert!(valid_session_name("tceni-1"));
        assert!(!valid_session_name("a"));
        assert!(!valid_session_name("has space"));
    }

    #[test]
    fn issued_credentials_expire() {
        let issuer = Issuer::new(Some(Duration::from_millis(0)), None);
        let (credential, _) = issuer.issue(role_identity("1", "r", "s"), 7200);
        assert!(issuer.with_issued(&[]).iter().any(|c| c.secret_id == credential.secret_id));
        let err = issuer.check_live(&credential.secret_id).unwrap_err();
        assert_eq!(err.code, "AuthFailure.TokenFailure");
        assert!(issuer.check_live("AKIDother").is_ok());
    }
}
