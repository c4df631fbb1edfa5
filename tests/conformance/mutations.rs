//! Generated variants of every field: valid values, wrong types, missing and null fields,
//! enum values across levels, pattern and bound edges, unknown and foreign fields.
//!
//! Each case carries the verdict the corpus expects from Core's schema. The expectations come
//! from reading the schema files by hand (summarised in `declares` and the tables below), not
//! from the library, so a schema change or a misreading shows up as a corpus mismatch.

use digitalhub_tasks::kind::{Action, RunKind};
use digitalhub_tasks::level::ApiLevel;
use serde_json::{json, Value};

use super::corpus::{without, Cases, Category, Expect, Quirk, Target, LEGACY_RUN_ACTION};

/// Core's schemas set no `additionalProperties` on any object, so a property the schema does
/// not declare passes with any value. Core's Jackson binding then drops it without a word.
const UNDECLARED: Quirk = Quirk {
    text: "no additionalProperties: an undeclared property passes with any value (Core drops it)",
    core_rejects: false,
};

/// Core 0.13 and 0.14 write the quantity pattern as `[\d]+|^([0-9])+([a-zA-Z])+$`. JSON Schema
/// patterns search rather than match, and the first branch has no anchors, so any string with
/// a digit passes the schema. Core's Java `@Pattern` matches the whole string and rejects it.
const UNANCHORED_QUANTITY: Quirk = Quirk {
    text: "the 0.13/0.14 quantity pattern's first branch is unanchored, so any string with a digit passes",
    core_rejects: true,
};

/// The 0.13 `schedule` pattern has no anchors either, so a string that merely contains five
/// cron-like tokens passes. Core's `@Pattern` matches the whole value and rejects it.
const UNANCHORED_CRON: Quirk = Quirk {
    text: "the 0.13 schedule pattern is unanchored, so text around five cron tokens passes",
    core_rejects: true,
};

/// The cron tokens of the 0.13 `schedule` pattern need no spaces between them, so `12345` is
/// five tokens. Core's whole-string match accepts it too; Kubernetes' cron parser splits fields
/// on spaces.
const CRON_WITHOUT_SPACES: Quirk = Quirk {
    text: "the 0.13 schedule pattern's tokens need no spaces, so 12345 reads as five fields",
    core_rejects: false,
};

/// `minLength: 1` lets a blank string through, but Core's `@NotBlank` rejects it on the server.
const BLANK: Quirk = Quirk {
    text: "minLength 1 accepts a blank string; Core's @NotBlank rejects it",
    core_rejects: true,
};

/// The schema only requires a non-empty string, and Core parses references on the server.
const REFERENCE: Quirk = Quirk {
    text: "the schema only checks minLength; Core parses the reference on the server",
    core_rejects: true,
};

/// The schema states only types and minLength for names and paths. Kubernetes checks the rest
/// when the run starts.
const KUBERNETES_NAME: Quirk = Quirk {
    text: "the schema has no pattern or uniqueness rule; Kubernetes rejects it at run time",
    core_rejects: false,
};

/// The schema types Kubernetes objects field by field but has none of Kubernetes' own rules,
/// such as tolerationSeconds only with the NoExecute effect.
const KUBERNETES_RULE: Quirk = Quirk {
    text: "the schema has none of Kubernetes' cross-field rules; Kubernetes rejects it",
    core_rejects: false,
};

/// Core 0.13's `python+run` schema combines the job, serve and build task schemas with `allOf`,
/// so it declares every action's fields, but only the fields of the task's action take effect.
const ACTION_UNION: Quirk = Quirk {
    text: "0.13 python+run declares every action's fields; those of another action than the task's have no effect",
    core_rejects: false,
};

/// Core's resource pattern allows any letters as the unit, and volume sizes are free strings,
/// but Core parses both as Kubernetes quantities when it builds the run's objects.
const NOT_A_QUANTITY: Quirk = Quirk {
    text: "the schema does not parse Kubernetes quantities; Core fails the run when it does",
    core_rejects: false,
};

/// `replicas` has no maximum in the schema, but Core binds it to a Java `int`.
const INTEGER_RANGE: Quirk = Quirk {
    text: "the schema has no maximum; Core binds replicas to a 32-bit int",
    core_rejects: true,
};

/// `PythonSourceCode` declares no required property, but the SDK requires a handler and a
/// source.
const SOURCE_CONTENT: Quirk = Quirk {
    text: "PythonSourceCode requires nothing and does not check base64; the SDK requires a handler",
    core_rejects: false,
};

/// Volume `spec` is a free string map. The server reads only the keys defined for each type.
const VOLUME_SPEC_KEYS: Quirk = Quirk {
    text: "volume spec is a free string map; the server ignores unknown keys",
    core_rejects: false,
};

/// Every task field any python task schema declares, at any level.
const TASK_FIELDS: [&str; 16] = [
    "function",
    "envs",
    "profile",
    "resources",
    "secrets",
    "volumes",
    "node_selector",
    "affinity",
    "tolerations",
    "runtime_class",
    "priority_class",
    "schedule",
    "replicas",
    "service_type",
    "service_name",
    "instructions",
];

/// Returns whether Core's schema for `target` at `level` declares the task field `field`, as
/// the corpus reads the schema files (see the module comment).
fn declares(target: Target, level: ApiLevel, field: &str) -> bool {
    let actions = target.actions();
    let has = |action: Action| actions.contains(&action);
    match field {
        "function" | "envs" | "profile" | "resources" | "secrets" | "volumes" => {
            !actions.is_empty()
        }
        "node_selector" | "affinity" | "tolerations" | "runtime_class" | "priority_class" => {
            !actions.is_empty() && level != ApiLevel::V15
        }
        "schedule" => has(Action::Job) && level == ApiLevel::V13,
        "replicas" | "service_type" => has(Action::Serve),
        "service_name" => has(Action::Serve) && level != ApiLevel::V13,
        "instructions" => has(Action::Build),
        _ => false,
    }
}

/// Returns whether `field` is a field of an action other than the one of a 0.13 `python+run`
/// base spec, whose task is a job. The schema declares it, but the job ignores it.
fn inert_in_legacy_run(target: Target, field: &str) -> bool {
    let field_action = match field {
        "replicas" | "service_type" | "service_name" => Action::Serve,
        "instructions" => Action::Build,
        _ => return false,
    };
    target == Target::Run(RunKind::Legacy) && field_action != LEGACY_RUN_ACTION
}

/// Adds every generated case for the target and level of `cases`.
pub fn generate(cases: &mut Cases<'_>) {
    non_object(cases);
    unknown_fields(cases);
    match cases.target {
        Target::Function(_) => {
            function_baseline(cases);
            python_version(cases);
            function_source(cases);
            function_scalars(cases);
            function_multiple_errors(cases);
        }
        Target::Task(_) | Target::Run(_) => {
            task_baseline(cases);
            task_scalars(cases);
            function_reference(cases);
            replicas(cases);
            service_type(cases);
            schedule(cases);
            resources(cases);
            volumes(cases);
            envs(cases);
            scheduling(cases);
            task_multiple_errors(cases);
            if cases.target.is_run() {
                run_fields(cases);
            }
        }
    }
}

/// Adds a case that sets the task field `field` to `value`. When the schema does not declare
/// the field, the case moves to [`Category::ForeignField`] and the schema is expected to accept.
fn field_case(
    cases: &mut Cases<'_>,
    field: &str,
    category: Category,
    name: String,
    value: Value,
    when_declared: Expect,
) {
    let spec = cases.with(&format!("/{field}"), value);
    if declares(cases.target, cases.level, field) {
        let expect = if when_declared == Expect::Accept && inert_in_legacy_run(cases.target, field)
        {
            Expect::AcceptByQuirk(ACTION_UNION)
        } else {
            when_declared
        };
        cases.add(category, name, spec, expect);
    } else {
        cases.add(
            Category::ForeignField,
            name,
            spec,
            Expect::AcceptByQuirk(UNDECLARED),
        );
    }
}

fn non_object(cases: &mut Cases<'_>) {
    for (label, spec) in [
        ("null", Value::Null),
        ("array", json!([])),
        ("string", json!("spec")),
        ("number", json!(42)),
        ("boolean", json!(true)),
        ("array of base spec", json!([cases.base()])),
    ] {
        cases.add(
            Category::NonObject,
            format!("spec is {label}"),
            spec,
            Expect::Reject,
        );
    }
    cases.add(
        Category::MissingRequired,
        "empty object",
        json!({}),
        Expect::Reject,
    );
}

fn unknown_fields(cases: &mut Cases<'_>) {
    let quirk = Expect::AcceptByQuirk(UNDECLARED);
    cases.add(
        Category::UnknownField,
        "unknown top-level field",
        cases.with("/x_unknown", json!(true)),
        quirk,
    );
    cases.add(
        Category::UnknownField,
        "unknown field with null value",
        cases.with("/x_unknown", Value::Null),
        quirk,
    );
    let (typo, value) = match cases.target {
        Target::Function(_) => ("requirement", json!(["requests"])),
        Target::Task(_) => ("secret", json!(["db-password"])),
        Target::Run(_) => ("parameter", json!({ "alpha": 1 })),
    };
    cases.add(
        Category::UnknownField,
        format!("misspelled field {typo}"),
        cases.with(&format!("/{typo}"), value),
        quirk,
    );
    if !cases.target.actions().is_empty() {
        cases.add(
            Category::UnknownField,
            "misspelled resource key memory",
            cases.with("/resources", json!({ "memory": "1Gi" })),
            quirk,
        );
        cases.add(
            Category::UnknownField,
            "unknown key in an env",
            cases.with(
                "/envs",
                json!([{ "name": "USER", "value": "test", "secret": true }]),
            ),
            quirk,
        );
        cases.add(
            Category::UnknownField,
            "unknown key in a volume",
            cases.with(
                "/volumes",
                json!([{
                    "volume_type": "empty_dir", "name": "scratch", "mount_path": "/scratch",
                    "read_only": true
                }]),
            ),
            quirk,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Functions

fn function_baseline(cases: &mut Cases<'_>) {
    cases.add(
        Category::Baseline,
        "minimal function",
        cases.base(),
        Expect::Accept,
    );
    let full = json!({
        "source": {
            "source": "src/serve.py",
            "handler": "serve",
            "init_function": "init",
            "base64": "ZGVmIHNlcnZlKCk6CiAgICByZXR1cm4gMQo=",
            "lang": "python"
        },
        "python_version": "PYTHON3_10",
        "image": "ghcr.io/acme/echo:1.0",
        "base_image": "python:3.10-slim",
        "requirements": ["requests==2.32.3", "numpy"]
    });
    cases.add(
        Category::Baseline,
        "function with every field",
        full,
        Expect::Accept,
    );
    for field in ["source", "python_version"] {
        cases.add(
            Category::MissingRequired,
            format!("function without {field}"),
            without(cases.base(), field),
            Expect::Reject,
        );
        cases.add(
            Category::NullValue,
            format!("function {field} null"),
            cases.with(&format!("/{field}"), Value::Null),
            Expect::Reject,
        );
    }
}

/// Returns the python_version values in each level's enum.
fn python_versions(level: ApiLevel) -> &'static [&'static str] {
    match level {
        ApiLevel::V13 => &["PYTHON3_9", "PYTHON3_10"],
        ApiLevel::V14 => &["PYTHON3_9", "PYTHON3_10", "PYTHON3_11", "PYTHON3_12"],
        ApiLevel::V15 => &["PYTHON3_10", "PYTHON3_11", "PYTHON3_12", "PYTHON3_13"],
    }
}

fn python_version(cases: &mut Cases<'_>) {
    let known = python_versions(cases.level);
    for value in [
        "PYTHON3_9",
        "PYTHON3_10",
        "PYTHON3_11",
        "PYTHON3_12",
        "PYTHON3_13",
    ] {
        let expect = if known.contains(&value) {
            Expect::Accept
        } else {
            Expect::Reject
        };
        cases.add(
            Category::EnumValue,
            format!("python_version {value}"),
            cases.with("/python_version", json!(value)),
            expect,
        );
    }
    for value in ["python3_10", "3.10", "PYTHON3_8", ""] {
        cases.add(
            Category::EnumValue,
            format!("python_version {value:?}"),
            cases.with("/python_version", json!(value)),
            Expect::Reject,
        );
    }
    cases.add(
        Category::WrongType,
        "python_version number",
        cases.with("/python_version", json!(310)),
        Expect::Reject,
    );
}

fn function_source(cases: &mut Cases<'_>) {
    let content = Expect::AcceptByQuirk(SOURCE_CONTENT);
    cases.add(
        Category::ValidValue,
        "source empty object",
        cases.with("/source", json!({})),
        content,
    );
    cases.add(
        Category::ValidValue,
        "source handler only",
        cases.with("/source", json!({ "handler": "main" })),
        content,
    );
    cases.add(
        Category::ValidValue,
        "source base64 not base64",
        cases.with("/source/base64", json!("not base64!")),
        content,
    );
    for (label, value) in [
        ("git URL", "git+https://github.com/acme/repo"),
        ("zip on s3", "zip+s3://bucket/func.zip"),
        ("relative path", "src/serve.py"),
    ] {
        cases.add(
            Category::ValidValue,
            format!("source.source {label}"),
            cases.with("/source/source", json!(value)),
            Expect::Accept,
        );
    }
    cases.add(
        Category::ValidValue,
        "source.lang python",
        cases.with("/source/lang", json!("python")),
        Expect::Accept,
    );
    for value in ["java", "Python", ""] {
        cases.add(
            Category::EnumValue,
            format!("source.lang {value:?}"),
            cases.with("/source/lang", json!(value)),
            Expect::Reject,
        );
    }
    cases.add(
        Category::NullValue,
        "source.lang null",
        cases.with("/source/lang", Value::Null),
        Expect::Reject,
    );
    for (label, value) in [("string", json!("main.py")), ("array", json!(["main.py"]))] {
        cases.add(
            Category::WrongType,
            format!("source is {label}"),
            cases.with("/source", value),
            Expect::Reject,
        );
    }
    for (field, value) in [
        ("source", json!(1)),
        ("handler", json!(1)),
        ("base64", json!(["a"])),
        ("init_function", json!({})),
    ] {
        cases.add(
            Category::WrongType,
            format!("source.{field} wrong type"),
            cases.with(&format!("/source/{field}"), value),
            Expect::Reject,
        );
        cases.add(
            Category::NullValue,
            format!("source.{field} null"),
            cases.with(&format!("/source/{field}"), Value::Null),
            Expect::Reject,
        );
    }
    cases.add(
        Category::UnknownField,
        "source.code (SDK-only field)",
        cases.with("/source/code", json!("def handler():\n    return 1\n")),
        Expect::AcceptByQuirk(UNDECLARED),
    );
}

fn function_scalars(cases: &mut Cases<'_>) {
    for field in ["image", "base_image"] {
        cases.add(
            Category::ValidValue,
            format!("{field} set"),
            cases.with(&format!("/{field}"), json!("python:3.10-slim")),
            Expect::Accept,
        );
        cases.add(
            Category::WrongType,
            format!("{field} number"),
            cases.with(&format!("/{field}"), json!(3)),
            Expect::Reject,
        );
        cases.add(
            Category::NullValue,
            format!("{field} null"),
            cases.with(&format!("/{field}"), Value::Null),
            Expect::Reject,
        );
    }
    for (label, value) in [
        ("two lines", json!(["requests==2.32.3", "numpy"])),
        ("empty", json!([])),
    ] {
        cases.add(
            Category::ValidValue,
            format!("requirements {label}"),
            cases.with("/requirements", value),
            Expect::Accept,
        );
    }
    for (label, value) in [
        ("string", json!("requests")),
        ("number item", json!(["numpy", 1])),
    ] {
        cases.add(
            Category::WrongType,
            format!("requirements {label}"),
            cases.with("/requirements", value),
            Expect::Reject,
        );
    }
    cases.add(
        Category::NullValue,
        "requirements null",
        cases.with("/requirements", Value::Null),
        Expect::Reject,
    );
    cases.add(
        Category::NullValue,
        "requirements item null",
        cases.with("/requirements", json!(["numpy", null])),
        Expect::Reject,
    );
    // Task fields on a function: the function schema declares none of them.
    for (field, value) in [
        ("replicas", json!(-1)),
        ("resources", json!({ "cpu": "0.5" })),
    ] {
        cases.add(
            Category::ForeignField,
            format!("task field {field} on a function"),
            cases.with(&format!("/{field}"), value),
            Expect::AcceptByQuirk(UNDECLARED),
        );
    }
}

fn function_multiple_errors(cases: &mut Cases<'_>) {
    cases.add(
        Category::MultipleErrors,
        "no source, no python_version",
        json!({ "image": "python:3.10" }),
        Expect::Reject,
    );
    cases.add(
        Category::MultipleErrors,
        "bad version, bad lang, bad requirements",
        json!({
            "source": { "lang": "java", "handler": 3 },
            "python_version": "PYTHON2",
            "requirements": "numpy"
        }),
        Expect::Reject,
    );
}

// ---------------------------------------------------------------------------------------------
// Tasks, and the task fields a run carries

fn task_baseline(cases: &mut Cases<'_>) {
    let name = if cases.target.is_run() {
        "minimal run"
    } else {
        "minimal task"
    };
    cases.add(Category::Baseline, name, cases.base(), Expect::Accept);

    let mut full = cases.base();
    for field in TASK_FIELDS {
        if declares(cases.target, cases.level, field) && field != "function" {
            full[field] = full_value(field, cases.level);
        }
    }
    let name = if cases.target.is_run() {
        "run with every declared task field"
    } else {
        "task with every declared field"
    };
    let expect = if cases.target == Target::Run(RunKind::Legacy) {
        Expect::AcceptByQuirk(ACTION_UNION)
    } else {
        Expect::Accept
    };
    cases.add(Category::Baseline, name, full, expect);

    let required = if cases.target.is_run() {
        "task"
    } else {
        "function"
    };
    cases.add(
        Category::MissingRequired,
        format!("without {required}"),
        without(cases.base(), required),
        Expect::Reject,
    );
    if cases.target.is_run() {
        cases.add(
            Category::MissingRequired,
            "run without function",
            without(cases.base(), "function"),
            Expect::Reject,
        );
        cases.add(
            Category::MultipleErrors,
            "run without task and function",
            json!({ "local_execution": false }),
            Expect::Reject,
        );
    }
}

/// Returns a valid value of a task field at `level`, for the spec with every field.
fn full_value(field: &str, level: ApiLevel) -> Value {
    match field {
        "envs" => {
            json!([{ "name": "USER", "value": "test" }, { "name": "LOG_LEVEL", "value": "debug" }])
        }
        "profile" => json!("1xa100"),
        "resources" => valid_resources(level),
        "secrets" => json!(["db-password"]),
        "volumes" => json!([
            valid_volume("empty_dir"),
            valid_volume("persistent_volume_claim")
        ]),
        "node_selector" => json!([{ "key": "disktype", "value": "ssd" }]),
        "affinity" => full_affinity(),
        "tolerations" => {
            json!([{ "key": "gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule" }])
        }
        "runtime_class" => json!("gvisor"),
        "priority_class" => json!("high"),
        "schedule" => json!("0 0 * * *"),
        "replicas" => json!(2),
        "service_type" => json!("ClusterIP"),
        "service_name" => json!("echo"),
        "instructions" => json!(["apt-get update"]),
        other => panic!("no full value for task field {other}"),
    }
}

fn valid_resources(level: ApiLevel) -> Value {
    match level {
        ApiLevel::V13 => json!({
            "cpu": { "requests": "500m", "limits": "1" },
            "mem": { "requests": "1Gi", "limits": "2Gi" },
            "gpu": { "requests": "1" }
        }),
        ApiLevel::V14 => json!({ "cpu": "500m", "mem": "1Gi", "gpu": "1" }),
        ApiLevel::V15 => json!({ "cpu": "500m", "mem": "1Gi", "gpu": "1", "disk": "10Gi" }),
    }
}

fn full_affinity() -> Value {
    json!({
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{
                    "matchExpressions": [{ "key": "zone", "operator": "In", "values": ["a", "b"] }],
                    "matchFields": [{ "key": "metadata.name", "operator": "NotIn", "values": ["n1"] }]
                }]
            },
            "preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 10,
                "preference": { "matchExpressions": [{ "key": "gpu", "operator": "Exists" }] }
            }]
        },
        "podAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{
                "labelSelector": { "matchLabels": { "app": "cache" } },
                "topologyKey": "kubernetes.io/hostname",
                "namespaces": ["default"],
                "matchLabelKeys": ["pod-template-hash"]
            }]
        },
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 50,
                "podAffinityTerm": {
                    "labelSelector": {
                        "matchExpressions": [{ "key": "app", "operator": "In", "values": ["echo"] }]
                    },
                    "namespaceSelector": {},
                    "mismatchLabelKeys": ["version"],
                    "topologyKey": "kubernetes.io/hostname"
                }
            }]
        }
    })
}

/// Plain string and string-array fields: a valid value, wrong types and null.
fn task_scalars(cases: &mut Cases<'_>) {
    let table: [(&str, Vec<Value>, Vec<Value>); 6] = [
        (
            "profile",
            vec![json!("1xa100"), json!("")],
            vec![json!(42), json!(["1xa100"])],
        ),
        (
            "secrets",
            vec![json!(["db-password"]), json!([])],
            vec![
                json!("db-password"),
                json!(["db-password", 1]),
                json!({ "db": "password" }),
            ],
        ),
        ("runtime_class", vec![json!("gvisor")], vec![json!(1)]),
        ("priority_class", vec![json!("high")], vec![json!(true)]),
        ("service_name", vec![json!("echo")], vec![json!(1)]),
        (
            "instructions",
            vec![json!(["apt-get update", "pip install uv"]), json!([])],
            vec![json!("apt-get update"), json!([1])],
        ),
    ];
    for (field, valid, wrong) in table {
        let category = if matches!(field, "runtime_class" | "priority_class") {
            Category::Scheduling
        } else {
            Category::ValidValue
        };
        for value in valid {
            field_case(
                cases,
                field,
                category,
                format!("{field} = {value}"),
                value,
                Expect::Accept,
            );
        }
        for value in wrong {
            field_case(
                cases,
                field,
                Category::WrongType,
                format!("{field} = {value}"),
                value,
                Expect::Reject,
            );
        }
    }
    for field in TASK_FIELDS {
        field_case(
            cases,
            field,
            Category::NullValue,
            format!("{field} null"),
            Value::Null,
            Expect::Reject,
        );
    }
    field_case(
        cases,
        "secrets",
        Category::NullValue,
        "secrets item null".to_string(),
        json!(["db-password", null]),
        Expect::Reject,
    );
}

fn function_reference(cases: &mut Cases<'_>) {
    cases.add(
        Category::MinLength,
        "function empty",
        cases.with("/function", json!("")),
        Expect::Reject,
    );
    cases.add(
        Category::MinLength,
        "function blank",
        cases.with("/function", json!(" ")),
        Expect::AcceptByQuirk(BLANK),
    );
    for (label, value) in [
        ("not a key", "echo"),
        ("key without id", "python://demo/echo"),
        ("store key", "store://demo/function/python/echo:0f6b1d3c"),
    ] {
        cases.add(
            Category::Reference,
            format!("function {label}"),
            cases.with("/function", json!(value)),
            Expect::AcceptByQuirk(REFERENCE),
        );
    }
    for value in [json!(7), json!({ "name": "echo" })] {
        cases.add(
            Category::WrongType,
            format!("function = {value}"),
            cases.with("/function", value),
            Expect::Reject,
        );
    }
}

fn replicas(cases: &mut Cases<'_>) {
    let table = [
        (json!(-1), Category::Minimum, Expect::Reject),
        (json!(0), Category::Minimum, Expect::Accept),
        (json!(1), Category::Minimum, Expect::Accept),
        (json!(3), Category::Minimum, Expect::Accept),
        // JSON Schema counts 1.0 as an integer, and Jackson binds it to an int by default
        // (ACCEPT_FLOAT_AS_INT).
        (json!(1.0), Category::Minimum, Expect::Accept),
        (
            json!(2_147_483_648_i64),
            Category::Minimum,
            Expect::AcceptByQuirk(INTEGER_RANGE),
        ),
        (json!(1.5), Category::WrongType, Expect::Reject),
        (json!("2"), Category::WrongType, Expect::Reject),
        (json!(true), Category::WrongType, Expect::Reject),
    ];
    for (value, category, expect) in table {
        field_case(
            cases,
            "replicas",
            category,
            format!("replicas = {value}"),
            value,
            expect,
        );
    }
}

fn service_type(cases: &mut Cases<'_>) {
    for value in ["ExternalName", "ClusterIP", "NodePort", "LoadBalancer"] {
        field_case(
            cases,
            "service_type",
            Category::EnumValue,
            format!("service_type {value}"),
            json!(value),
            Expect::Accept,
        );
    }
    for value in ["clusterip", "Headless", ""] {
        field_case(
            cases,
            "service_type",
            Category::EnumValue,
            format!("service_type {value:?}"),
            json!(value),
            Expect::Reject,
        );
    }
    field_case(
        cases,
        "service_type",
        Category::WrongType,
        "service_type number".to_string(),
        json!(1),
        Expect::Reject,
    );
}

fn schedule(cases: &mut Cases<'_>) {
    let table = [
        ("0 0 * * *", Expect::Accept),
        ("*/5 * * * *", Expect::Accept),
        ("0 0 12 ? * MON-FRI", Expect::Accept),
        ("@daily", Expect::Accept),
        ("tomorrow", Expect::Reject),
        ("", Expect::Reject),
        ("12345", Expect::AcceptByQuirk(CRON_WITHOUT_SPACES)),
        (
            "run at 1 2 3 4 5 please",
            Expect::AcceptByQuirk(UNANCHORED_CRON),
        ),
    ];
    for (value, expect) in table {
        field_case(
            cases,
            "schedule",
            Category::Scheduling,
            format!("schedule {value:?}"),
            json!(value),
            expect,
        );
    }
    field_case(
        cases,
        "schedule",
        Category::WrongType,
        "schedule number".to_string(),
        json!(5),
        Expect::Reject,
    );
}

/// Predicts the schema's verdict on a quantity string. 0.15 anchors `^\d+([a-zA-Z]+)?$`, while
/// 0.13 and 0.14 search for `[\d]+`, so there only a string without any digit fails.
fn quantity_expect(level: ApiLevel, value: &str) -> Expect {
    let digits = value.chars().take_while(char::is_ascii_digit).count();
    let anchored = digits > 0 && value[digits..].chars().all(|c| c.is_ascii_alphabetic());
    if anchored {
        return Expect::Accept;
    }
    match level {
        ApiLevel::V15 => Expect::Reject,
        ApiLevel::V13 | ApiLevel::V14 => {
            if value.chars().any(|c| c.is_ascii_digit()) {
                Expect::AcceptByQuirk(UNANCHORED_QUANTITY)
            } else {
                Expect::Reject
            }
        }
    }
}

/// Quantity edge cases: valid forms, decimals that Kubernetes allows but Core does not, and
/// broken strings.
const QUANTITY_EDGES: [&str; 14] = [
    "1", "500m", "2Gi", "10", "0.5", "1.5Gi", "", "1Gi ", " 1", "-1", "Gi", "1e3", "1Gi\n", "abc1",
];

/// The subset used for the keys other than the first two, to keep the corpus readable.
const QUANTITY_SHORT: [&str; 4] = ["1", "0.5", "", "Gi"];

fn resources(cases: &mut Cases<'_>) {
    let level = cases.level;
    cases.add(
        Category::ResourcePattern,
        "resources empty object",
        cases.with("/resources", json!({})),
        Expect::Accept,
    );
    // Strings that match every level's pattern but are not Kubernetes quantities.
    let pointer = match level {
        ApiLevel::V13 => "/resources/mem/requests",
        ApiLevel::V14 | ApiLevel::V15 => "/resources/mem",
    };
    for value in ["1K", "5abc", "2Gib"] {
        cases.add(
            Category::ResourcePattern,
            format!("{pointer} {value:?} (not a quantity)"),
            cases.with(pointer, json!(value)),
            Expect::AcceptByQuirk(NOT_A_QUANTITY),
        );
    }
    for value in [json!("1"), json!([]), json!(2)] {
        cases.add(
            Category::WrongType,
            format!("resources = {value}"),
            cases.with("/resources", value),
            Expect::Reject,
        );
    }
    match level {
        ApiLevel::V13 => {
            for key in ["cpu", "mem", "gpu"] {
                for part in ["requests", "limits"] {
                    let values: &[&str] = if key == "cpu" && part == "requests" {
                        &QUANTITY_EDGES
                    } else {
                        &QUANTITY_SHORT
                    };
                    for value in values {
                        cases.add(
                            Category::ResourcePattern,
                            format!("resources.{key}.{part} {value:?}"),
                            cases.with(&format!("/resources/{key}/{part}"), json!(value)),
                            quantity_expect(level, value),
                        );
                    }
                    cases.add(
                        Category::WrongType,
                        format!("resources.{key}.{part} number"),
                        cases.with(&format!("/resources/{key}/{part}"), json!(1)),
                        Expect::Reject,
                    );
                }
                cases.add(
                    Category::WrongType,
                    format!("resources.{key} flat string (0.14 form)"),
                    cases.with(&format!("/resources/{key}"), json!("1")),
                    Expect::Reject,
                );
                cases.add(
                    Category::NullValue,
                    format!("resources.{key} null"),
                    cases.with(&format!("/resources/{key}"), Value::Null),
                    Expect::Reject,
                );
            }
            cases.add(
                Category::UnknownField,
                "resources.cpu.request (misspelled)",
                cases.with("/resources/cpu", json!({ "request": "1" })),
                Expect::AcceptByQuirk(UNDECLARED),
            );
            cases.add(
                Category::ForeignField,
                "resources.disk at 0.13",
                cases.with("/resources/disk", json!("10Gi")),
                Expect::AcceptByQuirk(UNDECLARED),
            );
        }
        ApiLevel::V14 | ApiLevel::V15 => {
            let mut keys = vec!["cpu", "mem", "gpu"];
            if level == ApiLevel::V15 {
                keys.push("disk");
            }
            for key in keys {
                let values: &[&str] = if matches!(key, "cpu" | "mem") {
                    &QUANTITY_EDGES
                } else {
                    &QUANTITY_SHORT
                };
                for value in values {
                    cases.add(
                        Category::ResourcePattern,
                        format!("resources.{key} {value:?}"),
                        cases.with(&format!("/resources/{key}"), json!(value)),
                        quantity_expect(level, value),
                    );
                }
                cases.add(
                    Category::WrongType,
                    format!("resources.{key} number"),
                    cases.with(&format!("/resources/{key}"), json!(1)),
                    Expect::Reject,
                );
                cases.add(
                    Category::WrongType,
                    format!("resources.{key} object (0.13 form)"),
                    cases.with(&format!("/resources/{key}"), json!({ "requests": "1" })),
                    Expect::Reject,
                );
                cases.add(
                    Category::NullValue,
                    format!("resources.{key} null"),
                    cases.with(&format!("/resources/{key}"), Value::Null),
                    Expect::Reject,
                );
            }
            if level == ApiLevel::V14 {
                cases.add(
                    Category::ForeignField,
                    "resources.disk at 0.14",
                    cases.with("/resources/disk", json!("10Gi")),
                    Expect::AcceptByQuirk(UNDECLARED),
                );
            }
        }
    }
}

/// Returns the volume types in each level's enum.
fn volume_types(level: ApiLevel) -> &'static [&'static str] {
    match level {
        ApiLevel::V13 => &["persistent_volume_claim", "empty_dir"],
        ApiLevel::V14 => &[
            "shared_volume",
            "persistent_volume_claim",
            "ephemeral",
            "empty_dir",
        ],
        ApiLevel::V15 => &[
            "shared_volume",
            "persistent_volume_claim",
            "ephemeral",
            "empty_dir",
            "image",
        ],
    }
}

/// Builds a volume of `volume_type` with the spec keys the server reads for that type.
fn valid_volume(volume_type: &str) -> Value {
    let spec = match volume_type {
        "persistent_volume_claim" => json!({ "size": "10Gi", "storage_class": "standard" }),
        "ephemeral" => json!({ "size": "1Gi", "storageClass": "fast" }),
        "empty_dir" => json!({ "sizeLimit": "128Mi" }),
        "shared_volume" => json!({ "claimName": "team-data" }),
        "image" => json!({ "image": "ghcr.io/acme/models:1" }),
        _ => json!({}),
    };
    let name = match volume_type {
        "persistent_volume_claim" => "data".to_string(),
        other => other.replace('_', "-"),
    };
    json!({
        "volume_type": volume_type,
        "name": name,
        "mount_path": format!("/mnt/{name}"),
        "spec": spec
    })
}

fn volumes(cases: &mut Cases<'_>) {
    let level_types = volume_types(cases.level);
    for volume_type in [
        "persistent_volume_claim",
        "empty_dir",
        "ephemeral",
        "shared_volume",
        "image",
        "config_map",
        "secret",
        "PersistentVolumeClaim",
        "",
    ] {
        let expect = if level_types.contains(&volume_type) {
            Expect::Accept
        } else {
            Expect::Reject
        };
        cases.add(
            Category::Volume,
            format!("volume_type {volume_type:?}"),
            cases.with("/volumes", json!([valid_volume(volume_type)])),
            expect,
        );
    }

    let base = valid_volume("empty_dir");
    let volume = |edit: &dyn Fn(&mut Value)| {
        let mut volume = base.clone();
        edit(&mut volume);
        json!([volume])
    };

    for field in ["volume_type", "name", "mount_path"] {
        let missing = volume(&|v| {
            v.as_object_mut().map(|map| map.remove(field));
        });
        add_volumes(
            cases,
            Category::MissingRequired,
            &format!("volume without {field}"),
            missing,
            Expect::Reject,
        );
        let null = volume(&|v| v[field] = Value::Null);
        add_volumes(
            cases,
            Category::NullValue,
            &format!("volume {field} null"),
            null,
            Expect::Reject,
        );
        let number = volume(&|v| v[field] = json!(5));
        add_volumes(
            cases,
            Category::WrongType,
            &format!("volume {field} number"),
            number,
            Expect::Reject,
        );
    }
    for field in ["name", "mount_path"] {
        let empty = volume(&|v| v[field] = json!(""));
        add_volumes(
            cases,
            Category::MinLength,
            &format!("volume {field} empty"),
            empty,
            Expect::Reject,
        );
        let blank = volume(&|v| v[field] = json!("  "));
        add_volumes(
            cases,
            Category::MinLength,
            &format!("volume {field} blank"),
            blank,
            Expect::AcceptByQuirk(BLANK),
        );
    }
    let kubernetes = Expect::AcceptByQuirk(KUBERNETES_NAME);
    let upper = volume(&|v| v["name"] = json!("Data_1"));
    add_volumes(
        cases,
        Category::Volume,
        "volume name not DNS-1123",
        upper,
        kubernetes,
    );
    let long = volume(&|v| v["name"] = json!("a".repeat(64)));
    add_volumes(
        cases,
        Category::Volume,
        "volume name of 64 characters",
        long,
        kubernetes,
    );
    let reserved = volume(&|v| v["name"] = json!("shared-dir"));
    add_volumes(
        cases,
        Category::Volume,
        "volume name reserved by Core",
        reserved,
        kubernetes,
    );
    let not_quantity = volume(&|v| v["spec"] = json!({ "sizeLimit": "lots" }));
    add_volumes(
        cases,
        Category::Volume,
        "empty_dir sizeLimit not a quantity",
        not_quantity,
        Expect::AcceptByQuirk(NOT_A_QUANTITY),
    );
    let negative = volume(&|v| v["spec"] = json!({ "sizeLimit": "-1Gi" }));
    add_volumes(
        cases,
        Category::Volume,
        "empty_dir sizeLimit negative",
        negative,
        Expect::AcceptByQuirk(NOT_A_QUANTITY),
    );
    let relative = volume(&|v| v["mount_path"] = json!("data"));
    add_volumes(
        cases,
        Category::Volume,
        "volume mount_path relative",
        relative,
        kubernetes,
    );
    let duplicate = json!([base.clone(), base.clone()]);
    add_volumes(
        cases,
        Category::Volume,
        "two volumes with one name",
        duplicate,
        kubernetes,
    );

    let spec_keys = Expect::AcceptByQuirk(VOLUME_SPEC_KEYS);
    let sdk_key = volume(&|v| v["spec"] = json!({ "size_limit": "1Gi" }));
    add_volumes(
        cases,
        Category::Volume,
        "empty_dir spec size_limit (SDK spelling)",
        sdk_key,
        spec_keys,
    );
    let empty_spec = volume(&|v| v["spec"] = json!({}));
    add_volumes(
        cases,
        Category::Volume,
        "volume spec empty",
        empty_spec,
        Expect::Accept,
    );
    let no_spec = volume(&|v| {
        v.as_object_mut().map(|map| map.remove("spec"));
    });
    add_volumes(
        cases,
        Category::Volume,
        "volume without spec",
        no_spec,
        Expect::Accept,
    );
    let number_value = volume(&|v| v["spec"] = json!({ "sizeLimit": 128 }));
    add_volumes(
        cases,
        Category::WrongType,
        "volume spec value number",
        number_value,
        Expect::Reject,
    );
    let null_value = volume(&|v| v["spec"] = json!({ "sizeLimit": null }));
    add_volumes(
        cases,
        Category::NullValue,
        "volume spec value null",
        null_value,
        Expect::Reject,
    );
    let string_spec = volume(&|v| v["spec"] = json!("128Mi"));
    add_volumes(
        cases,
        Category::WrongType,
        "volume spec string",
        string_spec,
        Expect::Reject,
    );
    let null_spec = volume(&|v| v["spec"] = Value::Null);
    add_volumes(
        cases,
        Category::NullValue,
        "volume spec null",
        null_spec,
        Expect::Reject,
    );

    add_volumes(
        cases,
        Category::Volume,
        "volumes empty",
        json!([]),
        Expect::Accept,
    );
    add_volumes(
        cases,
        Category::WrongType,
        "volumes object",
        base.clone(),
        Expect::Reject,
    );
    add_volumes(
        cases,
        Category::WrongType,
        "volume string",
        json!(["scratch"]),
        Expect::Reject,
    );
    add_volumes(
        cases,
        Category::NullValue,
        "volume item null",
        json!([null]),
        Expect::Reject,
    );
    let second_bad =
        json!([base.clone(), { "volume_type": "empty_dir", "name": "", "mount_path": "/b" }]);
    add_volumes(
        cases,
        Category::MinLength,
        "second volume name empty",
        second_bad,
        Expect::Reject,
    );
    let escaped = volume(&|v| v["spec"] = json!({ "sub/path": 1, "a~b": "x" }));
    add_volumes(
        cases,
        Category::PointerEscape,
        "volume spec key with / and ~",
        escaped,
        Expect::Reject,
    );
}

/// Adds a case whose spec is the base spec with `volumes` set.
fn add_volumes(
    cases: &mut Cases<'_>,
    category: Category,
    name: &str,
    volumes: Value,
    expect: Expect,
) {
    let spec = cases.with("/volumes", volumes);
    cases.add(category, name, spec, expect);
}

fn envs(cases: &mut Cases<'_>) {
    let env = |name: Value, value: Value| json!([{ "name": name, "value": value }]);
    let table = [
        (
            "one env",
            env(json!("USER"), json!("test")),
            Category::Env,
            Expect::Accept,
        ),
        (
            "two envs",
            json!([{ "name": "A", "value": "1" }, { "name": "B", "value": "2" }]),
            Category::Env,
            Expect::Accept,
        ),
        ("envs empty", json!([]), Category::Env, Expect::Accept),
        (
            "env without name",
            json!([{ "value": "test" }]),
            Category::MissingRequired,
            Expect::Reject,
        ),
        (
            "env without value",
            json!([{ "name": "USER" }]),
            Category::MissingRequired,
            Expect::Reject,
        ),
        (
            "env name empty",
            env(json!(""), json!("test")),
            Category::MinLength,
            Expect::Reject,
        ),
        (
            "env value empty",
            env(json!("USER"), json!("")),
            Category::MinLength,
            Expect::Reject,
        ),
        (
            "env name blank",
            env(json!(" "), json!("test")),
            Category::MinLength,
            Expect::AcceptByQuirk(BLANK),
        ),
        (
            "env value blank",
            env(json!("USER"), json!(" ")),
            Category::MinLength,
            Expect::AcceptByQuirk(BLANK),
        ),
        (
            "env value number",
            env(json!("PORT"), json!(8080)),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "env name number",
            env(json!(1), json!("x")),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "env value null",
            env(json!("USER"), Value::Null),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "env as string",
            json!(["USER=test"]),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "envs as map",
            json!({ "USER": "test" }),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "env item null",
            json!([null]),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "env name with space and leading digit",
            env(json!("1 BAD"), json!("x")),
            Category::Env,
            Expect::AcceptByQuirk(KUBERNETES_NAME),
        ),
        (
            "two envs with one name",
            json!([{ "name": "A", "value": "1" }, { "name": "A", "value": "2" }]),
            Category::Env,
            Expect::AcceptByQuirk(KUBERNETES_NAME),
        ),
        (
            "second env without value",
            json!([{ "name": "A", "value": "1" }, { "name": "B" }]),
            Category::MissingRequired,
            Expect::Reject,
        ),
    ];
    for (name, value, category, expect) in table {
        cases.add(category, name, cases.with("/envs", value), expect);
    }
}

fn scheduling(cases: &mut Cases<'_>) {
    let table: [(&str, &str, Value, Expect); 20] = [
        (
            "node_selector",
            "one pair",
            json!([{ "key": "disktype", "value": "ssd" }]),
            Expect::Accept,
        ),
        ("node_selector", "empty", json!([]), Expect::Accept),
        (
            "node_selector",
            "map form",
            json!({ "disktype": "ssd" }),
            Expect::Reject,
        ),
        (
            "node_selector",
            "string item",
            json!(["ssd"]),
            Expect::Reject,
        ),
        (
            "node_selector",
            "key number",
            json!([{ "key": 1, "value": "ssd" }]),
            Expect::Reject,
        ),
        (
            "tolerations",
            "NoSchedule",
            json!([{ "key": "gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule" }]),
            Expect::Accept,
        ),
        (
            "tolerations",
            "NoExecute with seconds",
            json!([{ "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30 }]),
            Expect::Accept,
        ),
        (
            "tolerations",
            "seconds without NoExecute",
            json!([{ "operator": "Exists", "tolerationSeconds": 30 }]),
            Expect::AcceptByQuirk(KUBERNETES_RULE),
        ),
        ("tolerations", "string", json!("gpu"), Expect::Reject),
        (
            "tolerations",
            "seconds as string",
            json!([{ "tolerationSeconds": "30" }]),
            Expect::Reject,
        ),
        (
            "tolerations",
            "effect number",
            json!([{ "effect": 1 }]),
            Expect::Reject,
        ),
        ("affinity", "full", full_affinity(), Expect::Accept),
        ("affinity", "empty", json!({}), Expect::Accept),
        ("affinity", "string", json!("zone-a"), Expect::Reject),
        (
            "affinity",
            "deep values not an array",
            json!({ "nodeAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{ "matchExpressions": [{ "key": "zone", "operator": "In", "values": "a" }] }]
            } } }),
            Expect::Reject,
        ),
        (
            "affinity",
            "weight as string",
            json!({ "nodeAffinity": { "preferredDuringSchedulingIgnoredDuringExecution": [
                { "weight": "10", "preference": {} }
            ] } }),
            Expect::Reject,
        ),
        (
            "affinity",
            "node selector as array",
            json!({ "nodeAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": [] } }),
            Expect::Reject,
        ),
        (
            "affinity",
            "match label value number",
            json!({ "podAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": [
                { "labelSelector": { "matchLabels": { "app.kubernetes.io/name": 1 } }, "topologyKey": "zone" }
            ] } }),
            Expect::Reject,
        ),
        (
            "affinity",
            "topologyKey number",
            json!({ "podAntiAffinity": { "preferredDuringSchedulingIgnoredDuringExecution": [
                { "weight": 1, "podAffinityTerm": { "topologyKey": 5 } }
            ] } }),
            Expect::Reject,
        ),
        (
            "affinity",
            "unknown nested key",
            json!({ "nodeAffinity": { "requiredDuringScheduling": {} } }),
            Expect::AcceptByQuirk(UNDECLARED),
        ),
    ];
    for (field, label, value, expect) in table {
        let category = match expect {
            Expect::Reject => Category::WrongType,
            _ => Category::Scheduling,
        };
        field_case(
            cases,
            field,
            category,
            format!("{field} {label}"),
            value,
            expect,
        );
    }
}

fn task_multiple_errors(cases: &mut Cases<'_>) {
    let mut spec = json!({
        "function": "",
        "profile": 1,
        "envs": [{ "name": "" }],
        "volumes": [{ "volume_type": "empty_dir", "mount_path": "" }]
    });
    if cases.target.is_run() {
        spec["task"] = cases.base()["task"].clone();
    }
    cases.add(
        Category::MultipleErrors,
        "six independent errors",
        spec,
        Expect::Reject,
    );
}

// ---------------------------------------------------------------------------------------------
// Run-only fields

fn run_fields(cases: &mut Cases<'_>) {
    let table: [(&str, &str, Value, Category, Expect); 34] = [
        (
            "task",
            "empty",
            json!(""),
            Category::MinLength,
            Expect::Reject,
        ),
        (
            "task",
            "blank",
            json!(" "),
            Category::MinLength,
            Expect::AcceptByQuirk(BLANK),
        ),
        (
            "task",
            "number",
            json!(5),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "task",
            "null",
            Value::Null,
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "task",
            "without task id",
            json!("python+job://demo"),
            Category::Reference,
            Expect::AcceptByQuirk(REFERENCE),
        ),
        (
            "task",
            "old form with function name",
            json!("python+job://demo/echo:0f6b1d3c"),
            Category::Reference,
            Expect::AcceptByQuirk(REFERENCE),
        ),
        (
            "task",
            "store key",
            json!("store://demo/task/python+job/7c1e2f3a"),
            Category::Reference,
            Expect::AcceptByQuirk(REFERENCE),
        ),
        (
            "local_execution",
            "true",
            json!(true),
            Category::RunField,
            Expect::Accept,
        ),
        (
            "local_execution",
            "false",
            json!(false),
            Category::RunField,
            Expect::Accept,
        ),
        (
            "local_execution",
            "string",
            json!("false"),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "local_execution",
            "number",
            json!(0),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "local_execution",
            "null",
            Value::Null,
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "inputs",
            "entity key",
            json!({ "di": "store://demo/dataitem/table/d1:abc" }),
            Category::RunField,
            Expect::Accept,
        ),
        (
            "inputs",
            "empty",
            json!({}),
            Category::RunField,
            Expect::Accept,
        ),
        (
            "inputs",
            "number value",
            json!({ "di": 1 }),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "inputs",
            "null value",
            json!({ "di": null }),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "inputs",
            "array",
            json!(["store://demo/dataitem/table/d1:abc"]),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "inputs",
            "string",
            json!("store://demo/dataitem/table/d1:abc"),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "inputs",
            "null",
            Value::Null,
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "parameters",
            "every value type",
            json!({ "n": 1, "f": 1.5, "s": "x", "b": true, "o": { "k": 1 }, "a": [1, "x", [true]] }),
            Category::RunField,
            Expect::Accept,
        ),
        // ObjectField is a bare `type: object`, so members of a nested object are not checked.
        (
            "parameters",
            "null inside a nested object",
            json!({ "o": { "k": null } }),
            Category::RunField,
            Expect::Accept,
        ),
        // ArrayField's items are Serializable again, so a null array item fails the anyOf.
        (
            "parameters",
            "null array item",
            json!({ "a": [1, null] }),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "parameters",
            "null in a nested array",
            json!({ "a": [[1], [null]] }),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "parameters",
            "empty",
            json!({}),
            Category::RunField,
            Expect::Accept,
        ),
        (
            "parameters",
            "null value",
            json!({ "p": null }),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "parameters",
            "array",
            json!([1, 2]),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "parameters",
            "string",
            json!("p=1"),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "parameters",
            "null",
            Value::Null,
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "init_parameters",
            "values",
            json!({ "model": "small", "threads": 2 }),
            Category::RunField,
            Expect::Accept,
        ),
        (
            "init_parameters",
            "null value",
            json!({ "model": null }),
            Category::NullValue,
            Expect::Reject,
        ),
        (
            "init_parameters",
            "number",
            json!(3),
            Category::WrongType,
            Expect::Reject,
        ),
        (
            "parameters",
            "key with / and ~",
            json!({ "a/b": null, "c~d": null }),
            Category::PointerEscape,
            Expect::Reject,
        ),
        (
            "inputs",
            "key with / and ~",
            json!({ "a/b": 1, "c~d": 2 }),
            Category::PointerEscape,
            Expect::Reject,
        ),
        (
            "init_parameters",
            "key with /",
            json!({ "x/y": null }),
            Category::PointerEscape,
            Expect::Reject,
        ),
    ];
    for (field, label, value, category, expect) in table {
        cases.add(
            category,
            format!("{field} {label}"),
            cases.with(&format!("/{field}"), value),
            expect,
        );
    }

    // Core merges the function spec into the run spec on build, so stored runs carry function
    // fields; the run schema does not declare them.
    let quirk = Expect::AcceptByQuirk(UNDECLARED);
    let mut flattened = cases.base();
    flattened["python_version"] = json!("PYTHON3_10");
    flattened["source"] = json!({ "source": "main.py", "handler": "handler" });
    flattened["requirements"] = json!(["requests"]);
    cases.add(
        Category::ForeignField,
        "run with function fields",
        flattened,
        quirk,
    );
    cases.add(
        Category::ForeignField,
        "run with bad python_version",
        cases.with("/python_version", json!("PYTHON2")),
        quirk,
    );
    cases.add(
        Category::MultipleErrors,
        "task empty, function number, local_execution string",
        json!({ "task": "", "function": 1, "local_execution": "no" }),
        Expect::Reject,
    );
}
