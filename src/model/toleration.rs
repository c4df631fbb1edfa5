//! Kubernetes tolerations as Core 0.13 and 0.14 accept them in `tolerations` (removed in 0.15).

use serde::{Deserialize, Serialize};

use super::enums::{TolerationEffect, TolerationOperator};

/// Lets the task's pod run on nodes with a matching taint (`CoreToleration`, Kubernetes
/// `V1Toleration`, with its camelCase `tolerationSeconds`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    /// Taint key; empty with operator `Exists` matches every taint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `Equal` (Kubernetes' default) or `Exists`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<TolerationOperator>,
    /// Taint value for `Equal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Taint effect to match; absent matches every effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<TolerationEffect>,
    /// Seconds the pod stays bound after a `NoExecute` taint appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}
