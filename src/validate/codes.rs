//! Every issue code the validator emits, with who rejects the problem and why.
//!
//! `docs/strictness.md` lists each code; a test keeps the two in step.

use super::issue::{RejectedBy, Severity};

/// One issue code and its fixed properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable kebab-case name, such as `invalid-quantity`.
    pub name: &'static str,
    /// The party that rejects the problem when the library does not.
    pub rejected_by: RejectedBy,
    /// Error or warning.
    pub severity: Severity,
    /// True when Core's published JSON Schema accepts what this code reports.
    pub stricter_than_schema: bool,
    /// The rule, in one sentence.
    pub rule: &'static str,
}

macro_rules! codes {
    ($( $(#[$meta:meta])* $ident:ident = $name:literal, $by:ident, $severity:ident, $stricter:literal, $rule:literal; )+) => {
        $(
            $(#[$meta])*
            pub const $ident: Code = Code {
                name: $name,
                rejected_by: RejectedBy::$by,
                severity: Severity::$severity,
                stricter_than_schema: $stricter,
                rule: $rule,
            };
        )+

        /// Every code, in the order of `docs/strictness.md`.
        pub const ALL: &[Code] = &[ $( $ident ),+ ];
    };
}

codes! {
    /// The spec is not a JSON object.
    NOT_AN_OBJECT = "not-an-object", Core, Error, false,
        "A spec must be a JSON object.";
    /// The run kind does not exist at the API level.
    UNKNOWN_KIND = "unknown-kind", Core, Error, false,
        "The run kind must exist at the API level (python+run at 13, python+<action>:run from 14).";
    /// A value has the wrong JSON type.
    INVALID_TYPE = "invalid-type", Core, Error, false,
        "Each declared field has the JSON type of Core's schema; null is not a value.";
    /// A required field is absent.
    MISSING_FIELD = "missing-field", Core, Error, false,
        "Fields that Core's schema lists as required must be present.";
    /// A string that must not be empty is empty.
    EMPTY_VALUE = "empty-value", Core, Error, false,
        "Strings with minLength 1 in Core's schema must not be empty.";
    /// A string of only whitespace where Core's Java field is `@NotBlank`.
    BLANK_VALUE = "blank-value", Core, Error, true,
        "function, env name and value, volume name and mount_path are @NotBlank in Core, which rejects strings of only characters up to U+0020.";
    /// An integer Core binds to a Java int that does not fit.
    INTEGER_TOO_LARGE = "integer-too-large", Core, Error, true,
        "replicas and affinity weights are Java ints in Core: at most 2147483647.";
    /// A function field merged into a run that Core cannot bind.
    INVALID_FUNCTION_FIELD = "invalid-function-field", Core, Error, true,
        "Function fields on a run (source, python_version, image, base_image, requirements) follow the function schema; Core binds them on create although the run schema omits them.";
    /// A string is not one of the enum values of the level.
    INVALID_ENUM = "invalid-enum", Core, Error, false,
        "Enum fields (python_version, volume_type, service_type, source.lang) take a value of the level.";
    /// A number is below Core's minimum.
    BELOW_MINIMUM = "below-minimum", Core, Error, false,
        "replicas must be 0 or more.";
    /// A resource value fails the pattern of Core's schema.
    INVALID_RESOURCE = "invalid-resource", Core, Error, false,
        "Resource values match Core's pattern: ^\\d+([a-zA-Z]+)?$ at 15; at 13/14 the schema's unanchored pattern needs a digit.";
    /// A 0.13/0.14 resource value that only Java's full-match reading of the pattern rejects.
    RESOURCE_FULL_MATCH = "resource-full-match", Core, Error, true,
        "At 13/14 Core's bean validation matches the whole value against [\\d]+|^([0-9])+([a-zA-Z])+$, so only an integer with an optional unit passes.";
    /// A 0.13 job schedule that fails the cron pattern of Core's schema.
    INVALID_SCHEDULE = "invalid-schedule", Core, Error, false,
        "A 0.13 job schedule must contain a match of Core's cron pattern.";
    /// A 0.13 job schedule that only Java's full-match reading of the pattern rejects.
    SCHEDULE_FULL_MATCH = "schedule-full-match", Core, Error, true,
        "Core's bean validation matches the whole schedule against its cron pattern (5 to 7 fields or @daily and friends).";
    /// A field Core does not know here, so it would be dropped.
    UNKNOWN_FIELD = "unknown-field", Library, Error, true,
        "Core drops fields it does not declare, so an unknown or misspelled field is lost.";
    /// A task field of another action.
    WRONG_ACTION = "wrong-action", Library, Error, true,
        "A field of another action (replicas on a job) is dropped by Core.";
    /// A field of another entity (a run field on a task, a function field on a task).
    WRONG_ENTITY = "wrong-entity", Library, Error, true,
        "A field of another entity (python_version on a task) is dropped by Core.";
    /// A field that exists only at other API levels.
    NOT_AT_LEVEL = "not-at-level", Library, Error, true,
        "A field that Core declares only at other levels (service_name at 13, resources.disk before 15) is dropped.";
    /// A scheduling field that Core 0.15 drops.
    DROPPED_BY_CORE = "dropped-by-core", Library, Warning, true,
        "Core 0.15 silently drops node_selector, affinity, tolerations, runtime_class and priority_class; a profile sets them.";
    /// A function reference that does not parse.
    INVALID_FUNCTION_REF = "invalid-function-ref", Core, Error, true,
        "function must read python://<project>/<name>:<id>, the form Core parses.";
    /// A run task reference that does not parse.
    INVALID_TASK_REF = "invalid-task-ref", Core, Error, true,
        "A run's task must read <task kind>://<project>/<task id>, the form Core parses.";
    /// A run whose task kind does not match the run kind.
    RUN_KIND_MISMATCH = "run-kind-mismatch", Core, Error, true,
        "The task kind in a run's task reference must match the run kind (any python task at 13).";
    /// Function and task references of a run name different projects.
    PROJECT_MISMATCH = "project-mismatch", Core, Error, true,
        "A run's function and task references must name the same project.";
    /// A volume name that is not a DNS-1123 label.
    INVALID_VOLUME_NAME = "invalid-volume-name", Runtime, Error, true,
        "Volume names are pod volume names: DNS-1123 labels of at most 63 characters.";
    /// Two volumes with the same name.
    DUPLICATE_VOLUME_NAME = "duplicate-volume-name", Runtime, Error, true,
        "Volume names must be unique within the pod.";
    /// A volume name Core uses itself.
    RESERVED_VOLUME_NAME = "reserved-volume-name", Runtime, Error, true,
        "Core reserves the volume names shared-dir and init-config-map.";
    /// A persistent volume claim name that would exceed Core's limit.
    VOLUME_NAME_TOO_LONG = "volume-name-too-long", Runtime, Error, true,
        "Core names the claim v-<run id>-<name>, at most 62 characters, which leaves 23 for the name.";
    /// A mount path that does not start with '/'.
    RELATIVE_MOUNT_PATH = "relative-mount-path", Library, Warning, true,
        "The kubelet mounts a relative mount path under the container's root, so data means /data.";
    /// Two volumes mounted at the same path.
    DUPLICATE_MOUNT_PATH = "duplicate-mount-path", Runtime, Error, true,
        "Kubernetes rejects two volume mounts at one path.";
    /// A `runtime_class` or `priority_class` that is not a DNS-1123 subdomain.
    INVALID_CLASS_NAME = "invalid-class-name", Runtime, Error, true,
        "Kubernetes needs runtimeClassName and priorityClassName to be DNS-1123 subdomains.";
    /// A volume `spec.subPath` that is absolute or climbs out with `..`.
    INVALID_SUB_PATH = "invalid-sub-path", Runtime, Error, true,
        "Kubernetes needs a volume subPath to be a relative path without '..' elements.";
    /// A volume spec key that Core does not read for that volume type.
    UNKNOWN_VOLUME_SPEC_KEY = "unknown-volume-spec-key", Library, Error, true,
        "Each volume type reads its own spec keys; Core ignores the others.";
    /// A volume spec key that the volume type needs.
    MISSING_VOLUME_SPEC_KEY = "missing-volume-spec-key", Runtime, Error, true,
        "An image volume needs spec.image.";
    /// A value that is not a Kubernetes quantity.
    INVALID_QUANTITY = "invalid-quantity", Runtime, Error, true,
        "Sizes and resources must parse as non-negative Kubernetes quantities.";
    /// An environment variable name Kubernetes rejects.
    INVALID_ENV_NAME = "invalid-env-name", Runtime, Error, true,
        "Env names match ^[-._a-zA-Z][-._a-zA-Z0-9]*$.";
    /// Two environment variables with the same name.
    DUPLICATE_ENV_NAME = "duplicate-env-name", Library, Error, true,
        "A repeated env name hides the earlier value.";
    /// An alias Service name that would exceed Core's limit.
    SERVICE_NAME_TOO_LONG = "service-name-too-long", Runtime, Error, true,
        "The alias Service s-<project>-<function>-<service_name> must fit in 62 characters.";
    /// A service name that Core rewrites.
    SERVICE_NAME_REWRITTEN = "service-name-rewritten", Library, Warning, true,
        "Core lower-cases service_name and removes characters outside [a-z0-9-].";
    /// A serve task with zero replicas.
    NO_REPLICAS = "no-replicas", Library, Warning, false,
        "replicas 0 is valid but the service gets no pods.";
    /// An integer outside the range Kubernetes accepts.
    OUT_OF_RANGE = "out-of-range", Runtime, Error, true,
        "Affinity weights are 1 to 100.";
    /// A Kubernetes operator that is not one of its enum values.
    INVALID_OPERATOR = "invalid-operator", Runtime, Error, true,
        "Toleration, node selector and label selector operators take Kubernetes' values.";
    /// A toleration effect that is not one of its enum values.
    INVALID_EFFECT = "invalid-effect", Runtime, Error, true,
        "A toleration effect is NoSchedule, PreferNoSchedule or NoExecute.";
    /// A toleration whose fields contradict each other.
    INVALID_TOLERATION = "invalid-toleration", Runtime, Error, true,
        "Exists takes no value, an empty key needs Exists, tolerationSeconds needs NoExecute.";
    /// An affinity structure Kubernetes rejects.
    INVALID_AFFINITY = "invalid-affinity", Runtime, Error, true,
        "Affinity terms follow Kubernetes: non-empty terms, values per operator, a topologyKey.";
    /// A node selector entry Kubernetes rejects.
    INVALID_NODE_SELECTOR = "invalid-node-selector", Runtime, Error, true,
        "node_selector entries need a label key and a label value.";
    /// A base64 source that does not decode.
    INVALID_BASE64 = "invalid-base64", Runtime, Error, true,
        "source.base64 is padded standard base64.";
    /// A function without code to run.
    MISSING_SOURCE_CODE = "missing-source-code", Runtime, Error, true,
        "A function needs source.source or source.base64.";
    /// A function without a handler.
    MISSING_HANDLER = "missing-handler", Runtime, Error, true,
        "A function needs source.handler.";
    /// A handler the python runtime cannot import.
    INVALID_HANDLER = "invalid-handler", Runtime, Error, true,
        "source.handler reads func or pkg.module:func.";
    /// An init function name that is not a Python identifier.
    INVALID_INIT_FUNCTION = "invalid-init-function", Runtime, Error, true,
        "source.init_function is a Python identifier.";
}

/// Looks up a code by name.
pub fn find(name: &str) -> Option<Code> {
    ALL.iter().copied().find(|code| code.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        for (index, code) in ALL.iter().enumerate() {
            let kebab = code
                .name
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
            assert!(kebab, "{} is not kebab-case", code.name);
            let later = ALL[index + 1..].iter().any(|other| other.name == code.name);
            assert!(!later, "{} appears twice", code.name);
        }
    }

    /// Returns the rows of the Markdown table whose first header cell is `first_header`.
    fn table_rows(markdown: &str, first_header: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut inside = false;
        for line in markdown.lines().map(str::trim) {
            if !line.starts_with('|') {
                inside = false;
                continue;
            }
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_string())
                .collect();
            if cells.first().map(String::as_str) == Some(first_header) {
                inside = true;
                continue;
            }
            if inside && !line.starts_with("|---") {
                rows.push(cells);
            }
        }
        rows
    }

    #[test]
    fn strictness_doc_lists_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/strictness.md");
        let markdown = std::fs::read_to_string(path).unwrap_or_default();
        assert!(!markdown.is_empty(), "cannot read {path}");
        let stricter = table_rows(&markdown, "code");
        let warnings = table_rows(&markdown, "warning");
        let same = table_rows(&markdown, "issue");
        for code in ALL {
            let cell = format!("`{}`", code.name);
            let table = match (code.severity, code.stricter_than_schema) {
                (Severity::Warning, _) => &warnings,
                (Severity::Error, true) => &stricter,
                (Severity::Error, false) => &same,
            };
            let row = table.iter().find(|row| row.first() == Some(&cell));
            assert!(
                row.is_some(),
                "{} is missing from its table in docs/strictness.md",
                code.name
            );
            if let (Some(row), true) = (row, table == &stricter) {
                let by = format!("{:?}", code.rejected_by);
                assert_eq!(row.last(), Some(&by), "rejected by of {}", code.name);
            }
        }
        let listed = stricter.len() + warnings.len() + same.len();
        assert_eq!(
            listed,
            ALL.len(),
            "docs/strictness.md lists a code that codes.rs lacks"
        );
    }

    #[test]
    fn warnings_never_name_core() {
        for code in ALL {
            if code.severity == Severity::Warning {
                assert_ne!(code.rejected_by, RejectedBy::Core, "{}", code.name);
            }
        }
    }
}
