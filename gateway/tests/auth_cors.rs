//! Credentials and CORS, checked as Core's security configuration handles them.

mod common;

use digitalhub_gateway::{Config, Credentials};
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn secured() -> common::TestGateway {
    let mut config = Config::local();
    config.credentials = Credentials {
        tokens: vec!["secret-token".to_string()],
        basic: Some(("admin".to_string(), "pw".to_string())),
    };
    config.cors_origins = vec!["http://localhost:*".to_string()];
    common::start_with(config).await
}

/// Sends `GET /api/v1/projects` with a raw `Authorization` value and returns the status.
async fn status_with_authorization(gateway: &common::TestGateway, value: &str) -> StatusCode {
    gateway
        .client
        .get(gateway.url("/api/v1/projects"))
        .header("Authorization", value)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn authorization_scheme_ignores_case() {
    let gateway = secured().await;
    let cases = [
        ("bearer secret-token", StatusCode::OK),
        ("BEARER secret-token", StatusCode::OK),
        ("basic YWRtaW46cHc=", StatusCode::OK),
        ("Bearer ", StatusCode::UNAUTHORIZED),
        ("Bearer", StatusCode::UNAUTHORIZED),
        ("bearer wrong", StatusCode::UNAUTHORIZED),
        ("Basic ", StatusCode::UNAUTHORIZED),
        ("Token secret-token", StatusCode::FORBIDDEN),
    ];
    for (value, expected) in cases {
        let status = status_with_authorization(&gateway, value).await;
        assert_eq!(status, expected, "Authorization: {value}");
    }
}

#[tokio::test]
async fn basic_password_may_contain_colons() {
    let mut config = Config::local();
    config.credentials = Credentials {
        tokens: Vec::new(),
        basic: Some(("admin".to_string(), "p:w:d".to_string())),
    };
    let gateway = common::start_with(config).await;
    let response = gateway
        .client
        .get(gateway.url("/api/auth"))
        .basic_auth("admin", Some("p:w:d"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let wrong = gateway
        .client
        .get(gateway.url("/api/auth"))
        .basic_auth("admin", Some("p:w"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn missing_credentials_are_403() {
    let gateway = secured().await;
    let response = gateway.send(Method::GET, "/api/v1/projects", None).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["X-Api-Level"], "15");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 403);
    assert_eq!(body["path"], "/api/v1/projects");
}

#[tokio::test]
async fn invalid_token_is_401() {
    let gateway = secured().await;
    let response = gateway
        .client
        .get(gateway.url("/api/v1/projects"))
        .bearer_auth("wrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenge = response.headers()["WWW-Authenticate"].to_str().unwrap();
    assert!(
        challenge.starts_with("Bearer error=\"invalid_token\""),
        "{challenge}"
    );
    assert!(!challenge.contains("secret-token"));
}

#[tokio::test]
async fn valid_credentials_pass() {
    let gateway = secured().await;
    let response = gateway
        .client
        .get(gateway.url("/api/v1/projects"))
        .bearer_auth("secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let response = gateway
        .client
        .get(gateway.url("/api/auth"))
        .basic_auth("admin", Some("pw"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["username"], "admin");

    let response = gateway
        .client
        .get(gateway.url("/api/v1/projects"))
        .basic_auth("admin", Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn well_known_is_open_with_cors() {
    let gateway = secured().await;
    let response = gateway
        .client
        .get(gateway.url("/.well-known/configuration"))
        .header("Origin", "http://anywhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["Access-Control-Allow-Origin"], "*");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["dhcore_api_level"], 15);
    assert_eq!(body["dhcore_version"], "0.15.0");
    assert_eq!(body["dhcore_api_version"], "v1");
    assert_eq!(body["dhcore_endpoint"], gateway.base);
    assert_eq!(
        body["dhcore_authentication_methods"],
        serde_json::json!(["basic", "jwt"])
    );
    assert!(body["k8s_resource_profiles"].is_array());
}

#[tokio::test]
async fn preflight_for_allowed_origin() {
    let gateway = secured().await;
    let response = gateway
        .client
        .request(Method::OPTIONS, gateway.url("/api/v1/-/demo/runs"))
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers["Access-Control-Allow-Origin"],
        "http://localhost:5173"
    );
    assert_eq!(
        headers["Access-Control-Allow-Methods"],
        "GET,POST,PUT,DELETE,PATCH"
    );
    assert_eq!(
        headers["Access-Control-Allow-Headers"],
        "authorization, content-type"
    );
}

#[tokio::test]
async fn preflight_for_other_origin_rejected() {
    let gateway = secured().await;
    let response = gateway
        .client
        .request(Method::OPTIONS, gateway.url("/api/v1/projects"))
        .header("Origin", "http://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .headers()
        .get("Access-Control-Allow-Origin")
        .is_none());
}

#[tokio::test]
async fn cross_origin_response_exposes_headers() {
    let gateway = secured().await;
    let response = gateway
        .client
        .get(gateway.url("/api/v1/projects"))
        .header("Origin", "http://localhost:3000")
        .bearer_auth("secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["Access-Control-Allow-Origin"],
        "http://localhost:3000"
    );
    assert_eq!(
        response.headers()["Access-Control-Expose-Headers"],
        "authorization, range"
    );
}

#[tokio::test]
async fn open_mode_without_cors_origins() {
    let gateway = common::start().await;
    let response = gateway
        .client
        .get(gateway.url("/api/v1/projects"))
        .header("Origin", "http://localhost:3000")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .headers()
        .get("Access-Control-Allow-Origin")
        .is_none());
    let configuration: Value = gateway
        .client
        .get(gateway.url("/.well-known/configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(configuration.get("dhcore_authentication_methods").is_none());
}
