//! Where a call goes: one rule, shared by the client, the plan and the terminal app, so what the
//! confirm pane shows is the host the request is sent to.

use super::client::Service;

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

/// The override for every service when there is one (the sandbox, a private endpoint), else the
/// public host from the region catalog over HTTPS (Finance regions get their own host).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointRule {
    endpoint_override: Option<String>,
}

impl EndpointRule {
    pub fn new(endpoint_override: Option<String>) -> Self {
        EndpointRule { endpoint_override }
    }

    pub fn endpoint_override(&self) -> Option<&str> {
        self.endpoint_override.as_deref()
    }

    /// A regionless call (DescribeRegions) needs no region.
    pub fn endpoint(&self, service: Service, region: Option<&str>) -> Endpoint {
        match &self.endpoint_override {
            Some(url) => parse_endpoint(url),
            None => Endpoint {
                scheme: "https".into(),
                host: crate::catalog::service_host(service.name(), region.unwrap_or_default()),
            },
        }
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
}
