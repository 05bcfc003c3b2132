//! What preflight and verification need to know, described from the service: concurrently,
//! and with "not found" read as absence (which preflight reports as a rule).

use super::preflight::Facts;
use crate::api::actions::EniLimit;
use crate::api::{ApiError, AttachType, Client, Filter};
use crate::attempt::Located;
use crate::plan::Plan;

/// Describe the ENI, the instances the plan names, and the destination's limit and ENIs.
pub async fn gather(client: &Client, plan: &Plan) -> Result<Facts, ApiError> {
    gather_knowing(client, plan, None).await
}

/// [`gather`], with the destination's ENI limit already known (`known_limit`): it is not asked
/// again. A limit follows the instance's type, which no ENI operation changes, so a runbook's
/// steps take it from the whole-plan describe made just before (DescribeNetworkInterfaceLimit
/// allows 20 calls a second: 50 steps asking again would wait 2.5 s for them).
pub async fn gather_knowing(
    client: &Client,
    plan: &Plan,
    known_limit: Option<EniLimit>,
) -> Result<Facts, ApiError> {
    let region = plan.region.as_str();
    let named: Vec<&str> =
        [plan.source(), plan.destination()].into_iter().flatten().map(|i| i.as_str()).collect();
    let destination = plan.destination().map(|i| i.as_str());
    let attached_filter = destination.map(|to| [Filter::new("attachment.instance-id", &[to])]);
    let (eni, instances, limit, attached) = tokio::join!(
        client.describe_network_interface(region, plan.eni.as_str()),
        client.describe_instances(region, &named, &[]),
        async {
            match (destination, known_limit) {
                (Some(_), Some(known)) => Ok(Some(known)),
                (Some(to), None) => client.describe_network_interface_limit(region, to).await.map(Some),
                (None, _) => Ok(None),
            }
        },
        async {
            match &attached_filter {
                Some(filter) => client.describe_network_interfaces(region, &[], filter).await,
                None => Ok(Vec::new()),
            }
        },
    );
    let instances = absent_if_not_found(instances)?.unwrap_or_default();
    let attached = absent_if_not_found(attached)?.unwrap_or_default();
    let destination_known = destination.is_some_and(|to| instances.iter().any(|i| i.id == to));
    Ok(Facts {
        eni: eni?,
        limit: if destination_known { absent_if_not_found(limit)?.flatten() } else { None },
        attached_to_destination: attached.len(),
        attached_extended: attached
            .iter()
            .filter(|e| e.attach_type == Some(AttachType::Extended.code()))
            .count(),
        instances,
    })
}

/// Where the ENI is now; None when the service does not know it.
pub async fn locate(client: &Client, plan: &Plan) -> Result<Option<Located>, ApiError> {
    let eni = client.describe_network_interface(&plan.region, plan.eni.as_str()).await?;
    Ok(eni.as_ref().map(Located::of))
}

fn absent_if_not_found<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}
