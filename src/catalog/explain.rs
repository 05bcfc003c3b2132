//! Error code → plain-language explanation, from `assets/errors.toml`.

/// What an operator needs to know about an error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The code this explanation was found under: the code itself, or its prefix for a fallback.
    pub code: String,
    pub title: String,
    pub meaning: String,
    pub action: String,
    pub retryable: bool,
}

pub fn explain(code: &str) -> Explanation {
    Explanation {
        code: code.to_string(),
        title: code.to_string(),
        meaning: String::new(),
        action: String::new(),
        retryable: false,
    }
}
