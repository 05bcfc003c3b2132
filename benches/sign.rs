//! Signing throughput: one TC3-HMAC-SHA256 signature of an AttachNetworkInterface body, the way
//! the client builds it (four signed headers, the JSON body hashed).
//!
//!     cargo bench --bench sign

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tceni::api::sign::{SigningInput, sign};

const KEY: &str = "SANDBOXDEMOKEY000000000000000000";
const BODY: &str = r#"{"NetworkInterfaceId":"eni-m6dyj72l","InstanceId":"ins-r8hr2upy","AttachType":0,"ClientToken":"d7df28fd-dcba-4dbb-82bc-bce3bf4d3562"}"#;

fn signing(c: &mut Criterion) {
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", "vpc.tencentcloudapi.com"),
        ("X-TC-Action", "AttachNetworkInterface"),
        ("X-TC-Region", "ap-guangzhou"),
    ];
    let input = SigningInput {
        method: "POST",
        query: "",
        headers: &headers,
        payload: BODY.as_bytes(),
        service: "vpc",
        timestamp: 1_735_671_234,
    };
    let mut group = c.benchmark_group("sign");
    group.throughput(Throughput::Elements(1)); // reported as signatures per second
    group.bench_function("attach_network_interface", |b| {
        b.iter(|| sign(black_box(KEY), black_box(&input)).signature)
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = signing
}
criterion_main!(benches);
