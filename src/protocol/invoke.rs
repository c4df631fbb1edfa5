//! Calls to a served run: through Core's run proxy by default, or straight to the service URL.

use serde_json::Value;

use super::entity::{run_state, service_url};
use super::error::ClientError;
use super::request::{Body, Credentials, Method, Request, JSON_CONTENT_TYPE};
use crate::validate::{Issue, RejectedBy, Severity};

/// The options of `run.invoke()`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InvokeInput {
    /// The upstream method as the caller named it; see [`invoke_request`] for the default.
    pub method: Option<String>,
    /// The path (and query) on the service, such as `/predict?x=1`; defaults to `/`.
    pub path: Option<String>,
    /// A JSON body, sent as `application/json`.
    pub json: Option<Value>,
    /// A raw body, sent unchanged.
    pub body: Option<Body>,
    /// Extra headers for the service.
    pub headers: Vec<(String, String)>,
    /// Call the service URL itself instead of Core's proxy. It works only where that URL is
    /// reachable, such as inside the cluster or next to the development gateway.
    pub direct: bool,
}

/// The status and headers of an invoked service's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// The service's HTTP status.
    pub status: u16,
    /// The reason phrase, such as `OK` or `NOT_FOUND`; empty when unknown.
    pub status_text: String,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
}

const PROXY_PREFIX: &str = "x-proxy-";

/// Headers that `fetch` sets itself: Node's fetch rejects the request when one is given (for
/// `connection`, `expect`, `keep-alive`, `transfer-encoding` and `upgrade`, as tried with
/// Node 20) and browsers drop them, so a caller's value would never arrive.
const FETCH_CONTROLLED: [&str; 9] = [
    "connection",
    "content-length",
    "expect",
    "host",
    "keep-alive",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// True when `value` can be an HTTP header value in `fetch`: no NUL, CR or LF and no
/// character above U+00FF.
fn is_header_value(value: &str) -> bool {
    value
        .chars()
        .all(|character| !matches!(character, '\0' | '\r' | '\n') && u32::from(character) <= 0xFF)
}

fn issue(path: &str, code: &'static str, message: String) -> Issue {
    Issue {
        path: path.to_string(),
        code,
        severity: Severity::Error,
        message,
        rejected_by: RejectedBy::Library,
    }
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// The URL of `path` on the service of `run`: `http://` + `status.service.url` + path.
///
/// # Errors
/// [`ClientError::NotReady`] when the run has no service URL.
pub fn service_target(run: &Value, run_id: &str, path: &str) -> Result<String, ClientError> {
    let Some(url) = service_url(run) else {
        return Err(ClientError::NotReady {
            run_id: run_id.to_string(),
            state: run_state(run).map(str::to_string),
        });
    };
    let has_scheme = url.starts_with("http://") || url.starts_with("https://");
    let base = if has_scheme {
        url.trim_end_matches('/').to_string()
    } else {
        format!("http://{}", url.trim_end_matches('/'))
    };
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    Ok(format!("{base}{}", encode_path(&path)))
}

/// Percent-encodes what a URL parser would encode in a path and query: control characters,
/// space, non-ASCII bytes and `" < > ` { }`. Through the proxy the URL travels in the
/// `X-Proxy-URL` header, which can carry none of them unencoded. `%`, `?` and `#` are kept, so
/// an already encoded path and its query stay as they are.
fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep =
            byte.is_ascii_graphic() && !matches!(byte, b'"' | b'<' | b'>' | b'`' | b'{' | b'}');
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Builds the request of `run.invoke()`.
///
/// The upstream method is the one the caller names, never changed; without one it is POST when
/// a body is given and GET otherwise. Through the proxy, the request to Core is a POST to
/// `proxy_url` with `X-Proxy-URL` (the service URL plus path) and `X-Proxy-Method`; Core sends
/// the upstream request with that method. A direct call goes to the service URL and never
/// carries the client's Core token.
///
/// # Errors
/// [`ClientError::Validation`] with every problem in the options: an unknown method, both `json`
/// and `body`, a body on GET or HEAD, an invalid header name or value, a header that `fetch`
/// sets itself or the proxy reserves, or a `Content-Type` that contradicts a `json` body. [`ClientError::NotReady`] when the run has no
/// service URL.
pub fn invoke_request(
    input: &InvokeInput,
    run: &Value,
    run_id: &str,
    proxy_url: &str,
) -> Result<Request, ClientError> {
    let mut issues = Vec::new();
    let has_body = input.json.is_some() || input.body.is_some();
    let method = match input.method.as_deref() {
        Some(name) => Method::parse(name).unwrap_or_else(|| {
            issues.push(issue(
                "/method",
                "invalid-method",
                format!("method {name:?} is not supported: use GET, POST, PUT, DELETE or PATCH"),
            ));
            Method::Get
        }),
        None if has_body => Method::Post,
        None => Method::Get,
    };
    if input.json.is_some() && input.body.is_some() {
        issues.push(issue(
            "/body",
            "conflicting-body",
            "pass either `json` or `body`, not both".to_string(),
        ));
    }
    if has_body && method.forbids_body() {
        issues.push(issue(
            "/method",
            "body-not-allowed",
            format!("a {method} request cannot carry a body: use POST or PUT, or drop the body"),
        ));
    }
    for (name, value) in &input.headers {
        let lower = name.to_ascii_lowercase();
        if !is_token(name) {
            issues.push(issue(
                "/headers",
                "invalid-header",
                format!("header name {name:?} is not a valid HTTP header name"),
            ));
        } else if !is_header_value(value) {
            issues.push(issue(
                "/headers",
                "invalid-header-value",
                format!(
                    "the value of header {name} cannot be sent: HTTP header values must not \
                     contain line breaks, NUL or characters above U+00FF"
                ),
            ));
        } else if FETCH_CONTROLLED.contains(&lower.as_str()) {
            issues.push(issue(
                "/headers",
                "fetch-controlled-header",
                format!("header {name} is set by fetch itself and cannot be passed; remove it"),
            ));
        } else if !input.direct && lower.starts_with(PROXY_PREFIX) {
            issues.push(issue(
                "/headers",
                "reserved-header",
                format!("header {name} is reserved for Core's run proxy; remove it"),
            ));
        } else if !input.direct && lower == "authorization" {
            issues.push(issue(
                "/headers",
                "reserved-header",
                "Core's run proxy strips Authorization, so the service would never receive it; \
                 remove it or use direct: true"
                    .to_string(),
            ));
        } else if input.json.is_some() && lower == "content-type" {
            issues.push(issue(
                "/headers",
                "conflicting-content-type",
                format!(
                    "a json body is sent as {JSON_CONTENT_TYPE}; pass the payload as `body` to \
                     send another Content-Type"
                ),
            ));
        }
    }
    if !issues.is_empty() {
        return Err(ClientError::Validation(issues));
    }

    let path = input.path.as_deref().unwrap_or("/");
    let target = service_target(run, run_id, path)?;
    let mut headers = Vec::new();
    if input.json.is_some() {
        headers.push(("Content-Type".to_string(), JSON_CONTENT_TYPE.to_string()));
    }
    headers.extend(input.headers.iter().cloned());
    let body = match (&input.json, &input.body) {
        (Some(json), _) => Some(Body::Text(json.to_string())),
        (None, Some(body)) => Some(body.clone()),
        (None, None) => None,
    };

    if input.direct {
        return Ok(Request {
            method,
            url: target,
            headers,
            body,
            credentials: Credentials::Omit,
        });
    }
    let mut proxy_headers = vec![
        ("X-Proxy-URL".to_string(), target),
        ("X-Proxy-Method".to_string(), method.as_str().to_string()),
    ];
    proxy_headers.extend(headers);
    Ok(Request {
        method: Method::Post,
        url: proxy_url.to_string(),
        headers: proxy_headers,
        body,
        credentials: Credentials::Attach,
    })
}

/// Parses `X-Proxy-Status`, such as `200 OK` or `404 NOT_FOUND`, into a code and reason.
pub fn parse_proxy_status(value: &str) -> Option<(u16, String)> {
    let trimmed = value.trim();
    let (code, reason) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
    let code: u16 = code.parse().ok()?;
    (100..=599)
        .contains(&code)
        .then(|| (code, reason.trim().to_string()))
}

/// Reads a 2xx response of Core's run proxy: the status from `X-Proxy-Status` and the
/// service's headers from `X-Proxy-*`, with the prefix stripped. When the proxy sends no
/// `X-Proxy-Content-Type`, the outer `Content-Type` (which Core copies from the service) is
/// kept.
pub fn read_proxy_response(outer_status: u16, outer_headers: &[(String, String)]) -> ResponseHead {
    let mut status = outer_status;
    let mut status_text = String::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut outer_content_type = None;
    for (name, value) in outer_headers {
        let lower = name.to_ascii_lowercase();
        if lower == "content-type" {
            outer_content_type = Some(value.clone());
        }
        let Some(upstream) = lower.strip_prefix(PROXY_PREFIX) else {
            continue;
        };
        if upstream == "status" {
            if let Some((code, reason)) = parse_proxy_status(value) {
                status = code;
                status_text = reason;
            }
        } else if !upstream.is_empty() {
            headers.push((upstream.to_string(), value.clone()));
        }
    }
    let has_content_type = headers.iter().any(|(name, _)| name == "content-type");
    if let (false, Some(content_type)) = (has_content_type, outer_content_type) {
        headers.push(("content-type".to_string(), content_type));
    }
    ResponseHead {
        status,
        status_text,
        headers,
    }
}

/// Reads a direct response: status and headers as they are, names in lower case.
pub fn read_direct_response(
    status: u16,
    status_text: &str,
    headers: &[(String, String)],
) -> ResponseHead {
    ResponseHead {
        status,
        status_text: status_text.to_string(),
        headers: headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROXY: &str = "http://core/api/v1/-/demo/runs/r1/proxy";

    fn ready_run() -> Value {
        json!({ "id": "r1", "status": { "state": "RUNNING", "service": { "url": "svc.ns:8080" } } })
    }

    fn request(input: InvokeInput) -> Result<Request, ClientError> {
        invoke_request(&input, &ready_run(), "r1", PROXY)
    }

    fn codes(result: Result<Request, ClientError>) -> Vec<&'static str> {
        match result {
            Err(ClientError::Validation(issues)) => issues.iter().map(|issue| issue.code).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn method_table() {
        let cases: [(Option<&str>, bool, Method); 6] = [
            (None, false, Method::Get),
            (None, true, Method::Post),
            (Some("put"), true, Method::Put),
            (Some("DELETE"), false, Method::Delete),
            (Some("post"), false, Method::Post),
            (Some("PATCH"), true, Method::Patch),
        ];
        for (method, with_json, expected) in cases {
            let input = InvokeInput {
                method: method.map(str::to_string),
                json: with_json.then(|| json!({ "x": 1 })),
                ..InvokeInput::default()
            };
            let proxied = request(input.clone()).unwrap();
            assert_eq!(
                proxied.method,
                Method::Post,
                "the call to Core is always POST"
            );
            assert_eq!(proxied.header("X-Proxy-Method"), Some(expected.as_str()));
            let direct = request(InvokeInput {
                direct: true,
                ..input
            })
            .unwrap();
            assert_eq!(
                direct.method, expected,
                "method {method:?} json {with_json}"
            );
        }
    }

    #[test]
    fn proxy_request_shape() {
        let input = InvokeInput {
            path: Some("/predict?x=1".into()),
            json: Some(json!({ "name": "Ada" })),
            headers: vec![("X-Trace".into(), "7".into())],
            ..InvokeInput::default()
        };
        let request = request(input).unwrap();
        assert_eq!(request.url, PROXY);
        assert_eq!(request.credentials, Credentials::Attach);
        assert_eq!(
            request.headers,
            vec![
                (
                    "X-Proxy-URL".to_string(),
                    "http://svc.ns:8080/predict?x=1".to_string()
                ),
                ("X-Proxy-Method".to_string(), "POST".to_string()),
                ("Content-Type".to_string(), "application/json".to_string()),
                ("X-Trace".to_string(), "7".to_string()),
            ]
        );
        assert_eq!(request.body, Some(Body::Text("{\"name\":\"Ada\"}".into())));
    }

    #[test]
    fn direct_request_never_attaches_token() {
        let input = InvokeInput {
            direct: true,
            body: Some(Body::Text("hello".into())),
            ..InvokeInput::default()
        };
        let request = request(input).unwrap();
        assert_eq!(request.url, "http://svc.ns:8080/");
        assert_eq!(request.credentials, Credentials::Omit);
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.header("content-type"), None);
    }

    #[test]
    fn target_paths() {
        let cases = [
            ("svc.ns:8080", "/", "http://svc.ns:8080/"),
            ("svc.ns:8080", "", "http://svc.ns:8080/"),
            ("svc.ns:8080", "hello", "http://svc.ns:8080/hello"),
            ("svc.ns:8080/", "/a/b", "http://svc.ns:8080/a/b"),
            ("svc.ns:8080", "?q=1", "http://svc.ns:8080/?q=1"),
            (
                "svc.ns:8080",
                "/a b?c=d e",
                "http://svc.ns:8080/a%20b?c=d%20e",
            ),
            (
                "svc.ns:8080",
                "/café/€",
                "http://svc.ns:8080/caf%C3%A9/%E2%82%AC",
            ),
            ("svc.ns:8080", "/x\r\ny", "http://svc.ns:8080/x%0D%0Ay"),
            (
                "svc.ns:8080",
                "/a%20b?q={1}",
                "http://svc.ns:8080/a%20b?q=%7B1%7D",
            ),
            ("http://127.0.0.1:9000", "/x", "http://127.0.0.1:9000/x"),
            (
                "https://lb.example.org:443",
                "/x",
                "https://lb.example.org:443/x",
            ),
        ];
        for (url, path, expected) in cases {
            let run = json!({ "status": { "service": { "url": url } } });
            assert_eq!(
                service_target(&run, "r", path).unwrap(),
                expected,
                "{url} {path}"
            );
        }
    }

    #[test]
    fn not_ready_run() {
        let run = json!({ "id": "r1", "status": { "state": "PENDING" } });
        let error = invoke_request(&InvokeInput::default(), &run, "r1", PROXY);
        assert_eq!(
            error,
            Err(ClientError::NotReady {
                run_id: "r1".into(),
                state: Some("PENDING".into())
            })
        );
    }

    #[test]
    fn option_rejections() {
        let cases: Vec<(InvokeInput, Vec<&str>)> = vec![
            (
                InvokeInput {
                    method: Some("FETCH".into()),
                    ..InvokeInput::default()
                },
                vec!["invalid-method"],
            ),
            (
                InvokeInput {
                    json: Some(json!(1)),
                    body: Some(Body::Text("x".into())),
                    ..InvokeInput::default()
                },
                vec!["conflicting-body"],
            ),
            (
                InvokeInput {
                    method: Some("GET".into()),
                    json: Some(json!(1)),
                    ..InvokeInput::default()
                },
                vec!["body-not-allowed"],
            ),
            (
                InvokeInput {
                    headers: vec![
                        ("Bad Name".into(), "x".into()),
                        ("X-Proxy-URL".into(), "http://evil".into()),
                        ("Authorization".into(), "Bearer x".into()),
                    ],
                    ..InvokeInput::default()
                },
                vec!["invalid-header", "reserved-header", "reserved-header"],
            ),
            (
                InvokeInput {
                    json: Some(json!(1)),
                    headers: vec![("content-type".into(), "text/plain".into())],
                    ..InvokeInput::default()
                },
                vec!["conflicting-content-type"],
            ),
            (
                InvokeInput {
                    headers: vec![
                        ("X-Line".into(), "a\nb".into()),
                        ("X-Euro".into(), "5 €".into()),
                        ("X-Latin".into(), "café".into()),
                    ],
                    ..InvokeInput::default()
                },
                vec!["invalid-header-value", "invalid-header-value"],
            ),
            (
                InvokeInput {
                    direct: true,
                    headers: vec![
                        ("Connection".into(), "close".into()),
                        ("Transfer-Encoding".into(), "chunked".into()),
                        ("host".into(), "evil".into()),
                        ("Cookie".into(), "a=b".into()),
                    ],
                    ..InvokeInput::default()
                },
                vec![
                    "fetch-controlled-header",
                    "fetch-controlled-header",
                    "fetch-controlled-header",
                ],
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(codes(request(input.clone())), expected, "{input:?}");
        }
    }

    #[test]
    fn direct_allows_callers_own_authorization() {
        let input = InvokeInput {
            direct: true,
            headers: vec![("Authorization".into(), "Basic c2VydmljZQ==".into())],
            ..InvokeInput::default()
        };
        let request = request(input).unwrap();
        assert_eq!(request.credentials, Credentials::Omit);
        assert_eq!(request.header("authorization"), Some("Basic c2VydmljZQ=="));
    }

    #[test]
    fn proxy_status_table() {
        let cases = [
            ("200 OK", Some((200, "OK"))),
            ("404 NOT_FOUND", Some((404, "NOT_FOUND"))),
            ("500", Some((500, ""))),
            (" 201 CREATED ", Some((201, "CREATED"))),
            ("OK", None),
            ("999 X", None),
            ("", None),
        ];
        for (value, expected) in cases {
            let parsed = parse_proxy_status(value);
            let expected = expected.map(|(code, text)| (code, text.to_string()));
            assert_eq!(parsed, expected, "value {value:?}");
        }
    }

    #[test]
    fn proxy_response_mapping() {
        let headers: Vec<(String, String)> = [
            ("content-type", "text/plain"),
            ("X-Proxy-Status", "404 NOT_FOUND"),
            ("X-Proxy-Content-Type", "application/json"),
            ("X-Proxy-X-Request-Id", "abc"),
            ("access-control-expose-headers", "X-Proxy-Status"),
        ]
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
        let head = read_proxy_response(200, &headers);
        assert_eq!(head.status, 404);
        assert_eq!(head.status_text, "NOT_FOUND");
        assert_eq!(
            head.headers,
            vec![
                ("content-type".to_string(), "application/json".to_string()),
                ("x-request-id".to_string(), "abc".to_string()),
            ]
        );
    }

    #[test]
    fn proxy_response_without_proxy_headers() {
        let headers = vec![("Content-Type".to_string(), "text/html".to_string())];
        let head = read_proxy_response(200, &headers);
        assert_eq!(head.status, 200);
        assert_eq!(
            head.headers,
            vec![("content-type".to_string(), "text/html".to_string())]
        );
    }
}
