//! tceni: attach a Tencent Cloud elastic network interface to a CVM instance.
//!
//! Dependencies point one way: `tui → attach → {api, history, credentials, catalog}`,
//! `cli → attach`, `sandbox → {api::sign, catalog}`. Nothing below `tui` knows it exists.

pub mod activity;
pub mod api;
pub mod attach;
pub mod attempt;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod credentials;
pub mod history;
pub mod i18n;
pub mod local_file;
pub mod logging;
pub mod paths;
pub mod plan;
pub mod runbook;
pub mod sandbox;
pub mod tui;
