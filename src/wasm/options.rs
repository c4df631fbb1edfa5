//! Reading the arguments every binding shares: a kind string and the `{ apiLevel }` options
//! object. Misuse of these is a programming error, so it becomes a JS `TypeError`.

use js_sys::{Number, Reflect, TypeError};
use wasm_bindgen::prelude::*;

use crate::level::ApiLevel;

/// Reads `kind` as a string, or fails with a `TypeError` that names `entity` (task, run, ...).
pub fn kind_string(kind: &JsValue, entity: &str) -> Result<String, JsValue> {
    kind.as_string().ok_or_else(|| {
        type_error(&format!(
            "{entity} kind must be a string such as \"python+job\", got {}",
            describe(kind)
        ))
    })
}

/// Reads `options.apiLevel`. Undefined or null options, and a missing level, mean level 15.
///
/// # Errors
/// A `TypeError` when `options` is not an object, or `apiLevel` is not 13, 14 or 15.
pub fn api_level(options: &JsValue) -> Result<ApiLevel, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(ApiLevel::default());
    }
    if !options.is_object() {
        return Err(type_error(&format!(
            "options must be an object such as {{ apiLevel: 15 }}, got {}",
            describe(options)
        )));
    }
    let level = Reflect::get(options, &JsValue::from_str("apiLevel"))
        .map_err(|_| type_error("reading options.apiLevel threw; pass a plain object"))?;
    if level.is_undefined() {
        return Ok(ApiLevel::default());
    }
    let number = level.as_f64().filter(|number| number.fract() == 0.0);
    let parsed = number
        .filter(|number| (0.0..=f64::from(u32::MAX)).contains(number))
        .and_then(|number| ApiLevel::from_number(number as u32).ok());
    parsed.ok_or_else(|| {
        type_error(&format!(
            "options.apiLevel must be 13, 14 or 15, got {}",
            describe(&level)
        ))
    })
}

/// Builds a JS `TypeError` with `message`.
pub fn type_error(message: &str) -> JsValue {
    TypeError::new(message).into()
}

/// A short description of a JS value for error messages: numbers, booleans and short strings
/// as themselves, anything else by its type.
fn describe(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        if text.chars().count() <= 40 {
            return format!("{text:?}");
        }
        return "a long string".to_string();
    }
    if value.as_f64().is_some() {
        // JS formats the number: Rust's f64 Display would add about 14 KB to the module.
        let formatted = value.unchecked_ref::<Number>().to_string_with_radix(10);
        return formatted
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default();
    }
    if let Some(flag) = value.as_bool() {
        return flag.to_string();
    }
    if value.is_null() {
        return "null".to_string();
    }
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "a value".to_string())
}
