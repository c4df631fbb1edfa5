//! Error responses in Core's shape: `{status, message, errorCode}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error that becomes an HTTP response with Core's `ErrorResponse` body.
#[derive(Debug, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Text of the `message` field.
    pub message: String,
}

impl ApiError {
    /// Builds an error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// Builds a 400, Core's status for `IllegalArgumentException` and validation failures.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// Builds a 404 with Core's `No such {entity}.` message.
    pub fn no_such(entity: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, format!("No such {entity}."))
    }

    /// Builds a 500, Core's status for `CoreRuntimeException` and storage failures.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// Builds Core's 400 `Invalid transition from state X to state null.` for an event that
    /// the run's current state does not accept.
    pub fn invalid_transition(from: &str) -> Self {
        ApiError::bad_request(format!(
            "Invalid transition from state {from} to state null."
        ))
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        tracing::error!(%error, "storage failed");
        ApiError::internal(format!("storage failed: {error}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(status = %self.status, message = %self.message, "request failed");
        } else {
            tracing::debug!(status = %self.status, message = %self.message, "request rejected");
        }

        let body = json!({
            "status": self.status.as_u16(),
            "message": self.message,
            "errorCode": null,
        });
        (self.status, Json(body)).into_response()
    }
}
