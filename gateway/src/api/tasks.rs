//! `/api/v1/-/{project}/tasks`: python job, serve and build tasks.

use axum::extract::{Path, RawQuery, State};
use axum::Extension;
use axum::Json;
use serde_json::{json, Value};

use digitalhub_tasks::keys::{EntityKey, FunctionRef, TaskRef};
use digitalhub_tasks::kind::TaskKind;

use super::body::JsonBody;
use super::projects::require_project;
use crate::auth::User;
use crate::entity;
use crate::error::ApiError;
use crate::page;
use crate::query::QueryParams;
use crate::runtime::{self, Signal};
use crate::spec_check::{check_spec, SpecKind};
use crate::spec_fields;
use crate::state::{Gateway, SharedGateway};
use crate::store::Collection;

/// Reads a task of the project.
///
/// # Errors
/// 404 `No such task.` when it does not exist or belongs to another project.
pub fn load(gateway: &Gateway, project: &str, id: &str) -> Result<Value, ApiError> {
    match gateway.store.get(Collection::Task, id)? {
        Some(task) if entity::text_at(&task, "/project") == project => Ok(task),
        _ => Err(ApiError::no_such("task")),
    }
}

fn parse_kind(kind: &str) -> Result<TaskKind, ApiError> {
    TaskKind::parse(kind).map_err(|_| ApiError::bad_request("invalid kind"))
}

/// Runs Core's task checks in Core's order: bean validation, the function string, the
/// project in it, and the function's existence. Returns the normalised spec.
fn checked_spec(
    gateway: &Gateway,
    project: &str,
    kind: TaskKind,
    spec: &Value,
) -> Result<Value, ApiError> {
    check_spec(SpecKind::Task(kind), spec, gateway.level)?;

    let function_text = spec
        .get("function")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let function = FunctionRef::parse(function_text)
        .map_err(|_| ApiError::bad_request("spec: missing project"))?;
    if function.project() != project {
        return Err(ApiError::bad_request("project mismatch"));
    }
    match gateway.store.get(Collection::Function, function.id())? {
        Some(stored) if entity::text_at(&stored, "/project") == project => {}
        _ => return Err(ApiError::bad_request("invalid executable entity")),
    }

    let schema = spec_fields::task_schema(kind, gateway.level);
    Ok(spec_fields::strip_unknown_fields(spec, &schema))
}

/// `POST /api/v1/-/{project}/tasks`.
pub async fn create(
    State(gateway): State<SharedGateway>,
    Extension(User(user)): Extension<User>,
    Path(project): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    require_project(&gateway, &project)?;
    let kind_text = entity::optional_string(&body, "task", "kind")?
        .ok_or_else(|| entity::field_error("task", "kind", "null", "must not be null"))?;
    let kind = parse_kind(kind_text)?;
    let client_id = entity::optional_string(&body, "task", "id")?;
    entity::check_slug("task", "id", client_id)?;
    let id = client_id.map_or_else(entity::new_id, str::to_string);

    let spec = checked_spec(&gateway, &project, kind, &entity::spec_of(&body)?)?;
    let task = json!({
        "id": id,
        "name": id,
        "kind": kind.as_str(),
        "project": project,
        "user": user,
        "key": EntityKey::task(&project, kind, &id)
            .map_err(|error| ApiError::bad_request(error.to_string()))?
            .to_string(),
        "metadata": entity::new_metadata(body.get("metadata"), &project, &id, &user),
        "spec": spec,
    });
    if !gateway
        .store
        .insert(Collection::Task, &id, &project, &task)?
    {
        return Err(ApiError::bad_request(format!(
            "Duplicated entity task:{id}."
        )));
    }
    tracing::info!(project = %project, task = %id, kind = kind.as_str(), "task created");
    Ok(Json(task))
}

/// `GET /api/v1/-/{project}/tasks`: filters `function` (exact function string), `kind`,
/// `user`, `created`, `updated`.
pub async fn list(
    State(gateway): State<SharedGateway>,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    let mut tasks = gateway.store.list(Collection::Task, Some(&project))?;
    for (parameter, pointer) in [
        ("function", "/spec/function"),
        ("kind", "/kind"),
        ("user", "/user"),
        ("name", "/name"),
    ] {
        if let Some(expected) = query.get(parameter) {
            tasks.retain(|task| entity::text_at(task, pointer) == expected);
        }
    }
    let tasks = page::filter_dates(tasks, &query)?;
    Ok(Json(page::into_page(tasks, &query, "TaskEntity")?))
}

/// `GET /api/v1/-/{project}/tasks/{id}`.
pub async fn get(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(load(&gateway, &project, &id)?))
}

/// `PUT /api/v1/-/{project}/tasks/{id}`: replaces the spec, but `spec.function` always
/// keeps its current value, as in Core.
pub async fn update(
    State(gateway): State<SharedGateway>,
    Extension(User(user)): Extension<User>,
    Path((project, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let current = load(&gateway, &project, &id)?;
    let kind = parse_kind(entity::text_at(&current, "/kind"))?;
    let spec = match body.get("spec") {
        Some(_) => {
            let mut spec = entity::spec_of(&body)?;
            spec["function"] = current["spec"]["function"].clone();
            Some(checked_spec(&gateway, &project, kind, &spec)?)
        }
        None => None,
    };

    let updated = gateway.store.update(Collection::Task, &id, |task| {
        task["metadata"] = entity::updated_metadata(&task["metadata"], body.get("metadata"), &user);
        if let Some(spec) = spec {
            task["spec"] = spec;
        }
        Ok::<(), ApiError>(())
    })?;
    updated.map(Json).ok_or_else(|| ApiError::no_such("task"))
}

/// True when the run's task string points at this task.
fn is_run_of(run: &Value, task_id: &str) -> bool {
    TaskRef::parse(entity::text_at(run, "/spec/task")).is_ok_and(|task| task.task_id() == task_id)
}

/// `DELETE /api/v1/-/{project}/tasks/{id}`; unless `cascade=false`, the task's runs go too
/// and their processes are killed.
pub async fn delete(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<(), ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    load(&gateway, &project, &id)?;
    let mut entries = vec![(Collection::Task, id.clone())];
    if query.flag("cascade") != Some(false) {
        for run in gateway.store.list(Collection::Run, Some(&project))? {
            if is_run_of(&run, &id) {
                let run_id = entity::text_at(&run, "/id").to_string();
                gateway.supervisor.signal(&run_id, Signal::Delete);
                entries.push((Collection::Run, run_id));
            }
        }
    }
    gateway.store.delete_many(&entries)?;
    runtime::remove_files_of_deleted(&gateway, &entries);
    tracing::info!(project = %project, task = %id, entities = entries.len(), "task deleted");
    Ok(())
}

/// `GET /api/v1/-/{project}/tasks/{id}/runs`: the runs of this task.
pub async fn runs(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    load(&gateway, &project, &id)?;
    let runs: Vec<Value> = gateway
        .store
        .list(Collection::Run, Some(&project))?
        .into_iter()
        .filter(|run| is_run_of(run, &id))
        .collect();
    Ok(Json(Value::Array(runs)))
}
