//! How API calls reach the network: the proxy (and who is exempt from it), the trusted CAs, and
//! the redirect policy. One builder for every HTTP client that carries a signed request or a
//! token (the API client, sts' unsigned AssumeRoleWithWebIdentity).
//!
//! * Proxy: `--proxy URL` / config `proxy`, else the environment as curl reads it: `HTTPS_PROXY`
//!   for https URLs, `HTTP_PROXY` for http ones, `ALL_PROXY` for either (lower-case names too);
//!   `http://`, `https://`, `socks5://` and `socks5h://` proxies. `NO_PROXY` (`*`, host names,
//!   `.domain` suffixes, IP addresses) exempts hosts from either. Loopback (`localhost`,
//!   127.0.0.0/8, `::1`) is always exempt: the sandbox and `--demo` work with a dead proxy set.
//! * TLS: the system's CA store and the bundled Mozilla roots, plus `--ca-bundle FILE`.
//! * Redirects are never followed: a 3xx is an error, and nothing goes to another host.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use super::client::{ClientConfig, USER_AGENT};

/// Which proxy, if any, carries API calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxyChoice {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, minus `NO_PROXY`.
    #[default]
    FromEnv,
    /// `--proxy` or config `proxy`, minus `NO_PROXY`.
    Url(String),
    /// None at all (the metadata service is link-local, the tests choose this).
    Direct,
}

/// The proxy rule, resolved once from the choice and the environment.
#[derive(Debug, Clone, Default)]
pub struct ProxyRule {
    https: Option<String>,
    http: Option<String>,
    no_proxy: Vec<String>,
}

impl ProxyRule {
    pub fn new(choice: &ProxyChoice, env: &dyn Fn(&str) -> Option<String>) -> ProxyRule {
        let var = |upper: &str| {
            env(upper).or_else(|| env(&upper.to_ascii_lowercase())).filter(|v| !v.trim().is_empty())
        };
        let no_proxy = var("NO_PROXY")
            .map(|list| {
                list.split(',').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect()
            })
            .unwrap_or_default();
        match choice {
            ProxyChoice::Direct => ProxyRule::default(),
            ProxyChoice::Url(url) => {
                ProxyRule { https: Some(url.clone()), http: Some(url.clone()), no_proxy }
            }
            ProxyChoice::FromEnv => {
                let all = var("ALL_PROXY");
                ProxyRule {
                    https: var("HTTPS_PROXY").or_else(|| all.clone()),
                    http: var("HTTP_PROXY").or(all),
                    no_proxy,
                }
            }
        }
    }

    /// The proxy a request to `url` goes through, or None (direct).
    pub fn proxy_for(&self, url: &reqwest::Url) -> Option<&str> {
        let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        if is_loopback(&host) || self.exempt(&host) {
            return None;
        }
        match url.scheme() {
            "https" => self.https.as_deref(),
            "http" => self.http.as_deref(),
            _ => None,
        }
    }

    /// The proxy for an endpoint URL as shown to the operator (no user or password).
    pub fn shown_for(&self, endpoint: &str) -> Option<String> {
        let url = reqwest::Url::parse(endpoint).ok()?;
        self.proxy_for(&url).map(shown)
    }

    fn exempt(&self, host: &str) -> bool {
        self.no_proxy.iter().any(|rule| {
            let rule = rule.trim_start_matches("*.").trim_start_matches('.');
            rule == "*" || host == rule || host.ends_with(&format!(".{rule}"))
        })
    }

    fn reqwest_proxy(&self) -> reqwest::Proxy {
        let rule = self.clone();
        reqwest::Proxy::custom(move |url| {
            rule.proxy_for(url).and_then(|p| reqwest::Url::parse(&with_scheme(p)).ok())
        })
    }
}

/// `localhost`, 127.0.0.0/8 and `::1`: never through a proxy.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A proxy given as `host:port` is an HTTP proxy, as curl reads it.
fn with_scheme(proxy: &str) -> String {
    if proxy.contains("://") { proxy.to_owned() } else { format!("http://{proxy}") }
}

/// `scheme://host:port` of a proxy URL: never its user or password.
pub fn shown(proxy: &str) -> String {
    match reqwest::Url::parse(&with_scheme(proxy)) {
        Ok(url) => {
            let port = url.port_or_known_default().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}://{}{port}", url.scheme(), url.host_str().unwrap_or("?"))
        }
        Err(_) => "(an unreadable proxy URL)".into(),
    }
}

/// Why the CA bundle cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error("{}", crate::tr!("err-ca-bundle", path = path.display().to_string(), reason = reason.as_str()))]
    CaBundle { path: PathBuf, reason: String },
    #[error("{}", crate::tr!("err-proxy", proxy = shown.as_str(), reason = reason.as_str()))]
    Proxy { shown: String, reason: String },
    #[error("{}", crate::tr!("err-http-client", reason = .0.as_str()))]
    Build(String),
}

/// A proxy URL tceni can use: `http://`, `https://`, `socks5://`, `socks5h://` (or a bare
/// `host:port`, an HTTP proxy) with a host. The error shows the proxy without its password.
pub fn check_proxy(proxy: &str) -> Result<(), NetworkError> {
    let refuse = |reason: &str| NetworkError::Proxy { shown: shown(proxy), reason: reason.to_owned() };
    let url = reqwest::Url::parse(&with_scheme(proxy.trim())).map_err(|e| refuse(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
        return Err(refuse("use http://, https://, socks5:// or socks5h://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("no host"));
    }
    Ok(())
}

/// The certificates of a PEM file (at least one).
pub fn load_ca_bundle(path: &Path) -> Result<Vec<reqwest::Certificate>, NetworkError> {
    let error = |reason: String| NetworkError::CaBundle { path: path.to_owned(), reason };
    // Bounded and regular files only: `/dev/zero` or a FIFO here must not hang or fill memory.
    let bytes =
        crate::local_file::read(path, crate::local_file::CA_BUNDLE_CAP).map_err(|e| error(e.to_string()))?;
    let certificates = reqwest::Certificate::from_pem_bundle(&bytes).map_err(|e| error(e.to_string()))?;
    if certificates.is_empty() {
        return Err(error("no PEM certificate in it".into()));
    }
    Ok(certificates)
}

/// True when `--endpoint` sends every service to one `http://` host.
fn plain_http_only(config: &ClientConfig) -> bool {
    let parsed = config.endpoint_override.as_deref().map(|url| reqwest::Url::parse(url.trim()));
    parsed.is_some_and(|url| url.is_ok_and(|url| url.scheme() == "http"))
}

/// The HTTP client every signed call (and every token) goes through.
pub fn http_client(config: &ClientConfig) -> Result<reqwest::Client, NetworkError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        // The API never redirects; following one would send a signed request (and its token)
        // to a host nobody chose.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(USER_AGENT)
        // The environment is read by ProxyRule, so that loopback and NO_PROXY are honoured.
        .no_proxy();
    let rule = config.proxy_rule();
    if let ProxyChoice::Url(url) = &config.proxy {
        check_proxy(url)?;
    }
    builder = builder.proxy(rule.reqwest_proxy());
    // Every call goes to one plain-HTTP host (the sandbox, say): no TLS is ever made, so the
    // system's CA store (a few hundred files, read at build time) is not loaded.
    if plain_http_only(config) {
        builder = builder.tls_built_in_native_certs(false);
    }
    if let Some(path) = &config.ca_bundle {
        for certificate in load_ca_bundle(path)? {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder.build().map_err(|e| NetworkError::Build(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(choice: ProxyChoice, vars: &[(&str, &str)]) -> ProxyRule {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ProxyRule::new(&choice, &move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    fn via(rule: &ProxyRule, url: &str) -> Option<String> {
        rule.proxy_for(&reqwest::Url::parse(url).unwrap()).map(str::to_owned)
    }

    #[test]
    fn the_system_ca_store_is_skipped_only_when_no_call_can_use_tls() {
        let with = |endpoint: Option<&str>| ClientConfig {
            endpoint_override: endpoint.map(str::to_owned),
            ..ClientConfig::default()
        };
        assert!(plain_http_only(&with(Some("http://127.0.0.1:8080"))));
        assert!(!plain_http_only(&with(Some("https://vpc.example.com"))));
        assert!(!plain_http_only(&with(None)), "the real hosts are https");
    }

    #[test]
    fn environment_proxies_by_scheme_with_no_proxy_and_loopback_exempt() {
        let r = rule(
            ProxyChoice::FromEnv,
            &[
                ("https_proxy", "http://p:3128"),
                ("ALL_PROXY", "socks5://s:1080"),
                ("NO_PROXY", ".internal.example, 10.0.0.1"),
            ],
        );
        assert_eq!(via(&r, "https://vpc.tencentcloudapi.com/").as_deref(), Some("http://p:3128"));
        assert_eq!(via(&r, "http://vpc.example/").as_deref(), Some("socks5://s:1080"));
        assert_eq!(via(&r, "https://vpc.internal.example/"), None);
        assert_eq!(via(&r, "https://10.0.0.1/"), None);
        for local in ["http://127.0.0.1:8080/", "http://localhost:1/", "http://[::1]:9/", "http://127.8.9.1/"]
        {
            assert_eq!(via(&r, local), None, "{local}");
        }
        let all = rule(ProxyChoice::FromEnv, &[("HTTPS_PROXY", "p:1"), ("NO_PROXY", "*")]);
        assert_eq!(via(&all, "https://vpc.tencentcloudapi.com/"), None);
    }

    #[test]
    fn a_proxy_flag_beats_the_environment_and_never_shows_its_password() {
        let r = rule(
            ProxyChoice::Url("http://user:secret@proxy.corp:8080".into()),
            &[("HTTPS_PROXY", "http://env:1")],
        );
        assert_eq!(
            r.shown_for("https://vpc.tencentcloudapi.com/").as_deref(),
            Some("http://proxy.corp:8080")
        );
        assert_eq!(r.shown_for("http://127.0.0.1:5/"), None);
        assert_eq!(shown("proxy.corp:3128"), "http://proxy.corp:3128");
        assert_eq!(
            via(&rule(ProxyChoice::Direct, &[("HTTPS_PROXY", "http://env:1")]), "https://x.com/"),
            None
        );
    }
}
