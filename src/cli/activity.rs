//! `tceni activity`: the account's ENI changes from its audit trail (CloudAudit), newest first,
//! each marked when it was this machine's attempt.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::activity::{self, Change, Report, Scope, Unavailable};
use crate::api::ApiError;
use crate::plan::ids::{EniId, InstanceId};
use crate::tr;
use chrono::{Local, SecondsFormat, Utc};
use clap::Args;
use serde_json::json;

#[derive(Debug, Clone, Args)]
pub struct ActivityArgs {
    /// Region (default: TENCENTCLOUD_REGION, tccli's, then config.toml's).
    #[arg(long)]
    pub region: Option<String>,
    /// Only changes to this ENI.
    #[arg(long)]
    pub eni: Option<String>,
    /// Only changes naming this instance.
    #[arg(long)]
    pub instance: Option<String>,
    /// How far back: 30m, 2h, 1d (at most 7d).
    #[arg(long, default_value = "24h")]
    pub since: String,
    /// Only this user's changes (the audit trail's user name: root, a sub-user, a role).
    #[arg(long)]
    pub user: Option<String>,
    /// text: a table; json: one object per change per line.
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

pub async fn run(global: &GlobalArgs, args: ActivityArgs) -> color_eyre::Result<i32> {
    let ctx = Context::load(global)?;
    let scope = match scope_of(&ctx, &args) {
        Ok(scope) => scope,
        Err(message) => {
            eprintln!("{}", crate::tr!("cli-error", message = message.to_string()));
            return Ok(exit::INVALID_INPUT);
        }
    };
    let provider = match ctx.credentials().await {
        Ok(provider) => provider,
        Err(e) => {
            let message = crate::api::text::from_server(&e.to_string()).to_string();
            eprintln!("{}", tr!("cli-error", message = message));
            return Ok(exit::NO_CREDENTIALS);
        }
    };
    let client = ctx.client(&provider)?;
    let history = ctx.open_history().await;
    let now = Utc::now();
    match activity::look_up(&client, history.as_ref(), &scope, now).await {
        Ok(report) => {
            print_report(&report, &scope, args.output);
            Ok(exit::OK)
        }
        Err(why) => {
            eprintln!("{}", tr!("cli-error", message = activity::unavailable(&why)));
            Ok(exit_code(&why))
        }
    }
}

/// The flags checked before anything is sent: IDs, the duration, a region.
fn scope_of(ctx: &Context, args: &ActivityArgs) -> Result<Scope, String> {
    let eni = args.eni.as_deref().map(EniId::parse).transpose().map_err(|e| e.to_string())?;
    let instance = args.instance.as_deref().map(InstanceId::parse).transpose().map_err(|e| e.to_string())?;
    let since = activity::parse_since(&args.since)
        .ok_or_else(|| tr!("activity-since-invalid", value = args.since.as_str()))?;
    if since > activity::MAX_SINCE {
        return Err(tr!("activity-since-too-long", value = args.since.as_str()));
    }
    let region = ctx.region(args.region.as_deref()).ok_or_else(|| tr!("activity-no-region"))?;
    let region = crate::catalog::resolve_region_id(&region).map_err(|e| e.to_string())?;
    Ok(Scope {
        region,
        enis: eni.map(|e| e.as_str().to_owned()).into_iter().collect(),
        instances: instance.map(|i| i.as_str().to_owned()).into_iter().collect(),
        user: args.user.clone().filter(|u| !u.trim().is_empty()),
        since,
    })
}

fn exit_code(why: &Unavailable) -> i32 {
    match why.api_error() {
        ApiError::NotSent { .. } => exit::UNREACHABLE,
        ApiError::Credentials { .. } => exit::NO_CREDENTIALS,
        _ => exit::REFUSED,
    }
}

fn print_report(report: &Report, scope: &Scope, output: OutputFormat) {
    match output {
        OutputFormat::Json => report.changes.iter().for_each(|c| println!("{}", change_json(c))),
        OutputFormat::Text => print_table(report, scope),
    }
    // On stderr in every format: stdout stays one object per change.
    if report.skipped > 0 {
        eprintln!("{}", tr!("cli-warning", message = tr!("activity-skipped", count = report.skipped)));
    }
    if report.cut_short {
        eprintln!("{}", tr!("cli-warning", message = tr!("activity-cut-short", pages = report.pages)));
    }
}

/// One line of `--output json` (documented in the README): stable keys, never translated.
pub fn change_json(change: &Change) -> serde_json::Value {
    let event = &change.event;
    json!({
        "time": change.time().with_timezone(&Local).to_rfc3339_opts(SecondsFormat::Secs, false),
        "user": event.user,
        "user_type": event.user_type.as_str(),
        "action": event.action,
        "eni": change.eni,
        "instances": change.instances,
        "region": event.region,
        "result": event.result.code(),
        "request_id": event.request_id,
        "this_machine": change.this_machine,
        "event_id": event.event_id,
        "source_ip": event.source_ip,
        "secret_id": event.secret_id_masked,
        "error_message": event.error_message,
    })
}

fn print_table(report: &Report, scope: &Scope) {
    if report.changes.is_empty() {
        let window = activity::window_text(scope.since);
        println!("{}", tr!("activity-none", region = scope.region.as_str(), window = window));
    } else {
        let header = [
            tr!("activity-col-time"),
            tr!("activity-col-who"),
            tr!("activity-col-what"),
            tr!("activity-col-result"),
            tr!("activity-col-request"),
        ];
        let rows: Vec<[String; 5]> = std::iter::once(header).chain(report.changes.iter().map(row)).collect();
        for line in super::table::lines(&rows) {
            println!("{line}");
        }
    }
    println!("{}", tr!("activity-late-note"));
}

fn row(change: &Change) -> [String; 5] {
    let who = format!("{} ({})", change.user(), activity::user_type_label(change.user_type()));
    let mut request = change.event.request_id.clone();
    if change.this_machine {
        request = format!("{request}  [{}]", tr!("activity-this-machine"));
    }
    [
        activity::local_time(change.time()),
        who,
        activity::describe(change),
        change.result().code().to_owned(),
        request,
    ]
}
