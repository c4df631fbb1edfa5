//! Typed model of python function, task and run specs, and of the documents Core's REST API
//! exchanges.
//!
//! Field names follow Core's JSON: snake_case, except inside the Kubernetes structures
//! (affinity, tolerations, Service status) that keep Kubernetes' camelCase. Absent optional
//! fields are left out when serializing, and unknown fields are accepted when reading, as Core
//! itself does.

mod affinity;
mod entity;
mod enums;
mod function;
mod resources;
mod run;
mod status;
mod task;
mod task_fields;
mod toleration;
mod volume;

#[cfg(test)]
mod round_trip_tests;

pub use affinity::{
    Affinity, LabelSelector, LabelSelectorRequirement, NodeAffinity, NodeSelector,
    NodeSelectorRequirement, NodeSelectorTerm, PodAffinity, PodAffinityTerm, PodAntiAffinity,
    PreferredSchedulingTerm, WeightedPodAffinityTerm,
};
pub use entity::{Entity, Function, Metadata, Relationship, Run, Task, TaskDocumentError};
pub use enums::{
    LabelSelectorOperator, NodeSelectorOperator, PythonVersion, ServiceType, SourceLanguage,
    TolerationEffect, TolerationOperator, VolumeType,
};
pub use function::{PythonFunctionSpec, SourceCode};
pub use resources::{FlatResources, LegacyResources, ResourceDefinition, Resources};
pub use run::RunSpec;
pub use status::{ServiceInfo, ServicePort, Status, Transition};
pub use task::{BuildTaskSpec, JobTaskSpec, ServeTaskSpec, TaskSpec};
pub use task_fields::{ActionFields, EnvVar, K8sTaskFields, NodeSelectorEntry};
pub use toleration::Toleration;
pub use volume::Volume;
