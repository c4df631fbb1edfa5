//! Shared test fixtures: an in-process gateway on a free loopback port and small clients
//! for the entities a flow needs.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use base64::Engine;
use digitalhub_gateway::{serve, Config, Running};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};

/// A gateway started for one test, with a client aimed at it.
pub struct TestGateway {
    pub running: Running,
    pub client: Client,
    pub base: String,
}

/// Starts a gateway with `config` (the listen address is forced to 127.0.0.1:0).
pub async fn start_with(mut config: Config) -> TestGateway {
    config.listen = "127.0.0.1:0".parse().unwrap();
    let running = serve(config).await.expect("gateway starts");
    let base = running.endpoint();
    TestGateway {
        running,
        client: Client::new(),
        base,
    }
}

/// Starts an in-memory, open gateway at level 15.
pub async fn start() -> TestGateway {
    start_with(Config::local()).await
}

/// Encodes python source as `source.base64` wants it.
pub fn encode(code: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(code)
}

impl TestGateway {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request with an optional JSON body and returns the response.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request reaches the gateway")
    }

    /// Sends a request and returns the status and the JSON body (Null when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let response = self.send(method, path, body).await;
        let status = response.status();
        let text = response.text().await.expect("body is readable");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    /// Creates a project and asserts success.
    pub async fn project(&self, name: &str) -> Value {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/v1/projects",
                Some(json!({"name": name, "kind": "project"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "create project: {body}");
        body
    }

    /// Creates a python function from source code and asserts success.
    pub async fn function(&self, project: &str, name: &str, code: &str, source: Value) -> Value {
        let mut source = source;
        source["base64"] = json!(encode(code));
        source["lang"] = json!("python");
        let body = json!({
            "name": name,
            "kind": "python",
            "spec": { "python_version": "PYTHON3_10", "source": source },
        });
        let (status, body) = self
            .call(
                Method::POST,
                &format!("/api/v1/-/{project}/functions"),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "create function: {body}");
        body
    }

    /// The function string `python://project/name:id` of a created function.
    pub fn function_string(function: &Value) -> String {
        format!(
            "python://{}/{}:{}",
            function["project"].as_str().unwrap(),
            function["name"].as_str().unwrap(),
            function["id"].as_str().unwrap()
        )
    }

    /// Creates a task of `kind` for the function and asserts success.
    pub async fn task(&self, function: &Value, kind: &str, extra: Value) -> Value {
        let project = function["project"].as_str().unwrap();
        let mut spec = extra;
        spec["function"] = json!(Self::function_string(function));
        let (status, body) = self
            .call(
                Method::POST,
                &format!("/api/v1/-/{project}/tasks"),
                Some(json!({"kind": kind, "spec": spec})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "create task: {body}");
        body
    }

    /// Creates a run of the task (kind `<task kind>:run`) and returns status and body.
    pub async fn run(&self, function: &Value, task: &Value, extra: Value) -> (StatusCode, Value) {
        let project = task["project"].as_str().unwrap();
        let task_kind = task["kind"].as_str().unwrap();
        let mut spec = extra;
        spec["task"] = json!(format!(
            "{task_kind}://{project}/{}",
            task["id"].as_str().unwrap()
        ));
        spec["function"] = json!(Self::function_string(function));
        let body = json!({"kind": format!("{task_kind}:run"), "spec": spec});
        self.call(
            Method::POST,
            &format!("/api/v1/-/{project}/runs"),
            Some(body),
        )
        .await
    }

    /// Reads a run.
    pub async fn get_run(&self, project: &str, id: &str) -> (StatusCode, Value) {
        self.call(Method::GET, &format!("/api/v1/-/{project}/runs/{id}"), None)
            .await
    }

    /// Polls a run until its state is one of `states`, failing after `timeout`.
    pub async fn wait_for(
        &self,
        project: &str,
        id: &str,
        states: &[&str],
        timeout: Duration,
    ) -> Value {
        let started = Instant::now();
        loop {
            let (status, run) = self.get_run(project, id).await;
            assert_eq!(status, StatusCode::OK, "read run: {run}");
            let state = run["status"]["state"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if states.contains(&state.as_str()) {
                return run;
            }
            assert!(
                started.elapsed() < timeout,
                "run {id} still {state} after {timeout:?}: {run}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Reads and decodes the run's log text.
    pub async fn log_text(&self, project: &str, id: &str) -> String {
        let (status, logs) = self
            .call(
                Method::GET,
                &format!("/api/v1/-/{project}/runs/{id}/logs"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "read logs: {logs}");
        let mut text = String::new();
        for log in logs.as_array().expect("logs are a list") {
            let content = log["content"].as_str().expect("content is a string");
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(content)
                .expect("content is base64");
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
        text
    }
}
