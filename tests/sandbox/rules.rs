//! The attach rules of the seed world: each documented (ENI, instance) pair answers its code.

use crate::support::*;
use tceni::sandbox::World;

#[tokio::test]
async fn every_scenario_of_the_world_file_answers_its_documented_code() {
    let sb = sandbox().await;
    let world = World::default_world();
    assert!(world.scenarios.len() >= 15);
    for scenario in &world.scenarios {
        sb.reset();
        let body = attach_body(&scenario.eni, &scenario.instance);
        let code = Req::vpc(&sb, "AttachNetworkInterface", &body).region(&scenario.region).code().await;
        assert_eq!(code, scenario.expect, "scenario {}", scenario.name);
    }
}

#[tokio::test]
async fn success() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-web00001").await, "ok");
    assert_eq!(sb.state().eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));
}

#[tokio::test]
async fn success_on_a_stopped_instance() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-free0002", "ins-web00002").await, "ok");
}

#[tokio::test]
async fn success_in_the_finance_region() {
    let sb = sandbox().await;
    let body = attach_body("eni-fsi00001", "ins-fsi00001");
    let answer = Req::vpc(&sb, "AttachNetworkInterface", &body).region("ap-shanghai-fsi").json().await;
    assert_eq!(code(&answer), "ok");
    let task = request_id(&answer);
    let in_guangzhou =
        Req::vpc(&sb, "DescribeVpcTaskResult", &format!(r#"{{"TaskId":"{task}"}}"#)).code().await;
    assert_eq!(in_guangzhou, "ResourceNotFound", "a task answers only in its own region");
}

#[tokio::test]
async fn malformed_ids() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-12345", "ins-web00001").await, "InvalidParameterValue.Malformed");
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-WEB00001").await, "InvalidParameterValue.Malformed");
    assert_eq!(attach_code(&sb, "ins-web00001", "eni-free0001").await, "InvalidParameterValue.Malformed");
}

#[tokio::test]
async fn eni_or_instance_not_found() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-zzzz9999", "ins-web00001").await, "ResourceNotFound");
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-zzzz9999").await, "ResourceNotFound");
    assert_eq!(attach_code(&sb, "eni-fsi00001", "ins-web00001").await, "ResourceNotFound", "other region");
}

#[tokio::test]
async fn vpc_mismatch() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-oth00001").await, "UnsupportedOperation.VpcMismatch");
}

#[tokio::test]
async fn messages_come_in_the_language_asked_for_and_the_code_does_not_change() {
    let sb = sandbox().await;
    let body = attach_body("eni-free0001", "ins-oth00001");
    let message =
        |answer: &serde_json::Value| answer["Response"]["Error"]["Message"].as_str().unwrap().to_string();
    let zh = Req::vpc(&sb, "AttachNetworkInterface", &body).language("zh-CN").json().await;
    let en = Req::vpc(&sb, "AttachNetworkInterface", &body).language("en-US").json().await;
    let unasked = Req::vpc(&sb, "AttachNetworkInterface", &body).json().await;
    assert_eq!(code(&zh), "UnsupportedOperation.VpcMismatch");
    assert_eq!(code(&en), code(&zh));
    assert!(message(&zh).contains("私有网络") && message(&zh).contains("vpc-"), "{}", message(&zh));
    assert!(message(&en).contains("network interface"), "{}", message(&en));
    assert_eq!(message(&unasked), message(&en), "English unless asked");
    let missing = Req::vpc(&sb, "AttachNetworkInterface", &attach_body("eni-zzzz9999", "ins-web00001"));
    assert!(message(&missing.language("zh-CN").json().await).contains("弹性网卡 `eni-zzzz9999`"));
}

#[tokio::test]
async fn zone_mismatch() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-app00001").await, "UnsupportedOperation.ZoneMismatch");
}

#[tokio::test]
async fn instance_state_must_be_running_or_stopped() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-pend0001").await, "UnsupportedOperation.InvalidState");
}

#[tokio::test]
async fn already_attached_here_or_elsewhere() {
    let sb = sandbox().await;
    let code = "UnsupportedOperation.AttachmentAlreadyExists";
    assert_eq!(attach_code(&sb, "eni-sec00001", "ins-web00001").await, code);
    assert_eq!(attach_code(&sb, "eni-sec00001", "ins-web00002").await, code);
    assert_eq!(attach_code(&sb, "eni-pweb0002", "ins-web00001").await, code, "a primary ENI");
}

#[tokio::test]
async fn eni_quota_full() {
    let sb = sandbox().await;
    assert_eq!(attach_code(&sb, "eni-free0003", "ins-full0001").await, "LimitExceeded");
}

#[tokio::test]
async fn unsupported_instance_family() {
    let sb = sandbox().await;
    let code = attach_code(&sb, "eni-free0003", "ins-bms00001").await;
    assert_eq!(code, "UnsupportedOperation.UnsupportedInstanceFamily");
}

#[tokio::test]
async fn eni_without_security_group() {
    let sb = sandbox().await;
    let answer =
        Req::vpc(&sb, "AttachNetworkInterface", &attach_body("eni-nosg0001", "ins-web00001")).json().await;
    assert_eq!(code(&answer), "UnsupportedOperation");
    assert!(answer["Response"]["Error"]["Message"].as_str().unwrap().contains("security group"));
}

#[tokio::test]
async fn parameters_are_checked() {
    let sb = sandbox().await;
    let attach = |body: &str| Req::vpc(&sb, "AttachNetworkInterface", body);
    assert_eq!(attach(r#"{"NetworkInterfaceId":"eni-free0001"}"#).code().await, "MissingParameter");
    let unknown = r#"{"NetworkInterfaceId":"eni-free0001","InstanceId":"ins-web00001","Force":true}"#;
    assert_eq!(attach(unknown).code().await, "UnknownParameter");
    let wrong_type = r#"{"NetworkInterfaceId":"eni-free0001","InstanceId":"ins-web00001","AttachType":"0"}"#;
    assert_eq!(attach(wrong_type).code().await, "InvalidParameter");
    assert_eq!(attach("not json at all").code().await, "InvalidParameter");
    assert_eq!(attach(r#"["a"]"#).code().await, "InvalidParameter");
    let bad_type = r#"{"NetworkInterfaceId":"eni-free0001","InstanceId":"ins-web00001","AttachType":7}"#;
    assert_eq!(attach(bad_type).code().await, "InvalidParameterValue");
    let long = "x".repeat(65);
    assert_eq!(
        attach(&attach_with_token("eni-free0001", "ins-web00001", &long)).code().await,
        "InvalidParameterValue"
    );
    let non_ascii = attach_with_token("eni-free0001", "ins-web00001", "令牌");
    assert_eq!(attach(&non_ascii).code().await, "InvalidParameterValue");
    let max = "x".repeat(64);
    assert_eq!(attach(&attach_with_token("eni-free0001", "ins-web00001", &max)).code().await, "ok");
}

#[tokio::test]
async fn region_is_required_and_must_exist() {
    let sb = sandbox().await;
    let mut req = Req::vpc(&sb, "AttachNetworkInterface", &attach_body("eni-free0001", "ins-web00001"));
    req.region = None;
    assert_eq!(req.code().await, "UnsupportedRegion");
    assert_eq!(req.region("mars-north-1").code().await, "UnsupportedRegion");
    let known_but_empty = Req::cvm(&sb, "DescribeInstances", "{}").region("ap-beijing").json().await;
    assert_eq!(known_but_empty["Response"]["TotalCount"], 0);
}

#[tokio::test]
async fn routing_by_scope_action_and_version() {
    let sb = sandbox().await;
    assert_eq!(Req::vpc(&sb, "RebootInstances", "{}").code().await, "InvalidAction");
    assert_eq!(
        Req::vpc(&sb, "DescribeInstances", "{}").code().await,
        "InvalidAction",
        "cvm action signed as vpc"
    );
    let mut old = Req::vpc(&sb, "DescribeNetworkInterfaces", "{}");
    old.version = "2016-01-01".into();
    assert_eq!(old.code().await, "NoSuchVersion");
    let mut region_as_vpc = Req::new(&sb, "region", "DescribeRegions", r#"{"Product":"vpc"}"#);
    region_as_vpc.version = "2017-03-12".into();
    assert_eq!(region_as_vpc.code().await, "NoSuchVersion");
}

#[tokio::test]
async fn only_get_and_post_are_served() {
    let sb = sandbox().await;
    let mut req = Req::cvm(&sb, "DescribeInstances", "{}");
    req.method = "PUT";
    assert_eq!(req.code().await, "UnsupportedProtocol");
}

#[tokio::test]
async fn extended_enis_have_their_own_quota() {
    let sb = sandbox().await;
    let extended = |eni: &str, ins: &str| attach_body(eni, ins).replace('}', r#","AttachType":1}"#);
    let web = Req::vpc(&sb, "AttachNetworkInterface", &extended("eni-free0001", "ins-web00001"));
    assert_eq!(web.code().await, "LimitExceeded", "ins-web00001 has no extended slot");
    let standby =
        Req::vpc(&sb, "AttachNetworkInterface", &extended("eni-shfr0001", "ins-stby0001")).region(SH);
    assert_eq!(standby.code().await, "ok");
    assert_eq!(describe_eni_in(&sb, SH, "eni-shfr0001").await["AttachType"], 1);
}
