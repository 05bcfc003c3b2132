//! Request parameters: the JSON body of a POST, or the query of a GET (`Filters.0.Name=...`),
//! read with the service's type rules and error codes.

use super::error::ApiError;
use super::http::HttpRequest;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Params {
    map: Map<String, Value>,
    /// GET parameters are all strings: numbers are accepted as decimal text.
    from_query: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

/// The codes a product answers for malformed filters (vpc and cvm differ).
#[derive(Debug, Clone, Copy)]
pub struct FilterCodes {
    pub not_dict: &'static str,
    pub values_not_list: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub offset: usize,
    pub limit: usize,
}

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

impl Params {
    pub fn from_request(request: &HttpRequest) -> Result<Params, ApiError> {
        if request.method.eq_ignore_ascii_case("GET") {
            return Ok(Params { map: query_to_map(request.query()), from_query: true });
        }
        let content_type = request.header("content-type").unwrap_or_default().to_ascii_lowercase();
        if !content_type.starts_with("application/json") {
            return Err(ApiError::new(
                "InvalidParameter",
                "A POST request must have Content-Type application/json.",
            ));
        }
        Params::from_body(&request.body)
    }

    /// An empty body is an empty parameter set; anything else must be a JSON object.
    pub fn from_body(body: &[u8]) -> Result<Params, ApiError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params { map: Map::new(), from_query: false });
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Params { map, from_query: false }),
            Ok(_) => Err(ApiError::new("InvalidParameter", "The request body must be a JSON object.")),
            Err(e) => {
                Err(ApiError::new("InvalidParameter", format!("The request body is not valid JSON: {e}.")))
            }
        }
    }

    pub fn to_value(&self) -> Value {
        Value::Object(self.map.clone())
    }

    /// Refuse any parameter the action does not define.
    pub fn allow_only(&self, names: &[&str]) -> Result<(), ApiError> {
        match self.map.keys().find(|k| !names.contains(&k.as_str())) {
            Some(unknown) => Err(ApiError::new(
                "UnknownParameter",
                format!("The parameter `{unknown}` is not recognized."),
            )),
            None => Ok(()),
        }
    }

    /// A present, non-null value; the SDKs leave unset fields out, and null means the same.
    fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::wrong_type(name, "a string")),
        }
    }

    pub fn required_string(&self, name: &str) -> Result<String, ApiError> {
        self.string(name)?.ok_or_else(|| ApiError::missing(name))
    }

    pub fn uint(&self, name: &str) -> Result<Option<u64>, ApiError> {
        let range =
            || ApiError::new("InvalidParameterValue.Range", format!("`{name}` must not be negative."));
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_u64() => Ok(n.as_u64()),
            Some(Value::Number(n)) if n.is_i64() => Err(range()),
            Some(Value::String(s)) if self.from_query => {
                s.parse().map(Some).map_err(|_| ApiError::wrong_type(name, "an integer"))
            }
            Some(_) => Err(ApiError::wrong_type(name, "an integer")),
        }
    }

    pub fn strings(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let items = value.as_array().ok_or_else(|| ApiError::wrong_type(name, "an array of strings"))?;
        let strings: Option<Vec<String>> = items.iter().map(|v| v.as_str().map(str::to_string)).collect();
        let strings = strings.ok_or_else(|| ApiError::wrong_type(name, "an array of strings"))?;
        Ok(if strings.is_empty() { None } else { Some(strings) })
    }

    pub fn filters(&self, name: &str, codes: FilterCodes) -> Result<Option<Vec<Filter>>, ApiError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let not_dict =
            || ApiError::new(codes.not_dict, format!("`{name}` must be a list of {{Name, Values}}."));
        let items = value.as_array().ok_or_else(not_dict)?;
        let filters =
            items.iter().map(|item| parse_filter(item, codes, not_dict)).collect::<Result<Vec<_>, _>>()?;
        Ok(if filters.is_empty() { None } else { Some(filters) })
    }

    /// Offset (default 0) and Limit (default 20, at most 100).
    pub fn paging(&self) -> Result<Paging, ApiError> {
        let offset = self.uint("Offset")?.unwrap_or(0);
        let limit = self.uint("Limit")?.unwrap_or(DEFAULT_LIMIT);
        if limit > MAX_LIMIT {
            return Err(ApiError::new(
                "InvalidParameterValue.LimitExceeded",
                format!("`Limit` is {limit}; it must be at most {MAX_LIMIT}."),
            ));
        }
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        Ok(Paging { offset, limit: limit as usize })
    }
}

fn parse_filter(
    item: &Value,
    codes: FilterCodes,
    not_dict: impl Fn() -> ApiError,
) -> Result<Filter, ApiError> {
    let object = item.as_object().ok_or_else(&not_dict)?;
    let name = object.get("Name").and_then(Value::as_str).ok_or_else(&not_dict)?;
    let values_not_list = || {
        ApiError::new(
            codes.values_not_list,
            format!("The Values of filter `{name}` must be a list of strings."),
        )
    };
    let values = object.get("Values").and_then(Value::as_array).ok_or_else(values_not_list)?;
    let values: Option<Vec<String>> = values.iter().map(|v| v.as_str().map(str::to_string)).collect();
    Ok(Filter { name: name.to_string(), values: values.ok_or_else(values_not_list)? })
}

impl Paging {
    /// The page of `items`, after the total has been counted.
    pub fn page<T>(&self, items: Vec<T>) -> Vec<T> {
        items.into_iter().skip(self.offset).take(self.limit).collect()
    }
}

/// `Filters.0.Values.1=x&Limit=5` → `{"Filters":[{"Values":[null,"x"]}],"Limit":"5"}`.
fn query_to_map(query: &str) -> Map<String, Value> {
    let mut root = Value::Object(Map::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let path: Vec<String> = percent_decode(key).split('.').map(str::to_string).collect();
        insert_path(&mut root, &path, Value::String(percent_decode(value)));
    }
    match root {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn insert_path(node: &mut Value, path: &[String], value: Value) {
    let Some((head, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    let child = match head.parse::<usize>() {
        Ok(index) if index < 1000 => {
            if !node.is_array() {
                *node = Value::Array(Vec::new());
            }
            let items = node.as_array_mut().expect("just made an array");
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            &mut items[index]
        }
        _ => {
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            node.as_object_mut().expect("just made an object").entry(head.clone()).or_insert(Value::Null)
        }
    };
    insert_path(child, rest, value);
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes.get(i + 1..i + 3).and_then(|h| Some(hex_value(h[0])? * 16 + hex_value(h[1])?));
        match (bytes[i], escaped) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_builds_nested_parameters() {
        let map = query_to_map("Filters.0.Name=vpc-id&Filters.0.Values.0=vpc-a%2Db&Limit=5&Name=a+b");
        assert_eq!(
            Value::Object(map),
            serde_json::json!({"Filters":[{"Name":"vpc-id","Values":["vpc-a-b"]}],"Limit":"5","Name":"a b"})
        );
    }

    #[test]
    fn types_are_checked() {
        let params = Params::from_body(br#"{"Limit":"5","Offset":-1,"Ids":["a",1]}"#).unwrap();
        assert_eq!(params.uint("Limit").unwrap_err().code, "InvalidParameter");
        assert_eq!(params.uint("Offset").unwrap_err().code, "InvalidParameterValue.Range");
        assert_eq!(params.strings("Ids").unwrap_err().code, "InvalidParameter");
        assert_eq!(Params::from_body(b"not json").unwrap_err().code, "InvalidParameter");
        assert_eq!(Params::from_body(b"[1]").unwrap_err().code, "InvalidParameter");
        assert!(Params::from_body(b"").is_ok());
    }

    #[test]
    fn paging_limits() {
        let p = Params::from_body(br#"{"Limit":101}"#).unwrap();
        assert_eq!(p.paging().unwrap_err().code, "InvalidParameterValue.LimitExceeded");
        let p = Params::from_body(b"{}").unwrap();
        assert_eq!(p.paging().unwrap(), Paging { offset: 0, limit: 20 });
    }

    #[test]
    fn broken_percent_escapes_survive() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%41"), "A");
    }
}
