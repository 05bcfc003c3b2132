//! The Tencent Cloud API: signing, the HTTP client, typed actions and typed errors.
//! Knows nothing of the UI.

pub mod actions;
pub mod client;
pub mod cloudaudit;
pub mod endpoint;
pub mod envelope;
pub mod error;
pub mod http;
pub mod network;
pub mod ratelimit;
pub mod sign;
pub mod sts;
pub mod text;

pub use actions::{AttachType, Filter, Instance, NetworkInterface, TaskResult, TaskStatus};
pub use client::{
    Call, Client, ClientConfig, Language, RetryNotice, RetryPolicy, Service, free_of_deadline,
    observing_retries, within_deadline,
};
pub use endpoint::{Endpoint, EndpointRule};
pub use error::{ApiError, ServiceError};
