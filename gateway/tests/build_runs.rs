//! Build runs: the rendered Dockerfile, the image name and the function update.

mod common;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn build_renders_dockerfile() {
    let gateway = common::start().await;
    gateway.project("builds").await;
    let function = gateway
        .function(
            "builds",
            "tool",
            "def handler():\n    return 1\n",
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway
        .task(
            &function,
            "python+build",
            json!({"instructions": ["apt-get update", "apt-get install -y curl"]}),
        )
        .await;

    let (status, run) = gateway.run(&function, &task, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let id = run["id"].as_str().unwrap();
    let done = gateway
        .wait_for(
            "builds",
            id,
            &["COMPLETED", "ERROR"],
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(done["status"]["state"], "COMPLETED", "{done}");

    let dockerfile = done["status"]["dockerfile"].as_str().unwrap();
    let lines: Vec<&str> = dockerfile.lines().collect();
    assert_eq!(
        lines[0],
        "FROM ghcr.io/scc-digitalhub/digitalhub-serverless/python-runtime:3.10-latest"
    );
    assert_eq!(lines[1], "USER root");
    assert!(lines.contains(&"RUN apt-get update"), "{dockerfile}");
    assert!(
        lines.contains(&"RUN apt-get install -y curl"),
        "{dockerfile}"
    );
    assert!(lines.contains(&"WORKDIR /shared"), "{dockerfile}");
    assert_eq!(
        lines.last().copied(),
        Some("ENTRYPOINT [\"/opt/nuclio/processor\"]")
    );

    let image = done["status"]["outputs"]["image"].as_str().unwrap();
    assert_eq!(image, format!("dhcore-builds-tool:{}", &id[..5]));

    let logs = gateway.log_text("builds", id).await;
    assert!(logs.contains("RUN apt-get update"), "{logs}");
    assert!(logs.contains("builds no container image"), "{logs}");

    let function_id = function["id"].as_str().unwrap();
    let (_, updated) = gateway
        .call(
            Method::GET,
            &format!("/api/v1/-/builds/functions/{function_id}"),
            None,
        )
        .await;
    assert_eq!(updated["spec"]["image"], image);
}
