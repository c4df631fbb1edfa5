//! Spec checks as Core performs them on create and update: only the errors Core itself
//! reports (`Report::core_errors`), worded like Spring's bean-validation failure.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::model::PythonVersion;
use digitalhub_tasks::validate::{validate_function, validate_run, validate_task};

use crate::error::ApiError;

/// The spec being checked and its kind.
#[derive(Debug, Clone, Copy)]
pub enum SpecKind {
    Function(FunctionKind),
    Task(TaskKind),
    Run(RunKind),
}

impl SpecKind {
    fn name(self) -> &'static str {
        match self {
            SpecKind::Function(kind) => kind.as_str(),
            SpecKind::Task(kind) => kind.as_str(),
            SpecKind::Run(kind) => kind.as_str(),
        }
    }
}

/// One field Core rejects: a JSON Pointer into the spec and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub pointer: String,
    pub message: String,
}

static FALLBACK_LOGGED: AtomicBool = AtomicBool::new(false);

/// Checks `spec` and returns 400 with Core's validation message when Core would reject it.
///
/// # Errors
/// 400 `Validation failed for argument [0] …` listing each rejected field.
pub fn check_spec(kind: SpecKind, spec: &Value, level: ApiLevel) -> Result<(), ApiError> {
    let errors = core_errors(kind, spec, level);
    if errors.is_empty() {
        return Ok(());
    }
    Err(ApiError::bad_request(validation_message(
        kind, spec, &errors,
    )))
}

/// Collects the errors Core would report, from the library's validator. Should the
/// validator panic on some input, a small set of Core's own checks is used instead, so one
/// bad request cannot take a worker down.
pub fn core_errors(kind: SpecKind, spec: &Value, level: ApiLevel) -> Vec<FieldError> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let report = match kind {
            SpecKind::Function(kind) => validate_function(kind, spec, level),
            SpecKind::Task(kind) => validate_task(kind, spec, level),
            SpecKind::Run(kind) => validate_run(kind, spec, level),
        };
        report
            .core_errors()
            .filter(|issue| !checked_by_gateway(kind, issue.code, &issue.path))
            .map(|issue| FieldError {
                pointer: issue.path.clone(),
                message: issue.message.clone(),
            })
            .collect::<Vec<_>>()
    }));

    match outcome {
        Ok(errors) => errors,
        Err(_) => {
            if !FALLBACK_LOGGED.swap(true, Ordering::Relaxed) {
                tracing::error!("the library validator panicked; using the gateway's own checks");
            }
            fallback_errors(kind, spec, level)
        }
    }
}

/// Issue codes about references between entities. Core checks them after bean
/// validation, with its own messages (`Cannot create accessor for the given task string.`,
/// `project mismatch`, `invalid task`), and the gateway's handlers repeat those checks in
/// Core's order, so the validator's wording for them is not used.
const REFERENCE_CODES: [&str; 4] = [
    "invalid-function-ref",
    "invalid-task-ref",
    "run-kind-mismatch",
    "project-mismatch",
];

/// True for issues the handlers check themselves. A run without `function` passes Core's
/// validation and fails later in BUILD, so that issue is left to the BUILD step too.
fn checked_by_gateway(kind: SpecKind, code: &str, path: &str) -> bool {
    if REFERENCE_CODES.contains(&code) {
        return true;
    }
    matches!(kind, SpecKind::Run(_)) && code == "missing-field" && path == "/function"
}

/// Core's bean-validation rules that matter most, used if the library's validator panics.
fn fallback_errors(kind: SpecKind, spec: &Value, level: ApiLevel) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut reject = |pointer: &str, message: &str| {
        errors.push(FieldError {
            pointer: pointer.to_string(),
            message: message.to_string(),
        });
    };

    match kind {
        SpecKind::Function(_) => {
            if !spec.get("source").is_some_and(Value::is_object) {
                reject("/source", "must not be null");
            }
            match spec.get("python_version").and_then(Value::as_str) {
                None => reject("/python_version", "must not be null"),
                Some(text) => {
                    let known = PythonVersion::parse(text).is_some_and(|v| v.available_at(level));
                    if !known {
                        reject(
                            "/python_version",
                            "invalid python version for this Core release",
                        );
                    }
                }
            }
        }
        SpecKind::Task(task_kind) => {
            let function = spec.get("function").and_then(Value::as_str).unwrap_or("");
            if function.trim().is_empty() {
                reject("/function", "must not be blank");
            }
            if task_kind.action() == Action::Serve {
                if let Some(replicas) = spec.get("replicas") {
                    if replicas.as_i64().is_none_or(|count| count < 0) {
                        reject("/replicas", "must be greater than or equal to 0");
                    }
                }
            }
        }
        SpecKind::Run(_) => {
            let task = spec.get("task").and_then(Value::as_str).unwrap_or("");
            if task.is_empty() {
                reject("/task", "must not be empty");
            }
        }
    }
    errors
}

/// Words the failure like Spring's `MethodArgumentNotValidException`, which Core passes on.
pub fn validation_message(kind: SpecKind, spec: &Value, errors: &[FieldError]) -> String {
    let object = kind.name();
    let details: Vec<String> = errors
        .iter()
        .map(|error| {
            let field = field_name(&error.pointer);
            let rejected = rejected_value(spec, &error.pointer);
            format!(
                "[Field error in object '{object}' on field '{field}': rejected value \
                 [{rejected}]; default message [{}]]",
                error.message
            )
        })
        .collect();

    format!(
        "Validation failed for argument [0] in spec of kind {object} with {} error(s): {}",
        errors.len(),
        details.join(" ")
    )
}

/// Turns `/volumes/0/name` into Spring's property path `spec.volumes[0].name`.
fn field_name(pointer: &str) -> String {
    let mut name = String::from("spec");
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.chars().all(|c| c.is_ascii_digit()) && !segment.is_empty() {
            name.push_str(&format!("[{segment}]"));
        } else {
            name.push('.');
            name.push_str(&segment);
        }
    }
    name
}

/// Formats the rejected value as Spring prints it. Values under `envs` are masked because they may
/// be secrets.
fn rejected_value(spec: &Value, pointer: &str) -> String {
    if pointer.starts_with("/envs/") {
        return "******".to_string();
    }
    match spec.pointer(pointer) {
        None | Some(Value::Null) => "null".to_string(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn message_names_field_and_value() {
        let spec = json!({"replicas": -1});
        let errors = vec![FieldError {
            pointer: "/replicas".to_string(),
            message: "must be greater than or equal to 0".to_string(),
        }];
        let kind = SpecKind::Task(TaskKind(Action::Serve));
        let message = validation_message(kind, &spec, &errors);
        assert!(
            message.starts_with("Validation failed for argument [0]"),
            "{message}"
        );
        assert!(
            message.contains("on field 'spec.replicas': rejected value [-1]"),
            "{message}"
        );
    }

    #[test]
    fn array_paths_use_brackets() {
        assert_eq!(field_name("/volumes/0/name"), "spec.volumes[0].name");
        assert_eq!(field_name(""), "spec");
    }

    #[test]
    fn env_values_are_masked() {
        let spec = json!({"envs": [{"name": "TOKEN", "value": "hunter2"}]});
        assert_eq!(rejected_value(&spec, "/envs/0/value"), "******");
    }
}
