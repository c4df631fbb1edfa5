//! Spec checks and normalisation as Core applies them at each API level.

mod common;

use digitalhub_gateway::Config;
use digitalhub_tasks::level::ApiLevel;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const CODE: &str = "def handler():\n    return 1\n";

async fn task_body(
    gateway: &common::TestGateway,
    project: &str,
    kind: &str,
    spec: Value,
) -> (StatusCode, Value) {
    let function = gateway
        .function(project, "f", CODE, json!({"handler": "handler"}))
        .await;
    let mut spec = spec;
    spec["function"] = json!(common::TestGateway::function_string(&function));
    gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/{project}/tasks"),
            Some(json!({"kind": kind, "spec": spec})),
        )
        .await
}

#[tokio::test]
async fn negative_replicas_rejected() {
    let gateway = common::start().await;
    gateway.project("rules").await;
    let (status, error) =
        task_body(&gateway, "rules", "python+serve", json!({"replicas": -1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Validation failed for argument [0]"),
        "{message}"
    );
    assert!(
        message.contains("on field 'spec.replicas': rejected value [-1]"),
        "{message}"
    );
}

#[tokio::test]
async fn decimal_cpu_rejected() {
    let gateway = common::start().await;
    gateway.project("rules").await;
    let (status, error) = task_body(
        &gateway,
        "rules",
        "python+job",
        json!({"resources": {"cpu": "0.5"}}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("on field 'spec.resources.cpu': rejected value [0.5]"),
        "{message}"
    );
}

#[tokio::test]
async fn missing_python_version_rejected() {
    let gateway = common::start().await;
    gateway.project("rules").await;
    let body = json!({"name": "f", "kind": "python", "spec": {"source": {"handler": "h"}}});
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/rules/functions", Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("'spec.python_version'"),
        "{error}"
    );
}

#[tokio::test]
async fn scheduling_fields_dropped_at_15() {
    let gateway = common::start().await;
    gateway.project("rules").await;
    let spec = json!({
        "node_selector": [{"key": "disk", "value": "ssd"}],
        "replicas": 2,
        "not_a_field": true,
    });
    let (status, task) = task_body(&gateway, "rules", "python+serve", spec).await;
    assert_eq!(status, StatusCode::OK, "{task}");
    assert!(task["spec"].get("node_selector").is_none(), "{task}");
    assert!(task["spec"].get("not_a_field").is_none(), "{task}");
    assert_eq!(task["spec"]["replicas"], 2);
}

#[tokio::test]
async fn scheduling_fields_kept_at_14() {
    let mut config = Config::local();
    config.level = ApiLevel::V14;
    let gateway = common::start_with(config).await;
    gateway.project("rules").await;
    let spec = json!({"node_selector": [{"key": "disk", "value": "ssd"}]});
    let (status, task) = task_body(&gateway, "rules", "python+job", spec).await;
    assert_eq!(status, StatusCode::OK, "{task}");
    assert_eq!(
        task["spec"]["node_selector"],
        json!([{"key": "disk", "value": "ssd"}])
    );

    let response = gateway.send(Method::GET, "/api/v1/projects", None).await;
    assert_eq!(response.headers()["X-Api-Level"], "14");
    assert_eq!(response.headers()["X-Api-Version"], "0.14.0");
}

#[tokio::test]
async fn legacy_run_kind_at_13() {
    let mut config = Config::local();
    config.level = ApiLevel::V13;
    let gateway = common::start_with(config).await;
    gateway.project("old").await;
    let function = gateway
        .function("old", "f", CODE, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let body = json!({
        "kind": "python+run",
        "spec": {
            "task": format!("python+job://old/{}", task["id"].as_str().unwrap()),
            "function": common::TestGateway::function_string(&function),
        },
    });
    let (status, run) = gateway
        .call(Method::POST, "/api/v1/-/old/runs", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let id = run["id"].as_str().unwrap();
    let done = gateway
        .wait_for(
            "old",
            id,
            &["COMPLETED", "ERROR"],
            std::time::Duration::from_secs(30),
        )
        .await;
    assert_eq!(done["status"]["results"]["output_0"], 1, "{done}");

    let body = json!({"kind": "python+job:run", "spec": {"task": "python+job://old/x"}});
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/old/runs", Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "invalid kind");
}

#[tokio::test]
async fn task_update_keeps_function() {
    let gateway = common::start().await;
    gateway.project("rules").await;
    let function = gateway
        .function("rules", "f", CODE, json!({"handler": "handler"}))
        .await;
    let task = gateway
        .task(&function, "python+serve", json!({"replicas": 1}))
        .await;
    let id = task["id"].as_str().unwrap();
    let body = json!({
        "kind": "python+serve",
        "spec": {"function": "python://rules/other:123", "replicas": 3},
    });
    let (status, updated) = gateway
        .call(
            Method::PUT,
            &format!("/api/v1/-/rules/tasks/{id}"),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["spec"]["function"], task["spec"]["function"]);
    assert_eq!(updated["spec"]["replicas"], 3);
}

#[tokio::test]
async fn run_filters_and_pages() {
    let gateway = common::start().await;
    gateway.project("lists").await;
    let function = gateway
        .function("lists", "f", CODE, json!({"handler": "handler"}))
        .await;
    let job = gateway.task(&function, "python+job", json!({})).await;
    let build = gateway.task(&function, "python+build", json!({})).await;
    for _ in 0..3 {
        gateway.run(&function, &job, json!({})).await;
    }
    gateway.run(&function, &build, json!({})).await;

    let job_string = format!("python+job://lists/{}", job["id"].as_str().unwrap());
    let query = format!(
        "/api/v1/-/lists/runs?task={}&page=0&size=2",
        job_string.replace('+', "%2B")
    );
    let (status, page) = gateway.call(Method::GET, &query, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 3);
    assert_eq!(page["totalPages"], 2);
    assert_eq!(page["numberOfElements"], 2);
    assert_eq!(page["content"].as_array().unwrap().len(), 2);

    let (_, page) = gateway
        .call(Method::GET, "/api/v1/-/lists/runs?action=build", None)
        .await;
    assert_eq!(page["totalElements"], 1);

    let function_string = common::TestGateway::function_string(&function).replace('+', "%2B");
    let query =
        format!("/api/v1/-/lists/tasks?function={function_string}&kind=python%2Bjob&page=0");
    let (_, page) = gateway.call(Method::GET, &query, None).await;
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["id"], job["id"]);
}

#[tokio::test]
async fn functions_list_latest_versions() {
    let gateway = common::start().await;
    gateway.project("versions").await;
    gateway
        .function("versions", "f", CODE, json!({"handler": "handler"}))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let newer = gateway
        .function("versions", "f", CODE, json!({"handler": "handler"}))
        .await;

    let (_, latest) = gateway
        .call(Method::GET, "/api/v1/-/versions/functions", None)
        .await;
    assert_eq!(latest["totalElements"], 1);
    assert_eq!(latest["content"][0]["id"], newer["id"]);

    let (_, all) = gateway
        .call(
            Method::GET,
            "/api/v1/-/versions/functions?versions=all",
            None,
        )
        .await;
    assert_eq!(all["totalElements"], 2);
}
