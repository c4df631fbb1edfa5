//! Run work files: kept inside the data directory's `runs` folder whatever the run id, and
//! removed with the run.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use digitalhub_gateway::{Config, Storage};
use reqwest::{Method, StatusCode};
use serde_json::json;

const JOB: &str = "def handler():\n    return 5\n";

/// Polls until `path` no longer exists, for at most 15 s.
async fn removed(path: &Path) -> bool {
    let started = Instant::now();
    while path.exists() && started.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    !path.exists()
}

/// Sends a request with the path exactly as given, which HTTP clients would normalise when
/// it ends in `.` or `..`, and returns the status code.
async fn raw_status(address: std::net::SocketAddr, method: &str, path: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("{method} {path} HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// Polls the run list until the run `id` reaches one of `states`.
async fn wait_in_list(
    gateway: &common::TestGateway,
    project: &str,
    id: &str,
    states: &[&str],
) -> String {
    let started = Instant::now();
    loop {
        let (_, page) = gateway
            .call(
                Method::GET,
                &format!("/api/v1/-/{project}/runs?size=100"),
                None,
            )
            .await;
        let state = page["content"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|run| run["id"] == id)
            .and_then(|run| run["status"]["state"].as_str())
            .unwrap_or_default()
            .to_string();
        if states.contains(&state.as_str()) || started.elapsed() > Duration::from_secs(30) {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn data_dir_config(name: &str) -> (Config, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("{name}-{}", uuid::Uuid::new_v4().simple()));
    let mut config = Config::local();
    config.storage = Storage::DataDir(dir.clone());
    (config, dir)
}

#[tokio::test]
async fn dot_run_ids_stay_in_runs_dir() {
    let (config, dir) = data_dir_config("gateway-dot-ids");
    let gateway = common::start_with(config).await;
    gateway.project("dots").await;
    let function = gateway
        .function("dots", "five", JOB, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let task_string = format!("python+job://dots/{}", task["id"].as_str().unwrap());
    let function_string = common::TestGateway::function_string(&function);

    for (id, dir_name) in [("..", "%2E%2E"), (".", "%2E")] {
        let body = json!({
            "id": id,
            "kind": "python+job:run",
            "spec": {"task": task_string, "function": function_string},
        });
        let (status, run) = gateway
            .call(Method::POST, "/api/v1/-/dots/runs", Some(body))
            .await;
        assert_eq!(status, StatusCode::OK, "{run}");
        let state = wait_in_list(&gateway, "dots", id, &["COMPLETED", "ERROR"]).await;
        assert_eq!(state, "COMPLETED", "run {id:?}");
        assert!(
            dir.join("runs")
                .join(dir_name)
                .join("config.json")
                .is_file(),
            "files of run {id:?} are not in runs/{dir_name}"
        );
    }
    assert!(
        !dir.join("config.json").exists(),
        "run files in the data directory"
    );
    assert!(
        !dir.join("src").exists(),
        "run source in the data directory"
    );

    let status = raw_status(gateway.running.address, "DELETE", "/api/v1/-/dots/runs/..").await;
    assert_eq!(status, 200);
    assert!(
        removed(&dir.join("runs").join("%2E%2E")).await,
        "files kept"
    );
    assert!(dir.join("gateway.sqlite3").is_file(), "database removed");
    assert!(
        dir.join("runs").join("%2E").is_dir(),
        "other run's files removed"
    );

    gateway.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn deleted_run_files_removed() {
    let (config, dir) = data_dir_config("gateway-run-files");
    let gateway = common::start_with(config).await;
    gateway.project("files").await;
    let function = gateway
        .function("files", "five", JOB, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    let mut run_dirs = Vec::new();
    for _ in 0..2 {
        let (status, run) = gateway.run(&function, &task, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{run}");
        let id = run["id"].as_str().unwrap().to_string();
        gateway
            .wait_for("files", &id, &["COMPLETED"], Duration::from_secs(30))
            .await;
        let run_dir = dir.join("runs").join(&id);
        assert!(run_dir.is_dir(), "no files for run {id}");
        run_dirs.push((id, run_dir));
    }

    let (first_id, first_dir) = &run_dirs[0];
    let (status, _) = gateway
        .call(
            Method::DELETE,
            &format!("/api/v1/-/files/runs/{first_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(removed(first_dir).await, "files of a deleted run kept");

    let (status, _) = gateway
        .call(Method::DELETE, "/api/v1/projects/files", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        removed(&run_dirs[1].1).await,
        "files of a cascaded run kept"
    );

    gateway.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn dropped_gateway_removes_work_dir() {
    let gateway = common::start().await;
    let work_dir = gateway.running.work_dir().to_path_buf();
    assert!(
        work_dir.join("gateway_runtime.py").is_file(),
        "work directory prepared"
    );
    drop(gateway);
    assert!(!work_dir.exists(), "work directory kept after drop");
}

#[tokio::test]
async fn stale_work_dir_removed_at_start() {
    // A process id that existed and has ended, as a gateway killed with SIGKILL leaves it.
    let mut ended = std::process::Command::new("true").spawn().unwrap();
    let pid = ended.id();
    ended.wait().unwrap();
    let stale = std::env::temp_dir().join(format!("digitalhub-gateway-{pid}-stale"));
    std::fs::create_dir_all(stale.join("runs")).unwrap();

    let gateway = common::start().await;
    assert!(!stale.exists(), "stale work directory kept");
    assert!(
        gateway.running.work_dir().is_dir(),
        "own work directory removed"
    );
    gateway.running.stop().await;
}
