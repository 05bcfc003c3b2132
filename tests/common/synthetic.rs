//! Made-up attempts for the benchmarks and the tests (never in the product): realistic shapes
//! (repeated ENIs and instances, a mix of outcomes and error codes, unique tokens), reproducible
//! from a seed, written in one transaction straight into a history file tceni has opened (so its
//! schema is current). Included with `#[path]` by the test and bench binaries that need it.

use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use std::path::Path;

use tceni::api::TaskStatus;
use tceni::attempt::Outcome;
use tceni::plan::Kind;

/// Append `n` made-up finished attempts to the history file at `path`, in one transaction.
/// The same `seed` gives the same rows.
pub fn seed(path: &Path, n: usize, seed: u64) -> rusqlite::Result<()> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    insert_rows(&tx, n, seed)?;
    tx.commit()
}

const REGIONS: &[&str] = &[
    "ap-guangzhou",
    "ap-shanghai",
    "ap-beijing",
    "ap-chengdu",
    "ap-hongkong",
    "ap-singapore",
    "ap-tokyo",
    "ap-shanghai-fsi",
];

const ERROR_CODES: &[&str] = &[
    "UnsupportedOperation.ZoneMismatch",
    "LimitExceeded",
    "ResourceInUse",
    "ResourceNotFound",
    "InvalidParameterValue.Malformed",
    "AuthFailure.SignatureFailure",
    "RequestLimitExceeded",
    "InternalError",
];

/// Distinct ENIs and instances: an operator works with a fleet, not a new ENI every time.
const ENI_POOL: u64 = 20_000;
const INSTANCE_POOL: u64 = 10_000;

/// splitmix64: tiny, fast, and stable across versions (unlike a library RNG's stream).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// `prefix` + 8 lowercase letters or digits, derived from `n` (the same `n` gives the same ID).
fn resource_id(prefix: &str, n: u64, salt: u64) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut mixer = Rng(n ^ salt);
    let mut id = String::from(prefix);
    id.extend((0..8).map(|_| ALPHABET[mixer.below(36) as usize] as char));
    id
}

fn uuid_text(rng: &mut Rng) -> String {
    let (hi, lo) = (rng.next(), rng.next());
    let hex = format!("{hi:016x}{lo:016x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn outcome(rng: &mut Rng) -> Outcome {
    match rng.below(100) {
        0..70 => Outcome::Succeeded,
        70..82 => Outcome::Failed,
        82..88 => Outcome::PreflightFailed,
        88..93 => Outcome::NotSent,
        93..97 => Outcome::Unknown,
        _ => Outcome::Cancelled,
    }
}

/// Fields that depend on how the attempt ended: (request_id, task_status, error_code).
fn ending(rng: &mut Rng, outcome: Outcome) -> (Option<String>, Option<TaskStatus>, Option<&'static str>) {
    match outcome {
        Outcome::Succeeded => (Some(uuid_text(rng)), Some(TaskStatus::Success), None),
        Outcome::Failed => (Some(uuid_text(rng)), Some(TaskStatus::Failed), Some(rng.pick(ERROR_CODES))),
        Outcome::Unknown => (Some(uuid_text(rng)), Some(TaskStatus::Running), None),
        Outcome::NotSent => (None, None, Some("NetworkError")),
        _ => (None, None, None),
    }
}

fn insert_rows(tx: &Transaction<'_>, n: usize, seed: u64) -> rusqlite::Result<()> {
    let mut rng = Rng(seed);
    let mut stmt = tx.prepare(
        "INSERT INTO attempts (started_at, finished_at, profile, secret_id_masked, region, endpoint, action, \
         eni_id, instance_id, attach_type, client_token, request_id, preflight, task_status, task_output, \
         error_code, error_message, duration_ms, outcome) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, NULL, ?15, ?16, ?17, ?18)",
    )?;
    let base_ms: i64 = 1_700_000_000_000;
    for i in 0..n as i64 {
        let started_at = base_ms + i * 30_000 + rng.below(20_000) as i64;
        let duration = 200 + rng.below(8_000) as i64;
        let region = rng.pick(REGIONS);
        let action = if rng.below(5) == 0 { Kind::Detach } else { Kind::Attach };
        let outcome = outcome(&mut rng);
        let (request_id, task_status, error_code) = ending(&mut rng, outcome);
        stmt.execute(params![
            started_at,
            started_at + duration,
            if rng.below(4) == 0 { "prod" } else { "default" },
            "AKID********abcd",
            region,
            format!("vpc.{region}.tencentcloudapi.com"),
            action.action(),
            resource_id("eni-", rng.below(ENI_POOL), seed),
            resource_id("ins-", rng.below(INSTANCE_POOL), !seed),
            (action == Kind::Attach).then_some(0u32),
            uuid_text(&mut rng),
            request_id,
            r#"[{"rule":"same_zone","status":"pass","reason":"same zone","code":null},{"rule":"eni_free","status":"pass","reason":"attached to nothing","code":null}]"#,
            task_status.map(|s| s.to_string()),
            error_code,
            error_code.map(|code| format!("synthetic failure: {code}")),
            duration,
            outcome.as_str(),
        ])?;
    }
    Ok(())
}
