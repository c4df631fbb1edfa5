//! Task spec validation: structure, Kubernetes rules and level differences, table-driven.

use digitalhub_tasks::kind::{Action, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::validate::{validate_task, RejectedBy, Report, Severity};
use serde_json::{json, Value};

const FUNCTION: &str = "python://demo/echo:0f6b1d3c9a2e4b7f8c5d2a1e3b4c5d6e";

/// Expected issues as (pointer, code) pairs.
type Expected = Vec<(&'static str, &'static str)>;

const JOB: TaskKind = TaskKind(Action::Job);
const SERVE: TaskKind = TaskKind(Action::Serve);
const BUILD: TaskKind = TaskKind(Action::Build);

/// Builds the base task with `extra` fields merged in.
fn task(extra: Value) -> Value {
    let mut spec = json!({ "function": FUNCTION });
    if let (Value::Object(spec), Value::Object(extra)) = (&mut spec, extra) {
        spec.extend(extra);
    }
    spec
}

fn found(report: &Report) -> Vec<(String, &'static str)> {
    report
        .issues
        .iter()
        .map(|issue| (issue.path.clone(), issue.code))
        .collect()
}

fn expect(kind: TaskKind, level: ApiLevel, spec: Value, expected: &[(&str, &str)]) {
    let report = validate_task(kind, &spec, level);
    let found = found(&report);
    let found: Vec<(&str, &str)> = found.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    assert_eq!(found, expected, "{kind} at {level}: {spec}\n{report:#?}");
}

#[test]
fn minimal_task_valid_everywhere() {
    for level in ApiLevel::ALL {
        for kind in TaskKind::ALL {
            let report = validate_task(kind, &task(json!({})), level);
            assert!(report.issues.is_empty(), "{kind} at {level}: {report:?}");
        }
    }
}

#[test]
fn structural_errors() {
    use ApiLevel::*;
    let cases: Vec<(TaskKind, ApiLevel, Value, Expected)> = vec![
        (JOB, V15, json!({}), vec![("/function", "missing-field")]),
        (
            JOB,
            V15,
            json!({"function": ""}),
            vec![("/function", "empty-value")],
        ),
        (
            JOB,
            V15,
            json!({"function": 5}),
            vec![("/function", "invalid-type")],
        ),
        (
            JOB,
            V15,
            json!({"function": null}),
            vec![("/function", "invalid-type")],
        ),
        (
            JOB,
            V15,
            task(json!({"envs": {}})),
            vec![("/envs", "invalid-type")],
        ),
        (
            JOB,
            V15,
            task(json!({"secrets": ["a", 1]})),
            vec![("/secrets/1", "invalid-type")],
        ),
        (
            JOB,
            V15,
            task(json!({"profile": false})),
            vec![("/profile", "invalid-type")],
        ),
        (
            SERVE,
            V15,
            task(json!({"replicas": -1})),
            vec![("/replicas", "below-minimum")],
        ),
        (
            SERVE,
            V15,
            task(json!({"replicas": 1.5})),
            vec![("/replicas", "invalid-type")],
        ),
        (SERVE, V15, task(json!({"replicas": 2.0})), vec![]),
        (
            SERVE,
            V15,
            task(json!({"replicas": "2"})),
            vec![("/replicas", "invalid-type")],
        ),
        (
            SERVE,
            V15,
            task(json!({"service_type": "clusterip"})),
            vec![("/service_type", "invalid-enum")],
        ),
        (
            SERVE,
            V15,
            task(json!({"service_type": "NodePort"})),
            vec![],
        ),
        (
            BUILD,
            V15,
            task(json!({"instructions": "apt-get update"})),
            vec![("/instructions", "invalid-type")],
        ),
        (
            JOB,
            V15,
            task(json!({"volumes": [{"name": "data"}]})),
            vec![
                ("/volumes/0/mount_path", "missing-field"),
                ("/volumes/0/volume_type", "missing-field"),
            ],
        ),
        (
            JOB,
            V15,
            task(json!({"volumes": [{"name": "data", "mount_path": "/d", "volume_type": "nfs"}]})),
            vec![("/volumes/0/volume_type", "invalid-enum")],
        ),
        (
            JOB,
            V15,
            task(
                json!({"volumes": [{"name": "d", "mount_path": "/d", "volume_type": "empty_dir", "spec": {"sizeLimit": 5}}]}),
            ),
            vec![("/volumes/0/spec/sizeLimit", "invalid-type")],
        ),
        (
            JOB,
            V15,
            task(json!({"envs": [{"name": "A"}]})),
            vec![("/envs/0/value", "missing-field")],
        ),
        (
            JOB,
            V15,
            task(json!({"envs": [{"name": "", "value": ""}]})),
            vec![
                ("/envs/0/name", "empty-value"),
                ("/envs/0/value", "empty-value"),
            ],
        ),
        (
            JOB,
            V15,
            task(json!({"resources": {"cpu": 1}})),
            vec![("/resources/cpu", "invalid-type")],
        ),
    ];
    for (kind, level, spec, expected) in cases {
        expect(kind, level, spec, &expected);
    }
}

#[test]
fn foreign_and_unknown_fields() {
    use ApiLevel::*;
    let cases: Vec<(TaskKind, ApiLevel, Value, Expected)> = vec![
        (
            JOB,
            V15,
            task(json!({"replicas": 2})),
            vec![("/replicas", "wrong-action")],
        ),
        (
            SERVE,
            V15,
            task(json!({"instructions": ["x"]})),
            vec![("/instructions", "wrong-action")],
        ),
        (
            SERVE,
            V15,
            task(json!({"replica": 2})),
            vec![("/replica", "unknown-field")],
        ),
        (
            JOB,
            V15,
            task(json!({"node_selectors": []})),
            vec![("/node_selectors", "unknown-field")],
        ),
        (
            JOB,
            V15,
            task(json!({"envs": [{"name": "A", "val": "x"}]})),
            vec![
                ("/envs/0/val", "unknown-field"),
                ("/envs/0/value", "missing-field"),
            ],
        ),
        (
            JOB,
            V15,
            task(json!({"python_version": "PYTHON3_10"})),
            vec![("/python_version", "wrong-entity")],
        ),
        (
            JOB,
            V15,
            task(json!({"task": "python+job://demo/x"})),
            vec![("/task", "wrong-entity")],
        ),
        (
            SERVE,
            V13,
            task(json!({"service_name": "api"})),
            vec![("/service_name", "not-at-level")],
        ),
        (
            JOB,
            V14,
            task(json!({"schedule": "0 3 * * *"})),
            vec![("/schedule", "not-at-level")],
        ),
        (
            SERVE,
            V13,
            task(json!({"schedule": "0 3 * * *"})),
            vec![("/schedule", "wrong-action")],
        ),
        (
            JOB,
            V14,
            task(json!({"resources": {"disk": "1Gi"}})),
            vec![("/resources/disk", "not-at-level")],
        ),
        (
            JOB,
            V15,
            task(json!({"resources": {"cpus": "1"}})),
            vec![("/resources/cpus", "unknown-field")],
        ),
        (
            JOB,
            V15,
            task(
                json!({"node_selector": [], "affinity": {}, "tolerations": [], "runtime_class": "x", "priority_class": "y"}),
            ),
            vec![
                ("/affinity", "dropped-by-core"),
                ("/node_selector", "dropped-by-core"),
                ("/priority_class", "dropped-by-core"),
                ("/runtime_class", "dropped-by-core"),
                ("/tolerations", "dropped-by-core"),
            ],
        ),
    ];
    for (kind, level, spec, expected) in cases {
        expect(kind, level, spec, &expected);
    }
}

#[test]
fn unknown_field_suggests_and_is_library() {
    let report = validate_task(SERVE, &task(json!({"replica": 2})), ApiLevel::V15);
    let issue = &report.issues[0];
    assert!(
        issue.message.contains("did you mean `replicas`?"),
        "{}",
        issue.message
    );
    assert_eq!(issue.rejected_by, RejectedBy::Library);
    assert_eq!(report.core_errors().count(), 0);
    let report = validate_task(JOB, &task(json!({"replicas": 2})), ApiLevel::V15);
    assert!(
        report.issues[0].message.contains("serve"),
        "{}",
        report.issues[0].message
    );
}

#[test]
fn misspelt_field_of_elsewhere_suggested() {
    let cases = [
        (
            JOB,
            ApiLevel::V15,
            "replica",
            "did you mean `replicas`, a field of python+serve tasks?",
        ),
        (
            JOB,
            ApiLevel::V15,
            "node_selectors",
            "did you mean `node_selector`? Core 0.15 drops that field too",
        ),
        (
            JOB,
            ApiLevel::V14,
            "node_selectors",
            "did you mean `node_selector`?",
        ),
        (
            SERVE,
            ApiLevel::V13,
            "service_nme",
            "did you mean `service_name`, which exists only at API level 14 and 15?",
        ),
        (
            JOB,
            ApiLevel::V15,
            "python_versio",
            "did you mean `python_version`, a function field?",
        ),
    ];
    for (kind, level, key, hint) in cases {
        let mut extra = serde_json::Map::new();
        extra.insert(key.to_string(), json!(1));
        let report = validate_task(kind, &task(Value::Object(extra)), level);
        assert_eq!(report.issues.len(), 1, "{key}: {report:#?}");
        let issue = &report.issues[0];
        assert_eq!(issue.code, "unknown-field", "{key}");
        assert!(issue.message.contains(hint), "{key}: {}", issue.message);
    }
}

#[test]
fn wrong_action_names_levels() {
    let report = validate_task(
        SERVE,
        &task(json!({"schedule": "0 3 * * *"})),
        ApiLevel::V14,
    );
    let message = &report.issues[0].message;
    assert_eq!(report.issues[0].code, "wrong-action");
    assert!(
        message.contains("only on job (python+job) tasks at API level 13"),
        "{message}"
    );
    let report = validate_task(
        SERVE,
        &task(json!({"schedule": "0 3 * * *"})),
        ApiLevel::V13,
    );
    let message = &report.issues[0].message;
    assert!(
        message.contains("belongs to job (python+job) tasks"),
        "{message}"
    );
}

#[test]
fn dropped_fields_are_warnings() {
    let report = validate_task(
        JOB,
        &task(json!({"tolerations": [{"key": "x", "operator": "Exists"}]})),
        ApiLevel::V15,
    );
    assert!(report.is_valid());
    assert_eq!(report.issues[0].severity, Severity::Warning);
    assert!(report.issues[0].message.contains("profile"));
}

#[test]
fn python_resources_per_level() {
    use ApiLevel::*;
    let cases: Vec<(ApiLevel, Value, Expected)> = vec![
        (
            V15,
            json!({"cpu": "500m", "mem": "4Gi", "gpu": "1", "disk": "10Gi"}),
            vec![],
        ),
        (
            V15,
            json!({"cpu": "0.5"}),
            vec![("/resources/cpu", "invalid-resource")],
        ),
        (
            V14,
            json!({"cpu": "0.5"}),
            vec![("/resources/cpu", "resource-full-match")],
        ),
        (
            V14,
            json!({"cpu": "half"}),
            vec![("/resources/cpu", "invalid-resource")],
        ),
        (
            V14,
            json!({"cpu": {"requests": "1"}}),
            vec![("/resources/cpu", "invalid-type")],
        ),
        (
            V13,
            json!({"cpu": {"requests": "1", "limits": "2"}, "mem": {"requests": "1Gi"}}),
            vec![],
        ),
        (
            V13,
            json!({"cpu": "1"}),
            vec![("/resources/cpu", "invalid-type")],
        ),
        (
            V13,
            json!({"cpu": {"requests": "1.5"}}),
            vec![("/resources/cpu/requests", "resource-full-match")],
        ),
        (
            V13,
            json!({"cpu": {"request": "1"}}),
            vec![("/resources/cpu/request", "unknown-field")],
        ),
        (
            V15,
            json!({"mem": "5abc"}),
            vec![("/resources/mem", "invalid-quantity")],
        ),
    ];
    for (level, resources, expected) in cases {
        expect(
            JOB,
            level,
            task(json!({ "resources": resources })),
            &expected,
        );
    }
}

#[test]
fn volume_types_per_level() {
    use ApiLevel::*;
    let volume = |volume_type: &str| {
        task(json!({"volumes": [{"name": "d", "mount_path": "/d", "volume_type": volume_type}]}))
    };
    let cases = [
        (V13, "persistent_volume_claim", true),
        (V13, "empty_dir", true),
        (V13, "ephemeral", false),
        (V13, "shared_volume", false),
        (V14, "shared_volume", true),
        (V14, "ephemeral", true),
        (V14, "image", false),
        (V15, "shared_volume", true),
    ];
    for (level, volume_type, valid) in cases {
        let report = validate_task(JOB, &volume(volume_type), level);
        assert_eq!(
            report.is_valid(),
            valid,
            "{volume_type} at {level}: {report:?}"
        );
        if !valid {
            assert!(
                report.issues[0].message.contains("(it exists at API level"),
                "{}",
                report.issues[0].message
            );
        }
    }
}

#[test]
fn kubernetes_rules() {
    use ApiLevel::*;
    let cases: Vec<(TaskKind, ApiLevel, Value, Expected)> = vec![
        (JOB, V15, task(json!({"volumes": [{"name": "Data_1", "mount_path": "data", "volume_type": "empty_dir"}]})),
            vec![("/volumes/0/mount_path", "relative-mount-path"), ("/volumes/0/name", "invalid-volume-name")]),
        (JOB, V15, task(json!({"envs": [{"name": "1A", "value": "x"}, {"name": "B", "value": "y"}, {"name": "B", "value": "z"}]})),
            vec![("/envs/0/name", "invalid-env-name"), ("/envs/2/name", "duplicate-env-name")]),
        (SERVE, V15, task(json!({"replicas": 0})), vec![("/replicas", "no-replicas")]),
        (SERVE, V15, task(json!({"service_name": "x".repeat(80)})), vec![("/service_name", "service-name-too-long")]),
        (JOB, V14, task(json!({"tolerations": [{"key": "gpu", "operator": "Exists", "value": "x", "effect": "NoRun"}]})),
            vec![("/tolerations/0/effect", "invalid-effect"), ("/tolerations/0/value", "invalid-toleration")]),
        (JOB, V14, task(json!({"tolerations": [{"key": "gpu", "operator": "equal"}]})),
            vec![("/tolerations/0/operator", "invalid-operator")]),
        (JOB, V13, task(json!({"node_selector": [{"key": "kubernetes.io/arch", "value": "amd64"}]})), vec![]),
        (JOB, V13, task(json!({"node_selector": {"kubernetes.io/arch": "amd64"}})), vec![("/node_selector", "invalid-type")]),
        (JOB, V14, task(json!({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 0, "preference": {}}]}}})),
            vec![("/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight", "out-of-range")]),
        (JOB, V14, task(json!({"affinity": {"node_affinity": {}}})), vec![("/affinity/node_affinity", "unknown-field")]),
        (JOB, V14, task(json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "Near", "values": ["a"]}]}]}}}})),
            vec![("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/operator", "invalid-operator")]),
        (JOB, V13, task(json!({"schedule": "0 3 * * *"})), vec![]),
        (JOB, V13, task(json!({"schedule": "every day"})), vec![("/schedule", "invalid-schedule")]),
        (JOB, V13, task(json!({"schedule": "run 0 3 * * * daily"})), vec![("/schedule", "schedule-full-match")]),
        (JOB, V15, task(json!({"function": "echo"})), vec![("/function", "invalid-function-ref")]),
        (JOB, V15, task(json!({"function": "container://demo/echo:1"})), vec![("/function", "invalid-function-ref")]),
    ];
    for (kind, level, spec, expected) in cases {
        expect(kind, level, spec, &expected);
    }
}

#[test]
fn rejected_by_per_code() {
    let spec = task(json!({
        "replicas": -1,
        "volumes": [{"name": "Data", "mount_path": "/d", "volume_type": "empty_dir"}],
        "typo": 1
    }));
    let report = validate_task(SERVE, &spec, ApiLevel::V15);
    let by: Vec<(&str, RejectedBy)> = report
        .issues
        .iter()
        .map(|i| (i.code, i.rejected_by))
        .collect();
    assert!(by.contains(&("below-minimum", RejectedBy::Core)));
    assert!(by.contains(&("invalid-volume-name", RejectedBy::Runtime)));
    assert!(by.contains(&("unknown-field", RejectedBy::Library)));
    assert_eq!(report.core_errors().count(), 1);
}

#[test]
fn every_problem_in_one_pass() {
    let spec = json!({
        "function": "",
        "replicas": "three",
        "service_type": "Cluster",
        "volumes": [
            {"name": "Bad Name", "mount_path": "rel", "volume_type": "empty_dir", "spec": {"size_limit": "1G"}},
            {"name": "Bad Name", "mount_path": "rel", "volume_type": "bogus"}
        ],
        "envs": [{"name": "9x", "value": "v"}],
        "resources": {"cpu": "0.5", "mem": "lots"},
        "node_selector": []
    });
    let report = validate_task(SERVE, &spec, ApiLevel::V15);
    let codes: Vec<&str> = report.issues.iter().map(|issue| issue.code).collect();
    for expected in [
        "empty-value",
        "invalid-type",
        "invalid-enum",
        "invalid-volume-name",
        "relative-mount-path",
        "unknown-volume-spec-key",
        "duplicate-volume-name",
        "duplicate-mount-path",
        "invalid-env-name",
        "invalid-resource",
        "dropped-by-core",
    ] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
    assert!(report.issues.len() >= 14, "{report:#?}");
}

#[test]
fn type_and_range_messages_name_fix() {
    let report = validate_task(
        JOB,
        &task(
            json!({"priority_class": null, "affinity": {"nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 0, "preference": {}}]}}}),
        ),
        ApiLevel::V14,
    );
    let messages: Vec<&str> = report
        .issues
        .iter()
        .map(|issue| issue.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages.contains(
            &"`priority_class` must be a string, not null: leave the field out instead of sending null"
        ),
        "{messages:?}"
    );
    assert!(
        messages
            .contains(&"`weight` is 0, but Kubernetes accepts 1 to 100: use a value in that range"),
        "{messages:?}"
    );
}

#[test]
fn blank_follows_java_trim() {
    // Java's String.trim(), behind Core's @NotBlank, removes only characters up to U+0020.
    let cases = [
        ("\u{3000}", vec![]),
        ("\u{a0}", vec![]),
        (" \t\n", vec![("/envs/0/value", "blank-value")]),
        ("\u{1}\u{1f}", vec![("/envs/0/value", "blank-value")]),
    ];
    for (value, expected) in cases {
        let spec = task(json!({"envs": [{"name": "A", "value": value}]}));
        expect(JOB, ApiLevel::V15, spec, &expected);
    }
}

#[test]
fn null_list_item_message_names_fix() {
    let report = validate_task(JOB, &task(json!({"secrets": ["db", null]})), ApiLevel::V15);
    assert_eq!(found(&report), [("/secrets/1".to_string(), "invalid-type")]);
    assert_eq!(
        report.issues[0].message,
        "`secrets[1]` must be a string, not null: remove the null item from the list"
    );
}

#[test]
fn resource_shape_message_names_level_form() {
    let report = validate_task(
        JOB,
        &task(json!({"resources": {"cpu": "1"}})),
        ApiLevel::V13,
    );
    assert!(
        report.issues[0]
            .message
            .contains("{ \"requests\": \"500m\", \"limits\": \"1\" } at API level 13"),
        "{}",
        report.issues[0].message
    );
    let report = validate_task(
        JOB,
        &task(json!({"resources": {"cpu": {"requests": "1"}}})),
        ApiLevel::V14,
    );
    assert!(
        report.issues[0]
            .message
            .contains("the { requests, limits } form is Core 0.13's"),
        "{}",
        report.issues[0].message
    );
}

#[test]
fn toleration_seconds_fit_long() {
    for (seconds, expected) in [
        (json!(9_223_372_036_854_775_807_i64), vec![]),
        (json!(-9_223_372_036_854_775_808_i64), vec![]),
        (
            json!(9_223_372_036_854_775_808_u64),
            vec!["integer-too-large"],
        ),
        (json!(1e20), vec!["integer-too-large"]),
        (json!(-1e20), vec!["integer-too-large"]),
    ] {
        let spec = task(json!({"tolerations": [
            {"key": "k", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": seconds}
        ]}));
        let report = validate_task(JOB, &spec, ApiLevel::V14);
        let codes: Vec<&str> = report.issues.iter().map(|issue| issue.code).collect();
        assert_eq!(codes, expected, "{spec}");
    }
}

#[test]
fn relative_mount_path_is_warning() {
    // The kubelet prefixes a relative mount path with "/", so the spec works as /data.
    let spec = task(json!({"volumes": [
        {"name": "data", "mount_path": "data", "volume_type": "empty_dir"}
    ]}));
    let report = validate_task(JOB, &spec, ApiLevel::V15);
    assert!(report.is_valid(), "{report:#?}");
    assert_eq!(
        found(&report),
        [("/volumes/0/mount_path".to_string(), "relative-mount-path")]
    );
    assert_eq!(report.issues[0].severity, Severity::Warning);
    assert!(
        report.issues[0]
            .message
            .contains("mounts the volume at \"/data\""),
        "{}",
        report.issues[0].message
    );
}
