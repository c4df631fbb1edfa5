//! Stopping, deleting or restarting ends every process a run started, including the ones its
//! handler or pip started.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use digitalhub_gateway::{Config, Storage};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Environment variable the gateway sets on every process of a run.
const RUN_DIR_ENV: &str = "DIGITALHUB_GATEWAY_RUN_DIR";

/// True when `/proc/<pid>` is a live process; zombies count as gone.
fn alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    state.is_some_and(|state| state != 'Z')
}

/// Live processes whose run-directory variable ends with `/runs/<run_id>`.
fn processes_of_run(run_id: &str) -> Vec<u32> {
    let suffix = format!("/runs/{run_id}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        else {
            continue;
        };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        let marked = environ.split(|byte| *byte == 0).any(|variable| {
            let text = String::from_utf8_lossy(variable);
            text.strip_prefix(RUN_DIR_ENV)
                .and_then(|rest| rest.strip_prefix('='))
                .is_some_and(|dir| dir.ends_with(&suffix))
        });
        if marked && alive(pid) {
            found.push(pid);
        }
    }
    found
}

/// Polls until `check` holds, for at most `timeout`.
async fn eventually(timeout: Duration, check: impl Fn() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    check()
}

/// A job that starts two background processes, writes their pids and loops forever.
const SPAWNING_JOB: &str = r#"
import subprocess, time

def handler(pid_file):
    first = subprocess.Popen(["sleep", "600"])
    second = subprocess.Popen(["sh", "-c", "sleep 601"])
    with open(pid_file, "w") as out:
        out.write("%d %d" % (first.pid, second.pid))
    while True:
        time.sleep(0.1)
"#;

/// Reads the pids the job wrote, waiting until the file is complete.
async fn child_pids(pid_file: &Path) -> Vec<u32> {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(pid_file) {
            let pids: Vec<u32> = text
                .split_whitespace()
                .filter_map(|pid| pid.parse().ok())
                .collect();
            if pids.len() == 2 {
                return pids;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "job wrote no pids"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn stop_kills_handler_children() {
    let gateway = common::start().await;
    gateway.project("reaper").await;
    let function = gateway
        .function(
            "reaper",
            "spawner",
            SPAWNING_JOB,
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let pid_file = std::env::temp_dir().join(format!(
        "gateway-children-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let (status, run) = gateway
        .run(
            &function,
            &task,
            json!({"parameters": {"pid_file": pid_file.display().to_string()}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let run_id = run["id"].as_str().unwrap().to_string();
    gateway
        .wait_for("reaper", &run_id, &["RUNNING"], Duration::from_secs(30))
        .await;
    let children = child_pids(&pid_file).await;
    assert!(children.iter().all(|pid| alive(*pid)), "children started");

    let (status, body) = gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/reaper/runs/{run_id}/stop"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    gateway
        .wait_for("reaper", &run_id, &["STOPPED"], Duration::from_secs(10))
        .await;

    for pid in children {
        let gone = eventually(Duration::from_secs(5), || !alive(pid)).await;
        assert!(gone, "child {pid} of the stopped job still runs");
    }
    assert_eq!(processes_of_run(&run_id), Vec::<u32>::new());

    gateway.running.stop().await;
    let _ = std::fs::remove_file(pid_file);
}

#[tokio::test]
async fn delete_cancels_pip_install() {
    // A package index that accepts connections and never responds keeps pip waiting.
    let index = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let index_port = index.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((socket, _)) = index.accept().await {
            connections.push(socket);
        }
    });

    let gateway = common::start().await;
    gateway.project("stalled").await;
    let body = json!({
        "name": "waits",
        "kind": "python",
        "spec": {
            "python_version": "PYTHON3_10",
            "source": {"handler": "handler", "base64": common::encode("def handler():\n    return 1\n")},
            "requirements": [
                format!("--index-url http://127.0.0.1:{index_port}/simple/"),
                "package-that-never-arrives",
            ],
        },
    });
    let (status, function) = gateway
        .call(Method::POST, "/api/v1/-/stalled/functions", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{function}");
    let task = gateway.task(&function, "python+job", json!({})).await;
    let (status, run) = gateway.run(&function, &task, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let run_id = run["id"].as_str().unwrap().to_string();

    let pip_running = eventually(Duration::from_secs(60), || {
        processes_of_run(&run_id).iter().any(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| String::from_utf8_lossy(&cmdline).contains("requirements.txt"))
        })
    })
    .await;
    assert!(pip_running, "pip did not start within 60 s");

    let deleted_at = Instant::now();
    let (status, body) = gateway
        .call(
            Method::DELETE,
            &format!("/api/v1/-/stalled/runs/{run_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"]["state"], "DELETING");

    let killed = eventually(Duration::from_secs(5), || {
        processes_of_run(&run_id).is_empty()
    })
    .await;
    assert!(killed, "pip still runs after the delete");
    let removed = {
        let started = Instant::now();
        loop {
            let (status, _) = gateway.get_run("stalled", &run_id).await;
            if status == StatusCode::NOT_FOUND || started.elapsed() > Duration::from_secs(15) {
                break status == StatusCode::NOT_FOUND;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    assert!(removed, "run not removed");
    assert!(
        deleted_at.elapsed() < Duration::from_secs(5),
        "removal waited for the grace period: {:?}",
        deleted_at.elapsed()
    );

    gateway.running.stop().await;
    held.abort();
}

#[tokio::test]
async fn restart_kills_leftover_processes() {
    let dir = std::env::temp_dir().join(format!(
        "gateway-leftovers-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let run_dir = dir.join("runs").join("left-behind");
    std::fs::create_dir_all(&run_dir).unwrap();
    // A process as a gateway killed with SIGKILL leaves it: marked with a run directory of
    // this data directory and no longer a child of any gateway.
    let mut leftover = std::process::Command::new("sleep")
        .arg("602")
        .env(RUN_DIR_ENV, &run_dir)
        .spawn()
        .unwrap();
    let pid = leftover.id();
    let mut other = std::process::Command::new("sleep")
        .arg("603")
        .env(RUN_DIR_ENV, "/elsewhere/runs/left-behind")
        .spawn()
        .unwrap();
    assert!(alive(pid));

    let mut config = Config::local();
    config.storage = Storage::DataDir(dir.clone());
    let gateway = common::start_with(config).await;

    let status = tokio::task::spawn_blocking(move || leftover.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(!status.success(), "leftover was killed: {status:?}");
    assert!(
        alive(other.id()),
        "a process of another data directory was killed"
    );

    other.kill().unwrap();
    let _ = other.wait();
    gateway.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// A job that starts a process in a new session, out of the run's process group, writes its
/// pid and loops forever.
const SESSION_JOB: &str = r#"
import subprocess, time

def handler(pid_file):
    escaped = subprocess.Popen(["sleep", "604"], start_new_session=True)
    with open(pid_file, "w") as out:
        out.write("%d %d" % (escaped.pid, escaped.pid))
    while True:
        time.sleep(0.1)
"#;

#[tokio::test]
async fn stop_kills_new_session_children() {
    let gateway = common::start().await;
    gateway.project("sessions").await;
    let function = gateway
        .function(
            "sessions",
            "escaper",
            SESSION_JOB,
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let pid_file =
        std::env::temp_dir().join(format!("gateway-session-{}", uuid::Uuid::new_v4().simple()));
    let (status, run) = gateway
        .run(
            &function,
            &task,
            json!({"parameters": {"pid_file": pid_file.display().to_string()}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let run_id = run["id"].as_str().unwrap().to_string();
    let escaped = child_pids(&pid_file).await[0];
    assert!(alive(escaped), "session child started");

    let (status, body) = gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/sessions/runs/{run_id}/stop"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    gateway
        .wait_for("sessions", &run_id, &["STOPPED"], Duration::from_secs(10))
        .await;
    let gone = eventually(Duration::from_secs(5), || !alive(escaped)).await;
    assert!(gone, "session child {escaped} still runs");

    gateway.running.stop().await;
    let _ = std::fs::remove_file(pid_file);
}

/// A job that leaves a process holding its stdout open, out of reach of the gateway's
/// cleanup (new session, no environment), and returns at once.
const LINGERING_OUTPUT_JOB: &str = r#"
import shutil, subprocess

def handler(pid_file):
    sleep = shutil.which("sleep")
    holder = subprocess.Popen([sleep, "8"], start_new_session=True, env={})
    with open(pid_file, "w") as out:
        out.write("%d %d" % (holder.pid, holder.pid))
    return "done"
"#;

#[tokio::test]
async fn stop_after_exit_ends_stopped() {
    let gateway = common::start().await;
    gateway.project("late").await;
    let function = gateway
        .function(
            "late",
            "linger",
            LINGERING_OUTPUT_JOB,
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    let pid_file =
        std::env::temp_dir().join(format!("gateway-linger-{}", uuid::Uuid::new_v4().simple()));
    let (status, run) = gateway
        .run(
            &function,
            &task,
            json!({"parameters": {"pid_file": pid_file.display().to_string()}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let run_id = run["id"].as_str().unwrap().to_string();
    let holder = child_pids(&pid_file).await[0];

    // The job's process has exited, and the gateway still waits for its output to close.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, current) = gateway.get_run("late", &run_id).await;
    assert_eq!(current["status"]["state"], "RUNNING", "{current}");
    let (status, body) = gateway
        .call(
            Method::POST,
            &format!("/api/v1/-/late/runs/{run_id}/stop"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let ended = gateway
        .wait_for("late", &run_id, &["STOPPED"], Duration::from_secs(15))
        .await;
    assert_eq!(ended["status"]["state"], "STOPPED");

    // SAFETY: kill takes plain integers and has no memory effects.
    unsafe {
        libc::kill(libc::pid_t::try_from(holder).unwrap(), libc::SIGKILL);
    }
    gateway.running.stop().await;
    let _ = std::fs::remove_file(pid_file);
}
