//! When a single request is sent again: a pure decision from the method, the outcome and the
//! number of retries so far, so the transport needs no policy of its own.

use super::request::Method;

/// How a request ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// A response arrived, with its `Retry-After` header when it had one.
    Response {
        status: u16,
        retry_after: Option<&'a str>,
    },
    /// No response arrived.
    NetworkError,
}

/// Retry limits and pauses; times in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The pause before the first retry, before jitter.
    pub first_delay_ms: f64,
    /// The factor each pause grows by.
    pub factor: f64,
    /// The jitter as a fraction: 0.2 spreads each pause over ±20 %.
    pub jitter: f64,
    /// The maximum pause a `Retry-After` header may ask for; a longer one is not waited for.
    pub max_retry_after_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            first_delay_ms: 300.0,
            factor: 2.0,
            jitter: 0.2,
            max_retry_after_ms: 10_000.0,
        }
    }
}

/// True for methods whose repetition cannot change anything on the server.
fn is_safe(method: Method) -> bool {
    matches!(method, Method::Get | Method::Head | Method::Options)
}

/// Reads `Retry-After` in seconds. The HTTP-date form gives `None`, so the backoff applies.
pub fn parse_retry_after(value: &str) -> Option<f64> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .map(|seconds| f64::from(seconds) * 1000.0)
}

impl RetryPolicy {
    /// Decides whether to send the request again after `outcome`, and after how many
    /// milliseconds; `retries` is the number of retries already made and `random` is in
    /// `[0, 1)`.
    ///
    /// A 429 is retried for every method, because the server rejected the request before
    /// acting on it. A 502, 503, 504 or a network error is retried only for GET, HEAD and
    /// OPTIONS: the server may have acted on any other request. A `Retry-After` longer than
    /// [`RetryPolicy::max_retry_after_ms`] ends the retries.
    pub fn delay_ms(
        &self,
        method: Method,
        outcome: Outcome<'_>,
        retries: u32,
        random: f64,
    ) -> Option<u64> {
        if retries >= self.max_retries {
            return None;
        }
        let (retryable, retry_after) = match outcome {
            Outcome::Response {
                status: 429,
                retry_after,
            } => (true, retry_after),
            Outcome::Response {
                status: 502..=504,
                retry_after,
            } => (is_safe(method), retry_after),
            Outcome::Response { .. } => (false, None),
            Outcome::NetworkError => (is_safe(method), None),
        };
        if !retryable {
            return None;
        }
        if let Some(asked) = retry_after.and_then(parse_retry_after) {
            return (asked <= self.max_retry_after_ms).then_some(asked.ceil() as u64);
        }
        let exponent = i32::try_from(retries).unwrap_or(i32::MAX);
        let base = self.first_delay_ms * self.factor.powi(exponent);
        let spread = 1.0 - self.jitter + 2.0 * self.jitter * random.clamp(0.0, 1.0);
        Some((base * spread).ceil() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16) -> Outcome<'static> {
        Outcome::Response {
            status,
            retry_after: None,
        }
    }

    #[test]
    fn decision_table() {
        let policy = RetryPolicy::default();
        let cases = [
            (Method::Get, response(503), 0, Some(300)),
            (Method::Get, response(502), 1, Some(600)),
            (Method::Get, response(504), 2, None),
            (Method::Get, Outcome::NetworkError, 0, Some(300)),
            (Method::Head, response(503), 0, Some(300)),
            (Method::Post, response(503), 0, None),
            (Method::Post, Outcome::NetworkError, 0, None),
            (Method::Delete, response(502), 0, None),
            (Method::Post, response(429), 0, Some(300)),
            (Method::Get, response(500), 0, None),
            (Method::Get, response(404), 0, None),
            (Method::Get, response(401), 0, None),
            (Method::Get, response(200), 0, None),
        ];
        for (method, outcome, retries, expected) in cases {
            assert_eq!(
                policy.delay_ms(method, outcome, retries, 0.5),
                expected,
                "{method} {outcome:?} after {retries} retries"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured() {
        let policy = RetryPolicy::default();
        let with = |value| Outcome::Response {
            status: 429,
            retry_after: Some(value),
        };
        let cases = [
            ("2", Some(2_000)),
            (" 0 ", Some(0)),
            ("10", Some(10_000)),
            ("11", None),
            ("Wed, 21 Oct 2026 07:28:00 GMT", Some(300)),
            ("-1", Some(300)),
        ];
        for (value, expected) in cases {
            assert_eq!(
                policy.delay_ms(Method::Post, with(value), 0, 0.5),
                expected,
                "Retry-After {value:?}"
            );
        }
    }

    #[test]
    fn jitter_spreads_backoff() {
        let policy = RetryPolicy::default();
        let low = policy.delay_ms(Method::Get, response(503), 0, 0.0);
        let high = policy.delay_ms(Method::Get, response(503), 0, 0.999);
        assert_eq!(low, Some(240));
        assert_eq!(high, Some(360));
    }
}
