//! Credentials (filled in by the credentials work).
