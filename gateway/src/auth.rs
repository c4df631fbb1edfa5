//! Authentication as Core's API security chain applies it. With no credentials configured,
//! access is open. Otherwise a missing credential gets 403 and a wrong one 401.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::json;

use crate::state::SharedGateway;
use crate::timestamp;

/// The authenticated user, added to each request's extensions.
#[derive(Debug, Clone)]
pub struct User(pub String);

/// User name of requests in open mode.
pub const ANONYMOUS: &str = "anonymous";

/// User name of requests that present a bearer token. Core's basic user is called admin by
/// default, and a token grants the same rights here.
pub const TOKEN_USER: &str = "admin";

fn forbidden(path: &str) -> Response {
    let body = json!({
        "timestamp": timestamp::now(),
        "status": 403,
        "error": "Forbidden",
        "path": path,
    });
    (StatusCode::FORBIDDEN, Json(body)).into_response()
}

fn unauthorized(challenge: &'static str) -> Response {
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

/// Compares two secrets in time independent of where they first differ.
fn same_secret(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter()
        .zip(right)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// Checks the request's credentials and records the user.
pub async fn authenticate(
    State(gateway): State<SharedGateway>,
    mut request: Request,
    next: Next,
) -> Response {
    let credentials = &gateway.credentials;
    if !credentials.required() {
        request.extensions_mut().insert(User(ANONYMOUS.to_string()));
        return next.run(request).await;
    }

    let path = request.uri().path().to_string();
    let Some(value) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
    else {
        tracing::debug!(%path, "request without credentials");
        return forbidden(&path);
    };

    let user = if let Some(token) = value.strip_prefix("Bearer ") {
        let known = credentials
            .tokens
            .iter()
            .any(|accepted| same_secret(accepted.as_bytes(), token.trim().as_bytes()));
        if !known {
            tracing::info!(%path, "request with an unknown bearer token");
            return unauthorized(
                "Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Malformed token\"",
            );
        }
        TOKEN_USER.to_string()
    } else if let Some(encoded) = value.strip_prefix("Basic ") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let matched = match (
            decoded.as_deref().and_then(|text| text.split_once(':')),
            &credentials.basic,
        ) {
            (Some((user, password)), Some((expected_user, expected_password))) => {
                let ok = same_secret(user.as_bytes(), expected_user.as_bytes())
                    && same_secret(password.as_bytes(), expected_password.as_bytes());
                ok.then(|| user.to_string())
            }
            _ => None,
        };
        match matched {
            Some(user) => user,
            None => {
                tracing::info!(%path, "request with wrong basic credentials");
                return unauthorized("Basic realm=\"Realm\"");
            }
        }
    } else {
        tracing::info!(%path, "request with an unsupported authorization scheme");
        return forbidden(&path);
    };

    request.extensions_mut().insert(User(user));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
    }
}
