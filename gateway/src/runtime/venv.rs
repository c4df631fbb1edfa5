//! Python interpreters for runs: the configured one, or a virtual environment per set of
//! requirements, created once and reused.

use std::process::Stdio;

use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::process::Command;

use super::output;
use super::process_group;
use super::{RunContext, RunFailure, Signal};

/// The requirement lines of the run's function.
pub fn requirements(spec: &Value) -> Vec<String> {
    spec.get("requirements")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Finds the interpreter for the run, creating and filling a virtual environment with pip
/// when the function has requirements. The environment's directory name is a hash of the
/// interpreter and the requirement lines, so equal requirements share one environment.
///
/// # Errors
/// [`RunFailure`] when `venv` or `pip install` fails, or when a delete request cancels the
/// install; pip's output is in the run's log.
pub async fn interpreter(context: &RunContext) -> Result<String, RunFailure> {
    let lines = requirements(&context.spec);
    let python = context.gateway.python.clone();
    if lines.is_empty() {
        return Ok(python);
    }

    let mut hasher = Sha256::new();
    hasher.update(python.as_bytes());
    for line in &lines {
        hasher.update(b"\n");
        hasher.update(line.as_bytes());
    }
    let digest = hasher.finalize();
    let name: String = digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let dir = context.gateway.work_dir.join("venvs").join(name);
    let venv_python = dir.join("bin").join("python");
    let ready = dir.join(".ready");

    let mut signals = context.signals.clone();
    let _guard = tokio::select! {
        guard = context.gateway.supervisor.venv_lock.lock() => guard,
        () = deleted(&mut signals) => return Err(cancelled()),
    };
    if ready.is_file() {
        context.log(&format!("reusing virtual environment {}", dir.display()));
        return Ok(venv_python.display().to_string());
    }

    context.log(&format!("creating virtual environment {}", dir.display()));
    run_logged(
        context,
        &python,
        &["-m", "venv", "--clear", &dir.display().to_string()],
    )
    .await?;

    let requirements_file = dir.join("requirements.txt");
    std::fs::write(&requirements_file, lines.join("\n") + "\n")
        .map_err(|error| RunFailure(format!("cannot write requirements.txt: {error}")))?;
    context.log(&format!("installing requirements: {}", lines.join(", ")));
    run_logged(
        context,
        &venv_python.display().to_string(),
        &[
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "-r",
            &requirements_file.display().to_string(),
        ],
    )
    .await?;

    std::fs::write(&ready, b"")
        .map_err(|error| RunFailure(format!("cannot mark the environment ready: {error}")))?;
    Ok(venv_python.display().to_string())
}

/// Builds the failure of an install that a delete request cancelled.
fn cancelled() -> RunFailure {
    RunFailure("the run was deleted while its environment was prepared".to_string())
}

/// Resolves once the run has a delete request; never resolves when its supervisor is gone
/// without one.
async fn deleted(signals: &mut tokio::sync::watch::Receiver<Option<Signal>>) {
    loop {
        if *signals.borrow_and_update() == Some(Signal::Delete) {
            return;
        }
        if signals.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Runs a command to completion with its output copied into the run's log. A delete request
/// kills the command and every process it started.
async fn run_logged(context: &RunContext, program: &str, args: &[&str]) -> Result<(), RunFailure> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    process_group::isolate(&mut command, &context.run_dir());
    let mut child = command
        .spawn()
        .map_err(|error| RunFailure(format!("cannot start {program}: {error}")))?;
    let leader = child.id();

    let mut pipes = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        pipes.push(tokio::spawn(output::pipe(
            context.gateway.clone(),
            context.run_id.clone(),
            context.project.clone(),
            stdout,
        )));
    }
    if let Some(stderr) = child.stderr.take() {
        pipes.push(tokio::spawn(output::pipe(
            context.gateway.clone(),
            context.run_id.clone(),
            context.project.clone(),
            stderr,
        )));
    }

    let mut signals = context.signals.clone();
    let waited = tokio::select! {
        waited = child.wait() => waited,
        () = deleted(&mut signals) => {
            if let Some(leader) = leader {
                process_group::kill_group(leader);
            }
            let _ = child.kill().await;
            context.log(&format!("{program} killed because the run was deleted"));
            return Err(cancelled());
        }
    };
    let status =
        waited.map_err(|error| RunFailure(format!("waiting for {program} failed: {error}")))?;
    if let Some(leader) = leader {
        process_group::kill_group(leader);
    }
    for pipe in pipes {
        let _ = pipe.await;
    }

    if status.success() {
        Ok(())
    } else {
        let code = status
            .code()
            .map_or("a signal".to_string(), |code| code.to_string());
        Err(RunFailure(format!(
            "`{program} {}` failed with exit code {code}; see the run logs",
            args.join(" ")
        )))
    }
}
