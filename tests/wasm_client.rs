//! The JS contract of `Client` and `Run`, called through their JS methods as a user would.
//! The same file runs in Node and in headless Chromium, like `tests/wasm_validate.rs`.
//!
//! The tests after the "gateway tests" line talk to a real development gateway. Its URL and
//! token are compiled in from `DIGITALHUB_GATEWAY_URL` and `DIGITALHUB_GATEWAY_TOKEN`, which
//! `scripts/with-gateway.sh` sets after starting one. By hand, start
//! `digitalhub-gateway --listen 127.0.0.1:8787 --memory --cors-origin '*' --token T` (CORS is
//! needed because the browser tests run on another port) and build the tests with both
//! variables set. Without the URL those tests log a skip line and pass; without the token the
//! credential test is skipped the same way.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use digitalhub_tasks::wasm::client::Client;
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

const GATEWAY_URL: Option<&str> = option_env!("DIGITALHUB_GATEWAY_URL");
const GATEWAY_TOKEN: Option<&str> = option_env!("DIGITALHUB_GATEWAY_TOKEN");

/// A loopback port nothing listens on (the discard service), for network failures.
const CLOSED_ENDPOINT: &str = "http://127.0.0.1:9";

/// A served function: echoes what it received, plus the greeting its init function stored.
const SERVE_CODE: &str = r#"
def init(context, greeting="hello"):
    context.greeting = greeting


def serve(context, event):
    if event.path == "/missing":
        return 404, "no such page"
    body = event.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    return {
        "greeting": getattr(context, "greeting", None),
        "method": event.method,
        "path": event.path,
        "query": event.fields,
        "content_type": event.content_type,
        "body": body,
        "headers": {key.lower(): value for key, value in event.headers.items()},
    }
"#;

/// A job that doubles its parameter `x`, after sleeping `sleep` seconds.
const JOB_CODE: &str = r#"
import time


def main(x=1, sleep=0):
    print("doubling", x, flush=True)
    time.sleep(sleep)
    return x * 2
"#;

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON is valid")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property read")
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value).expect("property write");
    }
    object.into()
}

/// Calls `target.method(...args)` and awaits the result when it is a promise.
async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = get(target, method)
        .dyn_into()
        .unwrap_or_else(|_| panic!("{method} is not a function"));
    let returned = function.apply(target, &args.iter().collect::<Array>())?;
    match returned.dyn_into::<Promise>() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(value) => Ok(value),
    }
}

fn new_client(endpoint: &str, extra: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    let mut pairs = vec![
        ("endpoint", JsValue::from_str(endpoint)),
        ("project", JsValue::from_str("wasm-client-tests")),
    ];
    pairs.extend(extra.iter().cloned());
    Client::new(object(&pairs)).map(JsValue::from)
}

/// A client of the gateway with its token, or `None` (after a skip line) without a gateway.
fn gateway_client(test: &str) -> Option<JsValue> {
    let Some(url) = GATEWAY_URL else {
        console_log!("skipped {test}: DIGITALHUB_GATEWAY_URL was not set at build time");
        return None;
    };
    let mut extra = Vec::new();
    if let Some(token) = GATEWAY_TOKEN {
        extra.push(("token", JsValue::from_str(token)));
    }
    Some(new_client(url, &extra).expect("client options are valid"))
}

/// The run kind Core uses for `action` at the client's API level.
fn run_kind(client: &JsValue, action: &str) -> String {
    if get(client, "apiLevel").as_f64() == Some(13.0) {
        "python+run".to_string()
    } else {
        format!("python+{action}:run")
    }
}

fn error_name(error: &JsValue) -> String {
    text(error, "name")
}

fn in_browser() -> bool {
    Reflect::has(&js_sys::global(), &"document".into()).unwrap_or(false)
}

/// A name no earlier test run used, so tests can share one gateway.
fn unique(prefix: &str) -> String {
    let suffix = (js_sys::Math::random() * 1e12) as u64;
    format!("{prefix}-{suffix:x}")
}

async fn create_function(client: &JsValue, name: &str, code: &str, handler: &str) -> JsValue {
    let mut pairs = vec![
        ("name", JsValue::from_str(name)),
        ("code", JsValue::from_str(code)),
        ("handler", JsValue::from_str(handler)),
    ];
    if handler == "serve" {
        pairs.push(("initFunction", JsValue::from_str("init")));
    }
    call(client, "createFunction", &[object(&pairs)])
        .await
        .expect("createFunction succeeds")
}

#[wasm_bindgen_test]
fn constructor_rejects_bad_options() {
    let cases: Vec<(Vec<(&str, JsValue)>, &str)> = vec![
        (vec![("project", "p1".into())], "endpoint"),
        (vec![("endpoint", "http://h".into())], "project"),
        (
            vec![
                ("endpoint", "localhost:8080".into()),
                ("project", "p1".into()),
            ],
            "scheme",
        ),
        (
            vec![
                ("endpoint", "http://h".into()),
                ("project", "Bad_Project".into()),
            ],
            "Bad_Project",
        ),
        (
            vec![
                ("endpoint", "http://h".into()),
                ("project", "p1".into()),
                ("apiLevel", 12.into()),
            ],
            "apiLevel",
        ),
        (
            vec![
                ("endpoint", "http://h".into()),
                ("project", "p1".into()),
                ("token", "t".into()),
                ("tokenProvider", Function::new_no_args("return 't'").into()),
            ],
            "not both",
        ),
    ];
    for (pairs, fragment) in cases {
        let Err(error) = Client::new(object(&pairs)) else {
            panic!("options with {fragment:?} problem were accepted");
        };
        assert_eq!(error_name(&error), "TypeError", "{fragment}");
        let message = text(&error, "message");
        assert!(
            message.contains(fragment),
            "message {message:?} names {fragment:?}"
        );
    }
}

#[wasm_bindgen_test]
fn constructor_normalises_endpoint() {
    let client = new_client("http://127.0.0.1:8080//", &[("apiLevel", 14.into())]).unwrap();
    assert_eq!(text(&client, "endpoint"), "http://127.0.0.1:8080");
    assert_eq!(get(&client, "apiLevel").as_f64(), Some(14.0));
    let auto = new_client("http://127.0.0.1:8080", &[]).unwrap();
    assert!(get(&auto, "apiLevel").is_undefined(), "auto is unresolved");
}

#[wasm_bindgen_test]
async fn closed_port_is_network_error() {
    let client = new_client(CLOSED_ENDPOINT, &[]).unwrap();
    let error = call(&client, "configuration", &[])
        .await
        .expect_err("nothing listens on port 9");
    assert_eq!(error_name(&error), "NetworkError");
    assert_eq!(text(&error, "code"), "ERR_NETWORK");
    let likely_cors = get(&error, "likelyCors").as_bool();
    assert_eq!(likely_cors, Some(in_browser()));
    let message = text(&error, "message");
    assert_eq!(message.contains("CORS"), in_browser(), "{message}");
    if !in_browser() {
        // Node's fetch keeps the reason in `cause` ("bad port": fetch blocks port 9); the
        // message quotes it.
        assert!(message.contains("fetch failed: bad port"), "{message}");
    }
}

#[wasm_bindgen_test]
async fn network_errors_retried_for_get_only() {
    let client = new_client(CLOSED_ENDPOINT, &[("apiLevel", 15.into())]).unwrap();

    // A GET is sent three times, with pauses of 300 and 600 ms less 20 % jitter in between.
    let started = js_sys::Date::now();
    let error = call(&client, "listFunctions", &[])
        .await
        .expect_err("port 9 is closed");
    let get_elapsed = js_sys::Date::now() - started;
    assert_eq!(error_name(&error), "NetworkError");
    assert!(get_elapsed >= 720.0, "GET gave up after {get_elapsed} ms");

    // A POST might have reached the server, so its failure is reported at once.
    let definition = object(&[
        ("name", "f".into()),
        ("code", "def main():\n    return 1\n".into()),
        ("handler", "main".into()),
    ]);
    let started = js_sys::Date::now();
    let error = call(&client, "createFunction", &[definition])
        .await
        .expect_err("port 9 is closed");
    let post_elapsed = js_sys::Date::now() - started;
    assert_eq!(error_name(&error), "NetworkError");
    assert!(post_elapsed < 240.0, "POST was retried: {post_elapsed} ms");
}

#[wasm_bindgen_test]
async fn aborted_signal_rejects_first() {
    let client = new_client(CLOSED_ENDPOINT, &[]).unwrap();
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort_with_reason(&"stopped by test".into());
    let options = object(&[("signal", controller.signal().into())]);
    let error = call(&client, "listRuns", &[JsValue::UNDEFINED, options])
        .await
        .expect_err("an aborted signal rejects");
    assert_eq!(error_name(&error), "AbortError");
    assert_eq!(text(&error, "code"), "ERR_ABORTED");
    assert_eq!(text(&error, "reason"), "stopped by test");
}

#[wasm_bindgen_test]
async fn token_never_in_errors() {
    let secret = "tok-9f8e7d6c5b4a-secret";
    let client = new_client(CLOSED_ENDPOINT, &[("token", secret.into())]).unwrap();
    let error = call(&client, "getRun", &["r1".into()])
        .await
        .expect_err("nothing listens on port 9");
    let serialised = JSON::stringify(&error).unwrap().as_string().unwrap();
    assert!(!serialised.contains(secret), "{serialised}");
    assert!(!text(&error, "message").contains(secret));
}

#[wasm_bindgen_test]
async fn failing_token_provider_is_auth_error() {
    let provider = Function::new_no_args("return Promise.reject(new Error('vault sealed'))");
    let client = new_client(CLOSED_ENDPOINT, &[("tokenProvider", provider.into())]).unwrap();
    let error = call(&client, "listFunctions", &[])
        .await
        .expect_err("the provider fails");
    assert_eq!(error_name(&error), "AuthError");
    let message = text(&error, "message");
    assert!(message.contains("vault sealed"), "{message}");
}

#[wasm_bindgen_test]
async fn bad_call_options_are_type_errors() {
    let client = new_client(CLOSED_ENDPOINT, &[]).unwrap();
    let not_signal = object(&[("signal", "soon".into())]);
    let error = call(&client, "listRuns", &[JsValue::UNDEFINED, not_signal])
        .await
        .expect_err("a string signal is misuse");
    assert_eq!(error_name(&error), "TypeError");
    let bad_filter = object(&[("state", Array::new().into())]);
    let error = call(&client, "listRuns", &[bad_filter])
        .await
        .expect_err("an array filter is misuse");
    assert_eq!(error_name(&error), "TypeError");
}

#[wasm_bindgen_test]
async fn invalid_input_rejected_offline() {
    // Nothing listens on the endpoint, so a NetworkError would mean a request was sent.
    let client = new_client(CLOSED_ENDPOINT, &[("apiLevel", 15.into())]).unwrap();
    let function =
        json(r#"{ "id": "f1", "name": "echo", "kind": "python", "project": "wasm-client-tests" }"#);
    let foreign = json(r#"{ "id": "f1", "name": "echo", "kind": "python", "project": "other" }"#);
    let bad_params = json(r#"{ "replicas": -1, "resources": { "cpu": "lots" } }"#);
    let cases = [
        (function.clone(), bad_params, "/replicas"),
        (foreign, JsValue::UNDEFINED, "/function/project"),
        (function, json(r#"{ "task": "x" }"#), "/task"),
    ];
    for (function, params, path) in cases {
        let error = call(&client, "run", &[function, "serve".into(), params])
            .await
            .expect_err("invalid input is rejected");
        assert_eq!(error_name(&error), "ValidationError", "{path}");
        let paths: Vec<String> = Array::from(&get(&error, "issues"))
            .iter()
            .map(|issue| text(&issue, "path"))
            .collect();
        assert!(paths.contains(&path.to_string()), "{paths:?} lacks {path}");
    }

    let definition = object(&[("name", "f".into()), ("code", "x = 1".into())]);
    let error = call(&client, "createFunction", &[definition])
        .await
        .expect_err("a function without handler is rejected");
    assert_eq!(error_name(&error), "ValidationError");
}

// ---- gateway tests -------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn configuration_sets_level() {
    let Some(client) = gateway_client("configuration_sets_level") else {
        return;
    };
    let configuration = call(&client, "configuration", &[]).await.unwrap();
    let published = get(&configuration, "dhcore_api_level");
    let published = published
        .as_f64()
        .or_else(|| published.as_string().and_then(|text| text.parse().ok()))
        .expect("dhcore_api_level is published");
    assert_eq!(get(&client, "apiLevel").as_f64(), Some(published.min(15.0)));
}

#[wasm_bindgen_test]
async fn unknown_run_is_http_404() {
    let Some(client) = gateway_client("unknown_run_is_http_404") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let error = call(
        &client,
        "getRun",
        &["0123456789abcdef0123456789abcdef".into()],
    )
    .await
    .expect_err("no such run");
    assert_eq!(error_name(&error), "HttpError");
    assert_eq!(text(&error, "code"), "ERR_HTTP");
    assert_eq!(get(&error, "status").as_f64(), Some(404.0));
}

#[wasm_bindgen_test]
async fn invalid_run_sends_nothing() {
    let Some(client) = gateway_client("invalid_run_sends_nothing") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let function = create_function(&client, &unique("invalid"), SERVE_CODE, "serve").await;
    let params = json(r#"{ "task": "x", "replicas": -1, "resources": { "cpu": "lots" } }"#);
    let error = call(&client, "run", &[function.clone(), "serve".into(), params])
        .await
        .expect_err("the spec is invalid");
    assert_eq!(error_name(&error), "ValidationError");
    let paths: Vec<String> = get(&error, "issues")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|issue| text(&issue, "path"))
        .collect();
    assert!(paths.contains(&"/replicas".to_string()), "{paths:?}");
    assert!(paths.contains(&"/resources/cpu".to_string()), "{paths:?}");
    // The reserved field does not hide the spec's own issues.
    assert!(paths.contains(&"/task".to_string()), "{paths:?}");

    let reference = format!(
        "python://{}/{}:{}",
        text(&function, "project"),
        text(&function, "name"),
        text(&function, "id")
    );
    let filter = object(&[("function", reference.into())]);
    let tasks = call(&client, "listTasks", &[filter]).await.unwrap();
    assert_eq!(Array::from(&tasks).length(), 0, "no task was created");
}

#[wasm_bindgen_test]
async fn invalid_function_sends_nothing() {
    let Some(client) = gateway_client("invalid_function_sends_nothing") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let name = unique("broken");
    let definition = object(&[
        ("name", name.clone().into()),
        ("code", "def main():\n    return 1\n".into()),
        ("pythonVersion", "PYTHON2_7".into()),
    ]);
    let error = call(&client, "createFunction", &[definition])
        .await
        .expect_err("no handler and an unknown python version");
    assert_eq!(error_name(&error), "ValidationError");
    let issues = Array::from(&get(&error, "issues"));
    assert!(issues.length() >= 1, "at least the missing handler");
    let filter = object(&[("name", name.into())]);
    let functions = call(&client, "listFunctions", &[filter]).await.unwrap();
    assert_eq!(
        Array::from(&functions).length(),
        0,
        "no function was created"
    );

    let definition = object(&[
        ("name", unique("versioned").into()),
        ("code", "def main():\n    return 1\n".into()),
        ("handler", "main".into()),
        ("pythonVersion", "PYTHON2_7".into()),
    ]);
    let error = call(&client, "createFunction", &[definition])
        .await
        .expect_err("an unknown python version");
    assert_eq!(error_name(&error), "ValidationError");
    let paths: Vec<String> = Array::from(&get(&error, "issues"))
        .iter()
        .map(|issue| text(&issue, "path"))
        .collect();
    assert!(paths.contains(&"/python_version".to_string()), "{paths:?}");
}

#[wasm_bindgen_test]
async fn serve_run_end_to_end() {
    let Some(client) = gateway_client("serve_run_end_to_end") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let function = create_function(&client, &unique("echo"), SERVE_CODE, "serve").await;
    assert_eq!(text(&function, "kind"), "python");
    let source = get(&get(&function, "spec"), "source");
    let encoded = text(&source, "base64");
    let decoded = js_sys::global()
        .dyn_into::<Object>()
        .ok()
        .and_then(|global| Reflect::get(&global, &"atob".into()).ok())
        .and_then(|atob| atob.dyn_into::<Function>().ok())
        .and_then(|atob| atob.call1(&JsValue::NULL, &encoded.clone().into()).ok())
        .and_then(|text| text.as_string());
    assert_eq!(
        decoded.as_deref(),
        Some(SERVE_CODE),
        "code is sent as base64"
    );

    // Core 0.13 nests requests and limits under each resource; later levels take flat values.
    let level = get(&client, "apiLevel").as_f64();
    let resources = if level == Some(13.0) {
        r#"{ "cpu": { "requests": "1" }, "mem": { "requests": "1Gi" } }"#
    } else {
        r#"{ "cpu": "1", "mem": "1Gi" }"#
    };
    let params = json(&format!(
        r#"{{ "replicas": 1, "resources": {resources},
             "envs": [{{ "name": "GREETING_SOURCE", "value": "test" }}],
             "init_parameters": {{ "greeting": "hi" }} }}"#
    ));
    let run = call(&client, "run", &[function.clone(), "serve".into(), params])
        .await
        .expect("run is created");
    let data = get(&run, "data");
    let spec = get(&data, "spec");
    assert_eq!(text(&data, "kind"), run_kind(&client, "serve"));
    let project = text(&function, "project");
    assert!(
        text(&spec, "task").starts_with(&format!("python+serve://{project}/")),
        "task string {}",
        text(&spec, "task")
    );
    let reference = format!(
        "python://{project}/{}:{}",
        text(&function, "name"),
        text(&function, "id")
    );
    assert_eq!(text(&spec, "function"), reference);
    assert_eq!(get(&spec, "local_execution").as_bool(), Some(false));
    assert_eq!(get(&spec, "replicas").as_f64(), Some(1.0));
    let relationship = Array::from(&get(&get(&data, "metadata"), "relationships")).get(0);
    assert_eq!(text(&relationship, "type"), "run_of");
    assert_eq!(text(&relationship, "dest"), text(&function, "key"));

    let states = Array::new();
    let on_state = {
        let states = states.clone();
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |state: JsValue, _run: JsValue| {
            states.push(&state);
        })
    };
    let wait_options = object(&[
        ("until", "ready".into()),
        ("timeoutMs", 120_000.into()),
        ("onState", on_state.as_ref().clone()),
    ]);
    let ready = call(&run, "wait", &[wait_options])
        .await
        .expect("the serve run becomes ready");
    let status = get(&ready, "status");
    assert_eq!(text(&status, "state"), "RUNNING");
    assert!(get(&run, "serviceUrl").as_string().is_some());
    let seen: Vec<String> = states
        .iter()
        .filter_map(|state| state.as_string())
        .collect();
    assert_eq!(seen.last().map(String::as_str), Some("RUNNING"), "{seen:?}");
    for pair in seen.windows(2) {
        assert_ne!(pair[0], pair[1], "onState repeats a state: {seen:?}");
    }

    // Through Core's proxy with a JSON body: POST by default, exact content type.
    let invoke = object(&[
        ("path", "/echo?x=1".into()),
        ("json", json(r#"{ "name": "Ada" }"#)),
    ]);
    let response = call(&run, "invoke", &[invoke]).await.expect("invoke works");
    assert_eq!(get(&response, "status").as_f64(), Some(200.0));
    assert_eq!(get(&response, "ok").as_bool(), Some(true));
    let headers = get(&response, "headers");
    assert!(
        text(&headers, "content-type").starts_with("application/json"),
        "content-type {}",
        text(&headers, "content-type")
    );
    let echo = call(&response, "json", &[]).await.unwrap();
    assert_eq!(text(&echo, "method"), "POST");
    assert_eq!(text(&echo, "path"), "/echo");
    assert_eq!(text(&get(&echo, "query"), "x"), "1");
    assert_eq!(text(&echo, "content_type"), "application/json");
    assert_eq!(text(&get(&echo, "body"), "name"), "Ada");
    assert_eq!(
        text(&echo, "greeting"),
        "hi",
        "init_parameters reached init()"
    );
    let forwarded = get(&echo, "headers");
    assert!(
        get(&forwarded, "authorization").is_undefined(),
        "the proxy never forwards the token"
    );

    // The service's own status comes back through X-Proxy-Status.
    let missing = object(&[("path", "/missing".into())]);
    let response = call(&run, "invoke", &[missing]).await.unwrap();
    assert_eq!(get(&response, "status").as_f64(), Some(404.0));
    assert_eq!(get(&response, "ok").as_bool(), Some(false));

    // No body: GET. A named method and a raw body pass unchanged.
    let response = call(&run, "invoke", &[]).await.unwrap();
    let echo = call(&response, "json", &[]).await.unwrap();
    assert_eq!(text(&echo, "method"), "GET");
    let put = object(&[("method", "PUT".into()), ("body", "plain text".into())]);
    let response = call(&run, "invoke", &[put]).await.unwrap();
    let echo = call(&response, "json", &[]).await.unwrap();
    assert_eq!(text(&echo, "method"), "PUT");
    assert_eq!(text(&echo, "body"), "plain text");

    // Direct calls reach the loopback service in Node; a browser blocks them (no CORS there).
    let direct = object(&[("direct", true.into()), ("json", json("[1, 2]"))]);
    let outcome = call(&run, "invoke", &[direct]).await;
    if in_browser() {
        let error = outcome.expect_err("the service sends no CORS headers");
        assert_eq!(error_name(&error), "NetworkError");
        assert_eq!(get(&error, "likelyCors").as_bool(), Some(true));
        // The message is about the service, not the gateway the client talks to.
        let message = text(&error, "message");
        assert!(message.contains("Core's proxy"), "{message}");
        assert!(!message.contains("gateway"), "{message}");
    } else {
        let response = outcome.expect("direct invoke works in Node");
        let echo = call(&response, "json", &[]).await.unwrap();
        assert_eq!(text(&echo, "method"), "POST");
        assert!(
            get(&get(&echo, "headers"), "authorization").is_undefined(),
            "a direct call never carries the Core token"
        );
    }

    let logs = call(&run, "logs", &[]).await.expect("logs are readable");
    assert!(Array::is_array(&logs));

    call(&run, "stop", &[]).await.expect("stop is accepted");
    let terminal = object(&[("until", "terminal".into()), ("timeoutMs", 60_000.into())]);
    let stopped = call(&run, "wait", &[terminal])
        .await
        .expect("a stopped serve run is terminal");
    assert_eq!(text(&get(&stopped, "status"), "state"), "STOPPED");

    let deleted = call(&run, "delete", &[]).await.expect("delete is accepted");
    assert!(text(&get(&deleted, "status"), "state").starts_with("DELET"));
    drop(on_state);
}

#[wasm_bindgen_test]
async fn job_run_completes_and_reuses_task() {
    let Some(client) = gateway_client("job_run_completes_and_reuses_task") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let function = create_function(&client, &unique("double"), JOB_CODE, "main").await;
    let mut task_strings = Vec::new();
    // The second wait's deadline, about 35 days, is longer than a 32-bit timer delay, which
    // Node would fire after 1 ms instead.
    for (x, timeout_ms) in [(21, 120_000.0), (5, 3e9)] {
        let params = json(&format!(r#"{{ "parameters": {{ "x": {x} }} }}"#));
        let run = call(&client, "run", &[function.clone(), "job".into(), params])
            .await
            .expect("job run is created");
        assert_eq!(text(&get(&run, "data"), "kind"), run_kind(&client, "job"));
        let terminal = object(&[
            ("until", "terminal".into()),
            ("timeoutMs", timeout_ms.into()),
        ]);
        let done = call(&run, "wait", &[terminal])
            .await
            .expect("the job completes");
        let status = get(&done, "status");
        assert_eq!(text(&status, "state"), "COMPLETED");
        let output = get(&get(&status, "results"), "output_0");
        assert_eq!(output.as_f64(), Some(f64::from(x * 2)));
        task_strings.push(text(&get(&done, "spec"), "task"));
    }
    assert_eq!(
        task_strings[0], task_strings[1],
        "the second run reuses the task"
    );
    let reference = format!(
        "python://{}/{}:{}",
        text(&function, "project"),
        text(&function, "name"),
        text(&function, "id")
    );
    let filter = object(&[
        ("function", reference.into()),
        ("kind", "python+job".into()),
    ]);
    let tasks = call(&client, "listTasks", &[filter]).await.unwrap();
    assert_eq!(Array::from(&tasks).length(), 1, "one job task per function");

    // One run per page, so listing both runs of the task reads two pages and an empty third.
    let by_task = object(&[("task", task_strings[0].clone().into()), ("size", 1.into())]);
    let runs = call(&client, "listRuns", &[by_task]).await.unwrap();
    assert_eq!(Array::from(&runs).length(), 2, "every page is read");

    let last_run = call(&client, "getRun", &[get(&Array::from(&runs).get(0), "id")])
        .await
        .unwrap();
    let logs = call(&last_run, "logs", &[]).await.unwrap();
    let texts: Vec<String> = Array::from(&logs)
        .iter()
        .map(|entry| text(&entry, "text"))
        .collect();
    assert!(
        texts.iter().any(|text| text.contains("doubling")),
        "decoded logs: {texts:?}"
    );
    let refreshed = call(&last_run, "refresh", &[]).await.unwrap();
    assert_eq!(text(&get(&refreshed, "status"), "state"), "COMPLETED");

    let fetched = call(&client, "getFunction", &[get(&function, "id")])
        .await
        .unwrap();
    assert_eq!(text(&fetched, "name"), text(&function, "name"));
    let task_id = task_strings[0]
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let task = call(&client, "getTask", &[task_id.into()]).await.unwrap();
    assert_eq!(text(&task, "kind"), "python+job");
}

#[wasm_bindgen_test]
async fn wait_times_out_with_error() {
    let Some(client) = gateway_client("wait_times_out_with_error") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let function = create_function(&client, &unique("slow"), JOB_CODE, "main").await;
    let params = json(r#"{ "parameters": { "sleep": 30 } }"#);
    let run = call(&client, "run", &[function, "job".into(), params])
        .await
        .unwrap();
    let options = object(&[("until", "terminal".into()), ("timeoutMs", 500.into())]);
    let started = js_sys::Date::now();
    let error = call(&run, "wait", &[options])
        .await
        .expect_err("30 s job, 0.5 s budget");
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(error_name(&error), "TimeoutError");
    assert_eq!(text(&error, "code"), "ERR_TIMEOUT");
    assert_eq!(get(&error, "timeoutMs").as_f64(), Some(500.0));
    assert!(elapsed >= 500.0, "gave up early, after {elapsed} ms");
    assert!(elapsed < 2_500.0, "overran the deadline: {elapsed} ms");
    call(&run, "stop", &[]).await.ok();
}

#[wasm_bindgen_test]
async fn abort_interrupts_sleep() {
    let (Some(url), Some(client)) = (GATEWAY_URL, gateway_client("abort_interrupts_sleep")) else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let function = create_function(&client, &unique("sleepy"), JOB_CODE, "main").await;
    let params = json(r#"{ "parameters": { "sleep": 30 } }"#);
    let run = call(&client, "run", &[function, "job".into(), params])
        .await
        .unwrap();

    // A second client whose token provider is called for every request: getRun is request 1 and the
    // wait's polls are 2, 3, 4. Aborting 50 ms after poll 3 lands in the third pause, which
    // lasts at least 578 ms (722 ms less 20 % jitter).
    let controller = web_sys::AbortController::new().unwrap();
    let aborted_at = Rc::new(Cell::new(0.0));
    let requests = Rc::new(Cell::new(0u32));
    let provider = {
        let controller = controller.clone();
        let aborted_at = aborted_at.clone();
        let requests = requests.clone();
        Closure::<dyn FnMut() -> JsValue>::new(move || {
            requests.set(requests.get() + 1);
            if requests.get() == 4 {
                let controller = controller.clone();
                let aborted_at = aborted_at.clone();
                let abort = Closure::once_into_js(move || {
                    aborted_at.set(js_sys::Date::now());
                    controller.abort_with_reason(&"user left".into());
                });
                let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
                set_timeout
                    .call2(&JsValue::NULL, &abort, &50.into())
                    .expect("setTimeout accepts the timer");
            }
            GATEWAY_TOKEN
                .map(JsValue::from_str)
                .unwrap_or(JsValue::UNDEFINED)
        })
    };
    let watcher = new_client(url, &[("tokenProvider", provider.as_ref().clone())]).unwrap();
    let watched = call(&watcher, "getRun", &[get(&run, "id")]).await.unwrap();
    let options = object(&[
        ("until", "terminal".into()),
        ("signal", controller.signal().into()),
    ]);
    let error = call(&watched, "wait", &[options])
        .await
        .expect_err("the wait is aborted");
    let latency = js_sys::Date::now() - aborted_at.get();
    assert_eq!(error_name(&error), "AbortError");
    assert_eq!(text(&error, "reason"), "user left");
    assert_eq!(requests.get(), 4, "no poll after the abort");
    assert!(
        latency < 250.0,
        "the wait ended {latency} ms after the abort, so it waited for the pause to end"
    );
    call(&run, "stop", &[]).await.ok();
    drop(provider);
}

#[wasm_bindgen_test]
async fn credentials_are_checked() {
    let (Some(url), Some(token)) = (GATEWAY_URL, GATEWAY_TOKEN) else {
        console_log!("skipped credentials_are_checked: the gateway URL or token was not set");
        return;
    };
    let anonymous = new_client(url, &[]).unwrap();
    let error = call(&anonymous, "listRuns", &[])
        .await
        .expect_err("no token");
    assert_eq!(error_name(&error), "AuthError");
    assert_eq!(get(&error, "status").as_f64(), Some(403.0));

    let wrong = new_client(url, &[("token", "wrong-token-123".into())]).unwrap();
    let error = call(&wrong, "listRuns", &[])
        .await
        .expect_err("wrong token");
    assert_eq!(error_name(&error), "AuthError");
    assert_eq!(get(&error, "status").as_f64(), Some(401.0));
    let serialised = JSON::stringify(&error).unwrap().as_string().unwrap();
    assert!(!serialised.contains("wrong-token-123"), "{serialised}");

    // The provider hands out a stale token first; the 401 makes the client ask again.
    let calls = Array::new();
    let provider = {
        let calls = calls.clone();
        let token = token.to_string();
        Closure::<dyn FnMut() -> JsValue>::new(move || {
            calls.push(&JsValue::TRUE);
            if calls.length() == 1 {
                JsValue::from_str("stale-token")
            } else {
                JsValue::from_str(&token)
            }
        })
    };
    let refreshed = new_client(url, &[("tokenProvider", provider.as_ref().clone())]).unwrap();
    call(&refreshed, "ensureProject", &[])
        .await
        .expect("the retry succeeds");
    assert_eq!(calls.length(), 2, "one call, then one after the 401");
    drop(provider);
}

#[wasm_bindgen_test]
async fn unsendable_token_is_validation_error() {
    // A line break or a character above U+00FF makes `Headers.set` throw. That used to escape
    // as an uncaught exception (line break) or panic the module (multi-byte characters).
    for secret in ["tok-line\nbreak-secret", "tök€n-secret-value"] {
        let client = new_client(CLOSED_ENDPOINT, &[("token", secret.into())]).unwrap();
        let error = call(&client, "getRun", &["r1".into()])
            .await
            .expect_err("the token cannot be sent");
        assert_eq!(error_name(&error), "ValidationError", "token {secret:?}");
        let issue = Array::from(&get(&error, "issues")).get(0);
        assert_eq!(text(&issue, "code"), "invalid-header-value");
        let serialised = JSON::stringify(&error).unwrap().as_string().unwrap();
        assert!(!serialised.contains("secret"), "{serialised}");
    }
    // The module still works afterwards.
    let client = new_client(CLOSED_ENDPOINT, &[]).unwrap();
    let error = call(&client, "getRun", &["r1".into()]).await.unwrap_err();
    assert_eq!(error_name(&error), "NetworkError");
}

/// A served function that answers after 3 s.
const SLOW_SERVE_CODE: &str = r#"
import time


def init(context):
    pass


def serve(context, event):
    time.sleep(3)
    return "late"
"#;

#[wasm_bindgen_test]
async fn abort_reason_string_mid_request() {
    let Some(client) = gateway_client("abort_reason_string_mid_request") else {
        return;
    };
    call(&client, "ensureProject", &[]).await.unwrap();
    let function = create_function(&client, &unique("slow-serve"), SLOW_SERVE_CODE, "serve").await;
    let run = call(&client, "run", &[function, "serve".into(), json("{}")])
        .await
        .unwrap();
    let ready = object(&[("timeoutMs", 120_000.into())]);
    call(&run, "wait", &[ready]).await.expect("the run serves");

    // fetch rejects with the abort reason itself, here a string and not an Error; reading it
    // as an Error used to panic and kill the module.
    let controller = web_sys::AbortController::new().unwrap();
    let abort = {
        let controller = controller.clone();
        Closure::once_into_js(move || controller.abort_with_reason(&"user left".into()))
    };
    let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
    set_timeout
        .call2(&JsValue::NULL, &abort, &300.into())
        .expect("setTimeout accepts the timer");
    let started = js_sys::Date::now();
    let options = object(&[("signal", controller.signal().into())]);
    let error = call(&run, "invoke", &[options])
        .await
        .expect_err("the call is aborted");
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(error_name(&error), "AbortError");
    assert_eq!(text(&error, "reason"), "user left");
    assert!(
        elapsed < 2_000.0,
        "the abort took effect after {elapsed} ms"
    );
    call(&run, "stop", &[])
        .await
        .expect("the module still works");
}

#[wasm_bindgen_test]
async fn abort_stops_waiting_for_token_provider() {
    // A provider whose promise never settles used to hold the call forever, abort or not.
    let provider = Function::new_no_args("return new Promise(() => {})");
    let client = new_client(CLOSED_ENDPOINT, &[("tokenProvider", provider.into())]).unwrap();
    let controller = web_sys::AbortController::new().unwrap();
    let abort = {
        let controller = controller.clone();
        Closure::once_into_js(move || controller.abort_with_reason(&"gave up".into()))
    };
    let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
    set_timeout
        .call2(&JsValue::NULL, &abort, &100.into())
        .expect("setTimeout accepts the timer");
    let options = object(&[("signal", controller.signal().into())]);
    let started = js_sys::Date::now();
    let error = call(&client, "getRun", &["r1".into(), options])
        .await
        .expect_err("the call is aborted");
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(error_name(&error), "AbortError");
    assert_eq!(text(&error, "reason"), "gave up");
    assert!(
        elapsed < 1_000.0,
        "the abort took effect after {elapsed} ms"
    );
}

#[wasm_bindgen_test]
fn misuse_messages_name_the_option() {
    // An option's TypeError used to start with "the spec has 1 error", naming no spec.
    let cases = [
        (
            "ftp://core.example",
            "endpoint \"ftp://core.example\" needs",
        ),
        (
            "http://user:pw-secret@core.example",
            "the endpoint must not contain user info",
        ),
    ];
    for (endpoint, start) in cases {
        let error = new_client(endpoint, &[]).expect_err("the endpoint is invalid");
        assert_eq!(error_name(&error), "TypeError");
        let message = text(&error, "message");
        assert!(message.starts_with(start), "{message}");
        assert!(!message.contains("pw-secret"), "{message}");
    }
}

/// Runs `body` with the global `fetch` replaced by `fake`, then puts the real one back.
async fn with_fake_fetch<F: std::future::Future<Output = ()>>(fake: Function, body: F) {
    let global = js_sys::global();
    let real = get(&global, "fetch");
    Reflect::set(&global, &"fetch".into(), &fake).unwrap();
    body.await;
    Reflect::set(&global, &"fetch".into(), &real).unwrap();
}

#[wasm_bindgen_test]
async fn run_without_id_is_rejected() {
    // A 2xx body that is not a run used to become a Run with the id "", whose every method
    // then failed with a confusing invalid-id error.
    let fake = Function::new_no_args("return Promise.resolve(new Response('[1, 2]'))");
    let client = new_client("http://127.0.0.1:9", &[]).unwrap();
    with_fake_fetch(fake, async {
        let error = call(&client, "getRun", &["r1".into()])
            .await
            .expect_err("the body is no run");
        assert_eq!(error_name(&error), "HttpError");
        let message = text(&error, "message");
        assert!(message.contains("no `id`"), "{message}");
    })
    .await;
}

#[wasm_bindgen_test]
async fn html_success_page_is_named() {
    // A login page or web page in front of Core answers 200 with HTML.
    let fake = Function::new_no_args(
        "return Promise.resolve(new Response('<!doctype html><title>Sign in</title>', \
         { headers: { 'content-type': 'text/html' } }))",
    );
    let client = new_client("http://127.0.0.1:9", &[("apiLevel", 15.into())]).unwrap();
    with_fake_fetch(fake, async {
        let error = call(&client, "listRuns", &[])
            .await
            .expect_err("HTML is no page of runs");
        assert_eq!(error_name(&error), "HttpError");
        assert_eq!(get(&error, "status").as_f64(), Some(200.0));
        let message = text(&error, "message");
        assert!(message.contains("HTML page"), "{message}");
    })
    .await;
}
