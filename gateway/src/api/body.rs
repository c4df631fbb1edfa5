//! The JSON request body extractor: malformed JSON becomes Core's 400 `ErrorResponse`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde_json::Value;

use crate::error::ApiError;

/// A request body parsed as a JSON object.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|error| {
            ApiError::bad_request(format!("cannot read the request body: {error}"))
        })?;
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
        Ok(JsonBody(value))
    }
}

/// A request body that may be empty (action endpoints such as `stop` are sent `{}` or
/// nothing).
pub struct OptionalJsonBody(pub Option<Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|error| {
            ApiError::bad_request(format!("cannot read the request body: {error}"))
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody(None));
        }
        let value = serde_json::from_slice(&bytes)
            .map_err(|error| ApiError::bad_request(format!("JSON parse error: {error}")))?;
        Ok(OptionalJsonBody(Some(value)))
    }
}
