//! Run rules that span fields: the task reference must match the run kind, and the function and
//! task references must name the same project.

use serde_json::{Map, Value};

use super::catalogue::{Owner, SPEC_FIELDS};
use super::codes;
use super::context::Context;
use super::issue::{Issue, RejectedBy};
use super::pointer;
use super::quote::quote;
use super::references;
use crate::kind::{Action, RunKind, TaskKind};

/// Returns the action of the run's task reference, when it parses and names a python task kind.
pub fn task_action(spec: &Map<String, Value>) -> Option<Action> {
    let task = spec.get("task").and_then(Value::as_str)?;
    let reference = references::parse_task(task)?;
    TaskKind::parse(reference.kind()).ok().map(TaskKind::action)
}

/// Checks the run kind against the task reference, and the projects of both references.
pub fn check(context: &mut Context, kind: RunKind, spec: &Map<String, Value>) {
    let task_text = spec.get("task").and_then(Value::as_str);
    let task = task_text.and_then(references::parse_task);
    if let Some(task) = &task {
        let task_kind = TaskKind::parse(task.kind()).ok();
        let matches = match (kind, task_kind) {
            (_, None) => false,
            (RunKind::Legacy, Some(_)) => true,
            (RunKind::Action(action), Some(task_kind)) => task_kind.action() == action,
        };
        if !matches {
            let expected_task = match kind {
                RunKind::Legacy => {
                    "a python task (python+job, python+serve or python+build)".to_string()
                }
                RunKind::Action(action) => format!("a {} task", TaskKind(action).as_str()),
            };
            let fix = match task_kind {
                Some(task_kind) if kind != RunKind::Legacy => format!(
                    "create the run as {} or point task at {expected_task}",
                    task_kind.run_kind(context.level).as_str()
                ),
                _ => format!("point task at {expected_task}"),
            };
            context.push(
                codes::RUN_KIND_MISMATCH,
                pointer::child("", "task"),
                format!(
                    "a {} run needs {expected_task}, but its task reference names kind {}: {fix}",
                    kind.as_str(),
                    quote(task.kind())
                ),
            );
        }
    }
    let function = spec
        .get("function")
        .and_then(Value::as_str)
        .and_then(references::parse_function);
    if let (Some(task), Some(function)) = (&task, &function) {
        if task.project() != function.project() {
            context.push(
                codes::PROJECT_MISMATCH,
                pointer::child("", "function"),
                format!(
                    "the function reference names project {} but the task reference names {}: \
                     a run, its task and its function belong to one project",
                    quote(function.project()),
                    quote(task.project())
                ),
            );
        }
    }
}

/// Gives Core-level issues on function fields of a run the code `invalid-function-field`.
/// Core's run schema leaves the function fields out, so those issues are stricter than the
/// schema, though Core rejects them when it binds the run.
pub fn mark_function_fields(issues: &mut [Issue]) {
    for issue in issues.iter_mut() {
        if issue.rejected_by != RejectedBy::Core {
            continue;
        }
        let Some(rest) = issue.path.strip_prefix('/') else {
            continue;
        };
        let top = rest.split('/').next().unwrap_or_default();
        let is_function_field = SPEC_FIELDS
            .iter()
            .any(|field| field.owner == Owner::Function && field.name == top);
        if is_function_field {
            issue.code = codes::INVALID_FUNCTION_FIELD.name;
        }
    }
}
