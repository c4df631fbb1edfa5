//! The validator on hostile input: any JSON value, deep nesting, huge strings, secrets in
//! values, and the example documents of the python runtime.

use std::fs;
use std::path::{Path, PathBuf};

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::validate::{validate_function, validate_run, validate_task, Report};
use serde_json::{json, Map, Value};

/// Runs every validator on `spec` at every level.
fn validate_everywhere(spec: &Value) -> Vec<Report> {
    let mut reports = Vec::new();
    for level in ApiLevel::ALL {
        reports.push(validate_function(FunctionKind::Python, spec, level));
        for kind in TaskKind::ALL {
            reports.push(validate_task(kind, spec, level));
        }
        reports.push(validate_run(RunKind::Legacy, spec, level));
        for action in Action::ALL {
            reports.push(validate_run(RunKind::Action(action), spec, level));
        }
    }
    reports
}

fn assert_pointers(report: &Report) {
    for issue in &report.issues {
        assert!(
            issue.path.is_empty() || issue.path.starts_with('/'),
            "bad pointer {:?}",
            issue.path
        );
        assert!(!issue.message.is_empty());
    }
}

#[test]
fn non_objects_get_one_root_issue() {
    let values = [
        json!(null),
        json!(0),
        json!(-1.5),
        json!(true),
        json!("spec"),
        json!([]),
        json!([{"function": "x"}]),
    ];
    for value in values {
        let report = validate_task(TaskKind(Action::Job), &value, ApiLevel::V15);
        assert_eq!(report.issues.len(), 1, "{value}");
        assert_eq!(report.issues[0].code, "not-an-object");
        assert_eq!(report.issues[0].path, "");
        let report = validate_function(FunctionKind::Python, &value, ApiLevel::V13);
        assert_eq!(report.issues.len(), 1, "{value}");
    }
}

/// A small deterministic generator, so the test needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

const KEYS: &[&str] = &[
    "function",
    "task",
    "envs",
    "volumes",
    "resources",
    "secrets",
    "profile",
    "node_selector",
    "affinity",
    "tolerations",
    "runtime_class",
    "priority_class",
    "replicas",
    "service_type",
    "service_name",
    "instructions",
    "schedule",
    "source",
    "python_version",
    "image",
    "base_image",
    "requirements",
    "local_execution",
    "inputs",
    "parameters",
    "init_parameters",
    "name",
    "value",
    "mount_path",
    "volume_type",
    "spec",
    "cpu",
    "mem",
    "gpu",
    "disk",
    "requests",
    "limits",
    "key",
    "operator",
    "effect",
    "tolerationSeconds",
    "nodeAffinity",
    "podAffinity",
    "podAntiAffinity",
    "requiredDuringSchedulingIgnoredDuringExecution",
    "preferredDuringSchedulingIgnoredDuringExecution",
    "nodeSelectorTerms",
    "matchExpressions",
    "matchFields",
    "values",
    "weight",
    "preference",
    "podAffinityTerm",
    "topologyKey",
    "labelSelector",
    "matchLabels",
    "handler",
    "base64",
    "init_function",
    "lang",
    "size",
    "sizeLimit",
    "~/odd",
    "",
];

const STRINGS: &[&str] = &[
    "",
    "x",
    "500m",
    "0.5",
    "1Gi",
    "PYTHON3_10",
    "empty_dir",
    "image",
    "Exists",
    "Equal",
    "NoExecute",
    "In",
    "Gt",
    "python://demo/echo:1",
    "python+serve://demo/t",
    "/data",
    "data",
    "Zm9v",
    "@daily",
    "0 3 * * *",
    "ClusterIP",
    "é\u{0}\n\"",
    "shared-dir",
];

fn random_value(rng: &mut Lcg, depth: u32) -> Value {
    let choice = if depth == 0 {
        rng.below(5)
    } else {
        rng.below(8)
    };
    match choice {
        0 => Value::Null,
        1 => json!(rng.below(3) == 0),
        2 => json!(rng.below(300) as i64 - 100),
        3 => json!(rng.below(1000) as f64 / 7.0),
        4 => json!(STRINGS[rng.below(STRINGS.len() as u64) as usize]),
        5 | 6 => {
            let mut map = Map::new();
            for _ in 0..rng.below(6) {
                let key = KEYS[rng.below(KEYS.len() as u64) as usize];
                map.insert(key.to_string(), random_value(rng, depth - 1));
            }
            Value::Object(map)
        }
        _ => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
    }
}

#[test]
fn random_specs_never_panic() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..400 {
        let mut map = Map::new();
        for _ in 0..rng.below(10) {
            let key = KEYS[rng.below(KEYS.len() as u64) as usize];
            map.insert(key.to_string(), random_value(&mut rng, 5));
        }
        let spec = Value::Object(map);
        for report in validate_everywhere(&spec) {
            assert_pointers(&report);
        }
    }
}

/// Nests `leaf` `depth` times inside `{"key": …}` without recursion.
fn nest(depth: usize, key: &str, leaf: Value) -> Value {
    let mut value = leaf;
    for _ in 0..depth {
        let mut map = Map::new();
        map.insert(key.to_string(), value);
        value = Value::Object(map);
    }
    value
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = nest(100_000, "nodeAffinity", json!(1));
    let deep_array = {
        let mut value = json!([]);
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        value
    };
    // json! would serialize the nested values recursively, so the map is built by hand.
    let mut map = Map::new();
    map.insert("function".to_string(), json!("python://demo/echo:1"));
    map.insert("affinity".to_string(), deep);
    let mut parameters = Map::new();
    parameters.insert("p".to_string(), nest(100_000, "p", json!(1)));
    map.insert("parameters".to_string(), Value::Object(parameters));
    map.insert("volumes".to_string(), deep_array);
    map.insert("unknown".to_string(), nest(100_000, "x", json!(1)));
    let spec = Value::Object(map);
    let reports = validate_everywhere(&spec);
    assert!(reports.iter().any(|report| !report.issues.is_empty()));
    // Dropping a 100 000-deep serde_json value recurses once per level, so the test leaks it.
    std::mem::forget(spec);
}

#[test]
fn wide_specs_stay_linear() {
    let mut map = Map::new();
    map.insert("function".to_string(), json!("python://demo/echo:1"));
    for index in 0..100_000 {
        map.insert(format!("replicaz{index}"), json!(index));
    }
    let volumes: Vec<Value> = (0..50_000)
        .map(|index| {
            json!({"name": format!("v{}", index % 25_000), "mount_path": "/same",
                            "volume_type": "empty_dir", "spec": {"size_limit": "1Gi"}})
        })
        .collect();
    map.insert("volumes".to_string(), Value::Array(volumes));
    let envs: Vec<Value> = (0..50_000)
        .map(|index| json!({"name": format!("E{}", index % 10), "value": "x"}))
        .collect();
    map.insert("envs".to_string(), Value::Array(envs));
    let spec = Value::Object(map);

    let started = std::time::Instant::now();
    let report = validate_task(TaskKind(Action::Serve), &spec, ApiLevel::V15);
    let elapsed = started.elapsed();

    let count = |code: &str| {
        report
            .issues
            .iter()
            .filter(|issue| issue.code == code)
            .count()
    };
    assert_eq!(count("unknown-field"), 100_000);
    assert_eq!(count("duplicate-volume-name"), 25_000);
    assert_eq!(count("duplicate-mount-path"), 49_999);
    assert_eq!(count("duplicate-env-name"), 49_990);
    let suggested = report
        .issues
        .iter()
        .filter(|issue| issue.message.contains("did you mean"))
        .count();
    assert!(suggested <= 200, "{suggested} suggestions");
    // A debug build on one core takes about a second; quadratic work would take minutes.
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}

#[test]
fn huge_strings_are_cut_in_messages() {
    let huge = "A".repeat(1_000_000);
    let spec = json!({
        "function": huge,
        "volumes": [{"name": huge, "mount_path": huge, "volume_type": huge}],
        "resources": {"cpu": huge},
        "service_type": huge,
        huge.clone(): 1
    });
    let report = validate_task(TaskKind(Action::Serve), &spec, ApiLevel::V15);
    assert!(report.issues.len() >= 6, "{}", report.issues.len());
    for issue in &report.issues {
        assert!(
            issue.message.len() < 2_000,
            "{} has a {}-byte message",
            issue.code,
            issue.message.len()
        );
    }
}

#[test]
fn env_values_never_echoed() {
    let secret = "s3cr3t";
    let spec = json!({
        "function": secret,
        "envs": [
            {"name": "1BAD", "value": secret, "valu": secret},
            {"name": "1BAD", "value": secret},
            {"name": "OK", "value": {"nested": secret}},
            {"name": secret, "value": [secret]},
            {"value": secret}
        ],
        "parameters": {"token": secret},
        "secrets": [secret, 5],
    });
    let mut issue_count = 0;
    for report in validate_everywhere(&spec) {
        for issue in &report.issues {
            issue_count += 1;
            let shown = if issue.path == "/function" || issue.path == "/envs/3/name" {
                // The function reference and env names are not secret; their issues may quote them.
                continue;
            } else {
                &issue.message
            };
            assert!(!shown.contains(secret), "{}: {}", issue.code, issue.message);
        }
    }
    assert!(issue_count > 20, "only {issue_count} issues");
}

fn reference_dir() -> PathBuf {
    match std::env::var_os("DIGITALHUB_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference"),
    }
}

fn example_specs(entity: &str) -> Option<Vec<(String, String, Value)>> {
    let folder = reference_dir()
        .join("digitalhub-runtime-python/instances")
        .join(entity);
    let Ok(entries) = fs::read_dir(&folder) else {
        println!("skipping: no example documents at {}", folder.display());
        return None;
    };
    let mut specs = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let text = fs::read_to_string(&path).unwrap_or_default();
        let document: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let kind = document["kind"].as_str().unwrap_or_default().to_string();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        specs.push((name, kind, document["spec"].clone()));
    }
    specs.sort_by(|left, right| left.0.cmp(&right.0));
    Some(specs)
}

#[test]
fn examples_valid_at_their_level() {
    let Some(functions) = example_specs("function") else {
        return;
    };
    assert_eq!(functions.len(), 3);
    for (name, _, spec) in functions {
        for level in ApiLevel::ALL {
            let report = validate_function(FunctionKind::Python, &spec, level);
            assert!(report.issues.is_empty(), "{name} at {level}: {report:#?}");
        }
    }
    let Some(tasks) = example_specs("task") else {
        return;
    };
    assert_eq!(tasks.len(), 3);
    for (name, kind, spec) in tasks {
        let kind = TaskKind::parse(&kind).expect("example task kind");
        let report = validate_task(kind, &spec, ApiLevel::V15);
        assert!(report.issues.is_empty(), "{name}: {report:#?}");
        // resources.disk exists only from Core 0.15.
        let report = validate_task(kind, &spec, ApiLevel::V14);
        let codes: Vec<&str> = report.issues.iter().map(|issue| issue.code).collect();
        assert_eq!(codes, ["not-at-level"], "{name} at 14");
    }
    let Some(runs) = example_specs("run") else {
        return;
    };
    assert_eq!(runs.len(), 3);
    for (name, kind, spec) in runs {
        let kind = RunKind::parse(&kind, ApiLevel::V15).expect("example run kind");
        let report = validate_run(kind, &spec, ApiLevel::V15);
        assert!(report.issues.is_empty(), "{name}: {report:#?}");
    }
}
