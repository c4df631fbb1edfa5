//! `taskSchema`, `functionSchema` and `runSchema`: the JSON Schemas of [`crate::schema`] as plain
//! JS objects, for form libraries.

use wasm_bindgen::prelude::*;

use super::options::{api_level, kind_string, type_error};
use super::validate::serialize_to_js;
use crate::kind::{FunctionKind, RunKind, TaskKind};
use crate::schema;

/// Returns the JSON Schema (draft 2020-12) of a task spec of `kind` at `options.apiLevel`.
///
/// # Errors
/// A `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = taskSchema, skip_typescript)]
pub fn task_schema(kind: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let level = api_level(&options)?;
    let kind =
        TaskKind::parse(&kind_string(&kind, "task")?).map_err(|e| type_error(&e.to_string()))?;
    serialize_to_js(&schema::task_schema(kind, level))
}

/// Returns the JSON Schema of a function spec of `kind` at `options.apiLevel`.
///
/// # Errors
/// A `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = functionSchema, skip_typescript)]
pub fn function_schema(kind: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let level = api_level(&options)?;
    let kind = FunctionKind::parse(&kind_string(&kind, "function")?)
        .map_err(|e| type_error(&e.to_string()))?;
    serialize_to_js(&schema::function_schema(kind, level))
}

/// Returns the JSON Schema of a run spec of `kind` at `options.apiLevel`.
///
/// # Errors
/// A `TypeError` for an unknown kind, a kind the level does not have, or a bad `apiLevel`.
#[wasm_bindgen(js_name = runSchema, skip_typescript)]
pub fn run_schema(kind: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let level = api_level(&options)?;
    let kind = RunKind::parse(&kind_string(&kind, "run")?, level)
        .map_err(|e| type_error(&e.to_string()))?;
    serialize_to_js(&schema::run_schema(kind, level))
}
