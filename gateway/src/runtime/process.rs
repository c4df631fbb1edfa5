//! Starting the runtime script for a job or serve run.

use std::process::Stdio;

use serde_json::{json, Value};
use tokio::process::{Child, Command};

use super::listen_socket::ListenSocket;
use super::output;
use super::process_group;
use super::source::PreparedSource;
use super::{RunContext, RunFailure, Signal, RUNTIME_SCRIPT_NAME};

/// Writes the runtime configuration and starts `python gateway_runtime.py CONFIG`, with its
/// output copied into the run's log. `extra` adds mode-specific settings, and `socket` is
/// a serve run's socket for the process to inherit.
///
/// # Errors
/// [`RunFailure`] when the files cannot be written or the interpreter cannot start.
pub fn spawn(
    context: &mut RunContext,
    python: &str,
    source: &PreparedSource,
    mode: &str,
    extra: Value,
    socket: Option<&ListenSocket>,
) -> Result<Child, RunFailure> {
    let spec = &context.spec;
    let mut config = json!({
        "mode": mode,
        "project": context.project,
        "run_id": context.run_id,
        "run_name": context.run_name,
        "source_root": source.root,
        "source_file": source.file,
        "handler": source.handler,
        "init_function": source.init_function,
        "parameters": spec.get("parameters").cloned().unwrap_or(json!({})),
        "inputs": spec.get("inputs").cloned().unwrap_or(json!({})),
        "init_parameters": spec.get("init_parameters").cloned().unwrap_or(json!({})),
    });
    if let (Some(config), Some(extra)) = (config.as_object_mut(), extra.as_object()) {
        config.extend(extra.clone());
    }

    let run_dir = context.run_dir();
    std::fs::create_dir_all(&run_dir)
        .map_err(|error| RunFailure(format!("cannot create the run directory: {error}")))?;
    let config_path = run_dir.join("config.json");
    std::fs::write(&config_path, config.to_string())
        .map_err(|error| RunFailure(format!("cannot write the run configuration: {error}")))?;

    let script = context.gateway.work_dir.join(RUNTIME_SCRIPT_NAME);
    let mut command = Command::new(python);
    command
        .arg("-u")
        .arg(&script)
        .arg(&config_path)
        .current_dir(&source.root)
        .env("PROJECT_NAME", &context.project)
        .env("RUN_ID", &context.run_id)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (name, value) in envs(spec) {
        command.env(name, value);
    }
    process_group::isolate(&mut command, &run_dir);
    if let Some(socket) = socket {
        socket.pass_to(&mut command);
    }

    let mut child = command
        .spawn()
        .map_err(|error| RunFailure(format!("cannot start {python}: {error}")))?;
    tracing::info!(run = %context.run_id, pid = child.id(), mode, "process started");

    if let Some(stdout) = child.stdout.take() {
        context.output_pipes.push(tokio::spawn(output::pipe(
            context.gateway.clone(),
            context.run_id.clone(),
            context.project.clone(),
            stdout,
        )));
    }
    if let Some(stderr) = child.stderr.take() {
        context.output_pipes.push(tokio::spawn(output::pipe(
            context.gateway.clone(),
            context.run_id.clone(),
            context.project.clone(),
            stderr,
        )));
    }
    Ok(child)
}

/// The `envs` of the run spec as name/value pairs.
fn envs(spec: &Value) -> Vec<(String, String)> {
    spec.get("envs")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let name = item.get("name")?.as_str()?;
                    let value = item.get("value")?.as_str()?;
                    Some((name.to_string(), value.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How waiting on a process ended.
pub enum Exit {
    /// The process ended by itself with this exit code (`None` when killed by a signal).
    Exited(Option<i32>),
    /// A signal arrived and the process was killed.
    Signalled(Signal),
}

/// Waits until the process exits or the API sends a signal; on a signal the process and
/// every process it started are killed first. After a normal exit, the processes it left
/// behind are killed too, as ending a Kubernetes pod would.
///
/// # Errors
/// [`RunFailure`] when waiting fails.
pub async fn wait(context: &mut RunContext, child: &mut Child) -> Result<Exit, RunFailure> {
    let leader = child.id();
    loop {
        if let Some(signal) = context.pending_signal() {
            kill(context, child).await;
            return Ok(Exit::Signalled(signal));
        }
        tokio::select! {
            status = child.wait() => {
                let status = status
                    .map_err(|error| RunFailure(format!("waiting for the process failed: {error}")))?;
                tracing::info!(run = %context.run_id, code = ?status.code(), "process exited");
                let left_in_group = leader.is_some_and(process_group::kill_group);
                let left_elsewhere = process_group::kill_run_processes(&context.run_dir());
                if left_in_group || left_elsewhere > 0 {
                    tracing::info!(run = %context.run_id, "killed processes left by the run");
                }
                return Ok(Exit::Exited(status.code()));
            }
            changed = context.signals.changed() => {
                if changed.is_err() {
                    kill(context, child).await;
                    return Ok(Exit::Signalled(Signal::Delete));
                }
            }
        }
    }
}

/// Kills the process and every process in its group, then waits for the process to go.
pub async fn kill(context: &RunContext, child: &mut Child) {
    if let Some(leader) = child.id() {
        process_group::kill_group(leader);
    }
    process_group::kill_run_processes(&context.run_dir());
    if let Err(error) = child.kill().await {
        tracing::warn!(run = %context.run_id, %error, "killing the process failed");
    } else {
        tracing::info!(run = %context.run_id, "process killed");
    }
}
