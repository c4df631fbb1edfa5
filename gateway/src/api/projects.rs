//! `/api/v1/projects`: create, list, read, update and delete projects.

use axum::extract::{Path, RawQuery, State};
use axum::Extension;
use axum::Json;
use serde_json::{json, Value};

use super::body::JsonBody;
use crate::auth::User;
use crate::entity;
use crate::error::ApiError;
use crate::page;
use crate::query::QueryParams;
use crate::runtime::{self, Signal};
use crate::state::{Gateway, SharedGateway};
use crate::store::Collection;

/// Maximum project name length Core accepts.
const MAX_NAME_LENGTH: usize = 38;

/// True for Core's project name rule: `^[a-z0-9-]+$`, 2 to 38 characters.
fn is_project_name(text: &str) -> bool {
    (2..=MAX_NAME_LENGTH).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Answers 400 `invalid or missing project` unless the project exists, as Core does before
/// creating anything inside a project.
///
/// # Errors
/// 400 for an unknown project.
pub fn require_project(gateway: &Gateway, project: &str) -> Result<(), ApiError> {
    match gateway.store.get(Collection::Project, project)? {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_request("invalid or missing project")),
    }
}

fn check_name(field: &str, value: &str) -> Result<(), ApiError> {
    if is_project_name(value) {
        return Ok(());
    }
    Err(entity::field_error(
        "project",
        field,
        value,
        "must match \"^[a-z0-9-]+$\" and have 2 to 38 characters",
    ))
}

/// `POST /api/v1/projects`.
pub async fn create(
    State(gateway): State<SharedGateway>,
    Extension(User(user)): Extension<User>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let name = entity::optional_string(&body, "project", "name")?
        .ok_or_else(|| entity::field_error("project", "name", "null", "must not be null"))?;
    check_name("name", name)?;
    let kind = entity::optional_string(&body, "project", "kind")?
        .ok_or_else(|| entity::field_error("project", "kind", "null", "must not be null"))?;
    entity::check_slug("project", "kind", Some(kind))?;
    let id = entity::optional_string(&body, "project", "id")?.unwrap_or(name);
    check_name("id", id)?;
    let spec = entity::spec_of(&body)?;

    let project = json!({
        "id": id,
        "name": name,
        "kind": kind,
        "project": name,
        "user": user,
        "key": format!("store://{name}"),
        "metadata": entity::new_metadata(body.get("metadata"), name, name, &user),
        "spec": spec,
        "status": { "state": "CREATED" },
    });
    if !gateway
        .store
        .insert(Collection::Project, id, id, &project)?
    {
        return Err(ApiError::bad_request(format!(
            "Duplicated entity project:{id}."
        )));
    }
    tracing::info!(project = id, "project created");
    Ok(Json(project))
}

/// `GET /api/v1/projects`.
pub async fn list(
    State(gateway): State<SharedGateway>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    let mut projects = gateway.store.list(Collection::Project, None)?;
    if let Some(name) = query.get("name") {
        projects.retain(|project| entity::text_at(project, "/name") == name);
    }
    let projects = page::filter_dates(projects, &query)?;
    Ok(Json(page::into_page(projects, &query, "ProjectEntity")?))
}

/// `GET /api/v1/projects/{id}`.
pub async fn get(
    State(gateway): State<SharedGateway>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    gateway
        .store
        .get(Collection::Project, &id)?
        .map(Json)
        .ok_or_else(|| ApiError::no_such("project"))
}

/// `PUT /api/v1/projects/{id}`: replaces the spec and merges the metadata.
pub async fn update(
    State(gateway): State<SharedGateway>,
    Extension(User(user)): Extension<User>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let spec = entity::spec_of(&body)?;
    let updated = gateway.store.update(Collection::Project, &id, |project| {
        project["metadata"] =
            entity::updated_metadata(&project["metadata"], body.get("metadata"), &user);
        if body.get("spec").is_some() {
            project["spec"] = spec;
        }
        Ok::<(), ApiError>(())
    })?;
    updated
        .map(Json)
        .ok_or_else(|| ApiError::no_such("project"))
}

/// `DELETE /api/v1/projects/{id}`: removes the project with every function, task and run in
/// it, killing the run processes.
pub async fn delete(
    State(gateway): State<SharedGateway>,
    Path(id): Path<String>,
) -> Result<(), ApiError> {
    if gateway.store.get(Collection::Project, &id)?.is_none() {
        return Err(ApiError::no_such("project"));
    }

    let mut entries = vec![(Collection::Project, id.clone())];
    for collection in [Collection::Function, Collection::Task, Collection::Run] {
        for item in gateway.store.list(collection, Some(&id))? {
            let item_id = entity::text_at(&item, "/id").to_string();
            if collection == Collection::Run {
                gateway.supervisor.signal(&item_id, Signal::Delete);
            }
            entries.push((collection, item_id));
        }
    }
    gateway.store.delete_many(&entries)?;
    runtime::remove_files_of_deleted(&gateway, &entries);
    tracing::info!(project = %id, entities = entries.len(), "project deleted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_project_name;

    #[test]
    fn project_names() {
        assert!(is_project_name("demo-1"));
        assert!(!is_project_name("d"));
        assert!(!is_project_name("Demo"));
        assert!(!is_project_name(&"a".repeat(39)));
    }
}
