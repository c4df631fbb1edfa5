//! Builder of python task specs.

use serde_json::{Map, Value};

use super::task_fields::{copy_task_fields, TaskFieldSetters};
use crate::keys::FunctionRef;
use crate::kind::{Action, TaskKind};
use crate::level::ApiLevel;
use crate::model::{Entity, TaskSpec};
use crate::validate::{validate_task, Issue, Report};

/// Builds the spec of a `python+job`, `python+serve` or `python+build` task.
///
/// Only the fields that are set appear in the spec; the builder adds no defaults, so Core's
/// own apply. For a serve task that means 1 replica unless the profile sets another, and
/// Service type `NodePort` (Core's `K8S_SERVICE_TYPE` setting) even though the schema
/// advertises `ClusterIP`.
///
/// ```
/// use digitalhub_tasks::builder::{TaskBuilder, TaskFieldSetters};
/// use digitalhub_tasks::keys::FunctionRef;
///
/// let function = FunctionRef::python("demo", "echo", "3f2a").unwrap();
/// let spec = TaskBuilder::serve(function).replicas(2).env("MODE", "fast").to_json();
/// assert_eq!(spec["function"], "python://demo/echo:3f2a");
/// assert_eq!(spec["replicas"], 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBuilder {
    kind: TaskKind,
    function: FunctionRef,
    fields: Map<String, Value>,
}

impl TaskBuilder {
    /// Creates a builder of a task of `kind` that runs `function`.
    pub fn new(kind: TaskKind, function: FunctionRef) -> Self {
        TaskBuilder {
            kind,
            function,
            fields: Map::new(),
        }
    }

    /// Creates a builder of a `python+job` task.
    pub fn job(function: FunctionRef) -> Self {
        TaskBuilder::new(TaskKind(Action::Job), function)
    }

    /// Creates a builder of a `python+serve` task.
    pub fn serve(function: FunctionRef) -> Self {
        TaskBuilder::new(TaskKind(Action::Serve), function)
    }

    /// Creates a builder of a `python+build` task.
    pub fn build(function: FunctionRef) -> Self {
        TaskBuilder::new(TaskKind(Action::Build), function)
    }

    /// Returns the task kind.
    pub fn kind(&self) -> TaskKind {
        self.kind
    }

    /// Returns the function the task runs.
    pub fn function(&self) -> &FunctionRef {
        &self.function
    }

    /// Returns the spec as JSON. Fields of another action are left out;
    /// [`TaskBuilder::validate`] reports them.
    pub fn to_json(&self) -> Value {
        self.build_json().0
    }

    /// Returns the typed spec.
    ///
    /// # Errors
    /// The serde error when a value stored by a `*_json` setter does not have the shape of
    /// its field. Values from the typed setters always fit.
    pub fn spec(&self) -> Result<TaskSpec, serde_json::Error> {
        TaskSpec::from_value(self.kind, self.to_json())
    }

    /// Validates the spec as Core at `level` would, and reports every field set for another
    /// action.
    pub fn validate(&self, level: ApiLevel) -> Report {
        let (spec, wrong_action) = self.build_json();
        let mut report = validate_task(self.kind, &spec, level);
        report.issues.extend(wrong_action);
        report
    }

    /// Returns the body of a create request. The project is the function's, because Core
    /// rejects a task whose function belongs to another project.
    pub fn document(&self) -> Entity<Value> {
        Entity {
            id: None,
            name: None,
            kind: self.kind.as_str().to_string(),
            project: self.function.project().to_string(),
            user: None,
            key: None,
            metadata: None,
            spec: self.to_json(),
            status: None,
            extensions: None,
        }
    }

    /// Builds the spec's JSON and the issues for fields of another action.
    fn build_json(&self) -> (Value, Vec<Issue>) {
        let mut spec = Map::new();
        spec.insert(
            "function".to_string(),
            Value::from(self.function.to_string()),
        );
        let issues = copy_task_fields(self.kind, &self.fields, &mut spec);
        (Value::Object(spec), issues)
    }
}

impl TaskFieldSetters for TaskBuilder {
    fn task_fields_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.fields
    }
}
