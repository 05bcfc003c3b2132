//! `tceni history`: the record of past calls, newest first.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::history::{Attempt, HistoryQuery, Store};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
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

/// What a listing found, and how many rows the history holds when nothing matched.
struct Rows {
    found: Vec<Attempt>,
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
pub fn attempt_json(a: &Attempt) -> serde_json::Value {
    a.to_json().unwrap_or_else(|unreadable| {
        let message = tr!("cli-history-unreadable", id = a.id, reason = unreadable.to_string());
        crate::attempt::error_json(exit::FAILED, &message)
    })
}

use crate::i18n::pad;
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
    let rows = &rows.found;
    let heads = [
        (tr!("cli-history-started"), 19),
        (tr!("cli-history-region"), 15),
        (tr!("cli-history-action"), 6),
        (tr!("cli-history-eni"), 12),
        (tr!("cli-history-instance"), 12),
        (tr!("cli-history-outcome"), 16),
    ];
    let heads: Vec<String> = heads.iter().map(|(head, width)| pad(head, *width)).collect();
    println!("{:>6}  {}  {}", "ID", heads.join("  "), tr!("cli-history-detail"));
    for a in rows {
        let action = a.action.verb();
        let instance = match &a.destination_instance_id {
            Some(to) => format!("{} → {to}", a.instance_id),
            None => a.instance_id.clone(),
        };
        let detail = a.error_code.clone().or_else(|| a.request_id.clone()).unwrap_or_default();
        println!(
            "{:>6}  {:<19}  {:<15}  {:<6}  {:<12}  {:<12}  {:<16}  {detail}",
            a.id,
            format_ms(a.started_at),
            a.region,
            action,
            a.eni_id,
            instance,
            a.outcome.as_str()
        );
    }
}
