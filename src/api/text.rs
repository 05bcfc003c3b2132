//! Text that came from a server, made safe to print and to store.
//!
//! A server (or anything pretending to be one) chooses every byte of an error message, a task's
//! output or an ENI's name. Printed raw, an ESC sequence could clear the screen, retitle the
//! window or write the clipboard (OSC 52), and a `\r`/`\n` could forge a line of tceni's own
//! output. So every string is escaped once, where the answer is decoded
//! ([`crate::api::envelope::parse_response`]), and nothing downstream has to remember to.

use serde_json::Value;

/// The most bytes kept of any one string from a server (an error message, a task's output).
pub const MAX_SERVER_TEXT: usize = 4 * 1024;

/// Control characters as visible text: C0 (`\n` → `\\n`, ESC → `\\x1b`), DEL, C1 (`\\u{9b}`),
/// and the Unicode line separators and bidi overrides that can make text lie about its order.
/// Everything else, backslashes included, is kept as is.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(is_hostile) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && is_hostile(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// [`escape_controls`] for a text of several lines of tceni's own: its line breaks are kept.
pub fn escape_controls_keep_lines(text: &str) -> String {
    text.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}

fn is_hostile(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// At most `max` bytes (cut on a character boundary), with a marker saying how much was cut.
pub fn cap(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes cut)", &text[..end], text.len() - end)
}

/// One server string, ready to print or store: escaped, then capped.
pub fn from_server(text: &str) -> String {
    cap(escape_controls(text), MAX_SERVER_TEXT)
}

/// Every string in a decoded answer, keys included, through [`from_server`].
pub fn sanitize_value(value: &mut Value) {
    match value {
        Value::String(s) => *s = from_server(s),
        Value::Array(items) => items.iter_mut().for_each(sanitize_value),
        Value::Object(map) => {
            if map.keys().any(|k| k.chars().any(is_hostile) || k.len() > MAX_SERVER_TEXT) {
                *map = std::mem::take(map).into_iter().map(|(k, v)| (from_server(&k), v)).collect();
            }
            map.values_mut().for_each(sanitize_value);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_become_visible_text() {
        let hostile = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}[2J\r\nERROR forged\u{9b}31m\u{7f}\u{202e}";
        let safe = escape_controls(hostile);
        assert_eq!(safe, "a\\x1b]52;c;ZXZpbA==\\x07b\\x1b[2J\\r\\nERROR forged\\u{9b}31m\\x7f\\u{202e}");
        assert!(!safe.chars().any(is_hostile));
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for text in ["eni-free0001", "web 服务器 #1", r"C:\path", "Zoë"] {
            assert_eq!(escape_controls(text), text);
        }
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary_with_a_marker() {
        let long = "é".repeat(3000); // 6000 bytes
        let capped = cap(long, 4097);
        assert!(capped.starts_with(&"é".repeat(2048)));
        assert!(capped.ends_with("… (1904 bytes cut)"), "{}", &capped[capped.len() - 30..]);
        assert_eq!(cap("short".into(), 10), "short");
    }

    #[test]
    fn every_string_in_a_value_is_cleaned_keys_too() {
        let mut v = serde_json::json!({"A\u{1b}": ["x\ny", {"B": "\u{1b}[2J"}], "N": 3});
        sanitize_value(&mut v);
        assert_eq!(v, serde_json::json!({"A\\x1b": ["x\\ny", {"B": "\\x1b[2J"}], "N": 3}));
    }
}
