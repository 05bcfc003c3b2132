//! Resource IDs that validate on parse: `eni-` / `ins-` followed by 8 lowercase letters or digits.
//! Pasted text is trimmed; anything else gets a message that says exactly what is wrong.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{}", crate::tr!("id-empty", kind = *kind))]
    Empty { kind: &'static str },
    #[error("{}", crate::tr!("id-wrong-prefix", kind = *kind, prefix = *prefix, got = got.as_str()))]
    WrongPrefix { kind: &'static str, prefix: &'static str, got: String },
    #[error("{}", crate::tr!("id-wrong-length", kind = *kind, prefix = *prefix, len = *len))]
    WrongLength { kind: &'static str, prefix: &'static str, len: usize },
    #[error("{}", crate::tr!("id-bad-character", kind = *kind, prefix = *prefix, bad = format!("{bad:?}")))]
    BadCharacter { kind: &'static str, prefix: &'static str, bad: char },
}

fn parse_id(kind: &'static str, prefix: &'static str, input: &str) -> Result<String, IdError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(IdError::Empty { kind });
    }
    let Some(rest) = text.strip_prefix(prefix) else {
        // Shown back to the operator: escaped, so a pasted escape sequence is seen, not obeyed.
        let got = crate::api::text::escape_controls(&text.chars().take(12).collect::<String>());
        return Err(IdError::WrongPrefix { kind, prefix, got });
    };
    if let Some(bad) = rest.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit())) {
        return Err(IdError::BadCharacter { kind, prefix, bad });
    }
    if rest.len() != 8 {
        return Err(IdError::WrongLength { kind, prefix, len: rest.chars().count() });
    }
    Ok(text.to_string())
}

macro_rules! resource_id {
    ($name:ident, $kind:literal, $prefix:literal) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;
            pub fn parse(input: &str) -> Result<Self, IdError> {
                parse_id($kind, $prefix, input).map(Self)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

resource_id!(EniId, "ENI", "eni-");
resource_id!(InstanceId, "Instance", "ins-");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_parse_and_pasted_spaces_are_trimmed() {
        assert_eq!(EniId::parse("eni-m6dyj72l").unwrap().as_str(), "eni-m6dyj72l");
        assert_eq!(InstanceId::parse("  ins-r8hr2upy\n").unwrap().as_str(), "ins-r8hr2upy");
    }

    #[test]
    fn each_mistake_gets_its_own_message() {
        assert_eq!(EniId::parse(" ").unwrap_err(), IdError::Empty { kind: "ENI" });
        assert!(matches!(EniId::parse("ins-r8hr2upy"), Err(IdError::WrongPrefix { .. })));
        assert!(matches!(InstanceId::parse("eni-m6dyj72l"), Err(IdError::WrongPrefix { .. })));
        assert_eq!(
            EniId::parse("eni-abc").unwrap_err(),
            IdError::WrongLength { kind: "ENI", prefix: "eni-", len: 3 }
        );
        assert!(matches!(EniId::parse("eni-m6dyj72lx"), Err(IdError::WrongLength { len: 9, .. })));
        assert_eq!(
            EniId::parse("eni-M6dyj72l").unwrap_err(),
            IdError::BadCharacter { kind: "ENI", prefix: "eni-", bad: 'M' }
        );
        assert!(matches!(InstanceId::parse("ins-r8hr 2up"), Err(IdError::BadCharacter { bad: ' ', .. })));
    }

    #[test]
    fn messages_read_well() {
        let msg = EniId::parse("eni-abc").unwrap_err().to_string();
        assert_eq!(msg, "ENI ID needs 8 characters after 'eni-', got 3");
        let msg = InstanceId::parse("vm-12345678").unwrap_err().to_string();
        assert_eq!(msg, "Instance ID must start with 'ins-' (got 'vm-12345678')");
    }
}
