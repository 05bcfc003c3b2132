//! The search box language, parsed by a pure function that accepts any input.
//!
//! Words are ANDed. A word is a case-insensitive substring to find in the ENI ID, instance ID,
//! region, RequestId, error code, outcome or ClientToken. `field:value` narrows one word to one
//! column (`outcome:failed`, `region:ap-guangzhou`, `code:ZoneMismatch`; `account:ID` is an exact
//! match on the account the row was sent in, `runbook:ID` on the runbook run it carried out). Double quotes keep
//! spaces (`"a b"`, `code:"a b"`) and make a `:` plain text (`"outcome:x"`). An unterminated
//! quote runs to the end; `field:` with nothing after it is ignored while the operator types.

/// Words beyond this many are ignored, so a pasted novel cannot build a huge SQL statement.
pub const MAX_WORDS: usize = 16;
/// A word is cut to this many characters; no searched column is longer.
pub const MAX_WORD_CHARS: usize = 128;

/// A column a word can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Outcome,
    Region,
    ErrorCode,
    EniId,
    InstanceId,
    RequestId,
    ClientToken,
    Action,
    Profile,
    Account,
    /// A runbook run's ID: its steps' rows.
    Runbook,
}

/// The field names a search understands, as help and the "unknown field" notice list them.
pub const FIELD_NAMES: &[&str] = &[
    "outcome", "region", "code", "eni", "instance", "request", "token", "action", "profile", "account",
    "runbook",
];

/// The `name:` prefixes in `input` that name no field (`instanse:ins-…`): they are searched as
/// plain words, which match nothing, so the screen says so.
pub fn unknown_fields(input: &str) -> Vec<String> {
    tokens(input)
        .take(MAX_WORDS)
        .filter_map(|t| t.field_colon.map(|at| t.text[..at].to_string()))
        .filter(|name| !name.is_empty() && Field::from_name(name).is_none())
        .collect()
}

impl Field {
    /// The names an operator may type before `:` (lowercase).
    fn from_name(name: &str) -> Option<Field> {
        let field = match name.to_ascii_lowercase().as_str() {
            "outcome" | "status" => Field::Outcome,
            "region" => Field::Region,
            "code" | "error" => Field::ErrorCode,
            "eni" => Field::EniId,
            "instance" | "ins" => Field::InstanceId,
            "request" | "req" | "requestid" => Field::RequestId,
            "token" | "clienttoken" => Field::ClientToken,
            "action" => Field::Action,
            "profile" => Field::Profile,
            "account" | "acct" => Field::Account,
            "runbook" => Field::Runbook,
            _ => return None,
        };
        Some(field)
    }
}

/// `field:value`, value as typed (quotes removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFilter {
    pub field: Field,
    pub value: String,
}

/// The parsed search text. Empty matches every row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Free words, each to be found in any searched column.
    pub words: Vec<String>,
    pub filters: Vec<FieldFilter>,
}

impl ParsedQuery {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.filters.is_empty()
    }
}

/// Parse search text. Never panics, whatever the input.
pub fn parse(input: &str) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    for token in tokens(input).take(MAX_WORDS) {
        classify(token, &mut parsed);
    }
    parsed
}

/// One whitespace-separated token with its quotes removed.
struct Token {
    text: String,
    /// Byte offset in `text` of the first `:` typed outside quotes and before any quote.
    field_colon: Option<usize>,
}

fn classify(token: Token, parsed: &mut ParsedQuery) {
    let field = token.field_colon.and_then(|at| Field::from_name(&token.text[..at]).map(|f| (f, at)));
    match field {
        Some((field, at)) => {
            let value = truncate(&token.text[at + 1..]);
            // `outcome:` alone is a filter still being typed: ignoring it keeps the list steady.
            if !value.is_empty() {
                parsed.filters.push(FieldFilter { field, value });
            }
        }
        None => {
            let word = truncate(&token.text);
            if !word.is_empty() {
                parsed.words.push(word);
            }
        }
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(MAX_WORD_CHARS).collect()
}

fn tokens(input: &str) -> impl Iterator<Item = Token> + '_ {
    let mut chars = input.chars().peekable();
    std::iter::from_fn(move || {
        while chars.next_if(|c| is_separator(*c)).is_some() {}
        chars.peek()?;
        let mut token = Token { text: String::new(), field_colon: None };
        let mut in_quotes = false;
        let mut seen_quote = false;
        while let Some(c) = chars.next_if(|c| in_quotes || !is_separator(*c)) {
            match c {
                '"' => {
                    in_quotes = !in_quotes;
                    seen_quote = true;
                }
                ':' if !seen_quote && token.field_colon.is_none() => {
                    token.field_colon = Some(token.text.len());
                    token.text.push(c);
                }
                // Inside quotes a control character still cannot be searched for: drop it.
                c if c.is_control() => {}
                c => token.text.push(c),
            }
        }
        Some(token)
    })
}

/// Whitespace and control characters separate words; no searched column contains either.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<String> {
        parse(input).words
    }

    fn filter(field: Field, value: &str) -> FieldFilter {
        FieldFilter { field, value: value.to_string() }
    }

    #[test]
    fn plain_words() {
        assert_eq!(words("  eni-abc   ins-1 "), ["eni-abc", "ins-1"]);
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(parse("").is_empty());
        assert!(parse("   \t\n ").is_empty());
        assert!(parse("\"\"").is_empty());
        assert!(parse("\u{0}\u{7}").is_empty());
    }

    #[test]
    fn field_filters_with_free_text() {
        let parsed = parse("outcome:failed Region:ap-guangzhou code:ZoneMismatch eni-1");
        assert_eq!(
            parsed.filters,
            [
                filter(Field::Outcome, "failed"),
                filter(Field::Region, "ap-guangzhou"),
                filter(Field::ErrorCode, "ZoneMismatch")
            ]
        );
        assert_eq!(parsed.words, ["eni-1"]);
    }

    #[test]
    fn quotes_keep_spaces_and_hide_colons() {
        let parsed = parse("\"a b\" code:\"x y\" \"outcome:failed\"");
        assert_eq!(parsed.words, ["a b", "outcome:failed"]);
        assert_eq!(parsed.filters, [filter(Field::ErrorCode, "x y")]);
    }

    #[test]
    fn unterminated_quote_runs_to_the_end() {
        assert_eq!(words("\"abc def"), ["abc def"]);
        assert_eq!(words("ab\""), ["ab"]);
    }

    #[test]
    fn colons_that_are_not_fields() {
        assert_eq!(words(":"), [":"]);
        assert_eq!(words("::"), ["::"]);
        assert_eq!(words("foo:bar"), ["foo:bar"]);
        assert_eq!(words(":failed"), [":failed"]);
        let parsed = parse("code:a:b");
        assert_eq!(parsed.filters, [filter(Field::ErrorCode, "a:b")]);
    }

    #[test]
    fn field_without_value_is_ignored() {
        assert!(parse("outcome:").is_empty());
        assert!(parse("outcome:\"\"").is_empty());
    }

    #[test]
    fn unicode_is_kept_whole() {
        assert_eq!(words("地域 é\u{301}"), ["地域", "é\u{301}"]);
        assert_eq!(parse("code:错误").filters, [filter(Field::ErrorCode, "错误")]);
        // A multibyte character right before the colon must not split a char boundary.
        assert_eq!(words("é:x"), ["é:x"]);
    }

    #[test]
    fn long_input_is_bounded() {
        let long = "x".repeat(100_000);
        let parsed = parse(&long);
        assert_eq!(parsed.words.len(), 1);
        assert_eq!(parsed.words[0].chars().count(), MAX_WORD_CHARS);
        let many = "ab ".repeat(1000);
        assert_eq!(parse(&many).words.len(), MAX_WORDS);
    }

    mod never_panics {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn on_any_string(input in any::<String>()) {
                let parsed = parse(&input);
                prop_assert!(parsed.words.len() + parsed.filters.len() <= MAX_WORDS);
                prop_assert!(parsed.words.iter().all(|w| !w.is_empty() && w.chars().count() <= MAX_WORD_CHARS));
            }

            #[test]
            fn on_query_like_strings(input in "[a-z:\" \\t\u{e9}\u{4e2d}-]{0,64}") {
                let _ = parse(&input);
            }
        }
    }
}
