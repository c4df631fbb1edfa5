//! CORS for `/api/**` as Core configures it from `DH_CORS_ORIGINS`: allowed origin
//! patterns, methods GET, POST, PUT, DELETE and PATCH, any request header, and the exposed
//! headers `authorization` and `range`. Without origins, no CORS headers are sent.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Methods a cross-origin caller may use.
const ALLOWED_METHODS: &str = "GET,POST,PUT,DELETE,PATCH";

/// Headers exposed to browser code unless the handler lists its own, as the run proxy does.
const EXPOSED_HEADERS: &str = "authorization, range";

/// Seconds browsers may cache a preflight response, Spring's default.
const MAX_AGE_SECONDS: &str = "1800";

/// The allowed origin patterns; `*` in a pattern matches any run of characters, so
/// `http://localhost:*` allows every local port.
#[derive(Debug, Clone, Default)]
pub struct CorsPolicy {
    patterns: Vec<String>,
}

impl CorsPolicy {
    /// Builds a policy from origin patterns.
    pub fn new(patterns: Vec<String>) -> Self {
        CorsPolicy { patterns }
    }

    /// True when some pattern matches the origin.
    pub fn allows(&self, origin: &str) -> bool {
        self.patterns
            .iter()
            .any(|pattern| pattern == "*" || glob_match(pattern, origin))
    }
}

/// Matches `text` against a pattern whose only wildcard is `*`.
fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern.eq_ignore_ascii_case(text);
    }

    let mut rest = text;
    for (index, part) in parts.iter().enumerate() {
        if index == 0 {
            let Some(stripped) = rest.strip_prefix(part) else {
                return false;
            };
            rest = stripped;
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(position) = rest.find(part) else {
                return false;
            };
            rest = &rest[position + part.len()..];
        }
    }
    true
}

fn invalid_cors_request() -> Response {
    (StatusCode::FORBIDDEN, "Invalid CORS request").into_response()
}

fn add_vary(headers: &mut HeaderMap) {
    headers.insert(
        header::VARY,
        HeaderValue::from_static(
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ),
    );
}

/// Handles preflight requests and adds CORS headers to cross-origin responses.
pub async fn apply_cors(
    State(policy): State<Arc<CorsPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    if policy.patterns.is_empty() {
        return next.run(request).await;
    }
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    let allowed = origin.to_str().is_ok_and(|text| policy.allows(text));

    let requested_method = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .cloned();
    if request.method() == Method::OPTIONS {
        if let Some(requested_method) = requested_method {
            let method_allowed = requested_method
                .to_str()
                .is_ok_and(|method| ALLOWED_METHODS.split(',').any(|allowed| allowed == method));
            if !allowed || !method_allowed {
                tracing::info!(origin = ?origin, "CORS preflight rejected");
                return invalid_cors_request();
            }

            let mut response = StatusCode::OK.into_response();
            let headers = response.headers_mut();
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOWED_METHODS),
            );
            if let Some(requested) = request
                .headers()
                .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                .cloned()
            {
                headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
            }
            headers.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE_SECONDS),
            );
            add_vary(headers);
            return response;
        }
    }

    if !allowed {
        tracing::info!(origin = ?origin, "cross-origin request from a disallowed origin");
        return invalid_cors_request();
    }

    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if !headers.contains_key(header::ACCESS_CONTROL_EXPOSE_HEADERS) {
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_HEADERS),
        );
    }
    add_vary(headers);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_ports() {
        let policy = CorsPolicy::new(vec!["http://localhost:*".to_string()]);
        assert!(policy.allows("http://localhost:5173"));
        assert!(!policy.allows("http://evil.example"));
    }

    #[test]
    fn exact_origin() {
        let policy = CorsPolicy::new(vec!["http://127.0.0.1:8080".to_string()]);
        assert!(policy.allows("http://127.0.0.1:8080"));
        assert!(!policy.allows("http://127.0.0.1:8081"));
    }

    #[test]
    fn middle_wildcard() {
        assert!(glob_match(
            "https://*.example.org",
            "https://app.example.org"
        ));
        assert!(!glob_match(
            "https://*.example.org",
            "https://app.example.com"
        ));
    }
}
