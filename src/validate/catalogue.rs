//! The field catalogue: every field of python function, task and run specs, with the API
//! levels and actions that have it. The validator walks it and the schema generator renders
//! it, so both read one description of Core's specs.

use crate::kind::Action;
use crate::level::ApiLevel;
use crate::model::{
    NodeSelectorOperator, PythonVersion, ServiceType, TolerationEffect, TolerationOperator,
    VolumeType,
};

/// Spec that a top-level field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A task field of every action.
    Task,
    /// A task field of one action.
    TaskOf(Action),
    /// A function field. Runs may carry it too, because Core merges the function into a run.
    Function,
    /// A field of run specs only.
    Run,
    /// A field of a nested object.
    Nested,
}

/// A closed set of string values, taken from the model enums at a given level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumSet {
    PythonVersion,
    VolumeType,
    ServiceType,
    SourceLanguage,
    TolerationOperator,
    TolerationEffect,
    NodeSelectorOperator,
    LabelSelectorOperator,
}

impl EnumSet {
    /// Returns the values accepted at `level`, in Core's order.
    pub fn values_at(self, level: ApiLevel) -> Vec<&'static str> {
        match self {
            EnumSet::PythonVersion => PythonVersion::values_at(level)
                .into_iter()
                .map(PythonVersion::as_str)
                .collect(),
            EnumSet::VolumeType => VolumeType::values_at(level)
                .into_iter()
                .map(VolumeType::as_str)
                .collect(),
            EnumSet::ServiceType => ServiceType::values_at(level)
                .into_iter()
                .map(ServiceType::as_str)
                .collect(),
            EnumSet::SourceLanguage => vec!["python"],
            EnumSet::TolerationOperator => TolerationOperator::values_at(level)
                .into_iter()
                .map(TolerationOperator::as_str)
                .collect(),
            EnumSet::TolerationEffect => TolerationEffect::values_at(level)
                .into_iter()
                .map(TolerationEffect::as_str)
                .collect(),
            EnumSet::NodeSelectorOperator => NodeSelectorOperator::values_at(level)
                .into_iter()
                .map(NodeSelectorOperator::as_str)
                .collect(),
            EnumSet::LabelSelectorOperator => NodeSelectorOperator::values_at(level)
                .into_iter()
                .filter(|operator| {
                    !matches!(
                        operator,
                        NodeSelectorOperator::Gt | NodeSelectorOperator::Lt
                    )
                })
                .map(NodeSelectorOperator::as_str)
                .collect(),
        }
    }

    /// True when Kubernetes reads an empty string as the default (toleration operator and
    /// effect), so `""` is valid too.
    pub fn accepts_empty(self) -> bool {
        matches!(
            self,
            EnumSet::TolerationOperator | EnumSet::TolerationEffect
        )
    }

    /// True when Core's schema declares the enum; otherwise only Kubernetes enforces it.
    pub fn in_core_schema(self) -> bool {
        matches!(
            self,
            EnumSet::PythonVersion
                | EnumSet::VolumeType
                | EnumSet::ServiceType
                | EnumSet::SourceLanguage
        )
    }

    /// Returns the name of the value set, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            EnumSet::PythonVersion => "Python version",
            EnumSet::VolumeType => "volume type",
            EnumSet::ServiceType => "Service type",
            EnumSet::SourceLanguage => "source language",
            EnumSet::TolerationOperator => "toleration operator",
            EnumSet::TolerationEffect => "taint effect",
            EnumSet::NodeSelectorOperator => "node selector operator",
            EnumSet::LabelSelectorOperator => "label selector operator",
        }
    }
}

/// Rule a string field follows beyond its type and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrRule {
    /// Any string.
    Plain,
    /// One of a closed set of values.
    Enum(EnumSet),
    /// A resource quantity: Core's integer-with-unit pattern, then Kubernetes' grammar.
    Resource,
    /// A 0.13 job schedule in Core's cron pattern.
    Schedule,
    /// A pod volume name.
    VolumeName,
    /// A container mount path.
    MountPath,
    /// A container environment variable name.
    EnvName,
    /// An environment variable value: never repeated in messages.
    Secret,
    /// `python://<project>/<name>:<id>`.
    FunctionRef,
    /// `<task kind>://<project>/<task id>`.
    TaskRef,
    /// `func` or `pkg.module:func`.
    Handler,
    /// A Python identifier.
    Identifier,
    /// Padded standard base64.
    Base64,
}

/// The value a field takes.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A string. `not_blank` marks Core's `@NotBlank`, which also rejects whitespace only.
    Str {
        min_len: usize,
        not_blank: bool,
        rule: StrRule,
    },
    /// An integer. `minimum` is Core's schema bound; `range` is what Kubernetes accepts;
    /// `int32` marks a field Core binds to a Java `int`.
    Int {
        minimum: Option<i64>,
        range: Option<(i64, i64)>,
        int32: bool,
    },
    Bool,
    Array(&'static Shape),
    Object(&'static Obj),
    /// An object whose values are strings.
    StrMap,
    /// An object whose values are any JSON value but null, with array items checked again
    /// (Core's `Serializable`).
    AnyMap,
}

/// A nested object type, named as in Core's schema `$defs`.
#[derive(Debug)]
pub struct Obj {
    pub def_name: &'static str,
    pub fields: &'static [Field],
}

/// A default value Core applies when the field is absent.
#[derive(Debug, Clone, Copy)]
pub enum DefaultValue {
    Str(&'static str),
    Int(i64),
    Bool(bool),
}

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub owner: Owner,
    pub required: bool,
    pub since: ApiLevel,
    pub until: ApiLevel,
    pub title: &'static str,
    pub description: &'static str,
    pub default: Option<DefaultValue>,
    /// Core 0.15 dropped the field in favour of admin profiles: a warning there, not an error.
    pub profile_from_15: bool,
}

impl Field {
    const fn new(name: &'static str, shape: Shape, owner: Owner, title: &'static str) -> Field {
        Field {
            name,
            shape,
            owner,
            required: false,
            since: ApiLevel::V13,
            until: ApiLevel::V15,
            title,
            description: "",
            default: None,
            profile_from_15: false,
        }
    }

    const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    const fn levels(self, since: ApiLevel, until: ApiLevel) -> Field {
        Field {
            since,
            until,
            ..self
        }
    }

    const fn describe(self, description: &'static str) -> Field {
        Field {
            description,
            ..self
        }
    }

    const fn default(self, default: DefaultValue) -> Field {
        Field {
            default: Some(default),
            ..self
        }
    }

    /// Marks a scheduling field of Core 0.13 and 0.14 that 0.15 drops.
    const fn until_profiles(self) -> Field {
        Field {
            until: ApiLevel::V14,
            profile_from_15: true,
            ..self
        }
    }

    /// True when Core at `level` declares the field.
    pub fn available_at(&self, level: ApiLevel) -> bool {
        self.since <= level && level <= self.until
    }
}

/// Joins `["13", "14", "15"]` as `13, 14 and 15`.
pub fn join_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

const fn text(rule: StrRule) -> Shape {
    Shape::Str {
        min_len: 0,
        not_blank: false,
        rule,
    }
}

/// Builds a string shape with `minLength: 1` in Core's schema.
const fn non_empty(rule: StrRule) -> Shape {
    Shape::Str {
        min_len: 1,
        not_blank: false,
        rule,
    }
}

/// Builds a string shape with `minLength: 1` and Core's Java `@NotBlank`.
const fn not_blank(rule: StrRule) -> Shape {
    Shape::Str {
        min_len: 1,
        not_blank: true,
        rule,
    }
}

const PLAIN: Shape = text(StrRule::Plain);
const PLAIN_LIST: Shape = Shape::Array(&PLAIN);
const NESTED: Owner = Owner::Nested;
const V13: ApiLevel = ApiLevel::V13;
const V14: ApiLevel = ApiLevel::V14;
const V15: ApiLevel = ApiLevel::V15;

/// `CoreEnv`: one environment variable.
pub static ENV: Obj = Obj {
    def_name: "CoreEnv",
    fields: &[
        Field::new("name", not_blank(StrRule::EnvName), NESTED, "Name")
            .required()
            .describe("Environment variable name, such as LOG_LEVEL."),
        Field::new("value", not_blank(StrRule::Secret), NESTED, "Value")
            .required()
            .describe("Environment variable value. Use secrets for credentials."),
    ],
};

/// `CoreVolume`: one volume and where it is mounted.
pub static VOLUME: Obj = Obj {
    def_name: "CoreVolume",
    fields: &[
        Field::new(
            "mount_path",
            not_blank(StrRule::MountPath),
            NESTED,
            "Mount path",
        )
        .required()
        .describe("Absolute path in the container, such as /data."),
        Field::new("name", not_blank(StrRule::VolumeName), NESTED, "Name")
            .required()
            .describe(
                "Pod volume name: lower-case letters, digits and '-', at most 63 characters \
             (23 for persistent_volume_claim).",
            ),
        Field::new("spec", Shape::StrMap, NESTED, "Volume settings").describe(
            "Keys per type: persistent_volume_claim size, storage_class; ephemeral size, \
             storageClass; empty_dir sizeLimit; shared_volume claimName; image image; \
             every type subPath.",
        ),
        Field::new(
            "volume_type",
            text(StrRule::Enum(EnumSet::VolumeType)),
            NESTED,
            "Volume type",
        )
        .required()
        .describe("Kind of volume."),
    ],
};

const RESOURCE: Shape = text(StrRule::Resource);

/// `CoreResourceDefinition` (0.13): request and limit of one resource.
pub static RESOURCE_DEFINITION: Obj = Obj {
    def_name: "CoreResourceDefinition",
    fields: &[
        Field::new("requests", RESOURCE, NESTED, "Request")
            .describe("Amount reserved, an integer with an optional unit, such as 500m."),
        Field::new("limits", RESOURCE, NESTED, "Limit")
            .describe("Maximum amount, an integer with an optional unit, such as 2Gi."),
    ],
};

const RESOURCE_DEFINITION_SHAPE: Shape = Shape::Object(&RESOURCE_DEFINITION);

/// `CoreResource`: the resources a task requests. Its shape changes with the level.
pub static RESOURCES: Obj = Obj {
    def_name: "CoreResource",
    fields: &[
        Field::new("cpu", RESOURCE_DEFINITION_SHAPE, NESTED, "CPU")
            .levels(V13, V13)
            .describe("CPU request and limit, such as 500m or 2."),
        Field::new("cpu", RESOURCE, NESTED, "CPU")
            .levels(V14, V15)
            .describe("CPU request, an integer with an optional unit, such as 500m or 2."),
        Field::new("mem", RESOURCE_DEFINITION_SHAPE, NESTED, "Memory")
            .levels(V13, V13)
            .describe("Memory request and limit, such as 512Mi."),
        Field::new("mem", RESOURCE, NESTED, "Memory")
            .levels(V14, V15)
            .describe("Memory request, such as 512Mi or 4Gi."),
        Field::new("gpu", RESOURCE_DEFINITION_SHAPE, NESTED, "GPU")
            .levels(V13, V13)
            .describe("GPU request and limit, such as 1."),
        Field::new("gpu", RESOURCE, NESTED, "GPU")
            .levels(V14, V15)
            .describe("Number of GPUs, such as 1."),
        Field::new("disk", RESOURCE, NESTED, "Disk")
            .levels(V15, V15)
            .describe("Size of an ephemeral volume Core mounts at /shared, such as 10Gi."),
    ],
};

/// `CoreNodeSelector`: one node label the pod requires.
pub static NODE_SELECTOR: Obj = Obj {
    def_name: "CoreNodeSelector",
    fields: &[
        Field::new("key", PLAIN, NESTED, "Label key").describe("Node label key."),
        Field::new("value", PLAIN, NESTED, "Label value").describe("Node label value."),
    ],
};

/// `CoreToleration`: a Kubernetes toleration.
pub static TOLERATION: Obj = Obj {
    def_name: "CoreToleration",
    fields: &[
        Field::new(
            "effect",
            text(StrRule::Enum(EnumSet::TolerationEffect)),
            NESTED,
            "Effect",
        )
        .describe("Taint effect to match; empty matches every effect."),
        Field::new("key", PLAIN, NESTED, "Key")
            .describe("Taint key; empty with operator Exists matches every taint."),
        Field::new(
            "operator",
            text(StrRule::Enum(EnumSet::TolerationOperator)),
            NESTED,
            "Operator",
        )
        .describe("Exists or Equal; Kubernetes defaults to Equal."),
        Field::new(
            "tolerationSeconds",
            Shape::Int {
                minimum: None,
                range: None,
                int32: false,
            },
            NESTED,
            "Toleration seconds",
        )
        .describe("How long a NoExecute taint is tolerated."),
        Field::new("value", PLAIN, NESTED, "Value").describe("Taint value to match with Equal."),
    ],
};

const LABEL_SELECTOR_REQUIREMENT_SHAPE: Shape = Shape::Object(&LABEL_SELECTOR_REQUIREMENT);

/// `V1LabelSelectorRequirement`.
pub static LABEL_SELECTOR_REQUIREMENT: Obj = Obj {
    def_name: "V1LabelSelectorRequirement",
    fields: &[
        Field::new("key", PLAIN, NESTED, "Key").describe("Label key."),
        Field::new(
            "operator",
            text(StrRule::Enum(EnumSet::LabelSelectorOperator)),
            NESTED,
            "Operator",
        )
        .describe("In, NotIn, Exists or DoesNotExist."),
        Field::new("values", PLAIN_LIST, NESTED, "Values")
            .describe("Values for In and NotIn; empty for Exists and DoesNotExist."),
    ],
};

/// `V1LabelSelector`.
pub static LABEL_SELECTOR: Obj = Obj {
    def_name: "V1LabelSelector",
    fields: &[
        Field::new(
            "matchExpressions",
            Shape::Array(&LABEL_SELECTOR_REQUIREMENT_SHAPE),
            NESTED,
            "Match expressions",
        ),
        Field::new("matchLabels", Shape::StrMap, NESTED, "Match labels"),
    ],
};

const NODE_SELECTOR_REQUIREMENT_SHAPE: Shape = Shape::Object(&NODE_SELECTOR_REQUIREMENT);

/// `V1NodeSelectorRequirement`.
pub static NODE_SELECTOR_REQUIREMENT: Obj = Obj {
    def_name: "V1NodeSelectorRequirement",
    fields: &[
        Field::new("key", PLAIN, NESTED, "Key").describe("Node label or field key."),
        Field::new(
            "operator",
            text(StrRule::Enum(EnumSet::NodeSelectorOperator)),
            NESTED,
            "Operator",
        )
        .describe("In, NotIn, Exists, DoesNotExist, Gt or Lt."),
        Field::new("values", PLAIN_LIST, NESTED, "Values").describe(
            "Values for In and NotIn; none for Exists and DoesNotExist; one integer for Gt and Lt.",
        ),
    ],
};

/// `V1NodeSelectorTerm`.
pub static NODE_SELECTOR_TERM: Obj = Obj {
    def_name: "V1NodeSelectorTerm",
    fields: &[
        Field::new(
            "matchExpressions",
            Shape::Array(&NODE_SELECTOR_REQUIREMENT_SHAPE),
            NESTED,
            "Match expressions",
        ),
        Field::new(
            "matchFields",
            Shape::Array(&NODE_SELECTOR_REQUIREMENT_SHAPE),
            NESTED,
            "Match fields",
        ),
    ],
};

const NODE_SELECTOR_TERM_SHAPE: Shape = Shape::Object(&NODE_SELECTOR_TERM);

/// `V1NodeSelector`.
pub static K8S_NODE_SELECTOR: Obj = Obj {
    def_name: "V1NodeSelector",
    fields: &[Field::new(
        "nodeSelectorTerms",
        Shape::Array(&NODE_SELECTOR_TERM_SHAPE),
        NESTED,
        "Node selector terms",
    )
    .describe("At least one term; a node must match one of them.")],
};

const WEIGHT: Shape = Shape::Int {
    minimum: None,
    range: Some((1, 100)),
    int32: true,
};

/// `V1PreferredSchedulingTerm`.
pub static PREFERRED_SCHEDULING_TERM: Obj = Obj {
    def_name: "V1PreferredSchedulingTerm",
    fields: &[
        Field::new("preference", NODE_SELECTOR_TERM_SHAPE, NESTED, "Preference"),
        Field::new("weight", WEIGHT, NESTED, "Weight").describe("1 to 100."),
    ],
};

const PREFERRED_SCHEDULING_TERM_SHAPE: Shape = Shape::Object(&PREFERRED_SCHEDULING_TERM);

/// `V1NodeAffinity`.
pub static NODE_AFFINITY: Obj = Obj {
    def_name: "V1NodeAffinity",
    fields: &[
        Field::new(
            "preferredDuringSchedulingIgnoredDuringExecution",
            Shape::Array(&PREFERRED_SCHEDULING_TERM_SHAPE),
            NESTED,
            "Preferred node terms",
        ),
        Field::new(
            "requiredDuringSchedulingIgnoredDuringExecution",
            Shape::Object(&K8S_NODE_SELECTOR),
            NESTED,
            "Required node terms",
        ),
    ],
};

const LABEL_SELECTOR_SHAPE: Shape = Shape::Object(&LABEL_SELECTOR);

/// `V1PodAffinityTerm`.
pub static POD_AFFINITY_TERM: Obj = Obj {
    def_name: "V1PodAffinityTerm",
    fields: &[
        Field::new(
            "labelSelector",
            LABEL_SELECTOR_SHAPE,
            NESTED,
            "Label selector",
        ),
        Field::new("matchLabelKeys", PLAIN_LIST, NESTED, "Match label keys"),
        Field::new(
            "mismatchLabelKeys",
            PLAIN_LIST,
            NESTED,
            "Mismatch label keys",
        ),
        Field::new(
            "namespaceSelector",
            LABEL_SELECTOR_SHAPE,
            NESTED,
            "Namespace selector",
        ),
        Field::new("namespaces", PLAIN_LIST, NESTED, "Namespaces"),
        Field::new("topologyKey", PLAIN, NESTED, "Topology key").describe(
            "Node label that defines the topology domain, such as kubernetes.io/hostname.",
        ),
    ],
};

const POD_AFFINITY_TERM_SHAPE: Shape = Shape::Object(&POD_AFFINITY_TERM);

/// `V1WeightedPodAffinityTerm`.
pub static WEIGHTED_POD_AFFINITY_TERM: Obj = Obj {
    def_name: "V1WeightedPodAffinityTerm",
    fields: &[
        Field::new(
            "podAffinityTerm",
            POD_AFFINITY_TERM_SHAPE,
            NESTED,
            "Pod affinity term",
        ),
        Field::new("weight", WEIGHT, NESTED, "Weight").describe("1 to 100."),
    ],
};

const WEIGHTED_POD_AFFINITY_TERM_SHAPE: Shape = Shape::Object(&WEIGHTED_POD_AFFINITY_TERM);

const POD_AFFINITY_FIELDS: &[Field] = &[
    Field::new(
        "preferredDuringSchedulingIgnoredDuringExecution",
        Shape::Array(&WEIGHTED_POD_AFFINITY_TERM_SHAPE),
        NESTED,
        "Preferred pod terms",
    ),
    Field::new(
        "requiredDuringSchedulingIgnoredDuringExecution",
        Shape::Array(&POD_AFFINITY_TERM_SHAPE),
        NESTED,
        "Required pod terms",
    ),
];

/// `V1PodAffinity`.
pub static POD_AFFINITY: Obj = Obj {
    def_name: "V1PodAffinity",
    fields: POD_AFFINITY_FIELDS,
};

/// `V1PodAntiAffinity`.
pub static POD_ANTI_AFFINITY: Obj = Obj {
    def_name: "V1PodAntiAffinity",
    fields: POD_AFFINITY_FIELDS,
};

/// `CoreAffinity`: Kubernetes affinity with its camelCase field names.
pub static AFFINITY: Obj = Obj {
    def_name: "CoreAffinity",
    fields: &[
        Field::new(
            "nodeAffinity",
            Shape::Object(&NODE_AFFINITY),
            NESTED,
            "Node affinity",
        ),
        Field::new(
            "podAffinity",
            Shape::Object(&POD_AFFINITY),
            NESTED,
            "Pod affinity",
        ),
        Field::new(
            "podAntiAffinity",
            Shape::Object(&POD_ANTI_AFFINITY),
            NESTED,
            "Pod anti-affinity",
        ),
    ],
};

/// `PythonSourceCode`: where the function's code comes from.
pub static SOURCE: Obj = Obj {
    def_name: "PythonSourceCode",
    fields: &[
        Field::new("base64", text(StrRule::Base64), NESTED, "Code (base64)")
            .describe("One .py file, encoded as padded standard base64."),
        Field::new("handler", text(StrRule::Handler), NESTED, "Handler")
            .describe("Function to call: func, or pkg.module:func for git and zip sources."),
        Field::new(
            "init_function",
            text(StrRule::Identifier),
            NESTED,
            "Init function",
        )
        .describe("Function in the handler's module that serve runs call once at start."),
        Field::new(
            "lang",
            text(StrRule::Enum(EnumSet::SourceLanguage)),
            NESTED,
            "Language",
        )
        .default(DefaultValue::Str("python")),
        Field::new("source", PLAIN, NESTED, "Source").describe(
            "git+https://, http(s)://, zip+s3:// or zip+https:// URL, or the relative path the \
             base64 code is written to, such as main.py.",
        ),
    ],
};

const SECRET_NAMES: Shape = PLAIN_LIST;

/// Every top-level field of function, task and run specs.
pub static SPEC_FIELDS: &[Field] = &[
    Field::new(
        "function",
        not_blank(StrRule::FunctionRef),
        Owner::Task,
        "Function",
    )
    .required()
    .describe("Function to run: python://<project>/<name>:<id>."),
    Field::new(
        "envs",
        Shape::Array(&Shape::Object(&ENV)),
        Owner::Task,
        "Environment",
    )
    .describe("Environment variables of the container."),
    Field::new(
        "volumes",
        Shape::Array(&Shape::Object(&VOLUME)),
        Owner::Task,
        "Volumes",
    )
    .describe("Volumes to mount."),
    Field::new(
        "resources",
        Shape::Object(&RESOURCES),
        Owner::Task,
        "Resources",
    )
    .describe("Requested resources; a profile's requests take precedence."),
    Field::new("secrets", SECRET_NAMES, Owner::Task, "Secrets")
        .describe("Names of project secrets injected as environment variables."),
    Field::new("profile", PLAIN, Owner::Task, "Profile")
        .describe("Admin-defined resource profile (template) id."),
    Field::new(
        "node_selector",
        Shape::Array(&Shape::Object(&NODE_SELECTOR)),
        Owner::Task,
        "Node selector",
    )
    .until_profiles()
    .describe("Node labels the pod requires. Core 0.15 drops it: use a profile."),
    Field::new(
        "affinity",
        Shape::Object(&AFFINITY),
        Owner::Task,
        "Affinity",
    )
    .until_profiles()
    .describe("Kubernetes affinity. Core 0.15 drops it: use a profile."),
    Field::new(
        "tolerations",
        Shape::Array(&Shape::Object(&TOLERATION)),
        Owner::Task,
        "Tolerations",
    )
    .until_profiles()
    .describe("Kubernetes tolerations. Core 0.15 drops them: use a profile."),
    Field::new("runtime_class", PLAIN, Owner::Task, "Runtime class")
        .until_profiles()
        .describe("Pod runtimeClassName. Core 0.15 drops it: use a profile."),
    Field::new("priority_class", PLAIN, Owner::Task, "Priority class")
        .until_profiles()
        .describe("Pod priorityClassName. Core 0.15 drops it: use a profile."),
    Field::new(
        "replicas",
        Shape::Int {
            minimum: Some(0),
            range: None,
            int32: true,
        },
        Owner::TaskOf(Action::Serve),
        "Replicas",
    )
    .default(DefaultValue::Int(1))
    .describe("Number of pods; Core uses 1 when absent, and 0 leaves the service without pods."),
    Field::new(
        "service_type",
        text(StrRule::Enum(EnumSet::ServiceType)),
        Owner::TaskOf(Action::Serve),
        "Service type",
    )
    .default(DefaultValue::Str("ClusterIP"))
    .describe(
        "Kubernetes Service type. The schema default is ClusterIP, but when the field is absent \
         Core uses its configured type (NodePort unless the admin changed it).",
    ),
    Field::new(
        "service_name",
        PLAIN,
        Owner::TaskOf(Action::Serve),
        "Service name",
    )
    .levels(V14, V15)
    .describe(
        "Adds an alias Service s-<project>-<function>-<service_name> (at most 62 characters).",
    ),
    Field::new(
        "instructions",
        PLAIN_LIST,
        Owner::TaskOf(Action::Build),
        "Instructions",
    )
    .describe("Shell commands, each run as a RUN line of the image build, as root."),
    Field::new(
        "schedule",
        text(StrRule::Schedule),
        Owner::TaskOf(Action::Job),
        "Schedule",
    )
    .levels(V13, V13)
    .describe("Cron expression (5 to 7 fields) or @daily, @hourly and the like."),
    Field::new(
        "source",
        Shape::Object(&SOURCE),
        Owner::Function,
        "Source code",
    )
    .required()
    .describe("Where the code comes from and which function to call."),
    Field::new(
        "python_version",
        text(StrRule::Enum(EnumSet::PythonVersion)),
        Owner::Function,
        "Python version",
    )
    .required()
    .describe("Interpreter the function runs on."),
    Field::new("image", PLAIN, Owner::Function, "Image")
        .describe("Container image to run; a successful build replaces it."),
    Field::new("base_image", PLAIN, Owner::Function, "Base image")
        .describe("Base image for builds."),
    Field::new("requirements", PLAIN_LIST, Owner::Function, "Requirements")
        .describe("pip requirement lines, such as pandas==2.2.3."),
    Field::new("task", non_empty(StrRule::TaskRef), Owner::Run, "Task")
        .required()
        .describe("Task to run: <task kind>://<project>/<task id>."),
    Field::new(
        "local_execution",
        Shape::Bool,
        Owner::Run,
        "Local execution",
    )
    .default(DefaultValue::Bool(false))
    .describe("True when the SDK runs the function itself instead of Core."),
    Field::new("inputs", Shape::StrMap, Owner::Run, "Inputs")
        .describe("Input entities by parameter name, as store:// keys."),
    Field::new("parameters", Shape::AnyMap, Owner::Run, "Parameters")
        .describe("Keyword arguments of the handler."),
    Field::new(
        "init_parameters",
        Shape::AnyMap,
        Owner::Run,
        "Init parameters",
    )
    .describe("Keyword arguments of the init function."),
];

/// Spec kind under validation, which decides the top-level fields that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Function,
    Task(Action),
    /// A run. `actions` are the actions whose task fields Core's schema declares for the run
    /// kind: one from 0.14, all three for 0.13's `python+run`. `action` is the action the run
    /// really performs, when known.
    Run {
        all_actions: bool,
        action: Option<Action>,
    },
}

impl Entity {
    /// True when a top-level field of `owner` belongs to this entity.
    pub fn has(self, owner: Owner) -> bool {
        match (self, owner) {
            (_, Owner::Nested) => true,
            (Entity::Function, owner) => owner == Owner::Function,
            (Entity::Task(_), Owner::Task) => true,
            (Entity::Task(action), Owner::TaskOf(other)) => action == other,
            (Entity::Task(_), _) => false,
            (Entity::Run { .. }, Owner::Task | Owner::Function | Owner::Run) => true,
            (
                Entity::Run {
                    all_actions,
                    action,
                },
                Owner::TaskOf(other),
            ) => all_actions || action == Some(other),
        }
    }

    /// True when a field of `owner` marked required must be present in this entity. Runs
    /// carry function fields only once Core merged them in.
    pub fn requires(self, owner: Owner) -> bool {
        !(matches!(self, Entity::Run { .. }) && owner == Owner::Function)
    }

    /// Returns the entity's name in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Entity::Function => "function spec",
            Entity::Task(_) => "task spec",
            Entity::Run { .. } => "run spec",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_unique_per_level() {
        fn check(fields: &[Field], context: &str) {
            for level in ApiLevel::ALL {
                let names: Vec<&str> = fields
                    .iter()
                    .filter(|field| field.available_at(level))
                    .map(|field| field.name)
                    .collect();
                for (index, name) in names.iter().enumerate() {
                    assert!(
                        !names[index + 1..].contains(name),
                        "{context}: {name} twice at {level}"
                    );
                }
            }
        }
        check(SPEC_FIELDS, "spec");
        check(RESOURCES.fields, "resources");
        check(AFFINITY.fields, "affinity");
    }

    #[test]
    fn enum_sets_follow_levels() {
        assert_eq!(
            EnumSet::VolumeType.values_at(ApiLevel::V13),
            ["persistent_volume_claim", "empty_dir"]
        );
        assert_eq!(
            EnumSet::LabelSelectorOperator.values_at(ApiLevel::V15),
            ["In", "NotIn", "Exists", "DoesNotExist"]
        );
        assert!(EnumSet::PythonVersion.in_core_schema());
        assert!(!EnumSet::TolerationOperator.in_core_schema());
    }

    #[test]
    fn entity_ownership() {
        let job = Entity::Task(Action::Job);
        assert!(job.has(Owner::Task));
        assert!(!job.has(Owner::TaskOf(Action::Serve)));
        assert!(!job.has(Owner::Function));
        let legacy = Entity::Run {
            all_actions: true,
            action: Some(Action::Job),
        };
        assert!(legacy.has(Owner::TaskOf(Action::Serve)));
        assert!(!legacy.requires(Owner::Function));
        assert!(Entity::Function.requires(Owner::Function));
    }
}
