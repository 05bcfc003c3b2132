//! What tceni reads of tccli's `<profile>.configure` (written by `tccli configure`, in
//! `~/.tccli` or `$TENCENTCLOUD_SHARED_CREDENTIALS_DIR`): `_sys_param.region`,
//! `_sys_param.language` and each service's `endpoint`.
//!
//! `tccli configure` writes `"<service>": {"endpoint": "<service>.tencentcloudapi.com"}` for
//! every service of every user: those lines are tccli's defaults, not a choice, and are read as
//! such (a Finance region then still goes to its own host). `tccli configure set-root-domain R`
//! rewrites every line to `<service>.R`: read as the root domain R. Any other host is the
//! user's choice for that service.

use std::collections::BTreeMap;
use std::path::Path;

use super::settings::endpoint_url;
use super::{ConfigError, SERVICES};
use crate::api::endpoint::DEFAULT_ROOT_DOMAIN;
use crate::local_file;

/// One `<service>.endpoint` line, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TccliEndpoint {
    /// `<service>.<root>` on every service, as `set-root-domain` writes it.
    Root(String),
    /// A host chosen for this service, as `scheme://host[:port]`.
    Url(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TccliConfigure {
    /// How the file is named to the user (`~/.tccli/prod.configure`).
    pub shown: String,
    pub region: Option<String>,
    pub language: Option<String>,
    /// Service name → its line, default-valued lines left out.
    pub endpoints: BTreeMap<String, TccliEndpoint>,
}

impl TccliConfigure {
    /// The file of `profile` in tccli's directory; none is the empty configuration.
    pub fn load(dir: Option<(&Path, &str)>, profile: &str) -> Result<TccliConfigure, ConfigError> {
        let Some((dir, dir_shown)) = dir else { return Ok(TccliConfigure::default()) };
        let shown = format!("{dir_shown}/{profile}.configure");
        let path = dir.join(format!("{profile}.configure"));
        let text = match local_file::read_text(&path, local_file::CONFIG_FILE_CAP) {
            Ok(text) => text,
            Err(e) if e.is_missing() => return Ok(TccliConfigure::default()),
            Err(e) => return Err(ConfigError::Tccli { shown, reason: e.to_string() }),
        };
        let mut parsed =
            Self::parse(&text).map_err(|reason| ConfigError::Tccli { shown: shown.clone(), reason })?;
        parsed.shown = shown;
        Ok(parsed)
    }

    pub fn parse(text: &str) -> Result<TccliConfigure, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            format!(
                "not JSON (line {}, column {}); run `tccli configure` again or fix it",
                e.line(),
                e.column()
            )
        })?;
        let text_at = |pointer: &str| {
            value
                .pointer(pointer)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let lines: Vec<(&str, String)> = SERVICES
            .iter()
            .filter_map(|service| Some((*service, text_at(&format!("/{service}/endpoint"))?)))
            .collect();
        let root = written_root(&lines);
        let mut endpoints = BTreeMap::new();
        for (service, line) in lines {
            let host = line.to_ascii_lowercase();
            if host == format!("{service}.{DEFAULT_ROOT_DOMAIN}") {
                continue;
            }
            let read = match &root {
                Some(root) if host == format!("{service}.{root}") => TccliEndpoint::Root(root.clone()),
                _ => TccliEndpoint::Url(
                    endpoint_url(&line).map_err(|problem| format!("{service}.endpoint {problem}"))?,
                ),
            };
            endpoints.insert(service.to_owned(), read);
        }
        Ok(TccliConfigure {
            shown: String::new(),
            region: text_at("/_sys_param/region"),
            language: text_at("/_sys_param/language"),
            endpoints,
        })
    }
}

/// The root domain `set-root-domain` wrote: every line `<service>.<root>` with one root that is
/// a domain (not a region's own host such as `vpc.ap-guangzhou.tencentcloudapi.com`); a lone
/// line is a host chosen for that service.
fn written_root(lines: &[(&str, String)]) -> Option<String> {
    if lines.len() < 2 {
        return None;
    }
    let mut roots = lines.iter().map(|(service, line)| {
        line.to_ascii_lowercase().strip_prefix(&format!("{service}.")).map(str::to_owned)
    });
    let first = roots.next()??;
    let same = roots.all(|root| root.as_deref() == Some(first.as_str()));
    let regional = crate::catalog::regions().iter().any(|r| first.starts_with(&format!("{}.", r.id)));
    let domain = super::check_domain("", &first).is_ok();
    (same && !regional && domain && first != DEFAULT_ROOT_DOMAIN).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape `tccli configure` writes (3.1), trimmed to the services tceni reads.
    pub fn written_by_tccli(region: &str, root: &str) -> String {
        format!(
            r#"{{"_sys_param": {{"arrayCount": 10, "output": "json", "region": "{region}", "warnings": "off", "language": "zh-CN"}},
  "cvm": {{"endpoint": "cvm.{root}", "version": "2017-03-12"}},
  "vpc": {{"endpoint": "vpc.{root}", "version": "2017-03-12"}},
  "sts": {{"endpoint": "sts.{root}", "version": "2018-08-13"}},
  "region": {{"endpoint": "region.{root}", "version": "2022-06-27"}},
  "cbs": {{"endpoint": "cbs.{root}", "version": "2017-03-12"}}}}"#
        )
    }

    #[test]
    fn default_valued_endpoint_lines_are_not_a_choice() {
        let parsed =
            TccliConfigure::parse(&written_by_tccli("ap-shanghai-fsi", "tencentcloudapi.com")).unwrap();
        assert_eq!(parsed.region.as_deref(), Some("ap-shanghai-fsi"));
        assert_eq!(parsed.language.as_deref(), Some("zh-CN"));
        assert!(parsed.endpoints.is_empty(), "{:?}", parsed.endpoints);
    }

    #[test]
    fn set_root_domain_reads_as_a_root_domain_and_a_chosen_host_as_that_service_s() {
        let parsed =
            TccliConfigure::parse(&written_by_tccli("ap-guangzhou", "internal.tencentcloudapi.com")).unwrap();
        assert_eq!(parsed.endpoints["vpc"], TccliEndpoint::Root("internal.tencentcloudapi.com".into()));
        assert_eq!(parsed.endpoints.len(), 4);
        let text = r#"{"_sys_param": {"region": "ap-singapore"},
            "cvm": {"endpoint": "cvm.tencentcloudapi.com"},
            "vpc": {"endpoint": "vpc.ap-guangzhou.tencentcloudapi.com", "version": "2017-03-12"}}"#;
        let parsed = TccliConfigure::parse(text).unwrap();
        assert_eq!(
            parsed.endpoints.into_iter().collect::<Vec<_>>(),
            [("vpc".into(), TccliEndpoint::Url("https://vpc.ap-guangzhou.tencentcloudapi.com".into()))]
        );
        assert!(TccliConfigure::parse("{not json").unwrap_err().contains("line 1"));
    }

    #[test]
    fn an_endpoint_line_with_a_password_is_refused_without_showing_it() {
        let text = r#"{"vpc": {"endpoint": "https://ops:hunter2@vpc.example.com"}}"#;
        let err = TccliConfigure::parse(text).unwrap_err();
        assert!(err.contains("vpc.endpoint") && !err.contains("hunter2"), "{err}");
    }
}
