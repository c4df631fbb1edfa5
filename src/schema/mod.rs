//! JSON Schemas (draft 2020-12) of python function, task and run specs, generated from the
//! field catalogue the validator walks, for form libraries such as rjsf or JSON Forms.
//!
//! Each schema is self-contained: nested types live in `$defs` and are referenced with `$ref`.
//! It carries titles, descriptions, the enum values of the level, the defaults Core applies,
//! minimums, and patterns for the rules a single value can express (resource and size
//! quantities, volume and env names, references, handler, base64). Objects are closed with
//! `additionalProperties: false`, because Core drops unknown fields.
//!
//! The schema is a form contract, not the whole validator: rules that span values (unique
//! volume names and mount paths, the alias Service name length, a run's task kind and project)
//! are only in [`crate::validate`]. Scheduling fields that Core 0.15 drops are absent from the
//! 0.15 schemas, where the validator only warns about them.

mod render;

use serde_json::Value;

use crate::kind::{FunctionKind, RunKind, TaskKind};
use crate::level::ApiLevel;
use crate::validate::catalogue::Entity;
use render::Renderer;

/// Generates the JSON Schema of a task spec of `kind` at `level`.
pub fn task_schema(kind: TaskKind, level: ApiLevel) -> Value {
    let action = kind.action();
    Renderer::new(level, Entity::Task(action)).root(
        format!("Python {} task", action.name()),
        format!(
            "Spec of a {} task as Core {} accepts it.",
            kind.as_str(),
            level.core_version()
        ),
    )
}

/// Generates the JSON Schema of a function spec of `kind` at `level`.
pub fn function_schema(kind: FunctionKind, level: ApiLevel) -> Value {
    Renderer::new(level, Entity::Function).root(
        "Python function".to_string(),
        format!(
            "Spec of a {} function as Core {} accepts it.",
            kind.as_str(),
            level.core_version()
        ),
    )
}

/// Generates the JSON Schema of a run spec of `kind` at `level`: the run fields, the task fields of the
/// run's action (all three actions for `python+run`), and the function fields Core merges in.
pub fn run_schema(kind: RunKind, level: ApiLevel) -> Value {
    let entity = Entity::Run {
        all_actions: kind == RunKind::Legacy,
        action: kind.action(),
    };
    let title = match kind.action() {
        Some(action) => format!("Python {} run", action.name()),
        None => "Python run".to_string(),
    };
    Renderer::new(level, entity).root(
        title,
        format!(
            "Spec of a {} run as Core {} accepts it.",
            kind.as_str(),
            level.core_version()
        ),
    )
}
