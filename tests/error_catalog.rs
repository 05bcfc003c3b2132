//! The error catalog against the API reference: every error code the reference names must have an
//! exact entry in `assets/errors.toml`, and the retry flags must follow its "Retry-safe" rules.
//!
//! The test reads the repository's copy of the reference (`tests/fixtures/reference/`), so it
//! passes for someone who clones the repository alone; where the team's `shared/` is cloned beside
//! the repository (as CI lays it), the copy must match it, so the two never drift apart.

use std::collections::BTreeSet;
use tceni::catalog::{all_codes, explain, is_retryable};

const REFERENCE: &str = include_str!("fixtures/reference/tencent-api.md");
const SHARED_REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/tencent-api.md");

fn reference() -> String {
    REFERENCE.to_string()
}

#[test]
fn the_copy_of_the_reference_matches_shared_where_it_is_cloned() {
    match std::fs::read_to_string(SHARED_REFERENCE) {
        Ok(shared) => assert!(
            shared == REFERENCE,
            "tests/fixtures/reference/tencent-api.md differs from shared/reference/tencent-api.md: copy it again"
        ),
        Err(e) => eprintln!("no shared/ beside the repository ({e}): the copy alone is checked"),
    }
}

/// `Word` or `Word.Word[.Word]`, each segment CamelCase starting with an uppercase letter and
/// containing a lowercase one (so `HAVIP`, `SUCCESS` or `X-TC-Action` never qualify).
fn is_code_shaped(token: &str) -> bool {
    let segments: Vec<&str> = token.split('.').collect();
    segments.len() <= 3
        && segments.iter().all(|s| {
            s.starts_with(|c: char| c.is_ascii_uppercase())
                && s.chars().all(|c| c.is_ascii_alphanumeric())
                && s.chars().any(|c| c.is_ascii_lowercase())
        })
}

/// Strips markdown and punctuation around a token: `` `Code` ``, `**Code**`, `Code.` at a sentence end.
fn clean(token: &str) -> &str {
    let junk = |c: char| c.is_whitespace() || matches!(c, '`' | '*' | '"');
    token.trim_start_matches(junk).trim_end_matches(|c| junk(c) || c == '.')
}

/// First cells of every table whose header's first cell is `Code` (§3 and §7).
fn codes_from_tables(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut in_code_table = false;
    for line in text.lines().map(str::trim) {
        let Some(row) = line.strip_prefix('|') else {
            in_code_table = false;
            continue;
        };
        let first = clean(row.split('|').next().unwrap_or_default());
        if first == "Code" {
            in_code_table = true;
        } else if in_code_table && !first.starts_with("---") {
            codes.push(first.to_string());
        }
    }
    codes
}

/// Drops `( … )` asides, which may hold commas and prose (the HAVIP note in §4).
fn without_parentheses(line: &str) -> String {
    let mut depth = 0usize;
    line.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// The comma-separated lists of bullets `- Errors: …`, `- Errors (Go SDK): …`, `- Errors include …`.
fn codes_from_error_lists(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("- Errors") else { continue };
        let rest = without_parentheses(rest);
        let list = match rest.split_once(':') {
            Some((_, list)) => list,
            None => rest.trim_start().strip_prefix("include").unwrap_or_default(),
        };
        codes.extend(list.split(',').map(|item| clean(item).to_string()));
    }
    codes
}

/// Dotted codes named anywhere in the prose (e.g. `AuthFailure.SignatureExpire` in the header table,
/// `ClientError.NetworkError` in §2), recognised by a family that the tables and lists establish.
/// Field paths like `Attachment.InstanceId` or `Error.Message` have no such family.
fn dotted_codes_in_prose(text: &str, families: &BTreeSet<String>) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .map(clean)
        .filter(|t| t.contains('.') && is_code_shaped(t))
        .filter(|t| families.contains(t.split('.').next().unwrap_or_default()))
        .map(str::to_string)
        .collect()
}

fn reference_codes(text: &str) -> BTreeSet<String> {
    let mut codes: BTreeSet<String> =
        codes_from_tables(text).into_iter().chain(codes_from_error_lists(text)).collect();
    let malformed: Vec<_> = codes.iter().filter(|c| !is_code_shaped(c)).collect();
    assert!(malformed.is_empty(), "extractor picked up non-codes: {malformed:?}");
    // tceni's and the Go SDK's client-side family is named in prose only.
    let families = codes.iter().map(|c| c.split('.').next().unwrap_or_default().to_string());
    let families: BTreeSet<String> = families.chain(["ClientError".to_string()]).collect();
    codes.extend(dotted_codes_in_prose(text, &families));
    codes
}

#[test]
fn extractor_finds_codes_and_nothing_else() {
    let codes = reference_codes(&reference());
    // A floor, so a changed layout cannot make the extractor silently find nothing.
    assert!(codes.len() >= 60, "only {} codes extracted: {codes:?}", codes.len());
    for expected in [
        "UnsupportedOperation.ZoneMismatch",                 // §3 table
        "UnsupportedOperation.InstanceAssociateHavip",       // §4 list, with a parenthesised aside
        "InvalidParameterValue",                             // §4 list, `Code (meaning)` form
        "InvalidFilterValue.LimitExceeded",                  // §5 "Errors include"
        "InvalidInstanceId.NotFound",                        // §5 limit
        "InvalidParameter.ParameterError",                   // §6
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded", // §7
        "ClientError.HttpStatusCodeError",                   // §2 prose
    ] {
        assert!(codes.contains(expected), "{expected} not extracted");
    }
    for not_a_code in [
        "X-TC-Action",
        "NetworkInterfaceId",
        "RequestId",
        "TotalCount",
        "AttachNetworkInterface",
        "Error.Message",
        "Attachment.InstanceId",
        "HAVIP",
        "Code",
    ] {
        assert!(!codes.contains(not_a_code), "{not_a_code} is not an error code");
    }
}

#[test]
fn every_code_in_the_reference_has_an_exact_entry() {
    let known: BTreeSet<&str> = all_codes().collect();
    let missing: Vec<String> =
        reference_codes(&reference()).into_iter().filter(|c| !known.contains(c.as_str())).collect();
    assert!(missing.is_empty(), "codes in the reference without an entry in assets/errors.toml: {missing:?}");
    for code in &known {
        assert_eq!(explain(code).code, *code, "exact lookup of {code}");
    }
}

#[test]
fn client_side_codes_exist() {
    for code in [
        "ClientError.NetworkError",
        "ClientError.OutcomeUnknown",
        "ClientError.HttpStatus",
        "ClientError.Redirect",
        "ClientError.ParseJsonError",
        "ClientError.Cancelled",
        "ClientError.TaskTimeout",
        "ClientError.TaskFailed",
    ] {
        let e = explain(code);
        assert_eq!(e.code, code, "{code} must have its own entry, not a fallback");
    }
}

#[test]
fn prefix_fallbacks_and_generic() {
    let e = explain("AuthFailure.SomethingNew");
    assert_eq!(e.code, "AuthFailure");
    assert!(!e.retryable);
    assert_eq!(explain("UnsupportedOperation.SomethingNew").code, "UnsupportedOperation");
    assert_eq!(explain("ClientError.SomethingNew").code, "ClientError");
    let generic = explain("Totally.Unknown");
    assert_eq!(generic.code, "");
    assert!(!generic.retryable);
    assert!(!generic.action.is_empty());
}

/// §7 "Retry-safe": these can help when sent again, with backoff and the same ClientToken.
#[test]
fn retry_safe_codes_are_retryable() {
    for code in [
        "RequestLimitExceeded",
        "RequestLimitExceeded.UinLimitExceeded",
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "RequestLimitExceeded.IPLimitExceeded",
        "LimitExceeded.ActionLimited",
        "InternalError",
        "InternalError.ModuleError",
        "ServiceUnavailable",
        "UnsupportedOperation.IdempotentProcessing",
        "ClientError.NetworkError",
        "ClientError.OutcomeUnknown",
        // Families that stay retryable for codes we do not know yet.
        "RequestLimitExceeded.SomethingNew",
        "InternalError.SomethingNew",
    ] {
        assert!(is_retryable(code), "{code} should be retryable");
    }
}

/// §7 "Never retry": AuthFailure.*, InvalidParameter*, MissingParameter, UnknownParameter,
/// UnsupportedRegion, ResourceNotFound and every UnsupportedOperation.* but IdempotentProcessing.
/// Checked over every catalog entry, so a new entry in these families cannot slip through.
#[test]
fn never_retry_codes_are_not_retryable() {
    let never = |code: &str| {
        code.starts_with("AuthFailure")
            || code.starts_with("InvalidParameter")
            || code.starts_with("UnsupportedOperation") && code != "UnsupportedOperation.IdempotentProcessing"
            || ["MissingParameter", "UnknownParameter", "UnsupportedRegion", "ResourceNotFound"]
                .contains(&code)
    };
    let checked: Vec<&str> = all_codes().filter(|c| never(c)).collect();
    assert!(checked.len() >= 25, "too few never-retry entries checked: {checked:?}");
    for code in checked {
        assert!(!is_retryable(code), "{code} must not be retryable");
    }
    for code in
        ["AuthFailure.SomethingNew", "InvalidParameter.SomethingNew", "UnsupportedOperation.SomethingNew"]
    {
        assert!(!is_retryable(code), "{code} (fallback) must not be retryable");
    }
}
