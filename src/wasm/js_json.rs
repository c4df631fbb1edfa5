//! Moving JSON data across the JS boundary as JSON text, and reading option objects.

use js_sys::{Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::options::type_error;

/// Converts a JS value to JSON data; `undefined` becomes `null`.
///
/// # Errors
/// A `TypeError` naming `what` when the value has no JSON form (a BigInt or a cycle).
pub fn to_json(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    let text = JSON::stringify(value)
        .map_err(|_| type_error(&format!("{what} cannot be converted to JSON")))?;
    let Some(text) = text.as_string() else {
        return Ok(Value::Null);
    };
    serde_json::from_str(&text)
        .map_err(|error| type_error(&format!("{what} is not valid JSON: {error}")))
}

/// Converts JSON data to a plain JS value.
pub fn to_js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// Reads `object[key]`; `undefined` when `object` is not an object.
pub fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Checks that `options` is undefined, null or an object.
///
/// # Errors
/// A `TypeError` naming `what` otherwise.
pub fn check_options(options: &JsValue, what: &str) -> Result<(), JsValue> {
    if options.is_undefined() || options.is_null() || options.is_object() {
        Ok(())
    } else {
        Err(type_error(&format!("{what} must be an object")))
    }
}

/// Reads an optional string option.
///
/// # Errors
/// A `TypeError` when the value is neither undefined, null nor a string.
pub fn optional_string(options: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let value = field(options, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| type_error(&format!("option `{key}` must be a string")))
}

/// Reads `options.signal`.
///
/// # Errors
/// A `TypeError` when `signal` is set to something other than an AbortSignal.
pub fn signal_option(options: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let value = field(options, "signal");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| type_error("option `signal` must be an AbortSignal"))
}

/// Reads a filter object such as `{ kind: "python+job", state: "RUNNING" }` as query pairs.
/// Strings, numbers and booleans are accepted; undefined and null values are skipped.
///
/// # Errors
/// A `TypeError` for any other value.
pub fn filter_pairs(filters: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if filters.is_undefined() || filters.is_null() {
        return Ok(Vec::new());
    }
    if !filters.is_object() {
        return Err(type_error(
            "filters must be an object such as { state: \"RUNNING\" }",
        ));
    }
    let json = to_json(filters, "filters")?;
    let Value::Object(fields) = json else {
        return Err(type_error("filters must be a plain object"));
    };
    let mut pairs = Vec::new();
    for (key, value) in fields {
        let text = match value {
            Value::Null => continue,
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => {
                return Err(type_error(&format!(
                    "filter `{key}` must be a string, number or boolean"
                )))
            }
        };
        pairs.push((key, text));
    }
    Ok(pairs)
}
