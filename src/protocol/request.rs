//! A transport-neutral description of one HTTP request.

use std::fmt;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    /// Every method, in the order [`Method::parse`] lists them in its error.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
        Method::Head,
        Method::Options,
    ];

    /// The method name in upper case, as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Parses a method name in any letter case, so `post` and `POST` are the same method.
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// True for GET and HEAD, which `fetch` rejects when they carry a body.
    pub fn forbids_body(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// UTF-8 text, including serialised JSON.
    Text(String),
    /// Raw bytes, sent unchanged.
    Bytes(Vec<u8>),
}

impl Body {
    /// The body length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Body::Text(text) => text.len(),
            Body::Bytes(bytes) => bytes.len(),
        }
    }

    /// True when the body has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether the transport adds the caller's Core credentials to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// Send `Authorization` with the client's token, when it has one.
    Attach,
    /// Never send the client's token: the request goes to a service URL, not to Core.
    Omit,
}

/// One HTTP request, ready for a transport to send.
///
/// It never contains a token: the transport adds `Authorization` when `credentials` is
/// [`Credentials::Attach`], so printing a request cannot leak one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The absolute URL, with every path segment and query value percent-encoded.
    pub url: String,
    /// Header names and values in the order they are sent.
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    pub credentials: Credentials,
}

/// The `Content-Type` of JSON bodies. Nuclio's python runtime decodes a body as JSON only when
/// the type is exactly this string, with no `charset` parameter.
pub const JSON_CONTENT_TYPE: &str = "application/json";

impl Request {
    /// A request to Core with no body.
    pub fn to_core(method: Method, url: String) -> Request {
        Request {
            method,
            url,
            headers: vec![("Accept".to_string(), JSON_CONTENT_TYPE.to_string())],
            body: None,
            credentials: Credentials::Attach,
        }
    }

    /// A request to Core whose body is `json`, sent as `application/json`.
    pub fn to_core_with_json(method: Method, url: String, json: &serde_json::Value) -> Request {
        let mut request = Request::to_core(method, url);
        request
            .headers
            .push(("Content-Type".to_string(), JSON_CONTENT_TYPE.to_string()));
        request.body = Some(Body::Text(json.to_string()));
        request
    }

    /// The value of the first header named `name`, compared without letter case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_parse_ignores_case() {
        for (name, expected) in [
            ("get", Some(Method::Get)),
            ("POST", Some(Method::Post)),
            ("Patch", Some(Method::Patch)),
            (" delete ", Some(Method::Delete)),
            ("FETCH", None),
            ("", None),
        ] {
            assert_eq!(Method::parse(name), expected, "method {name:?}");
        }
    }

    #[test]
    fn json_request_has_exact_content_type() {
        let body = serde_json::json!({ "a": 1 });
        let request = Request::to_core_with_json(Method::Post, "http://h/x".into(), &body);
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.body, Some(Body::Text("{\"a\":1}".into())));
        assert_eq!(request.credentials, Credentials::Attach);
    }
}
