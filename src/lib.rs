//! tceni: attach a Tencent Cloud elastic network interface to a CVM instance.
//!
//! Dependencies point one way (the README's "How it is built" has the whole list):
//! `tui → attach → {attempt, plan, api, history, catalog}`, `cli → {attach, config}`,
//! `sandbox → {api::sign, catalog}`; `auth` is a leaf and `api` knows nothing of `credentials`.
//! Nothing below `tui` and `cli` knows they exist.

pub mod activity;
pub mod api;
pub mod attach;
pub mod attempt;
pub mod auth;
pub mod catalog;
pub mod cli;
pub(crate) mod config;
pub mod credentials;
pub mod history;
pub mod i18n;
pub(crate) mod local_file;
pub mod logging;
pub mod paths;
pub mod plan;
pub mod runbook;
pub mod sandbox;
pub mod tui;
