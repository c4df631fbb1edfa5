//! Job runs executed as real python processes.

mod common;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(30);

const ADDER: &str = "\
def handler(a, b=1):
    print('adding', a, b)
    return {'sum': a + b}
";

const FAILING: &str = "\
def handler(amount):
    raise ValueError('amount %s is too large' % amount)
";

#[tokio::test]
async fn job_returns_value() {
    let gateway = common::start().await;
    gateway.project("jobs").await;
    let function = gateway
        .function("jobs", "adder", ADDER, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    let (status, run) = gateway
        .run(&function, &task, json!({"parameters": {"a": 2, "b": 3}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["status"]["state"], "READY");
    assert_eq!(
        run["spec"]["python_version"], "PYTHON3_10",
        "function spec merged"
    );
    let id = run["id"].as_str().unwrap();

    let done = gateway
        .wait_for("jobs", id, &["COMPLETED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(done["status"]["state"], "COMPLETED", "{done}");
    assert_eq!(done["status"]["results"], json!({"output_0": {"sum": 5}}));

    let states: Vec<&str> = done["status"]["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["COMPLETED", "RUNNING", "PENDING", "READY", "BUILT"]
    );

    let logs = gateway.log_text("jobs", id).await;
    assert!(logs.contains("adding 2 3"), "{logs}");
    let (_, raw_logs) = gateway
        .call(Method::GET, &format!("/api/v1/-/jobs/runs/{id}/logs"), None)
        .await;
    assert_eq!(raw_logs[0]["spec"]["run"], id);
}

#[tokio::test]
async fn job_exception_is_error() {
    let gateway = common::start().await;
    gateway.project("jobs").await;
    let function = gateway
        .function("jobs", "failing", FAILING, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    let (status, run) = gateway
        .run(&function, &task, json!({"parameters": {"amount": 7}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let id = run["id"].as_str().unwrap();

    let done = gateway
        .wait_for("jobs", id, &["COMPLETED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(done["status"]["state"], "ERROR");
    assert_eq!(
        done["status"]["message"],
        "ValueError: amount 7 is too large"
    );
    let logs = gateway.log_text("jobs", id).await;
    assert!(logs.contains("Traceback (most recent call last)"), "{logs}");
}

#[tokio::test]
async fn job_from_module_handler() {
    let gateway = common::start().await;
    gateway.project("jobs").await;
    let code = "def main(name):\n    return 'hello ' + name\n";
    let source = json!({"handler": "pkg.tool:main", "source": "pkg/tool.py"});
    let function = gateway.function("jobs", "greeter", code, source).await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    let (_, run) = gateway
        .run(&function, &task, json!({"parameters": {"name": "gateway"}}))
        .await;
    let id = run["id"].as_str().unwrap();
    let done = gateway
        .wait_for("jobs", id, &["COMPLETED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(
        done["status"]["results"]["output_0"], "hello gateway",
        "{done}"
    );
}

#[tokio::test]
async fn remote_source_fails_run() {
    let gateway = common::start().await;
    gateway.project("jobs").await;
    let body = json!({
        "name": "remote",
        "kind": "python",
        "spec": {
            "python_version": "PYTHON3_11",
            "source": {"handler": "h", "source": "git+https://example.org/repo"},
        },
    });
    let (_, function) = gateway
        .call(Method::POST, "/api/v1/-/jobs/functions", Some(body))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (_, run) = gateway.run(&function, &task, json!({})).await;
    let id = run["id"].as_str().unwrap();

    let done = gateway
        .wait_for("jobs", id, &["COMPLETED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(done["status"]["state"], "ERROR");
    let message = done["status"]["message"].as_str().unwrap();
    assert!(message.contains("source.base64"), "{message}");
}

#[tokio::test]
async fn local_execution_waits_for_actions() {
    let gateway = common::start().await;
    gateway.project("jobs").await;
    let function = gateway
        .function("jobs", "adder", ADDER, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    let (_, run) = gateway
        .run(
            &function,
            &task,
            json!({"local_execution": true, "parameters": {"a": 1}}),
        )
        .await;
    assert_eq!(run["status"]["state"], "CREATED");
    let id = run["id"].as_str().unwrap();

    let (status, built) = gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/jobs/runs/{id}/build"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{built}");
    assert_eq!(built["status"]["state"], "BUILT");

    let (status, ready) = gateway
        .call(Method::POST, &format!("/api/v1/-/jobs/runs/{id}/run"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{ready}");
    assert_eq!(ready["status"]["state"], "READY");

    let done = gateway
        .wait_for("jobs", id, &["COMPLETED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(done["status"]["results"]["output_0"], json!({"sum": 2}));
}

#[tokio::test]
async fn local_path_source_runs() {
    let dir = std::env::temp_dir().join(format!("gateway-local-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("handlers")).unwrap();
    std::fs::write(
        dir.join("handlers/local.py"),
        "def main(word):\n    return word.upper()\n",
    )
    .unwrap();
    let mut config = digitalhub_gateway::Config::local();
    config.storage = digitalhub_gateway::Storage::DataDir(dir.clone());
    let gateway = common::start_with(config).await;
    gateway.project("paths").await;

    let body = json!({
        "name": "local",
        "kind": "python",
        "spec": {
            "python_version": "PYTHON3_10",
            "source": {"handler": "main", "source": "./handlers/local.py"},
        },
    });
    let (status, function) = gateway
        .call(Method::POST, "/api/v1/-/paths/functions", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{function}");
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (_, run) = gateway
        .run(&function, &task, json!({"parameters": {"word": "loud"}}))
        .await;
    let id = run["id"].as_str().unwrap();
    let done = gateway
        .wait_for("paths", id, &["COMPLETED", "ERROR"], TIMEOUT)
        .await;
    assert_eq!(done["status"]["results"]["output_0"], "LOUD", "{done}");

    gateway.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}
