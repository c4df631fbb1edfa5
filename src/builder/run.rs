//! Builder of python run specs.

use serde_json::{Map, Value};

use super::task_fields::{copy_task_fields, TaskFieldSetters};
use crate::keys::{FunctionRef, TaskRef};
use crate::kind::{RunKind, TaskKind, UnknownKind};
use crate::level::ApiLevel;
use crate::model::{Entity, RunSpec};
use crate::validate::{validate_run, Issue, Report};

/// Builds the spec of a run of a python task.
///
/// The spec always carries `function`, because Core fails to build a run without it, and
/// `local_execution: false`, Core's default, which makes Core build and start the run on
/// create. Task fields set here override the task's values for this run only. The run kind
/// depends on the API level: `python+run` at Core 0.13, `<task kind>:run` from 0.14.
///
/// ```
/// use digitalhub_tasks::builder::{RunBuilder, TaskFieldSetters};
/// use digitalhub_tasks::keys::{FunctionRef, TaskRef};
/// use digitalhub_tasks::level::ApiLevel;
///
/// let task = TaskRef::parse("python+serve://demo/t1").unwrap();
/// let function = FunctionRef::parse("python://demo/echo:3f2a").unwrap();
/// let mut run = RunBuilder::new(task, function).unwrap();
/// run.init_parameter("model", "small".into()).replicas(2);
/// assert_eq!(run.run_kind(ApiLevel::V15).as_str(), "python+serve:run");
/// assert_eq!(run.to_json()["init_parameters"]["model"], "small");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RunBuilder {
    task_kind: TaskKind,
    task: TaskRef,
    function: FunctionRef,
    local_execution: bool,
    inputs: Map<String, Value>,
    parameters: Map<String, Value>,
    init_parameters: Map<String, Value>,
    fields: Map<String, Value>,
}

impl RunBuilder {
    /// Creates a builder of a run of the task `task`, whose function is `function`.
    ///
    /// # Errors
    /// [`UnknownKind`] when the task string's kind is not a python task kind.
    pub fn new(task: TaskRef, function: FunctionRef) -> Result<Self, UnknownKind> {
        Ok(RunBuilder {
            task_kind: task.task_kind()?,
            task,
            function,
            local_execution: false,
            inputs: Map::new(),
            parameters: Map::new(),
            init_parameters: Map::new(),
            fields: Map::new(),
        })
    }

    /// Returns the kind of the run's task.
    pub fn task_kind(&self) -> TaskKind {
        self.task_kind
    }

    /// Returns the run kind Core at `level` expects.
    pub fn run_kind(&self, level: ApiLevel) -> RunKind {
        self.task_kind.run_kind(level)
    }

    /// Sets whether Core only records the run (`true`) or also builds and starts it.
    pub fn local_execution(&mut self, local: bool) -> &mut Self {
        self.local_execution = local;
        self
    }

    /// Adds an input entity, by the key (`store://…`) of the entity passed as `name`.
    pub fn input(&mut self, name: &str, key: &str) -> &mut Self {
        self.inputs.insert(name.to_string(), Value::from(key));
        self
    }

    /// Adds a keyword argument of the handler (job runs).
    pub fn parameter(&mut self, name: &str, value: Value) -> &mut Self {
        self.parameters.insert(name.to_string(), value);
        self
    }

    /// Adds a keyword argument of the init function (serve runs). The init function must take
    /// exactly these names besides `context`.
    pub fn init_parameter(&mut self, name: &str, value: Value) -> &mut Self {
        self.init_parameters.insert(name.to_string(), value);
        self
    }

    /// Returns the spec as JSON. Task fields of another action are left out;
    /// [`RunBuilder::validate`] reports them.
    pub fn to_json(&self) -> Value {
        self.build_json().0
    }

    /// Returns the typed spec.
    ///
    /// # Errors
    /// The serde error when a value stored by a `*_json` setter does not have the shape of
    /// its field. Values from the typed setters always fit.
    pub fn spec(&self) -> Result<RunSpec, serde_json::Error> {
        serde_json::from_value(self.to_json())
    }

    /// Validates the spec as Core at `level` would, and reports every task field set for
    /// another action.
    pub fn validate(&self, level: ApiLevel) -> Report {
        let (spec, wrong_action) = self.build_json();
        let mut report = validate_run(self.run_kind(level), &spec, level);
        report.issues.extend(wrong_action);
        report
    }

    /// Returns the body of a create request for Core at `level`. The project is the task
    /// string's, because Core rejects a run whose task belongs to another project.
    pub fn document(&self, level: ApiLevel) -> Entity<Value> {
        Entity {
            id: None,
            name: None,
            kind: self.run_kind(level).as_str().to_string(),
            project: self.task.project().to_string(),
            user: None,
            key: None,
            metadata: None,
            spec: self.to_json(),
            status: None,
            extensions: None,
        }
    }

    /// Builds the spec's JSON and the issues for task fields of another action.
    fn build_json(&self) -> (Value, Vec<Issue>) {
        let mut spec = Map::new();
        spec.insert("task".to_string(), Value::from(self.task.to_string()));
        spec.insert(
            "function".to_string(),
            Value::from(self.function.to_string()),
        );
        spec.insert(
            "local_execution".to_string(),
            Value::from(self.local_execution),
        );
        let maps = [
            ("inputs", &self.inputs),
            ("parameters", &self.parameters),
            ("init_parameters", &self.init_parameters),
        ];
        for (name, map) in maps {
            if !map.is_empty() {
                spec.insert(name.to_string(), Value::Object(map.clone()));
            }
        }
        let issues = copy_task_fields(self.task_kind, &self.fields, &mut spec);
        (Value::Object(spec), issues)
    }
}

impl TaskFieldSetters for RunBuilder {
    fn task_fields_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.fields
    }
}
