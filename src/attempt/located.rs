//! Where the ENI was found when it was described: what the operator needs to bring the NIC up
//! inside the OS, and what settles an attempt whose answer was lost.

use crate::api::NetworkInterface;
use crate::plan::Plan;
use serde::{Deserialize, Serialize};

/// The instance an ENI is attached to, with the NIC's identity on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub instance: String,
    pub device_index: Option<u64>,
    pub mac: String,
    pub primary_ip: Option<String>,
}

/// The ENI as described: attached somewhere, or to nothing, and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    pub placement: Option<Placement>,
    /// The ENI's state (`AVAILABLE`, `ATTACHING`, …); empty when not known (a row written
    /// before the state was stored).
    #[serde(default)]
    pub state: String,
}

impl Located {
    pub fn of(eni: &NetworkInterface) -> Self {
        let placement = eni.attachment.as_ref().filter(|a| !a.instance_id.is_empty()).map(|a| Placement {
            instance: a.instance_id.clone(),
            device_index: a.device_index,
            mac: eni.mac_address.clone(),
            primary_ip: eni.primary_ip().map(str::to_string),
        });
        Located { placement, state: eni.state.clone() }
    }

    pub fn instance(&self) -> Option<&str> {
        self.placement.as_ref().map(|p| p.instance.as_str())
    }

    /// Settled (not ATTACHING, DETACHING, …) and where the plan puts it.
    pub fn matches(&self, plan: &Plan) -> bool {
        self.settled() && self.instance() == plan.destination().map(|i| i.as_str())
    }

    /// Settled and still where it was before the plan (a move's source, a detach's instance;
    /// nothing for an attach).
    pub fn unchanged(&self, plan: &Plan) -> bool {
        self.settled() && self.instance() == plan.source().map(|i| i.as_str())
    }

    pub fn settled(&self) -> bool {
        crate::api::actions::is_settled_state(&self.state)
    }

    /// One line in the run's language: `on ins-… (device 1, MAC …, IP 10.0.0.5)` or `attached
    /// to no instance`, with the state when it is not settled.
    pub fn describe(&self) -> String {
        let state = if self.settled() { "settled" } else { self.state.as_str() };
        match &self.placement {
            Some(p) => crate::tr!(
                "located-on",
                instance = p.instance.as_str(),
                device = p.device_index.map_or_else(|| "?".into(), |d| d.to_string()),
                mac = if p.mac.is_empty() { "?" } else { &p.mac },
                ip = p.primary_ip.as_deref().unwrap_or("?"),
                state = state
            ),
            None => crate::tr!("located-nowhere", state = state),
        }
    }

    /// The history's `attachment` column: the placement as JSON, `null` when detached.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.placement).unwrap_or_else(|_| "null".into())
    }
}
