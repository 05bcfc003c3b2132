//! The per-(action, region) request rate limit, as the service counts it: a token bucket whose
//! capacity equals the rate, so a burst of `rate` requests passes and the next one is refused.

use std::collections::HashMap;
use std::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    /// Requests per second; 0 turns the limit off.
    rate: u32,
    buckets: HashMap<(String, String), Bucket>,
    /// A refused request uses a token too (the bucket goes into debt, at most a second's worth),
    /// as the real service counts every try: clients that retry at once stay refused.
    count_refused: bool,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

impl RateLimiter {
    pub fn new(rate: u32) -> RateLimiter {
        RateLimiter { rate, buckets: HashMap::new(), count_refused: false }
    }

    /// Refused requests count against the quota too (see the field).
    pub fn counting_refused(self, count_refused: bool) -> RateLimiter {
        RateLimiter { count_refused, ..self }
    }

    /// True when the request may proceed (and uses one token).
    pub fn allow(&mut self, action: &str, region: &str, now: Instant) -> bool {
        self.allow_at(action, region, self.rate, now)
    }

    /// `allow` for an action with a quota of its own, never above the general rate (so 0 still
    /// turns every limit off).
    pub fn allow_within(&mut self, action: &str, region: &str, quota: u32, now: Instant) -> bool {
        self.allow_at(action, region, quota.min(self.rate), now)
    }

    fn allow_at(&mut self, action: &str, region: &str, rate: u32, now: Instant) -> bool {
        if rate == 0 {
            return true;
        }
        let rate = f64::from(rate);
        let bucket = self
            .buckets
            .entry((action.to_string(), region.to_string()))
            .or_insert(Bucket { tokens: rate, refilled_at: now });
        let elapsed = now.saturating_duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(rate);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            if self.count_refused {
                bucket.tokens = (bucket.tokens - 1.0).max(-rate);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_of_rate_passes_then_refills() {
        let mut limiter = RateLimiter::new(5);
        let t0 = Instant::now();
        assert!((0..5).all(|_| limiter.allow("A", "r", t0)));
        assert!(!limiter.allow("A", "r", t0));
        assert!(limiter.allow("B", "r", t0), "each action has its own bucket");
        assert!(limiter.allow("A", "other", t0), "each region has its own bucket");
        assert!(limiter.allow("A", "r", t0 + Duration::from_millis(210)));
    }

    #[test]
    fn refused_tries_can_count_against_the_quota() {
        let mut limiter = RateLimiter::new(5).counting_refused(true);
        let t0 = Instant::now();
        assert!((0..5).all(|_| limiter.allow("A", "r", t0)));
        assert!((0..5).all(|_| !limiter.allow("A", "r", t0)), "refused, each one a token in debt");
        // 210 ms refills one token: not enough to pay the debt.
        assert!(!limiter.allow("A", "r", t0 + Duration::from_millis(210)));
    }

    #[test]
    fn zero_means_off() {
        let mut limiter = RateLimiter::new(0);
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limiter.allow("A", "r", t0)));
    }
}
