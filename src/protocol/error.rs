//! The errors of every client operation, and how Core's error responses map onto them.

use serde_json::Value;

use crate::validate::{Issue, Severity};

/// An error from a call to Core or to a served function.
///
/// Messages come from Core's response bodies or from this library. A body could echo a token,
/// so the transport passes every error through [`ClientError::redact`] with each token it sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The input was rejected locally, before anything was sent. Holds every issue found.
    #[error("{}", describe_issues(.0))]
    Validation(Vec<Issue>),

    /// Core (or the run proxy) returned a status other than 2xx, 401 or 403.
    #[error("Core returned HTTP {status}: {message}")]
    Http {
        status: u16,
        message: String,
        /// Core's `errorCode`, which is usually null.
        error_code: Option<String>,
    },

    /// Core returned 401 (the token is invalid or expired) or 403 (no token, or the token
    /// lacks a role on the project).
    #[error("{}", describe_auth(*.status, .message))]
    Auth {
        status: u16,
        message: String,
        /// Core's `errorCode`, which is usually null.
        error_code: Option<String>,
    },

    /// The deadline passed before the run reached the awaited state.
    #[error(
        "run {run_id} did not become {awaited} within {waited_ms} ms (last state {}); \
         raise timeoutMs or read the run's logs",
        .last_state.as_deref().unwrap_or("unknown")
    )]
    Timeout {
        run_id: String,
        /// `ready` or `terminal`.
        awaited: &'static str,
        waited_ms: u64,
        /// The deadline the caller set, in milliseconds.
        timeout_ms: u64,
        last_state: Option<String>,
    },

    /// The caller's AbortSignal fired.
    #[error("the operation was aborted")]
    Aborted,

    /// The run reached a state from which the awaited state cannot follow.
    #[error(
        "run {run_id} ended in state {state}{}",
        .message.as_deref().map(|text| format!(": {text}")).unwrap_or_default()
    )]
    RunFailed {
        run_id: String,
        state: String,
        /// Core's `status.message`, when it has one.
        message: Option<String>,
    },

    /// The run has no service URL yet, so it cannot be invoked.
    #[error(
        "run {run_id} has no service URL (state {}); call run.wait({{ until: \"ready\" }}) first",
        .state.as_deref().unwrap_or("unknown")
    )]
    NotReady {
        run_id: String,
        state: Option<String>,
    },

    /// The request never got a response.
    #[error("{message}")]
    Network {
        message: String,
        /// True when the failure looks like a browser blocking a cross-origin response.
        likely_cors: bool,
    },

    /// A 2xx response whose body is not what the call expects.
    #[error("unexpected response from Core (HTTP {status}): {message}")]
    InvalidResponse { status: u16, message: String },
}

impl ClientError {
    /// A stable machine-readable code for the variant.
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::Validation(_) => "validation-failed",
            ClientError::Http { .. } => "http-error",
            ClientError::Auth { .. } => "auth-failed",
            ClientError::Timeout { .. } => "timeout",
            ClientError::Aborted => "aborted",
            ClientError::RunFailed { .. } => "run-failed",
            ClientError::NotReady { .. } => "run-not-ready",
            ClientError::Network { .. } => "network-error",
            ClientError::InvalidResponse { .. } => "invalid-response",
        }
    }

    /// A validation error with one issue.
    pub fn invalid(path: &str, code: &'static str, message: String) -> ClientError {
        ClientError::Validation(vec![Issue {
            path: path.to_string(),
            code,
            severity: Severity::Error,
            message,
            rejected_by: crate::validate::RejectedBy::Library,
        }])
    }

    /// A network failure. `likely_cors` adds the hint that the gateway may not allow this origin.
    pub fn network(cause: &str, likely_cors: bool) -> ClientError {
        let message = if likely_cors {
            format!("the request failed before any response arrived ({cause}){GATEWAY_HINT}")
        } else {
            format!("the request failed before any response arrived ({cause})")
        };
        ClientError::Network {
            message,
            likely_cors,
        }
    }

    /// Rewords a network failure of a direct call to a served run, whose target is the
    /// service and not the gateway. Other errors are returned unchanged.
    pub fn for_service(self) -> ClientError {
        match self {
            ClientError::Network {
                message,
                likely_cors,
            } => {
                let base = message.strip_suffix(GATEWAY_HINT).unwrap_or(&message);
                ClientError::Network {
                    message: format!("{base}{SERVICE_HINT}"),
                    likely_cors,
                }
            }
            other => other,
        }
    }

    /// Replaces every occurrence of `secret` in the error's text with `[redacted]`.
    pub fn redact(self, secret: &str) -> ClientError {
        if secret.is_empty() {
            return self;
        }
        let scrub = |text: String| text.replace(secret, "[redacted]");
        match self {
            ClientError::Validation(issues) => ClientError::Validation(
                issues
                    .into_iter()
                    .map(|issue| Issue {
                        message: scrub(issue.message),
                        path: scrub(issue.path),
                        ..issue
                    })
                    .collect(),
            ),
            ClientError::Http {
                status,
                message,
                error_code,
            } => ClientError::Http {
                status,
                message: scrub(message),
                error_code: error_code.map(scrub),
            },
            ClientError::Auth {
                status,
                message,
                error_code,
            } => ClientError::Auth {
                status,
                message: scrub(message),
                error_code: error_code.map(scrub),
            },
            ClientError::RunFailed {
                run_id,
                state,
                message,
            } => ClientError::RunFailed {
                run_id,
                state,
                message: message.map(scrub),
            },
            ClientError::Network {
                message,
                likely_cors,
            } => ClientError::Network {
                message: scrub(message),
                likely_cors,
            },
            ClientError::InvalidResponse { status, message } => ClientError::InvalidResponse {
                status,
                message: scrub(message),
            },
            other => other,
        }
    }
}

/// The end of a network error message when a browser has likely blocked the response.
const GATEWAY_HINT: &str = "; the gateway may not allow this origin (CORS), may be unreachable, \
                            or may not be running";

/// The end of the message of a failed direct call to a service.
const SERVICE_HINT: &str = "; service URLs are usually reachable only inside the cluster, so \
                            call the run through Core's proxy (without `direct`), and a \
                            browser also needs the service to allow this origin (CORS)";

fn describe_issues(issues: &[Issue]) -> String {
    let errors: Vec<&Issue> = issues
        .iter()
        .filter(|issue| issue.severity == Severity::Error)
        .collect();
    let shown: Vec<String> = errors
        .iter()
        .take(3)
        .map(|issue| {
            if issue.path.is_empty() {
                issue.message.clone()
            } else {
                format!("{}: {}", issue.path, issue.message)
            }
        })
        .collect();
    let more = errors.len().saturating_sub(shown.len());
    let suffix = if more > 0 {
        format!(" (and {more} more; see .issues)")
    } else {
        String::new()
    };
    let noun = if errors.len() == 1 { "error" } else { "errors" };
    format!(
        "validation failed with {} {noun}: {}{suffix}",
        errors.len(),
        shown.join("; ")
    )
}

fn describe_auth(status: u16, message: &str) -> String {
    let advice = if status == 401 {
        "the token is invalid or expired; sign in again or pass a fresh token"
    } else {
        "the request carried no token, or the token lacks a role on this project"
    };
    format!("Core rejected the credentials (HTTP {status}: {message}): {advice}")
}

/// The maximum length of a plain-text error body kept in a message, in characters.
const MAX_TEXT_BODY: usize = 300;

/// Maps a response with a non-2xx `status` and its `body` text to an error.
///
/// Reads Core's `{status, message, errorCode}` first, then Spring Boot's
/// `{timestamp, status, error, path}`, then plain text; an empty body gives the status's reason
/// phrase.
pub fn error_from_response(status: u16, body: &str) -> ClientError {
    let (message, error_code) = read_error_body(status, body);
    if status == 401 || status == 403 {
        return ClientError::Auth {
            status,
            message,
            error_code,
        };
    }
    ClientError::Http {
        status,
        message,
        error_code,
    }
}

fn read_error_body(status: u16, body: &str) -> (String, Option<String>) {
    let trimmed = body.trim();
    if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(trimmed) {
        let text = |key: &str| {
            fields
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_string)
        };
        let error_code = text("errorCode");
        if let Some(message) = text("message") {
            return (message, error_code);
        }
        if let Some(error) = text("error") {
            let message = match text("path") {
                Some(path) => format!("{error} ({path})"),
                None => error,
            };
            return (message, error_code);
        }
    }
    if trimmed.is_empty() {
        return (reason_phrase(status).to_string(), None);
    }
    if trimmed.starts_with('<') {
        let message = format!("{} (the body is an HTML page)", reason_phrase(status));
        return (message, None);
    }
    let mut text: String = trimmed.chars().take(MAX_TEXT_BODY).collect();
    if trimmed.chars().count() > MAX_TEXT_BODY {
        text.push('…');
    }
    (text, None)
}

/// Builds the error for a 2xx `body` that is not JSON; `cause` is the parser's message. An HTML
/// page usually means the endpoint is not Core's API but a web page or a login page in front of
/// it, so the message names that cause instead of quoting the parser.
pub fn not_json(status: u16, body: &str, cause: &str) -> ClientError {
    let message = if body.trim_start().starts_with('<') {
        "the body is an HTML page, not JSON: check that the endpoint is Core's API and not a \
         web or login page in front of it"
            .to_string()
    } else {
        format!("the body is not JSON ({cause})")
    };
    ClientError::InvalidResponse { status, message }
}

/// The standard reason phrase of an HTTP status code.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "no response body",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::RejectedBy;

    #[test]
    fn error_body_shapes() {
        let cases: [(u16, &str, &str, Option<&str>); 8] = [
            (
                400,
                r#"{"status":400,"message":"invalid task","errorCode":null}"#,
                "invalid task",
                None,
            ),
            (
                409,
                r#"{"status":409,"message":"Duplicated entity run:1.","errorCode":"DUP"}"#,
                "Duplicated entity run:1.",
                Some("DUP"),
            ),
            (
                404,
                r#"{"timestamp":"2026-01-01T00:00:00Z","status":404,"error":"Not Found","path":"/api/v1/x"}"#,
                "Not Found (/api/v1/x)",
                None,
            ),
            (500, "  boom happened \n", "boom happened", None),
            (502, "", "Bad Gateway", None),
            (
                500,
                "<html><body>oops</body></html>",
                "Internal Server Error (the body is an HTML page)",
                None,
            ),
            (400, "[1,2]", "[1,2]", None),
            (400, r#"{"message":"  "}"#, r#"{"message":"  "}"#, None),
        ];
        for (status, body, message, code) in cases {
            let error = error_from_response(status, body);
            assert_eq!(
                error,
                ClientError::Http {
                    status,
                    message: message.to_string(),
                    error_code: code.map(str::to_string),
                },
                "body {body:?}"
            );
        }
    }

    #[test]
    fn long_text_body_is_cut() {
        let body = "x".repeat(1000);
        let ClientError::Http { message, .. } = error_from_response(500, &body) else {
            panic!("expected an Http error");
        };
        assert_eq!(message.chars().count(), MAX_TEXT_BODY + 1);
        assert!(message.ends_with('…'));
    }

    #[test]
    fn auth_statuses_map_to_auth() {
        for status in [401, 403] {
            let error = error_from_response(status, r#"{"error":"Forbidden"}"#);
            assert_eq!(
                error,
                ClientError::Auth {
                    status,
                    message: "Forbidden".into(),
                    error_code: None,
                }
            );
            assert_eq!(error.code(), "auth-failed");
        }
        let coded = error_from_response(401, r#"{"message":"expired","errorCode":"E_TOKEN"}"#);
        assert_eq!(
            coded,
            ClientError::Auth {
                status: 401,
                message: "expired".into(),
                error_code: Some("E_TOKEN".into()),
            },
            "Core's errorCode is kept"
        );
        let expired = error_from_response(401, "").to_string();
        assert!(expired.contains("expired"), "{expired}");
        let forbidden = error_from_response(403, "").to_string();
        assert!(forbidden.contains("lacks a role"), "{forbidden}");
    }

    #[test]
    fn redact_removes_token_everywhere() {
        let token = "eyJhbGciOiJSUzI1NiJ9.secret-part";
        let body = format!(r#"{{"message":"bad token {token}","errorCode":"{token}"}}"#);
        let errors = [
            error_from_response(400, &body),
            error_from_response(401, &format!("Bearer {token} rejected")),
            error_from_response(403, &body),
            ClientError::network(&format!("TypeError: {token}"), true),
            ClientError::RunFailed {
                run_id: "r".into(),
                state: "ERROR".into(),
                message: Some(token.into()),
            },
            ClientError::invalid("/x", "bad", format!("value {token}")),
            ClientError::InvalidResponse {
                status: 200,
                message: token.into(),
            },
        ];
        for error in errors {
            let redacted = error.redact(token);
            let display = redacted.to_string();
            let debug = format!("{redacted:?}");
            assert!(!display.contains(token), "display leaks: {display}");
            assert!(!debug.contains(token), "debug leaks: {debug}");
            assert!(debug.contains("[redacted]"), "debug: {debug}");
        }
    }

    #[test]
    fn validation_message_lists_errors() {
        let issue = |path: &str, severity| Issue {
            path: path.into(),
            code: "c",
            severity,
            message: "bad".into(),
            rejected_by: RejectedBy::Core,
        };
        let error = ClientError::Validation(vec![
            issue("/a", Severity::Error),
            issue("/w", Severity::Warning),
            issue("/b", Severity::Error),
            issue("/c", Severity::Error),
            issue("/d", Severity::Error),
        ]);
        assert_eq!(
            error.to_string(),
            "validation failed with 4 errors: /a: bad; /b: bad; /c: bad (and 1 more; see .issues)"
        );
    }

    #[test]
    fn html_success_body_names_the_likely_cause() {
        let html = not_json(
            200,
            "\n<!doctype html><title>Sign in</title>",
            "expected value",
        );
        let message = html.to_string();
        assert!(message.contains("HTML page"), "{message}");
        assert!(message.contains("login page"), "{message}");
        let text = not_json(200, "hello", "expected value at line 1 column 1");
        assert_eq!(
            text,
            ClientError::InvalidResponse {
                status: 200,
                message: "the body is not JSON (expected value at line 1 column 1)".into(),
            }
        );
    }

    #[test]
    fn direct_failure_names_the_service() {
        let blocked = ClientError::network("TypeError: Failed to fetch", true).for_service();
        let message = blocked.to_string();
        assert!(!message.contains("gateway"), "{message}");
        assert!(message.contains("Core's proxy"), "{message}");
        assert!(
            message.contains("(TypeError: Failed to fetch)"),
            "{message}"
        );
        let refused = ClientError::network("TypeError: fetch failed", false).for_service();
        assert!(refused.to_string().contains("Core's proxy"), "{refused}");
        let http = error_from_response(500, "boom").for_service();
        assert_eq!(http, error_from_response(500, "boom"));
    }

    #[test]
    fn network_hint_mentions_cors() {
        let with_hint = ClientError::network("TypeError: Failed to fetch", true).to_string();
        assert!(with_hint.contains("CORS"), "{with_hint}");
        let without = ClientError::network("connection refused", false).to_string();
        assert!(!without.contains("CORS"), "{without}");
    }
}
