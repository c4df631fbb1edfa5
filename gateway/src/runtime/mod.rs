//! Run execution: python processes for job and serve runs, a rendered Dockerfile for
//! build runs, and the supervisor that stops or deletes them on request.

mod build;
mod dockerfile;
mod job;
mod listen_socket;
mod output;
mod process;
mod process_group;
mod serve;
mod source;
mod venv;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;
use tokio::sync::watch;

use digitalhub_tasks::keys::TaskRef;
use digitalhub_tasks::kind::Action;

use crate::run_state::RunState;
use crate::state::SharedGateway;
use crate::store::Collection;
use crate::transition;

/// The python script that runs job and serve handlers, written to the work directory at
/// start-up.
pub const RUNTIME_SCRIPT: &str = include_str!("python/gateway_runtime.py");

/// File name of [`RUNTIME_SCRIPT`] in the work directory.
pub const RUNTIME_SCRIPT_NAME: &str = "gateway_runtime.py";

/// A request from the API to a run's supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Kill the process and move the run from STOP to STOPPED.
    Stop,
    /// Kill the process; the API removes the run.
    Delete,
}

/// Registry of the runs that have a live supervisor task.
#[derive(Default)]
pub struct Supervisor {
    controls: Mutex<HashMap<String, watch::Sender<Option<Signal>>>>,
    /// Serialises virtual-environment creation so two runs never build the same one.
    venv_lock: tokio::sync::Mutex<()>,
}

impl Supervisor {
    fn register(&self, run_id: &str) -> watch::Receiver<Option<Signal>> {
        let (sender, receiver) = watch::channel(None);
        if let Ok(mut controls) = self.controls.lock() {
            controls.insert(run_id.to_string(), sender);
        }
        receiver
    }

    fn unregister(&self, run_id: &str) {
        if let Ok(mut controls) = self.controls.lock() {
            controls.remove(run_id);
        }
    }

    /// Sends `signal` to the run's supervisor. Returns false when the run has none.
    pub fn signal(&self, run_id: &str, signal: Signal) -> bool {
        let Ok(controls) = self.controls.lock() else {
            return false;
        };
        match controls.get(run_id) {
            Some(sender) => sender.send(Some(signal)).is_ok(),
            None => false,
        }
    }

    /// True while the run's supervisor task is alive.
    pub fn is_supervised(&self, run_id: &str) -> bool {
        self.controls
            .lock()
            .map(|controls| controls.contains_key(run_id))
            .unwrap_or(false)
    }

    /// Signals every supervised run to end, for gateway shutdown.
    pub fn stop_all(&self) {
        if let Ok(controls) = self.controls.lock() {
            for sender in controls.values() {
                let _ = sender.send(Some(Signal::Delete));
            }
        }
    }

    /// Waits until no run is supervised, so that every killed process is gone, or until
    /// `timeout` passes. Returns false on the timeout.
    pub async fn wait_until_idle(&self, timeout: std::time::Duration) -> bool {
        let started = tokio::time::Instant::now();
        loop {
            let idle = self
                .controls
                .lock()
                .map(|controls| controls.is_empty())
                .unwrap_or(true);
            if idle {
                return true;
            }
            if started.elapsed() >= timeout {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

/// Context of a run while it executes.
pub(crate) struct RunContext {
    pub gateway: SharedGateway,
    pub run_id: String,
    pub run_name: String,
    pub project: String,
    pub spec: Value,
    pub signals: watch::Receiver<Option<Signal>>,
    /// Tasks copying the run process's stdout and stderr into the log.
    pub output_pipes: Vec<tokio::task::JoinHandle<()>>,
}

/// How long removing a deleted run's files waits for its supervisor to end.
const FILE_REMOVAL_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a run's final state waits for its output to reach the log.
const OUTPUT_DRAIN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Reason a run ended in ERROR.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct RunFailure(pub String);

/// Outcome of a supervised run that did not fail.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// The run reached a final state by itself.
    Finished,
    /// A stop request killed the process.
    Stopped,
    /// A delete request killed the process.
    Deleted,
}

impl RunContext {
    /// Directory for this run's files.
    pub fn run_dir(&self) -> PathBuf {
        run_dir(&self.gateway.work_dir, &self.run_id)
    }

    /// Appends a line written by the gateway itself to the run's log.
    pub fn log(&self, line: &str) {
        output::append(
            &self.gateway,
            &self.run_id,
            &self.project,
            format!("{line}\n").as_bytes(),
        );
    }

    /// Reports a new state for the run.
    pub fn report(&self, target: RunState, message: Option<&str>) -> Option<Value> {
        self.report_with(target, message, |_| {})
    }

    /// Reports a new state and changes the stored run in the same transaction.
    pub fn report_with<F: FnOnce(&mut Value)>(
        &self,
        target: RunState,
        message: Option<&str>,
        change: F,
    ) -> Option<Value> {
        match transition::report(&self.gateway, &self.run_id, target, message, change) {
            Ok(run) => run,
            Err(error) => {
                tracing::error!(run = %self.run_id, %error, "state report failed");
                None
            }
        }
    }

    /// Waits until the output of the run's process is in the log, so that a client that
    /// sees the final state reads the whole log.
    pub async fn drain_output(&mut self) {
        for pipe in std::mem::take(&mut self.output_pipes) {
            if tokio::time::timeout(OUTPUT_DRAIN_TIMEOUT, pipe)
                .await
                .is_err()
            {
                tracing::warn!(run = %self.run_id, "process output still open after exit");
            }
        }
    }

    /// Returns the latest signal, if any.
    pub fn pending_signal(&self) -> Option<Signal> {
        *self.signals.borrow()
    }
}

/// Finds the action of a run from its kind, or from its task string for Core 0.13's single
/// `python+run` kind.
pub fn run_action(run: &Value) -> Option<Action> {
    let kind = run.get("kind").and_then(Value::as_str)?;
    if let Some(task_kind) = kind.strip_suffix(":run") {
        return action_of_task_kind(task_kind);
    }
    let task = run.pointer("/spec/task").and_then(Value::as_str)?;
    let reference = TaskRef::parse(task).ok()?;
    action_of_task_kind(reference.kind())
}

fn action_of_task_kind(kind: &str) -> Option<Action> {
    let action = kind.strip_prefix("python+")?;
    Action::parse(action).ok()
}

/// Starts supervising a run that has just reached READY.
pub fn start(gateway: SharedGateway, run: &Value) {
    let text = |pointer: &str| {
        run.pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let run_id = text("/id");
    let signals = gateway.supervisor.register(&run_id);
    let mut context = RunContext {
        gateway: gateway.clone(),
        run_name: text("/name"),
        project: text("/project"),
        spec: run.get("spec").cloned().unwrap_or(Value::Null),
        signals,
        run_id,
        output_pipes: Vec::new(),
    };
    let action = run_action(run);

    tokio::spawn(async move {
        let outcome = match action {
            Some(Action::Job) => job::execute(&mut context).await,
            Some(Action::Serve) => serve::execute(&mut context).await,
            Some(Action::Build) => build::execute(&mut context).await,
            None => Err(RunFailure(
                "the run kind names no python action".to_string(),
            )),
        };

        if context.pending_signal() == Some(Signal::Delete) {
            // The run is being removed, so a failure caused by the kill is not reported.
            context.gateway.supervisor.unregister(&context.run_id);
            return;
        }
        context.drain_output().await;
        match outcome {
            Ok(Ending::Finished) if context.pending_signal() == Some(Signal::Stop) => {
                // The process ended by itself while a stop was under way. The run is in STOP,
                // which accepts no COMPLETE, so the stop is what ends it.
                context.report(RunState::Stopped, Some("stopped on request"));
            }
            Ok(Ending::Finished) | Ok(Ending::Deleted) => {}
            Ok(Ending::Stopped) => {
                context.log("process stopped on request");
                context.report(RunState::Stopped, Some("stopped on request"));
            }
            Err(RunFailure(message)) => {
                tracing::warn!(run = %context.run_id, %message, "run failed");
                context.log(&format!("run failed: {message}"));
                context.report(RunState::Error, Some(&message));
            }
        }
        context.gateway.supervisor.unregister(&context.run_id);
    });
}

/// Returns the directory of a run's files under `work_dir/runs`. Core's id pattern allows
/// ids made only of dots, which would name the runs directory or the work directory itself.
/// Their dots are written as `%2E`, and because `%` never occurs in an id, names stay
/// distinct.
pub fn run_dir(work_dir: &Path, run_id: &str) -> PathBuf {
    let name = if run_id.chars().all(|character| character == '.') {
        run_id.replace('.', "%2E")
    } else {
        run_id.to_string()
    };
    work_dir.join("runs").join(name)
}

/// Removes the files of deleted runs once their supervisors have ended, waiting at most
/// [`FILE_REMOVAL_GRACE`] for each, so that no process still writes there.
pub fn remove_run_files(gateway: &SharedGateway, run_ids: Vec<String>) {
    if run_ids.is_empty() {
        return;
    }
    let gateway = gateway.clone();
    tokio::spawn(async move {
        for run_id in run_ids {
            let started = tokio::time::Instant::now();
            while gateway.supervisor.is_supervised(&run_id)
                && started.elapsed() < FILE_REMOVAL_GRACE
            {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            let dir = run_dir(&gateway.work_dir, &run_id);
            match std::fs::remove_dir_all(&dir) {
                Ok(()) => tracing::debug!(run = %run_id, "run files removed"),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    tracing::warn!(run = %run_id, dir = %dir.display(), %error, "could not remove run files")
                }
            }
        }
    });
}

/// Removes the files of the runs among entities just deleted, as [`remove_run_files`] does.
pub fn remove_files_of_deleted(gateway: &SharedGateway, deleted: &[(Collection, String)]) {
    let run_ids = deleted
        .iter()
        .filter(|(collection, _)| *collection == Collection::Run)
        .map(|(_, id)| id.clone())
        .collect();
    remove_run_files(gateway, run_ids);
}

/// Kills the processes that runs of an earlier gateway with this work directory left
/// running, and returns how many there were.
pub fn kill_leftover_processes(work_dir: &Path) -> usize {
    process_group::kill_leftovers(&work_dir.join("runs"))
}

/// Writes the runtime script into the work directory.
///
/// # Errors
/// The I/O error when the directory or file cannot be written.
pub fn install_runtime_script(work_dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(work_dir)?;
    std::fs::write(work_dir.join(RUNTIME_SCRIPT_NAME), RUNTIME_SCRIPT)
}
