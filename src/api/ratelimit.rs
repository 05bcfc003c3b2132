//! A client-side rate limiter per (action, region), so a burst never earns
//! `RequestLimitExceeded` from the service. Requests are spaced evenly (no burst), which stays
//! inside any token bucket of the same rate however the service counts.
//!
//! The quota is the account's, and the service counts every try, refused ones included: 200
//! separate `tceni attach` processes each keeping the rate on its own would send 200 at once.
//! So the limiter can be the machine's ([`RateLimiter::machine_wide`]): the next free slot of
//! each (endpoint, action, region) is kept in a small file in the state directory, read and
//! moved on under an exclusive lock (`File::lock`), and every process on the machine queues on
//! it. Without a usable directory it falls back to the process's own schedule.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    interval: Option<Duration>,
    next_slot: Mutex<HashMap<(String, String), Instant>>,
    /// Where the machine-wide schedule lives; None: this process's own.
    dir: Option<PathBuf>,
    /// One reservation of a machine-wide slot at a time from this process (see
    /// [`InTurn`](crate::blocking::InTurn)): the others wait as tasks, not as blocking threads
    /// queued on the file's lock.
    reserving: crate::blocking::InTurn<()>,
}

impl RateLimiter {
    /// `per_second` = 0 turns the limiter off.
    pub fn new(per_second: u32) -> Self {
        let interval = (per_second > 0).then(|| Duration::from_secs_f64(1.0 / f64::from(per_second)));
        RateLimiter {
            interval,
            next_slot: Mutex::new(HashMap::new()),
            dir: None,
            reserving: crate::blocking::InTurn::new(()),
        }
    }

    /// A limiter every process on the machine shares through the slot files in `dir`.
    pub fn machine_wide(per_second: u32, dir: PathBuf) -> Self {
        RateLimiter { dir: Some(dir), ..Self::new(per_second) }
    }

    /// Wait for the next slot of (action, region) on `endpoint`: the machine's when the
    /// limiter is machine-wide and its file can be used, else this process's.
    pub async fn acquire_on(&self, endpoint: &str, action: &str, region: &str) {
        let (Some(interval), Some(dir)) = (self.interval, self.dir.clone()) else {
            return self.acquire(action, region).await;
        };
        let key = format!("{endpoint} {action} {region}");
        match self.reserving.run(move |()| reserve_slot(&dir, &key, interval)).await {
            Ok(wait) => tokio::time::sleep(wait).await,
            Err(error) => {
                tracing::warn!(%error, "the machine-wide rate limit is unavailable; keeping this process's");
                self.acquire(action, region).await
            }
        }
    }

    /// Wait for this (action, region)'s next slot in this process's own schedule.
    pub async fn acquire(&self, action: &str, region: &str) {
        let Some(interval) = self.interval else { return };
        let slot = {
            let mut slots = self.next_slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let next = slots.entry((action.to_string(), region.to_string())).or_insert(now);
            let slot = (*next).max(now);
            *next = slot + interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// Reserves the next slot of `key` in its file under `dir` and moves the file's schedule on by
/// `interval`; returns how long to wait for the slot. The file holds the next free slot as Unix
/// microseconds; the exclusive lock is held only while it is read and rewritten.
fn reserve_slot(dir: &Path, key: &str, interval: Duration) -> std::io::Result<Duration> {
    use sha2::Digest;
    create_private_dir(dir)?;
    let name = hex::encode(&sha2::Sha256::digest(key.as_bytes())[..8]);
    let path = dir.join(format!("{name}.slot"));
    let mut file = open_private(&path)?;
    file.lock()?;
    let mut text = String::new();
    // A file cut short by a crash, or not ours, is a schedule with no slot taken.
    let next = match Read::by_ref(&mut file).take(64).read_to_string(&mut text) {
        Ok(_) => text.trim().parse::<u64>().unwrap_or(0),
        Err(_) => 0,
    };
    let now = micros(SystemTime::now());
    // A slot more than a minute ahead is a clock that went back, or a broken file: start over.
    let next = if next > now + 60_000_000 { now } else { next };
    let slot = next.max(now);
    let following = slot + interval.as_micros() as u64;
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(following.to_string().as_bytes())?;
    file.unlock()?;
    Ok(Duration::from_micros(slot - now))
}

fn micros(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as u64)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Documented per-action quotas below the client's general rate (50/s), requests per second.
/// They are the account's, so every client of the process shares them (see [`shared`]).
pub const ACTION_QUOTAS: &[(&str, u32)] = &[
    // Polled while an attach, detach or move runs.
    ("DescribeVpcTaskResult", 20),
    // The slot limits the instance pickers and preflight ask, one instance a call.
    ("DescribeNetworkInterfaceLimit", 20),
    // cvm's listing (the instance picker, preflight, a move's verify).
    ("DescribeInstances", 40),
    // The account's audit trail (`tceni activity`, the confirm pane's activity line).
    ("LookUpEvents", 20),
];

/// Process-wide limiters for the actions with their own quota, one per endpoint: concurrent
/// runs in one process (the terminal app's, a bench's) poll their tasks within one quota.
pub struct Shared {
    limiters: Mutex<HashMap<(String, &'static str), &'static Ranked>>,
}

/// The one [`Shared`] of this process.
pub fn shared() -> &'static Shared {
    static SHARED: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| Shared { limiters: Mutex::new(HashMap::new()) })
}

impl Shared {
    /// Wait for a slot of `action` on `endpoint` in `region`; at once for an action without a
    /// quota of its own. The call waiting since longest goes first: since `since` (a task poll:
    /// when its task was accepted), or since it arrived here.
    pub async fn acquire(&self, endpoint: &str, action: &str, region: &str, since: Option<Instant>) {
        let Some((name, rate)) = ACTION_QUOTAS.iter().find(|(name, _)| *name == action) else { return };
        let limiter = {
            let mut limiters = self.limiters.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Leaked once per endpoint and action: a handful per process, alive as long as it.
            *limiters
                .entry((endpoint.to_string(), *name))
                .or_insert_with(|| Box::leak(Box::new(Ranked::new(*rate))))
        };
        limiter.acquire(region, since.unwrap_or_else(Instant::now)).await;
    }
}

/// One action's schedule in this process, a slot every `interval` per region, given to the
/// waiting call that waits since longest (ties: the first to arrive). A task's poll waits
/// since its task was accepted: when 50 tasks are followed at once and the quota (20/s) lets
/// one poll through in turn, the oldest task, the likeliest to have ended, is asked first, and
/// a slot is rarely spent on a task too young to have ended while an ended one waits.
struct Ranked {
    interval: Duration,
    queues: Mutex<HashMap<String, Queue>>,
    /// A slot was taken or a waiter left: the first in line may have changed.
    changed: tokio::sync::Notify,
}

#[derive(Default)]
struct Queue {
    next_slot: Option<Instant>,
    /// (waiting since, arrival number), first in line first.
    waiting: std::collections::BTreeSet<(Instant, u64)>,
    arrivals: u64,
}

impl Ranked {
    fn new(per_second: u32) -> Self {
        Ranked {
            interval: Duration::from_secs_f64(1.0 / f64::from(per_second.max(1))),
            queues: Mutex::new(HashMap::new()),
            changed: tokio::sync::Notify::new(),
        }
    }

    fn queues(&self) -> std::sync::MutexGuard<'_, HashMap<String, Queue>> {
        self.queues.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn acquire(&self, region: &str, since: Instant) {
        let ticket = {
            let mut queues = self.queues();
            let queue = queues.entry(region.to_string()).or_default();
            queue.arrivals += 1;
            let ticket = (since, queue.arrivals);
            queue.waiting.insert(ticket);
            ticket
        };
        // Dropped unserved (the caller gave up): out of the line, and the next is told.
        let mut place = Place { ranked: self, region, ticket, served: false };
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait_until = {
                let mut queues = self.queues();
                let queue = queues.entry(region.to_string()).or_default();
                if queue.waiting.first() != Some(&ticket) {
                    None
                } else {
                    let now = Instant::now();
                    let slot = queue.next_slot.map_or(now, |next| next.max(now));
                    if slot > now {
                        Some(slot)
                    } else {
                        queue.waiting.remove(&ticket);
                        queue.next_slot = Some(now + self.interval);
                        place.served = true;
                        break;
                    }
                }
            };
            match wait_until {
                Some(slot) => tokio::select! {
                    _ = tokio::time::sleep_until(slot) => {}
                    _ = &mut changed => {}
                },
                None => changed.await,
            }
        }
        self.changed.notify_waiters();
    }
}

/// A call's place in a [`Ranked`] line until it is served.
struct Place<'a> {
    ranked: &'a Ranked,
    region: &'a str,
    ticket: (Instant, u64),
    served: bool,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        if !self.served {
            if let Some(queue) = self.ranked.queues().get_mut(self.region) {
                queue.waiting.remove(&self.ticket);
            }
            self.ranked.changed.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quota of `action` from [`ACTION_QUOTAS`], if it has its own.
    fn action_quota(action: &str) -> Option<u32> {
        ACTION_QUOTAS.iter().find(|(name, _)| *name == action).map(|(_, rate)| *rate)
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_one_key_evenly_and_keys_independently() {
        let limiter = RateLimiter::new(50);
        let start = Instant::now();
        for _ in 0..10 {
            limiter.acquire("AttachNetworkInterface", "ap-guangzhou").await;
        }
        // Ten slots at 20 ms spacing: the tenth starts 180 ms after the first.
        assert_eq!(start.elapsed(), Duration::from_millis(180));
        let other = Instant::now();
        limiter.acquire("AttachNetworkInterface", "ap-shanghai").await;
        limiter.acquire("DescribeVpcTaskResult", "ap-guangzhou").await;
        assert_eq!(other.elapsed(), Duration::ZERO);
    }

    #[test]
    fn the_documented_quotas_below_the_general_rate_are_kept() {
        assert_eq!(action_quota("DescribeVpcTaskResult"), Some(20));
        assert_eq!(action_quota("DescribeNetworkInterfaceLimit"), Some(20));
        assert_eq!(action_quota("DescribeInstances"), Some(40));
        // 50/s or more: the general rate already keeps to them.
        assert_eq!(action_quota("AttachNetworkInterface"), None);
        assert_eq!(action_quota("DescribeNetworkInterfaces"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn limit_lookups_keep_their_quota_in_the_process() {
        let start = Instant::now();
        let ask =
            |_| shared().acquire("https://vpc.test", "DescribeNetworkInterfaceLimit", "ap-guangzhou", None);
        futures::future::join_all((0..21).map(ask)).await;
        // 21 lookups at 20/s: the last leaves a second after the first.
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    /// Under an action's own quota the call waiting since longest gets the next slot, not the
    /// first to arrive: fifty tasks polled at once, the oldest (the likeliest to have ended)
    /// is asked first.
    #[tokio::test(start_paused = true)]
    async fn the_call_waiting_since_longest_gets_the_next_slot() {
        let ranked = Ranked::new(20);
        let start = Instant::now();
        ranked.acquire("r", start).await; // the first slot: the next is 50 ms away
        let served = Mutex::new(Vec::new());
        // Arriving in this order, waiting since `age` ms before the start.
        let calls = [10, 40, 20, 50, 30].map(|age| {
            let (ranked, served) = (&ranked, &served);
            async move {
                ranked.acquire("r", start - Duration::from_millis(age)).await;
                served.lock().unwrap().push((age, start.elapsed().as_millis()));
            }
        });
        // Another region has its own line and slots.
        let other = async {
            ranked.acquire("other", start).await;
            start.elapsed()
        };
        let (_, other) = tokio::join!(futures::future::join_all(calls), other);
        assert_eq!(other, Duration::ZERO);
        assert_eq!(*served.lock().unwrap(), [(50, 50), (40, 100), (30, 150), (20, 200), (10, 250)]);
    }

    /// A call that gives up waiting leaves the line: the ones behind it get its slot.
    #[tokio::test(start_paused = true)]
    async fn a_call_that_gives_up_leaves_the_line() {
        let ranked = Ranked::new(20);
        let start = Instant::now();
        ranked.acquire("r", start).await;
        let gives_up = tokio::time::timeout(Duration::from_millis(10), ranked.acquire("r", start));
        let later = async {
            tokio::task::yield_now().await;
            ranked.acquire("r", start + Duration::from_millis(1)).await;
            start.elapsed()
        };
        let (gave_up, later) = tokio::join!(gives_up, later);
        assert!(gave_up.is_err());
        assert_eq!(later, Duration::from_millis(50), "the next slot, not the one after");
    }

    /// Two limiters on one directory, as two processes: their slots interleave on one schedule
    /// (each alone would have let all of its calls go at once).
    #[tokio::test]
    async fn machine_wide_limiters_share_one_schedule() {
        let dir = tempfile::tempdir().unwrap();
        let one = RateLimiter::machine_wide(50, dir.path().to_owned());
        let two = RateLimiter::machine_wide(50, dir.path().to_owned());
        let start = std::time::Instant::now();
        let ask = |limiter: &'static RateLimiter| limiter.acquire_on("http://h", "A", "r");
        let (one, two): (&'static RateLimiter, &'static RateLimiter) =
            (Box::leak(Box::new(one)), Box::leak(Box::new(two)));
        futures::future::join_all((0..10).map(|i| ask(if i % 2 == 0 { one } else { two }))).await;
        // Ten slots 20 ms apart: the last leaves 180 ms after the first.
        assert!(start.elapsed() >= Duration::from_millis(175), "{:?}", start.elapsed());
        // Another key has its own schedule: with ten more of A's calls queued (200 ms of A's
        // slots), B's first call goes at once instead of after them. The margin is wide so a
        // loaded machine does not fail it.
        let queued = tokio::spawn(futures::future::join_all((0..10).map(move |_| ask(two))));
        tokio::task::yield_now().await;
        let other = std::time::Instant::now();
        one.acquire_on("http://h", "B", "r").await;
        assert!(other.elapsed() < Duration::from_millis(120), "{:?}", other.elapsed());
        queued.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn zero_means_off() {
        let limiter = RateLimiter::new(0);
        let start = Instant::now();
        for _ in 0..100 {
            limiter.acquire("a", "r").await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
