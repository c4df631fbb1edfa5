//! Run output stored as logs: a job that prints a lot neither slows the API down nor grows
//! its log past the limit.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

/// Prints `lines` lines of about 100 bytes each, then returns the count.
const NOISY_JOB: &str = r#"
def handler(lines):
    for number in range(lines):
        print("line %07d %s" % (number, "y" * 86))
    return lines
"#;

#[tokio::test]
async fn noisy_job_keeps_api_responsive() {
    let gateway = Arc::new(common::start().await);
    gateway.project("noisy").await;
    let function = gateway
        .function("noisy", "printer", NOISY_JOB, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    // Measure the slowest API response while the job prints.
    let printing = Arc::new(AtomicBool::new(true));
    let probe = {
        let gateway = gateway.clone();
        let printing = printing.clone();
        tokio::spawn(async move {
            let mut slowest = Duration::ZERO;
            while printing.load(Ordering::Relaxed) {
                let started = Instant::now();
                let (status, _) = gateway.call(Method::GET, "/api/v1/projects", None).await;
                assert_eq!(status, StatusCode::OK);
                slowest = slowest.max(started.elapsed());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            slowest
        })
    };

    let started = Instant::now();
    let (status, run) = gateway
        .run(&function, &task, json!({"parameters": {"lines": 30000}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let run_id = run["id"].as_str().unwrap().to_string();
    let done = gateway
        .wait_for(
            "noisy",
            &run_id,
            &["COMPLETED", "ERROR"],
            Duration::from_secs(60),
        )
        .await;
    let elapsed = started.elapsed();
    printing.store(false, Ordering::Relaxed);
    let slowest = probe.await.unwrap();

    assert_eq!(done["status"]["state"], "COMPLETED", "{done}");
    assert!(
        elapsed < Duration::from_secs(20),
        "3 MB of output took {elapsed:?}"
    );
    assert!(
        slowest < Duration::from_secs(2),
        "an API call took {slowest:?}"
    );

    let logs = gateway.log_text("noisy", &run_id).await;
    assert!(logs.contains("line 0000000 "), "first line missing");
    assert!(logs.contains("line 0029999 "), "last line missing");
    assert_eq!(logs.matches("line ").count(), 30000, "lines lost or split");
}

#[tokio::test]
async fn log_stops_at_limit() {
    let gateway = common::start().await;
    gateway.project("flood").await;
    let function = gateway
        .function("flood", "printer", NOISY_JOB, json!({"handler": "handler"}))
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;
    // About 18 MiB of output, over the 16 MiB limit.
    let (status, run) = gateway
        .run(&function, &task, json!({"parameters": {"lines": 190000}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let run_id = run["id"].as_str().unwrap().to_string();
    let done = gateway
        .wait_for(
            "flood",
            &run_id,
            &["COMPLETED", "ERROR"],
            Duration::from_secs(120),
        )
        .await;
    assert_eq!(done["status"]["state"], "COMPLETED", "{done}");
    assert_eq!(done["status"]["results"]["output_0"], 190000);

    let logs = gateway.log_text("flood", &run_id).await;
    assert!(
        logs.len() <= 16 * 1024 * 1024 + 200,
        "log is {} bytes",
        logs.len()
    );
    assert!(
        logs.len() >= 16 * 1024 * 1024,
        "log is {} bytes",
        logs.len()
    );
    assert!(logs.contains("line 0000000 "), "first line missing");
    assert!(
        logs.contains("log truncated at 16 MiB"),
        "no truncation note"
    );
    assert!(
        !logs.contains("line 0189999 "),
        "output past the limit was kept"
    );
}

/// Writes to stdout and stderr, ending with 4 MiB on stderr and a last line on stdout.
const LAST_WORDS_JOB: &str = r#"
import sys

def handler(lines):
    for number in range(lines):
        print("out %05d" % number)
        print("err %05d" % number, file=sys.stderr)
    sys.stderr.write("z" * (4 * 1024 * 1024) + "\n")
    print("last line of the job")
    return lines
"#;

#[tokio::test]
async fn finished_job_log_is_whole() {
    let gateway = common::start().await;
    gateway.project("whole").await;
    let function = gateway
        .function(
            "whole",
            "writer",
            LAST_WORDS_JOB,
            json!({"handler": "handler"}),
        )
        .await;
    let task = gateway.task(&function, "python+job", json!({})).await;

    for _ in 0..5 {
        let (status, run) = gateway
            .run(&function, &task, json!({"parameters": {"lines": 3000}}))
            .await;
        assert_eq!(status, StatusCode::OK, "{run}");
        let run_id = run["id"].as_str().unwrap().to_string();
        let done = gateway
            .wait_for(
                "whole",
                &run_id,
                &["COMPLETED", "ERROR"],
                Duration::from_secs(60),
            )
            .await;
        assert_eq!(done["status"]["state"], "COMPLETED", "{done}");

        // Read at once: the final state is reported only after the output is stored.
        let logs = gateway.log_text("whole", &run_id).await;
        assert!(logs.contains("last line of the job"), "stdout incomplete");
        assert!(logs.contains("err 02999"), "stderr incomplete");
    }
}
