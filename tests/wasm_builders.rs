//! The JS contract of `FunctionBuilder`, `TaskBuilder`, `RunBuilder` and the key helpers, run
//! in Node and in headless Chromium like the other `wasm_*` tests.
#![cfg(target_arch = "wasm32")]

use digitalhub_tasks::wasm::builders::{
    function_ref, parse_function_ref, parse_key, parse_task_string, task_string, JsFunctionBuilder,
    JsRunBuilder, JsTaskBuilder,
};
use digitalhub_tasks::wasm::validate::validate_task;
use js_sys::{Object, Reflect, TypeError, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const FUNCTION: &str = "python://demo/echo:0123456789abcdef";

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON is valid")
}

/// Returns the JSON text of `value` with keys sorted, so two objects compare by content.
fn canonical(value: &JsValue) -> String {
    let text = JSON::stringify(value)
        .ok()
        .and_then(|text| JsValue::from(text).as_string())
        .expect("value has a JSON form");
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("JSON.stringify output");
    parsed.to_string()
}

fn assert_json(value: &JsValue, expected: &str) {
    let expected: serde_json::Value = serde_json::from_str(expected).expect("expected JSON");
    assert_eq!(canonical(value), expected.to_string());
}

/// Asserts that `result` failed with a `TypeError` whose message is `message`.
fn assert_type_error<T>(result: Result<T, JsValue>, message: &str) {
    let Err(thrown) = result else {
        panic!("expected a TypeError with {message:?}");
    };
    let error = thrown
        .dyn_ref::<TypeError>()
        .unwrap_or_else(|| panic!("expected a TypeError, got {thrown:?}"));
    assert_eq!(String::from(error.message()), message);
}

fn level(number: f64) -> JsValue {
    let options = Object::new();
    Reflect::set(&options, &"apiLevel".into(), &number.into()).expect("set apiLevel");
    options.into()
}

#[wasm_bindgen_test]
fn task_builder_chains() {
    let builder = JsTaskBuilder::serve(FUNCTION).unwrap();

    let spec = builder
        .replicas(2.0)
        .unwrap()
        .service_type("NodePort")
        .unwrap()
        .env("MODE", "fast")
        .volume(json(
            r#"{"volume_type":"empty_dir","name":"tmp","mount_path":"/tmp"}"#,
        ))
        .unwrap()
        .to_json()
        .unwrap();

    assert_json(
        &spec,
        r#"{"function":"python://demo/echo:0123456789abcdef","replicas":2,
            "service_type":"NodePort","envs":[{"name":"MODE","value":"fast"}],
            "volumes":[{"volume_type":"empty_dir","name":"tmp","mount_path":"/tmp"}]}"#,
    );
}

#[wasm_bindgen_test]
fn setters_change_same_builder() {
    let builder = JsTaskBuilder::serve(FUNCTION).unwrap();

    builder.replicas(3.0).unwrap();
    builder.profile("small");

    assert_json(
        &builder.to_json().unwrap(),
        r#"{"function":"python://demo/echo:0123456789abcdef","replicas":3,"profile":"small"}"#,
    );
    assert_eq!(builder.kind(), "python+serve");
}

#[wasm_bindgen_test]
fn task_builder_rejects_bad_input() {
    assert_type_error(
        JsTaskBuilder::new("python+deploy", FUNCTION),
        "unknown task kind \"python+deploy\": expected \"python+job\", \"python+serve\" or \
         \"python+build\"",
    );
    assert_type_error(
        JsTaskBuilder::job("python://demo/echo"),
        "function reference \"python://demo/echo\" must be \
         <runtime>://<project>/<function>:<functionId>; the ':' before the function id is \
         missing",
    );
    let builder = JsTaskBuilder::serve(FUNCTION).unwrap();
    assert_type_error(
        builder.replicas(-1.0),
        "replicas must be a whole number of 0 or more, got -1",
    );
    assert_type_error(
        builder.replicas(1.5),
        "replicas must be a whole number of 0 or more, got 1.5",
    );
    assert_type_error(
        builder.service_type("clusterip"),
        "service type \"clusterip\" is unknown: expected ExternalName, ClusterIP, NodePort or \
         LoadBalancer",
    );
    assert_type_error(
        builder.resources(JsValue::UNDEFINED),
        "resources has no JSON form; pass plain data",
    );
    assert_type_error(
        builder.validate(Some(level(16.0))),
        "options.apiLevel must be 13, 14 or 15, got 16",
    );
}

#[wasm_bindgen_test]
fn task_document_has_function_project() {
    let builder = JsTaskBuilder::build(FUNCTION).unwrap();
    builder.instruction("apt-get update");

    let document = builder.document().unwrap();

    assert_json(
        &document,
        r#"{"project":"demo","kind":"python+build","spec":{
            "function":"python://demo/echo:0123456789abcdef","instructions":["apt-get update"]}}"#,
    );
}

#[wasm_bindgen_test]
fn legacy_fields_keep_kubernetes_names() {
    let builder = JsTaskBuilder::job(FUNCTION).unwrap();

    builder
        .toleration(json(
            r#"{"key":"gpu","operator":"Exists","tolerationSeconds":5}"#,
        ))
        .unwrap()
        .affinity(json(
            r#"{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
                {"nodeSelectorTerms":[
                    {"matchExpressions":[{"key":"a","operator":"In","values":["b"]}]}]}}}"#,
        ))
        .unwrap()
        .resources(json(r#"{"cpu":{"requests":"1","limits":"2"}}"#))
        .unwrap();

    let spec = builder.to_json().unwrap();
    assert_json(
        &spec,
        r#"{"function":"python://demo/echo:0123456789abcdef",
            "tolerations":[{"key":"gpu","operator":"Exists","tolerationSeconds":5}],
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
                {"nodeSelectorTerms":[
                    {"matchExpressions":[{"key":"a","operator":"In","values":["b"]}]}]}}},
            "resources":{"cpu":{"requests":"1","limits":"2"}}}"#,
    );
}

#[wasm_bindgen_test]
fn function_builder_encodes_code() {
    let builder = JsFunctionBuilder::new();

    let spec = builder
        .code("def handler():\n    print(\"Hello world!\")")
        .handler("handler")
        .python_version("PYTHON3_12")
        .unwrap()
        .to_json()
        .unwrap();

    assert_json(
        &spec,
        r#"{"python_version":"PYTHON3_12","source":{"lang":"python","handler":"handler",
            "base64":"ZGVmIGhhbmRsZXIoKToKICAgIHByaW50KCJIZWxsbyB3b3JsZCEiKQ=="}}"#,
    );
    assert_type_error(
        builder.python_version("3.12"),
        "python version \"3.12\" is unknown: expected one of PYTHON3_9, PYTHON3_10, PYTHON3_11, \
         PYTHON3_12, PYTHON3_13",
    );
}

#[wasm_bindgen_test]
fn run_builder_per_level() {
    let builder = JsRunBuilder::new("python+serve://demo/t1", FUNCTION).unwrap();
    builder
        .init_parameter("model", json(r#"{"size":"small"}"#))
        .unwrap()
        .replicas(2.0)
        .unwrap();

    let legacy = builder.document(Some(level(13.0))).unwrap();
    let current = builder.document(None).unwrap();

    assert_eq!(
        builder.run_kind(Some(level(14.0))).unwrap(),
        "python+serve:run"
    );
    assert_json(
        &current,
        r#"{"project":"demo","kind":"python+serve:run","spec":{
            "task":"python+serve://demo/t1","function":"python://demo/echo:0123456789abcdef",
            "local_execution":false,"init_parameters":{"model":{"size":"small"}},"replicas":2}}"#,
    );
    let kind = Reflect::get(&legacy, &"kind".into()).unwrap();
    assert_eq!(kind.as_string().as_deref(), Some("python+run"));
}

#[wasm_bindgen_test]
fn run_builder_rejects_bad_input() {
    assert_type_error(
        JsRunBuilder::new("python+job://proj/fn:1", FUNCTION),
        "task string \"python+job://proj/fn:1\" must be <taskKind>://<project>/<taskId>; a ':' \
         is not allowed in the task id",
    );
    assert!(JsRunBuilder::new("container+job://demo/t1", FUNCTION).is_err());
    let builder = JsRunBuilder::new("python+job://demo/t1", FUNCTION).unwrap();
    assert_type_error(
        builder.parameter("callback", JsValue::UNDEFINED),
        "parameter \"callback\" has no JSON form; pass plain data",
    );
}

#[wasm_bindgen_test]
fn key_helpers_parse_and_build() {
    let key = parse_key("store://demo/run/python+serve:run/r1:r1".into()).unwrap();
    let latest = parse_key("store://demo/task/python+serve/t1".into()).unwrap();
    let function = parse_function_ref(FUNCTION.into()).unwrap();
    let task = parse_task_string("python+serve://demo/t1".into()).unwrap();

    assert_json(
        &key,
        r#"{"project":"demo","entity":"run","kind":"python+serve:run","name":"r1","id":"r1"}"#,
    );
    assert_json(
        &latest,
        r#"{"project":"demo","entity":"task","kind":"python+serve","name":"t1"}"#,
    );
    assert_json(
        &function,
        r#"{"runtime":"python","project":"demo","name":"echo","id":"0123456789abcdef"}"#,
    );
    assert_json(
        &task,
        r#"{"kind":"python+serve","project":"demo","taskId":"t1"}"#,
    );
    assert_eq!(
        function_ref("demo", "echo", "1").unwrap(),
        "python://demo/echo:1"
    );
    assert_eq!(
        task_string("python+job", "demo", "t1").unwrap(),
        "python+job://demo/t1"
    );
}

#[wasm_bindgen_test]
fn key_helpers_throw_type_errors() {
    assert_type_error(
        parse_key("store://demo/function/python".into()),
        "key \"store://demo/function/python\" must be \
         store://<project>/<entity>/<kind>/<name>:<id> or \
         store://<project>/<entity>/<kind>/<name>; the name is missing",
    );
    assert_type_error(parse_key(JsValue::from(5)), "key must be a string");
    assert_type_error(
        parse_task_string("python+job://proj/fn:1".into()),
        "task string \"python+job://proj/fn:1\" must be <taskKind>://<project>/<taskId>; a ':' \
         is not allowed in the task id",
    );
    assert_type_error(
        function_ref("demo", "echo:v1", "1"),
        "function name \"echo:v1\" cannot be used in \
         <runtime>://<project>/<function>:<functionId>: a ':' is not allowed in it",
    );
    assert_type_error(
        task_string("python+job", "demo", ""),
        "task id \"\" cannot be used in <taskKind>://<project>/<taskId>: it is empty",
    );
    assert!(task_string("container+job", "demo", "t1").is_err());
}

#[wasm_bindgen_test]
fn validate_reports_wrong_action() {
    let builder = JsTaskBuilder::job(FUNCTION).unwrap();
    builder.replicas(2.0).unwrap();

    let result = builder.validate(None).unwrap();

    let message = concat!(
        "replicas is a field of python+serve tasks, so the python+job spec leaves it out; ",
        "remove the setting or build a python+serve task"
    );
    let expected = serde_json::json!({
        "valid": false,
        "issues": [
            { "path": "/replicas", "code": "wrong-action", "severity": "error", "message": message }
        ]
    });
    assert_eq!(canonical(&result), expected.to_string());
}

#[wasm_bindgen_test]
fn validate_matches_validate_task() {
    let builder = JsTaskBuilder::serve(FUNCTION).unwrap();
    builder
        .service_name("alias")
        .resources(json(r#"{"cpu":"0.5"}"#))
        .unwrap();

    for number in [13.0, 14.0, 15.0] {
        let from_builder = builder.validate(Some(level(number))).unwrap();
        let spec = builder.to_json().unwrap();
        let direct = validate_task("python+serve".into(), spec, level(number)).unwrap();

        assert_eq!(
            canonical(&from_builder),
            canonical(&direct),
            "level {number}"
        );
    }
    let at_15 = builder.validate(Some(level(15.0))).unwrap();
    let valid = Reflect::get(&at_15, &"valid".into()).unwrap();
    assert_eq!(valid.as_bool(), Some(false), "0.5 is not a Core quantity");
}

#[wasm_bindgen_test]
fn object_shapes_checked_by_validate() {
    let builder = JsTaskBuilder::serve(FUNCTION).unwrap();
    builder
        .resources(json(r#"{"cpu":1}"#))
        .unwrap()
        .volume(json(r#"{"name":"tmp","mount_path":"/tmp"}"#))
        .unwrap();

    let spec = builder.to_json().unwrap();
    let result = builder.validate(None).unwrap();

    assert_json(
        &spec,
        r#"{"function":"python://demo/echo:0123456789abcdef","resources":{"cpu":1},
            "volumes":[{"name":"tmp","mount_path":"/tmp"}]}"#,
    );
    let text = canonical(&result);
    assert!(text.contains(r#""valid":false"#), "{text}");
    assert!(text.contains(r#""path":"/resources/cpu""#), "{text}");
    assert!(
        text.contains(r#""path":"/volumes/0/volume_type""#),
        "{text}"
    );
}
