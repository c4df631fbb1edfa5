//! Measures how long a serve run takes from `POST /runs` to RUNNING on this machine.
//!
//! Usage: `cargo run --release -p digitalhub-gateway --example serve_startup [RUNS]`
//!
//! It starts an in-memory gateway, creates one serve function (no requirements, no init
//! function) and then creates RUNS runs (default 10) one after another. For each run it
//! records two figures: the client-side time from sending `POST /runs` until a
//! `GET /runs/{id}` polled every 5 ms shows RUNNING, and the server-side time between the
//! run's READY and RUNNING transitions. Each run is deleted before the next starts.

use std::time::{Duration, Instant};

use base64::Engine;
use chrono::DateTime;
use digitalhub_gateway::{serve, Config};
use serde_json::{json, Value};

const CODE: &str = "def serve(context, event):\n    return 'ok'\n";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .map(|text| text.parse())
        .transpose()?
        .unwrap_or(10);

    let running = serve(Config::local()).await?;
    let base = format!("{}/api/v1", running.endpoint());
    let client = reqwest::Client::new();

    client
        .post(format!("{base}/projects"))
        .json(&json!({"name": "bench", "kind": "project"}))
        .send()
        .await?
        .error_for_status()?;
    let function: Value = client
        .post(format!("{base}/-/bench/functions"))
        .json(&json!({
            "name": "ok",
            "kind": "python",
            "spec": {
                "python_version": "PYTHON3_10",
                "source": {
                    "handler": "serve",
                    "base64": base64::engine::general_purpose::STANDARD.encode(CODE),
                },
            },
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let function_string = format!(
        "python://bench/ok:{}",
        function["id"].as_str().unwrap_or_default()
    );
    let task: Value = client
        .post(format!("{base}/-/bench/tasks"))
        .json(&json!({"kind": "python+serve", "spec": {"function": function_string}}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let task_string = format!(
        "python+serve://bench/{}",
        task["id"].as_str().unwrap_or_default()
    );

    let mut client_times = Vec::new();
    let mut server_times = Vec::new();
    for _ in 0..count {
        let started = Instant::now();
        let run: Value = client
            .post(format!("{base}/-/bench/runs"))
            .json(&json!({
                "kind": "python+serve:run",
                "spec": {"task": task_string, "function": function_string},
            }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let id = run["id"].as_str().unwrap_or_default().to_string();

        let finished = loop {
            let current: Value = client
                .get(format!("{base}/-/bench/runs/{id}"))
                .send()
                .await?
                .json()
                .await?;
            match current["status"]["state"].as_str() {
                Some("RUNNING") => break current,
                Some("ERROR") => return Err(format!("run failed: {current}").into()),
                _ => {}
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err("run not RUNNING within 60 s".into());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        client_times.push(started.elapsed());
        server_times.push(transition_gap(&finished, "READY", "RUNNING").unwrap_or_default());

        client
            .delete(format!("{base}/-/bench/runs/{id}"))
            .send()
            .await?;
    }

    report("POST /runs -> RUNNING seen by client", &mut client_times);
    report("READY -> RUNNING transitions", &mut server_times);
    running.stop().await;
    Ok(())
}

/// Time between two entries of `status.transitions`.
fn transition_gap(run: &Value, from: &str, to: &str) -> Option<Duration> {
    let time_of = |state: &str| {
        run["status"]["transitions"]
            .as_array()?
            .iter()
            .find(|entry| entry["status"] == state)
            .and_then(|entry| entry["time"].as_str())
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
    };
    (time_of(to)? - time_of(from)?).to_std().ok()
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let millis = |duration: Duration| duration.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    println!(
        "{label}: n={} min={:.1} ms median={:.1} ms max={:.1} ms",
        times.len(),
        millis(times[0]),
        millis(median),
        millis(times[times.len() - 1])
    );
}
