//! Fault injection: what can go wrong between a client and the service, on demand.
//!
//! A fault has a kind, an optional target action and a count. Faults are consulted at the stage
//! where they act: transport faults when a request arrives, `error` after the request has been
//! authenticated, `task-failed` when an async task is created.

use serde::{Deserialize, Serialize};

/// A fault's name (`drop-after`, `http-500`, …) is the same in `--fault`, the control API's
/// JSON and the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum FaultKind {
    /// Wait this long before handling the request (combines with one other fault).
    Latency { ms: u64 },
    /// Answer HTTP 500 with a plain-text body; the request is not processed.
    #[serde(rename = "http-500")]
    #[strum(serialize = "http-500")]
    Http500,
    /// Answer HTTP 502 with an HTML page, as a gateway does; the request is not processed.
    #[serde(rename = "html-502")]
    #[strum(serialize = "html-502")]
    Html502,
    /// Process the request, then send a Content-Length larger than the body sent, and close.
    TruncatedBody,
    /// Close the connection before the request is processed.
    DropBefore,
    /// Process the request (state changes), then close without answering.
    DropAfter,
    /// Never answer; the connection stays open until the client gives up.
    Hang,
    /// The next async task (attach, detach or migrate) ends FAILED and its change is rolled back.
    TaskFailed {
        #[serde(default)]
        reason: Option<String>,
    },
    /// Answer this error code instead of running the action.
    Error {
        code: String,
        #[serde(default)]
        message: Option<String>,
    },
    // Hostile or broken servers, for the client's defences.
    /// Process the request (state changes), then answer HTTP 500 anyway.
    #[serde(rename = "http-500-after")]
    #[strum(serialize = "http-500-after")]
    Http500After,
    /// Answer `307 Temporary Redirect` to `location`; the request is not processed.
    Redirect {
        #[serde(default)]
        location: Option<String>,
    },
    /// Answer an error envelope whose message and RequestId carry terminal escapes
    /// ([`HOSTILE_MESSAGE`]); the request is not processed.
    HostileError,
    /// Process the request, then stream a `mib` MiB answer with no Content-Length.
    HugeBody {
        #[serde(default = "hundred")]
        mib: u64,
    },
    /// Answer any Describe* with one made-up item and a TotalCount that is always far ahead.
    EndlessPages,
}

/// What `hostile-error` answers: an OSC 52 clipboard write, a screen clear, a window title and a
/// forged line of output.
pub const HOSTILE_MESSAGE: &str = "\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2J\u{1b}]0;owned\u{7}denied\r\n\
                                   ✓ attached eni-forged01 to ins-forged01\n\u{9b}31m";

fn hundred() -> u64 {
    100
}

impl FaultKind {
    pub fn name(&self) -> &'static str {
        self.into()
    }

    fn stage(&self) -> FaultPoint {
        match self {
            FaultKind::Latency { .. } => FaultPoint::Latency,
            FaultKind::TaskFailed { .. } => FaultPoint::Task,
            FaultKind::Error { .. } => FaultPoint::Api,
            _ => FaultPoint::Transport,
        }
    }
}

/// Where in the life of a request a fault acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultPoint {
    Latency,
    Transport,
    Api,
    Task,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only requests for this action (X-TC-Action); any action when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// How many matching requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
    /// Applies to every matching request until the faults are cleared (`times` is ignored).
    #[serde(default)]
    pub until_cleared: bool,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// A fault for the next matching request of any action.
    pub fn once(kind: FaultKind) -> Fault {
        Fault { kind, action: None, times: 1, until_cleared: false }
    }

    pub fn for_action(mut self, action: &str) -> Fault {
        self.action = Some(action.to_string());
        self
    }

    pub fn times(mut self, times: u32) -> Fault {
        self.times = times;
        self
    }

    pub fn until_cleared(mut self) -> Fault {
        self.until_cleared = true;
        self
    }

    fn matches(&self, stage: FaultPoint, action: Option<&str>) -> bool {
        self.kind.stage() == stage && self.action.as_deref().is_none_or(|wanted| Some(wanted) == action)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FaultParseError {
    #[error(
        "unknown fault kind '{0}' (latency, http-500, html-502, truncated-body, drop-before, drop-after, hang, task-failed, error, http-500-after, redirect, hostile-error, huge-body, endless-pages)"
    )]
    UnknownKind(String),
    #[error("fault '{0}' needs a value, e.g. latency=500 or error=InternalError")]
    MissingValue(String),
    #[error("bad value in fault spec: {0}")]
    BadValue(String),
}

/// Parse the `--fault` syntax: `KIND[=VALUE][,action=ACTION][,times=N|always]`.
/// Examples: `latency=800`, `drop-after,action=AttachNetworkInterface`, `http-500,times=3`,
/// `error=InternalError:something broke,times=always`, `task-failed=hot-plug refused`.
pub fn parse_fault(spec: &str) -> Result<Fault, FaultParseError> {
    let mut parts = spec.split(',');
    let head = parts.next().unwrap_or_default().trim();
    let (name, value) = match head.split_once('=') {
        Some((n, v)) => (n.trim(), Some(v.trim().to_string())),
        None => (head, None),
    };
    let mut fault = Fault::once(kind_from(name, value)?);
    for option in parts {
        match option.trim().split_once('=') {
            Some(("action", action)) => fault.action = Some(action.trim().to_string()),
            Some(("times", "always")) => fault.until_cleared = true,
            Some(("times", n)) => {
                fault.times = n.trim().parse().map_err(|_| FaultParseError::BadValue(option.to_string()))?
            }
            _ => return Err(FaultParseError::BadValue(option.to_string())),
        }
    }
    Ok(fault)
}

fn kind_from(name: &str, value: Option<String>) -> Result<FaultKind, FaultParseError> {
    let needs = |v: Option<String>| v.ok_or_else(|| FaultParseError::MissingValue(name.to_string()));
    let kind: FaultKind = name.parse().map_err(|_| FaultParseError::UnknownKind(name.to_string()))?;
    // The name gives the kind; the value (after `=`) fills in what it carries.
    Ok(match kind {
        FaultKind::Latency { .. } => FaultKind::Latency {
            ms: needs(value)?.parse().map_err(|_| FaultParseError::BadValue(name.to_string()))?,
        },
        FaultKind::TaskFailed { .. } => FaultKind::TaskFailed { reason: value },
        FaultKind::Error { .. } => {
            let value = needs(value)?;
            let (code, message) = match value.split_once(':') {
                Some((c, m)) => (c.to_string(), Some(m.to_string())),
                None => (value, None),
            };
            FaultKind::Error { code, message }
        }
        FaultKind::Redirect { .. } => FaultKind::Redirect { location: value },
        FaultKind::HugeBody { .. } => FaultKind::HugeBody {
            mib: value.map_or(Ok(hundred()), |v| v.parse().map_err(|_| FaultParseError::BadValue(v)))?,
        },
        other => other,
    })
}

/// The active faults, in the order they were added.
#[derive(Debug, Default, Clone)]
pub struct FaultBook {
    faults: Vec<Fault>,
}

impl FaultBook {
    pub fn add(&mut self, fault: Fault) {
        if fault.until_cleared || fault.times > 0 {
            self.faults.push(fault);
        }
    }

    pub fn clear(&mut self) {
        self.faults.clear();
    }

    pub fn active(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// The first fault for this stage and action, counted as used.
    pub fn take(&mut self, stage: FaultPoint, action: Option<&str>) -> Option<FaultKind> {
        let index = self.faults.iter().position(|f| f.matches(stage, action))?;
        let fault = &mut self.faults[index];
        let kind = fault.kind.clone();
        if !fault.until_cleared {
            fault.times -= 1;
            if fault.times == 0 {
                self.faults.remove(index);
            }
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_specs_parse() {
        assert_eq!(parse_fault("latency=500").unwrap(), Fault::once(FaultKind::Latency { ms: 500 }));
        assert_eq!(
            parse_fault("drop-after,action=AttachNetworkInterface,times=2").unwrap(),
            Fault::once(FaultKind::DropAfter).for_action("AttachNetworkInterface").times(2)
        );
        assert_eq!(
            parse_fault("error=InternalError:boom,times=always").unwrap(),
            Fault::once(FaultKind::Error { code: "InternalError".into(), message: Some("boom".into()) })
                .until_cleared()
        );
        assert_eq!(
            parse_fault("task-failed=refused,action=MigrateNetworkInterface").unwrap(),
            Fault::once(FaultKind::TaskFailed { reason: Some("refused".into()) })
                .for_action("MigrateNetworkInterface")
        );
        assert!(parse_fault("latency").is_err());
        assert!(parse_fault("explode").is_err());
        assert!(parse_fault("hang,times=x").is_err());
    }

    #[test]
    fn json_shape_is_flat() {
        let fault: Fault =
            serde_json::from_str(r#"{"kind":"error","code":"InternalError","action":"DescribeInstances"}"#)
                .unwrap();
        assert_eq!(fault.times, 1);
        assert_eq!(fault.action.as_deref(), Some("DescribeInstances"));
        let back = serde_json::to_value(&fault).unwrap();
        assert_eq!(back["kind"], "error");
    }

    #[test]
    fn json_tags_are_the_cli_names() {
        for spec in [
            "latency=1",
            "http-500",
            "html-502",
            "truncated-body",
            "drop-before",
            "drop-after",
            "hang",
            "task-failed",
            "error=X",
            "http-500-after",
            "redirect=http://127.0.0.1:9/",
            "hostile-error",
            "huge-body=5",
            "endless-pages",
        ] {
            let fault = parse_fault(spec).unwrap();
            assert_eq!(Some(fault.kind.name()), spec.split('=').next(), "the name reads back as written");
            let json = serde_json::to_value(&fault).unwrap();
            assert_eq!(json["kind"], fault.kind.name());
            assert_eq!(serde_json::from_value::<Fault>(json).unwrap(), fault);
        }
    }

    #[test]
    fn hostile_faults_parse_with_their_defaults() {
        assert_eq!(parse_fault("huge-body").unwrap().kind, FaultKind::HugeBody { mib: 100 });
        assert_eq!(parse_fault("redirect").unwrap().kind, FaultKind::Redirect { location: None });
        assert!(parse_fault("huge-body=lots").is_err());
        assert_eq!(parse_fault("Hang"), Err(FaultParseError::UnknownKind("Hang".into())));
        assert_eq!(parse_fault("latency"), Err(FaultParseError::MissingValue("latency".into())));
        let json: Fault = serde_json::from_str(r#"{"kind":"huge-body"}"#).unwrap();
        assert_eq!(json.kind, FaultKind::HugeBody { mib: 100 });
    }

    #[test]
    fn counts_and_targets() {
        let mut book = FaultBook::default();
        book.add(Fault::once(FaultKind::Http500).for_action("A").times(2));
        assert_eq!(book.take(FaultPoint::Transport, Some("B")), None);
        assert_eq!(book.take(FaultPoint::Transport, Some("A")), Some(FaultKind::Http500));
        assert_eq!(book.take(FaultPoint::Api, Some("A")), None);
        assert_eq!(book.take(FaultPoint::Transport, Some("A")), Some(FaultKind::Http500));
        assert_eq!(book.take(FaultPoint::Transport, Some("A")), None);
        book.add(Fault::once(FaultKind::Hang).until_cleared());
        for _ in 0..5 {
            assert_eq!(book.take(FaultPoint::Transport, None), Some(FaultKind::Hang));
        }
        book.clear();
        assert!(book.active().is_empty());
    }
}
