//! Where a call goes: one rule, shared by the client, the plan and the terminal app, so what the
//! confirm pane shows is the host the request is sent to.
//!
//! The settings decide which source wins for each service (`config::Layers::route`); this rule
//! only applies the answer, most specific first: the service's own host, else its own root
//! domain, else the one-host override (`--endpoint`: every service, sts included, on that
//! host), else the catalog's host under the root domain: `vpc.<root>` (Finance regions:
//! `vpc.<region>.<root>`), `<root>` being `tencentcloudapi.com` unless set otherwise.

use std::collections::BTreeMap;

use super::client::{ClientConfig, Service};

/// The catalog's hosts end with this; a root domain replaces it.
pub const DEFAULT_ROOT_DOMAIN: &str = "tencentcloudapi.com";

/// One call's destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: String,
    /// Host with `:port` when the port is not the scheme's default: exactly what is signed.
    pub host: String,
}

impl Endpoint {
    pub fn url(&self) -> String {
        format!("{}://{}/", self.scheme, self.host)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointRule {
    endpoint_override: Option<String>,
    root_domain: Option<String>,
    /// Service name → host or `scheme://host[:port]`.
    services: BTreeMap<String, String>,
    /// Service name → root domain.
    service_roots: BTreeMap<String, String>,
}

impl EndpointRule {
    pub fn new(endpoint_override: Option<String>) -> Self {
        EndpointRule { endpoint_override, ..Self::default() }
    }

    /// The rule a client with this configuration follows.
    pub fn from_config(config: &ClientConfig) -> Self {
        EndpointRule {
            endpoint_override: config.endpoint_override.clone(),
            root_domain: config.root_domain.clone(),
            services: config.service_endpoints.clone(),
            service_roots: config.service_root_domains.clone(),
        }
    }

    pub fn endpoint_override(&self) -> Option<&str> {
        self.endpoint_override.as_deref()
    }

    /// A regionless call (DescribeRegions) needs no region.
    pub fn endpoint(&self, service: Service, region: Option<&str>) -> Endpoint {
        if let Some(url) = self.services.get(service.name()) {
            return parse_endpoint(url);
        }
        let root = match (self.service_roots.get(service.name()), &self.endpoint_override) {
            (Some(root), _) => Some(root),
            (None, Some(url)) => return parse_endpoint(url),
            (None, None) => self.root_domain.as_ref(),
        };
        let host = crate::catalog::service_host(service.name(), region.unwrap_or_default());
        let host = match (root, host.strip_suffix(DEFAULT_ROOT_DOMAIN)) {
            (Some(root), Some(prefix)) => format!("{prefix}{root}"),
            _ => host,
        };
        Endpoint { scheme: "https".into(), host }
    }

    /// The VPC endpoint of a region, as a URL: what a plan names.
    pub fn vpc_url(&self, region: &str) -> String {
        self.endpoint(Service::Vpc, Some(region)).url()
    }
}

/// `http://127.0.0.1:8080/` → scheme `http`, host `127.0.0.1:8080`. A bare host means HTTPS.
pub fn parse_endpoint(url: &str) -> Endpoint {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split('/').next().unwrap_or(rest);
    let default_port = if scheme == "http" { ":80" } else { ":443" };
    Endpoint { scheme: scheme.to_string(), host: host.strip_suffix(default_port).unwrap_or(host).to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_non_default_ports_only() {
        assert_eq!(parse_endpoint("http://127.0.0.1:8080/").host, "127.0.0.1:8080");
        assert_eq!(parse_endpoint("http://127.0.0.1:80").host, "127.0.0.1");
        assert_eq!(
            parse_endpoint("vpc.internal.tencentcloudapi.com"),
            Endpoint { scheme: "https".into(), host: "vpc.internal.tencentcloudapi.com".into() }
        );
    }

    #[test]
    fn finance_regions_get_their_own_vpc_host_and_an_override_wins() {
        let public = EndpointRule::default();
        assert_eq!(public.vpc_url("ap-guangzhou"), "https://vpc.tencentcloudapi.com/");
        assert_eq!(public.vpc_url("ap-shanghai-fsi"), "https://vpc.ap-shanghai-fsi.tencentcloudapi.com/");
        let sandbox = EndpointRule::new(Some("http://127.0.0.1:9".into()));
        assert_eq!(sandbox.vpc_url("ap-shanghai-fsi"), "http://127.0.0.1:9/");
    }

    #[test]
    fn the_root_domain_moves_every_host_finance_included_and_a_service_host_wins() {
        let rule = |root: &str, services: &[(&str, &str)]| {
            EndpointRule::from_config(&ClientConfig {
                root_domain: Some(root.into()),
                service_endpoints: services.iter().map(|(s, h)| (s.to_string(), h.to_string())).collect(),
                ..ClientConfig::default()
            })
        };
        let intl = rule("intl.tencentcloudapi.com", &[]);
        assert_eq!(intl.vpc_url("ap-singapore"), "https://vpc.intl.tencentcloudapi.com/");
        assert_eq!(intl.endpoint(Service::Sts, None).host, "sts.intl.tencentcloudapi.com");
        let internal = rule("internal.tencentcloudapi.com", &[("cvm", "cvm.example.net")]);
        assert_eq!(
            internal.vpc_url("ap-shenzhen-fsi"),
            "https://vpc.ap-shenzhen-fsi.internal.tencentcloudapi.com/"
        );
        assert_eq!(internal.endpoint(Service::Cvm, Some("ap-guangzhou")).url(), "https://cvm.example.net/");
        assert_eq!(internal.endpoint(Service::Region, None).host, "region.internal.tencentcloudapi.com");
        let other = rule("api.example.cn", &[]);
        assert_eq!(other.vpc_url("ap-guangzhou"), "https://vpc.api.example.cn/");
        // The one-host override beats the root domain, sts included; a service's own host or
        // root (put there only when its source outranks the override's) beats it.
        let all = EndpointRule::from_config(&ClientConfig {
            endpoint_override: Some("http://127.0.0.1:9".into()),
            root_domain: Some("intl.tencentcloudapi.com".into()),
            service_endpoints: [("sts".to_string(), "sts.x.com".to_string())].into(),
            service_root_domains: [("vpc".to_string(), "internal.tencentcloudapi.com".to_string())].into(),
            ..ClientConfig::default()
        });
        assert_eq!(all.endpoint(Service::Cvm, None).url(), "http://127.0.0.1:9/");
        assert_eq!(all.endpoint(Service::Sts, None).url(), "https://sts.x.com/");
        assert_eq!(
            all.vpc_url("ap-shanghai-fsi"),
            "https://vpc.ap-shanghai-fsi.internal.tencentcloudapi.com/"
        );
    }
}
