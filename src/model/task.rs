//! Specs of the three python task kinds.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::enums::ServiceType;
use super::task_fields::{ActionFields, K8sTaskFields};
use crate::kind::{Action, TaskKind};

/// Spec of a `python+job` task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobTaskSpec {
    /// Function reference `python://<project>/<name>:<id>`.
    pub function: String,
    /// Kubernetes settings shared by every task kind.
    #[serde(flatten)]
    pub k8s: K8sTaskFields,
    /// Cron expression that makes the job a CronJob (Core 0.13 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
}

/// Spec of a `python+serve` task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServeTaskSpec {
    /// Function reference `python://<project>/<name>:<id>`.
    pub function: String,
    /// Kubernetes settings shared by every task kind.
    #[serde(flatten)]
    pub k8s: K8sTaskFields,
    /// Pod count. When absent, the deployment runs 1 pod unless the profile sets another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// Kubernetes Service type. When absent, Core uses its `K8S_SERVICE_TYPE` setting, which
    /// is `NodePort` unless the admin changed it, even though the schema advertises
    /// `ClusterIP` as the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// Suffix of an extra Service `s-<project>-<function>-<service_name>` (Core 0.14 and
    /// later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
}

/// Spec of a `python+build` task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildTaskSpec {
    /// Function reference `python://<project>/<name>:<id>`.
    pub function: String,
    /// Kubernetes settings shared by every task kind.
    #[serde(flatten)]
    pub k8s: K8sTaskFields,
    /// Lines that the generated Dockerfile runs as root, each as one `RUN` instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<String>>,
}

/// The spec of any python task. It serializes as the inner spec; deserializing needs the
/// task kind, so use [`TaskSpec::from_value`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TaskSpec {
    /// A `python+job` spec.
    Job(JobTaskSpec),
    /// A `python+serve` spec.
    Serve(ServeTaskSpec),
    /// A `python+build` spec.
    Build(BuildTaskSpec),
}

impl TaskSpec {
    /// Reads the spec of a task of `kind`.
    ///
    /// # Errors
    /// The serde error when `value` does not have the shape of that kind's spec.
    pub fn from_value(kind: TaskKind, value: Value) -> Result<Self, serde_json::Error> {
        match kind.action() {
            Action::Job => serde_json::from_value(value).map(TaskSpec::Job),
            Action::Serve => serde_json::from_value(value).map(TaskSpec::Serve),
            Action::Build => serde_json::from_value(value).map(TaskSpec::Build),
        }
    }

    /// Creates an empty spec of `kind` for the function reference `function`.
    pub fn new(kind: TaskKind, function: String, k8s: K8sTaskFields) -> Self {
        match kind.action() {
            Action::Job => TaskSpec::Job(JobTaskSpec {
                function,
                k8s,
                schedule: None,
            }),
            Action::Serve => TaskSpec::Serve(ServeTaskSpec {
                function,
                k8s,
                replicas: None,
                service_type: None,
                service_name: None,
            }),
            Action::Build => TaskSpec::Build(BuildTaskSpec {
                function,
                k8s,
                instructions: None,
            }),
        }
    }

    /// Returns the task kind of this spec.
    pub fn kind(&self) -> TaskKind {
        match self {
            TaskSpec::Job(_) => TaskKind(Action::Job),
            TaskSpec::Serve(_) => TaskKind(Action::Serve),
            TaskSpec::Build(_) => TaskKind(Action::Build),
        }
    }

    /// Returns the function reference.
    pub fn function(&self) -> &str {
        match self {
            TaskSpec::Job(spec) => &spec.function,
            TaskSpec::Serve(spec) => &spec.function,
            TaskSpec::Build(spec) => &spec.function,
        }
    }

    /// Returns the Kubernetes settings shared by every task kind.
    pub fn k8s(&self) -> &K8sTaskFields {
        match self {
            TaskSpec::Job(spec) => &spec.k8s,
            TaskSpec::Serve(spec) => &spec.k8s,
            TaskSpec::Build(spec) => &spec.k8s,
        }
    }

    /// Returns the action-specific fields of this spec, in the flat form a run spec uses.
    pub fn action_fields(&self) -> ActionFields {
        match self {
            TaskSpec::Job(spec) => ActionFields {
                schedule: spec.schedule.clone(),
                ..ActionFields::default()
            },
            TaskSpec::Serve(spec) => ActionFields {
                replicas: spec.replicas,
                service_type: spec.service_type,
                service_name: spec.service_name.clone(),
                ..ActionFields::default()
            },
            TaskSpec::Build(spec) => ActionFields {
                instructions: spec.instructions.clone(),
                ..ActionFields::default()
            },
        }
    }
}
