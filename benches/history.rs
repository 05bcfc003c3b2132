//! History search at scale. Builds a 1,000,000-row file (and a 100,000-row one) once per run in
//! a temp dir, then times what a keystroke in the history filter costs.
//!
//!     cargo bench --bench history
//!     TCENI_BENCH_ROWS=200000 cargo bench --bench history   # a quicker run
//!
//! Measured on a shared 2-core box (`TCENI_BENCH_ROWS=1000000 cargo bench --bench history --
//! --sample-size 10`): seeding 1M rows 130 s (467 MiB file; the trigram index is most of both);
//! first page 0.2 ms; 3+ character words 0.15-1.1 ms; 1-2 character words 0.4-6.5 ms, 14 ms when
//! nothing matches (the bounded window); field filters 0.6-1.2 ms; `count` of a 1.5% match 45 ms;
//! opening a 100k-row file and reading its first page 0.8 ms.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tceni::history::{HistoryQuery, Store};

const DEFAULT_ROWS: usize = 1_000_000;
const OPEN_ROWS: usize = 100_000;

fn rows_from_env() -> usize {
    std::env::var("TCENI_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_ROWS)
}

fn build(path: &Path, rows: usize) {
    let started = Instant::now();
    Store::open(path).unwrap();
    synthetic::seed(path, rows, 1).unwrap();
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!("built {rows} rows in {:.2?} ({} MiB on disk)", started.elapsed(), bytes / (1024 * 1024));
}

/// Resident memory in KiB (Linux only; elsewhere the RSS lines are skipped).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn page(store: &Store, text: &str) -> usize {
    store.page(&HistoryQuery::search(text)).unwrap().len()
}

fn history(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.sqlite3");
    let small = dir.path().join("small.sqlite3");
    let rows = rows_from_env();
    build(&big, rows);
    build(&small, OPEN_ROWS);

    let rss_before = rss_kib();
    let store = Store::open(&big).unwrap();
    let newest = store.page(&HistoryQuery { limit: 1, ..HistoryQuery::default() }).unwrap().remove(0);
    // Part of a real ENI ID, typed the way an operator would paste a fragment.
    let eni_fragment = newest.eni_id[4..10].to_string();
    let queries = [
        ("first_page", String::new()),
        ("search_3plus_eni_fragment", eni_fragment),
        ("search_3plus_common", "zonemismatch".to_string()),
        ("search_3plus_no_match", "qqqqzzzz".to_string()),
        ("search_short_2", "q7".to_string()),
        ("search_short_1", "z".to_string()),
        ("search_short_no_match", "!".to_string()),
        ("field_outcome_region", "outcome:failed region:ap-tokyo".to_string()),
        ("field_code", "code:ZoneMismatch".to_string()),
        ("field_and_text", "outcome:fail guangzhou".to_string()),
    ];
    for (name, text) in &queries {
        eprintln!("{name}: {text:?} -> {} rows on the first page", page(&store, text));
    }
    if let (Some(before), Some(after)) = (rss_before, rss_kib()) {
        eprintln!("RSS: {before} KiB before opening, {after} KiB after opening and searching");
    }

    let mut group = c.benchmark_group(format!("history_{rows}_rows"));
    for (name, text) in &queries {
        group.bench_function(*name, |b| b.iter(|| page(&store, black_box(text))));
    }
    group.bench_function("count_field_code", |b| {
        b.iter(|| store.count(&HistoryQuery::search(black_box("code:ZoneMismatch"))).unwrap())
    });
    group.finish();

    c.bench_function("open_100k_and_first_page", |b| {
        b.iter(|| {
            let store = Store::open(&small).unwrap();
            page(&store, "")
        })
    });
    drop(store);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = history
}
criterion_main!(benches);
