//! `GET /.well-known/configuration` and `GET /api/auth`.

use axum::extract::State;
use axum::Extension;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::auth::User;
use crate::state::SharedGateway;

/// Client discovery document: a flat map sorted by key, as Core publishes it.
pub async fn well_known(State(gateway): State<SharedGateway>) -> Json<Value> {
    let mut document = Map::new();
    document.insert(
        "dhcore_api_level".to_string(),
        json!(gateway.level.number()),
    );
    document.insert("dhcore_api_version".to_string(), json!("v1"));
    document.insert("dhcore_endpoint".to_string(), json!(gateway.endpoint));
    document.insert("dhcore_name".to_string(), json!("digitalhub-gateway"));
    document.insert("dhcore_version".to_string(), json!(gateway.core_version()));
    document.insert("k8s_resource_profiles".to_string(), json!([]));

    let credentials = &gateway.credentials;
    let mut methods = Vec::new();
    if credentials.basic.is_some() {
        methods.push("basic");
        document.insert("dhcore_realm".to_string(), json!("digitalhub-gateway"));
    }
    if !credentials.tokens.is_empty() {
        methods.push("jwt");
    }
    if !methods.is_empty() {
        document.insert("dhcore_authentication_methods".to_string(), json!(methods));
    }
    Json(Value::Object(document))
}

/// Returns the user name and its authorities, the credential probe of the console and SDK.
pub async fn auth_check(Extension(User(user)): Extension<User>) -> Json<Value> {
    Json(json!({
        "username": user,
        "permissions": ["ROLE_USER", "ROLE_ADMIN"],
    }))
}
