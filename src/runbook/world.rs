//! The world a runbook starts from, described once: every ENI and instance it names, the ENIs
//! on those instances (their slots), and each destination's ENI limit. Concurrent, paged, at
//! most 100 IDs a call, within the client's per-action quotas.

use crate::api::{ApiError, Client, Filter, Instance, NetworkInterface, actions::EniLimit};
use crate::plan::Plan;
use futures::future::try_join_all;
use std::collections::{BTreeSet, HashMap};

/// A resource in a region: (region, ID).
pub type Key = (String, String);

fn key(region: &str, id: &str) -> Key {
    (region.to_string(), id.to_string())
}

/// What the service said, before any step.
#[derive(Debug, Clone, Default)]
pub struct Described {
    pub enis: HashMap<Key, NetworkInterface>,
    pub instances: HashMap<Key, Instance>,
    /// Destinations' limits; absent when it could not be read (preflight warns).
    pub limits: HashMap<Key, EniLimit>,
}

/// At most this many IDs in one Describe call (the API's own bound).
const IDS_PER_CALL: usize = 100;
/// At most this many values in one filter.
const VALUES_PER_FILTER: usize = 5;

/// Describe everything the plans name, each ENI and instance once.
pub async fn describe<'a>(
    client: &Client,
    plans: impl IntoIterator<Item = &'a Plan>,
) -> Result<Described, ApiError> {
    let mut regions: HashMap<String, Named> = HashMap::new();
    for plan in plans {
        let named = regions.entry(plan.region.clone()).or_default();
        named.enis.insert(plan.eni.to_string());
        named
            .instances
            .extend([plan.source(), plan.destination()].into_iter().flatten().map(|i| i.to_string()));
        named.destinations.extend(plan.destination().map(|i| i.to_string()));
    }
    let described =
        try_join_all(regions.iter().map(|(region, named)| describe_region(client, region, named)));
    let mut world = Described::default();
    for part in described.await? {
        world.enis.extend(part.enis);
        world.instances.extend(part.instances);
        world.limits.extend(part.limits);
    }
    Ok(world)
}

#[derive(Debug, Default)]
struct Named {
    enis: BTreeSet<String>,
    instances: BTreeSet<String>,
    destinations: BTreeSet<String>,
}

async fn describe_region(client: &Client, region: &str, named: &Named) -> Result<Described, ApiError> {
    let enis: Vec<&str> = named.enis.iter().map(String::as_str).collect();
    let instances: Vec<&str> = named.instances.iter().map(String::as_str).collect();
    let by_id = try_join_all(enis.chunks(IDS_PER_CALL).map(|ids| {
        each_if_one_is_missing(ids, move |ids| client.describe_network_interfaces(region, ids, &[]))
    }));
    // The ENIs already on the named instances: the slots each step counts.
    let on_instances = try_join_all(instances.chunks(VALUES_PER_FILTER).map(|ids| async move {
        let filter = [Filter::new("attachment.instance-id", ids)];
        not_found_is_none(client.describe_network_interfaces(region, &[], &filter)).await
    }));
    let found_instances = try_join_all(
        instances
            .chunks(IDS_PER_CALL)
            .map(|ids| each_if_one_is_missing(ids, move |ids| client.describe_instances(region, ids, &[]))),
    );
    let limits = try_join_all(named.destinations.iter().map(|id| async move {
        let limit = not_found_is_none(client.describe_network_interface_limit(region, id)).await?;
        Ok::<_, ApiError>(limit.map(|l| (key(region, id), l)))
    }));
    let (by_id, on_instances, found_instances, limits) =
        tokio::try_join!(by_id, on_instances, found_instances, limits)?;
    let enis = by_id.into_iter().flatten().chain(on_instances.into_iter().flatten().flatten());
    Ok(Described {
        enis: enis.map(|e| (key(region, &e.id), e)).collect(),
        instances: found_instances.into_iter().flatten().map(|i| (key(region, &i.id), i)).collect(),
        limits: limits.into_iter().flatten().collect(),
    })
}

/// "Not found" is an answer: the resource is absent, which the rules report.
async fn not_found_is_none<T>(
    call: impl Future<Output = Result<T, ApiError>>,
) -> Result<Option<T>, ApiError> {
    match call.await {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Describe `ids` in one call; where the service answers "not found" for the batch (one ID it
/// does not know), each ID is asked alone so the others are still known.
async fn each_if_one_is_missing<'a, T, F, Fut>(ids: &'a [&'a str], describe: F) -> Result<Vec<T>, ApiError>
where
    F: Fn(&'a [&'a str]) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    match describe(ids).await {
        Err(e) if e.is_not_found() && ids.len() > 1 => {
            let each = try_join_all(ids.chunks(1).map(|one| not_found_is_none(describe(one)))).await?;
            Ok(each.into_iter().flatten().flatten().collect())
        }
        Err(e) if e.is_not_found() => Ok(Vec::new()),
        other => other,
    }
}
