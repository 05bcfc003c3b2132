//! Just enough INI for `~/.tencentcloud/credentials`: sections, `key = value` (or `key: value`),
//! full-line `#`/`;` comments. Keys are case-insensitive, as Python's configparser makes them.

use std::collections::HashMap;

/// The keys of section `name` (merged if the section appears twice; later keys win),
/// or `None` if the section is absent. Lines outside any section or without `=`/`:` are ignored.
pub(crate) fn section(text: &str, name: &str) -> Option<HashMap<String, String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut found: Option<HashMap<String, String>> = None;
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = header.trim() == name;
            if inside {
                found.get_or_insert_with(HashMap::new);
            }
            continue;
        }
        if let (true, Some((key, value))) = (inside, split_pair(line)) {
            found.get_or_insert_with(HashMap::new).insert(key.to_ascii_lowercase(), value.to_owned());
        }
    }
    found
}

/// Splits at the first `=` or `:`, whichever comes first (configparser accepts both).
fn split_pair(line: &str) -> Option<(&str, &str)> {
    let at = line.find(['=', ':'])?;
    let key = line[..at].trim();
    (!key.is_empty()).then(|| (key, line[at + 1..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_named_section() {
        let text = "\
; a comment
stray = ignored
[other]
secret_id = OTHER
# another comment
[default]
secret_id=AKID1
  Secret_Key   =   key with inner space kept   
role_arn: qcs::cam::uin/1:roleName/r
not a pair
[later]
secret_id = LATER
";
        let s = section(text, "default").unwrap();
        assert_eq!(s["secret_id"], "AKID1");
        assert_eq!(s["secret_key"], "key with inner space kept");
        assert_eq!(s["role_arn"], "qcs::cam::uin/1:roleName/r");
        assert_eq!(s.len(), 3);
        assert_eq!(section(text, "other").unwrap()["secret_id"], "OTHER");
        assert!(section(text, "missing").is_none());
    }

    #[test]
    fn empty_section_is_present_and_crlf_and_bom_are_handled() {
        assert_eq!(section("[default]\n", "default"), Some(HashMap::new()));
        let s = section("\u{feff}[ default ]\r\nsecret_id = A\r\nsecret_key = B\r\n", "default").unwrap();
        assert_eq!((s["secret_id"].as_str(), s["secret_key"].as_str()), ("A", "B"));
    }

    #[test]
    fn repeated_section_merges_and_later_wins() {
        let s = section("[default]\na=1\nb=2\n[x]\n[default]\na=3\n", "default").unwrap();
        assert_eq!((s["a"].as_str(), s["b"].as_str()), ("3", "2"));
    }

    #[test]
    fn empty_value_and_empty_key() {
        let s = section("[default]\nsecret_id =\n= value\n", "default").unwrap();
        assert_eq!(s["secret_id"], "");
        assert_eq!(s.len(), 1);
    }
}
