//! Fault injection over real HTTP: each fault, its targeting and counting, and the control
//! endpoint that sets them at run time.

use crate::support::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tceni::sandbox::{Fault, FaultKind, Sandbox};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn describe(sb: &Sandbox) -> Req {
    Req::cvm(sb, "DescribeInstances", r#"{"Limit":1}"#)
}

fn attach(sb: &Sandbox) -> Req {
    Req::vpc(sb, "AttachNetworkInterface", &attach_body("eni-free0001", "ins-web00001"))
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Latency { ms: 300 }));
    let started = Instant::now();
    assert_eq!(describe(&sb).code().await, "ok");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(sb.log().last().unwrap().fault.as_deref(), Some("latency"));
}

#[tokio::test]
async fn http_500_does_not_process_the_request() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Http500));
    let response = attach(&sb).send().await.unwrap();
    assert_eq!(response.status(), 500);
    assert!(sb.state().eni("eni-free0001").unwrap().instance.is_none());
    assert_eq!(attach(&sb).code().await, "ok", "one time only");
}

#[tokio::test]
async fn html_502_page() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Html502));
    let response = describe(&sb).send().await.unwrap();
    assert_eq!(response.status(), 502);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("502 Bad Gateway"));
}

#[tokio::test]
async fn truncated_body_after_processing() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::TruncatedBody));
    let response = attach(&sb).send().await.expect("the head arrives");
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.is_err(), "the body is cut short");
    assert_eq!(sb.state().eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));
}

#[tokio::test]
async fn drop_before_processing_changes_nothing() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::DropBefore));
    assert!(attach(&sb).send().await.is_err());
    assert!(sb.state().eni("eni-free0001").unwrap().instance.is_none());
    let entry = sb.log().last().unwrap().clone();
    assert_eq!((entry.outcome.as_str(), entry.fault.as_deref()), ("dropped", Some("drop-before")));
}

#[tokio::test]
async fn drop_after_processing_changes_the_state() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::DropAfter));
    assert!(attach(&sb).send().await.is_err());
    assert_eq!(sb.state().eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));
    let entry = sb.log().last().unwrap().clone();
    assert_eq!((entry.outcome.as_str(), entry.fault.as_deref()), ("ok", Some("drop-after")));
}

#[tokio::test]
async fn hang_never_answers() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Hang));
    let mut req = describe(&sb);
    req.client = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let error = req.send().await.expect_err("no answer");
    assert!(error.is_timeout());
    assert_eq!(describe(&sb).code().await, "ok", "the server still serves others");
}

#[tokio::test]
async fn forced_error_code_for_the_next_call() {
    let sb = sandbox().await;
    let kind =
        FaultKind::Error { code: "InternalError.ModuleError".into(), message: Some("module down".into()) };
    sb.add_fault(Fault::once(kind));
    let answer = describe(&sb).json().await;
    assert_eq!(code(&answer), "InternalError.ModuleError");
    assert_eq!(answer["Response"]["Error"]["Message"], "module down");
    assert_eq!(describe(&sb).code().await, "ok");
}

#[tokio::test]
async fn faults_target_one_action_and_count_down() {
    let sb = sandbox().await;
    let kind = FaultKind::Error { code: "LimitExceeded.ActionLimited".into(), message: None };
    sb.add_fault(Fault::once(kind).for_action("AttachNetworkInterface").times(2));
    assert_eq!(describe(&sb).code().await, "ok", "another action is untouched");
    assert_eq!(attach(&sb).code().await, "LimitExceeded.ActionLimited");
    assert_eq!(attach(&sb).code().await, "LimitExceeded.ActionLimited");
    assert_eq!(attach(&sb).code().await, "ok");
}

#[tokio::test]
async fn a_fault_until_cleared() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Http500).until_cleared());
    for _ in 0..3 {
        assert_eq!(describe(&sb).send().await.unwrap().status(), 500);
    }
    sb.clear_faults();
    assert_eq!(describe(&sb).code().await, "ok");
}

async fn control(sb: &Sandbox, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, format!("{}/_sandbox/{path}", sb.url()));
    if let Some(body) = body {
        request = request.header("Content-Type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_control_endpoint_sets_faults_and_shows_log_and_state() {
    let sb = sandbox().await;
    let fault = json!({"kind": "error", "code": "InternalError", "action": "DescribeInstances", "times": 1});
    let (status, active) = control(&sb, reqwest::Method::POST, "faults", Some(fault)).await;
    assert_eq!(status, 200);
    assert_eq!(active["faults"][0]["kind"], "error");
    assert_eq!(describe(&sb).code().await, "InternalError");
    let list = json!([{"kind": "http-500", "until_cleared": true}, {"kind": "latency", "ms": 10}]);
    assert_eq!(control(&sb, reqwest::Method::POST, "faults", Some(list)).await.0, 200);
    assert_eq!(
        control(&sb, reqwest::Method::GET, "faults", None).await.1["faults"].as_array().unwrap().len(),
        2
    );
    let (_, cleared) = control(&sb, reqwest::Method::DELETE, "faults", None).await;
    assert_eq!(cleared["faults"], json!([]));
    assert_eq!(attach(&sb).code().await, "ok");
    let (_, log) = control(&sb, reqwest::Method::GET, "log", None).await;
    let last = log["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "AttachNetworkInterface");
    assert_eq!(last["service"], "vpc");
    assert_eq!(last["region"], GZ);
    assert_eq!(last["params"]["NetworkInterfaceId"], "eni-free0001");
    assert_eq!(last["secret_id"], "****0000");
    let since = last["seq"].as_u64().unwrap() - 1;
    let (_, tail) = control(&sb, reqwest::Method::GET, &format!("log?since={since}"), None).await;
    assert_eq!(tail["entries"].as_array().unwrap().len(), 1);
    let (_, state) = control(&sb, reqwest::Method::GET, "state", None).await;
    let eni = state["enis"].as_array().unwrap().iter().find(|e| e["id"] == "eni-free0001").unwrap().clone();
    assert_eq!(eni["instance"], "ins-web00001");
    assert_eq!(state["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(control(&sb, reqwest::Method::POST, "reset", None).await.0, 200);
    assert!(sb.state().eni("eni-free0001").unwrap().instance.is_none());
    assert_eq!(control(&sb, reqwest::Method::POST, "faults", Some(json!({"kind": "explode"}))).await.0, 400);
    assert_eq!(control(&sb, reqwest::Method::GET, "nothing", None).await.0, 404);
    assert_eq!(control(&sb, reqwest::Method::PUT, "state", None).await.0, 405);
}

#[tokio::test]
async fn the_log_never_holds_a_key_or_token() {
    let sb = sandbox().await;
    let mut req = describe(&sb);
    req.secret_id = tceni::sandbox::DEMO_TEMP_SECRET_ID.into();
    req.secret_key = tceni::sandbox::DEMO_TEMP_SECRET_KEY.into();
    req.token = Some(tceni::sandbox::DEMO_TOKEN.into());
    assert_eq!(req.code().await, "ok");
    let text = serde_json::to_string(&sb.log()).unwrap();
    assert!(!text.contains(tceni::sandbox::DEMO_TEMP_SECRET_KEY));
    assert!(!text.contains(tceni::sandbox::DEMO_TOKEN));
    assert!(!text.contains(tceni::sandbox::DEMO_TEMP_SECRET_ID));
    assert!(!text.contains("Signature="));
}

async fn raw_exchange(sb: &Sandbox, bytes: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(sb.addr()).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn garbage_does_not_kill_the_server() {
    let sb = sandbox().await;
    assert!(raw_exchange(&sb, b"\x00\x01\x02 not http\r\n\r\n").await.starts_with("HTTP/1.1 400"));
    assert!(
        raw_exchange(&sb, b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n")
            .await
            .starts_with("HTTP/1.1 400")
    );
    assert!(
        raw_exchange(&sb, b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await
            .starts_with("HTTP/1.1 411")
    );
    let short = raw_exchange(&sb, b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{").await;
    assert!(short.starts_with("HTTP/1.1 400"), "a body cut short: {short}");
    assert!(
        raw_exchange(&sb, b"GET /elsewhere HTTP/1.1\r\nConnection: close\r\n\r\n")
            .await
            .starts_with("HTTP/1.1 404")
    );
    assert_eq!(describe(&sb).code().await, "ok");
}

#[tokio::test]
async fn keep_alive_serves_several_requests_on_one_connection() {
    let sb = sandbox().await;
    let one = "GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n";
    let last = "GET /_sandbox/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let answer = raw_exchange(&sb, format!("{one}{one}{last}").as_bytes()).await;
    assert_eq!(answer.matches("HTTP/1.1 200 OK").count(), 3, "{answer}");
    assert_eq!(answer.matches("Date: ").count(), 3);
}
