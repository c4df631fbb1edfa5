//! The JS contract of `taskSchema`, `functionSchema` and `runSchema`, in Node and in headless
//! Chromium (see tests/wasm_validate.rs for how both runs are started).
#![cfg(target_arch = "wasm32")]

use digitalhub_tasks::wasm::schema::{function_schema, run_schema, task_schema};
use js_sys::{Object, Reflect, TypeError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn level(number: f64) -> JsValue {
    let options = Object::new();
    Reflect::set(&options, &"apiLevel".into(), &number.into()).expect("set apiLevel");
    options.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property read")
}

fn has_property(schema: &JsValue, name: &str) -> bool {
    let properties = get(schema, "properties");
    properties.is_object() && !get(&properties, name).is_undefined()
}

#[wasm_bindgen_test]
fn task_schema_is_object_schema() {
    let schema = task_schema("python+serve".into(), JsValue::UNDEFINED).expect("schema");
    assert_eq!(get(&schema, "type").as_string().as_deref(), Some("object"));
    assert!(has_property(&schema, "replicas"));
    assert!(has_property(&schema, "function"));
}

#[wasm_bindgen_test]
fn scheduling_fields_follow_level() {
    let at_14 = task_schema("python+job".into(), level(14.0)).expect("schema at 14");
    let at_15 = task_schema("python+job".into(), level(15.0)).expect("schema at 15");
    assert!(has_property(&at_14, "node_selector"));
    assert!(!has_property(&at_15, "node_selector"));
}

#[wasm_bindgen_test]
fn function_schema_has_source() {
    let schema = function_schema("python".into(), JsValue::UNDEFINED).expect("schema");
    assert!(has_property(&schema, "source"));
    assert!(has_property(&schema, "python_version"));
}

#[wasm_bindgen_test]
fn run_schema_kinds_follow_level() {
    let legacy = run_schema("python+run".into(), level(13.0)).expect("python+run at 13");
    assert!(has_property(&legacy, "task"));
    let error = run_schema("python+run".into(), level(15.0)).expect_err("python+run at 15");
    assert!(error.is_instance_of::<TypeError>());
}

#[wasm_bindgen_test]
fn unknown_kind_and_level_are_type_errors() {
    let kind = task_schema("python+deploy".into(), JsValue::UNDEFINED).expect_err("bad kind");
    assert!(kind.is_instance_of::<TypeError>());
    let bad_level = function_schema("python".into(), level(11.0)).expect_err("bad level");
    assert!(bad_level.is_instance_of::<TypeError>());
}
