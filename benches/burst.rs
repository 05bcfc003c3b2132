//! A burst through one client: 500 AttachNetworkInterface calls at once through one `Client`
//! with its default limiter (50/s per action and region), against an in-process sandbox that
//! enforces the service's limit (a 50/s token bucket). Prints the achieved rate and how many
//! calls earned `RequestLimitExceeded` (the limiter's job is that none do). About 10 s.
//!
//!     cargo bench --bench burst

use std::time::{Duration, Instant};

use futures::future::join_all;
use tceni::api::{Client, ClientConfig, RetryPolicy};
use tceni::credentials::Credential;
use tceni::plan::{Kind, Plan, PlanInput};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

const CALLS: usize = 500;
const RATE: u32 = 50;

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` passes nothing and expects
    // a quick exit.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(burst());
}

async fn burst() {
    let sandbox = Sandbox::start(SandboxConfig {
        rate_limit: RATE,
        task_delay: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let config = ClientConfig {
        endpoint_override: Some(sandbox.url()),
        // No retries: a refused call must show up here, not be hidden by a second try.
        retry: RetryPolicy::none(),
        ..ClientConfig::default()
    };
    assert_eq!(config.rate_limit, RATE, "the bench measures the default limiter");
    let client = Client::new(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY), config).unwrap();
    // One ClientToken for every call: after the first is done, the others are idempotent
    // repeats, each answered with success and no second change.
    let input = PlanInput {
        client_token: Some("tceni-bench-burst-0000".into()),
        ..PlanInput::new(Kind::Attach, "ap-guangzhou", "eni-free0001", "ins-web00001")
    };
    let request = Plan::new(&input, &client.endpoint_rule()).unwrap().request();

    let started = Instant::now();
    let results = join_all((0..CALLS).map(|_| async {
        let result = client.start_task(&request.call()).await;
        (result, started.elapsed())
    }))
    .await;
    let elapsed = started.elapsed();

    let last_answer = results.iter().map(|(_, at)| *at).max().unwrap_or(elapsed);
    let mut ok = 0;
    let mut limited = 0;
    let mut other = std::collections::BTreeMap::<String, usize>::new();
    for (result, _) in &results {
        match result {
            Ok(_) => ok += 1,
            Err(e) if e.to_string().contains("RequestLimitExceeded") => limited += 1,
            Err(e) => *other.entry(e.to_string()).or_default() += 1,
        }
    }
    let refused_by_sandbox =
        sandbox.log().iter().filter(|e| e.outcome.contains("RequestLimitExceeded")).count();
    // Evenly spaced calls: N calls span N-1 intervals.
    let rate = (CALLS - 1) as f64 / last_answer.as_secs_f64();
    println!("burst: {CALLS} attaches through one Client (limiter {RATE}/s) against a {RATE}/s sandbox");
    println!("  wall time          {:.3} s", elapsed.as_secs_f64());
    println!(
        "  achieved rate      {rate:.2}/s ({:+.2}% of {RATE}/s)",
        (rate / f64::from(RATE) - 1.0) * 100.0
    );
    println!("  accepted           {ok}");
    println!("  RequestLimitExceeded  {limited} at the client, {refused_by_sandbox} in the sandbox log");
    for (error, n) in &other {
        println!("  other error x{n}: {error}");
    }
}
