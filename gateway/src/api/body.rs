//! The JSON request body extractor: malformed JSON becomes Core's 400 `ErrorResponse`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde_json::Value;

use crate::error::ApiError;

/// Rejects bodies that are not declared as JSON, as Core's create and update endpoints
/// accept only `application/json` (and YAML, which the gateway does not read).
fn check_content_type(request: &Request) -> Result<(), ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/octet-stream");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" {
        return Ok(());
    }
    let hint = if essence == "application/x-yaml" {
        ": the gateway reads JSON bodies only"
    } else {
        ": send the body as application/json"
    };
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("Content-Type '{content_type}' is not supported{hint}"),
    ))
}

/// Reads the whole request body.
///
/// # Errors
/// 413 for a body over the size limit, 400 when reading fails otherwise.
pub async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state).await.map_err(|error| {
        ApiError::new(
            error.status(),
            format!("cannot read the request body: {}", error.body_text()),
        )
    })
}

/// A request body parsed as a JSON object.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        check_content_type(&request)?;
        let bytes = read_body(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("Required request body is missing"));
        }

        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|error| ApiError::bad_request(format!("JSON parse error: {error}")))?;
        if !value.is_object() {
            return Err(ApiError::bad_request(
                "JSON parse error: expected a JSON object as the request body",
            ));
        }
        // Core's DTOs declare these fields as maps, so Jackson rejects any other JSON type.
        for field in ["metadata", "status"] {
            if value
                .get(field)
                .is_some_and(|item| !item.is_object() && !item.is_null())
            {
                return Err(ApiError::bad_request(format!(
                    "JSON parse error: {field} must be a JSON object"
                )));
            }
        }
        Ok(JsonBody(value))
    }
}

/// A request body that may be empty (action endpoints such as `stop` are sent `{}` or
/// nothing).
pub struct OptionalJsonBody(pub Option<Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody(None));
        }
        let value = serde_json::from_slice(&bytes)
            .map_err(|error| ApiError::bad_request(format!("JSON parse error: {error}")))?;
        Ok(OptionalJsonBody(Some(value)))
    }
}
