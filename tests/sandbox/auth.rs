//! Signature verification: every AuthFailure the service answers, and the variations of a valid
//! signature it must accept.

use crate::support::*;
use tceni::sandbox::{DEMO_TEMP_SECRET_ID, DEMO_TEMP_SECRET_KEY, DEMO_TOKEN, MAX_SKEW_SECONDS};

fn describe(sb: &tceni::sandbox::Sandbox) -> Req {
    Req::cvm(sb, "DescribeInstances", r#"{"Limit":1}"#)
}

#[tokio::test]
async fn a_valid_signature_is_accepted_with_the_envelope_and_a_date_header() {
    let sb = sandbox().await;
    let response = describe(&sb).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let date = response.headers()["date"].to_str().unwrap().to_string();
    let parsed = chrono::DateTime::parse_from_rfc2822(&date).expect("an HTTP date");
    assert!((parsed.timestamp() - now()).abs() <= 2);
    let value: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    let id = request_id(&value);
    let uuid = uuid::Uuid::parse_str(&id).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 4);
    assert_eq!(value["Response"]["TotalCount"], 7);
}

#[tokio::test]
async fn wrong_key_is_a_signature_failure() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.secret_key = "WRONGKEY000000000000000000000000".into();
    assert_eq!(req.code().await, "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn a_body_changed_after_signing_is_a_signature_failure() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.body_after_signing = Some(br#"{"Limit": 1}"#.to_vec());
    assert_eq!(req.code().await, "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn the_host_is_signed_as_sent_with_its_port() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.signed_host = "127.0.0.1".into();
    assert_eq!(req.code().await, "AuthFailure.SignatureFailure");
    req.signed_host = "cvm.tencentcloudapi.com".into();
    assert_eq!(req.code().await, "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn the_signed_content_type_must_be_the_one_sent() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.content_type = "application/json; charset=utf-8".into();
    assert_eq!(req.code().await, "ok", "a charset is fine when it is signed as sent");
    let mut mismatch = describe(&sb);
    mismatch.authorization = Some(mismatch.signed_authorization());
    mismatch.content_type = "application/json; charset=utf-8".into();
    assert_eq!(mismatch.code().await, "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn signing_x_tc_action_too_is_accepted() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.sign_action = true;
    assert!(req.signed_authorization().contains("SignedHeaders=content-type;host;x-tc-action"));
    assert_eq!(req.code().await, "ok");
}

#[tokio::test]
async fn unknown_secret_id() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.secret_id = "AKIDFAKENOBODY000000000000000000000".into();
    assert_eq!(req.code().await, "AuthFailure.SecretIdNotFound");
}

#[tokio::test]
async fn a_timestamp_more_than_five_minutes_off_has_expired() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.timestamp = now() - MAX_SKEW_SECONDS - 30;
    assert_eq!(req.code().await, "AuthFailure.SignatureExpire");
    req.timestamp = now() + MAX_SKEW_SECONDS + 30;
    assert_eq!(req.code().await, "AuthFailure.SignatureExpire");
    req.timestamp = now() - 200;
    assert_eq!(req.code().await, "ok", "within the window");
}

#[tokio::test]
async fn invalid_authorization_headers() {
    let sb = sandbox().await;
    let valid = describe(&sb).signed_authorization();
    let cases = [
        String::new(),
        "Bearer abc".to_string(),
        valid.replace("TC3-HMAC-SHA256 ", "TC3-HMAC-SHA256  "),
        valid.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type"),
        valid.replace("SignedHeaders=content-type;host", "SignedHeaders=host"),
        valid.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type;host;x-tc-nothing"),
        // A service the sandbox does not serve (sts is served now, so it names one that is not).
        valid.replace("/cvm/", "/cbs/"),
    ];
    for auth in cases {
        let mut req = describe(&sb);
        req.authorization = Some(auth.clone());
        assert_eq!(req.code().await, "AuthFailure.InvalidAuthorization", "{auth:?}");
    }
}

#[tokio::test]
async fn a_missing_authorization_header_is_invalid() {
    let sb = sandbox().await;
    let response = reqwest::Client::new()
        .post(sb.url())
        .header("Content-Type", "application/json")
        .header("X-TC-Action", "DescribeInstances")
        .body("{}")
        .send()
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(code(&value), "AuthFailure.InvalidAuthorization");
}

#[tokio::test]
async fn the_scope_date_must_be_the_utc_date_of_the_timestamp() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    let today = tceni::api::sign::utc_date(req.timestamp);
    let yesterday = tceni::api::sign::utc_date(req.timestamp - 86_400);
    req.authorization = Some(req.signed_authorization().replace(&today, &yesterday));
    assert_eq!(req.code().await, "AuthFailure.InvalidAuthorization");
}

#[tokio::test]
async fn temporary_credentials_need_their_token() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.secret_id = DEMO_TEMP_SECRET_ID.into();
    req.secret_key = DEMO_TEMP_SECRET_KEY.into();
    assert_eq!(req.code().await, "AuthFailure.TokenFailure", "no token");
    req.token = Some("some-other-token".into());
    assert_eq!(req.code().await, "AuthFailure.TokenFailure", "wrong token");
    req.token = Some(DEMO_TOKEN.into());
    assert_eq!(req.code().await, "ok");
}

#[tokio::test]
async fn a_token_with_permanent_credentials_is_refused() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.token = Some(DEMO_TOKEN.into());
    assert_eq!(req.code().await, "AuthFailure.TokenFailure");
}

#[tokio::test]
async fn missing_action_or_timestamp() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.action = String::new();
    assert_eq!(req.code().await, "MissingParameter");
}

#[tokio::test]
async fn a_signed_get_with_a_query_string_is_served() {
    let sb = sandbox().await;
    let mut req = Req::vpc(&sb, "DescribeNetworkInterfaces", "");
    req.method = "GET";
    req.content_type = "application/x-www-form-urlencoded".into();
    req.query = "Filters.0.Name=attachment.instance-id&Filters.0.Values.0=ins-web00001&Limit=10".into();
    let answer = req.json().await;
    assert_eq!(code(&answer), "ok", "{answer}");
    assert_eq!(answer["Response"]["TotalCount"], 2);
    let mut tampered = req.clone();
    tampered.authorization = Some(req.signed_authorization());
    tampered.query = "Filters.0.Name=attachment.instance-id&Filters.0.Values.0=ins-web00002&Limit=10".into();
    assert_eq!(tampered.code().await, "AuthFailure.SignatureFailure");
}
