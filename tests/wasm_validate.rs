//! The JS contract of `validateTask`, `validateFunction`, `validateRun` and `assertValid*`, run
//! in Node (`wasm-pack test --node`) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1
//! wasm-pack test --headless --chrome`). There is no `wasm_bindgen_test_configure!`, so the same
//! file runs in both.
#![cfg(target_arch = "wasm32")]

use digitalhub_tasks::wasm::validate::{
    assert_valid_run, assert_valid_task, validate_function, validate_run, validate_task,
};
use js_sys::{Array, BigInt, Function, Object, Reflect, Symbol, TypeError, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

/// A ~1 KB serve task that Core 0.15 accepts.
const SERVE_TASK: &str = r#"{
  "function": "python://demo/echo:0123456789abcdef0123456789abcdef",
  "replicas": 2,
  "service_type": "ClusterIP",
  "service_name": "echo",
  "resources": { "cpu": "500m", "mem": "1Gi" },
  "envs": [ { "name": "LOG_LEVEL", "value": "info" } ],
  "secrets": ["api-key"],
  "volumes": [ { "volume_type": "empty_dir", "name": "scratch", "mount_path": "/scratch" } ],
  "profile": "small"
}"#;

const FUNCTION: &str = r#"{
  "python_version": "PYTHON3_10",
  "source": { "lang": "python", "handler": "serve", "source": "main.py",
              "base64": "ZGVmIHNlcnZlKGNvbnRleHQsIGV2ZW50KToKICAgIHJldHVybiAib2siCg==" }
}"#;

const RUN: &str = r#"{
  "task": "python+serve://demo/0123456789abcdef0123456789abcdef",
  "function": "python://demo/echo:0123456789abcdef0123456789abcdef",
  "local_execution": false
}"#;

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON is valid")
}

fn level(number: f64) -> JsValue {
    let options = Object::new();
    Reflect::set(&options, &"apiLevel".into(), &number.into()).expect("set apiLevel");
    options.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property read")
}

fn issues(result: &JsValue) -> Array {
    get(result, "issues")
        .dyn_into::<Array>()
        .expect("issues is an array")
}

fn codes(result: &JsValue) -> Vec<String> {
    issues(result)
        .iter()
        .map(|issue| get(&issue, "code").as_string().unwrap_or_default())
        .collect()
}

fn valid(result: &JsValue) -> bool {
    get(result, "valid").as_bool().expect("valid is a boolean")
}

fn task(spec: &JsValue) -> JsValue {
    validate_task("python+serve".into(), spec.clone(), JsValue::UNDEFINED)
        .expect("validateTask returns instead of throwing")
}

fn assert_single_boundary_issue(result: &JsValue, code: &str) {
    assert!(!valid(result), "result must be invalid");
    assert_eq!(codes(result), vec![code.to_string()]);
    let issue = issues(result).get(0);
    assert_eq!(get(&issue, "path").as_string().as_deref(), Some(""));
    assert_eq!(
        get(&issue, "severity").as_string().as_deref(),
        Some("error")
    );
}

#[wasm_bindgen_test]
fn undefined_spec_is_one_issue() {
    assert_single_boundary_issue(&task(&JsValue::UNDEFINED), "not-json");
}

#[wasm_bindgen_test]
fn bigint_spec_is_one_issue() {
    let spec = json(SERVE_TASK);
    Reflect::set(&spec, &"replicas".into(), &BigInt::from(2).into()).expect("set replicas");
    let result = task(&spec);
    assert_single_boundary_issue(&result, "not-json");
    let message = get(&issues(&result).get(0), "message")
        .as_string()
        .unwrap_or_default();
    assert!(
        message.contains("BigInt"),
        "message names the BigInt: {message}"
    );
}

#[wasm_bindgen_test]
fn cyclic_spec_is_one_issue() {
    let spec = json(SERVE_TASK);
    Reflect::set(&spec, &"self".into(), &spec).expect("set cycle");
    let result = task(&spec);
    assert_single_boundary_issue(&result, "not-json");
    let message = get(&issues(&result).get(0), "message")
        .as_string()
        .unwrap_or_default();
    assert!(
        message.contains("cycle"),
        "message names the cycle: {message}"
    );
}

#[wasm_bindgen_test]
fn function_and_symbol_specs_are_one_issue() {
    let function: JsValue = Function::new_no_args("return 1").into();
    assert_single_boundary_issue(&task(&function), "not-json");
    let symbol: JsValue = Symbol::for_("spec").into();
    assert_single_boundary_issue(&task(&symbol), "not-json");
}

#[wasm_bindgen_test]
fn throwing_to_json_is_one_issue_without_its_message() {
    let spec = json(SERVE_TASK);
    let to_json = Function::new_no_args("throw new Error('secret-token-value')");
    Reflect::set(&spec, &"toJSON".into(), &to_json).expect("set toJSON");
    let result = task(&spec);
    assert_single_boundary_issue(&result, "not-json");
    let message = get(&issues(&result).get(0), "message")
        .as_string()
        .unwrap_or_default();
    assert!(
        !message.contains("secret-token-value"),
        "message echoes thrown text: {message}"
    );
}

#[wasm_bindgen_test]
fn error_with_throwing_getters_is_one_issue() {
    // A getter of the spec throws an Error whose own `message` and `name` getters throw too.
    let spec: JsValue = Function::new_no_args(
        "const error = new Error('x');
         Object.defineProperty(error, 'message', { get() { throw new Error('m'); } });
         Object.defineProperty(error, 'name', { get() { throw new Error('n'); } });
         return { function: 'python://demo/f:1', get envs() { throw error; } };",
    )
    .call0(&JsValue::NULL)
    .expect("spec factory runs");
    assert_single_boundary_issue(&task(&spec), "not-json");
}

#[wasm_bindgen_test]
fn lone_surrogates_are_validated_as_text() {
    let spec: JsValue = Function::new_no_args(
        "return { function: 'python://demo/f:1', profile: 'x\\uD800y',
                  envs: [{ name: 'A\\uDC00', value: 'v' }, { name: 'B', value: '\\uD83D\\uDE00' }] };",
    )
    .call0(&JsValue::NULL)
    .expect("spec factory runs");
    let result = task(&spec);
    // The lone surrogate in the env name makes it an invalid name, reported at its own path.
    assert_eq!(codes(&result), vec!["invalid-env-name".to_string()]);
    let issue = issues(&result).get(0);
    assert_eq!(
        get(&issue, "path").as_string().as_deref(),
        Some("/envs/0/name")
    );
}

#[wasm_bindgen_test]
fn nesting_past_serde_limit_is_too_deep() {
    let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let spec = json(&format!(
        r#"{{"function": "python://demo/f:1", "envs": {text}}}"#
    ));
    assert_single_boundary_issue(&task(&spec), "too-deep");
}

#[wasm_bindgen_test]
fn very_deep_nesting_does_not_throw() {
    let depth = 20_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let spec = json(&text);
    let result = task(&spec);
    assert!(!valid(&result));
    let found = codes(&result);
    assert_eq!(found, ["too-deep"]);
}

#[wasm_bindgen_test]
fn stack_overflowing_nesting_is_too_deep() {
    // 100 000 levels overflow JSON.stringify's stack before serde_json's limit applies.
    let spec: JsValue = Function::new_no_args(
        "let inner = {}; const root = inner;
         for (let i = 0; i < 100000; i++) { inner.x = {}; inner = inner.x; }
         return { function: 'python://demo/f:1', parameters: root };",
    )
    .call0(&JsValue::NULL)
    .expect("spec factory runs");
    assert_single_boundary_issue(&task(&spec), "too-deep");
}

#[wasm_bindgen_test]
fn unknown_task_kind_is_type_error() {
    let error = validate_task("python+deploy".into(), json(SERVE_TASK), JsValue::UNDEFINED)
        .expect_err("unknown kind throws");
    assert!(error.is_instance_of::<TypeError>());
}

#[wasm_bindgen_test]
fn non_string_kind_is_type_error() {
    let error = validate_task(42.into(), json(SERVE_TASK), JsValue::UNDEFINED)
        .expect_err("numeric kind throws");
    assert!(error.is_instance_of::<TypeError>());
}

#[wasm_bindgen_test]
fn bad_api_levels_are_type_errors() {
    for number in [12.0, 16.0, 15.5, f64::NAN, -15.0] {
        let result = validate_task("python+job".into(), json(SERVE_TASK), level(number));
        let error = result.expect_err("bad level throws");
        assert!(error.is_instance_of::<TypeError>(), "level {number}");
    }
    let text_level = Object::new();
    Reflect::set(&text_level, &"apiLevel".into(), &"15".into()).expect("set apiLevel");
    let error = validate_task("python+job".into(), json(SERVE_TASK), text_level.into())
        .expect_err("string level throws");
    assert!(error.is_instance_of::<TypeError>());
}

#[wasm_bindgen_test]
fn non_object_options_are_type_error() {
    let error = validate_task("python+job".into(), json(SERVE_TASK), 15.into())
        .expect_err("numeric options throw");
    assert!(error.is_instance_of::<TypeError>());
}

#[wasm_bindgen_test]
fn run_kind_must_exist_at_level() {
    let legacy_at_15 = validate_run("python+run".into(), json(RUN), level(15.0));
    assert!(legacy_at_15
        .expect_err("python+run at 15 throws")
        .is_instance_of::<TypeError>());
    let serve_at_13 = validate_run("python+serve:run".into(), json(RUN), level(13.0));
    assert!(serve_at_13
        .expect_err("serve:run at 13 throws")
        .is_instance_of::<TypeError>());
}

#[wasm_bindgen_test]
fn assert_valid_throws_validation_error() {
    let error = assert_valid_task(
        "python+serve".into(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .expect_err("an undefined spec is invalid");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("ValidationError")
    );
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("ERR_VALIDATION")
    );
    let issues = get(&error, "issues")
        .dyn_into::<Array>()
        .expect("issues array");
    assert_eq!(issues.length(), 1);
}

#[wasm_bindgen_test]
fn realistic_serve_task_is_valid() {
    let result = task(&json(SERVE_TASK));
    assert!(valid(&result), "issues: {:?}", codes(&result));
}

#[wasm_bindgen_test]
fn issue_has_exactly_the_contract_fields() {
    let spec = json(SERVE_TASK);
    let resources = get(&spec, "resources");
    Reflect::set(&resources, &"cpu".into(), &"0.5".into()).expect("set cpu");
    let result = task(&spec);
    assert!(!valid(&result));
    let issue = issues(&result).get(0);
    let keys: Vec<String> = Object::keys(issue.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| key.as_string())
        .collect();
    assert_eq!(keys, ["path", "code", "severity", "message"]);
    assert_eq!(
        get(&issue, "path").as_string().as_deref(),
        Some("/resources/cpu")
    );
}

#[wasm_bindgen_test]
fn assert_valid_returns_result_for_valid_run() {
    let result = assert_valid_run("python+serve:run".into(), json(RUN), JsValue::UNDEFINED)
        .expect("a valid run does not throw");
    assert!(valid(&result));
}

#[wasm_bindgen_test]
fn function_without_source_is_invalid() {
    let spec = json(FUNCTION);
    Reflect::delete_property(spec.unchecked_ref::<Object>(), &"source".into())
        .expect("delete source");
    let result = validate_function("python".into(), spec, JsValue::UNDEFINED)
        .expect("validateFunction returns");
    assert!(!valid(&result));
    let paths: Vec<String> = issues(&result)
        .iter()
        .map(|issue| get(&issue, "path").as_string().unwrap_or_default())
        .collect();
    assert!(
        paths.iter().any(|path| path == "/source"),
        "paths: {paths:?}"
    );
}

#[wasm_bindgen_test]
fn removed_scheduling_field_is_reported_at_15_only() {
    let spec = json(SERVE_TASK);
    Reflect::set(&spec, &"runtime_class".into(), &"gvisor".into()).expect("set runtime_class");
    let at_15 = validate_task("python+serve".into(), spec.clone(), level(15.0)).expect("returns");
    let at_14 = validate_task("python+serve".into(), spec, level(14.0)).expect("returns");
    let path_of = |result: &JsValue| {
        issues(result)
            .iter()
            .any(|issue| get(&issue, "path").as_string().as_deref() == Some("/runtime_class"))
    };
    assert!(path_of(&at_15), "level 15 reports /runtime_class");
    assert!(!path_of(&at_14), "level 14 accepts /runtime_class");
}
