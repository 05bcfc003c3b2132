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
