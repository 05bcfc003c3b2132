//! Service errors and the response envelope every answer is wrapped in.

use serde_json::{Map, Value, json};

/// An error the service answers inside the envelope (with HTTP 200).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError { code: code.into(), message: message.into() }
    }

    pub fn missing(name: &str) -> ApiError {
        ApiError::new("MissingParameter", format!("The request is missing a required parameter `{name}`."))
    }

    pub fn wrong_type(name: &str, expected: &str) -> ApiError {
        ApiError::new("InvalidParameter", format!("The parameter `{name}` must be {expected}."))
    }

    pub fn not_found(what: &str, id: &str, region: &str) -> ApiError {
        ApiError::new("ResourceNotFound", format!("The {what} `{id}` does not exist in region {region}."))
    }

    pub fn malformed(name: &str, value: &str) -> ApiError {
        ApiError::new(
            "InvalidParameterValue.Malformed",
            format!("The value `{value}` of parameter `{name}` is malformed."),
        )
    }
}

/// `{"Response": {<fields>, "RequestId": id}}`
pub fn success_envelope(mut fields: Map<String, Value>, request_id: &str) -> Value {
    fields.insert("RequestId".into(), Value::String(request_id.to_string()));
    json!({ "Response": fields })
}

/// `{"Response": {"Error": {"Code", "Message"}, "RequestId": id}}`
pub fn error_envelope(error: &ApiError, request_id: &str) -> Value {
    json!({ "Response": { "Error": { "Code": error.code, "Message": error.message }, "RequestId": request_id } })
}
