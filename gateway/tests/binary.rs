//! The real `digitalhub-gateway` binary: start, answer, stop.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

#[tokio::test]
async fn binary_serves_configuration() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_digitalhub-gateway"))
        .args(["--listen", "127.0.0.1:0", "--memory", "--api-level", "14"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");

    let stdout = child.stdout.take().expect("stdout is piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(Duration::from_secs(20), line)
        .await
        .expect("address printed in time")
        .expect("reader joins")
        .expect("stdout is readable");
    let endpoint = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");

    let configuration: Value = reqwest::get(format!("{endpoint}/.well-known/configuration"))
        .await
        .expect("gateway answers")
        .json()
        .await
        .expect("configuration is JSON");
    assert_eq!(configuration["dhcore_api_level"], 14);
    assert_eq!(configuration["dhcore_version"], "0.14.0");

    let response = reqwest::get(format!("{endpoint}/api/v1/-/nothing/runs/none"))
        .await
        .expect("gateway answers");
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["X-Api-Level"], "14");

    child.kill().expect("binary stops");
    let _ = child.wait();
}

#[test]
fn binary_rejects_bad_level() {
    let output = Command::new(env!("CARGO_BIN_EXE_digitalhub-gateway"))
        .args(["--memory", "--api-level", "12"])
        .output()
        .expect("binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--api-level"), "{stderr}");
}

#[tokio::test]
async fn debug_logs_never_contain_token() {
    const TOKEN: &str = "tok-4f1d9c2e7a";
    const PASSWORD: &str = "pw-81b3e6d0";
    let mut child = Command::new(env!("CARGO_BIN_EXE_digitalhub-gateway"))
        .args(["--listen", "127.0.0.1:0", "--memory", "--token", TOKEN])
        .args(["--basic", &format!("admin:{PASSWORD}")])
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");

    let stdout = child.stdout.take().expect("stdout is piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(Duration::from_secs(20), line)
        .await
        .expect("address printed in time")
        .expect("reader joins")
        .expect("stdout is readable");
    let endpoint = line.trim().trim_start_matches("listening on ").to_string();

    let client = reqwest::Client::new();
    let projects = format!("{endpoint}/api/v1/projects");
    let attempts = [
        client.get(format!("{projects}?access_token={TOKEN}")),
        client.get(format!("{projects}?token={TOKEN}&password={PASSWORD}")),
        client.get(&projects).bearer_auth(TOKEN),
        client.get(&projects).bearer_auth(format!("{TOKEN}x")),
        client.get(&projects).basic_auth("admin", Some(PASSWORD)),
        client
            .get(&projects)
            .basic_auth("admin", Some(format!("{PASSWORD}x"))),
    ];
    for attempt in attempts {
        attempt.send().await.expect("gateway answers");
    }

    child.kill().expect("binary stops");
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("waiter joins")
        .expect("stderr is readable");
    let logs = String::from_utf8_lossy(&output.stderr);
    assert!(
        logs.contains("/api/v1/projects"),
        "requests were not logged"
    );
    assert!(!logs.contains(TOKEN), "the token is in the logs");
    assert!(!logs.contains(PASSWORD), "the password is in the logs");
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_ends_despite_open_request() {
    use std::io::Write;

    let mut child = Command::new(env!("CARGO_BIN_EXE_digitalhub-gateway"))
        .args(["--listen", "127.0.0.1:0", "--memory"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(Duration::from_secs(20), line)
        .await
        .expect("address printed in time")
        .expect("reader joins")
        .expect("stdout is readable");
    let address = line
        .trim()
        .trim_start_matches("listening on http://")
        .to_string();

    // A request whose body never arrives keeps its connection busy.
    let mut stalled = std::net::TcpStream::connect(&address).expect("gateway accepts");
    stalled
        .write_all(
            b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"name\":",
        )
        .expect("request head sent");
    std::thread::sleep(Duration::from_millis(300));

    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    // SAFETY: kill takes plain integers and has no memory effects.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let started = std::time::Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        while started.elapsed() < Duration::from_secs(15) {
            if let Some(status) = child.try_wait().expect("status readable") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    })
    .await
    .expect("waiter joins");
    assert!(status.is_some(), "gateway still running 15 s after SIGTERM");
    drop(stalled);
}
