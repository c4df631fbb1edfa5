//! Generated JSON Schemas: they compile, accept what the validator accepts field by field, and
//! follow the level.

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::schema::{function_schema, run_schema, task_schema};
use digitalhub_tasks::validate::{validate_function, validate_run, validate_task, Severity};
use serde_json::{json, Value};

const FUNCTION: &str = "python://demo/echo:0f6b1d3c9a2e4b7f8c5d2a1e3b4c5d6e";

fn compile(schema: &Value) -> jsonschema::Validator {
    match jsonschema::draft202012::new(schema) {
        Ok(validator) => validator,
        Err(error) => panic!("schema does not compile: {error}\n{schema:#}"),
    }
}

fn run_kinds(level: ApiLevel) -> Vec<RunKind> {
    match level {
        ApiLevel::V13 => vec![RunKind::Legacy],
        _ => Action::ALL.into_iter().map(RunKind::Action).collect(),
    }
}

#[test]
fn schemas_compile_for_every_kind_and_level() {
    for level in ApiLevel::ALL {
        let schema = function_schema(FunctionKind::Python, level);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        compile(&schema);
        for kind in TaskKind::ALL {
            compile(&task_schema(kind, level));
        }
        for kind in run_kinds(level) {
            compile(&run_schema(kind, level));
        }
    }
}

#[test]
fn schema_content_follows_level() {
    let v13 = function_schema(FunctionKind::Python, ApiLevel::V13);
    assert_eq!(
        v13["properties"]["python_version"]["enum"],
        json!(["PYTHON3_9", "PYTHON3_10"])
    );
    let v15 = function_schema(FunctionKind::Python, ApiLevel::V15);
    assert_eq!(v15["required"], json!(["source", "python_version"]));
    assert_eq!(
        v15["$defs"]["PythonSourceCode"]["properties"]["lang"]["default"],
        "python"
    );

    let serve15 = task_schema(TaskKind(Action::Serve), ApiLevel::V15);
    let properties = &serve15["properties"];
    assert_eq!(properties["replicas"]["minimum"], 0);
    assert_eq!(properties["service_type"]["default"], "ClusterIP");
    assert!(properties.get("affinity").is_none());
    assert!(properties.get("instructions").is_none());
    assert_eq!(
        serve15["$defs"]["CoreResource"]["properties"]["disk"]["type"],
        "string"
    );

    let serve13 = task_schema(TaskKind(Action::Serve), ApiLevel::V13);
    assert!(serve13["properties"].get("service_name").is_none());
    assert!(serve13["properties"].get("affinity").is_some());
    assert_eq!(
        serve13["$defs"]["CoreResource"]["properties"]["cpu"]["$ref"],
        "#/$defs/CoreResourceDefinition"
    );
    assert_eq!(
        serve13["$defs"]["CoreVolume"]["properties"]["volume_type"]["enum"],
        json!(["persistent_volume_claim", "empty_dir"])
    );
    let job13 = task_schema(TaskKind(Action::Job), ApiLevel::V13);
    assert!(job13["properties"]["schedule"]["pattern"].is_string());

    let legacy = run_schema(RunKind::Legacy, ApiLevel::V13);
    for field in [
        "task",
        "replicas",
        "instructions",
        "schedule",
        "python_version",
    ] {
        assert!(legacy["properties"].get(field).is_some(), "{field}");
    }
    assert_eq!(legacy["required"], json!(["function", "task"]));
    let job15 = run_schema(RunKind::Action(Action::Job), ApiLevel::V15);
    assert!(job15["properties"].get("replicas").is_none());
    assert_eq!(job15["properties"]["local_execution"]["default"], false);
}

#[test]
fn titles_and_descriptions_everywhere() {
    let schema = task_schema(TaskKind(Action::Serve), ApiLevel::V14);
    let mut pending = vec![&schema];
    let mut checked = 0;
    while let Some(node) = pending.pop() {
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                if property.get("type").is_some() || property.get("$ref").is_some() {
                    assert!(property["title"].is_string(), "{name} has no title");
                    checked += 1;
                }
            }
        }
        if let Some(definitions) = node.get("$defs").and_then(Value::as_object) {
            pending.extend(definitions.values());
        }
    }
    assert!(checked > 40, "{checked}");
}

/// Single-field cases where the validator and the generated schema must agree.
fn task_cases() -> Vec<(Action, ApiLevel, Value)> {
    use ApiLevel::*;
    let base = |extra: Value| {
        let mut spec = json!({ "function": FUNCTION });
        if let (Value::Object(spec), Value::Object(extra)) = (&mut spec, extra) {
            spec.extend(extra);
        }
        spec
    };
    let volume = |fields: Value| base(json!({ "volumes": [fields] }));
    vec![
        (Action::Job, V15, base(json!({}))),
        (Action::Job, V15, json!({})),
        (Action::Job, V15, base(json!({"function": "echo"}))),
        (Action::Job, V15, base(json!({"function": 3}))),
        (Action::Job, V15, base(json!({"typo": 1}))),
        (Action::Job, V15, base(json!({"replicas": 1}))),
        (Action::Serve, V15, base(json!({"replicas": 1}))),
        (Action::Serve, V15, base(json!({"replicas": -1}))),
        (Action::Serve, V15, base(json!({"service_type": "Bogus"}))),
        (Action::Serve, V13, base(json!({"service_name": "x"}))),
        (
            Action::Job,
            V15,
            base(json!({"resources": {"cpu": "500m", "disk": "1Gi"}})),
        ),
        (Action::Job, V15, base(json!({"resources": {"cpu": "0.5"}}))),
        (Action::Job, V14, base(json!({"resources": {"cpu": "1.5"}}))),
        (
            Action::Job,
            V15,
            base(json!({"resources": {"mem": "5abc"}})),
        ),
        (Action::Job, V15, base(json!({"resources": {"mem": "1e"}}))),
        (Action::Job, V15, base(json!({"resources": {"mem": "1E"}}))),
        (
            Action::Job,
            V14,
            base(json!({"resources": {"disk": "1Gi"}})),
        ),
        (
            Action::Job,
            V13,
            base(json!({"resources": {"cpu": {"requests": "1"}}})),
        ),
        (Action::Job, V13, base(json!({"resources": {"cpu": "1"}}))),
        (
            Action::Job,
            V15,
            volume(
                json!({"name": "data", "mount_path": "/d", "volume_type": "empty_dir", "spec": {"sizeLimit": "1Gi"}}),
            ),
        ),
        (
            Action::Job,
            V15,
            volume(json!({"name": "Data", "mount_path": "/d", "volume_type": "empty_dir"})),
        ),
        (
            Action::Job,
            V15,
            volume(json!({"name": "shared-dir", "mount_path": "/d", "volume_type": "empty_dir"})),
        ),
        (
            Action::Job,
            V15,
            volume(json!({"name": "data", "mount_path": "d", "volume_type": "empty_dir"})),
        ),
        (
            Action::Job,
            V15,
            volume(
                json!({"name": "data", "mount_path": "/d", "volume_type": "empty_dir", "spec": {"size_limit": "1Gi"}}),
            ),
        ),
        (
            Action::Job,
            V15,
            volume(
                json!({"name": "data", "mount_path": "/d", "volume_type": "empty_dir", "spec": {"sizeLimit": "1GB"}}),
            ),
        ),
        (
            Action::Job,
            V15,
            volume(
                json!({"name": "data", "mount_path": "/d", "volume_type": "ephemeral", "spec": {"storageClass": "fast", "size": "2Gi"}}),
            ),
        ),
        (
            Action::Job,
            V15,
            volume(json!({"name": "data", "mount_path": "/d", "volume_type": "image"})),
        ),
        (
            Action::Job,
            V15,
            volume(
                json!({"name": "abcdefghijklmnopqrstuvwxyz", "mount_path": "/d", "volume_type": "persistent_volume_claim"}),
            ),
        ),
        (
            Action::Job,
            V13,
            volume(json!({"name": "data", "mount_path": "/d", "volume_type": "ephemeral"})),
        ),
        (
            Action::Job,
            V15,
            base(json!({"envs": [{"name": "A", "value": "b"}]})),
        ),
        (
            Action::Job,
            V15,
            base(json!({"envs": [{"name": "1A", "value": "b"}]})),
        ),
        (Action::Job, V15, base(json!({"envs": [{"name": "A"}]}))),
        (
            Action::Job,
            V14,
            base(
                json!({"tolerations": [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]}),
            ),
        ),
        (
            Action::Job,
            V14,
            base(json!({"tolerations": [{"operator": "Sometimes"}]})),
        ),
        (Action::Job, V13, base(json!({"schedule": "0 3 * * *"}))),
        (Action::Job, V13, base(json!({"schedule": "daily"}))),
        (
            Action::Build,
            V15,
            base(json!({"instructions": ["apt-get update"]})),
        ),
    ]
}

#[test]
fn task_schema_agrees_with_validator() {
    for (action, level, spec) in task_cases() {
        let kind = TaskKind(action);
        let report = validate_task(kind, &spec, level);
        let validator_accepts = report.is_valid();
        let schema_accepts = compile(&task_schema(kind, level)).is_valid(&spec);
        assert_eq!(
            schema_accepts, validator_accepts,
            "{kind} at {level}: {spec}\n{report:#?}"
        );
    }
}

#[test]
fn function_and_run_schema_agree_with_validator() {
    let function =
        |source: Value, version: &str| json!({"source": source, "python_version": version});
    let function_cases = [
        (
            ApiLevel::V15,
            function(
                json!({"source": "main.py", "handler": "handler"}),
                "PYTHON3_13",
            ),
        ),
        (
            ApiLevel::V14,
            function(
                json!({"source": "main.py", "handler": "handler"}),
                "PYTHON3_13",
            ),
        ),
        (
            ApiLevel::V15,
            function(
                json!({"base64": "Zm9v", "handler": "pkg.mod:run"}),
                "PYTHON3_10",
            ),
        ),
        (
            ApiLevel::V15,
            function(json!({"base64": "Zm9", "handler": "run"}), "PYTHON3_10"),
        ),
        (
            ApiLevel::V15,
            function(json!({"source": "main.py", "handler": "a.b"}), "PYTHON3_10"),
        ),
        (
            ApiLevel::V15,
            function(
                json!({"source": "main.py", "handler": "h", "lang": "go"}),
                "PYTHON3_10",
            ),
        ),
    ];
    for (level, spec) in function_cases {
        let report = validate_function(FunctionKind::Python, &spec, level);
        let schema_accepts = compile(&function_schema(FunctionKind::Python, level)).is_valid(&spec);
        assert_eq!(
            schema_accepts,
            report.is_valid(),
            "{level}: {spec}\n{report:#?}"
        );
    }
    let run = |task: &str, extra: Value| {
        let mut spec = json!({"task": task, "function": FUNCTION});
        if let (Value::Object(spec), Value::Object(extra)) = (&mut spec, extra) {
            spec.extend(extra);
        }
        spec
    };
    let run_cases = [
        (
            RunKind::Action(Action::Serve),
            ApiLevel::V15,
            run("python+serve://demo/t1", json!({"replicas": 2})),
        ),
        (
            RunKind::Action(Action::Serve),
            ApiLevel::V15,
            run("python+job://demo/t1", json!({})),
        ),
        (
            RunKind::Action(Action::Job),
            ApiLevel::V15,
            run("python+job://demo/t1", json!({"parameters": {"a": null}})),
        ),
        (
            RunKind::Action(Action::Job),
            ApiLevel::V15,
            run(
                "python+job://demo/t1",
                json!({"inputs": {"a": "store://demo/dataitem/table/x:1"}}),
            ),
        ),
        (
            RunKind::Legacy,
            ApiLevel::V13,
            run("python+build://demo/t1", json!({"instructions": ["x"]})),
        ),
        (
            RunKind::Action(Action::Job),
            ApiLevel::V15,
            run(
                "python+job://demo/t1",
                json!({"python_version": "PYTHON3_9"}),
            ),
        ),
    ];
    for (kind, level, spec) in run_cases {
        let report = validate_run(kind, &spec, level);
        let schema_accepts = compile(&run_schema(kind, level)).is_valid(&spec);
        assert_eq!(
            schema_accepts,
            report.is_valid(),
            "{kind} at {level}: {spec}\n{report:#?}"
        );
    }
}

#[test]
fn examples_pass_generated_schemas() {
    let reference = match std::env::var_os("DIGITALHUB_REFERENCE_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference"),
    };
    let instances = reference.join("digitalhub-runtime-python/instances");
    if !instances.is_dir() {
        println!("skipping: no example documents at {}", instances.display());
        return;
    }
    let mut checked = 0;
    for entity in ["function", "task", "run"] {
        let Ok(entries) = std::fs::read_dir(instances.join(entity)) else {
            continue;
        };
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let document: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let kind = document["kind"].as_str().unwrap_or_default();
            let level = ApiLevel::V15;
            let schema = match entity {
                "function" => function_schema(FunctionKind::Python, level),
                "task" => task_schema(TaskKind::parse(kind).expect("task kind"), level),
                _ => run_schema(RunKind::parse(kind, level).expect("run kind"), level),
            };
            let validator = compile(&schema);
            let errors: Vec<String> = validator
                .iter_errors(&document["spec"])
                .map(|error| format!("{}: {error}", error.instance_path))
                .collect();
            assert!(errors.is_empty(), "{kind}: {errors:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
}

#[test]
fn dropped_fields_only_warned_by_validator() {
    let spec = json!({"function": FUNCTION, "runtime_class": "gvisor"});
    let report = validate_task(TaskKind(Action::Job), &spec, ApiLevel::V15);
    assert!(report.is_valid());
    assert!(report
        .issues
        .iter()
        .all(|issue| issue.severity == Severity::Warning));
    let schema = task_schema(TaskKind(Action::Job), ApiLevel::V15);
    assert!(!compile(&schema).is_valid(&spec));
}
