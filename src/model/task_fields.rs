//! Task fields that python task kinds share, and those that belong to one action.

use serde::{Deserialize, Serialize};

use super::affinity::Affinity;
use super::enums::ServiceType;
use super::resources::Resources;
use super::toleration::Toleration;
use super::volume::Volume;

/// Kubernetes settings every python task kind has (Core's `K8sFunctionTaskBaseSpec`).
///
/// Core 0.15 removed `node_selector`, `affinity`, `tolerations`, `runtime_class` and
/// `priority_class`, and drops them without an error when a spec still carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct K8sTaskFields {
    /// Volumes mounted into the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// CPU, memory, GPU and disk requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Environment variables of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envs: Option<Vec<EnvVar>>,
    /// Names of project secrets that Core injects as environment variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<String>>,
    /// Id of an admin-defined template of Kubernetes settings. Its resource requests take
    /// precedence over the task's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Node labels the pod must run on (Core 0.13 and 0.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<Vec<NodeSelectorEntry>>,
    /// Affinity rules of the pod (Core 0.13 and 0.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    /// Taints the pod tolerates (Core 0.13 and 0.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Toleration>>,
    /// Kubernetes RuntimeClass name of the pod (Core 0.13 and 0.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_class: Option<String>,
    /// Kubernetes PriorityClass name of the pod (Core 0.13 and 0.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_class: Option<String>,
}

/// An environment variable (`CoreEnv`). Core requires both parts to be non-blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvVar {
    /// Variable name.
    pub name: String,
    /// Variable value.
    pub value: String,
}

/// One node label the pod requires (`CoreNodeSelector`), not the Kubernetes
/// [`NodeSelector`](super::affinity::NodeSelector) of node affinity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSelectorEntry {
    /// Label key.
    pub key: String,
    /// Label value.
    pub value: String,
}

/// Fields that only one action's task kind has. A run spec carries them flat, next to the
/// shared fields, so that a run can override the task's values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFields {
    /// Cron schedule of a job (`python+job`, Core 0.13 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Pod count of a serve deployment (`python+serve`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// Kubernetes Service type of a serve deployment (`python+serve`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// Suffix of an extra alias Service of a serve deployment (`python+serve`, Core 0.14 and
    /// later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Dockerfile `RUN` lines of a build (`python+build`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<String>>,
}
