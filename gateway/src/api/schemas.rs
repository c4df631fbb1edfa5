//! `/api/v1/schemas/{entity}[/{kind}]`: the JSON Schemas of python function, task and run
//! specs at the gateway's API level.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::schema;

use crate::error::ApiError;
use crate::page;
use crate::query::QueryParams;
use crate::state::SharedGateway;

/// Entity names Core accepts here but has no python spec schemas for, so their lists are empty.
const OTHER_ENTITIES: [&str; 9] = [
    "project", "secret", "artifact", "dataitem", "model", "workflow", "trigger", "log", "template",
];

/// Collects the spec schemas of one entity at `level`, as (kind, schema) pairs.
///
/// The run schemas list the task and function fields that BUILD merges into a run, while
/// Core's published run schemas list only the run's own fields.
fn schemas_of(entity: &str, level: ApiLevel) -> Option<Vec<(String, Value)>> {
    match entity {
        "function" => {
            let kind = FunctionKind::Python;
            Some(vec![(
                kind.as_str().to_string(),
                schema::function_schema(kind, level),
            )])
        }
        "task" => Some(
            TaskKind::ALL
                .into_iter()
                .map(|kind| (kind.as_str().to_string(), schema::task_schema(kind, level)))
                .collect(),
        ),
        "run" => {
            let kinds: Vec<RunKind> = match level {
                ApiLevel::V13 => vec![RunKind::Legacy],
                ApiLevel::V14 | ApiLevel::V15 => {
                    Action::ALL.into_iter().map(RunKind::Action).collect()
                }
            };
            Some(
                kinds
                    .into_iter()
                    .map(|kind| (kind.as_str().to_string(), schema::run_schema(kind, level)))
                    .collect(),
            )
        }
        other if OTHER_ENTITIES.contains(&other) => Some(Vec::new()),
        _ => None,
    }
}

fn schema_object(entity: &str, kind: &str, schema: Value) -> Value {
    json!({
        "id": format!("{entity}:{kind}"),
        "kind": kind,
        "runtime": "python",
        "entity": entity,
        "schema": schema,
        "uiSchema": null,
    })
}

/// `GET /api/v1/schemas/{entity}`; `runtime` other than `python` lists nothing.
pub async fn list(
    State(gateway): State<SharedGateway>,
    Path(entity): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = QueryParams::parse(raw.as_deref())?;
    let Some(schemas) = schemas_of(&entity, gateway.level) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let python = query
        .get("runtime")
        .is_none_or(|runtime| runtime == "python");
    let items: Vec<Value> = if python {
        schemas
            .into_iter()
            .map(|(kind, schema)| schema_object(&entity, &kind, schema))
            .collect()
    } else {
        Vec::new()
    };
    let page = page::into_page(items, &QueryParams::default(), "Schema")?;
    Ok(Json(page).into_response())
}

/// `GET /api/v1/schemas/{entity}/{kind}`.
pub async fn get(
    State(gateway): State<SharedGateway>,
    Path((entity, kind)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let Some(schemas) = schemas_of(&entity, gateway.level) else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    let found = schemas
        .into_iter()
        .find(|(candidate, _)| *candidate == kind);
    match found {
        Some((kind, schema)) => Ok(Json(schema_object(&entity, &kind, schema)).into_response()),
        None => Err(ApiError::no_such("schema")),
    }
}

/// `GET /api/v1/-/{project}/schemas/{entity}`.
pub async fn list_in_project(
    state: State<SharedGateway>,
    Path((_project, entity)): Path<(String, String)>,
    raw: RawQuery,
) -> Result<Response, ApiError> {
    list(state, Path(entity), raw).await
}

/// `GET /api/v1/-/{project}/schemas/{entity}/{kind}`.
pub async fn get_in_project(
    state: State<SharedGateway>,
    Path((_project, entity, kind)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    get(state, Path((entity, kind))).await
}
