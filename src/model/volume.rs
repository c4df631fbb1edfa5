//! Volumes a task mounts into its pod.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::enums::VolumeType;

/// A volume mounted into the task's pod (Core's `CoreVolume`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volume {
    /// Kind of volume; the levels that accept each type are on [`VolumeType`].
    pub volume_type: VolumeType,
    /// Pod volume name; Kubernetes requires a DNS-1123 label.
    pub name: String,
    /// Absolute path the volume is mounted at.
    pub mount_path: String,
    /// Type-specific settings Core reads, such as `size` for `persistent_volume_claim`,
    /// `sizeLimit` for `empty_dir` or `claimName` for `shared_volume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<BTreeMap<String, String>>,
}

impl Volume {
    /// Creates a volume with no type-specific settings.
    pub fn new(volume_type: VolumeType, name: &str, mount_path: &str) -> Self {
        Volume {
            volume_type,
            name: name.to_string(),
            mount_path: mount_path.to_string(),
            spec: None,
        }
    }

    /// Adds one type-specific setting, such as `("size", "10Gi")`.
    pub fn with_setting(mut self, key: &str, value: &str) -> Self {
        self.spec
            .get_or_insert_with(BTreeMap::new)
            .insert(key.to_string(), value.to_string());
        self
    }
}
