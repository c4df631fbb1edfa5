//! Spec validation: one pass that reports every problem with its JSON Pointer.

mod issue;

pub use issue::{Issue, RejectedBy, Report, Severity};

use serde_json::Value;

use crate::kind::{FunctionKind, RunKind, TaskKind};
use crate::level::ApiLevel;

/// Validates a task spec of `kind` as Core at `level` would accept it, plus the rules that
/// Kubernetes or the runtime enforce later.
pub fn validate_task(kind: TaskKind, spec: &Value, level: ApiLevel) -> Report {
    let _ = (kind, spec, level);
    todo!("task validation")
}

/// Validates a function spec of `kind` at `level`.
pub fn validate_function(kind: FunctionKind, spec: &Value, level: ApiLevel) -> Report {
    let _ = (kind, spec, level);
    todo!("function validation")
}

/// Validates a run spec of `kind` at `level`.
pub fn validate_run(kind: RunKind, spec: &Value, level: ApiLevel) -> Report {
    let _ = (kind, spec, level);
    todo!("run validation")
}
