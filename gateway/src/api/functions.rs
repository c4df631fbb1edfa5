//! `/api/v1/-/{project}/functions`: python functions, versioned by name.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::Extension;
use axum::Json;
use serde_json::{json, Value};

use digitalhub_tasks::keys::{EntityKey, FunctionRef};
use digitalhub_tasks::kind::FunctionKind;

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

/// Formats the store key of a function version.
///
/// # Errors
/// 400 when a part cannot be written into a key, such as a name with `:`.
pub fn function_key(project: &str, kind: &str, name: &str, id: &str) -> Result<String, ApiError> {
    EntityKey::function(project, kind, name, id)
        .map(|key| key.to_string())
        .map_err(|error| ApiError::bad_request(error.to_string()))
}

/// Formats the function string `<runtime>://<project>/<name>:<id>` that tasks and runs of a
/// stored function version carry.
fn function_string(project: &str, function: &Value) -> Result<String, ApiError> {
    FunctionRef::new(
        entity::text_at(function, "/kind"),
        project,
        entity::text_at(function, "/name"),
        entity::text_at(function, "/id"),
    )
    .map(|reference| reference.to_string())
    .map_err(|error| ApiError::internal(format!("stored function is invalid: {error}")))
}

/// Reads a function of the project.
///
/// # Errors
/// 404 `No such function.` when it does not exist or belongs to another project.
pub fn load(gateway: &Gateway, project: &str, id: &str) -> Result<Value, ApiError> {
    match gateway.store.get(Collection::Function, id)? {
        Some(function) if entity::text_at(&function, "/project") == project => Ok(function),
        _ => Err(ApiError::no_such("function")),
    }
}

fn parse_kind(kind: &str) -> Result<FunctionKind, ApiError> {
    FunctionKind::parse(kind).map_err(|_| ApiError::bad_request("invalid kind"))
}

/// Validates and normalises a function spec.
fn checked_spec(gateway: &Gateway, kind: FunctionKind, spec: &Value) -> Result<Value, ApiError> {
    check_spec(SpecKind::Function(kind), spec, gateway.level)?;
    Ok(spec_fields::strip_unknown_fields(
        spec,
        &spec_fields::function_schema(gateway.level),
    ))
}

/// `POST /api/v1/-/{project}/functions`.
pub async fn create(
    State(gateway): State<SharedGateway>,
    Extension(User(user)): Extension<User>,
    Path(project): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    require_project(&gateway, &project)?;

    let name = entity::optional_string(&body, "function", "name")?
        .ok_or_else(|| entity::field_error("function", "name", "null", "must not be null"))?;
    entity::check_slug("function", "name", Some(name))?;
    let kind_text = entity::optional_string(&body, "function", "kind")?
        .ok_or_else(|| entity::field_error("function", "kind", "null", "must not be null"))?;
    let kind = parse_kind(kind_text)?;
    let client_id = entity::optional_string(&body, "function", "id")?;
    entity::check_slug("function", "id", client_id)?;
    let id = client_id.map_or_else(entity::new_id, str::to_string);

    let spec = checked_spec(&gateway, kind, &entity::spec_of(&body)?)?;
    let mut metadata = entity::new_metadata(body.get("metadata"), &project, name, &user);
    if metadata.get("version").and_then(Value::as_str).is_none() {
        metadata["version"] = json!(id);
    }
    if metadata.get("embedded").is_none() {
        metadata["embedded"] = json!(false);
    }

    let function = json!({
        "id": id,
        "name": name,
        "kind": kind.as_str(),
        "project": project,
        "user": user,
        "key": function_key(&project, kind.as_str(), name, &id)?,
        "metadata": metadata,
        "spec": spec,
        "status": { "state": "CREATED" },
    });
    if !gateway
        .store
        .insert(Collection::Function, &id, &project, &function)?
    {
        return Err(ApiError::bad_request(format!(
            "Duplicated entity function:{id}."
        )));
    }
    tracing::info!(project = %project, function = %id, name, "function created");
    Ok(Json(function))
}

/// Keeps the newest version of each function name.
fn latest_versions(functions: Vec<Value>) -> Vec<Value> {
    let mut newest: HashMap<String, Value> = HashMap::new();
    for function in functions {
        let name = entity::text_at(&function, "/name").to_string();
        let created = entity::text_at(&function, "/metadata/created").to_string();
        let replace = newest
            .get(&name)
            .is_none_or(|kept| entity::text_at(kept, "/metadata/created") < created.as_str());
        if replace {
            newest.insert(name, function);
        }
    }
    newest.into_values().collect()
}

/// `GET /api/v1/-/{project}/functions`: filters `name`, `kind`, `user`, `state`, `q`,
/// `created`, `updated`; `versions=all` lists every version, otherwise the latest only.
pub async fn list(
    State(gateway): State<SharedGateway>,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    let mut functions = gateway.store.list(Collection::Function, Some(&project))?;
    if query.get("versions") != Some("all") {
        functions = latest_versions(functions);
    }
    for (parameter, pointer) in [
        ("name", "/name"),
        ("kind", "/kind"),
        ("user", "/user"),
        ("state", "/status/state"),
    ] {
        if let Some(expected) = query.get(parameter) {
            functions.retain(|function| entity::text_at(function, pointer) == expected);
        }
    }
    if let Some(text) = query.get("q") {
        functions.retain(|function| entity::text_at(function, "/name").contains(text));
    }
    let functions = page::filter_dates(functions, &query)?;
    Ok(Json(page::into_page(functions, &query, "FunctionEntity")?))
}

/// `GET /api/v1/-/{project}/functions/{id}`.
pub async fn get(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(load(&gateway, &project, &id)?))
}

/// `PUT /api/v1/-/{project}/functions/{id}`: replaces the spec and merges the metadata;
/// name and kind stay.
pub async fn update(
    State(gateway): State<SharedGateway>,
    Extension(User(user)): Extension<User>,
    Path((project, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let current = load(&gateway, &project, &id)?;
    let kind = parse_kind(entity::text_at(&current, "/kind"))?;
    let spec = match body.get("spec") {
        Some(_) => Some(checked_spec(&gateway, kind, &entity::spec_of(&body)?)?),
        None => None,
    };

    let updated = gateway
        .store
        .update(Collection::Function, &id, |function| {
            function["metadata"] =
                entity::updated_metadata(&function["metadata"], body.get("metadata"), &user);
            if let Some(spec) = spec {
                function["spec"] = spec;
            }
            Ok::<(), ApiError>(())
        })?;
    updated
        .map(Json)
        .ok_or_else(|| ApiError::no_such("function"))
}

/// Collects the tasks and runs that belong to a function version, for cascading deletes.
fn dependents(
    gateway: &Gateway,
    project: &str,
    function: &Value,
) -> Result<Vec<(Collection, String)>, ApiError> {
    let reference = function_string(project, function)?;
    let mut entries = Vec::new();
    for collection in [Collection::Task, Collection::Run] {
        for item in gateway.store.list(collection, Some(project))? {
            if entity::text_at(&item, "/spec/function") == reference {
                let item_id = entity::text_at(&item, "/id").to_string();
                if collection == Collection::Run {
                    gateway.supervisor.signal(&item_id, Signal::Delete);
                }
                entries.push((collection, item_id));
            }
        }
    }
    Ok(entries)
}

/// `DELETE /api/v1/-/{project}/functions/{id}`; with `cascade=true` its tasks and runs go
/// too.
pub async fn delete(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<(), ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    let function = load(&gateway, &project, &id)?;
    let mut entries = vec![(Collection::Function, id.clone())];
    if query.flag("cascade") == Some(true) {
        entries.extend(dependents(&gateway, &project, &function)?);
    }
    gateway.store.delete_many(&entries)?;
    runtime::remove_files_of_deleted(&gateway, &entries);
    tracing::info!(project = %project, function = %id, entities = entries.len(), "function deleted");
    Ok(())
}

/// `DELETE /api/v1/-/{project}/functions?name=X`: deletes every version of a function.
pub async fn delete_by_name(
    State(gateway): State<SharedGateway>,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<(), ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    let name = query
        .get("name")
        .ok_or_else(|| ApiError::bad_request("Required request parameter 'name' is not present"))?;
    let entries: Vec<(Collection, String)> = gateway
        .store
        .list(Collection::Function, Some(&project))?
        .iter()
        .filter(|function| entity::text_at(function, "/name") == name)
        .map(|function| {
            (
                Collection::Function,
                entity::text_at(function, "/id").to_string(),
            )
        })
        .collect();
    gateway.store.delete_many(&entries)?;
    runtime::remove_files_of_deleted(&gateway, &entries);
    tracing::info!(project = %project, name, versions = entries.len(), "function versions deleted");
    Ok(())
}

/// `GET /api/v1/-/{project}/functions/{id}/tasks`: the tasks of this function version.
pub async fn tasks(
    State(gateway): State<SharedGateway>,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let function = load(&gateway, &project, &id)?;
    let reference = function_string(&project, &function)?;
    let tasks: Vec<Value> = gateway
        .store
        .list(Collection::Task, Some(&project))?
        .into_iter()
        .filter(|task| entity::text_at(task, "/spec/function") == reference)
        .collect();
    Ok(Json(Value::Array(tasks)))
}
