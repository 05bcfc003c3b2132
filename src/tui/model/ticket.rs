//! What a pasted (or typed) line holds: a ticket sentence like `please attach eni-… to ins-… in
//! gz` or a move's three IDs. Pure: the form fills itself from a [`Ticket`] and says what it
//! took and what it left, so nothing pasted is dropped or guessed in silence.

use crate::catalog;
use crate::plan::{EniId, InstanceId, Kind};

/// The parts of a pasted line, in the order they came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ticket {
    pub enis: Vec<String>,
    pub instances: Vec<String>,
    /// A region ID or alias, resolved to its ID (only an exact one: `in` is not a region).
    pub region: Option<String>,
    /// `attach`, `detach`, `move` (or `migrate`).
    pub operation: Option<Kind>,
    /// Words that look like an ID or a region but are none (`eni-abc`, a second region): said
    /// back to the operator, never used.
    pub unreadable: Vec<String>,
}

impl Ticket {
    pub fn parse(text: &str) -> Ticket {
        let mut ticket = Ticket::default();
        for word in words(text) {
            let lower = word.to_lowercase();
            if EniId::parse(&lower).is_ok() {
                ticket.enis.push(lower);
            } else if InstanceId::parse(&lower).is_ok() {
                ticket.instances.push(lower);
            } else if let Some(kind) = operation(&lower) {
                ticket.operation.get_or_insert(kind);
            } else if let Some(region) = exact_region(&lower) {
                match &ticket.region {
                    Some(seen) if *seen != region => ticket.unreadable.push(word.to_string()),
                    _ => ticket.region = Some(region),
                }
            } else if lower.starts_with("eni-") || lower.starts_with("ins-") {
                ticket.unreadable.push(word.to_string());
            }
        }
        ticket
    }

    /// Whether the line held anything the form can take.
    pub fn is_empty(&self) -> bool {
        self.enis.is_empty() && self.instances.is_empty() && self.region.is_none() && self.operation.is_none()
    }

    /// The operation the line asks for: the word if it says one, else a move when it names two
    /// instances (from, to), else `current`.
    pub fn kind(&self, current: Kind) -> Kind {
        match self.operation {
            Some(kind) => kind,
            None if self.instances.len() >= 2 => Kind::Move,
            None => current,
        }
    }
}

/// Words split at blanks and the punctuation a ticket or a chat puts around IDs.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || ",;:()[]{}<>\"'`|/".contains(c) || c == '，' || c == '、')
        .map(|w| w.trim_end_matches(['.', '!', '?', '。']))
        .filter(|w| !w.is_empty())
}

fn operation(word: &str) -> Option<Kind> {
    match word {
        "attach" | "attaching" => Some(Kind::Attach),
        "detach" | "detaching" => Some(Kind::Detach),
        "move" | "moving" | "migrate" | "migrating" => Some(Kind::Move),
        _ => None,
    }
}

/// A region ID or one of its aliases, exactly; never a part of a name (`in` is in "China").
fn exact_region(word: &str) -> Option<String> {
    catalog::regions()
        .iter()
        .find(|r| r.id == word || r.aliases.iter().any(|a| a.to_lowercase() == word))
        .map(|r| r.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_sentence_gives_its_ids_region_and_operation() {
        let t = Ticket::parse("please attach eni-gzfree01 to ins-gzrun001 in gz.");
        assert_eq!(t.enis, ["eni-gzfree01"]);
        assert_eq!(t.instances, ["ins-gzrun001"]);
        assert_eq!(t.region.as_deref(), Some("ap-guangzhou"));
        assert_eq!(t.operation, Some(Kind::Attach));
        assert!(t.unreadable.is_empty(), "{:?}", t.unreadable);
    }

    #[test]
    fn three_ids_are_a_move_and_bad_ids_are_kept_to_be_said() {
        let t = Ticket::parse("eni-gzfree01 ins-gzrun001 ins-gzstop02");
        assert_eq!(t.kind(Kind::Attach), Kind::Move);
        let t = Ticket::parse("eni-abc, ins-web00001; in ap-shanghai (not sh-fsi)");
        assert_eq!(t.unreadable, ["eni-abc", "sh-fsi"]);
        assert_eq!(t.region.as_deref(), Some("ap-shanghai"));
        assert_eq!(t.kind(Kind::Detach), Kind::Detach);
        assert!(Ticket::parse("web-1 in the zone").is_empty());
    }
}
