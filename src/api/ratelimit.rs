//! A client-side rate limiter per (action, region), so a burst never earns
//! `RequestLimitExceeded` from the service. Requests are spaced evenly (no burst), which stays
//! inside any token bucket of the same rate however the service counts.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    interval: Option<Duration>,
    next_slot: Mutex<HashMap<(String, String), Instant>>,
}

impl RateLimiter {
    /// `per_second` = 0 turns the limiter off.
    pub fn new(per_second: u32) -> Self {
        let interval = (per_second > 0).then(|| Duration::from_secs_f64(1.0 / f64::from(per_second)));
        RateLimiter { interval, next_slot: Mutex::new(HashMap::new()) }
    }

    /// Wait for this (action, region)'s next slot.
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

/// The quota of `action` from [`ACTION_QUOTAS`], if it has its own.
pub fn action_quota(action: &str) -> Option<u32> {
    ACTION_QUOTAS.iter().find(|(name, _)| *name == action).map(|(_, rate)| *rate)
}

/// Process-wide limiters for the actions with their own quota, one per endpoint: concurrent
/// runs in one process (the terminal app's, a bench's) poll their tasks within one quota.
pub struct Shared {
    limiters: Mutex<HashMap<(String, &'static str), &'static RateLimiter>>,
}

/// The one [`Shared`] of this process.
pub fn shared() -> &'static Shared {
    static SHARED: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| Shared { limiters: Mutex::new(HashMap::new()) })
}

impl Shared {
    /// Wait for a slot of `action` on `endpoint` in `region`; at once for an action without a
    /// quota of its own.
    pub async fn acquire(&self, endpoint: &str, action: &str, region: &str) {
        let Some((name, rate)) = ACTION_QUOTAS.iter().find(|(name, _)| *name == action) else { return };
        let limiter = {
            let mut limiters = self.limiters.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Leaked once per endpoint and action: a handful per process, alive as long as it.
            *limiters
                .entry((endpoint.to_string(), *name))
                .or_insert_with(|| Box::leak(Box::new(RateLimiter::new(*rate))))
        };
        limiter.acquire(action, region).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let ask = |_| shared().acquire("https://vpc.test", "DescribeNetworkInterfaceLimit", "ap-guangzhou");
        futures::future::join_all((0..21).map(ask)).await;
        // 21 lookups at 20/s: the last leaves a second after the first.
        assert_eq!(start.elapsed(), Duration::from_secs(1));
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
