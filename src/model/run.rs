//! Spec of a python run, the same for every run kind.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::task_fields::{ActionFields, K8sTaskFields};

/// Spec of a python run (`python+job:run`, `python+serve:run`, `python+build:run`, and
/// `python+run` on Core 0.13).
///
/// A run may set any task field, which then overrides the task's value. After Core builds a
/// run it stores the merged spec: run values first, task values where the run has none, and
/// every function field (such as `source` or `python_version`) on top. Those function fields
/// land in [`RunSpec::other`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSpec {
    /// Task string `<taskKind>://<project>/<taskId>`.
    pub task: String,
    /// Function reference `python://<project>/<name>:<id>`. Core's schema does not require
    /// it, but building the run fails without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// True to only record the run, for a client that executes it itself. Core's default is
    /// false: Core builds and starts the run on create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_execution: Option<bool>,
    /// Input entities by parameter name, as entity keys (`store://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<BTreeMap<String, String>>,
    /// Keyword arguments of the handler (job runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Map<String, Value>>,
    /// Keyword arguments of the init function (serve runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_parameters: Option<Map<String, Value>>,
    /// Shared task fields the run overrides.
    #[serde(flatten)]
    pub k8s: K8sTaskFields,
    /// Action-specific task fields the run overrides.
    #[serde(flatten)]
    pub action: ActionFields,
    /// Every other field, such as the function fields Core merges in after building the run.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}
