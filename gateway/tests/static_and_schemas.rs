//! Schema endpoints and the static files of `--www`.

mod common;

use digitalhub_gateway::Config;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn task_schema_at_15() {
    let gateway = common::start().await;
    let (status, schema) = gateway
        .call(Method::GET, "/api/v1/schemas/task/python+serve", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{schema}");
    assert_eq!(schema["id"], "task:python+serve");
    assert_eq!(schema["entity"], "task");
    assert_eq!(schema["runtime"], "python");
    assert!(schema["uiSchema"].is_null());
    let properties = schema["schema"]["properties"].as_object().unwrap();
    assert!(properties.contains_key("replicas"));
    assert!(!properties.contains_key("node_selector"));

    let (status, page) = gateway
        .call(Method::GET, "/api/v1/schemas/run?runtime=python", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalElements"], 3);

    let response = gateway
        .send(Method::GET, "/api/v1/schemas/spaceship", None)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.text().await.unwrap(), "");
}

#[tokio::test]
async fn www_serves_index() {
    let dir = std::env::temp_dir().join(format!("gateway-www-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>demo</h1>").unwrap();

    let mut config = Config::local();
    config.www = Some(dir.clone());
    let gateway = common::start_with(config).await;

    let response = gateway.send(Method::GET, "/", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "<h1>demo</h1>");

    let response = gateway.send(Method::GET, "/api/v1/projects", None).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "API routes win over files"
    );

    let response = gateway.send(Method::GET, "/missing.js", None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let _ = std::fs::remove_dir_all(dir);
}
