//! Serve runs: a python HTTP process reached through the run proxy, stopped and deleted.

mod common;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use common::TestGateway;

const TIMEOUT: Duration = Duration::from_secs(30);

const ECHO: &str = r#"
import json
from nuclio_sdk import Response

def init(context, greeting="hello"):
    context.user_data.greeting = greeting

def serve(context, event):
    if event.path == "/fail":
        raise RuntimeError("handler failed")
    if event.path == "/missing":
        return 404, "no such thing"
    if event.path == "/headers":
        return {name.lower(): value for name, value in event.headers.items()}
    if event.path == "/redirect":
        return Response(body="moved", status_code=302, headers={"Location": "http://10.9.9.9/"})
    if event.path == "/binary":
        return Response(body=b"\x89PNG", content_type="image/png")
    if event.path == "/length":
        return str(len(event.body))
    if event.path == "/large":
        return "x" * (8 * 1024 * 1024)
    if event.path == "/exit":
        import os
        os._exit(3)
    if isinstance(event.body, (dict, list)):
        return {"greeting": context.user_data.greeting, "json": event.body, "method": event.method}
    text = event.body.decode() if isinstance(event.body, bytes) else str(event.body)
    return context.user_data.greeting + " " + text
"#;

/// Creates a project, the echo function, a serve task and a run, and waits for RUNNING.
async fn running_echo(gateway: &TestGateway) -> Value {
    gateway.project("serve").await;
    let source = json!({"handler": "serve", "init_function": "init"});
    let function = gateway.function("serve", "echo", ECHO, source).await;
    let task = gateway
        .task(&function, "python+serve", json!({"replicas": 1}))
        .await;
    let (status, run) = gateway
        .run(
            &function,
            &task,
            json!({"init_parameters": {"greeting": "hi"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["status"]["state"], "READY");
    assert!(
        run["status"].get("service").is_none(),
        "no service before RUNNING"
    );

    let id = run["id"].as_str().unwrap();
    let running = gateway
        .wait_for("serve", id, &["RUNNING", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(running["status"]["state"], "RUNNING", "{running}");
    running
}

/// Calls the run proxy with `X-Proxy-URL` set to the service URL plus `path`.
async fn invoke(
    gateway: &TestGateway,
    run: &Value,
    path: &str,
    content_type: &str,
    body: &str,
) -> reqwest::Response {
    let id = run["id"].as_str().unwrap();
    let service = run["status"]["service"]["url"].as_str().unwrap();
    gateway
        .client
        .post(gateway.url(&format!("/api/v1/-/serve/runs/{id}/proxy")))
        .header("X-Proxy-URL", format!("{service}{path}"))
        .header("X-Proxy-Method", "POST")
        .header("Content-Type", content_type)
        .header("Authorization", "Bearer should-not-leak")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn serve_answers_json_through_proxy() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let service = &run["status"]["service"];
    let url = service["url"].as_str().unwrap();
    assert!(url.starts_with("127.0.0.1:"), "url without scheme: {url}");
    assert!(!url.contains("://"));

    let response = invoke(&gateway, &run, "/", "application/json", r#"{"n": 1}"#).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "X-Proxy-Status"), "200 OK");
    assert_eq!(header(&response, "Content-Type"), "application/json");
    let exposed = header(&response, "Access-Control-Expose-Headers").to_string();
    assert!(exposed.contains("X-Proxy-Status"), "{exposed}");
    assert!(exposed.contains("X-Proxy-Content-Type"), "{exposed}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"greeting": "hi", "json": {"n": 1}, "method": "POST"})
    );
}

#[tokio::test]
async fn serve_answers_text_through_proxy() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    // With a charset the body is not decoded as JSON, as in Nuclio.
    let response = invoke(
        &gateway,
        &run,
        "/",
        "application/json; charset=utf-8",
        "[1]",
    )
    .await;
    assert_eq!(header(&response, "Content-Type"), "text/plain");
    assert_eq!(response.text().await.unwrap(), "hi [1]");

    let response = invoke(&gateway, &run, "/", "text/plain", "world").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "X-Proxy-Status"), "200 OK");
    assert_eq!(response.text().await.unwrap(), "hi world");
}

#[tokio::test]
async fn serve_exception_answers_none() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let response = invoke(&gateway, &run, "/fail", "text/plain", "").await;
    assert_eq!(header(&response, "X-Proxy-Status"), "200 OK");
    assert_eq!(response.text().await.unwrap(), "None");

    // The process output reaches the log shortly after the response.
    let id = run["id"].as_str().unwrap();
    let started = std::time::Instant::now();
    let mut logs = gateway.log_text("serve", id).await;
    while !logs.contains("RuntimeError: handler failed") && started.elapsed() < TIMEOUT {
        tokio::time::sleep(Duration::from_millis(20)).await;
        logs = gateway.log_text("serve", id).await;
    }
    assert!(logs.contains("RuntimeError: handler failed"), "{logs}");
}

#[tokio::test]
async fn proxy_drops_client_error_body() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let response = invoke(&gateway, &run, "/missing", "text/plain", "").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "X-Proxy-Status"), "404 NOT_FOUND");
    assert_eq!(response.text().await.unwrap(), "");
}

#[tokio::test]
async fn proxy_rejects_binary_and_foreign_hosts() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;
    let id = run["id"].as_str().unwrap();

    let response = invoke(&gateway, &run, "/binary", "text/plain", "").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["message"], "Unsupported Content-Type");

    let response = gateway
        .client
        .get(gateway.url(&format!("/api/v1/-/serve/runs/{id}/proxy")))
        .header("X-Proxy-URL", "http://10.1.2.3:80/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": 400, "message": "invalid destination host", "errorCode": null})
    );
}

#[tokio::test]
async fn stop_then_invalid_transition() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;
    let id = run["id"].as_str().unwrap();
    let stop_path = format!("/api/v1/-/serve/runs/{id}/stop");

    let (status, stopping) = gateway
        .call(Method::POST, &stop_path, Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK, "{stopping}");
    assert_eq!(stopping["status"]["state"], "STOP");

    let stopped = gateway
        .wait_for("serve", id, &["STOPPED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(stopped["status"]["state"], "STOPPED", "{stopped}");

    let (status, error) = gateway
        .call(Method::POST, &stop_path, Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["message"],
        "Invalid transition from state STOPPED to state null."
    );

    let (status, error) = gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/serve/runs/{id}/resume"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["message"],
        "Invalid transition from state STOPPED to state null."
    );

    let service_url = run["status"]["service"]["url"].as_str().unwrap();
    let direct = reqwest::get(format!("http://{service_url}/")).await;
    assert!(direct.is_err(), "the server process is gone after stop");
}

#[tokio::test]
async fn delete_removes_run() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;
    let id = run["id"].as_str().unwrap();
    let path = format!("/api/v1/-/serve/runs/{id}");

    let (status, deleting) = gateway.call(Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{deleting}");
    assert_eq!(deleting["status"]["state"], "DELETING");

    let started = std::time::Instant::now();
    loop {
        let (status, body) = gateway.call(Method::GET, &path, None).await;
        if status == StatusCode::NOT_FOUND {
            assert_eq!(body["message"], "No such run.");
            break;
        }
        assert!(started.elapsed() < TIMEOUT, "run still present: {body}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let service_url = run["status"]["service"]["url"].as_str().unwrap();
    assert!(reqwest::get(format!("http://{service_url}/"))
        .await
        .is_err());
}

#[tokio::test]
async fn stop_before_running_is_invalid() {
    let gateway = common::start().await;
    gateway.project("serve").await;
    let function = gateway
        .function(
            "serve",
            "idle",
            "def serve(event):\n    return 'x'\n",
            json!({"handler": "serve"}),
        )
        .await;
    let task = gateway
        .task(&function, "python+serve", json!({"replicas": 0}))
        .await;
    let (_, run) = gateway.run(&function, &task, json!({})).await;
    let id = run["id"].as_str().unwrap();
    let pending = gateway.wait_for("serve", id, &["PENDING"], TIMEOUT).await;
    assert!(pending["status"].get("service").is_none());

    let (status, error) = gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/serve/runs/{id}/stop"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["message"],
        "Invalid transition from state PENDING to state null."
    );
}

#[tokio::test]
async fn proxy_needs_service() {
    let gateway = common::start().await;
    gateway.project("serve").await;
    let function = gateway
        .function(
            "serve",
            "job",
            "def handler():\n    return 1\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (_, run) = gateway.run(&function, &task, json!({})).await;
    let id = run["id"].as_str().unwrap();
    gateway.wait_for("serve", id, &["COMPLETED"], TIMEOUT).await;

    let response = gateway
        .client
        .get(gateway.url(&format!("/api/v1/-/serve/runs/{id}/proxy")))
        .header("X-Proxy-URL", "127.0.0.1:1/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["message"], "invalid run service");
}

#[tokio::test]
async fn proxy_filters_request_headers() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let response = invoke(&gateway, &run, "/headers", "text/plain", "").await;
    let headers: Value = response.json().await.unwrap();
    assert!(headers.get("authorization").is_none(), "{headers}");
    assert!(headers.get("x-proxy-url").is_none(), "{headers}");
    assert!(headers.get("x-proxy-method").is_none(), "{headers}");
    assert_eq!(headers["accept"], "application/json, text/plain");
    assert_eq!(headers["content-type"], "text/plain");
}

#[tokio::test]
async fn proxy_does_not_follow_redirects() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let response = invoke(&gateway, &run, "/redirect", "text/plain", "").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "X-Proxy-Status"), "302 FOUND");
    assert_eq!(header(&response, "X-Proxy-Location"), "http://10.9.9.9/");
    assert_eq!(response.text().await.unwrap(), "moved");
}

#[tokio::test]
async fn proxy_passes_large_body() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let response = invoke(&gateway, &run, "/large", "text/plain", "").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "X-Proxy-Status"), "200 OK");
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len(), 8 * 1024 * 1024);
    assert!(body.iter().all(|byte| *byte == b'x'));
}

#[tokio::test]
async fn proxy_drops_user_info() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;
    let id = run["id"].as_str().unwrap();
    let service = run["status"]["service"]["url"].as_str().unwrap();

    let response = gateway
        .client
        .post(gateway.url(&format!("/api/v1/-/serve/runs/{id}/proxy")))
        .header(
            "X-Proxy-URL",
            format!("http://user:secret@{service}/headers"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers: Value = response.json().await.unwrap();
    assert!(headers.get("authorization").is_none(), "{headers}");
}

#[tokio::test]
async fn proxy_needs_live_server() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;
    let id = run["id"].as_str().unwrap();

    let response = invoke(&gateway, &run, "/exit", "text/plain", "").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let failed = gateway.wait_for("serve", id, &["ERROR"], TIMEOUT).await;
    assert!(
        failed["status"]["service"].is_object(),
        "service kept as in Core"
    );

    let response = invoke(&gateway, &run, "/", "text/plain", "").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    let message = body["message"].as_str().unwrap();
    assert!(message.starts_with("invalid run service"), "{message}");
}

#[tokio::test]
async fn proxy_ignores_hand_set_service() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;
    let service = run["status"]["service"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let function = run["spec"]["function"].as_str().unwrap();
    let task = run["spec"]["task"].as_str().unwrap();

    // A local run's status may be written by the client, service URL included.
    let body = json!({
        "kind": "python+serve:run",
        "spec": {"task": task, "function": function, "local_execution": true},
    });
    let (status, local) = gateway
        .call(Method::POST, "/api/v1/-/serve/runs", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{local}");
    let local_id = local["id"].as_str().unwrap();
    let status_body = json!({"status": {"state": "RUNNING", "service": {"url": service}}});
    let (status, updated) = gateway
        .call(
            Method::PUT,
            &format!("/api/v1/-/serve/runs/{local_id}"),
            Some(status_body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["status"]["service"]["url"], service.as_str());

    let response = gateway
        .client
        .get(gateway.url(&format!("/api/v1/-/serve/runs/{local_id}/proxy")))
        .header("X-Proxy-URL", format!("{service}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// Reads the `port` of the serve process's configuration, found through the run-directory
/// variable the gateway sets on its processes.
#[cfg(target_os = "linux")]
fn configured_port(run_id: &str) -> Option<u16> {
    let marker = format!("/runs/{run_id}");
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        let run_dir = environ.split(|byte| *byte == 0).find_map(|variable| {
            let text = String::from_utf8_lossy(variable).into_owned();
            let dir = text
                .strip_prefix("DIGITALHUB_GATEWAY_RUN_DIR=")?
                .to_string();
            dir.ends_with(&marker).then_some(dir)
        });
        let Some(run_dir) = run_dir else {
            continue;
        };
        let config = std::fs::read_to_string(format!("{run_dir}/config.json")).ok()?;
        let config: Value = serde_json::from_str(&config).ok()?;
        return config["port"]
            .as_u64()
            .and_then(|port| u16::try_from(port).ok());
    }
    None
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn serve_port_reserved_during_init() {
    const SLOW_INIT: &str = "import time\n\ndef init(context):\n    time.sleep(3)\n\n\
                             def serve(context, event):\n    return context.run.id\n";
    let gateway = common::start().await;
    gateway.project("serve").await;
    let source = json!({"handler": "serve", "init_function": "init"});
    let function = gateway.function("serve", "slow", SLOW_INIT, source).await;
    let task = gateway.task(&function, "python+serve", json!({})).await;
    let (status, run) = gateway.run(&function, &task, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let id = run["id"].as_str().unwrap().to_string();

    let started = std::time::Instant::now();
    let port = loop {
        if let Some(port) = configured_port(&id) {
            break port;
        }
        assert!(started.elapsed() < TIMEOUT, "serve process not found");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (_, pending) = gateway.get_run("serve", &id).await;
    assert_eq!(pending["status"]["state"], "PENDING", "{pending}");

    // While the init function runs, no other program may take the port.
    let taken = std::net::TcpListener::bind(("127.0.0.1", port));
    assert!(taken.is_err(), "port {port} was free during init");

    let running = gateway
        .wait_for("serve", &id, &["RUNNING", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(running["status"]["state"], "RUNNING", "{running}");
    assert_eq!(
        running["status"]["service"]["url"],
        format!("127.0.0.1:{port}")
    );
    let response = invoke(&gateway, &running, "/", "text/plain", "").await;
    assert_eq!(response.text().await.unwrap(), id);
}

#[tokio::test]
async fn proxy_forwards_large_upload() {
    let gateway = common::start().await;
    let run = running_echo(&gateway).await;

    let upload = "u".repeat(5 * 1024 * 1024);
    let response = invoke(&gateway, &run, "/length", "text/plain", &upload).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "X-Proxy-Status"), "200 OK");
    assert_eq!(response.text().await.unwrap(), upload.len().to_string());
}
