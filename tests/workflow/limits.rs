//! The client-side rate limiter keeps a burst inside the service's limit.

use crate::support::*;
use std::sync::Arc;
use tceni::api::{ClientConfig, EndpointRule, Polled, RetryPolicy};
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

/// A poll waiting its turn under the rate limit is not abandoned before it is sent: its answer
/// window starts when it leaves the limiter. (Fifty runbook steps following their tasks at once
/// once had every poll abandoned in the queue, unsent, and queued again: 82 s for 5 s of work.)
#[tokio::test]
async fn a_poll_waiting_its_turn_under_the_rate_limit_keeps_its_whole_answer_window() {
    let rig = rig().await;
    let config =
        ClientConfig { retry: RetryPolicy::none(), rate_limit: 2, ..fast_config(&rig.sandbox.url()) };
    let credential = Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None);
    let client = Arc::new(tceni::api::Client::new(credential, config).unwrap());
    let plan =
        Plan::new(&PlanInput::new(Kind::Attach, REGION, GOOD_ENI, GOOD_INSTANCE), &EndpointRule::default())
            .unwrap();
    let task = client.start_task(&plan.request().call()).await.expect("the attach is accepted");

    // Six polls at 2 a second: the last leaves the limiter about 2.5 s after the first, far
    // past its 1 s window, which must still be whole once it is sent.
    let polls = (0..6).map(|_| {
        let (client, task) = (client.clone(), task.clone());
        let polled = Polled { since: tokio::time::Instant::now(), within: std::time::Duration::from_secs(1) };
        tokio::spawn(async move { client.describe_vpc_task_result_within(REGION, &task, Some(polled)).await })
    });
    for (i, answer) in futures::future::join_all(polls).await.into_iter().enumerate() {
        let answer = answer.unwrap();
        assert!(answer.is_ok(), "poll {i} was answered, not abandoned in the queue: {answer:?}");
    }
    let asked = rig.sandbox.log().iter().filter(|e| e.action == "DescribeVpcTaskResult").count();
    assert_eq!(asked, 6, "each poll was sent once");
}
