//! Typed errors. The SQLite error stays behind an opaque type so no rusqlite type is public.

use std::fmt;
use std::path::PathBuf;

use super::model::UnknownText;

pub type Result<T, E = HistoryError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot create the history directory {}", dir.display())]
    CreateDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the history file was written by a newer tceni (schema {found}; this build knows up to {supported}); \
             upgrade tceni, or move the file aside"
    )]
    TooNew { found: u32, supported: u32 },
    #[error("no history row with id {0}")]
    NotFound(i64),
    #[error("the history file holds a value this build cannot read")]
    BadValue(#[source] UnknownText),
    #[error("history database error: {0}")]
    Database(#[source] DatabaseError),
    /// A step of the schema could not be set up (not an SQLite error: a bug in the steps).
    #[error("the history's schema could not be brought up to date: {0}")]
    Migration(#[source] MigrationError),
    /// The file could be opened for reading only (its permissions, its directory's, or a
    /// read-only file system): rows can be listed, nothing can be recorded.
    #[error("the history file {} can be read but not written; nothing is recorded", path.display())]
    ReadOnly { path: PathBuf },
}

/// rusqlite_migration's own error, kept opaque as [`DatabaseError`] is.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct MigrationError(pub(crate) rusqlite_migration::Error);

/// An error from SQLite (busy past the timeout, disk full, corrupt file, ...).
#[derive(Debug)]
pub struct DatabaseError(rusqlite::Error);

impl fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DatabaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl HistoryError {
    /// Another connection holds a lock SQLite would not wait for (it refuses at once where
    /// waiting could deadlock, e.g. two connections switching a new file to WAL).
    pub(crate) fn is_busy(&self) -> bool {
        matches!(
            self,
            HistoryError::Database(DatabaseError(rusqlite::Error::SqliteFailure(e, _)))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

impl HistoryError {
    /// SQLite or the file system would not let this process write the file.
    pub(crate) fn is_unwritable(&self) -> bool {
        match self {
            HistoryError::ReadOnly { .. } => true,
            HistoryError::Database(DatabaseError(rusqlite::Error::SqliteFailure(e, _))) => matches!(
                e.code,
                rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::PermissionDenied
            ),
            _ => false,
        }
    }
}

/// Wraps a SQLite error; an unreadable enum text surfaces as [`HistoryError::BadValue`].
pub(crate) fn db(error: rusqlite::Error) -> HistoryError {
    if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &error
        && let Some(unknown) = inner.downcast_ref::<UnknownText>()
    {
        return HistoryError::BadValue(unknown.clone());
    }
    HistoryError::Database(DatabaseError(error))
}
