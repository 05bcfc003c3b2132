//! Typed errors. The SQLite error stays behind an opaque type so no rusqlite type is public.

use std::fmt;
use std::path::PathBuf;

use super::model::UnknownText;

pub type Result<T, E = HistoryError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{}", crate::tr!("err-history-dir", dir = dir.display().to_string()))]
    CreateDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", crate::tr!("err-history-too-new", found = *found, supported = *supported))]
    TooNew { found: u32, supported: u32 },
    #[error("{}", crate::tr!("err-history-no-row", id = *.0))]
    NotFound(i64),
    #[error("{}", crate::tr!("err-history-bad-value"))]
    BadValue(#[source] UnknownText),
    #[error("{}", crate::tr!("err-history-database", error = .0.to_string()))]
    Database(#[source] DatabaseError),
    /// A step of the schema could not be set up (not an SQLite error: a bug in the steps).
    #[error("{}", crate::tr!("err-history-migration", error = .0.to_string()))]
    Migration(#[source] MigrationError),
    /// The file could be opened for reading only (its permissions, its directory's, or a
    /// read-only file system): rows can be listed, nothing can be recorded.
    #[error("{}", crate::tr!("err-history-read-only", path = path.display().to_string()))]
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
