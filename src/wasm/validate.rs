//! `validateTask`, `validateFunction` and `validateRun`: the JS face of [`crate::validate`].
//!
//! They never throw for any spec value. A spec that is not JSON (undefined, a function, a BigInt,
//! a cycle, nesting deeper than serde_json's limit of 128) becomes one error issue at path `""`.
//! They throw a `TypeError` only for misuse: an unknown kind, a bad `apiLevel`, or options that
//! are not an object. The `assertValid*` variants throw a `ValidationError` instead of returning
//! an invalid result.
//!
//! NOTE: a panic inside the Rust validator is a bug, but it would still reach JS as a
//! `RuntimeError: unreachable`, because release builds abort on panic.

use std::borrow::Cow;

use js_sys::{Error, Reflect, JSON};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::errors::ValidationError;
use super::options::{api_level, kind_string, type_error};
use crate::kind::{FunctionKind, RunKind, TaskKind};
use crate::validate::{self, Issue, Report, Severity};

/// Validates a task spec of `kind` (`python+job`, `python+serve`, `python+build`) and returns
/// `{ valid, issues }`.
///
/// # Errors
/// A `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = validateTask, skip_typescript)]
pub fn validate_task(kind: JsValue, spec: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let outcome = check_task(&kind, &spec, &options)?;
    outcome.to_js()
}

/// Validates a function spec of `kind` (`python`) and returns `{ valid, issues }`.
///
/// # Errors
/// A `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = validateFunction, skip_typescript)]
pub fn validate_function(
    kind: JsValue,
    spec: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let outcome = check_function(&kind, &spec, &options)?;
    outcome.to_js()
}

/// Validates a run spec of `kind` (`python+job:run` and so on; `python+run` at level 13) and
/// returns `{ valid, issues }`.
///
/// # Errors
/// A `TypeError` for an unknown kind, a kind the level does not have, or a bad `apiLevel`.
#[wasm_bindgen(js_name = validateRun, skip_typescript)]
pub fn validate_run(kind: JsValue, spec: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let outcome = check_run(&kind, &spec, &options)?;
    outcome.to_js()
}

/// Like `validateTask`, but throws a `ValidationError` carrying the issues when the spec is
/// invalid. Returns `{ valid: true, issues }`, where the issues are warnings.
///
/// # Errors
/// A `ValidationError` for an invalid spec; a `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = assertValidTask, skip_typescript)]
pub fn assert_valid_task(
    kind: JsValue,
    spec: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    check_task(&kind, &spec, &options)?.into_result("task")
}

/// Like `validateFunction`, but throws a `ValidationError` when the spec is invalid.
///
/// # Errors
/// A `ValidationError` for an invalid spec; a `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = assertValidFunction, skip_typescript)]
pub fn assert_valid_function(
    kind: JsValue,
    spec: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    check_function(&kind, &spec, &options)?.into_result("function")
}

/// Like `validateRun`, but throws a `ValidationError` when the spec is invalid.
///
/// # Errors
/// A `ValidationError` for an invalid spec; a `TypeError` for an unknown kind or `apiLevel`.
#[wasm_bindgen(js_name = assertValidRun, skip_typescript)]
pub fn assert_valid_run(
    kind: JsValue,
    spec: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    check_run(&kind, &spec, &options)?.into_result("run")
}

fn check_task(kind: &JsValue, spec: &JsValue, options: &JsValue) -> Result<Outcome, JsValue> {
    let level = api_level(options)?;
    let kind =
        TaskKind::parse(&kind_string(kind, "task")?).map_err(|e| type_error(&e.to_string()))?;
    Ok(match spec_value(spec) {
        Ok(value) => Outcome::from_report(&validate::validate_task(kind, &value, level)),
        Err(issue) => Outcome::rejected(issue),
    })
}

fn check_function(kind: &JsValue, spec: &JsValue, options: &JsValue) -> Result<Outcome, JsValue> {
    let level = api_level(options)?;
    let kind = FunctionKind::parse(&kind_string(kind, "function")?)
        .map_err(|e| type_error(&e.to_string()))?;
    Ok(match spec_value(spec) {
        Ok(value) => Outcome::from_report(&validate::validate_function(kind, &value, level)),
        Err(issue) => Outcome::rejected(issue),
    })
}

fn check_run(kind: &JsValue, spec: &JsValue, options: &JsValue) -> Result<Outcome, JsValue> {
    let level = api_level(options)?;
    let kind = RunKind::parse(&kind_string(kind, "run")?, level)
        .map_err(|e| type_error(&e.to_string()))?;
    Ok(match spec_value(spec) {
        Ok(value) => Outcome::from_report(&validate::validate_run(kind, &value, level)),
        Err(issue) => Outcome::rejected(issue),
    })
}

/// Converts a JS spec to JSON through `JSON.stringify`, so `toJSON` methods apply, `NaN` becomes
/// null and `undefined` fields disappear exactly as they would in a `fetch` body. On failure,
/// returns the issue that replaces the validation result.
pub fn spec_value(spec: &JsValue) -> Result<Value, OutcomeIssue> {
    let text = match JSON::stringify(spec) {
        Ok(text) => JsValue::from(text).as_string(),
        Err(thrown) if stack_overflow(&thrown) => {
            return Err(too_deep());
        }
        Err(thrown) => {
            return Err(OutcomeIssue::boundary(
                "not-json",
                format!(
                    "The spec cannot be converted to JSON: {}. Pass plain objects, arrays, \
                     strings, numbers, booleans and null only.",
                    stringify_failure(&thrown)
                ),
            ));
        }
    };
    let Some(text) = text else {
        let type_name = spec.js_typeof().as_string().unwrap_or_default();
        let message = if type_name == "object" {
            "The spec's toJSON method returned undefined, so the spec has no JSON form. Pass a \
             spec object."
                .to_string()
        } else {
            format!("The spec has type {type_name}, which has no JSON form. Pass a spec object.")
        };
        return Err(OutcomeIssue::boundary("not-json", message));
    };
    serde_json::from_str(&replace_lone_surrogates(&text)).map_err(|error| {
        if error.to_string().contains("recursion limit") {
            too_deep()
        } else {
            OutcomeIssue::boundary(
                "not-json",
                format!("The spec's JSON text could not be parsed: {error}."),
            )
        }
    })
}

/// The issue for a spec nested deeper than serde_json's limit of 128, or so deep that
/// `JSON.stringify` overflowed the JS stack.
fn too_deep() -> OutcomeIssue {
    OutcomeIssue::boundary(
        "too-deep",
        "The spec nests objects or arrays more than 128 levels deep. Flatten it; no DigitalHub \
         spec nests that deep."
            .to_string(),
    )
}

/// True when `JSON.stringify` threw because the nesting overflowed the stack: a `RangeError`
/// about the call stack (V8, JavaScriptCore) or an `InternalError` about recursion (Firefox).
fn stack_overflow(thrown: &JsValue) -> bool {
    if thrown.dyn_ref::<Error>().is_none() {
        return false;
    }
    let read = |key: &str| {
        Reflect::get(thrown, &JsValue::from_str(key))
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    };
    let (name, message) = (read("name"), read("message"));
    (name == "RangeError" && message.contains("call stack"))
        || (name == "InternalError" && message.contains("recursion"))
}

/// Rewrites the `\uXXXX` escapes of lone UTF-16 surrogates in JSON text as `\ufffd`.
///
/// A JS string may hold a lone surrogate, and `JSON.stringify` writes it as such an escape.
/// serde_json rejects those escapes, but the spec is valid JSON that Core, whose strings are
/// Java strings, reads, so only that character is replaced and the rest is validated as usual.
fn replace_lone_surrogates(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let unit_at = |position: usize| -> Option<u32> {
        if bytes.get(position) != Some(&b'\\') || bytes.get(position + 1) != Some(&b'u') {
            return None;
        }
        let digits = text.get(position + 2..position + 6)?;
        u32::from_str_radix(digits, 16).ok()
    };
    let mut repaired = String::new();
    let mut replaced_any = false;
    let mut copied = 0;
    let mut position = 0;
    while position < bytes.len() {
        if bytes[position] != b'\\' {
            position += 1;
            continue;
        }
        let lone = match unit_at(position) {
            None => {
                // Another escape such as \\ or \": skip both characters.
                position += 2;
                continue;
            }
            Some(0xD800..=0xDBFF) => match unit_at(position + 6) {
                Some(0xDC00..=0xDFFF) => {
                    position += 12;
                    continue;
                }
                _ => true,
            },
            Some(0xDC00..=0xDFFF) => true,
            Some(_) => false,
        };
        if lone {
            repaired.push_str(&text[copied..position]);
            repaired.push_str("\\ufffd");
            replaced_any = true;
            copied = position + 6;
        }
        position += 6;
    }
    if !replaced_any {
        return Cow::Borrowed(text);
    }
    repaired.push_str(&text[copied..]);
    Cow::Owned(repaired)
}

/// Describes why `JSON.stringify` threw, from the thrown error's name and message. The message
/// itself is left out because a `toJSON` method may put any value, a secret included, into it.
/// Both are read with `Reflect.get`, so a getter that throws on the error leaves them empty.
fn stringify_failure(thrown: &JsValue) -> String {
    if thrown.dyn_ref::<Error>().is_none() {
        return "JSON.stringify threw a non-error value".to_string();
    }
    let read = |key: &str| {
        Reflect::get(thrown, &JsValue::from_str(key))
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    };
    let message = read("message");
    if message.contains("BigInt") {
        return "it contains a BigInt; convert it to a number or string first".to_string();
    }
    if message.contains("circular") || message.contains("cyclic") {
        return "it contains a reference cycle".to_string();
    }
    let name = read("name");
    if name == "RangeError" {
        return "JSON.stringify threw a RangeError (nesting too deep or text too long)".to_string();
    }
    let error_name = if name.is_empty() || name.chars().count() > 40 {
        "Error".to_string()
    } else {
        name
    };
    format!(
        "JSON.stringify threw an exception ({error_name}), perhaps from a toJSON method, a getter \
         or a Proxy"
    )
}

/// One issue as JS receives it, with the fields in the order of the TypeScript `Issue` type.
#[derive(Serialize)]
pub struct OutcomeIssue {
    path: String,
    code: String,
    severity: Severity,
    message: String,
}

impl OutcomeIssue {
    /// Builds an error issue at the spec root, for a spec the bindings could not turn into JSON.
    fn boundary(code: &str, message: String) -> OutcomeIssue {
        OutcomeIssue {
            path: String::new(),
            code: code.to_string(),
            severity: Severity::Error,
            message,
        }
    }

    fn from_issue(issue: &Issue) -> OutcomeIssue {
        OutcomeIssue {
            path: issue.path.clone(),
            code: issue.code.to_string(),
            severity: issue.severity,
            message: issue.message.clone(),
        }
    }
}

/// The `{ valid, issues }` object handed to JS.
#[derive(Serialize)]
struct Outcome {
    valid: bool,
    issues: Vec<OutcomeIssue>,
}

impl Outcome {
    fn from_report(report: &Report) -> Outcome {
        Outcome {
            valid: report.is_valid(),
            issues: report.issues.iter().map(OutcomeIssue::from_issue).collect(),
        }
    }

    fn rejected(issue: OutcomeIssue) -> Outcome {
        Outcome {
            valid: false,
            issues: vec![issue],
        }
    }

    fn to_js(&self) -> Result<JsValue, JsValue> {
        serialize_to_js(self)
    }

    /// `Ok` with the outcome when valid, else `Err` with a `ValidationError`.
    fn into_result(self, entity: &str) -> Result<JsValue, JsValue> {
        if self.valid {
            return self.to_js();
        }
        let mut errors = self
            .issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error);
        let first = errors
            .next()
            .map(|issue| issue.message.as_str())
            .unwrap_or("");
        let message = match errors.count() {
            0 => format!("invalid {entity} spec: {first}"),
            more => format!(
                "invalid {entity} spec, {} errors; the first: {first}",
                more + 1
            ),
        };
        let issues = serialize_to_js(&self.issues)?;
        Err(ValidationError::new(&message, &issues).into())
    }
}

/// Converts serializable data to plain JS objects and arrays through JSON text and `JSON.parse`.
pub fn serialize_to_js<T: Serialize + ?Sized>(data: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(data)
        .map_err(|error| type_error(&format!("serializing the result failed: {error}")))?;
    JSON::parse(&text)
}
