//! Closed value sets of the spec model, with the API levels at which Core accepts each value.

use crate::level::ApiLevel;

/// Declares a string enum with its Core spelling and the levels that accept each value.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal from $min:ident $(until $max:ident)? ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, at any level.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The value as Core spells it.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }

            /// Parses the Core spelling, at any level.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text)
            }

            /// True when Core at `level` accepts this value.
            pub fn available_at(self, level: ApiLevel) -> bool {
                match self {
                    $( $name::$variant => {
                        level >= ApiLevel::$min $( && level <= ApiLevel::$max )?
                    } ),+
                }
            }

            /// The values Core at `level` accepts, in Core's order.
            pub fn values_at(level: ApiLevel) -> Vec<$name> {
                Self::ALL.iter().copied().filter(|value| value.available_at(level)).collect()
            }
        }
    };
}

string_enum! {
    /// Python interpreter a function runs on. Core 0.15 dropped 3.9 and added 3.13.
    PythonVersion {
        Python3_9 = "PYTHON3_9" from V13 until V14,
        Python3_10 = "PYTHON3_10" from V13,
        Python3_11 = "PYTHON3_11" from V14,
        Python3_12 = "PYTHON3_12" from V14,
        Python3_13 = "PYTHON3_13" from V15,
    }
}

string_enum! {
    /// Kind of volume a task mounts. Core 0.13 has only `persistent_volume_claim` and `empty_dir`;
    /// 0.14 added `shared_volume` and `ephemeral`, 0.15 added `image`.
    VolumeType {
        SharedVolume = "shared_volume" from V14,
        PersistentVolumeClaim = "persistent_volume_claim" from V13,
        Ephemeral = "ephemeral" from V14,
        EmptyDir = "empty_dir" from V13,
        Image = "image" from V15,
    }
}

string_enum! {
    /// Kubernetes Service type of a serve task, with Kubernetes' exact casing.
    ServiceType {
        ExternalName = "ExternalName" from V13,
        ClusterIp = "ClusterIP" from V13,
        NodePort = "NodePort" from V13,
        LoadBalancer = "LoadBalancer" from V13,
    }
}

string_enum! {
    /// Operator of a Kubernetes toleration.
    TolerationOperator {
        Exists = "Exists" from V13,
        Equal = "Equal" from V13,
    }
}

string_enum! {
    /// Taint effect a Kubernetes toleration matches.
    TolerationEffect {
        NoSchedule = "NoSchedule" from V13,
        PreferNoSchedule = "PreferNoSchedule" from V13,
        NoExecute = "NoExecute" from V13,
    }
}

string_enum! {
    /// Operator of a Kubernetes node selector requirement (node affinity).
    NodeSelectorOperator {
        In = "In" from V13,
        NotIn = "NotIn" from V13,
        Exists = "Exists" from V13,
        DoesNotExist = "DoesNotExist" from V13,
        Gt = "Gt" from V13,
        Lt = "Lt" from V13,
    }
}

string_enum! {
    /// Operator of a Kubernetes label selector requirement (pod affinity).
    LabelSelectorOperator {
        In = "In" from V13,
        NotIn = "NotIn" from V13,
        Exists = "Exists" from V13,
        DoesNotExist = "DoesNotExist" from V13,
    }
}

string_enum! {
    /// Language of a function's source code. Core accepts only `python`, its schema default.
    SourceLanguage {
        Python = "python" from V13,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_versions_per_level() {
        let names = |level| {
            PythonVersion::values_at(level)
                .into_iter()
                .map(PythonVersion::as_str)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(ApiLevel::V13), ["PYTHON3_9", "PYTHON3_10"]);
        assert_eq!(
            names(ApiLevel::V14),
            ["PYTHON3_9", "PYTHON3_10", "PYTHON3_11", "PYTHON3_12"]
        );
        assert_eq!(
            names(ApiLevel::V15),
            ["PYTHON3_10", "PYTHON3_11", "PYTHON3_12", "PYTHON3_13"]
        );
    }

    #[test]
    fn volume_types_per_level() {
        assert!(!VolumeType::SharedVolume.available_at(ApiLevel::V13));
        assert!(VolumeType::SharedVolume.available_at(ApiLevel::V14));
        assert!(!VolumeType::Image.available_at(ApiLevel::V14));
        assert!(VolumeType::Image.available_at(ApiLevel::V15));
        assert_eq!(VolumeType::parse("empty_dir"), Some(VolumeType::EmptyDir));
        assert_eq!(VolumeType::parse("emptyDir"), None);
    }
}
