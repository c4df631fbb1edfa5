//! Spec validation: one pass that reports every problem with its JSON Pointer.
//!
//! The structural checks follow the field catalogue (`catalogue.rs`), which also drives the JSON
//! Schemas of [`crate::schema`]. The Kubernetes and Core rules that the published schemas lack
//! live one per file next to it; `codes.rs` lists every issue code.

mod affinity;
mod base64;
pub(crate) mod catalogue;
mod class_names;
pub mod codes;
mod context;
mod envs;
mod issue;
mod labels;
mod lowercase;
mod node_selector;
mod pointer;
mod quantity;
mod quote;
mod references;
mod resources;
mod run_spec;
mod schedule;
mod service;
mod source;
mod suggest;
mod tolerations;
mod volumes;
mod walker;

pub use issue::{Issue, RejectedBy, Report, Severity};
pub(crate) use volumes::spec_keys as volume_spec_keys;

use serde_json::{Map, Value};

use catalogue::{Entity, Owner};
use context::Context;

use crate::kind::{Action, FunctionKind, RunKind, TaskKind};
use crate::level::ApiLevel;

/// Validates a task spec of `kind` as Core at `level` would accept it, plus the rules that
/// Kubernetes or the runtime enforce later.
pub fn validate_task(kind: TaskKind, spec: &Value, level: ApiLevel) -> Report {
    let mut context = Context::new(level, Entity::Task(kind.action()));
    if let Some(spec) = object_or_report(&mut context, spec, kind.as_str()) {
        walker::walk_spec(&mut context, spec);
        check_task_rules(&mut context, spec);
    }
    finish(context)
}

/// Validates a function spec of `kind` at `level`.
pub fn validate_function(kind: FunctionKind, spec: &Value, level: ApiLevel) -> Report {
    let mut context = Context::new(level, Entity::Function);
    if let Some(spec) = object_or_report(&mut context, spec, kind.as_str()) {
        walker::walk_spec(&mut context, spec);
        source::check_code_present(&mut context, spec);
    }
    finish(context)
}

/// Validates a run spec of `kind` at `level`.
///
/// A run may carry the task fields of its action, because Core merges the run over the task.
/// It may also carry the function fields, because Core merges them into stored runs. Both are
/// checked with the task and function rules.
pub fn validate_run(kind: RunKind, spec: &Value, level: ApiLevel) -> Report {
    let provisional = Entity::Run {
        all_actions: kind == RunKind::Legacy,
        action: kind.action(),
    };
    let mut context = Context::new(level, provisional);
    if RunKind::parse(kind.as_str(), level).is_err() {
        let expected = match level {
            ApiLevel::V13 => "python+run".to_string(),
            ApiLevel::V14 | ApiLevel::V15 => {
                "python+job:run, python+serve:run or python+build:run".to_string()
            }
        };
        context.push(
            codes::UNKNOWN_KIND,
            String::new(),
            format!(
                "run kind {} does not exist at API level {level}: use {expected}",
                kind.as_str()
            ),
        );
    }
    if let Some(spec) = object_or_report(&mut context, spec, kind.as_str()) {
        if kind == RunKind::Legacy {
            context.entity = Entity::Run {
                all_actions: true,
                action: run_spec::task_action(spec),
            };
        }
        walker::walk_spec(&mut context, spec);
        check_task_rules(&mut context, spec);
        run_spec::check(&mut context, kind, spec);
        run_spec::mark_function_fields(&mut context.issues);
    }
    finish(context)
}

/// Returns the spec as an object, or records one root issue.
fn object_or_report<'a>(
    context: &mut Context,
    spec: &'a Value,
    kind: &str,
) -> Option<&'a Map<String, Value>> {
    if let Value::Object(map) = spec {
        return Some(map);
    }
    let found = match spec {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    context.push(
        codes::NOT_AN_OBJECT,
        String::new(),
        format!("a {kind} spec must be a JSON object, not {found}: wrap the fields in {{ }}"),
    );
    None
}

/// Applies the task rules beyond the schema, to task specs and to the task fields of runs.
fn check_task_rules(context: &mut Context, spec: &Map<String, Value>) {
    volumes::check_list(context, spec);
    envs::check_list(context, spec);
    if context.level < ApiLevel::V15 {
        tolerations::check_list(context, spec);
        affinity::check(context, spec);
        node_selector::check_list(context, spec);
        class_names::check(context, spec);
    }
    // A 0.13 `python+run` declares serve fields for every task, but they act only when its
    // task is a serve task (or unknown).
    let serves = match context.entity {
        Entity::Run {
            action: Some(action),
            ..
        } => action == Action::Serve,
        entity => entity.has(Owner::TaskOf(Action::Serve)),
    };
    if serves {
        service::check_replicas(context, spec);
        if context.level >= ApiLevel::V14 {
            service::check_service_name(context, spec);
        }
    }
}

fn finish(context: Context) -> Report {
    Report {
        issues: context.issues,
    }
}
