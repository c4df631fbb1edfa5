//! Error responses in Core's shape for bad input, unknown ids and unknown kinds.

mod common;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn error_body(status: StatusCode, message: &str) -> Value {
    json!({"status": status.as_u16(), "message": message, "errorCode": null})
}

#[tokio::test]
async fn malformed_json_is_400() {
    let gateway = common::start().await;
    let response = gateway
        .client
        .post(gateway.url("/api/v1/projects"))
        .header("Content-Type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()["X-Api-Level"], "15");
    assert_eq!(response.headers()["X-Api-Version"], "0.15.0");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("JSON parse error"),
        "{body}"
    );
    assert_eq!(body["errorCode"], Value::Null);
}

#[tokio::test]
async fn unknown_kinds_are_400() {
    let gateway = common::start().await;
    gateway.project("kinds").await;

    let body = json!({"name": "f", "kind": "java", "spec": {}});
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/kinds/functions", Some(body))
        .await;
    assert_eq!(
        (status, error),
        (
            StatusCode::BAD_REQUEST,
            error_body(StatusCode::BAD_REQUEST, "invalid kind")
        )
    );

    let body = json!({"kind": "python+deploy", "spec": {"function": "python://kinds/f:1"}});
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/kinds/tasks", Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "invalid kind");

    // Core 0.15 has no single python+run kind any more.
    let body = json!({"kind": "python+run", "spec": {"task": "python+job://kinds/t"}});
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/kinds/runs", Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "invalid kind");
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let gateway = common::start().await;
    gateway.project("ids").await;
    for (path, message) in [
        ("/api/v1/-/ids/runs/nope", "No such run."),
        ("/api/v1/-/ids/tasks/nope", "No such task."),
        ("/api/v1/-/ids/functions/nope", "No such function."),
        ("/api/v1/projects/nope", "No such project."),
        ("/api/v1/-/ids/runs/nope/logs", "No such run."),
    ] {
        let (status, body) = gateway.call(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body, error_body(StatusCode::NOT_FOUND, message), "{path}");
    }
    let (status, body) = gateway
        .call(
            Method::POST,
            "/api/v1/-/ids/runs/nope/stop",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["message"], "No such run.");
}

#[tokio::test]
async fn project_must_exist() {
    let gateway = common::start().await;
    let body = json!({"name": "f", "kind": "python", "spec": {}});
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/ghost/functions", Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "invalid or missing project");
}

#[tokio::test]
async fn run_task_string_checks() {
    let gateway = common::start().await;
    gateway.project("refs").await;
    gateway.project("other").await;
    let function = gateway
        .function(
            "refs",
            "f",
            "def handler():\n    return 1\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let task_id = task["id"].as_str().unwrap();

    let cases = [
        (
            format!("python+job://refs/fn:{task_id}"),
            "Cannot create accessor for the given task string.",
        ),
        (format!("python+job://other/{task_id}"), "project mismatch"),
        ("python+job://refs/unknown".to_string(), "invalid task"),
    ];
    for (task_string, message) in cases {
        let body = json!({"kind": "python+job:run", "spec": {"task": task_string}});
        let (status, error) = gateway
            .call(Method::POST, "/api/v1/-/refs/runs", Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{task_string}");
        assert_eq!(error["message"], message, "{task_string}");
    }

    let body = json!({
        "kind": "python+serve:run",
        "spec": {"task": format!("python+job://refs/{task_id}")},
    });
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/refs/runs", Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["message"],
        "Run kind python+serve:run unsupported, expecting python+job:run"
    );
}

#[tokio::test]
async fn run_without_function_fails_build() {
    let gateway = common::start().await;
    gateway.project("refs").await;
    let function = gateway
        .function(
            "refs",
            "f",
            "def handler():\n    return 1\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let body = json!({
        "id": "no-function-run",
        "kind": "python+job:run",
        "spec": {"task": format!("python+job://refs/{}", task["id"].as_str().unwrap())},
    });
    let (status, error) = gateway
        .call(Method::POST, "/api/v1/-/refs/runs", Some(body))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        error["message"].as_str().unwrap().contains("spec.function"),
        "{error}"
    );

    let (_, stored) = gateway.get_run("refs", "no-function-run").await;
    assert_eq!(stored["status"]["state"], "CREATED");
}

#[tokio::test]
async fn task_function_checks() {
    let gateway = common::start().await;
    gateway.project("refs").await;
    for (function, message) in [
        ("python://other/f:1", "project mismatch"),
        ("python://refs/f:missing", "invalid executable entity"),
        ("not-a-function", "spec: missing project"),
        // Core's `(.+)` for the id does not match a line break, as Java's `.` does not.
        ("python://refs/f:missing\n", "spec: missing project"),
        ("python://refs/f:", "spec: missing project"),
        ("python:/refs/f:1", "spec: missing project"),
    ] {
        let body = json!({"kind": "python+job", "spec": {"function": function}});
        let (status, error) = gateway
            .call(Method::POST, "/api/v1/-/refs/tasks", Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{function}");
        assert_eq!(error["message"], message, "{function}");
    }
}

#[tokio::test]
async fn duplicate_id_is_400() {
    let gateway = common::start().await;
    gateway.project("dups").await;
    let (status, error) = gateway
        .call(
            Method::POST,
            "/api/v1/projects",
            Some(json!({"name": "dups", "kind": "project"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "Duplicated entity project:dups.");
}

#[tokio::test]
async fn bad_project_name_is_400() {
    let gateway = common::start().await;
    let (status, error) = gateway
        .call(
            Method::POST,
            "/api/v1/projects",
            Some(json!({"name": "Bad_Name", "kind": "project"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Validation failed for argument [0]"),
        "{message}"
    );
    assert!(
        message.contains("on field 'name': rejected value [Bad_Name]"),
        "{message}"
    );
}

#[tokio::test]
async fn unknown_route_has_api_headers() {
    let gateway = common::start().await;
    let response = gateway
        .send(Method::GET, "/api/v1/nothing-here", None)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["X-Api-Level"], "15");
}

#[tokio::test]
async fn invalid_sort_is_400() {
    let gateway = common::start().await;
    gateway.project("lists").await;
    let (status, error) = gateway
        .call(Method::GET, "/api/v1/-/lists/runs?sort=colour,asc", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["message"],
        "No property 'colour' found for type 'RunEntity'"
    );
}

#[tokio::test]
async fn non_json_body_is_415() {
    let gateway = common::start().await;
    let response = gateway
        .client
        .post(gateway.url("/api/v1/projects"))
        .header("Content-Type", "text/plain")
        .body(r#"{"name": "demo", "kind": "project"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 415);
    assert!(
        body["message"].as_str().unwrap().contains("'text/plain'"),
        "{body}"
    );
}

#[tokio::test]
async fn run_of_other_project_is_400() {
    let gateway = common::start().await;
    gateway.project("first").await;
    gateway.project("second").await;
    let function = gateway
        .function(
            "first",
            "f",
            "def handler():\n    return 1\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (_, run) = gateway
        .run(&function, &task, json!({"local_execution": true}))
        .await;
    let id = run["id"].as_str().unwrap();

    let (status, error) = gateway.get_run("second", id).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "invalid project");
}

#[tokio::test]
async fn run_spec_frozen_after_created() {
    let gateway = common::start().await;
    gateway.project("frozen").await;
    let function = gateway
        .function(
            "frozen",
            "f",
            "def handler(n=0):\n    return n\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (_, run) = gateway
        .run(&function, &task, json!({"local_execution": true}))
        .await;
    let id = run["id"].as_str().unwrap();
    let path = format!("/api/v1/-/frozen/runs/{id}");

    let mut spec = run["spec"].clone();
    spec["parameters"] = json!({"n": 5});
    let (status, updated) = gateway
        .call(Method::PUT, &path, Some(json!({"spec": spec.clone()})))
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["spec"]["parameters"], json!({"n": 5}));

    let (status, _) = gateway
        .call(Method::POST, &format!("{path}/build"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    spec["parameters"] = json!({"n": 6});
    let (status, error) = gateway
        .call(Method::PUT, &path, Some(json!({"spec": spec})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error["message"].as_str().unwrap().contains("BUILT"),
        "{error}"
    );
}

#[tokio::test]
async fn project_delete_cascades() {
    let gateway = common::start().await;
    gateway.project("gone").await;
    let function = gateway
        .function(
            "gone",
            "f",
            "def handler():\n    return 1\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (_, run) = gateway
        .run(&function, &task, json!({"local_execution": true}))
        .await;

    let (status, body) = gateway
        .call(Method::DELETE, "/api/v1/projects/gone", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, Value::Null, "empty body");

    let function_id = function["id"].as_str().unwrap();
    let task_id = task["id"].as_str().unwrap();
    let run_id = run["id"].as_str().unwrap();
    for path in [
        "/api/v1/projects/gone".to_string(),
        format!("/api/v1/-/gone/functions/{function_id}"),
        format!("/api/v1/-/gone/tasks/{task_id}"),
        format!("/api/v1/runs/{run_id}"),
    ] {
        let (status, _) = gateway.call(Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn odd_page_numbers_use_defaults() {
    let gateway = common::start().await;
    gateway.project("pages").await;
    // Spring Data never rejects page or size: a value it cannot read as an int falls back
    // to the default, and a negative one becomes 0.
    let cases = [
        ("page=abc", 0, 25),
        ("page=99999999999999999999", 0, 25),
        ("page=2147483648&size=3", 0, 3),
        ("page=-4&size=-5", 0, 25),
        ("size=0", 0, 25),
        ("size=100000", 0, 2000),
        ("page=2147483647&size=2000", 2_147_483_647_u64, 2000),
    ];
    for (query, number, size) in cases {
        let (status, page) = gateway
            .call(Method::GET, &format!("/api/v1/projects?{query}"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(page["number"], number, "{query}");
        assert_eq!(page["size"], size, "{query}");
        assert_eq!(page["pageable"]["offset"], number * size, "{query}");
    }
}

#[tokio::test]
async fn large_function_source_accepted() {
    let gateway = common::start().await;
    gateway.project("large").await;
    // About 4 MiB of base64, over axum's default body limit of 2 MB.
    let code = format!(
        "# {}\ndef handler():\n    return 1\n",
        "x".repeat(3 * 1024 * 1024)
    );
    let function = gateway
        .function("large", "big", &code, json!({"handler": "handler"}))
        .await;
    let stored = function["spec"]["source"]["base64"].as_str().unwrap();
    assert_eq!(stored, common::encode(&code));
}

#[tokio::test]
async fn non_object_metadata_is_400() {
    let gateway = common::start().await;
    gateway.project("meta").await;
    let cases = [
        (
            "/api/v1/projects",
            json!({"name": "other", "kind": "project", "metadata": "x"}),
        ),
        (
            "/api/v1/projects",
            json!({"name": "third", "kind": "project", "metadata": [1]}),
        ),
        (
            "/api/v1/-/meta/functions",
            json!({"name": "f", "kind": "python", "metadata": 5, "spec": {}}),
        ),
        (
            "/api/v1/-/meta/runs",
            json!({"kind": "python+job:run", "status": "READY"}),
        ),
    ];
    for (path, body) in cases {
        let (status, error) = gateway.call(Method::POST, path, Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with("JSON parse error: "),
            "{body}: {message}"
        );
    }
    let (status, _) = gateway
        .call(Method::GET, "/api/v1/projects/other", None)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "project stored despite bad metadata"
    );
}
