//! Reading entity DTOs and building the reference strings that link them.

use serde_json::Value;

use super::error::ClientError;
use crate::kind::{Action, RunKind, TaskKind};
use crate::level::ApiLevel;

/// A string field of a JSON object, when present and not empty.
pub fn text_field<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
}

/// The `id` of an entity DTO.
///
/// # Errors
/// [`ClientError::InvalidResponse`] when the DTO has no string `id`.
pub fn entity_id(entity: &Value) -> Result<&str, ClientError> {
    text_field(entity, "/id").ok_or_else(|| ClientError::InvalidResponse {
        status: 200,
        message: "the entity has no `id`".into(),
    })
}

/// The reference Core expects in `spec.function`: `<kind>://<project>/<name>:<id>`, such as
/// `python://demo/echo:0f3c…`.
///
/// # Errors
/// [`ClientError::Validation`] when the function DTO lacks `kind`, `project`, `name` or `id`.
pub fn function_reference(function: &Value) -> Result<String, ClientError> {
    let field = |name: &str| {
        text_field(function, &format!("/{name}")).ok_or_else(|| {
            ClientError::invalid(
                &format!("/function/{name}"),
                "invalid-function-reference",
                format!(
                    "the function has no `{name}`; pass the object that createFunction or \
                     getFunction returned"
                ),
            )
        })
    };
    Ok(format!(
        "{}://{}/{}:{}",
        field("kind")?,
        field("project")?,
        field("name")?,
        field("id")?
    ))
}

/// The task string Core expects in a run's `spec.task`: `<taskKind>://<project>/<taskId>`.
pub fn task_reference(kind: TaskKind, project: &str, task_id: &str) -> String {
    format!("{kind}://{project}/{task_id}")
}

/// `status.state` of a run.
pub fn run_state(run: &Value) -> Option<&str> {
    text_field(run, "/status/state")
}

/// `status.service.url` of a served run: `host:port`, normally without a scheme.
pub fn service_url(run: &Value) -> Option<&str> {
    text_field(run, "/status/service/url")
}

/// `status.message`: Core's explanation of the last state change.
pub fn status_message(run: &Value) -> Option<&str> {
    text_field(run, "/status/message")
}

/// The action a run performs, from its kind (`python+serve:run`) or, for Core 0.13's
/// `python+run`, from the task string in `spec.task`.
pub fn run_action(run: &Value) -> Option<Action> {
    let kind = text_field(run, "/kind")?;
    // Level 15 accepts every per-action run kind and rejects `python+run`, which names no action.
    let from_kind = RunKind::parse(kind, ApiLevel::V15)
        .ok()
        .and_then(RunKind::action);
    from_kind.or_else(|| {
        let task = text_field(run, "/spec/task")?;
        let (task_kind, _) = task.split_once("://")?;
        TaskKind::parse(task_kind).ok().map(TaskKind::action)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn function_reference_from_dto() {
        let function = json!({
            "id": "0a1b", "name": "echo", "kind": "python", "project": "demo",
            "key": "store://demo/function/python/echo:0a1b"
        });
        assert_eq!(
            function_reference(&function).unwrap(),
            "python://demo/echo:0a1b"
        );
    }

    #[test]
    fn function_reference_names_missing_field() {
        for missing in ["id", "name", "kind", "project"] {
            let mut function = json!({ "id": "1", "name": "n", "kind": "python", "project": "p" });
            function.as_object_mut().unwrap().remove(missing);
            let Err(ClientError::Validation(issues)) = function_reference(&function) else {
                panic!("accepted a function without {missing}");
            };
            assert_eq!(issues[0].path, format!("/function/{missing}"));
        }
    }

    #[test]
    fn task_reference_format() {
        let reference = task_reference(TaskKind(Action::Serve), "demo", "abc123");
        assert_eq!(reference, "python+serve://demo/abc123");
    }

    #[test]
    fn run_action_table() {
        let cases = [
            (json!({ "kind": "python+serve:run" }), Some(Action::Serve)),
            (json!({ "kind": "python+job:run" }), Some(Action::Job)),
            (json!({ "kind": "python+build:run" }), Some(Action::Build)),
            (
                json!({ "kind": "python+run", "spec": { "task": "python+build://p/t" } }),
                Some(Action::Build),
            ),
            (
                json!({ "kind": "python+run", "spec": { "task": "python+serve://p/t" } }),
                Some(Action::Serve),
            ),
            (json!({ "kind": "python+run" }), None),
            (json!({ "kind": "container+run" }), None),
            (json!({}), None),
        ];
        for (run, expected) in cases {
            assert_eq!(run_action(&run), expected, "run {run}");
        }
    }

    #[test]
    fn status_readers() {
        let run = json!({ "id": "r1", "status": {
            "state": "RUNNING", "message": "", "service": { "url": "svc.ns:8080" }
        }});
        assert_eq!(entity_id(&run).unwrap(), "r1");
        assert_eq!(run_state(&run), Some("RUNNING"));
        assert_eq!(service_url(&run), Some("svc.ns:8080"));
        assert_eq!(status_message(&run), None);
        assert!(entity_id(&json!({ "id": 5 })).is_err());
    }
}
