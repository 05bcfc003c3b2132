//! Reading the service's answer: `{"Response": {..., "RequestId": ...}}` or the same with an
//! `Error` object. Lenient about unknown fields and nulls; never panics on any bytes.

use super::error::{ApiError, ServiceError};
use super::text;
use serde_json::Value;

const EXCERPT_CHARS: usize = 120;

/// Turn an HTTP answer into the `Response` object or a typed error. Every string in it is
/// escaped and capped here ([`text::sanitize_value`]), so no caller ever sees raw server text.
pub fn parse_response(endpoint: &str, status: u16, body: &[u8]) -> Result<Value, ApiError> {
    let decoded = serde_json::from_slice::<Value>(body).map(|mut value| {
        text::sanitize_value(&mut value);
        value
    });
    match decoded {
        Ok(Value::Object(mut top)) => match top.remove("Response") {
            Some(Value::Object(response)) => from_response_object(endpoint, status, response),
            _ => Err(not_envelope(endpoint, status, body, "no Response object")),
        },
        Ok(_) => Err(not_envelope(endpoint, status, body, "not a JSON object")),
        Err(e) if status != 200 => {
            let _ = e;
            Err(ApiError::HttpStatus { endpoint: endpoint.into(), status, excerpt: excerpt(body) })
        }
        Err(e) => Err(ApiError::Undecodable {
            endpoint: endpoint.into(),
            reason: if e.is_eof() { "the body ends early".into() } else { format!("not JSON: {e}") },
            excerpt: excerpt(body),
            truncated: e.is_eof(),
        }),
    }
}

fn from_response_object(
    endpoint: &str,
    status: u16,
    response: serde_json::Map<String, Value>,
) -> Result<Value, ApiError> {
    let request_id = response.get("RequestId").and_then(Value::as_str).map(str::to_string);
    match response.get("Error") {
        Some(Value::Object(error)) => {
            let field = |name: &str| error.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
            Err(ApiError::Service(ServiceError {
                code: field("Code"),
                message: field("Message"),
                request_id,
                clock_skew_secs: None,
            }))
        }
        _ if status != 200 => Err(ApiError::HttpStatus {
            endpoint: endpoint.into(),
            status,
            excerpt: "an envelope without an Error".into(),
        }),
        _ => Ok(Value::Object(response)),
    }
}

fn not_envelope(endpoint: &str, status: u16, body: &[u8], reason: &str) -> ApiError {
    if status != 200 {
        return ApiError::HttpStatus { endpoint: endpoint.into(), status, excerpt: excerpt(body) };
    }
    ApiError::Undecodable {
        endpoint: endpoint.into(),
        reason: reason.into(),
        excerpt: excerpt(body),
        truncated: false,
    }
}

/// One line an operator can read: an HTML page's `<title>`, else the first text, collapsed.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    let titled = lower.find("<title>").and_then(|start| {
        let from = start + "<title>".len();
        lower[from..].find("</title>").map(|len| text[from..from + len].to_string())
    });
    let source = titled.unwrap_or_else(|| strip_tags(&text));
    let collapsed = source.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "(empty body)".into();
    }
    let collapsed = text::escape_controls(&collapsed);
    let mut line: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    if collapsed.chars().count() > EXCERPT_CHARS {
        line.push('…');
    }
    line
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_returns_the_response_object() {
        let body = br#"{"Response":{"RequestId":"abc","Status":"SUCCESS"}}"#;
        let v = parse_response("e", 200, body).unwrap();
        assert_eq!(v["Status"], "SUCCESS");
    }

    #[test]
    fn an_error_envelope_becomes_a_service_error() {
        let body =
            br#"{"Response":{"Error":{"Code":"ResourceNotFound","Message":"no eni"},"RequestId":"r1"}}"#;
        let ApiError::Service(e) = parse_response("e", 200, body).unwrap_err() else { panic!() };
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.request_id.as_deref()),
            ("ResourceNotFound", "no eni", Some("r1"))
        );
    }

    #[test]
    fn an_html_502_shows_its_status_and_title() {
        let body = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
        let err = parse_response("e", 502, body).unwrap_err();
        assert_eq!(
            err,
            ApiError::HttpStatus { endpoint: "e".into(), status: 502, excerpt: "502 Bad Gateway".into() }
        );
    }

    #[test]
    fn a_truncated_body_is_explained_not_a_crash() {
        let err = parse_response("e", 200, br#"{"Response":{"RequestId":"ab"#).unwrap_err();
        assert!(matches!(err, ApiError::Undecodable { truncated: true, .. }), "{err:?}");
    }

    #[test]
    fn json_that_is_not_the_envelope_is_undecodable() {
        for body in [&b"[]"[..], b"{}", b"{\"Response\": 3}", b"null"] {
            assert!(matches!(
                parse_response("e", 200, body),
                Err(ApiError::Undecodable { truncated: false, .. })
            ));
        }
    }

    #[test]
    fn an_error_envelope_with_a_500_status_is_still_the_service_error() {
        let body = br#"{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r"}}"#;
        assert!(matches!(parse_response("e", 500, body), Err(ApiError::Service(_))));
    }

    #[test]
    fn excerpts_are_one_short_line() {
        let long = "word ".repeat(100);
        let line = excerpt(long.as_bytes());
        assert!(line.chars().count() <= EXCERPT_CHARS + 1 && line.ends_with('…'));
        assert_eq!(excerpt(b"  \n "), "(empty body)");
        assert_eq!(excerpt(b"<p>Service\n  down</p>"), "Service down");
    }

    #[test]
    fn server_text_is_escaped_wherever_it_lands() {
        let body = "{\"Response\":{\"Error\":{\"Code\":\"X\\u001b[2J\",\"Message\":\"m\\r\\nforged\"},\"RequestId\":\"r\\u0007\"}}";
        let ApiError::Service(e) = parse_response("e", 200, body.as_bytes()).unwrap_err() else { panic!() };
        assert_eq!((e.code.as_str(), e.message.as_str()), ("X\\x1b[2J", "m\\r\\nforged"));
        assert_eq!(e.request_id.as_deref(), Some("r\\x07"));
        let ok =
            parse_response("e", 200, b"{\"Response\":{\"Name\":\"\\u009b\",\"RequestId\":\"r\"}}").unwrap();
        assert_eq!(ok["Name"], "\\u{9b}");
        assert_eq!(excerpt(b"<title>\x1b]0;owned\x07</title>"), "\\x1b]0;owned\\x07");
    }
}
