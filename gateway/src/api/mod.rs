//! HTTP routes of the Core REST API subset the gateway serves.

mod body;
mod configuration;
mod functions;
mod projects;
mod proxy;
mod run_actions;
mod runs;
mod schemas;
mod tasks;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{Any, CorsLayer};

use crate::api_headers::add_api_headers;
use crate::auth::authenticate;
use crate::cors::{apply_cors, CorsPolicy};
use crate::state::SharedGateway;
use crate::timestamp;

/// Largest request body the API reads, in bytes. Core sets no limit on JSON bodies, and
/// axum's default of 2 MB rejected functions with a few megabytes of base64 source.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Spring Boot's JSON for a route that does not exist.
async fn not_found(request: Request) -> Response {
    let body = json!({
        "timestamp": timestamp::now(),
        "status": 404,
        "error": "Not Found",
        "path": request.uri().path(),
    });
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// Builds the `/api` routes with authentication, CORS and the version headers.
fn api_routes(gateway: SharedGateway, cors: Arc<CorsPolicy>) -> Router {
    let project_routes = Router::new()
        .route(
            "/functions",
            get(functions::list)
                .post(functions::create)
                .delete(functions::delete_by_name),
        )
        .route(
            "/functions/{id}",
            get(functions::get)
                .put(functions::update)
                .delete(functions::delete),
        )
        .route("/functions/{id}/tasks", get(functions::tasks))
        .route("/tasks", get(tasks::list).post(tasks::create))
        .route(
            "/tasks/{id}",
            get(tasks::get).put(tasks::update).delete(tasks::delete),
        )
        .route("/tasks/{id}/runs", get(tasks::runs))
        .route("/runs", get(runs::list).post(runs::create))
        .route(
            "/runs/{id}",
            get(runs::get).put(runs::update).delete(runs::delete),
        )
        .route("/runs/{id}/logs", get(run_actions::logs))
        .route("/runs/{id}/proxy", any(proxy::proxy))
        .route("/runs/{id}/{action}", post(run_actions::action))
        .route("/schemas/{entity}", get(schemas::list_in_project))
        .route("/schemas/{entity}/{kind}", get(schemas::get_in_project));

    Router::new()
        .route(
            "/api/v1/projects",
            get(projects::list).post(projects::create),
        )
        .route(
            "/api/v1/projects/{id}",
            get(projects::get)
                .put(projects::update)
                .delete(projects::delete),
        )
        .route("/api/v1/runs", get(runs::list_all))
        .route("/api/v1/runs/{id}", get(runs::get_any))
        .route("/api/v1/runs/{id}/{action}", post(run_actions::action_any))
        .route("/api/v1/schemas/{entity}", get(schemas::list))
        .route("/api/v1/schemas/{entity}/{kind}", get(schemas::get))
        .route(
            "/api/auth",
            get(configuration::auth_check).post(configuration::auth_check),
        )
        .nest("/api/v1/-/{project}", project_routes)
        .route("/api/{*rest}", any(not_found))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            gateway.clone(),
            authenticate,
        ))
        .layer(middleware::from_fn_with_state(cors, apply_cors))
        .layer(middleware::from_fn_with_state(
            gateway.clone(),
            add_api_headers,
        ))
        .with_state(gateway)
}

/// Builds every route: the API, the discovery document, and static files when configured.
pub fn router(
    gateway: SharedGateway,
    cors_origins: Vec<String>,
    www: Option<std::path::PathBuf>,
) -> Router {
    let well_known_cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET])
        .allow_headers(Any);
    let well_known = Router::new()
        .route("/.well-known/configuration", get(configuration::well_known))
        .layer(well_known_cors)
        .with_state(gateway.clone());

    let policy = Arc::new(CorsPolicy::new(cors_origins));
    let app = api_routes(gateway, policy).merge(well_known);

    match www {
        Some(dir) => {
            let files =
                tower_http::services::ServeDir::new(dir).append_index_html_on_directories(true);
            app.fallback_service(files)
        }
        None => app.fallback(not_found),
    }
}
