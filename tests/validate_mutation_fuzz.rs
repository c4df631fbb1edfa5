//! Random mutations of the python runtime's example documents and of Core-valid base specs,
//! compared with Core's JSON Schemas the same way as tests/conformance.rs compares its fixed
//! corpus: every schema error must have an error of ours at its path, marked as a Core
//! rejection, and every error of ours that no schema error explains must be a documented
//! strictness. The generator is deterministic, so a failure names a seed that reproduces it.
//!
//! Without the reference schemas the test prints a skip line and passes.

#![allow(dead_code)]

/// The conformance test's parts, shared with tests/conformance.rs.
mod conformance {
    pub mod compare;
    pub mod corpus;
    pub mod mutations;
    pub mod schema;
    pub mod strictness;
}

use std::path::Path;

use conformance::compare;
use conformance::corpus::{self, Case, Category, Expect, Target};
use conformance::{schema, strictness};
use digitalhub_tasks::level::ApiLevel;
use serde_json::{json, Value};

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

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values a mutation writes: every JSON type, edges of the schema's bounds and patterns, and
/// strings that look like the values the fields take.
fn value_pool() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1),
        json!(1.5),
        json!(2.0),
        json!(2147483648_i64),
        json!(1e300),
        json!(""),
        json!(" "),
        json!("x"),
        json!("500m"),
        json!("0.5"),
        json!("1Gi"),
        json!("1.5Gi"),
        json!("abc"),
        json!("PYTHON3_9"),
        json!("PYTHON3_13"),
        json!("empty_dir"),
        json!("shared_volume"),
        json!("image"),
        json!("ephemeral"),
        json!("ClusterIP"),
        json!("python"),
        json!("Exists"),
        json!("NoExecute"),
        json!("@daily"),
        json!("0 3 * * *"),
        json!("python://demo/echo:1"),
        json!("python+job://demo/abc"),
        json!("python+serve://demo/abc"),
        json!("/data"),
        json!("Zm9v"),
        json!([]),
        json!({}),
        json!(["x"]),
        json!([null]),
        json!([1]),
        json!({"a": null}),
        json!({"a": "b"}),
        json!({"a": [null]}),
        json!({"name": "A", "value": "b"}),
        json!({"name": "v", "mount_path": "/v", "volume_type": "empty_dir"}),
        json!({"key": "k", "value": "v"}),
    ]
}

/// Keys a mutation adds: every field name of the specs, some misspelt, some needing escapes.
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
    "handler",
    "base64",
    "init_function",
    "lang",
    "size",
    "sizeLimit",
    "nodeAffinity",
    "podAffinity",
    "weight",
    "replica",
    "a/b",
    "~",
    "",
];

/// Collects every pointer into `value`, the root included.
fn pointers(value: &Value, path: String, out: &mut Vec<String>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{path}/{token}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{path}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// Applies one random mutation: replace a value, delete a member or item, or add a member.
fn mutate(spec: &mut Value, rng: &mut Lcg, pool: &[Value]) {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    let target = rng.pick(&all).clone();
    let replacement = rng.pick(pool).clone();
    let operation = rng.below(3);
    let Some(node) = spec.pointer_mut(&target) else {
        return;
    };
    match (operation, node) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).cloned();
            if let Some(key) = key {
                map.remove(&key);
            }
        }
        (0, Value::Array(items)) if !items.is_empty() => {
            let index = rng.below(items.len());
            items.remove(index);
        }
        (1, Value::Object(map)) => {
            map.insert(rng.pick(KEYS).to_string(), replacement);
        }
        (1, Value::Array(items)) => items.push(replacement),
        (_, node) => {
            if !target.is_empty() {
                *node = replacement;
            }
        }
    }
}

/// Returns the specs the mutations start from: the example documents of the target's kind and
/// a valid spec with envs, volumes and scheduling fields.
fn seeds(reference: &Path, level: ApiLevel, target: Target) -> Vec<Value> {
    let mut examples = Vec::new();
    if corpus::example_cases(reference, &mut examples).is_err() {
        return Vec::new();
    }
    let mut specs: Vec<Value> = examples
        .into_iter()
        .filter(|case| {
            let task_of_run = match (case.target, target) {
                (Target::Task(task), Target::Run(_)) => target.actions().contains(&task.action()),
                _ => false,
            };
            case.target.kind() == target.kind() || task_of_run
        })
        .map(|case| adapt(case.spec, level))
        .collect();
    let mut base = corpus::base_spec(target, level);
    if let (Value::Object(map), false) = (&mut base, matches!(target, Target::Function(_))) {
        map.insert("envs".into(), json!([{"name": "A", "value": "b"}]));
        map.insert(
            "volumes".into(),
            json!([{"name": "v", "mount_path": "/v", "volume_type": "empty_dir",
                    "spec": {"sizeLimit": "1Gi"}}]),
        );
        if level != ApiLevel::V15 {
            map.insert(
                "tolerations".into(),
                json!([{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]),
            );
            map.insert("node_selector".into(), json!([{"key": "k", "value": "v"}]));
            map.insert(
                "affinity".into(),
                json!({
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}],
                             "matchFields": [{"key": "metadata.name", "operator": "In",
                                              "values": ["node-1"]}]}]},
                        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 5,
                            "preference": {"matchExpressions": [{"key": "ssd", "operator": "Exists"}]}}]
                    },
                    "podAntiAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [{
                            "topologyKey": "kubernetes.io/hostname",
                            "namespaces": ["team-a"],
                            "labelSelector": {"matchLabels": {"app": "web"},
                                "matchExpressions": [{"key": "tier", "operator": "NotIn",
                                                      "values": ["db"]}]}}],
                        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 50,
                            "podAffinityTerm": {"topologyKey": "zone"}}]
                    }
                }),
            );
            map.insert("runtime_class".into(), json!("gvisor"));
            map.insert("priority_class".into(), json!("high"));
        }
    }
    specs.push(base);
    specs
}

/// Makes a level-15 example fit `level`: 0.13 nests requests and limits, and before 0.15 there
/// is no `disk`.
fn adapt(mut spec: Value, level: ApiLevel) -> Value {
    if let Some(Value::Object(resources)) = spec.get_mut("resources") {
        if level != ApiLevel::V15 {
            resources.remove("disk");
        }
        if level == ApiLevel::V13 {
            for value in resources.values_mut() {
                *value = json!({"requests": value.clone()});
            }
        }
    }
    if let Some(Value::Object(map)) = Some(&mut spec) {
        if level == ApiLevel::V13 {
            map.remove("service_name");
        }
    }
    spec
}

#[test]
fn mutated_examples_agree_with_core_schemas() {
    let reference = schema::reference_dir();
    let core_dir = schema::core_schema_dir(&reference);
    if !core_dir.is_dir() {
        println!(
            "mutation fuzz: skipped, no Core schemas at {}",
            core_dir.display()
        );
        return;
    }
    let schemas = schema::SchemaSet::load(&core_dir).unwrap_or_else(|error| panic!("{error}"));
    let strictness_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/strictness.md");
    let strictness =
        strictness::load_codes(&strictness_path).unwrap_or_else(|error| panic!("{error}"));
    let pool = value_pool();
    let rounds: usize = std::env::var("FUZZ_ROUNDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(150);

    let mut failures = Vec::new();
    let mut checked = 0;
    for level in ApiLevel::ALL {
        for target in corpus::Target::all(level) {
            let seed_specs = seeds(&reference, level, target);
            // The last seed is the rich valid spec: Core, Kubernetes and we must accept it.
            if let Some(rich) = seed_specs.last() {
                let case = Case {
                    name: "rich valid spec".to_string(),
                    category: Category::Baseline,
                    target,
                    level,
                    spec: rich.clone(),
                    expect: Expect::Accept,
                };
                let result = compare::compare(&case, &schemas, &strictness)
                    .unwrap_or_else(|error| panic!("{error}"));
                if !result.problems.is_empty() || !result.schema_errors.is_empty() {
                    failures.push(compare::describe(&result));
                }
            }
            for (seed_index, seed) in seed_specs.into_iter().enumerate() {
                for round in 0..rounds {
                    let seed_number =
                        (level.number() as u64) << 40 | (seed_index as u64) << 20 | round as u64;
                    let mut rng = Lcg(seed_number ^ 0x9e37_79b9_7f4a_7c15);
                    let mut spec = seed.clone();
                    for _ in 0..1 + rng.below(3) {
                        mutate(&mut spec, &mut rng, &pool);
                    }
                    let case = Case {
                        name: format!("seed {seed_number}"),
                        category: Category::MultipleErrors,
                        target,
                        level,
                        spec,
                        expect: Expect::Reject,
                    };
                    let result = compare::compare(&case, &schemas, &strictness)
                        .unwrap_or_else(|error| panic!("{error}"));
                    checked += 1;
                    if !result.problems.is_empty() {
                        failures.push(compare::describe(&result));
                    }
                }
            }
        }
    }
    println!(
        "mutation fuzz: {checked} specs, {} disagreements",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} mutated specs disagree with Core's schemas:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
