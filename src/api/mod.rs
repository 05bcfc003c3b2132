//! The Tencent Cloud API: signing, the HTTP client, typed actions and typed errors.
//! Knows nothing of the UI.

pub mod actions;
pub(crate) mod client;
pub(crate) mod cloudaudit;
pub(crate) mod endpoint;
pub mod envelope;
pub(crate) mod error;
pub(crate) mod http;
pub(crate) mod network;
pub(crate) mod ratelimit;
pub mod sign;
pub mod sts;
pub mod text;

pub use actions::{AttachType, Filter, Instance, NetworkInterface, TaskResult, TaskStatus};
pub use client::{
    Call, Client, ClientConfig, Language, Polled, RetryNotice, RetryPolicy, Service, free_of_deadline,
    observing_retries, within_deadline,
};
pub use endpoint::{Endpoint, EndpointRule};
pub use error::{ApiError, ServiceError};

#[cfg(test)]
mod tests {
    /// The client asks `auth::ProvideCredentials` for a key and knows nothing of where keys come
    /// from: no file of `api` names the `credentials` module (the README's dependency rule).
    #[test]
    fn api_knows_nothing_of_where_keys_come_from() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut files = vec![dir];
        let mut named = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()));
            } else if std::fs::read_to_string(&path).unwrap().contains(concat!("crate::", "credentials")) {
                named.push(path.display().to_string());
            }
        }
        assert!(named.is_empty(), "api names the credentials module in {named:?}");
    }
}
