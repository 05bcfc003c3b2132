//! A broken or hostile server, over real HTTP: what the client reads, retries and believes.

use crate::support::{GOOD_ENI, GOOD_INSTANCE, REGION, fast_config};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tceni::api::actions::MAX_PAGES;
use tceni::api::{ApiError, Client, ClientConfig, EndpointRule, RetryPolicy};
use tceni::credentials::Credential;
use tceni::plan::{Kind, Plan, PlanInput, Request};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Fault, FaultKind, Sandbox, SandboxConfig, World};

const ATTACH: &str = "AttachNetworkInterface";

async fn sandbox_with(world: World) -> Sandbox {
    let config =
        SandboxConfig { world, task_delay: Duration::from_millis(50), rate_limit: 0, ..Default::default() };
    Sandbox::start(config).await.unwrap()
}

async fn sandbox() -> Sandbox {
    sandbox_with(World::default_world()).await
}

fn client(config: ClientConfig) -> Client {
    Client::new(Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None), config).unwrap()
}

fn attach_request() -> Request {
    let input = PlanInput::new(Kind::Attach, REGION, GOOD_ENI, GOOD_INSTANCE);
    Plan::new(&input, &EndpointRule::default()).unwrap().request()
}

fn calls(sb: &Sandbox, action: &str) -> usize {
    sb.log().iter().filter(|e| e.action == action).count()
}

/// Anything a terminal would act on rather than print.
fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c))
}

#[tokio::test]
async fn a_huge_answer_is_cut_off_at_the_cap_not_read_to_the_end() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::HugeBody { mib: 100 }).for_action(ATTACH));
    let err = client(fast_config(&sb.url())).start_task(&attach_request().call()).await.unwrap_err();
    // Read to its end, the 100 MB answer is a valid envelope: only the cap makes this an error.
    let ApiError::Undecodable { reason, .. } = &err else { panic!("{err:?}") };
    assert!(reason.contains("larger than 4 MiB"), "{reason}");
    assert!(err.may_have_been_delivered(), "the attach was processed before the answer: maybe carried out");
    assert_eq!(calls(&sb, ATTACH), 1, "an over-cap answer is not retried");
    assert_eq!(sb.state().eni(GOOD_ENI).unwrap().instance.as_deref(), Some(GOOD_INSTANCE));
}

#[tokio::test]
async fn endless_paging_stops_with_an_error() {
    let sb = sandbox().await;
    sb.add_fault(
        Fault::once(FaultKind::EndlessPages).for_action("DescribeNetworkInterfaces").until_cleared(),
    );
    let config = ClientConfig { rate_limit: 0, ..fast_config(&sb.url()) };
    let err = client(config).describe_network_interfaces(REGION, &[], &[]).await.unwrap_err();
    assert!(err.to_string().contains("the server keeps paging"), "{err}");
    assert_eq!(calls(&sb, "DescribeNetworkInterfaces"), MAX_PAGES);
}

/// A listener that counts the connections it accepts and never answers.
async fn counting_listener() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn a_redirect_is_not_followed_retried_or_taken_as_maybe_done() {
    let sb = sandbox().await;
    let (elsewhere, accepted) = counting_listener().await;
    sb.add_fault(Fault::once(FaultKind::Redirect { location: Some(elsewhere.clone()) }).until_cleared());
    let err = client(fast_config(&sb.url())).start_task(&attach_request().call()).await.unwrap_err();
    let ApiError::HttpStatus { status: 307, excerpt, .. } = &err else { panic!("{err:?}") };
    assert!(excerpt.contains(&elsewhere), "{excerpt}");
    assert!(!err.may_have_been_delivered() && !err.retryable());
    // What the operator reads agrees: not "retrying can help".
    let failure = tceni::attach::Failure::from_api(&err);
    assert_eq!(failure.code, "ClientError.Redirect");
    assert!(!failure.retryable(), "{:?}", failure.explanation);
    assert_eq!(calls(&sb, ATTACH), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 0, "the redirect target never heard from us");
    assert_eq!(sb.state().eni(GOOD_ENI).unwrap().instance, None);
}

#[tokio::test]
async fn a_hostile_error_message_reaches_the_caller_escaped() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::HostileError).for_action(ATTACH));
    let err = client(fast_config(&sb.url())).start_task(&attach_request().call()).await.unwrap_err();
    let ApiError::Service(e) = &err else { panic!("{err:?}") };
    for text in [e.message.as_str(), e.request_id.as_deref().unwrap(), &err.to_string()] {
        assert!(!has_controls(text), "{text:?}");
    }
    assert!(e.message.contains(r"\x1b]52;c;") && e.message.contains(r"\x1b[2J"), "{}", e.message);
    assert!(e.message.contains(r"denied\r\n✓ attached eni-forged01"), "{}", e.message);
    assert!(e.request_id.as_deref().unwrap().starts_with(r"\x1b[2J"));
}

#[tokio::test]
async fn names_and_task_output_from_describe_answers_are_escaped() {
    let mut world = World::default_world();
    world.region_mut(REGION).unwrap().eni_mut(GOOD_ENI).unwrap().name =
        "web\u{1b}]0;owned\u{7}\r\nforged".into();
    let sb = sandbox_with(world).await;
    let client = client(fast_config(&sb.url()));
    let enis = client.describe_network_interfaces(REGION, &[GOOD_ENI], &[]).await.unwrap();
    assert_eq!(enis[0].name, r"web\x1b]0;owned\x07\r\nforged");

    sb.add_fault(Fault::once(FaultKind::TaskFailed { reason: Some("no\u{1b}[2J\u{9b}".into()) }));
    let task = client.start_task(&attach_request().call()).await.unwrap();
    let output = loop {
        let result = client.describe_vpc_task_result(REGION, &task).await.unwrap();
        if result.status.is_terminal() {
            break result.output.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(!has_controls(&output) && output.contains(r"no\x1b[2J\u{9b}"), "{output:?}");
}

#[tokio::test]
async fn a_500_after_the_change_is_retried_with_the_same_token_and_attaches_once() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Http500After).for_action(ATTACH));
    let err = client(fast_config(&sb.url())).start_task(&attach_request().call()).await.unwrap_err();
    // The retry carries the same ClientToken, so the service knows the first try's task.
    assert_eq!(err.code(), "UnsupportedOperation.IdempotentProcessing");
    assert_eq!(calls(&sb, ATTACH), 2);
    assert_eq!(sb.state().tasks.len(), 1, "the retry was recognised by its ClientToken");
}

#[tokio::test]
async fn a_persistent_500_after_the_change_is_maybe_done_never_refused() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Http500After).for_action(ATTACH).until_cleared());
    let err = client(fast_config(&sb.url())).start_task(&attach_request().call()).await.unwrap_err();
    assert!(err.may_have_been_delivered(), "{err:?}");
    assert_eq!(sb.state().eni(GOOD_ENI).unwrap().instance.as_deref(), Some(GOOD_INSTANCE));
}

#[tokio::test]
async fn the_timeout_bounds_the_whole_call_not_each_try() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Hang).for_action(ATTACH).until_cleared());
    // Three tries are allowed, but the first one uses up the call's whole time.
    let config = ClientConfig { request_timeout: Duration::from_millis(400), ..fast_config(&sb.url()) };
    let err = client(config).start_task(&attach_request().call()).await.unwrap_err();
    assert!(err.may_have_been_delivered(), "{err:?}");
    assert_eq!(calls(&sb, ATTACH), 1);
}

fn persistent_error(sb: &Sandbox, code: &str) {
    sb.clear_faults();
    sb.add_fault(
        Fault::once(FaultKind::Error { code: code.into(), message: None }).for_action(ATTACH).until_cleared(),
    );
}

async fn tries_for(sb: &Sandbox, config: ClientConfig, code: &str) -> usize {
    let before = calls(sb, ATTACH);
    persistent_error(sb, code);
    let err = client(config).start_task(&attach_request().call()).await.unwrap_err();
    assert_eq!(err.code(), code);
    calls(sb, ATTACH) - before
}

#[tokio::test]
async fn throttling_gets_its_own_longer_retry_budget() {
    let sb = sandbox().await;
    let quick = RetryPolicy {
        max_tries: 6,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    let config = ClientConfig {
        request_timeout: Duration::from_secs(10),
        throttled_retry: quick,
        ..fast_config(&sb.url())
    };
    assert_eq!(tries_for(&sb, config.clone(), "RequestLimitExceeded").await, 6);
    assert_eq!(tries_for(&sb, config.clone(), "LimitExceeded.ActionLimited").await, 6);
    assert_eq!(tries_for(&sb, config.clone(), "InternalError").await, 3, "others keep the usual policy");
    let none = ClientConfig { retry: RetryPolicy::none(), ..config };
    assert_eq!(tries_for(&sb, none, "RequestLimitExceeded").await, 1, "no retries means none");
}
