//! `POST /runs/{id}/{action}` and `GET /runs/{id}/logs`.

use axum::extract::{Path, State};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::body::OptionalJsonBody;
use super::runs;
use crate::entity;
use crate::error::ApiError;
use crate::run_state::{RunEvent, RunState};
use crate::runtime::Signal;
use crate::state::SharedGateway;
use crate::store::Collection;
use crate::transition;

/// Performs a lifecycle action. Core upper-cases the action and feeds it to the run's state
/// machine; the actions a client may send are build, run, stop, resume and delete.
async fn perform(
    gateway: &SharedGateway,
    run: Value,
    action: &str,
) -> Result<Json<Value>, ApiError> {
    let id = entity::text_at(&run, "/id").to_string();
    let project = entity::text_at(&run, "/project").to_string();
    let event = RunEvent::parse_action(action)
        .ok_or_else(|| ApiError::bad_request(format!("invalid action {action:?}")))?;
    let state = transition::current_state(&run)
        .ok_or_else(|| ApiError::internal("stored run has no valid state"))?;
    tracing::info!(run = %id, %event, "run action requested");

    match event {
        RunEvent::Build => {
            if state.next(RunEvent::Build).is_none() {
                return Err(ApiError::invalid_transition(state.as_str()));
            }
            Ok(Json(runs::build(gateway, &project, &run)?))
        }
        RunEvent::Run => Ok(Json(runs::launch(gateway, &run)?)),
        RunEvent::Stop => {
            let stopping = transition::fire(gateway, &id, RunEvent::Stop, None, |_| Ok(()))?;
            if !gateway.supervisor.signal(&id, Signal::Stop) {
                // No process is attached (a local run moved to RUNNING by hand), so the
                // stop completes at once.
                transition::report(gateway, &id, RunState::Stopped, None, |_| {})?;
            }
            Ok(Json(stopping))
        }
        RunEvent::Resume => {
            let resumed = transition::fire(gateway, &id, RunEvent::Resume, None, |_| Ok(()))?;
            Ok(Json(resumed))
        }
        RunEvent::Delete => Ok(Json(runs::start_delete(gateway, &id)?)),
        // NOTE: the remaining events come from the infrastructure in Core; the gateway does
        // not let clients fire them.
        other => Err(ApiError::bad_request(format!(
            "invalid action {action:?}: {other} is reported by the runtime, not requested"
        ))),
    }
}

/// `POST /api/v1/-/{project}/runs/{id}/{action}`.
pub async fn action(
    State(gateway): State<SharedGateway>,
    Path((project, id, action)): Path<(String, String, String)>,
    OptionalJsonBody(_body): OptionalJsonBody,
) -> Result<Json<Value>, ApiError> {
    let run = runs::load(&gateway, &project, &id)?;
    perform(&gateway, run, &action).await
}

/// `POST /api/v1/runs/{id}/{action}`.
pub async fn action_any(
    State(gateway): State<SharedGateway>,
    Path((id, action)): Path<(String, String)>,
    OptionalJsonBody(_body): OptionalJsonBody,
) -> Result<Json<Value>, ApiError> {
    let run = gateway
        .store
        .get(Collection::Run, &id)?
        .ok_or_else(|| ApiError::no_such("run"))?;
    perform(&gateway, run, &action).await
}

/// `GET /api/v1/-/{project}/runs/{id}/logs`: a list with one Log whose `content` is the
/// base64 of everything the run's processes wrote, and whose `spec.run` is the run id.
pub async fn logs(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let run = runs::load(&gateway, &project, &id)?;
    let Some(log) = gateway.store.run_log(&id)? else {
        return Ok(Json(json!([])));
    };

    let content = base64::engine::general_purpose::STANDARD.encode(&log.content);
    let entry = json!({
        "id": log.id,
        "name": log.id,
        "kind": "log",
        "project": log.project,
        "user": run.get("user").cloned().unwrap_or(Value::Null),
        "key": format!("store://{}/log/log/{}:{}", log.project, log.id, log.id),
        "metadata": {
            "project": log.project,
            "name": log.id,
            "created": log.created,
            "updated": log.updated,
        },
        "spec": {
            "run": log.run_id,
            "pod": format!("gateway-{}", log.run_id),
            "container": "python",
        },
        "status": {},
        "content": content,
    });
    Ok(Json(json!([entry])))
}
