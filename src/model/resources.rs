//! Compute resources a task requests, in the two shapes Core has used.

use serde::{Deserialize, Serialize};

use crate::level::ApiLevel;

/// The `resources` block of a task. Core 0.14 and later take one quantity per resource; Core
/// 0.13 takes `{requests, limits}` per resource.
///
/// Deserializing tries the flat shape first, so `{}` reads as [`Resources::Flat`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Resources {
    /// `{cpu, mem, gpu, disk}` quantity strings (Core 0.14 and later; `disk` from 0.15).
    Flat(FlatResources),
    /// `{cpu, mem, gpu}`, each `{requests, limits}` (Core 0.13).
    Legacy(LegacyResources),
}

impl Resources {
    /// True when Core at `level` reads this shape. A flat block with `disk` needs 0.15.
    pub fn fits_level(&self, level: ApiLevel) -> bool {
        match self {
            Resources::Flat(flat) => match level {
                ApiLevel::V13 => false,
                ApiLevel::V14 => flat.disk.is_none(),
                ApiLevel::V15 => true,
            },
            Resources::Legacy(_) => level == ApiLevel::V13,
        }
    }
}

/// Resource quantities of Core 0.14 and later. Each value is a Kubernetes quantity written as
/// digits with an optional unit (`500m`, `2`, `4Gi`), and Core passes it to Kubernetes as a
/// request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlatResources {
    /// CPU request, such as `500m` or `2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Memory request, such as `1Gi`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem: Option<String>,
    /// GPU count, such as `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<String>,
    /// Size of an ephemeral volume Core mounts at `/shared` (Core 0.15 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk: Option<String>,
}

/// Resource requests and limits of Core 0.13 (`CoreResource`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyResources {
    /// CPU request and limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<ResourceDefinition>,
    /// Memory request and limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem: Option<ResourceDefinition>,
    /// GPU request and limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<ResourceDefinition>,
}

/// Request and limit of one resource in Core 0.13 (`CoreResourceDefinition`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceDefinition {
    /// Amount the scheduler reserves, such as `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<String>,
    /// Amount the container may not exceed, such as `2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<String>,
}
