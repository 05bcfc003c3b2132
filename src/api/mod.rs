//! The Tencent Cloud API: signing, the HTTP client, typed actions and typed errors.
//! Knows nothing of the UI.

pub mod sign;
