//! The generated schemas and the validator judge single-value changes alike: every value of a
//! full valid spec is replaced by values from a pool, and an unknown key is added to every
//! object, at every kind and level.

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::schema::{function_schema, run_schema, task_schema};
use digitalhub_tasks::validate::{validate_function, validate_run, validate_task, Report};
use serde_json::{json, Map, Value};

const FUNCTION: &str = "python://demo/echo:0f6b1d3c9a2e4b7f8c5d2a1e3b4c5d6e";

/// Codes of rules that one value decides, which the generated schema encodes too.
const SINGLE_VALUE_CODES: &[&str] = &[
    "invalid-type",
    "missing-field",
    "empty-value",
    "blank-value",
    "integer-too-large",
    "invalid-enum",
    "below-minimum",
    "invalid-resource",
    "resource-full-match",
    "invalid-schedule",
    "schedule-full-match",
    "unknown-field",
    "wrong-action",
    "wrong-entity",
    "not-at-level",
    "invalid-function-ref",
    "invalid-task-ref",
    "invalid-volume-name",
    "reserved-volume-name",
    "volume-name-too-long",
    "relative-mount-path",
    "unknown-volume-spec-key",
    "missing-volume-spec-key",
    "invalid-quantity",
    "invalid-env-name",
    "out-of-range",
    "invalid-operator",
    "invalid-effect",
    "invalid-init-function",
    "invalid-function-field",
];

#[derive(Clone, Copy)]
enum Target {
    Function,
    Task(Action),
    Run(RunKind),
}

fn task_fields(action: Option<Action>, level: ApiLevel) -> Map<String, Value> {
    let mut volumes = vec![
        json!({"name": "claim", "mount_path": "/claim", "volume_type": "persistent_volume_claim",
               "spec": {"size": "1Gi", "storage_class": "fast", "subPath": "a"}}),
        json!({"name": "scratch", "mount_path": "/scratch", "volume_type": "empty_dir",
               "spec": {"sizeLimit": "128Mi"}}),
    ];
    if level >= ApiLevel::V14 {
        volumes.push(
            json!({"name": "team", "mount_path": "/team", "volume_type": "shared_volume",
                            "spec": {"claimName": "team-data"}}),
        );
        volumes.push(
            json!({"name": "eph", "mount_path": "/eph", "volume_type": "ephemeral",
                            "spec": {"size": "2Gi", "storageClass": "fast"}}),
        );
    }
    if level >= ApiLevel::V15 {
        volumes.push(
            json!({"name": "model", "mount_path": "/model", "volume_type": "image",
                            "spec": {"image": "ghcr.io/org/model:1"}}),
        );
    }
    let resources = match level {
        ApiLevel::V13 => {
            json!({"cpu": {"requests": "1", "limits": "2"}, "mem": {"requests": "1Gi"}})
        }
        ApiLevel::V14 => json!({"cpu": "1", "mem": "1Gi", "gpu": "1"}),
        ApiLevel::V15 => json!({"cpu": "500m", "mem": "1Gi", "gpu": "1", "disk": "10Gi"}),
    };
    let mut fields = json!({
        "function": FUNCTION,
        "envs": [{"name": "LOG_LEVEL", "value": "debug"}],
        "volumes": volumes,
        "resources": resources,
        "secrets": ["db"],
        "profile": "small"
    });
    if level < ApiLevel::V15 {
        fields["node_selector"] = json!([{"key": "kubernetes.io/arch", "value": "amd64"}]);
        fields["tolerations"] =
            json!([{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]);
        fields["runtime_class"] = json!("gvisor");
        fields["priority_class"] = json!("high");
        fields["affinity"] = json!({
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}
                ]},
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": 10, "preference": {"matchExpressions": [{"key": "ssd", "operator": "Exists"}]}}
                ]
            },
            "podAntiAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}}}
                ]
            }
        });
    }
    match action {
        Some(Action::Serve) => {
            fields["replicas"] = json!(2);
            fields["service_type"] = json!("ClusterIP");
            if level >= ApiLevel::V14 {
                fields["service_name"] = json!("api");
            }
        }
        Some(Action::Build) => fields["instructions"] = json!(["apt-get update"]),
        Some(Action::Job) if level == ApiLevel::V13 => fields["schedule"] = json!("0 3 * * *"),
        _ => {}
    }
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn function_fields() -> Map<String, Value> {
    let fields = json!({
        "source": {"source": "main.py", "base64": "Zm9v", "handler": "handler",
                   "init_function": "init", "lang": "python"},
        "python_version": "PYTHON3_10",
        "image": "python:3.10",
        "base_image": "python:3.10-slim",
        "requirements": ["requests"]
    });
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn full_spec(target: Target, level: ApiLevel) -> Value {
    match target {
        Target::Function => Value::Object(function_fields()),
        Target::Task(action) => Value::Object(task_fields(Some(action), level)),
        Target::Run(kind) => {
            let action = kind.action().unwrap_or(Action::Serve);
            let mut map = task_fields(Some(action), level);
            map.extend(function_fields());
            map.insert(
                "task".to_string(),
                json!(format!("{}://demo/t1", TaskKind(action).as_str())),
            );
            map.insert("local_execution".to_string(), json!(false));
            map.insert(
                "inputs".to_string(),
                json!({"data": "store://demo/dataitem/table/x:1"}),
            );
            map.insert("parameters".to_string(), json!({"n": 1, "tags": ["a"]}));
            map.insert("init_parameters".to_string(), json!({"mode": "fast"}));
            Value::Object(map)
        }
    }
}

fn validate(target: Target, spec: &Value, level: ApiLevel) -> Report {
    match target {
        Target::Function => validate_function(FunctionKind::Python, spec, level),
        Target::Task(action) => validate_task(TaskKind(action), spec, level),
        Target::Run(kind) => validate_run(kind, spec, level),
    }
}

fn schema(target: Target, level: ApiLevel) -> Value {
    match target {
        Target::Function => function_schema(FunctionKind::Python, level),
        Target::Task(action) => task_schema(TaskKind(action), level),
        Target::Run(kind) => run_schema(kind, level),
    }
}

/// Lists every pointer in `value`, parents before children.
fn pointers(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![(String::new(), value)];
    while let Some((pointer, value)) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    pending.push((format!("{pointer}/{escaped}"), child));
                }
            }
            Value::Array(items) => {
                for (position, child) in items.iter().enumerate() {
                    pending.push((format!("{pointer}/{position}"), child));
                }
            }
            _ => {}
        }
        found.push(pointer);
    }
    found
}

fn targets(level: ApiLevel) -> Vec<Target> {
    let mut targets = vec![Target::Function];
    targets.extend(Action::ALL.into_iter().map(Target::Task));
    match level {
        ApiLevel::V13 => targets.push(Target::Run(RunKind::Legacy)),
        _ => targets.extend(
            Action::ALL
                .into_iter()
                .map(|a| Target::Run(RunKind::Action(a))),
        ),
    }
    targets
}

#[test]
fn full_specs_are_clean() {
    for level in ApiLevel::ALL {
        for target in targets(level) {
            let spec = full_spec(target, level);
            let report = validate(target, &spec, level);
            assert!(report.issues.is_empty(), "{level}: {report:#?}");
            let compiled = jsonschema::draft202012::new(&schema(target, level)).expect("compiles");
            assert!(compiled.is_valid(&spec), "{level}: {spec}");
        }
    }
}

#[test]
fn mutations_judged_alike() {
    let pool = [
        json!(null),
        json!(""),
        json!(" "),
        json!("x"),
        json!("Data_1"),
        json!("/d"),
        json!("0.5"),
        json!("500m"),
        json!("5abc"),
        json!("-1Gi"),
        json!("-0"),
        json!("1.5Gi"),
        json!(-1),
        json!(0),
        json!(1.5),
        json!(3_000_000_000_i64),
        json!(true),
        json!([]),
        json!({}),
        json!(["a"]),
    ];
    let mut compared = 0;
    for level in ApiLevel::ALL {
        for target in targets(level) {
            let base = full_spec(target, level);
            let compiled = jsonschema::draft202012::new(&schema(target, level)).expect("compiles");
            for pointer in pointers(&base) {
                let mut variants = Vec::new();
                if let Some(Value::Object(_)) = base.pointer(&pointer) {
                    let mut spec = base.clone();
                    if let Some(Value::Object(map)) = spec.pointer_mut(&pointer) {
                        map.insert("typo_field".to_string(), json!(1));
                    }
                    variants.push(spec);
                }
                if !pointer.is_empty() {
                    for value in &pool {
                        let mut spec = base.clone();
                        if let Some(slot) = spec.pointer_mut(&pointer) {
                            *slot = value.clone();
                        }
                        variants.push(spec);
                    }
                }
                for spec in variants {
                    let report = validate(target, &spec, level);
                    let schema_accepts = compiled.is_valid(&spec);
                    let single_value_error = report.issues.iter().any(|issue| {
                        issue.severity == digitalhub_tasks::validate::Severity::Error
                            && SINGLE_VALUE_CODES.contains(&issue.code)
                    });
                    assert!(
                        schema_accepts || !report.issues.is_empty(),
                        "schema rejects what the validator accepts at {level}: {spec}"
                    );
                    assert!(
                        !single_value_error || !schema_accepts,
                        "schema accepts a single-value error at {level}: {spec}\n{report:#?}"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 5_000, "{compared}");
}
