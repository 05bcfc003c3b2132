//! The control endpoint under `/_sandbox/`: faults, the request log and counts, the state and a
//! reset.
//! It needs no signature (it is a test fixture on loopback) and never reaches the API routing.

use super::faults::Fault;
use super::http::HttpResponse;
use super::server::Shared;
use serde_json::json;
use std::time::Instant;

pub const PREFIX: &str = "/_sandbox/";

pub fn handle(shared: &Shared, method: &str, route: &str, query: &str, body: &[u8]) -> HttpResponse {
    match (method, route) {
        ("GET", "health") => HttpResponse::json(200, &json!({ "ok": true })),
        ("GET", "faults") => faults(shared),
        ("POST", "faults") => add_faults(shared, body),
        ("DELETE", "faults") => {
            shared.lock().faults.clear();
            faults(shared)
        }
        ("GET", "log") => log(shared, query),
        ("GET", "counts") => HttpResponse::json(200, &json!({ "counts": shared.lock().log.counts() })),
        ("GET", "state") => {
            let dump = shared.lock().dump(Instant::now());
            HttpResponse::json(200, &serde_json::to_value(dump).unwrap_or_default())
        }
        ("POST", "reset") => {
            shared.reset();
            HttpResponse::json(200, &json!({ "ok": true }))
        }
        (_, "health" | "faults" | "log" | "counts" | "state" | "reset") => HttpResponse::json(
            405,
            &json!({ "error": format!("{method} is not allowed on {PREFIX}{route}") }),
        ),
        _ => HttpResponse::json(404, &json!({ "error": format!("no control route {PREFIX}{route}") })),
    }
}

fn faults(shared: &Shared) -> HttpResponse {
    HttpResponse::json(200, &json!({ "faults": shared.lock().faults.active() }))
}

/// One fault object or a list of them.
fn add_faults(shared: &Shared, body: &[u8]) -> HttpResponse {
    let parsed = serde_json::from_slice::<Fault>(body)
        .map(|f| vec![f])
        .or_else(|_| serde_json::from_slice::<Vec<Fault>>(body));
    match parsed {
        Ok(list) => {
            let mut state = shared.lock();
            list.into_iter().for_each(|f| state.faults.add(f));
            drop(state);
            faults(shared)
        }
        Err(e) => {
            HttpResponse::json(400, &json!({ "error": format!("not a fault (or list of faults): {e}") }))
        }
    }
}

/// `?since=N` returns only the entries after sequence number N.
fn log(shared: &Shared, query: &str) -> HttpResponse {
    let since: u64 = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let entries: Vec<_> = shared.lock().log.entries().into_iter().filter(|e| e.seq > since).collect();
    HttpResponse::json(200, &json!({ "entries": entries }))
}
