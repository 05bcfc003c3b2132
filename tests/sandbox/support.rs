//! A tiny signed-request helper for the sandbox tests: the project's signer plus reqwest, with
//! every header set explicitly so each test can bend exactly one thing.

use serde_json::Value;
use std::time::Duration;
use tceni::api::sign::{SigningInput, sign};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

pub const GZ: &str = "ap-guangzhou";

/// Tasks last 300 ms: long enough that a test describing the ENI right after the answer still
/// sees it ATTACHING on a loaded 2-core machine (80 ms was not), short enough to keep the suite quick.
pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxConfig { task_delay: Duration::from_millis(300), ..SandboxConfig::default() }).await
}

pub async fn sandbox_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config).await.expect("the sandbox starts")
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[derive(Clone)]
pub struct Req {
    pub client: reqwest::Client,
    pub url: String,
    pub method: &'static str,
    /// The Host that is signed (by default the one reqwest sends).
    pub signed_host: String,
    pub query: String,
    pub service: String,
    pub action: String,
    pub version: String,
    pub region: Option<String>,
    pub body: Vec<u8>,
    pub content_type: String,
    pub secret_id: String,
    pub secret_key: String,
    pub token: Option<String>,
    pub timestamp: i64,
    /// Sign x-tc-action too, as the current doc example does.
    pub sign_action: bool,
    /// Send this Authorization instead of computing one.
    pub authorization: Option<String>,
    /// Change the body after signing.
    pub body_after_signing: Option<Vec<u8>>,
    /// `X-TC-Language`, when set.
    pub language: Option<String>,
}

impl Req {
    pub fn new(sb: &Sandbox, service: &str, action: &str, body: &str) -> Req {
        Req {
            client: reqwest::Client::new(),
            url: format!("{}/", sb.url()),
            method: "POST",
            signed_host: sb.host(),
            query: String::new(),
            service: service.to_string(),
            action: action.to_string(),
            version: if service == "region" { "2022-06-27" } else { "2017-03-12" }.to_string(),
            region: if service == "region" { None } else { Some(GZ.to_string()) },
            body: body.as_bytes().to_vec(),
            content_type: "application/json".to_string(),
            secret_id: DEMO_SECRET_ID.to_string(),
            secret_key: DEMO_SECRET_KEY.to_string(),
            token: None,
            timestamp: now(),
            sign_action: false,
            authorization: None,
            body_after_signing: None,
            language: None,
        }
    }

    pub fn vpc(sb: &Sandbox, action: &str, body: &str) -> Req {
        Req::new(sb, "vpc", action, body)
    }

    pub fn cvm(sb: &Sandbox, action: &str, body: &str) -> Req {
        Req::new(sb, "cvm", action, body)
    }

    pub fn region(mut self, region: &str) -> Req {
        self.region = Some(region.to_string());
        self
    }

    pub fn language(mut self, language: &str) -> Req {
        self.language = Some(language.to_string());
        self
    }

    pub fn with_client(mut self, client: &reqwest::Client) -> Req {
        self.client = client.clone();
        self
    }

    pub fn signed_authorization(&self) -> String {
        let mut headers =
            vec![("content-type", self.content_type.as_str()), ("host", self.signed_host.as_str())];
        if self.sign_action {
            headers.push(("x-tc-action", self.action.as_str()));
        }
        let input = SigningInput {
            method: self.method,
            query: &self.query,
            headers: &headers,
            payload: &self.body,
            service: &self.service,
            timestamp: self.timestamp,
        };
        sign(&self.secret_key, &input).authorization(&self.secret_id)
    }

    pub async fn send(&self) -> reqwest::Result<reqwest::Response> {
        let url =
            if self.query.is_empty() { self.url.clone() } else { format!("{}?{}", self.url, self.query) };
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("a method");
        let mut builder = self
            .client
            .request(method, url)
            .header("Content-Type", &self.content_type)
            .header("X-TC-Action", &self.action)
            .header("X-TC-Version", &self.version)
            .header("X-TC-Timestamp", self.timestamp.to_string())
            .header(
                "Authorization",
                self.authorization.clone().unwrap_or_else(|| self.signed_authorization()),
            );
        if let Some(region) = &self.region {
            builder = builder.header("X-TC-Region", region);
        }
        if let Some(token) = &self.token {
            builder = builder.header("X-TC-Token", token);
        }
        if let Some(language) = &self.language {
            builder = builder.header("X-TC-Language", language);
        }
        let body = self.body_after_signing.clone().unwrap_or_else(|| self.body.clone());
        builder.body(body).send().await
    }

    /// Send, expect HTTP 200 with a JSON envelope, and return it.
    pub async fn json(&self) -> Value {
        let response = self.send().await.expect("the sandbox answers");
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        assert_eq!(content_type, "application/json");
        let value: Value =
            serde_json::from_slice(&response.bytes().await.expect("a body")).expect("a JSON body");
        assert!(value["Response"]["RequestId"].is_string(), "every answer has a RequestId: {value}");
        value
    }

    /// The error code answered, or "ok".
    pub async fn code(&self) -> String {
        code(&self.json().await)
    }
}

pub fn code(envelope: &Value) -> String {
    envelope["Response"]["Error"]["Code"].as_str().unwrap_or("ok").to_string()
}

pub fn request_id(envelope: &Value) -> String {
    envelope["Response"]["RequestId"].as_str().expect("a RequestId").to_string()
}

pub fn attach_body(eni: &str, instance: &str) -> String {
    format!(r#"{{"NetworkInterfaceId":"{eni}","InstanceId":"{instance}"}}"#)
}

pub fn attach_with_token(eni: &str, instance: &str, token: &str) -> String {
    format!(r#"{{"NetworkInterfaceId":"{eni}","InstanceId":"{instance}","ClientToken":"{token}"}}"#)
}

pub async fn attach_code(sb: &Sandbox, eni: &str, instance: &str) -> String {
    Req::vpc(sb, "AttachNetworkInterface", &attach_body(eni, instance)).code().await
}

pub async fn task_status(sb: &Sandbox, task_id: &str) -> Value {
    task_status_in(sb, GZ, task_id).await
}

pub async fn task_status_in(sb: &Sandbox, region: &str, task_id: &str) -> Value {
    let body = format!(r#"{{"TaskId":"{task_id}"}}"#);
    Req::vpc(sb, "DescribeVpcTaskResult", &body).region(region).json().await["Response"].clone()
}

/// Poll until the task leaves RUNNING; answers the final Response object.
pub async fn wait_task(sb: &Sandbox, task_id: &str) -> Value {
    wait_task_in(sb, GZ, task_id).await
}

pub async fn wait_task_in(sb: &Sandbox, region: &str, task_id: &str) -> Value {
    for _ in 0..100 {
        let status = task_status_in(sb, region, task_id).await;
        if status["Status"] != "RUNNING" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("task {task_id} never finished");
}

pub async fn describe_eni(sb: &Sandbox, eni: &str) -> Value {
    describe_eni_in(sb, GZ, eni).await
}

pub async fn describe_eni_in(sb: &Sandbox, region: &str, eni: &str) -> Value {
    let body = format!(r#"{{"NetworkInterfaceIds":["{eni}"]}}"#);
    let answer = Req::vpc(sb, "DescribeNetworkInterfaces", &body).region(region).json().await;
    answer["Response"]["NetworkInterfaceSet"][0].clone()
}

pub const SH: &str = "ap-shanghai";

pub fn migrate_body(eni: &str, source: &str, destination: &str) -> String {
    format!(
        r#"{{"NetworkInterfaceId":"{eni}","SourceInstanceId":"{source}","DestinationInstanceId":"{destination}"}}"#
    )
}

/// A MigrateNetworkInterface call in ap-shanghai, where the world's incident scenarios live.
pub fn migrate(sb: &Sandbox, eni: &str, source: &str, destination: &str) -> Req {
    Req::vpc(sb, "MigrateNetworkInterface", &migrate_body(eni, source, destination)).region(SH)
}
