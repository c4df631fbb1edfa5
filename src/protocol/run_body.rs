//! The Task and Run DTOs that `client.run()` posts, built the way the python SDK's
//! `function.run()` builds them.

use serde_json::{json, Map, Value};

use super::entity::{function_reference, task_reference, text_field};
use super::error::ClientError;
use crate::kind::TaskKind;
use crate::level::ApiLevel;
use crate::validate::{validate_run, Issue, RejectedBy, Severity};

/// Run-level fields of a python run spec. Every other parameter is a task field (resources,
/// envs, replicas and so on), which the run spec may carry too: Core merges the task spec into
/// the run spec only where the run spec lacks a field.
pub const RUN_FIELDS: [&str; 4] = ["inputs", "parameters", "init_parameters", "local_execution"];

/// Fields the client sets itself and the caller must not pass.
const RESERVED_FIELDS: [&str; 2] = ["task", "function"];

/// The query that finds the task of `kind` for a function: `function=<ref>&kind=<kind>`.
pub fn task_lookup_filters(function_reference: &str, kind: TaskKind) -> Vec<(String, String)> {
    vec![
        ("function".to_string(), function_reference.to_string()),
        ("kind".to_string(), kind.as_str().to_string()),
    ]
}

/// The reference of a python `function` of `project`, for the task and run specs.
///
/// # Errors
/// [`ClientError::Validation`] when the DTO lacks a field of the reference, is not a `python`
/// function, or belongs to another project (Core rejects that with "project mismatch").
pub fn python_function_reference(function: &Value, project: &str) -> Result<String, ClientError> {
    let reference = function_reference(function)?;
    let kind = text_field(function, "/kind").unwrap_or_default();
    if kind != "python" {
        return Err(ClientError::invalid(
            "/function/kind",
            "unsupported-function-kind",
            format!("function kind {kind:?} is not supported: this client runs python functions"),
        ));
    }
    let owner = text_field(function, "/project").unwrap_or_default();
    if owner != project {
        return Err(ClientError::invalid(
            "/function/project",
            "project-mismatch",
            format!(
                "the function belongs to project {owner:?}, not {project:?}; use a client for \
                 that project"
            ),
        ));
    }
    Ok(reference)
}

/// Checks the caller's run parameters and returns them as a map.
///
/// # Errors
/// [`ClientError::Validation`] when `params` is not an object, names `task` or `function`, or
/// sets `local_execution` to anything but `false` (runs are executed by Core, not in the page).
pub fn check_params(params: &Value) -> Result<Map<String, Value>, ClientError> {
    let fields = match params {
        Value::Null => return Ok(Map::new()),
        Value::Object(fields) => fields.clone(),
        other => {
            return Err(ClientError::invalid(
                "",
                "invalid-params",
                format!("run parameters must be an object, not {other}"),
            ))
        }
    };
    let mut issues = Vec::new();
    for reserved in RESERVED_FIELDS {
        if fields.contains_key(reserved) {
            issues.push(Issue {
                path: format!("/{reserved}"),
                code: "reserved-field",
                severity: Severity::Error,
                message: format!(
                    "`{reserved}` is set by the client from the function and action; remove it"
                ),
                rejected_by: RejectedBy::Library,
            });
        }
    }
    if let Some(local) = fields.get("local_execution") {
        if local != &Value::Bool(false) {
            issues.push(Issue {
                path: "/local_execution".to_string(),
                code: "unsupported-local-execution",
                severity: Severity::Error,
                message: format!(
                    "local_execution {local} is not supported: Core builds and runs the run; \
                     remove the field or set it to false"
                ),
                rejected_by: RejectedBy::Library,
            });
        }
    }
    if issues.is_empty() {
        Ok(fields)
    } else {
        Err(ClientError::Validation(issues))
    }
}

/// A function reference used in place of an invalid one, so that the run spec can still be
/// validated and every issue reported at once.
const PLACEHOLDER_FUNCTION: &str = "python://project/function:0";

/// Checks everything `client.run()` can check before sending a request: the function, the
/// parameters and the run spec they make at `level` with the task id `task_id`. Returns the
/// function reference and the parameters.
///
/// # Errors
/// [`ClientError::Validation`] with every issue found: those of [`python_function_reference`],
/// [`check_params`] and [`validate_run`] together (with the warnings), so the caller fixes them
/// in one go.
pub fn prepare_run(
    function: &Value,
    project: &str,
    kind: TaskKind,
    params: &Value,
    task_id: &str,
    level: ApiLevel,
) -> Result<(String, Map<String, Value>), ClientError> {
    let mut issues = Vec::new();
    let mut collect = |error: ClientError| match error {
        ClientError::Validation(found) => {
            issues.extend(found);
            Ok(())
        }
        other => Err(other),
    };
    let reference = match python_function_reference(function, project) {
        Ok(reference) => Some(reference),
        Err(error) => {
            collect(error)?;
            None
        }
    };
    let fields = match check_params(params) {
        Ok(fields) => fields,
        Err(error) => {
            collect(error)?;
            match params {
                // The reserved fields are overwritten by run_spec and need no second issue.
                Value::Object(fields) => fields.clone(),
                _ => return Err(ClientError::Validation(issues)),
            }
        }
    };
    let draft_reference = reference.as_deref().unwrap_or(PLACEHOLDER_FUNCTION);
    let draft = run_spec(project, kind, task_id, draft_reference, &fields);
    let report = validate_run(kind.run_kind(level), &draft, level);
    issues.extend(report.issues);
    let has_error = issues.iter().any(|issue| issue.severity == Severity::Error);
    match reference {
        Some(reference) if !has_error => Ok((reference, fields)),
        _ => Err(ClientError::Validation(issues)),
    }
}

/// Selects the task fields among `params`: everything but [`RUN_FIELDS`].
pub fn task_fields(params: &Map<String, Value>) -> Map<String, Value> {
    params
        .iter()
        .filter(|(key, _)| !RUN_FIELDS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// The Task DTO for a new task of `kind` on the function `function_reference`.
///
/// From level 14 on, the python SDK creates the task with no parameters and puts them all in
/// the run spec. Core 0.13's SDK created the task with its task fields, so at level 13 they go
/// into the task spec as well.
pub fn task_dto(
    project: &str,
    kind: TaskKind,
    function_reference: &str,
    id: &str,
    params: &Map<String, Value>,
    level: ApiLevel,
) -> Value {
    let mut spec = match level {
        ApiLevel::V13 => task_fields(params),
        ApiLevel::V14 | ApiLevel::V15 => Map::new(),
    };
    spec.insert("function".into(), json!(function_reference));
    json!({
        "id": id,
        "project": project,
        "kind": kind.as_str(),
        "spec": spec,
    })
}

/// Builds the run spec: every parameter, plus `task`, `function` and `local_execution: false`.
pub fn run_spec(
    project: &str,
    kind: TaskKind,
    task_id: &str,
    function_reference: &str,
    params: &Map<String, Value>,
) -> Value {
    let mut spec = params.clone();
    spec.insert("task".into(), json!(task_reference(kind, project, task_id)));
    spec.insert("function".into(), json!(function_reference));
    spec.insert("local_execution".into(), json!(false));
    Value::Object(spec)
}

/// Wraps a spec from [`run_spec`] in a Run DTO. Its kind is `python+serve:run` and the like
/// from level 14 on, `python+run` at level 13. With the function's `key`, the metadata records
/// a `run_of` relationship to it, as the python SDK does.
pub fn run_dto(
    project: &str,
    kind: TaskKind,
    id: &str,
    spec: Value,
    level: ApiLevel,
    function_key: Option<&str>,
) -> Value {
    let mut dto = json!({
        "id": id,
        "project": project,
        "kind": kind.run_kind(level).as_str(),
        "spec": spec,
    });
    if let Some(key) = function_key {
        dto["metadata"] = json!({
            "relationships": [{ "type": "run_of", "dest": key }],
        });
    }
    dto
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;

    const FUNCTION: &str = "python://demo/echo:f1";

    fn params() -> Map<String, Value> {
        let value = json!({
            "replicas": 1,
            "resources": { "cpu": "1", "mem": "1Gi" },
            "envs": [{ "name": "A", "value": "b" }],
            "init_parameters": { "greeting": "hi" },
        });
        check_params(&value).unwrap()
    }

    #[test]
    fn prepare_run_reports_every_issue() {
        let function = json!({ "id": "f1", "kind": "python", "project": "demo", "name": "echo" });
        let params = json!({
            "task": "x",
            "local_execution": true,
            "replicas": -1,
            "resources": { "cpu": "lots" },
        });
        let kind = TaskKind(Action::Serve);
        let error = prepare_run(&function, "demo", kind, &params, "t1", ApiLevel::V15);
        let Err(ClientError::Validation(issues)) = error else {
            panic!("expected a validation error, got {error:?}");
        };
        let paths: Vec<&str> = issues.iter().map(|issue| issue.path.as_str()).collect();
        for expected in ["/task", "/local_execution", "/replicas", "/resources/cpu"] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }

        let foreign = json!({ "id": "f1", "kind": "python", "project": "other", "name": "echo" });
        let bad = json!({ "replicas": -1 });
        let error = prepare_run(&foreign, "demo", kind, &bad, "t1", ApiLevel::V15);
        let Err(ClientError::Validation(issues)) = error else {
            panic!("expected a validation error, got {error:?}");
        };
        let paths: Vec<&str> = issues.iter().map(|issue| issue.path.as_str()).collect();
        assert!(paths.contains(&"/function/project"), "{paths:?}");
        assert!(paths.contains(&"/replicas"), "{paths:?}");
    }

    #[test]
    fn prepare_run_accepts_valid_input() {
        let function = json!({ "id": "f1", "kind": "python", "project": "demo", "name": "echo" });
        let params = json!({ "replicas": 1, "init_parameters": { "greeting": "hi" } });
        let kind = TaskKind(Action::Serve);
        let (reference, fields) =
            prepare_run(&function, "demo", kind, &params, "t1", ApiLevel::V15).unwrap();
        assert_eq!(reference, "python://demo/echo:f1");
        assert_eq!(fields.get("replicas"), Some(&json!(1)));
        let not_object = prepare_run(&function, "demo", kind, &json!(3), "t1", ApiLevel::V15);
        assert!(matches!(not_object, Err(ClientError::Validation(_))));
    }

    #[test]
    fn run_dto_per_level() {
        let cases = [
            (ApiLevel::V15, "python+serve:run"),
            (ApiLevel::V14, "python+serve:run"),
            (ApiLevel::V13, "python+run"),
        ];
        for (level, run_kind) in cases {
            let kind = TaskKind(Action::Serve);
            let spec = run_spec("demo", kind, "t1", FUNCTION, &params());
            let dto = run_dto("demo", kind, "r1", spec, level, None);
            let expected = json!({
                "id": "r1",
                "project": "demo",
                "kind": run_kind,
                "spec": {
                    "task": "python+serve://demo/t1",
                    "function": FUNCTION,
                    "local_execution": false,
                    "replicas": 1,
                    "resources": { "cpu": "1", "mem": "1Gi" },
                    "envs": [{ "name": "A", "value": "b" }],
                    "init_parameters": { "greeting": "hi" },
                },
            });
            assert_eq!(dto, expected, "level {level}");
        }
    }

    #[test]
    fn run_dto_records_run_of() {
        let kind = TaskKind(Action::Job);
        let spec = run_spec("demo", kind, "t1", FUNCTION, &Map::new());
        let key = "store://demo/function/python/echo:f1";
        let dto = run_dto("demo", kind, "r1", spec, ApiLevel::V15, Some(key));
        assert_eq!(
            dto["metadata"],
            json!({ "relationships": [{ "type": "run_of", "dest": key }] })
        );
    }

    #[test]
    fn task_dto_per_level() {
        let kind = TaskKind(Action::Serve);
        let current = task_dto("demo", kind, FUNCTION, "t1", &params(), ApiLevel::V15);
        assert_eq!(
            current,
            json!({
                "id": "t1", "project": "demo", "kind": "python+serve",
                "spec": { "function": FUNCTION },
            })
        );
        let legacy = task_dto("demo", kind, FUNCTION, "t1", &params(), ApiLevel::V13);
        assert_eq!(
            legacy["spec"],
            json!({
                "function": FUNCTION,
                "replicas": 1,
                "resources": { "cpu": "1", "mem": "1Gi" },
                "envs": [{ "name": "A", "value": "b" }],
            })
        );
    }

    #[test]
    fn lookup_filters() {
        let filters = task_lookup_filters(FUNCTION, TaskKind(Action::Job));
        assert_eq!(
            filters,
            vec![
                ("function".to_string(), FUNCTION.to_string()),
                ("kind".to_string(), "python+job".to_string()),
            ]
        );
    }

    #[test]
    fn params_rejections() {
        let cases = [
            (
                json!({ "task": "x", "function": "y" }),
                vec!["reserved-field", "reserved-field"],
            ),
            (
                json!({ "local_execution": true }),
                vec!["unsupported-local-execution"],
            ),
            (
                json!({ "local_execution": "false" }),
                vec!["unsupported-local-execution"],
            ),
            (json!([1]), vec!["invalid-params"]),
            (json!("x"), vec!["invalid-params"]),
        ];
        for (value, expected) in cases {
            let Err(ClientError::Validation(issues)) = check_params(&value) else {
                panic!("params {value} were accepted");
            };
            let codes: Vec<&str> = issues.iter().map(|issue| issue.code).collect();
            assert_eq!(codes, expected, "params {value}");
        }
    }

    #[test]
    fn function_reference_checks() {
        let function = json!({ "id": "f1", "name": "echo", "kind": "python", "project": "demo" });
        assert_eq!(
            python_function_reference(&function, "demo").unwrap(),
            FUNCTION
        );

        let cases = [
            (
                json!({ "id": "f1", "name": "echo", "kind": "python", "project": "other" }),
                "project-mismatch",
            ),
            (
                json!({ "id": "f1", "name": "echo", "kind": "container", "project": "demo" }),
                "unsupported-function-kind",
            ),
            (
                json!({ "name": "echo", "kind": "python", "project": "demo" }),
                "invalid-function-reference",
            ),
        ];
        for (function, code) in cases {
            let Err(ClientError::Validation(issues)) = python_function_reference(&function, "demo")
            else {
                panic!("function {function} was accepted");
            };
            assert_eq!(issues[0].code, code, "function {function}");
        }
    }

    #[test]
    fn params_accepted() {
        assert_eq!(check_params(&Value::Null).unwrap(), Map::new());
        let fields = check_params(&json!({ "local_execution": false, "replicas": 2 })).unwrap();
        assert_eq!(fields.len(), 2);
    }
}
