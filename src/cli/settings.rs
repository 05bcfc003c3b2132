//! `tceni config`: every setting in effect and where it came from (like `aws configure list`
//! or `git config --show-origin`), and `tceni config check`: each setting tried for real, one
//! line per check (the first thing to run on a new machine).

use std::time::Instant;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::api::text::from_server;
use crate::api::{Call, Client, Service};
use crate::config::{Origin, Setting};
use crate::credentials;
use crate::tr;

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: Option<ConfigAction>,
    /// The region whose hosts are shown (default: the region in effect).
    #[arg(long, global = true)]
    pub region: Option<String>,
    #[arg(long, value_enum, default_value_t, global = true)]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConfigAction {
    /// Resolve everything, ask sts who the credential is, and reach each service's endpoint
    /// with a harmless describe: one line per check.
    Check,
}

/// One row: the setting's name, its value as shown, where it came from.
struct Row {
    name: String,
    value: Value,
    origin: String,
    layer: &'static str,
}

impl Row {
    fn of<T: Into<Value>>(name: &str, setting: Setting<T>) -> Row {
        Row {
            name: name.into(),
            layer: setting.origin.layer(),
            origin: setting.origin.to_string(),
            value: setting.value.into(),
        }
    }

    fn none(name: &str, origin: &str) -> Row {
        Row { name: name.into(), value: Value::Null, origin: origin.into(), layer: "default" }
    }
}

pub async fn run(global: &GlobalArgs, args: ConfigArgs) -> color_eyre::Result<i32> {
    let ctx = Context::load(global)?;
    match args.action {
        None => Ok(show(&ctx, &args)),
        Some(ConfigAction::Check) => Ok(check(&ctx, &args).await),
    }
}

fn show(ctx: &Context, args: &ConfigArgs) -> i32 {
    let (rows, broken) = rows(ctx, args.region.as_deref());
    match args.output {
        OutputFormat::Json => {
            let settings: serde_json::Map<String, Value> = rows
                .iter()
                .map(|r| (r.name.clone(), json!({ "value": r.value, "from": r.origin, "layer": r.layer })))
                .collect();
            println!("{}", json!({ "settings": settings, "problem": broken }));
        }
        OutputFormat::Text => print_table(&rows),
    }
    if let Some(problem) = broken {
        eprintln!("{}", tr!("cli-error", message = from_server(&problem)));
        return exit::INVALID_INPUT;
    }
    exit::OK
}

fn print_table(rows: &[Row]) {
    let shown = |v: &Value| match v {
        Value::Null => "-".to_owned(),
        Value::String(s) => from_server(s),
        Value::Array(items) => {
            items.iter().map(|i| from_server(i.as_str().unwrap_or_default())).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    };
    let header = [tr!("cli-config-setting"), tr!("cli-config-value"), tr!("cli-config-from")];
    let cells = rows.iter().map(|row| [row.name.clone(), shown(&row.value), from_server(&row.origin)]);
    let table: Vec<[String; 3]> = std::iter::once(header).chain(cells).collect();
    for line in super::table::lines(&table) {
        println!("{line}");
    }
}

/// Every setting in effect; the second value is the first setting that cannot be used.
fn rows(ctx: &Context, region_flag: Option<&str>) -> (Vec<Row>, Option<String>) {
    let s = &ctx.settings;
    let mut broken = None;
    let mut rows = vec![Row::of("profile", s.profile.clone())];
    rows.push(match credential_row(ctx) {
        Ok(row) => row,
        Err(e) => {
            broken = Some(e.clone());
            Row { name: "credential".into(), value: Value::Null, origin: e, layer: "error" }
        }
    });
    rows.push(match &s.role {
        Some(role) => {
            let mut arn = role.value.arn.clone();
            if role.value.external_id.is_some() {
                arn = tr!("cli-config-external-id", arn = arn);
            }
            Row::of("role", Setting::new(arn, role.origin.clone()))
        }
        None if ctx.global.use_cvm_role => {
            Row::of("role", Setting::new(tr!("cli-config-cvm-role"), Origin::Flag("--use-cvm-role")))
        }
        None => Row::none("role", &tr!("cli-config-role-none")),
    });
    let region = ctx.with_layers(region_flag, |l| l.region()).ok().flatten();
    let region_id = region.as_ref().map(|r| r.value.clone());
    rows.push(
        region.map_or_else(|| Row::none("region", &tr!("cli-config-region-none")), |r| Row::of("region", r)),
    );
    rows.push(language_row(&ctx.language));
    for (service, route) in &s.routes {
        // sts is always asked in its own region (as the SDKs do).
        let region = if *service == "sts" { Some(crate::api::sts::STS_REGION) } else { region_id.as_deref() };
        let shown = route.value.shown(service, region);
        rows.push(Row::of(&format!("endpoint.{service}"), Setting::new(shown, route.origin.clone())));
    }
    rows.push(proxy_row(ctx));
    rows.push(match &s.ca_bundle {
        Some(path) => Row::of("ca_bundle", path.clone().map(|p| p.display().to_string())),
        None => Row::none("ca_bundle", &tr!("cli-config-ca-none")),
    });
    rows.push(Row::of("role_duration_secs", s.role_duration_secs.clone()));
    rows.push(match s.allowed_accounts.value.is_empty() {
        true => Row::none("allowed_accounts", &tr!("cli-config-accounts-any")),
        false => Row::of("allowed_accounts", s.allowed_accounts.clone()),
    });
    rows.push(match s.forbidden_accounts.value.is_empty() {
        true => Row::none("forbidden_account_ids", &tr!("cli-config-none")),
        false => Row::of("forbidden_account_ids", s.forbidden_accounts.clone()),
    });
    let config_path = crate::config::Config::path();
    let exists =
        if config_path.is_file() { tr!("cli-config-file-read") } else { tr!("cli-config-file-absent") };
    rows.push(Row {
        name: "config_file".into(),
        value: config_path.display().to_string().into(),
        origin: exists,
        layer: "default",
    });
    let data_origin = if ctx.global.data_dir.is_some() {
        "--data-dir".to_owned()
    } else {
        tr!("cli-config-data-dir-default")
    };
    let data = ctx.data_dir().display().to_string();
    rows.push(Row { name: "data_dir".into(), value: data.into(), origin: data_origin, layer: "default" });
    (rows, broken)
}

/// The credential the chain would use, without the network (a role is fetched at run time).
fn credential_row(ctx: &Context) -> Result<Row, String> {
    if ctx.global.use_cvm_role {
        return Ok(Row::of(
            "credential",
            Setting::new(tr!("cli-config-cvm-role"), Origin::Flag("--use-cvm-role")),
        ));
    }
    match credentials::locate_default(ctx.profile().as_deref()).map_err(|e| one_line(&e.to_string()))? {
        Some((source, masked)) => {
            let value = masked.unwrap_or_else(|| tr!("cli-config-temporary"));
            Ok(Row {
                name: "credential".into(),
                value: value.into(),
                origin: source.to_string(),
                layer: "credential",
            })
        }
        None if ctx.settings.profile_explicit => {
            Err(tr!("cli-config-credential-missing", profile = ctx.profile_name()))
        }
        None => Ok(Row::none("credential", &tr!("cli-config-credential-none"))),
    }
}

/// The run's language (the i18n module chooses it: locale and system after the files).
fn language_row(choice: &crate::i18n::Choice) -> Row {
    Row {
        name: "language".into(),
        value: choice.language.tag().into(),
        origin: choice.origin.to_string(),
        layer: choice.origin.layer(),
    }
}

fn proxy_row(ctx: &Context) -> Row {
    if let Some(proxy) = &ctx.settings.proxy {
        return Row::of("proxy", proxy.clone().map(|p| crate::api::network::shown(&p)));
    }
    const VARS: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
    let from_env =
        VARS.iter().find_map(|var| Some((*var, std::env::var(var).ok().filter(|v| !v.is_empty())?)));
    match from_env {
        Some((var, value)) => {
            Row::of("proxy", Setting::new(crate::api::network::shown(&value), Origin::Env(var)))
        }
        None => Row::none("proxy", &tr!("cli-config-none")),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One check's verdict.
struct Check {
    name: String,
    ok: bool,
    detail: String,
}

async fn check(ctx: &Context, args: &ConfigArgs) -> i32 {
    let mut checks = Vec::new();
    let region = ctx.region(args.region.as_deref());
    checks.push(match &region {
        Some(region) => match crate::catalog::resolve_region_id(region) {
            Ok(id) => Check { name: "region".into(), ok: true, detail: id },
            Err(e) => Check { name: "region".into(), ok: false, detail: e.to_string() },
        },
        None => Check { name: "region".into(), ok: false, detail: tr!("cli-config-no-region") },
    });
    let region = region.and_then(|r| crate::catalog::resolve_region_id(&r).ok());
    let provider = match ctx.credentials().await {
        Ok(provider) => {
            checks.push(Check { name: "credential".into(), ok: true, detail: provider.describe() });
            Some(provider)
        }
        Err(e) => {
            checks.push(Check { name: "credential".into(), ok: false, detail: one_line(&e.to_string()) });
            None
        }
    };
    if let Some(client) = provider.and_then(|p| ctx.client(&p).ok()) {
        checks.extend(reach_services(&client, region.as_deref()).await);
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    match args.output {
        OutputFormat::Json => {
            let lines: Vec<Value> =
                checks.iter().map(|c| json!({ "check": c.name, "ok": c.ok, "detail": c.detail })).collect();
            println!("{}", json!({ "checks": lines, "failed": failed }));
        }
        OutputFormat::Text => {
            let (ok, fail) = (tr!("cli-config-ok"), tr!("cli-config-fail"));
            let table: Vec<[String; 3]> = checks
                .iter()
                .map(|c| {
                    [if c.ok { ok.clone() } else { fail.clone() }, c.name.clone(), from_server(&c.detail)]
                })
                .collect();
            for line in super::table::lines(&table) {
                println!("{line}");
            }
        }
    }
    if failed == 0 { exit::OK } else { exit::FAILED }
}

/// sts GetCallerIdentity, then one harmless describe per service, each on its own host.
async fn reach_services(client: &Client, region: Option<&str>) -> Vec<Check> {
    let mut checks = Vec::new();
    let started = Instant::now();
    let sts_host = client.endpoint(Service::Sts, Some(crate::api::sts::STS_REGION)).url();
    checks.push(match crate::api::sts::get_caller_identity(client).await {
        Ok(me) => Check {
            name: "sts".into(),
            ok: true,
            detail: tr!(
                "cli-config-sts-ok",
                host = sts_host.clone(),
                account = me.account_id,
                arn = me.arn,
                ms = started.elapsed().as_millis() as u64
            ),
        },
        Err(e) => Check {
            name: "sts".into(),
            ok: false,
            detail: format!("{sts_host}: {}", one_line(&e.to_string())),
        },
    });
    let limit = json!({ "Limit": 1 });
    let probes = [
        (Service::Region, "DescribeRegions", json!({ "Product": "vpc" }), false),
        (Service::Vpc, "DescribeNetworkInterfaces", limit.clone(), true),
        (Service::Cvm, "DescribeInstances", limit, true),
    ];
    for (service, action, params, regional) in probes {
        let name = service.name().to_owned();
        if regional && region.is_none() {
            checks.push(Check { name, ok: false, detail: tr!("cli-config-not-checked") });
            continue;
        }
        let region = if regional { region } else { None };
        let host = client.endpoint(service, region).url();
        let call = Call { service, action, region, params: &params, replayable: true };
        let started = Instant::now();
        checks.push(match client.call(&call).await {
            Ok(_) => Check {
                name,
                ok: true,
                detail: tr!(
                    "cli-config-answered",
                    host = host.clone(),
                    action = action,
                    ms = started.elapsed().as_millis() as u64
                ),
            },
            Err(e) => {
                Check { name, ok: false, detail: format!("{host}: {action}: {}", one_line(&e.to_string())) }
            }
        });
    }
    checks
}
