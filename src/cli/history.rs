//! `tceni history`: the record of past calls, newest first.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::history::{HistoryQuery, Row, Store};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Show this one attempt in full (its verdicts, its task, where the ENI was found, the
    /// attempts of the same request).
    #[arg(value_name = "ID")]
    pub id: Option<i64>,
    /// Most rows to show.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Filter: text matched in IDs, region, RequestId, error code, outcome (and field:value terms,
    /// e.g. `account:100000000001`).
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

pub async fn run(global: &GlobalArgs, args: HistoryArgs) -> color_eyre::Result<i32> {
    let ctx = Context::load(global)?;
    reconcile_if_possible(&ctx).await;
    let path = ctx.history_path();
    if let Some(id) = args.id {
        return show_one(path, id, args.output).await;
    }
    let query = HistoryQuery { text: args.search.unwrap_or_default(), before_id: None, limit: args.limit };
    let searched = query.text.clone();
    let listed = tokio::task::spawn_blocking(move || list(&Store::open(path)?, &query)).await??;
    let rows = match listed {
        Listed::Rows(rows) => rows,
        Listed::Damaged => {
            eprintln!("{}", tr!("cli-history-damaged"));
            return Ok(exit::FAILED);
        }
    };
    match args.output {
        OutputFormat::Json => {
            for row in &rows.found {
                println!("{}", attempt_json(row));
            }
        }
        OutputFormat::Text => print_table(&rows, &searched),
    }
    Ok(exit::OK)
}

/// `tceni history ID`: one attempt in full, or its JSON.
async fn show_one(path: std::path::PathBuf, id: i64, output: OutputFormat) -> color_eyre::Result<i32> {
    let Some(row) = tokio::task::spawn_blocking(move || Store::open(path)?.get(id)).await?? else {
        eprintln!("{}", tr!("cli-history-no-row", id = id));
        return Ok(exit::FAILED);
    };
    match output {
        OutputFormat::Json => println!("{}", attempt_json(&row)),
        OutputFormat::Text => match row.to_record() {
            Ok(record) => print_detail(&row, &record),
            Err(unreadable) => {
                eprintln!("{}", tr!("cli-history-unreadable", id = id, reason = unreadable.to_string()));
                return Ok(exit::FAILED);
            }
        },
    }
    Ok(exit::OK)
}

/// One attempt as its record says it: the plan, the chain of the same request, each step's
/// state, how it ended, and each preflight verdict with its own mark.
fn print_detail(row: &Row, record: &crate::attempt::Attempt) {
    use crate::attempt::{Preflight, Verification};
    let outcome = record.outcome().to_string();
    println!(
        "{}",
        tr!("cli-history-detail-head", id = row.id, outcome = outcome, plan = record.plan.summary())
    );
    for line in chain(row) {
        println!("  {line}");
    }
    let started = format_ms(record.started_at);
    let ended = record.ending().map(|e| format_ms(e.at)).unwrap_or_else(|| "—".into());
    println!("  {}", tr!("cli-history-detail-when", started = started, ended = ended));
    println!("  RequestId: {}", record.request_id().unwrap_or("—"));
    if let Some(token) = record.plan.client_token() {
        println!("  ClientToken: {token}");
    }
    if let Some(status) = record.task.status() {
        println!("  {}", tr!("cli-history-detail-task", status = status.to_string()));
    }
    match &record.verification {
        Verification::Located { located } => {
            println!("  {}", tr!("cli-history-detail-found", place = located.describe()))
        }
        Verification::Failed { reason } => {
            println!("  {}", tr!("cli-history-detail-not-found", reason = reason.as_str()))
        }
        Verification::NotRun | Verification::Describing => {}
    }
    if let Some(reason) = record.reason() {
        println!("  {}: {}", reason.code, reason.message);
    }
    match &record.preflight {
        Preflight::Checked(report) => {
            println!("  {}", tr!("cli-history-detail-preflight"));
            for v in &report.verdicts {
                let code = v.code.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default();
                println!("    {} {}: {}{code}", v.status.mark(), v.rule.label(), v.reason);
            }
        }
        Preflight::Skipped => println!("  {}", tr!("cli-history-detail-preflight-skipped")),
        Preflight::NotRun | Preflight::Checking => {}
    }
}

/// The attempts of the same request: the row this one re-sends, the rows that re-sent it.
fn chain(row: &Row) -> Vec<String> {
    let resend = row.retry_of.map(|id| tr!("cli-history-resend-of", id = id));
    let ids = crate::history::chain_ids(&row.continued_by);
    let continued = (!row.continued_by.is_empty()).then(|| tr!("cli-history-continued-by", ids = ids));
    resend.into_iter().chain(continued).collect()
}

/// What a listing found, and how many rows the history holds when nothing matched.
struct Rows {
    found: Vec<Row>,
    total: u64,
}

enum Listed {
    Rows(Rows),
    /// Nothing matched and the file fails its integrity check: "no match" would hide it.
    Damaged,
}

/// A page of rows; when none match a search, the file's size and health say why.
fn list(store: &Store, query: &HistoryQuery) -> Result<Listed, crate::history::HistoryError> {
    let found = store.page(query)?;
    if !found.is_empty() || query.text.is_empty() {
        return Ok(Listed::Rows(Rows { total: found.len() as u64, found }));
    }
    if !store.integrity_check()? {
        return Ok(Listed::Damaged);
    }
    let total = store.count(&HistoryQuery::default())?;
    Ok(Listed::Rows(Rows { found, total }))
}

/// Rows a crash left open are settled first when credentials allow asking the service; the
/// history is still shown (with the rows as they are) when they do not.
async fn reconcile_if_possible(ctx: &Context) {
    let Ok(resolved) = ctx.credentials().await else { return };
    let Ok(client) = ctx.client(&resolved) else { return };
    if let Some(history) = ctx.open_history().await {
        super::attach::reconcile_quietly(&client, &history).await;
    }
}

/// The one JSON of an attempt (see `schema/attempt.schema.json`), as `attach --output json`
/// prints it; a row that cannot come back as a record (its stored plan no longer passes the
/// checks, its verdicts cannot be read) says so in the error shape.
pub fn attempt_json(a: &Row) -> serde_json::Value {
    a.to_json().unwrap_or_else(|unreadable| {
        let message = tr!("cli-history-unreadable", id = a.id, reason = unreadable.to_string());
        crate::attempt::error_json(exit::FAILED, &message)
    })
}

use crate::tr;

fn format_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

fn print_table(rows: &Rows, searched: &str) {
    match (rows.found.is_empty(), rows.total) {
        (true, 0) => return println!("{}", tr!("cli-history-empty")),
        (true, total) => {
            let searched = crate::api::text::from_server(searched).to_string();
            return println!("{}", tr!("cli-history-no-match", searched = searched, total = total));
        }
        _ => {}
    }
    let header = [
        format!("{:>6}", "ID"),
        tr!("cli-history-started"),
        tr!("cli-history-region"),
        tr!("cli-history-action"),
        tr!("cli-history-eni"),
        tr!("cli-history-instance"),
        tr!("cli-history-outcome"),
        tr!("cli-history-detail"),
    ];
    let table: Vec<[String; 8]> = std::iter::once(header).chain(rows.found.iter().map(cells)).collect();
    for line in super::table::lines(&table) {
        println!("{line}");
    }
}

fn cells(a: &Row) -> [String; 8] {
    let instance = match &a.destination_instance_id {
        Some(to) => format!("{} → {to}", a.instance_id),
        None => a.instance_id.clone(),
    };
    let found = a.error_code.clone().or_else(|| a.request_id.clone());
    // A re-send and the row it continues are one request: each says so on its line.
    let detail = found.into_iter().chain(chain(a)).collect::<Vec<_>>().join(" · ");
    [
        format!("{:>6}", a.id),
        format_ms(a.started_at),
        a.region.clone(),
        a.action.verb().to_string(),
        a.eni_id.clone(),
        instance,
        a.outcome.as_str().to_string(),
        detail,
    ]
}
