//! The request log: one entry per API request, readable in-process, through
//! `GET /_sandbox/log`, and echoed one line per request by `tceni sandbox`.
//! It never holds a SecretKey, a token or the Authorization header: the SecretId is masked.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::io::Write;

/// Old entries are dropped past this many, so a long demo does not grow without bound.
const KEEP: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub seq: u64,
    /// RFC 3339, UTC.
    pub time: String,
    pub service: String,
    pub action: String,
    pub region: String,
    /// The request parameters as received (JSON body, or the query of a GET).
    pub params: serde_json::Value,
    /// `ok`, the error code answered, or what the transport did (`dropped`, `http-500`, ...).
    pub outcome: String,
    /// The fault applied to this request, if any.
    pub fault: Option<String>,
    pub request_id: Option<String>,
    /// The SecretId, all but its last 4 characters masked.
    pub secret_id: String,
    /// `X-TC-Language` as sent (empty: none), so a test sees what the client asked for.
    pub language: String,
}

impl LogEntry {
    pub fn line(&self) -> String {
        format!(
            "#{} {} {} {} region={} outcome={} fault={} request_id={} secret_id={} params={}",
            self.seq,
            self.time,
            if self.service.is_empty() { "-" } else { &self.service },
            if self.action.is_empty() { "-" } else { &self.action },
            if self.region.is_empty() { "-" } else { &self.region },
            self.outcome,
            self.fault.as_deref().unwrap_or("-"),
            self.request_id.as_deref().unwrap_or("-"),
            if self.secret_id.is_empty() { "-" } else { &self.secret_id },
            self.params,
        )
    }
}

/// `AKID…1234` → `****1234`; short values are masked completely.
pub fn mask_secret_id(secret_id: &str) -> String {
    let chars: Vec<char> = secret_id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("****{tail}")
}

/// Where log lines go besides memory.
#[derive(Debug, Default)]
pub struct Echo {
    pub stderr: bool,
    pub file: Option<std::fs::File>,
}

#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<LogEntry>,
    next_seq: u64,
    echo: Echo,
    /// Requests per X-TC-Action since the start, whatever their outcome; unlike the entries,
    /// never trimmed, so a test can assert how many calls of an action reached the sandbox.
    counts: BTreeMap<String, u64>,
}

impl RequestLog {
    pub fn new(echo: Echo) -> RequestLog {
        RequestLog { entries: VecDeque::new(), next_seq: 1, echo, counts: BTreeMap::new() }
    }

    /// Stamp the entry with the next sequence number and time, keep it and echo it.
    pub fn record(&mut self, mut entry: LogEntry) -> u64 {
        entry.seq = self.next_seq;
        self.next_seq += 1;
        entry.time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        if !entry.action.is_empty() {
            *self.counts.entry(entry.action.clone()).or_default() += 1;
        }
        self.echo_line(&entry.line());
        if self.entries.len() == KEEP {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
        self.next_seq - 1
    }

    pub fn entries(&self) -> Vec<LogEntry> {
        self.entries.iter().cloned().collect()
    }

    pub fn count(&self, action: &str) -> u64 {
        self.counts.get(action).copied().unwrap_or(0)
    }

    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.counts.clone()
    }

    fn echo_line(&mut self, line: &str) {
        if self.echo.stderr {
            eprintln!("{line}");
        }
        if let Some(file) = self.echo.file.as_mut() {
            // A full disk must not stop the emulator; the in-memory log still has the entry.
            let _ = writeln!(file, "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_only_the_last_four() {
        assert_eq!(mask_secret_id("AKIDSANDBOXDEMO000000000000000000abc"), "****0abc");
        assert_eq!(mask_secret_id("short"), "*****");
    }

    #[test]
    fn sequence_numbers_count_up() {
        let mut log = RequestLog::new(Echo::default());
        let entry = LogEntry {
            seq: 0,
            time: String::new(),
            service: "vpc".into(),
            action: "A".into(),
            region: "r".into(),
            params: serde_json::json!({}),
            outcome: "ok".into(),
            fault: None,
            request_id: None,
            secret_id: String::new(),
            language: String::new(),
        };
        assert_eq!(log.record(entry.clone()), 1);
        assert_eq!(log.record(entry), 2);
        assert_eq!(log.entries()[1].seq, 2);
        assert_eq!((log.count("A"), log.count("B")), (2, 0));
    }
}
