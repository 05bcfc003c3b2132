//! The client-side rate limiter keeps a burst inside the service's limit.

use crate::support::*;
use std::sync::Arc;
use tceni::api::{AttachRequest, ClientConfig, RetryPolicy};
use tceni::credentials::Credential;
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY};

#[tokio::test]
async fn a_burst_of_200_attaches_through_one_client_never_gets_request_limit_exceeded() {
    let rig = rig().await;
    // No retries: a RequestLimitExceeded must not be hidden by a second try.
    let config = ClientConfig { retry: RetryPolicy::none(), ..fast_config(&rig.sandbox.url()) };
    let client = Arc::new(
        tceni::api::Client::new(Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None), config).unwrap(),
    );
    let calls = (0..200).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            // A well-formed ENI that does not exist: the service answers fast and changes nothing.
            let request = AttachRequest {
                region: REGION.into(),
                eni_id: "eni-zzzz9999".into(),
                instance_id: GOOD_INSTANCE.into(),
                attach_type: None,
                client_token: format!("burst-{i}"),
            };
            client.attach_network_interface(&request).await
        })
    });
    let results = futures::future::join_all(calls).await;
    let limited = results
        .iter()
        .filter(|r| matches!(r, Ok(Err(e)) if e.code().starts_with("RequestLimitExceeded")))
        .count();
    assert_eq!(limited, 0);
    let log = rig.sandbox.log();
    assert_eq!(log.iter().filter(|e| e.action == "AttachNetworkInterface").count(), 200);
    assert!(log.iter().all(|e| !e.outcome.starts_with("RequestLimitExceeded")));
}

#[tokio::test]
async fn without_the_limiter_the_same_burst_is_refused_by_the_sandbox() {
    // Proves the test above can fail: the sandbox does enforce 50/s.
    let rig = rig().await;
    let config =
        ClientConfig { retry: RetryPolicy::none(), rate_limit: 0, ..fast_config(&rig.sandbox.url()) };
    let client = Arc::new(
        tceni::api::Client::new(Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None), config).unwrap(),
    );
    let calls = (0..120).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            let request = AttachRequest {
                region: REGION.into(),
                eni_id: "eni-zzzz9999".into(),
                instance_id: GOOD_INSTANCE.into(),
                attach_type: None,
                client_token: format!("burst-{i}"),
            };
            client.attach_network_interface(&request).await
        })
    });
    let results = futures::future::join_all(calls).await;
    let limited =
        results.iter().filter(|r| matches!(r, Ok(Err(e)) if e.code() == "RequestLimitExceeded")).count();
    assert!(limited > 0);
}
