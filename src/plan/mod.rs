//! The plan: exactly what will be sent, built once and purely (no client, no I/O) from what the
//! operator typed. The CLI, the terminal app, the dry run, the workflow and the history row all
//! hold this one value; the HTTP call is derived from it in [`Plan::request`] and nowhere else.

pub(crate) mod ids;

pub use ids::{EniId, IdError, InstanceId};

use crate::api::{AttachType, EndpointRule, Service};
use serde_json::{Value, json};
use std::str::FromStr;

/// Which of the three changes: the operation without its data (form switches, history filters).
/// Its text (Display, [`Kind::verb`]) is the operator's word: `attach`, `detach`, `move`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, strum::Display, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "lowercase")]
pub enum Kind {
    Attach,
    Detach,
    Move,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Attach, Kind::Detach, Kind::Move];

    /// The API action; also the text stored in history (part of the file format: never rename).
    pub fn action(self) -> &'static str {
        match self {
            Kind::Attach => "AttachNetworkInterface",
            Kind::Detach => "DetachNetworkInterface",
            Kind::Move => "MigrateNetworkInterface",
        }
    }

    /// The operator's word for it.
    pub fn verb(self) -> &'static str {
        self.into()
    }

    /// Whether the API takes a ClientToken, which makes a re-send after a lost answer safe.
    pub fn has_client_token(self) -> bool {
        self != Kind::Move
    }

    /// Whether the API takes an AttachType.
    pub fn has_attach_type(self) -> bool {
        self != Kind::Detach
    }
}

/// A stored action text that names no known operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown action '{0}'")]
pub struct UnknownAction(pub String);

impl FromStr for Kind {
    type Err = UnknownAction;
    /// The API action (as stored) or the verb.
    fn from_str(text: &str) -> Result<Self, UnknownAction> {
        Kind::ALL
            .into_iter()
            .find(|k| k.action() == text || k.verb() == text)
            .ok_or_else(|| UnknownAction(text.to_string()))
    }
}

/// The operation with exactly the data its API call takes: a move cannot carry a ClientToken,
/// a detach cannot carry an AttachType.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    Attach { instance: InstanceId, attach_type: Option<AttachType>, client_token: String },
    Detach { instance: InstanceId, client_token: String },
    Move { from: InstanceId, to: InstanceId, attach_type: Option<AttachType> },
}

/// What the operator typed, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInput {
    pub kind: Kind,
    pub region: String,
    pub eni: String,
    /// Attach: the instance to attach to. Detach: the instance to detach from. Move: the source.
    pub instance: String,
    /// Move only: the destination instance.
    pub destination: String,
    /// None: omitted from the request (the service's default, standard).
    pub attach_type: Option<AttachType>,
    /// None: a fresh UUID, reused on every retry of this attempt.
    pub client_token: Option<String>,
}

impl PlanInput {
    pub fn new(kind: Kind, region: &str, eni: &str, instance: &str) -> Self {
        PlanInput {
            kind,
            region: region.into(),
            eni: eni.into(),
            instance: instance.into(),
            destination: String::new(),
            attach_type: None,
            client_token: None,
        }
    }

    /// A move of `eni` from `from` to `to`.
    pub fn move_between(region: &str, eni: &str, from: &str, to: &str) -> Self {
        PlanInput { destination: to.into(), ..PlanInput::new(Kind::Move, region, eni, from) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Id(#[from] IdError),
    /// `suggested`: the region ID an alias or a name typed for it resolves to.
    #[error("{}", match suggested {
        Some(id) => crate::tr!("plan-region-suggested", typed = typed.as_str(), suggested = id.as_str()),
        None => crate::tr!("plan-region", typed = typed.as_str()),
    })]
    Region { typed: String, suggested: Option<String> },
    #[error("{}", crate::tr!("plan-client-token"))]
    ClientToken,
    #[error("{}", crate::tr!("plan-no-client-token", action = .0.to_string()))]
    NoClientToken(Kind),
    #[error("{}", crate::tr!("plan-no-attach-type", action = .0.to_string()))]
    NoAttachType(Kind),
    #[error("{}", crate::tr!("plan-same-instance", instance = .0.to_string()))]
    SameInstance(InstanceId),
}

/// A checked request: exactly what will be sent, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub region: String,
    /// The VPC endpoint URL the call goes to.
    pub endpoint: String,
    pub eni: EniId,
    pub operation: Operation,
}

/// The HTTP-level call a plan makes: the action and the exact parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub action: &'static str,
    pub region: String,
    pub params: Value,
    /// False when the API has no idempotency token: never re-send after a try that may have
    /// been delivered.
    pub replayable: bool,
}

impl Request {
    pub fn call(&self) -> crate::api::Call<'_> {
        crate::api::Call {
            service: Service::Vpc,
            action: self.action,
            region: Some(&self.region),
            params: &self.params,
            replayable: self.replayable,
        }
    }
}

impl Plan {
    /// Check the input and fix what will be sent. The only way to make a plan.
    pub fn new(input: &PlanInput, endpoints: &EndpointRule) -> Result<Plan, PlanError> {
        let eni = EniId::parse(&input.eni)?;
        let instance = InstanceId::parse(&input.instance)?;
        let region = parse_region(&input.region)?;
        if !input.kind.has_attach_type() && input.attach_type.is_some() {
            return Err(PlanError::NoAttachType(input.kind));
        }
        let operation = match input.kind {
            Kind::Attach => Operation::Attach {
                instance,
                attach_type: input.attach_type,
                client_token: client_token(input.client_token.as_deref())?,
            },
            Kind::Detach => {
                Operation::Detach { instance, client_token: client_token(input.client_token.as_deref())? }
            }
            Kind::Move => {
                if input.client_token.is_some() {
                    return Err(PlanError::NoClientToken(Kind::Move));
                }
                let to = InstanceId::parse(&input.destination)?;
                if to == instance {
                    return Err(PlanError::SameInstance(to));
                }
                Operation::Move { from: instance, to, attach_type: input.attach_type }
            }
        };
        Ok(Plan { endpoint: endpoints.vpc_url(&region), region, eni, operation })
    }

    /// A plan as a history row stored it, checked as [`Plan::new`] checks one (the IDs, the
    /// token, the operation's fields); the endpoint is the one the row was sent to.
    #[allow(clippy::too_many_arguments)]
    pub fn from_stored(
        kind: Kind,
        region: &str,
        endpoint: &str,
        eni: &str,
        instance: &str,
        destination: Option<&str>,
        attach_type: Option<u32>,
        client_token: &str,
    ) -> Result<Plan, PlanError> {
        let attach_type = match attach_type {
            None => None,
            Some(0) => Some(AttachType::Standard),
            Some(_) => Some(AttachType::Extended),
        };
        let input = PlanInput {
            destination: destination.unwrap_or_default().to_string(),
            attach_type,
            client_token: kind.has_client_token().then(|| client_token.to_string()),
            ..PlanInput::new(kind, region, eni, instance)
        };
        let plan = Plan::new(&input, &EndpointRule::default())?;
        Ok(Plan { endpoint: endpoint.to_string(), ..plan })
    }

    pub fn kind(&self) -> Kind {
        match self.operation {
            Operation::Attach { .. } => Kind::Attach,
            Operation::Detach { .. } => Kind::Detach,
            Operation::Move { .. } => Kind::Move,
        }
    }

    pub fn client_token(&self) -> Option<&str> {
        match &self.operation {
            Operation::Attach { client_token, .. } | Operation::Detach { client_token, .. } => {
                Some(client_token)
            }
            Operation::Move { .. } => None,
        }
    }

    pub fn attach_type(&self) -> Option<AttachType> {
        match self.operation {
            Operation::Attach { attach_type, .. } | Operation::Move { attach_type, .. } => attach_type,
            Operation::Detach { .. } => None,
        }
    }

    /// The instance the ENI must be on before: detach's instance, a move's source.
    pub fn source(&self) -> Option<&InstanceId> {
        match &self.operation {
            Operation::Attach { .. } => None,
            Operation::Detach { instance, .. } => Some(instance),
            Operation::Move { from, .. } => Some(from),
        }
    }

    /// Where the ENI is once the plan is carried out; None: attached to nothing.
    pub fn destination(&self) -> Option<&InstanceId> {
        match &self.operation {
            Operation::Attach { instance, .. } => Some(instance),
            Operation::Detach { .. } => None,
            Operation::Move { to, .. } => Some(to),
        }
    }

    /// The instance the history row names first: attach/detach's instance, a move's source.
    pub fn instance(&self) -> &InstanceId {
        match &self.operation {
            Operation::Attach { instance, .. } | Operation::Detach { instance, .. } => instance,
            Operation::Move { from, .. } => from,
        }
    }

    /// A move's destination (the history row's second instance).
    pub fn move_destination(&self) -> Option<&InstanceId> {
        match &self.operation {
            Operation::Move { to, .. } => Some(to),
            _ => None,
        }
    }

    /// The call, derived here and nowhere else.
    pub fn request(&self) -> Request {
        let mut params = json!({ "NetworkInterfaceId": self.eni.as_str() });
        match &self.operation {
            Operation::Attach { instance, client_token, .. }
            | Operation::Detach { instance, client_token } => {
                params["InstanceId"] = json!(instance.as_str());
                params["ClientToken"] = json!(client_token);
            }
            Operation::Move { from, to, .. } => {
                params["SourceInstanceId"] = json!(from.as_str());
                params["DestinationInstanceId"] = json!(to.as_str());
            }
        }
        if let Some(kind) = self.attach_type() {
            params["AttachType"] = json!(kind.code());
        }
        let replayable = self.client_token().is_some();
        Request { action: self.kind().action(), region: self.region.clone(), params, replayable }
    }

    /// One line: `attach eni-… → ins-…`, `move eni-… ins-… → ins-…`, `detach eni-… from ins-…`.
    /// In the run's language.
    pub fn summary(&self) -> String {
        let eni = self.eni.as_str();
        match &self.operation {
            Operation::Attach { instance, .. } => {
                crate::tr!("plan-summary-attach", eni = eni, instance = instance.as_str())
            }
            Operation::Detach { instance, .. } => {
                crate::tr!("plan-summary-detach", eni = eni, instance = instance.as_str())
            }
            Operation::Move { from, to, .. } => {
                crate::tr!("plan-summary-move", eni = eni, from = from.as_str(), to = to.as_str())
            }
        }
    }
}

fn parse_region(text: &str) -> Result<String, PlanError> {
    let region = text.trim();
    let well_formed = region.split('-').count() >= 2
        && region
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if well_formed {
        return Ok(region.to_string());
    }
    // A script names its region exactly; an alias or a name is only ever suggested here.
    let suggested = crate::catalog::resolve_region_id(region).ok().map(|id| id.to_string());
    // The text is the operator's, shown back to them: escaped, so a pasted escape sequence is
    // seen rather than obeyed.
    Err(PlanError::Region { typed: crate::api::text::from_server(text), suggested })
}

fn client_token(given: Option<&str>) -> Result<String, PlanError> {
    let token = given.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_string);
    if token.is_empty() || token.len() > 64 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(PlanError::ClientToken);
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind's texts are stored (history's action column) and printed (JSON `action`):
    /// they never change, whatever derives them.
    #[test]
    fn a_kind_reads_and_writes_the_same_texts() {
        let texts: Vec<(String, &str, &str)> =
            Kind::ALL.iter().map(|k| (k.to_string(), k.verb(), k.action())).collect();
        assert_eq!(
            texts,
            [
                ("attach".into(), "attach", "AttachNetworkInterface"),
                ("detach".into(), "detach", "DetachNetworkInterface"),
                ("move".into(), "move", "MigrateNetworkInterface"),
            ]
        );
        for kind in Kind::ALL {
            assert_eq!(kind.verb().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.action().parse::<Kind>(), Ok(kind));
        }
        assert!("Attach".parse::<Kind>().is_err(), "stored texts are matched exactly");
    }

    /// A runbook writes `standard`/`extended`; the screens show the word and the API's number.
    #[test]
    fn an_attach_type_reads_its_runbook_word_and_shows_its_number() {
        assert_eq!("standard".parse(), Ok(AttachType::Standard));
        assert_eq!("extended".parse(), Ok(AttachType::Extended));
        assert!("Extended".parse::<AttachType>().is_err());
        assert_eq!(
            (AttachType::Standard.label(), AttachType::Extended.label()),
            ("standard (0)".into(), "extended (1)".into())
        );
    }

    fn rule() -> EndpointRule {
        EndpointRule::default()
    }

    #[test]
    fn an_attach_plan_sends_its_token_and_the_attach_type_only_when_chosen() {
        let mut input = PlanInput::new(Kind::Attach, " ap-guangzhou ", "eni-m6dyj72l", "ins-r8hr2upy");
        input.client_token = Some("t-1".into());
        let plan = Plan::new(&input, &rule()).unwrap();
        assert_eq!(plan.region, "ap-guangzhou");
        assert_eq!(plan.endpoint, "https://vpc.tencentcloudapi.com/");
        let request = plan.request();
        assert_eq!(request.action, "AttachNetworkInterface");
        assert!(request.replayable);
        assert_eq!(
            request.params,
            json!({"NetworkInterfaceId": "eni-m6dyj72l", "InstanceId": "ins-r8hr2upy", "ClientToken": "t-1"})
        );
        input.attach_type = Some(AttachType::Extended);
        assert_eq!(Plan::new(&input, &rule()).unwrap().request().params["AttachType"], json!(1));
    }

    #[test]
    fn a_move_names_both_instances_and_never_carries_a_token() {
        let mut input =
            PlanInput::move_between("ap-guangzhou", "eni-m6dyj72l", "ins-aaaa1111", "ins-bbbb2222");
        let plan = Plan::new(&input, &rule()).unwrap();
        let request = plan.request();
        assert_eq!(request.action, "MigrateNetworkInterface");
        assert!(!request.replayable, "no ClientToken: a maybe-delivered try is never re-sent");
        assert_eq!(
            request.params,
            json!({"NetworkInterfaceId": "eni-m6dyj72l", "SourceInstanceId": "ins-aaaa1111",
                   "DestinationInstanceId": "ins-bbbb2222"})
        );
        assert_eq!(plan.client_token(), None);
        assert_eq!(plan.source().unwrap().as_str(), "ins-aaaa1111");
        assert_eq!(plan.destination().unwrap().as_str(), "ins-bbbb2222");

        input.client_token = Some("t".into());
        assert_eq!(Plan::new(&input, &rule()), Err(PlanError::NoClientToken(Kind::Move)));
        input.client_token = None;
        input.destination = "ins-aaaa1111".into();
        assert!(matches!(Plan::new(&input, &rule()), Err(PlanError::SameInstance(_))));
        input.destination = "ins-bad".into();
        assert!(matches!(Plan::new(&input, &rule()), Err(PlanError::Id(_))));
    }

    #[test]
    fn a_detach_goes_nowhere_and_takes_no_attach_type() {
        let mut input = PlanInput::new(Kind::Detach, "ap-guangzhou", "eni-m6dyj72l", "ins-r8hr2upy");
        let plan = Plan::new(&input, &rule()).unwrap();
        assert_eq!(plan.destination(), None);
        assert_eq!(plan.request().params.get("AttachType"), None);
        input.attach_type = Some(AttachType::Standard);
        assert_eq!(Plan::new(&input, &rule()), Err(PlanError::NoAttachType(Kind::Detach)));
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let mut input = PlanInput::new(Kind::Attach, "Guangzhou", "eni-m6dyj72l", "ins-r8hr2upy");
        let refused = Plan::new(&input, &rule()).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "region 'Guangzhou' is not a Tencent Cloud region ID (did you mean ap-guangzhou?)"
        );
        input.region = "atlantis".into();
        assert!(Plan::new(&input, &rule()).unwrap_err().to_string().ends_with("(for example ap-guangzhou)"));
        input.region = "ap-guangzhou".into();
        input.client_token = Some("x".repeat(65));
        assert_eq!(Plan::new(&input, &rule()), Err(PlanError::ClientToken));
    }

    #[test]
    fn kinds_read_back_from_their_stored_text_and_their_verb() {
        for kind in Kind::ALL {
            assert_eq!(kind.action().parse::<Kind>().unwrap(), kind);
            assert_eq!(kind.verb().parse::<Kind>().unwrap(), kind);
        }
        assert!("Attach".parse::<Kind>().is_err());
    }
}
