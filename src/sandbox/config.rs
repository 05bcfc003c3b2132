//! How a sandbox is set up: where it listens, which credentials it accepts, its world, its pace.

use super::faults::Fault;
use super::world::World;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The documented demo credentials every default sandbox accepts. They are public: they open
/// nothing but a sandbox.
pub const DEMO_SECRET_ID: &str = "AKIDSANDBOXDEMO000000000000000000000";
pub const DEMO_SECRET_KEY: &str = "SANDBOXDEMOKEY000000000000000000";
/// A second demo pair that stands for temporary (STS) credentials: it must come with `DEMO_TOKEN`.
pub const DEMO_TEMP_SECRET_ID: &str = "AKIDSANDBOXTEMP000000000000000000000";
pub const DEMO_TEMP_SECRET_KEY: &str = "SANDBOXTEMPKEY000000000000000000";
pub const DEMO_TOKEN: &str = "SANDBOXDEMOTOKEN-not-a-real-token-0000";

pub const DEFAULT_TASK_DELAY: Duration = Duration::from_millis(300);
/// The documented default rate of AttachNetworkInterface (Chinese doc): 50 requests/s.
pub const DEFAULT_RATE_LIMIT: u32 = 50;

/// A credential the sandbox accepts. `Debug` never shows the key or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub secret_id: String,
    pub secret_key: String,
    /// When set, requests must carry it as X-TC-Token; when unset, they must carry none.
    pub token: Option<String>,
}

impl Credential {
    pub fn new(secret_id: &str, secret_key: &str, token: Option<&str>) -> Credential {
        Credential {
            secret_id: secret_id.to_string(),
            secret_key: secret_key.to_string(),
            token: token.map(str::to_string),
        }
    }

    /// The two demo credentials: the permanent pair and the temporary pair with its token.
    pub fn demo() -> Vec<Credential> {
        vec![
            Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None),
            Credential::new(DEMO_TEMP_SECRET_ID, DEMO_TEMP_SECRET_KEY, Some(DEMO_TOKEN)),
        ]
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("secret_id", &super::log::mask_secret_id(&self.secret_id))
            .field("secret_key", &"***")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    pub credentials: Vec<Credential>,
    pub world: World,
    /// How long an attach, detach or migrate stays RUNNING.
    pub task_delay: Duration,
    /// Requests per second per (action, region); 0 turns the limit off.
    pub rate_limit: u32,
    /// Faults active from the start.
    pub faults: Vec<Fault>,
    /// Echo one line per request to stderr.
    pub log_to_stderr: bool,
    /// Also append those lines to this file.
    pub log_file: Option<PathBuf>,
    /// The service's clock minus the real one, in seconds: shows how a client copes with a
    /// machine whose clock is off (`AuthFailure.SignatureExpire`, the `Date` header).
    pub clock_offset_secs: i64,
    /// How long every temporary credential it issues lasts (sts, the CVM role); None: as
    /// requested (`DurationSeconds`, 7200 s by default).
    pub temp_lifetime: Option<Duration>,
    /// The CAM role the metadata paths report; None: no role bound (they answer 404).
    pub cvm_role: Option<String>,
    /// CloudAudit: the delay before an event is listed, the keys without its rights, the seed.
    pub audit: super::audit::AuditConfig,
    /// A request refused by the rate limit counts against it too, as the real service counts
    /// every try (off by default: most tests want a plain token bucket).
    pub count_refused_tries: bool,
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            credentials: Credential::demo(),
            world: World::default_world(),
            task_delay: DEFAULT_TASK_DELAY,
            rate_limit: DEFAULT_RATE_LIMIT,
            faults: Vec::new(),
            log_to_stderr: false,
            log_file: None,
            clock_offset_secs: 0,
            temp_lifetime: None,
            cvm_role: Some(super::sts::DEFAULT_CVM_ROLE.to_owned()),
            audit: Default::default(),
            count_refused_tries: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_values_have_real_shapes() {
        assert_eq!(DEMO_SECRET_ID.len(), 36);
        assert!(DEMO_SECRET_ID.starts_with("AKID"));
        assert_eq!(DEMO_SECRET_KEY.len(), 32);
        assert_eq!(DEMO_TEMP_SECRET_ID.len(), 36);
        assert_eq!(DEMO_TEMP_SECRET_KEY.len(), 32);
    }

    #[test]
    fn debug_hides_the_key_and_token() {
        let text = format!("{:?}", Credential::demo());
        assert!(!text.contains(DEMO_SECRET_KEY) && !text.contains(DEMO_TOKEN));
    }
}
