//! Authentication as Core's API security chain applies it. With no credentials configured,
//! access is open. Otherwise a missing credential gets 403 and a wrong one 401.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

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

/// Compares two secrets in a time that depends on neither their content nor their lengths:
/// both are hashed with SHA-256 and the digests compared byte by byte without stopping early.
fn same_secret(left: &[u8], right: &[u8]) -> bool {
    let left = Sha256::digest(left);
    let right = Sha256::digest(right);
    left.iter()
        .zip(right.iter())
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// True when `token` equals one of `accepted`. Every accepted token is compared, so the time
/// does not tell which one matched.
fn known_token(accepted: &[String], token: &str) -> bool {
    accepted.iter().fold(false, |found, candidate| {
        found | same_secret(candidate.as_bytes(), token.as_bytes())
    })
}

/// Splits an `Authorization` value into its scheme and credentials, as `Bearer abc` into
/// `("Bearer", "abc")`. The credentials are empty when the value has only a scheme.
fn split_authorization(value: &str) -> (&str, &str) {
    match value.split_once(' ') {
        Some((scheme, credentials)) => (scheme, credentials.trim()),
        None => (value, ""),
    }
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

    // Schemes are case-insensitive (RFC 9110), as Spring Security reads them.
    let (scheme, encoded) = split_authorization(value);
    let user = if scheme.eq_ignore_ascii_case("Bearer") {
        if encoded.is_empty() || !known_token(&credentials.tokens, encoded) {
            tracing::info!(%path, "request with an unknown or empty bearer token");
            return unauthorized(
                "Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Malformed token\"",
            );
        }
        TOKEN_USER.to_string()
    } else if scheme.eq_ignore_ascii_case("Basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        // The password is everything after the first colon, so it may contain colons.
        let matched = match (
            decoded.as_deref().and_then(|text| text.split_once(':')),
            &credentials.basic,
        ) {
            (Some((user, password)), Some((expected_user, expected_password))) => {
                let same_user = same_secret(user.as_bytes(), expected_user.as_bytes());
                let same_password = same_secret(password.as_bytes(), expected_password.as_bytes());
                (same_user & same_password).then(|| user.to_string())
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
    use super::{known_token, same_secret, split_authorization};

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
        assert!(!same_secret(b"", b"a"));
    }

    #[test]
    fn any_accepted_token_matches() {
        let accepted = vec!["one".to_string(), "two".to_string()];
        assert!(known_token(&accepted, "one"));
        assert!(known_token(&accepted, "two"));
        assert!(!known_token(&accepted, "three"));
        assert!(!known_token(&[], "one"));
    }

    #[test]
    fn authorization_splits_at_first_space() {
        assert_eq!(split_authorization("Bearer abc"), ("Bearer", "abc"));
        assert_eq!(split_authorization("bearer  abc "), ("bearer", "abc"));
        assert_eq!(split_authorization("Bearer"), ("Bearer", ""));
    }
}
