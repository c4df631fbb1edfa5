//! Builder of python task specs.

use serde_json::Value;

use super::task_fields::{split_action_fields, TaskFieldSetters};
use crate::keys::FunctionRef;
use crate::kind::{Action, TaskKind};
use crate::level::ApiLevel;
use crate::model::{ActionFields, K8sTaskFields, Task, TaskSpec};
use crate::validate::{validate_task, Report};

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
    k8s: K8sTaskFields,
    action: ActionFields,
}

impl TaskBuilder {
    /// Creates a builder of a task of `kind` that runs `function`.
    pub fn new(kind: TaskKind, function: FunctionRef) -> Self {
        TaskBuilder {
            kind,
            function,
            k8s: K8sTaskFields::default(),
            action: ActionFields::default(),
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

    /// Returns the spec. Fields of another action are left out; [`TaskBuilder::validate`]
    /// reports them.
    pub fn spec(&self) -> TaskSpec {
        let (action, _) = split_action_fields(self.kind, &self.action);
        let mut spec = TaskSpec::new(self.kind, self.function.to_string(), self.k8s.clone());

        match &mut spec {
            TaskSpec::Job(job) => job.schedule = action.schedule,
            TaskSpec::Serve(serve) => {
                serve.replicas = action.replicas;
                serve.service_type = action.service_type;
                serve.service_name = action.service_name;
            }
            TaskSpec::Build(build) => build.instructions = action.instructions,
        }
        spec
    }

    /// Returns the spec as JSON.
    pub fn to_json(&self) -> Value {
        super::spec_json(&self.spec())
    }

    /// Validates the spec as Core at `level` would, and reports every field set for another
    /// action.
    pub fn validate(&self, level: ApiLevel) -> Report {
        let (_, wrong_action) = split_action_fields(self.kind, &self.action);
        let mut report = validate_task(self.kind, &self.to_json(), level);
        report.issues.extend(wrong_action);
        report
    }

    /// Returns the body of a create request. The project is the function's, because Core
    /// rejects a task whose function belongs to another project.
    pub fn document(&self) -> Task {
        Task {
            id: None,
            name: None,
            kind: self.kind,
            project: self.function.project().to_string(),
            user: None,
            key: None,
            metadata: None,
            spec: self.spec(),
            status: None,
        }
    }
}

impl TaskFieldSetters for TaskBuilder {
    fn k8s_fields_mut(&mut self) -> &mut K8sTaskFields {
        &mut self.k8s
    }

    fn action_fields_mut(&mut self) -> &mut ActionFields {
        &mut self.action
    }
}
