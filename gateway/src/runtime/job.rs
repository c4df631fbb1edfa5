//! Job runs: the handler is called once with the run's parameters as keyword arguments.

use serde_json::{json, Value};

use super::process::{self, Exit};
use super::{source, venv, Ending, RunContext, RunFailure, Signal};
use crate::run_state::RunState;

/// Runs the job to its end: PENDING while the environment is prepared, RUNNING while the
/// process lives, then COMPLETED with `status.results`, or ERROR with the exception.
///
/// # Errors
/// [`RunFailure`] with the reason the run failed.
pub async fn execute(context: &mut RunContext) -> Result<Ending, RunFailure> {
    context.report(RunState::Pending, Some("preparing the python environment"));
    let prepared = source::prepare(context)?;
    source::check_handler(&prepared)?;
    let python = venv::interpreter(context).await?;
    if context.pending_signal() == Some(Signal::Delete) {
        return Ok(Ending::Deleted);
    }

    let result_path = context.run_dir().join("result.json");
    let _ = std::fs::remove_file(&result_path);
    let mut child = process::spawn(
        context,
        &python,
        &prepared,
        "job",
        json!({ "result_path": result_path }),
        None,
    )?;
    let pid = child.id().map_or("?".to_string(), |pid| pid.to_string());
    context.report(RunState::Running, Some(&format!("process {pid} started")));

    let code = match process::wait(context, &mut child).await? {
        Exit::Signalled(Signal::Stop) => return Ok(Ending::Stopped),
        Exit::Signalled(Signal::Delete) => return Ok(Ending::Deleted),
        Exit::Exited(code) => code,
    };
    context.drain_output().await;

    let outcome: Option<Value> = std::fs::read_to_string(&result_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let Some(outcome) = outcome else {
        let code = code.map_or("a signal".to_string(), |code| code.to_string());
        return Err(RunFailure(format!(
            "the process exited with code {code} before writing its result"
        )));
    };

    if outcome.get("ok") == Some(&Value::Bool(true)) {
        let results = outcome.get("results").cloned().unwrap_or(json!({}));
        context.log("job completed");
        context.report_with(RunState::Completed, None, |run| {
            run["status"]["results"] = results;
        });
        Ok(Ending::Finished)
    } else {
        let message = outcome
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("the handler failed")
            .to_string();
        Err(RunFailure(message))
    }
}
