//! `tceni regions`: the built-in catalog, or the live list from DescribeRegions.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::catalog;
use crate::i18n::pad;
use crate::tr;
use clap::Args;
use serde_json::json;

#[derive(Debug, Clone, Args)]
pub struct RegionsArgs {
    /// Ask the region service for the live list (needs credentials).
    #[arg(long)]
    pub refresh: bool,
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

struct Row {
    id: String,
    name: String,
    finance: bool,
    state: String,
}

pub async fn run(global: &GlobalArgs, args: RegionsArgs) -> color_eyre::Result<i32> {
    let rows: Vec<Row> = if args.refresh {
        let ctx = Context::load(global)?;
        let resolved = match ctx.credentials().await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}", tr!("cli-error", message = e.to_string()));
                return Ok(exit::NO_CREDENTIALS);
            }
        };
        let client = ctx.client(&resolved)?;
        match client.describe_regions().await {
            Ok(live) => live
                .into_iter()
                .map(|r| Row {
                    finance: catalog::regions::is_finance(&r.region),
                    id: r.region,
                    name: r.region_name,
                    state: r.region_state,
                })
                .collect(),
            Err(e) => {
                let explanation = e.explanation();
                eprintln!("{}", tr!("cli-error", message = e.to_string()));
                eprintln!("  {}\n  {}", explanation.meaning, explanation.action);
                return Ok(exit::REFUSED);
            }
        }
    } else {
        catalog::regions()
            .iter()
            .map(|r| Row {
                id: r.id.clone(),
                name: r.local_name().to_string(),
                finance: r.finance,
                state: String::new(),
            })
            .collect()
    };
    for row in rows {
        match args.output {
            OutputFormat::Json => println!(
                "{}",
                json!({ "region": &row.id, "name": &row.name, "finance": row.finance, "state": &row.state,
                        "vpc_host": catalog::service_host("vpc", &row.id) })
            ),
            OutputFormat::Text => {
                let finance =
                    if row.finance { format!("{}  ", tr!("cli-regions-finance")) } else { String::new() };
                println!("{} {} {finance}{}", pad(&row.id, 20), pad(&row.name, 45), row.state);
            }
        }
    }
    Ok(exit::OK)
}
