//! Run state changes: the FSM check, `status.transitions` bookkeeping and logging.

use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::run_state::{RunEvent, RunState};
use crate::state::Gateway;
use crate::store::Collection;
use crate::timestamp;

/// Reads `status.state` of a stored run.
pub fn current_state(run: &Value) -> Option<RunState> {
    run.pointer("/status/state")
        .and_then(Value::as_str)
        .and_then(RunState::parse)
}

/// Writes `to` into the run's status: the state, the message, and a new first entry in
/// `status.transitions` unless the newest entry already has this state.
pub fn record_state(run: &mut Value, to: RunState, event: Option<RunEvent>, message: Option<&str>) {
    let now = timestamp::now_precise();
    if !run.get("status").is_some_and(Value::is_object) {
        run["status"] = json!({});
    }
    let status = &mut run["status"];
    status["state"] = json!(to.as_str());
    match message {
        Some(text) => status["message"] = json!(text),
        None => {
            if let Some(object) = status.as_object_mut() {
                object.remove("message");
            }
        }
    }

    let mut entry = Map::new();
    entry.insert("status".to_string(), json!(to.as_str()));
    if let Some(text) = message {
        entry.insert("message".to_string(), json!(text));
    }
    entry.insert("time".to_string(), json!(now));
    entry.insert("event".to_string(), json!(event.map(RunEvent::as_str)));

    let transitions = status
        .get("transitions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let repeated = transitions
        .first()
        .and_then(|first| first.get("status"))
        .and_then(Value::as_str)
        == Some(to.as_str());
    if !repeated {
        let mut updated = vec![Value::Object(entry)];
        updated.extend(transitions);
        status["transitions"] = Value::Array(updated);
    }

    run["metadata"]["updated"] = json!(timestamp::now());
}

/// Fires `event` on a stored run as the API does, applying `change` in the same
/// transaction.
///
/// # Errors
/// 404 when the run does not exist, 400 `Invalid transition …` when the state machine has
/// no such transition from the run's state, or the error of `change`.
pub fn fire<F>(
    gateway: &Gateway,
    run_id: &str,
    event: RunEvent,
    message: Option<&str>,
    change: F,
) -> Result<Value, ApiError>
where
    F: FnOnce(&mut Value) -> Result<(), ApiError>,
{
    let mut moved = None;
    let updated = gateway
        .store
        .update::<ApiError, _>(Collection::Run, run_id, |run| {
            let from = current_state(run)
                .ok_or_else(|| ApiError::internal("stored run has no valid state"))?;
            let to = from
                .next(event)
                .ok_or_else(|| ApiError::invalid_transition(from.as_str()))?;
            change(run)?;
            record_state(run, to, Some(event), message);
            moved = Some((from, to));
            Ok(())
        })?;

    let run = updated.ok_or_else(|| ApiError::no_such("run"))?;
    if let Some((from, to)) = moved {
        tracing::info!(run = run_id, %event, %from, %to, "run transition");
    }
    Ok(run)
}

/// Moves a stored run to `target` as the infrastructure reports it, choosing the event
/// that leads there. Returns `Ok(None)` when the run is gone or the move is not allowed
/// from its current state, which happens when a stop or delete raced the report.
///
/// # Errors
/// [`ApiError`] on a storage failure.
pub fn report<F>(
    gateway: &Gateway,
    run_id: &str,
    target: RunState,
    message: Option<&str>,
    change: F,
) -> Result<Option<Value>, ApiError>
where
    F: FnOnce(&mut Value),
{
    let mut outcome = None;
    let updated = gateway
        .store
        .update::<ApiError, _>(Collection::Run, run_id, |run| {
            let Some(from) = current_state(run) else {
                return Err(ApiError::internal("stored run has no valid state"));
            };
            let Some(event) = from.event_to(target) else {
                outcome = Some(Err(from));
                return Err(ApiError::bad_request("skipped"));
            };
            change(run);
            record_state(run, target, Some(event), message);
            outcome = Some(Ok((from, event)));
            Ok(())
        });

    match (outcome, updated) {
        (Some(Ok((from, event))), Ok(Some(run))) => {
            tracing::info!(run = run_id, %event, %from, to = %target, "run transition");
            Ok(Some(run))
        }
        (Some(Err(from)), _) => {
            tracing::debug!(run = run_id, %from, to = %target, "state report ignored");
            Ok(None)
        }
        (_, Ok(_)) => Ok(None),
        (_, Err(error)) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_newest_first() {
        let mut run = json!({"status": {"state": "CREATED"}, "metadata": {}});
        record_state(&mut run, RunState::Built, Some(RunEvent::Build), None);
        record_state(
            &mut run,
            RunState::Ready,
            Some(RunEvent::Run),
            Some("ready"),
        );
        let transitions = run["status"]["transitions"].as_array().unwrap();
        assert_eq!(transitions.len(), 2);
        assert_eq!(transitions[0]["status"], "READY");
        assert_eq!(transitions[0]["message"], "ready");
        assert_eq!(transitions[1]["status"], "BUILT");
        assert_eq!(run["status"]["state"], "READY");
        assert_eq!(run["status"]["message"], "ready");
    }

    #[test]
    fn repeated_state_is_not_listed_twice() {
        let mut run = json!({"status": {"state": "PENDING"}, "metadata": {}});
        record_state(&mut run, RunState::Pending, Some(RunEvent::Loop), None);
        record_state(&mut run, RunState::Pending, Some(RunEvent::Loop), None);
        assert_eq!(run["status"]["transitions"].as_array().unwrap().len(), 1);
    }
}
