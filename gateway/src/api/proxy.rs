//! `/api/v1/-/{project}/runs/{id}/proxy`: forwards one HTTP request to a serve run's
//! service, with the semantics of Core's run proxy.
//!
//! The target is the `X-Proxy-URL` header (`http://` is added when no scheme is given) and
//! the method is `X-Proxy-Method` (default GET). The response is always 200 unless the proxy
//! itself rejects the call: the upstream status is in `X-Proxy-Status`, each upstream
//! header comes back as `X-Proxy-<Name>`, and only text and JSON bodies pass.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use reqwest::Url;
use serde_json::Value;

use super::body::read_body;
use super::runs;
use crate::error::ApiError;
use crate::state::SharedGateway;

/// Upper bound on one proxied call; Core sets none, but a hung handler must not pin the
/// gateway forever.
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(300);

/// Request headers that are never forwarded: hop-by-hop headers, the ones the client
/// library recomputes, and the caller's credentials.
const DROPPED_REQUEST_HEADERS: [&str; 8] = [
    "authorization",
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "accept",
];

/// Writes a status as Spring's `HttpStatus.toString()` does, such as `404 NOT_FOUND`.
pub fn spring_status(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => {
            let name: String = reason
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
                .map(|c| {
                    if c == ' ' || c == '-' {
                        '_'
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect();
            format!("{} {name}", status.as_u16())
        }
        None => status.as_u16().to_string(),
    }
}

/// Capitalises each dash-separated word of a header name: `content-type` → `Content-Type`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// True for the content types the proxy passes on: `text/*` and `application/json`.
fn is_text_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/") || essence == "application/json"
}

/// Reads the destination and checks it against the run's service URL. Core only requires the
/// destination host to start with the service host; the gateway requires the same host and
/// port, so that the proxy cannot reach other loopback services or look-alike host names.
fn destination(run: &Value, headers: &HeaderMap) -> Result<Url, ApiError> {
    let service = run
        .pointer("/status/service")
        .filter(|service| service.is_object())
        .ok_or_else(|| ApiError::bad_request("invalid run service"))?;
    let service_url = service
        .get("url")
        .and_then(Value::as_str)
        .filter(|url| !url.is_empty())
        .ok_or_else(|| ApiError::bad_request("invalid run service url"))?;
    let service_url = Url::parse(&format!("http://{service_url}"))
        .map_err(|_| ApiError::bad_request("invalid run service url"))?;

    let target = headers
        .get("x-proxy-url")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request(
                "Required request header 'X-Proxy-URL' for method parameter type String is not present",
            )
        })?;
    let with_scheme = if target.contains("://") {
        target.to_string()
    } else {
        format!("http://{target}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|_| ApiError::bad_request(format!("invalid destination url {target:?}")))?;
    // User info in the URL would reach the service as an Authorization header, which the
    // proxy never forwards.
    let _ = url.set_username("");
    let _ = url.set_password(None);

    let host_ok = match (url.host_str(), service_url.host_str()) {
        (Some(host), Some(service_host)) => host == service_host,
        _ => false,
    };
    if !host_ok || url.port_or_known_default() != service_url.port_or_known_default() {
        return Err(ApiError::bad_request("invalid destination host"));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::bad_request("invalid destination host"));
    }
    Ok(url)
}

/// Forwards the request and wraps the upstream response.
pub async fn proxy(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let body = read_body(request, &()).await?;
    let run = runs::load(&gateway, &project, &id)?;
    let url = destination(&run, &headers)?;
    // NOTE: Core proxies to the service URL whatever the run's state. The gateway requires
    // a live server process, because once it is gone another program may own its port.
    if !gateway.supervisor.is_supervised(&id) {
        return Err(ApiError::bad_request(
            "invalid run service: the run's server process is not running",
        ));
    }
    let method_text = headers
        .get("x-proxy-method")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("GET")
        .to_ascii_uppercase();
    let method = Method::from_bytes(method_text.as_bytes())
        .map_err(|_| ApiError::bad_request(format!("invalid X-Proxy-Method {method_text:?}")))?;

    let mut forwarded = reqwest::header::HeaderMap::new();
    for (name, value) in &headers {
        let lower = name.as_str();
        if lower.starts_with("x-proxy-") || DROPPED_REQUEST_HEADERS.contains(&lower) {
            continue;
        }
        forwarded.append(name.clone(), value.clone());
    }
    forwarded.insert(
        header::ACCEPT,
        HeaderValue::from_static("application/json, text/plain"),
    );
    forwarded.insert("x-forwarded-for", HeaderValue::from_static("127.0.0.1"));

    tracing::debug!(run = %id, %method, path = url.path(), "proxying request");
    let upstream = gateway
        .http
        .request(method.clone(), url.clone())
        .headers(forwarded)
        .body(body)
        .timeout(UPSTREAM_TIMEOUT)
        .send()
        .await
        .map_err(|error| {
            ApiError::internal(format!(
                "I/O error on {method} request for \"{url}\": {error}"
            ))
        })?;

    let status = upstream.status();
    let upstream_headers = upstream.headers().clone();
    let content_type = upstream_headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("text/plain")
        .to_string();

    // NOTE: Core drops the body of 4xx responses; for 5xx its behaviour is undocumented, and
    // the gateway treats them like 4xx.
    let failed = status.is_client_error() || status.is_server_error();
    let payload = if failed {
        Body::empty()
    } else {
        if !is_text_type(&content_type) {
            return Err(ApiError::bad_request("Unsupported Content-Type"));
        }
        // The body is streamed, so a large response never sits whole in memory.
        Body::from_stream(upstream.bytes_stream())
    };

    let mut response = Response::new(payload);
    *response.status_mut() = StatusCode::OK;
    let out = response.headers_mut();
    let mut exposed: Vec<String> = Vec::new();

    for (name, value) in &upstream_headers {
        let proxied = format!("X-Proxy-{}", title_case(name.as_str()));
        if let Ok(header_name) = HeaderName::from_bytes(proxied.as_bytes()) {
            out.append(header_name, value.clone());
            if !exposed.contains(&proxied) {
                exposed.push(proxied);
            }
        }
    }
    if let Ok(value) = HeaderValue::from_str(&spring_status(status)) {
        out.insert("X-Proxy-Status", value);
        exposed.push("X-Proxy-Status".to_string());
    }
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        out.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&exposed.join(", ")) {
        out.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, value);
    }
    Ok(response.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn headers(url: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert("x-proxy-url", HeaderValue::from_str(url).unwrap());
        map
    }

    #[test]
    fn status_text_matches_spring() {
        assert_eq!(spring_status(StatusCode::OK), "200 OK");
        assert_eq!(spring_status(StatusCode::NOT_FOUND), "404 NOT_FOUND");
        assert_eq!(
            spring_status(StatusCode::INTERNAL_SERVER_ERROR),
            "500 INTERNAL_SERVER_ERROR"
        );
    }

    #[test]
    fn destination_adds_scheme() {
        let run = json!({"status": {"service": {"url": "127.0.0.1:9000"}}});
        let url = destination(&run, &headers("127.0.0.1:9000/path")).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9000/path");
    }

    #[test]
    fn destination_rejects_other_host_and_port() {
        let run = json!({"status": {"service": {"url": "127.0.0.1:9000"}}});
        let other_host = destination(&run, &headers("http://10.0.0.1:9000/")).unwrap_err();
        assert_eq!(other_host.message, "invalid destination host");
        let other_port = destination(&run, &headers("http://127.0.0.1:22/")).unwrap_err();
        assert_eq!(other_port.message, "invalid destination host");
        let look_alike = destination(&run, &headers("http://127.0.0.1.example.org:9000/"));
        assert_eq!(look_alike.unwrap_err().message, "invalid destination host");
    }

    #[test]
    fn missing_service_is_rejected() {
        let run = json!({"status": {"state": "RUNNING"}});
        let error = destination(&run, &headers("http://127.0.0.1:9000/")).unwrap_err();
        assert_eq!(error.message, "invalid run service");
    }

    #[test]
    fn text_types() {
        assert!(is_text_type("text/html; charset=utf-8"));
        assert!(is_text_type("application/json"));
        assert!(!is_text_type("image/png"));
        assert!(!is_text_type("application/octet-stream"));
    }
}
