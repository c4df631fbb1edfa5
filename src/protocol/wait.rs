//! Waiting for a run, as a pure state machine: the caller fetches the run, hands it in with the
//! current time and a random number, and gets back what to do next.
//!
//! The machine polls with exponential backoff and jitter, stops at a total deadline with a
//! [`ClientError::Timeout`] (never by returning silently), and fails early when the run reaches a
//! state from which the awaited one cannot follow.

use serde_json::Value;

use super::entity::{run_action, run_state, service_url, status_message};
use super::error::ClientError;
use crate::kind::Action;

/// The state to wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// A serve run is `RUNNING` and has `status.service.url`, so it can be invoked. A job or
    /// build run is `RUNNING` or already `COMPLETED`.
    Ready,
    /// The run has finished: `COMPLETED`, or `STOPPED` for a serve run, which has no other way
    /// to end.
    Terminal,
}

impl Until {
    /// Parses `ready` or `terminal`.
    ///
    /// # Errors
    /// [`ClientError::Validation`] for any other string.
    pub fn parse(name: &str) -> Result<Until, ClientError> {
        match name {
            "ready" => Ok(Until::Ready),
            "terminal" => Ok(Until::Terminal),
            other => Err(ClientError::invalid(
                "/until",
                "invalid-until",
                format!("until {other:?} is not supported: use \"ready\" or \"terminal\""),
            )),
        }
    }

    /// `ready` or `terminal`.
    pub fn name(self) -> &'static str {
        match self {
            Until::Ready => "ready",
            Until::Terminal => "terminal",
        }
    }
}

/// How often and how long to poll. All times are in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaitPolicy {
    /// The pause after the first poll, before jitter.
    pub first_delay_ms: f64,
    /// The factor each pause grows by.
    pub factor: f64,
    /// The maximum pause, before and after jitter.
    pub max_delay_ms: f64,
    /// The jitter as a fraction: 0.2 spreads each pause over ±20 %.
    pub jitter: f64,
    /// The total budget from the start of the wait.
    pub timeout_ms: f64,
}

/// The default total budget: 300 s, the python SDK's limit for serve runs.
pub const DEFAULT_TIMEOUT_MS: f64 = 300_000.0;

impl Default for WaitPolicy {
    fn default() -> WaitPolicy {
        WaitPolicy {
            first_delay_ms: 250.0,
            factor: 1.7,
            max_delay_ms: 5_000.0,
            jitter: 0.2,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// Formats `number` as JavaScript prints it for the usual cases (`-1`, `-2.5`, `NaN`,
/// `-Infinity`), without Rust's float `Display`, which adds about 14 KB to the wasm module.
fn js_number(number: f64) -> String {
    if number.is_nan() {
        return "NaN".to_string();
    }
    if number.is_infinite() {
        return if number < 0.0 {
            "-Infinity"
        } else {
            "Infinity"
        }
        .to_string();
    }
    // serde_json writes the shortest form that reads back as the same number, with `.0` on
    // whole numbers, which JavaScript leaves out.
    let text = serde_json::Number::from_f64(number).map_or_else(String::new, |n| n.to_string());
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

impl WaitPolicy {
    /// Returns the default policy with another total budget.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `timeout_ms` is negative or not a finite number.
    pub fn with_timeout(timeout_ms: f64) -> Result<WaitPolicy, ClientError> {
        if !timeout_ms.is_finite() || timeout_ms < 0.0 {
            return Err(ClientError::invalid(
                "/timeoutMs",
                "invalid-timeout",
                format!(
                    "timeoutMs {} is invalid: pass a number of milliseconds ≥ 0",
                    js_number(timeout_ms)
                ),
            ));
        }
        Ok(WaitPolicy {
            timeout_ms,
            ..WaitPolicy::default()
        })
    }

    /// Computes the pause after poll number `poll` (0-based), for a `random` number in `[0, 1)`.
    pub fn delay_ms(&self, poll: u32, random: f64) -> f64 {
        let exponent = i32::try_from(poll).unwrap_or(i32::MAX);
        let base = (self.first_delay_ms * self.factor.powi(exponent)).min(self.max_delay_ms);
        let spread = 1.0 - self.jitter + 2.0 * self.jitter * random.clamp(0.0, 1.0);
        (base * spread).min(self.max_delay_ms)
    }
}

/// The caller's next step.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitStep {
    /// The run reached the awaited state.
    Done(Value),
    /// Sleep this many milliseconds, then fetch the run again.
    Sleep(u64),
    /// Stop waiting with this error.
    Fail(ClientError),
}

/// The outcome of one observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The run's new `status.state`, when it differs from the one seen before.
    pub state_change: Option<String>,
    pub step: WaitStep,
}

/// The relation of a run state to the awaited one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Reached,
    Pending,
    Unreachable,
}

/// Decides whether `state` of a run performing `action` reaches `until`. An unknown action is
/// judged like a job.
fn judge(until: Until, action: Option<Action>, state: &str, has_service: bool) -> Verdict {
    let serve = action == Some(Action::Serve);
    match (until, state) {
        (_, "ERROR" | "DELETING" | "DELETED") => Verdict::Unreachable,
        (Until::Ready, "RUNNING") if serve && !has_service => Verdict::Pending,
        (Until::Ready, "RUNNING") => Verdict::Reached,
        (Until::Ready, "COMPLETED") if serve => Verdict::Unreachable,
        (Until::Ready, "COMPLETED") => Verdict::Reached,
        (Until::Ready, "STOP" | "STOPPED") => Verdict::Unreachable,
        (Until::Terminal, "COMPLETED") => Verdict::Reached,
        (Until::Terminal, "STOPPED") if serve => Verdict::Reached,
        (Until::Terminal, "STOPPED") => Verdict::Unreachable,
        _ => Verdict::Pending,
    }
}

/// One wait for one run.
#[derive(Debug, Clone)]
pub struct Waiter {
    run_id: String,
    until: Until,
    policy: WaitPolicy,
    started_ms: f64,
    polls: u32,
    last_state: Option<String>,
}

impl Waiter {
    /// Starts waiting at `now_ms` for the run `run_id`.
    pub fn new(run_id: &str, until: Until, policy: WaitPolicy, now_ms: f64) -> Waiter {
        Waiter {
            run_id: run_id.to_string(),
            until,
            policy,
            started_ms: now_ms,
            polls: 0,
            last_state: None,
        }
    }

    /// Judges a freshly fetched run at `now_ms`; `random` in `[0, 1)` spreads the next pause.
    pub fn observe(&mut self, run: Value, now_ms: f64, random: f64) -> Observation {
        let state = run_state(&run).unwrap_or("").to_string();
        // A run without `status.state` has no state to report.
        let state_change = if state.is_empty() {
            None
        } else {
            self.note_state(&state)
        };
        let verdict = judge(
            self.until,
            run_action(&run),
            &state,
            service_url(&run).is_some(),
        );
        let step = match verdict {
            Verdict::Reached => WaitStep::Done(run),
            Verdict::Unreachable => WaitStep::Fail(ClientError::RunFailed {
                run_id: self.run_id.clone(),
                state,
                message: status_message(&run).map(str::to_string),
            }),
            Verdict::Pending => self.pause(now_ms, random),
        };
        Observation { state_change, step }
    }

    /// Judges a failed fetch. A 404 means the run was deleted; network errors, 429 and 5xx are
    /// retried within the deadline; anything else ends the wait.
    pub fn observe_error(&mut self, error: ClientError, now_ms: f64, random: f64) -> Observation {
        let step = match error {
            ClientError::Http { status: 404, .. } => {
                let state_change = self.note_state("DELETED");
                return Observation {
                    state_change,
                    step: WaitStep::Fail(ClientError::RunFailed {
                        run_id: self.run_id.clone(),
                        state: "DELETED".to_string(),
                        message: Some("Core no longer knows this run".to_string()),
                    }),
                };
            }
            ClientError::Network { .. } => self.pause(now_ms, random),
            ClientError::Http { status, .. } if status == 429 || status >= 500 => {
                self.pause(now_ms, random)
            }
            other => WaitStep::Fail(other),
        };
        Observation {
            state_change: None,
            step,
        }
    }

    fn note_state(&mut self, state: &str) -> Option<String> {
        if self.last_state.as_deref() == Some(state) {
            return None;
        }
        self.last_state = Some(state.to_string());
        Some(state.to_string())
    }

    fn pause(&mut self, now_ms: f64, random: f64) -> WaitStep {
        let elapsed = (now_ms - self.started_ms).max(0.0);
        let remaining = self.policy.timeout_ms - elapsed;
        if remaining <= 0.0 {
            return WaitStep::Fail(ClientError::Timeout {
                run_id: self.run_id.clone(),
                awaited: self.until.name(),
                waited_ms: elapsed.round() as u64,
                timeout_ms: self.policy.timeout_ms.round() as u64,
                last_state: self.last_state.clone().filter(|state| !state.is_empty()),
            });
        }
        let delay = self.policy.delay_ms(self.polls, random).min(remaining);
        self.polls = self.polls.saturating_add(1);
        // Sleep at least 1 ms so the final poll lands at or after the deadline.
        WaitStep::Sleep(delay.ceil().max(1.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn serve_run(state: &str, url: Option<&str>) -> Value {
        let mut run = json!({
            "id": "r1", "kind": "python+serve:run",
            "status": { "state": state, "message": "pod failed" },
        });
        if let Some(url) = url {
            run["status"]["service"] = json!({ "url": url });
        }
        run
    }

    fn job_run(kind: &str, state: &str) -> Value {
        json!({ "id": "r1", "kind": kind, "status": { "state": state } })
    }

    #[test]
    fn verdict_table() {
        use Verdict::{Pending, Reached, Unreachable};
        let serve = Some(Action::Serve);
        let job = Some(Action::Job);
        let build = Some(Action::Build);
        let cases = [
            (Until::Ready, serve, "CREATED", false, Pending),
            (Until::Ready, serve, "READY", false, Pending),
            (Until::Ready, serve, "PENDING", false, Pending),
            (Until::Ready, serve, "RUNNING", false, Pending),
            (Until::Ready, serve, "RUNNING", true, Reached),
            (Until::Ready, serve, "ERROR", true, Unreachable),
            (Until::Ready, serve, "STOP", true, Unreachable),
            (Until::Ready, serve, "STOPPED", true, Unreachable),
            (Until::Ready, serve, "DELETING", true, Unreachable),
            (Until::Ready, serve, "DELETED", false, Unreachable),
            (Until::Ready, serve, "COMPLETED", false, Unreachable),
            (Until::Ready, job, "PENDING", false, Pending),
            (Until::Ready, job, "RUNNING", false, Reached),
            (Until::Ready, job, "COMPLETED", false, Reached),
            (Until::Ready, build, "COMPLETED", false, Reached),
            (Until::Ready, job, "STOPPED", false, Unreachable),
            (Until::Ready, None, "RUNNING", false, Reached),
            (Until::Terminal, job, "RUNNING", false, Pending),
            (Until::Terminal, job, "COMPLETED", false, Reached),
            (Until::Terminal, build, "COMPLETED", false, Reached),
            (Until::Terminal, job, "STOP", false, Pending),
            (Until::Terminal, job, "STOPPED", false, Unreachable),
            (Until::Terminal, job, "ERROR", false, Unreachable),
            (Until::Terminal, serve, "RUNNING", true, Pending),
            (Until::Terminal, serve, "STOPPED", true, Reached),
            (Until::Terminal, serve, "ERROR", true, Unreachable),
            (Until::Terminal, job, "", false, Pending),
            (Until::Terminal, job, "SOMETHING_NEW", false, Pending),
        ];
        for (until, action, state, has_service, expected) in cases {
            assert_eq!(
                judge(until, action, state, has_service),
                expected,
                "{until:?} {action:?} {state} service={has_service}"
            );
        }
    }

    #[test]
    fn backoff_grows_and_caps() {
        let policy = WaitPolicy {
            jitter: 0.0,
            ..WaitPolicy::default()
        };
        let delays: Vec<f64> = (0..10).map(|poll| policy.delay_ms(poll, 0.5)).collect();
        assert_eq!(delays[0], 250.0);
        assert!((delays[1] - 425.0).abs() < 1e-9, "{delays:?}");
        for pair in delays.windows(2) {
            assert!(pair[1] >= pair[0], "{delays:?}");
        }
        assert_eq!(delays[9], 5_000.0);
    }

    #[test]
    fn jitter_bounds() {
        let policy = WaitPolicy::default();
        assert_eq!(policy.delay_ms(0, 0.0), 200.0);
        assert_eq!(policy.delay_ms(0, 0.5), 250.0);
        assert!((policy.delay_ms(0, 0.999_999) - 300.0).abs() < 0.01);
        assert_eq!(
            policy.delay_ms(40, 1.0),
            5_000.0,
            "jitter never exceeds the cap"
        );
        assert_eq!(policy.delay_ms(0, -3.0), 200.0, "random is clamped");
    }

    #[test]
    fn serve_run_becomes_ready() {
        let mut waiter = Waiter::new("r1", Until::Ready, WaitPolicy::default(), 1_000.0);
        let script = [
            (serve_run("READY", None), 1_000.0),
            (serve_run("PENDING", None), 1_250.0),
            (serve_run("PENDING", None), 1_700.0),
            (serve_run("RUNNING", None), 2_500.0),
            (serve_run("RUNNING", Some("svc:8080")), 3_500.0),
        ];
        let mut changes = Vec::new();
        let mut steps = Vec::new();
        for (run, now) in script {
            let observation = waiter.observe(run, now, 0.5);
            changes.extend(observation.state_change);
            steps.push(observation.step);
        }
        assert_eq!(changes, ["READY", "PENDING", "RUNNING"]);
        let sleeps: Vec<&WaitStep> = steps[..4].iter().collect();
        assert_eq!(
            sleeps,
            [
                &WaitStep::Sleep(250),
                &WaitStep::Sleep(425),
                &WaitStep::Sleep(723),
                &WaitStep::Sleep(1229),
            ]
        );
        let WaitStep::Done(run) = &steps[4] else {
            panic!("expected Done, got {:?}", steps[4]);
        };
        assert_eq!(service_url(run), Some("svc:8080"));
    }

    #[test]
    fn error_state_fails_with_core_message() {
        let mut waiter = Waiter::new("r1", Until::Ready, WaitPolicy::default(), 0.0);
        let observation = waiter.observe(serve_run("ERROR", None), 10.0, 0.5);
        assert_eq!(observation.state_change.as_deref(), Some("ERROR"));
        assert_eq!(
            observation.step,
            WaitStep::Fail(ClientError::RunFailed {
                run_id: "r1".into(),
                state: "ERROR".into(),
                message: Some("pod failed".into()),
            })
        );
    }

    #[test]
    fn deadline_gives_timeout() {
        let policy = WaitPolicy::with_timeout(1_000.0).unwrap();
        let mut waiter = Waiter::new("r1", Until::Terminal, policy, 0.0);
        let first = waiter.observe(job_run("python+job:run", "PENDING"), 0.0, 0.5);
        assert_eq!(first.step, WaitStep::Sleep(250));
        let near_end = waiter.observe(job_run("python+job:run", "RUNNING"), 900.0, 0.5);
        assert_eq!(
            near_end.step,
            WaitStep::Sleep(100),
            "the pause stops at the deadline"
        );
        let late = waiter.observe(job_run("python+job:run", "RUNNING"), 1_000.0, 0.5);
        assert_eq!(
            late.step,
            WaitStep::Fail(ClientError::Timeout {
                run_id: "r1".into(),
                awaited: "terminal",
                waited_ms: 1_000,
                timeout_ms: 1_000,
                last_state: Some("RUNNING".into()),
            })
        );
        let message = match late.step {
            WaitStep::Fail(error) => error.to_string(),
            other => panic!("expected Fail, got {other:?}"),
        };
        assert!(message.contains("RUNNING"), "{message}");
    }

    #[test]
    fn done_at_deadline_wins_over_timeout() {
        let policy = WaitPolicy::with_timeout(100.0).unwrap();
        let mut waiter = Waiter::new("r1", Until::Terminal, policy, 0.0);
        let observation = waiter.observe(job_run("python+build:run", "COMPLETED"), 5_000.0, 0.5);
        assert!(matches!(observation.step, WaitStep::Done(_)));
    }

    #[test]
    fn zero_timeout_checks_once() {
        let policy = WaitPolicy::with_timeout(0.0).unwrap();
        let mut waiter = Waiter::new("r1", Until::Ready, policy, 0.0);
        let observation = waiter.observe(serve_run("PENDING", None), 0.0, 0.5);
        assert!(matches!(
            observation.step,
            WaitStep::Fail(ClientError::Timeout { .. })
        ));
    }

    #[test]
    fn missing_state_is_not_a_change() {
        let mut waiter = Waiter::new("r1", Until::Ready, WaitPolicy::default(), 0.0);
        let stateless = json!({ "id": "r1", "kind": "python+serve:run" });
        let first = waiter.observe(stateless.clone(), 0.0, 0.5);
        assert_eq!(first.state_change, None);
        let pending = waiter.observe(serve_run("PENDING", None), 10.0, 0.5);
        assert_eq!(pending.state_change.as_deref(), Some("PENDING"));
        let again = waiter.observe(stateless, 20.0, 0.5);
        assert_eq!(again.state_change, None);
    }

    #[test]
    fn state_change_reported_once() {
        let mut waiter = Waiter::new("r1", Until::Terminal, WaitPolicy::default(), 0.0);
        let states = [
            "PENDING",
            "PENDING",
            "RUNNING",
            "RUNNING",
            "RUNNING",
            "COMPLETED",
        ];
        let changes: Vec<String> = states
            .iter()
            .enumerate()
            .filter_map(|(index, state)| {
                let now = index as f64 * 10.0;
                waiter
                    .observe(job_run("python+job:run", state), now, 0.5)
                    .state_change
            })
            .collect();
        assert_eq!(changes, ["PENDING", "RUNNING", "COMPLETED"]);
    }

    #[test]
    fn fetch_errors() {
        let mut waiter = Waiter::new("r1", Until::Ready, WaitPolicy::default(), 0.0);
        let not_found = ClientError::Http {
            status: 404,
            message: "No such run.".into(),
            error_code: None,
        };
        let observation = waiter.observe_error(not_found, 0.0, 0.5);
        assert!(matches!(
            observation.step,
            WaitStep::Fail(ClientError::RunFailed { ref state, .. }) if state == "DELETED"
        ));

        let transient = [
            ClientError::network("TypeError", false),
            ClientError::Http {
                status: 503,
                message: String::new(),
                error_code: None,
            },
            ClientError::Http {
                status: 429,
                message: String::new(),
                error_code: None,
            },
        ];
        for error in transient {
            let observation = waiter.observe_error(error.clone(), 0.0, 0.5);
            assert!(matches!(observation.step, WaitStep::Sleep(_)), "{error:?}");
        }

        let fatal = [
            ClientError::Auth {
                status: 403,
                message: String::new(),
                error_code: None,
            },
            ClientError::Http {
                status: 400,
                message: String::new(),
                error_code: None,
            },
        ];
        for error in fatal {
            let observation = waiter.observe_error(error.clone(), 0.0, 0.5);
            assert_eq!(observation.step, WaitStep::Fail(error));
        }
    }

    #[test]
    fn invalid_options() {
        for timeout in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(
                WaitPolicy::with_timeout(timeout).is_err(),
                "timeout {timeout}"
            );
        }
        let cases = [
            (-1.0, "-1"),
            (-2.5, "-2.5"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (timeout, shown) in cases {
            let Err(ClientError::Validation(issues)) = WaitPolicy::with_timeout(timeout) else {
                panic!("timeout {timeout} was accepted");
            };
            assert_eq!(
                issues[0].message,
                format!("timeoutMs {shown} is invalid: pass a number of milliseconds ≥ 0")
            );
        }
        assert_eq!(Until::parse("ready").unwrap(), Until::Ready);
        assert_eq!(Until::parse("terminal").unwrap(), Until::Terminal);
        assert!(Until::parse("running").is_err());
    }
}
