//! The history store (filled in by the history work).
