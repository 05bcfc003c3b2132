//! The history store: every attempt ever made, one row each, in a SQLite file.
//!
//! Only this module speaks SQL. The file is in WAL mode with a busy timeout, so several tceni
//! processes can write at once; the schema is versioned (`PRAGMA user_version`) and migrated
//! forward on open; a file from a newer build is refused. Search (see [`query`]) runs on a
//! trigram FTS5 index kept in step by triggers, newest first with keyset paging; words shorter
//! than 3 characters look only at the newest [`SHORT_WORD_WINDOW`] rows unless a longer word is
//! present too.

mod error;
mod handle;
pub mod live;
mod migrations;
mod model;
pub mod query;
#[cfg(test)]
mod round_trip;
mod search;
mod store;

pub use crate::attempt::{Caller, Outcome};
pub use error::{DatabaseError, HistoryError, Result};
pub use handle::History;
pub use migrations::LATEST_VERSION;
pub use model::{HistoryQuery, Row, RunbookLink, RunbookRun, UnknownText, UnreadableRow};
pub use search::SHORT_WORD_WINDOW;
pub use store::{FILE_NAME, PREFLIGHT_SKIPPED, Store};

/// `#12, #15`: the rows of a retry chain, as the history shows them.
pub fn chain_ids(ids: &[i64]) -> String {
    ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ")
}
