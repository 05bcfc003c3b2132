//! The sandbox over real HTTP on loopback: every rule, auth failure, fault, idempotency case and
//! async path, driven with the project's signer and reqwest. No mocks.

mod support;

mod audit;
mod auth;
mod changes;
mod describe;
mod faults;
mod migrate;
mod process;
mod rules;
