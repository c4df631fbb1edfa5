//! The `X-Api-Version` and `X-Api-Level` headers Core adds to every API response, errors
//! included.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::SharedGateway;

/// Adds the version headers to the response.
pub async fn add_api_headers(
    State(gateway): State<SharedGateway>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(version) = HeaderValue::from_str(&gateway.core_version()) {
        headers.insert("X-Api-Version", version);
    }
    headers.insert("X-Api-Level", HeaderValue::from(gateway.level.number()));
    response
}
