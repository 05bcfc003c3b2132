//! The Tencent Cloud API: signing, the HTTP client, typed actions and typed errors.
//! Knows nothing of the UI.

pub mod actions;
pub mod client;
pub mod envelope;
pub mod error;
pub mod ratelimit;
pub mod sign;
pub mod sts;

pub use actions::{
    AttachRequest, AttachType, DetachRequest, Filter, Instance, NetworkInterface, TaskResult, TaskStatus,
};
pub use client::{Call, Client, ClientConfig, Endpoint, Language, RetryPolicy, Service};
pub use error::{ApiError, ServiceError};
