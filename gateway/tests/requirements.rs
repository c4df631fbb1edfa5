//! Function requirements installed with pip into a cached virtual environment.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::json;

/// Writes a minimal wheel of a package `tinypkg` (VALUE = 42) into `dir`, so pip installs it
/// without any network access.
fn write_wheel(dir: &Path) -> PathBuf {
    let wheel = dir.join("tinypkg-0.1-py3-none-any.whl");
    let script = r#"
import sys, zipfile
files = {
    "tinypkg/__init__.py": "VALUE = 42\n",
    "tinypkg-0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: tinypkg\nVersion: 0.1\n",
    "tinypkg-0.1.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
records = "".join("%s,,\n" % name for name in files) + "tinypkg-0.1.dist-info/RECORD,,\n"
files["tinypkg-0.1.dist-info/RECORD"] = records
with zipfile.ZipFile(sys.argv[1], "w") as archive:
    for name, text in files.items():
        archive.writestr(name, text)
"#;
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(&wheel)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "wheel written");
    wheel
}

#[tokio::test]
async fn requirements_installed_once() {
    let dir = std::env::temp_dir().join(format!("gateway-wheel-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let wheel = write_wheel(&dir);

    let gateway = common::start().await;
    gateway.project("deps").await;
    let code = "import tinypkg\n\ndef handler():\n    return tinypkg.VALUE\n";
    let mut function = gateway
        .function("deps", "needs", code, json!({"handler": "handler"}))
        .await;
    let function_id = function["id"].as_str().unwrap().to_string();
    let mut spec = function["spec"].clone();
    spec["requirements"] = json!([wheel.display().to_string()]);
    let (_, updated) = gateway
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/-/deps/functions/{function_id}"),
            Some(json!({"spec": spec})),
        )
        .await;
    assert_eq!(
        updated["spec"]["requirements"][0],
        wheel.display().to_string()
    );
    function["spec"] = updated["spec"].clone();
    let task = gateway.task(&function, "python+job", json!({})).await;

    let timeout = Duration::from_secs(120);
    let (_, first) = gateway.run(&function, &task, json!({})).await;
    let first_id = first["id"].as_str().unwrap();
    let done = gateway
        .wait_for("deps", first_id, &["COMPLETED", "ERROR"], timeout)
        .await;
    let first_logs = gateway.log_text("deps", first_id).await;
    assert_eq!(
        done["status"]["results"]["output_0"], 42,
        "{done}\n{first_logs}"
    );
    assert!(
        first_logs.contains("creating virtual environment"),
        "{first_logs}"
    );

    let (_, second) = gateway.run(&function, &task, json!({})).await;
    let second_id = second["id"].as_str().unwrap();
    let done = gateway
        .wait_for("deps", second_id, &["COMPLETED", "ERROR"], timeout)
        .await;
    assert_eq!(done["status"]["results"]["output_0"], 42, "{done}");
    let second_logs = gateway.log_text("deps", second_id).await;
    assert!(
        second_logs.contains("reusing virtual environment"),
        "{second_logs}"
    );

    gateway.running.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}
