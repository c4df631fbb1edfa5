//! Core's base URL and the project-scoped URL of every REST call.

use serde_json::{json, Value};

use super::error::ClientError;
use super::percent_encoding::{encode_component, encode_query};
use super::request::{Credentials, Method, Request};

/// Core's base URL, normalised: no trailing slash, no query, no fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    /// Normalises a base URL such as `https://core.example.org/` or, for a page served by the
    /// gateway itself, a path such as `/` (same origin).
    ///
    /// # Errors
    /// [`ClientError::Validation`] when the URL has no `http://` or `https://` scheme and does
    /// not start with `/`, has no host, or carries a query or fragment.
    pub fn parse(raw: &str) -> Result<Endpoint, ClientError> {
        let trimmed = raw.trim();
        let invalid = |reason: &str| {
            ClientError::invalid(
                "/endpoint",
                "invalid-endpoint",
                format!("endpoint {trimmed:?} {reason}"),
            )
        };
        let rest = if let Some(rest) = strip_scheme(trimmed) {
            if rest.is_empty() || rest.starts_with('/') {
                return Err(invalid(
                    "has no host; write it as https://host[:port][/path]",
                ));
            }
            rest
        } else if trimmed.starts_with('/') {
            trimmed
        } else {
            return Err(invalid(
                "needs an http:// or https:// scheme, or a path starting with / for the \
                 page's own origin",
            ));
        };
        // A query or user info may hold a secret, so these messages do not quote the value.
        let rejected = |message: &str| {
            ClientError::invalid("/endpoint", "invalid-endpoint", message.to_string())
        };
        if rest.contains('?') || rest.contains('#') {
            return Err(rejected(
                "the endpoint must not contain a query (?) or fragment (#); pass the token as \
                 `token`",
            ));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.contains('@') {
            return Err(rejected(
                "the endpoint must not contain user info (user:password@), which fetch refuses; \
                 pass credentials as `token`, such as \"Basic <base64 of user:password>\"",
            ));
        }
        Ok(Endpoint(trimmed.trim_end_matches('/').to_string()))
    }

    /// The normalised base URL; empty for the page's own origin.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn strip_scheme(url: &str) -> Option<&str> {
    ["http://", "https://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        if head.eq_ignore_ascii_case(scheme) {
            url.get(scheme.len()..)
        } else {
            None
        }
    })
}

/// A project-scoped entity collection of Core's context API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Functions,
    Tasks,
    Runs,
}

impl Collection {
    /// The path segment, such as `functions`.
    pub fn segment(self) -> &'static str {
        match self {
            Collection::Functions => "functions",
            Collection::Tasks => "tasks",
            Collection::Runs => "runs",
        }
    }

    /// The entity name in the singular, for messages.
    pub fn entity(self) -> &'static str {
        match self {
            Collection::Functions => "function",
            Collection::Tasks => "task",
            Collection::Runs => "run",
        }
    }
}

/// Builds the request of every Core call for one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    endpoint: Endpoint,
    project: String,
}

/// Maximum length of a project name in Core.
const MAX_PROJECT_LENGTH: usize = 38;

impl Api {
    /// Binds an endpoint to a project.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `project` is not 2 to 38 characters of `a-z`, `0-9`
    /// and `-`, which is what Core accepts for project names.
    pub fn new(endpoint: Endpoint, project: &str) -> Result<Api, ClientError> {
        let valid_chars = project
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
        let valid_length = (2..=MAX_PROJECT_LENGTH).contains(&project.len());
        if !valid_chars || !valid_length {
            return Err(ClientError::invalid(
                "/project",
                "invalid-project",
                format!(
                    "project {project:?} is not a valid project name: use 2 to \
                     {MAX_PROJECT_LENGTH} lower-case letters, digits or '-'"
                ),
            ));
        }
        Ok(Api {
            endpoint,
            project: project.to_string(),
        })
    }

    /// The project name.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// `GET /.well-known/configuration`: Core's discovery document. It is sent without a token
    /// because Core serves it to anyone, and an `Authorization` header would need a CORS
    /// preflight that this endpoint's CORS setup need not allow.
    pub fn configuration(&self) -> Request {
        let url = format!("{}/.well-known/configuration", self.endpoint.as_str());
        let mut request = Request::to_core(Method::Get, url);
        request.credentials = Credentials::Omit;
        request
    }

    /// `GET /api/v1/projects/{project}`.
    pub fn get_project(&self) -> Request {
        let url = format!(
            "{}/api/v1/projects/{}",
            self.endpoint.as_str(),
            encode_component(&self.project)
        );
        Request::to_core(Method::Get, url)
    }

    /// `POST /api/v1/projects` with a project named after the client's project.
    pub fn create_project(&self) -> Request {
        let url = format!("{}/api/v1/projects", self.endpoint.as_str());
        let body = json!({
            "name": self.project,
            "kind": "project",
            "metadata": { "name": self.project },
            "spec": {},
        });
        Request::to_core_with_json(Method::Post, url, &body)
    }

    /// `POST /api/v1/-/{project}/{collection}` with `dto` as the body.
    pub fn create(&self, collection: Collection, dto: &Value) -> Request {
        Request::to_core_with_json(Method::Post, self.collection_url(collection), dto)
    }

    /// `GET /api/v1/-/{project}/{collection}/{id}`.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `id` is not a valid Core id.
    pub fn get(&self, collection: Collection, id: &str) -> Result<Request, ClientError> {
        let url = self.entity_url(collection, id, "")?;
        Ok(Request::to_core(Method::Get, url))
    }

    /// `GET /api/v1/-/{project}/{collection}?{filters}&page={page}`: one page of a listing.
    pub fn list(&self, collection: Collection, filters: &[(String, String)], page: u32) -> Request {
        let mut pairs: Vec<(String, String)> = filters
            .iter()
            .filter(|(key, _)| key != "page")
            .cloned()
            .collect();
        pairs.push(("page".to_string(), page.to_string()));
        let url = format!(
            "{}?{}",
            self.collection_url(collection),
            encode_query(&pairs)
        );
        Request::to_core(Method::Get, url)
    }

    /// `POST /api/v1/-/{project}/runs/{id}/stop` with the body `{}`, as the python SDK sends it.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `id` is not a valid Core id.
    pub fn stop_run(&self, id: &str) -> Result<Request, ClientError> {
        let url = self.entity_url(Collection::Runs, id, "/stop")?;
        Ok(Request::to_core_with_json(Method::Post, url, &json!({})))
    }

    /// `DELETE /api/v1/-/{project}/runs/{id}`. Core always cascades and deletes asynchronously.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `id` is not a valid Core id.
    pub fn delete_run(&self, id: &str) -> Result<Request, ClientError> {
        let url = self.entity_url(Collection::Runs, id, "")?;
        Ok(Request::to_core(Method::Delete, url))
    }

    /// `GET /api/v1/-/{project}/runs/{id}/logs`.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `id` is not a valid Core id.
    pub fn run_logs(&self, id: &str) -> Result<Request, ClientError> {
        let url = self.entity_url(Collection::Runs, id, "/logs")?;
        Ok(Request::to_core(Method::Get, url))
    }

    /// The URL of `/api/v1/-/{project}/runs/{id}/proxy`, Core's proxy to a served run.
    ///
    /// # Errors
    /// [`ClientError::Validation`] when `id` is not a valid Core id.
    pub fn run_proxy_url(&self, id: &str) -> Result<String, ClientError> {
        self.entity_url(Collection::Runs, id, "/proxy")
    }

    fn collection_url(&self, collection: Collection) -> String {
        format!(
            "{}/api/v1/-/{}/{}",
            self.endpoint.as_str(),
            encode_component(&self.project),
            collection.segment()
        )
    }

    fn entity_url(
        &self,
        collection: Collection,
        id: &str,
        suffix: &str,
    ) -> Result<String, ClientError> {
        check_id(collection, id)?;
        Ok(format!(
            "{}/{}{suffix}",
            self.collection_url(collection),
            encode_component(id)
        ))
    }
}

/// Checks an id against Core's slug pattern `^[a-zA-Z0-9._+-]+$`.
fn check_id(collection: Collection, id: &str) -> Result<(), ClientError> {
    // `.` and `..` match the pattern but a URL parser would resolve them as path steps.
    let valid = !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'+' | b'-'));
    if valid {
        Ok(())
    } else {
        Err(ClientError::invalid(
            "/id",
            "invalid-id",
            format!(
                "{} id {id:?} is not a valid Core id: use letters, digits, '.', '_', '+' or '-'",
                collection.entity()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        let endpoint = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
        Api::new(endpoint, "demo").unwrap()
    }

    #[test]
    fn endpoint_normalisation() {
        let cases = [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("https://core.example.org///", "https://core.example.org"),
            (
                "  https://core.example.org/dh/ ",
                "https://core.example.org/dh",
            ),
            ("HTTPS://Core.Example.org", "HTTPS://Core.Example.org"),
            ("/", ""),
            ("/core/", "/core"),
        ];
        for (raw, expected) in cases {
            let endpoint = Endpoint::parse(raw);
            assert_eq!(
                endpoint.as_ref().map(Endpoint::as_str),
                Ok(expected),
                "raw {raw:?}"
            );
        }
    }

    #[test]
    fn endpoint_rejections() {
        for raw in [
            "",
            "core.example.org",
            "ftp://core",
            "http://",
            "http:///path",
            "http://h/?x=1",
            "http://h/#top",
        ] {
            let error = Endpoint::parse(raw);
            let Err(ClientError::Validation(issues)) = error else {
                panic!("endpoint {raw:?} was accepted");
            };
            assert_eq!(issues[0].code, "invalid-endpoint", "raw {raw:?}");
            assert_eq!(issues[0].path, "/endpoint", "raw {raw:?}");
        }
    }

    #[test]
    fn endpoint_secrets_are_rejected_unquoted() {
        for raw in [
            "http://user:hunter2@core.example",
            "https://hunter2@core.example/api",
            "http://core.example?token=hunter2",
            "http://core.example/#hunter2",
        ] {
            let Err(error) = Endpoint::parse(raw) else {
                panic!("{raw} was accepted");
            };
            let message = error.to_string();
            assert!(!message.contains("hunter2"), "{message}");
            assert!(message.contains("token"), "{message}");
        }
        let path_with_at = Endpoint::parse("https://core.example/@scope/api").unwrap();
        assert_eq!(path_with_at.as_str(), "https://core.example/@scope/api");
    }

    #[test]
    fn project_names() {
        let endpoint = Endpoint::parse("http://h").unwrap();
        for good in ["demo", "ab", "my-project-2", &"a".repeat(38)] {
            assert!(Api::new(endpoint.clone(), good).is_ok(), "project {good:?}");
        }
        for bad in ["", "a", "Demo", "my_project", "a/b", &"a".repeat(39)] {
            assert!(Api::new(endpoint.clone(), bad).is_err(), "project {bad:?}");
        }
    }

    #[test]
    fn request_urls() {
        let api = api();
        let base = "http://127.0.0.1:8080";
        let cases: Vec<(Request, Method, String)> = vec![
            (
                api.configuration(),
                Method::Get,
                format!("{base}/.well-known/configuration"),
            ),
            (
                api.get_project(),
                Method::Get,
                format!("{base}/api/v1/projects/demo"),
            ),
            (
                api.create_project(),
                Method::Post,
                format!("{base}/api/v1/projects"),
            ),
            (
                api.create(Collection::Functions, &json!({})),
                Method::Post,
                format!("{base}/api/v1/-/demo/functions"),
            ),
            (
                api.create(Collection::Tasks, &json!({})),
                Method::Post,
                format!("{base}/api/v1/-/demo/tasks"),
            ),
            (
                api.create(Collection::Runs, &json!({})),
                Method::Post,
                format!("{base}/api/v1/-/demo/runs"),
            ),
            (
                api.get(Collection::Functions, "f1").unwrap(),
                Method::Get,
                format!("{base}/api/v1/-/demo/functions/f1"),
            ),
            (
                api.get(Collection::Tasks, "t1").unwrap(),
                Method::Get,
                format!("{base}/api/v1/-/demo/tasks/t1"),
            ),
            (
                api.get(Collection::Runs, "r1").unwrap(),
                Method::Get,
                format!("{base}/api/v1/-/demo/runs/r1"),
            ),
            (
                api.stop_run("r1").unwrap(),
                Method::Post,
                format!("{base}/api/v1/-/demo/runs/r1/stop"),
            ),
            (
                api.delete_run("r1").unwrap(),
                Method::Delete,
                format!("{base}/api/v1/-/demo/runs/r1"),
            ),
            (
                api.run_logs("r1").unwrap(),
                Method::Get,
                format!("{base}/api/v1/-/demo/runs/r1/logs"),
            ),
        ];
        for (request, method, url) in cases {
            assert_eq!(request.method, method, "url {url}");
            let credentials = if url.ends_with("/.well-known/configuration") {
                Credentials::Omit
            } else {
                Credentials::Attach
            };
            assert_eq!(request.credentials, credentials, "url {url}");
            assert_eq!(request.url, url);
        }
        assert_eq!(
            api.run_proxy_url("r1").unwrap(),
            format!("{base}/api/v1/-/demo/runs/r1/proxy")
        );
    }

    #[test]
    fn list_urls_encode_filters() {
        let api = api();
        let filters = vec![
            ("task".to_string(), "python+serve://demo/abc".to_string()),
            ("state".to_string(), "RUNNING".to_string()),
            ("page".to_string(), "7".to_string()),
        ];
        let request = api.list(Collection::Runs, &filters, 2);
        assert_eq!(
            request.url,
            "http://127.0.0.1:8080/api/v1/-/demo/runs?\
             task=python%2Bserve%3A%2F%2Fdemo%2Fabc&state=RUNNING&page=2"
        );
        let empty = api.list(Collection::Functions, &[], 0);
        assert_eq!(
            empty.url,
            "http://127.0.0.1:8080/api/v1/-/demo/functions?page=0"
        );
    }

    #[test]
    fn same_origin_endpoint_gives_relative_urls() {
        let api = Api::new(Endpoint::parse("/").unwrap(), "demo").unwrap();
        assert_eq!(
            api.get(Collection::Runs, "r").unwrap().url,
            "/api/v1/-/demo/runs/r"
        );
    }

    #[test]
    fn invalid_ids_are_rejected() {
        let api = api();
        for id in ["", "a/b", "a b", "..%2F", "x?y", ".", ".."] {
            let Err(ClientError::Validation(issues)) = api.get(Collection::Runs, id) else {
                panic!("id {id:?} was accepted");
            };
            assert_eq!(issues[0].code, "invalid-id");
        }
    }

    #[test]
    fn create_project_body_names_project() {
        let request = api().create_project();
        let Some(super::super::request::Body::Text(text)) = request.body else {
            panic!("no body");
        };
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["name"], "demo");
        assert_eq!(body["kind"], "project");
    }
}
