//! Service errors and the response envelope every answer is wrapped in.

use crate::i18n::Language;
use serde_json::{Map, Value, json};

/// An error the service answers inside the envelope (with HTTP 200).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// The message in Chinese, for a request with `X-TC-Language: zh-CN`. Like the service,
    /// the sandbox answers some messages in English whatever was asked.
    pub message_zh: Option<String>,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError { code: code.into(), message: message.into(), message_zh: None }
    }

    /// The same error, said in Chinese when asked.
    pub fn zh(mut self, message: impl Into<String>) -> ApiError {
        self.message_zh = Some(message.into());
        self
    }

    /// The message in the language the request asked for.
    pub fn message_in(&self, language: Language) -> &str {
        match (language, &self.message_zh) {
            (Language::ZhCn, Some(zh)) => zh,
            _ => &self.message,
        }
    }

    pub fn missing(name: &str) -> ApiError {
        ApiError::new("MissingParameter", format!("The request is missing a required parameter `{name}`."))
            .zh(format!("请求缺少必填参数 `{name}`。"))
    }

    pub fn wrong_type(name: &str, expected: &str) -> ApiError {
        ApiError::new("InvalidParameter", format!("The parameter `{name}` must be {expected}."))
    }

    /// `what`: the resource as the English message names it (`network interface`, `instance`).
    pub fn not_found(what: &str, id: &str, region: &str) -> ApiError {
        let zh = match what {
            "network interface" => "弹性网卡",
            "instance" => "云服务器",
            _ => "资源",
        };
        ApiError::new("ResourceNotFound", format!("The {what} `{id}` does not exist in region {region}."))
            .zh(format!("{zh} `{id}` 在地域 {region} 中不存在。"))
    }

    pub fn malformed(name: &str, value: &str) -> ApiError {
        ApiError::new(
            "InvalidParameterValue.Malformed",
            format!("The value `{value}` of parameter `{name}` is malformed."),
        )
        .zh(format!("参数 `{name}` 的取值 `{value}` 格式错误。"))
    }
}

/// `{"Response": {<fields>, "RequestId": id}}`
pub fn success_envelope(mut fields: Map<String, Value>, request_id: &str) -> Value {
    fields.insert("RequestId".into(), Value::String(request_id.to_string()));
    json!({ "Response": fields })
}

/// `{"Response": {"Error": {"Code", "Message"}, "RequestId": id}}`, the message in `language`.
pub fn error_envelope(error: &ApiError, request_id: &str, language: Language) -> Value {
    let message = error.message_in(language);
    json!({ "Response": { "Error": { "Code": error.code, "Message": message }, "RequestId": request_id } })
}
