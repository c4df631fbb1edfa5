//! Entities survive a restart with the same data directory; runs whose process died
//! become ERROR.

mod common;

use std::time::Duration;

use digitalhub_gateway::{Config, Storage};
use reqwest::{Method, StatusCode};
use serde_json::json;

const SERVE: &str = "def serve(context, event):\n    return 'up'\n";

#[tokio::test]
async fn restart_keeps_entities() {
    let dir = std::env::temp_dir().join(format!(
        "gateway-persistence-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let mut config = Config::local();
    config.storage = Storage::DataDir(dir.clone());

    let gateway = common::start_with(config.clone()).await;
    gateway.project("keep").await;
    let function = gateway
        .function("keep", "server", SERVE, json!({"handler": "serve"}))
        .await;
    let task = gateway.task(&function, "python+serve", json!({})).await;
    let (_, run) = gateway.run(&function, &task, json!({})).await;
    let run_id = run["id"].as_str().unwrap().to_string();
    let running = gateway
        .wait_for("keep", &run_id, &["RUNNING"], Duration::from_secs(30))
        .await;
    let service = running["status"]["service"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    gateway.running.stop().await;

    let gateway = common::start_with(config).await;
    let (status, project) = gateway
        .call(Method::GET, "/api/v1/projects/keep", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(project["name"], "keep");

    let function_id = function["id"].as_str().unwrap();
    let (status, stored) = gateway
        .call(
            Method::GET,
            &format!("/api/v1/-/keep/functions/{function_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored["spec"], function["spec"]);

    let task_id = task["id"].as_str().unwrap();
    let (status, _) = gateway
        .call(
            Method::GET,
            &format!("/api/v1/-/keep/tasks/{task_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, run) = gateway.get_run("keep", &run_id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(run["status"]["state"], "ERROR");
    let message = run["status"]["message"].as_str().unwrap();
    assert!(message.contains("restarted"), "{message}");
    assert!(
        reqwest::get(format!("http://{service}/")).await.is_err(),
        "old server is gone"
    );

    let logs = gateway.log_text("keep", &run_id).await;
    assert!(logs.contains("serving on 127.0.0.1"), "{logs}");

    gateway.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn data_dir_used_by_one_gateway() {
    let dir = std::env::temp_dir().join(format!("gateway-lock-{}", uuid::Uuid::new_v4().simple()));
    let mut config = Config::local();
    config.storage = Storage::DataDir(dir.clone());

    let first = common::start_with(config.clone()).await;
    let mut second_config = config.clone();
    second_config.listen = "127.0.0.1:0".parse().unwrap();
    let second = digitalhub_gateway::serve(second_config).await;
    let error = match second {
        Ok(_) => panic!("a second gateway started on the same data directory"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("another gateway"), "{error}");

    // The first gateway is unaffected, and the directory is free once it stops.
    let (status, _) = first.call(Method::GET, "/api/v1/projects", None).await;
    assert_eq!(status, StatusCode::OK);
    first.running.stop().await;
    let again = common::start_with(config).await;
    again.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}
