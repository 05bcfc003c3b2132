//! The client-side rate limiter keeps a burst inside the service's limit.

use crate::support::*;
use std::sync::Arc;
use tceni::api::{ClientConfig, EndpointRule, RetryPolicy};
use tceni::credentials::Credential;
use tceni::plan::{Kind, Plan, PlanInput};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY};

/// `count` attaches at once through one client with this rate limit (0 = none) and no retries,
/// so a RequestLimitExceeded is never hidden by a second try. Returns how many were limited.
async fn burst(rig: &Rig, count: usize, rate_limit: u32) -> usize {
    let config = ClientConfig { retry: RetryPolicy::none(), rate_limit, ..fast_config(&rig.sandbox.url()) };
    let credential = Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None);
    let client = Arc::new(tceni::api::Client::new(credential, config).unwrap());
    let calls = (0..count).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            // A well-formed ENI that does not exist: the service answers fast and changes nothing.
            let input = PlanInput {
                client_token: Some(format!("burst-{i}")),
                ..PlanInput::new(Kind::Attach, REGION, "eni-zzzz9999", GOOD_INSTANCE)
            };
            let plan = Plan::new(&input, &EndpointRule::default()).unwrap();
            client.start_task(&plan.request().call()).await
        })
    });
    let results = futures::future::join_all(calls).await;
    results.iter().filter(|r| matches!(r, Ok(Err(e)) if e.code().starts_with("RequestLimitExceeded"))).count()
}

#[tokio::test]
async fn a_burst_of_200_attaches_through_one_client_never_gets_request_limit_exceeded() {
    let rig = rig().await;
    assert_eq!(burst(&rig, 200, 50).await, 0);
    let log = rig.sandbox.log();
    assert_eq!(log.iter().filter(|e| e.action == "AttachNetworkInterface").count(), 200);
    assert!(log.iter().all(|e| !e.outcome.starts_with("RequestLimitExceeded")));
}

#[tokio::test]
async fn without_the_limiter_the_same_burst_is_refused_by_the_sandbox() {
    // Proves the test above can fail: the sandbox does enforce 50/s.
    let rig = rig().await;
    assert!(burst(&rig, 120, 0).await > 0);
}
