//! The CVM instance metadata paths for the CAM role, always served by the sandbox:
//!
//! * `GET /latest/meta-data/cam/security-credentials/` → the role name, plain text (404 when
//!   no role is bound);
//! * `GET /latest/meta-data/cam/security-credentials/<role>` → `{TmpSecretId, TmpSecretKey,
//!   Token, ExpiredTime, Expiration, Code: "Success"}`, credentials the sandbox then accepts
//!   until they expire.
//!
//! Point tceni at it with `TCENI_METADATA_URL=http://127.0.0.1:PORT`.

use super::http::HttpResponse;
use super::sts::Issuer;

pub const PREFIX: &str = "/latest/meta-data/cam/security-credentials/";

/// Answers `route` (the path after [`PREFIX`]).
pub fn handle(issuer: &Issuer, account_id: &str, method: &str, route: &str) -> HttpResponse {
    if method != "GET" {
        return HttpResponse::text(405, "Only GET is served here.\n");
    }
    match (issuer.cvm_role(), route.trim_end_matches('/')) {
        (None, _) => HttpResponse::text(404, "No CAM role is bound to this instance.\n"),
        (Some(role), "") => HttpResponse::text(200, &role),
        (Some(role), asked) if asked == role => {
            HttpResponse::json(200, &issuer.issue_for_cvm(account_id, &role))
        }
        (Some(_), _) => HttpResponse::text(404, "No such role.\n"),
    }
}
