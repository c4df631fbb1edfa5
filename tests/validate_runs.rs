//! Function and run spec validation, table-driven.

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::validate::{validate_function, validate_run, RejectedBy, Report};
use serde_json::{json, Value};

const FUNCTION: &str = "python://demo/echo:0f6b1d3c9a2e4b7f8c5d2a1e3b4c5d6e";
const TASK_ID: &str = "7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a";

fn found(report: &Report) -> Vec<(&str, &'static str)> {
    report
        .issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.code))
        .collect()
}

fn function(extra: Value) -> Value {
    let mut spec = json!({
        "source": {"source": "main.py", "handler": "handler", "lang": "python"},
        "python_version": "PYTHON3_10"
    });
    if let (Value::Object(spec), Value::Object(extra)) = (&mut spec, extra) {
        spec.extend(extra);
    }
    spec
}

fn run(action: &str, extra: Value) -> Value {
    let mut spec = json!({
        "task": format!("python+{action}://demo/{TASK_ID}"),
        "function": FUNCTION
    });
    if let (Value::Object(spec), Value::Object(extra)) = (&mut spec, extra) {
        spec.extend(extra);
    }
    spec
}

/// Expected issues as (pointer, code) pairs.
type Expected = Vec<(&'static str, &'static str)>;

const PYTHON: FunctionKind = FunctionKind::Python;
const JOB_RUN: RunKind = RunKind::Action(Action::Job);
const SERVE_RUN: RunKind = RunKind::Action(Action::Serve);
const BUILD_RUN: RunKind = RunKind::Action(Action::Build);

#[test]
fn function_cases() {
    use ApiLevel::*;
    let cases: Vec<(ApiLevel, Value, Expected)> = vec![
        (V15, function(json!({})), vec![]),
        (V13, function(json!({})), vec![]),
        (
            V15,
            json!({}),
            vec![
                ("/source", "missing-field"),
                ("/python_version", "missing-field"),
            ],
        ),
        (
            V15,
            function(json!({"python_version": "PYTHON3_9"})),
            vec![("/python_version", "invalid-enum")],
        ),
        (
            V14,
            function(json!({"python_version": "PYTHON3_9"})),
            vec![],
        ),
        (
            V13,
            function(json!({"python_version": "PYTHON3_11"})),
            vec![("/python_version", "invalid-enum")],
        ),
        (
            V15,
            function(json!({"python_version": "PYTHON3_13"})),
            vec![],
        ),
        (
            V15,
            function(json!({"source": {"source": "main.py", "handler": "h", "lang": "java"}})),
            vec![("/source/lang", "invalid-enum")],
        ),
        (
            V15,
            function(json!({"source": {"handler": "h"}})),
            vec![("/source", "missing-source-code")],
        ),
        (
            V15,
            function(json!({"source": {"source": "main.py"}})),
            vec![("/source/handler", "missing-handler")],
        ),
        (
            V15,
            function(json!({"source": {"base64": "Zm9v!", "handler": "main.handler"}})),
            vec![
                ("/source/base64", "invalid-base64"),
                ("/source/handler", "invalid-handler"),
            ],
        ),
        (
            V15,
            function(
                json!({"source": {"source": "git+https://x/y", "handler": "pkg.mod:run", "init_function": "init"}}),
            ),
            vec![],
        ),
        (
            V15,
            function(
                json!({"source": {"source": "main.py", "handler": "h", "init_function": "my-init"}}),
            ),
            vec![("/source/init_function", "invalid-init-function")],
        ),
        (
            V15,
            function(json!({"source": {"source": "main.py", "handler": "h", "code": "print(1)"}})),
            vec![("/source/code", "unknown-field")],
        ),
        (
            V15,
            function(json!({"requirements": "pandas"})),
            vec![("/requirements", "invalid-type")],
        ),
        (
            V15,
            function(json!({"replicas": 1})),
            vec![("/replicas", "wrong-entity")],
        ),
        (
            V15,
            function(json!({"source": "main.py"})),
            vec![("/source", "invalid-type")],
        ),
    ];
    for (level, spec, expected) in cases {
        let report = validate_function(PYTHON, &spec, level);
        assert_eq!(found(&report), expected, "{level}: {spec}\n{report:#?}");
    }
}

#[test]
fn python_version_message_names_levels() {
    let report = validate_function(
        PYTHON,
        &function(json!({"python_version": "PYTHON3_9"})),
        ApiLevel::V15,
    );
    let message = &report.issues[0].message;
    assert!(message.contains("\"PYTHON3_9\""), "{message}");
    assert!(message.contains("13 and 14"), "{message}");
    assert!(message.contains("\"PYTHON3_13\""), "{message}");
}

#[test]
fn run_cases() {
    use ApiLevel::*;
    let legacy = RunKind::Legacy;
    let cases: Vec<(RunKind, ApiLevel, Value, Expected)> = vec![
        (JOB_RUN, V15, run("job", json!({})), vec![]),
        (SERVE_RUN, V14, run("serve", json!({"replicas": 2})), vec![]),
        (legacy, V13, run("serve", json!({"replicas": 2})), vec![]),
        (
            legacy,
            V13,
            run("job", json!({"replicas": 2})),
            vec![("/replicas", "wrong-action")],
        ),
        (
            legacy,
            V13,
            run("job", json!({"replicas": -1})),
            vec![
                ("/replicas", "wrong-action"),
                ("/replicas", "below-minimum"),
            ],
        ),
        (
            legacy,
            V15,
            run("job", json!({})),
            vec![("", "unknown-kind")],
        ),
        (
            JOB_RUN,
            V13,
            run("job", json!({})),
            vec![("", "unknown-kind")],
        ),
        (
            JOB_RUN,
            V15,
            json!({"task": format!("python+job://demo/{TASK_ID}")}),
            vec![("/function", "missing-field")],
        ),
        (
            JOB_RUN,
            V15,
            json!({"function": FUNCTION}),
            vec![("/task", "missing-field")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"task": ""})),
            vec![("/task", "empty-value")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"task": "python+job://demo/echo:1"})),
            vec![("/task", "invalid-task-ref")],
        ),
        (
            SERVE_RUN,
            V15,
            run("job", json!({})),
            vec![("/task", "run-kind-mismatch")],
        ),
        (
            legacy,
            V13,
            run(
                "job",
                json!({"task": format!("container+job://demo/{TASK_ID}")}),
            ),
            vec![("/task", "run-kind-mismatch")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"function": "python://other/echo:1"})),
            vec![("/function", "project-mismatch")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"local_execution": "no"})),
            vec![("/local_execution", "invalid-type")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"inputs": {"x": 1}})),
            vec![("/inputs/x", "invalid-type")],
        ),
        (
            JOB_RUN,
            V15,
            run(
                "job",
                json!({"parameters": {"x": null, "y": [1], "z": {"a": null}}}),
            ),
            vec![("/parameters/x", "invalid-type")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"init_parameters": []})),
            vec![("/init_parameters", "invalid-type")],
        ),
        (
            JOB_RUN,
            V15,
            run(
                "job",
                json!({"python_version": "PYTHON3_13", "source": {"source": "main.py", "handler": "h"}}),
            ),
            vec![],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"python_version": "PYTHON3_9"})),
            vec![("/python_version", "invalid-function-field")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"source": {"lang": "go", "handler": "a.b"}})),
            vec![
                ("/source/handler", "invalid-handler"),
                ("/source/lang", "invalid-function-field"),
            ],
        ),
        (
            JOB_RUN,
            V15,
            run(
                "job",
                json!({"parameters": {"a": [1, [null]], "b": {"c": null}}}),
            ),
            vec![("/parameters/a/1/0", "invalid-type")],
        ),
        (
            SERVE_RUN,
            V15,
            run("serve", json!({"replicas": 2_147_483_648_i64})),
            vec![("/replicas", "integer-too-large")],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"envs": [{"name": " ", "value": "\t"}]})),
            vec![
                ("/envs/0/name", "blank-value"),
                ("/envs/0/value", "blank-value"),
            ],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"replicas": 1})),
            vec![("/replicas", "wrong-action")],
        ),
        (
            BUILD_RUN,
            V15,
            run("build", json!({"instructions": ["pip install x"]})),
            vec![],
        ),
        (
            JOB_RUN,
            V15,
            run("job", json!({"paramters": {}})),
            vec![("/paramters", "unknown-field")],
        ),
        (
            SERVE_RUN,
            V15,
            run("serve", json!({"service_name": "x".repeat(60)})),
            vec![("/service_name", "service-name-too-long")],
        ),
        (
            JOB_RUN,
            V15,
            run(
                "job",
                json!({"volumes": [{"name": "A", "mount_path": "/a", "volume_type": "empty_dir"}]}),
            ),
            vec![("/volumes/0/name", "invalid-volume-name")],
        ),
    ];
    for (kind, level, spec, expected) in cases {
        let report = validate_run(kind, &spec, level);
        assert_eq!(
            found(&report),
            expected,
            "{kind} at {level}: {spec}\n{report:#?}"
        );
    }
}

#[test]
fn unknown_parameter_suggestion() {
    let report = validate_run(
        JOB_RUN,
        &run("job", json!({"paramters": {}})),
        ApiLevel::V15,
    );
    assert!(
        report.issues[0]
            .message
            .contains("did you mean `parameters`?"),
        "{}",
        report.issues[0].message
    );
}

#[test]
fn run_core_errors() {
    let report = validate_run(
        SERVE_RUN,
        &run("job", json!({"replicas": -2})),
        ApiLevel::V15,
    );
    let codes: Vec<(&str, RejectedBy)> = report
        .core_errors()
        .map(|issue| (issue.code, issue.rejected_by))
        .collect();
    assert_eq!(
        codes,
        [
            ("below-minimum", RejectedBy::Core),
            ("run-kind-mismatch", RejectedBy::Core)
        ]
    );
}

#[test]
fn run_kind_message_names_fix() {
    let report = validate_run(SERVE_RUN, &run("job", json!({})), ApiLevel::V15);
    let message = &report.issues[0].message;
    assert!(message.contains("python+job:run"), "{message}");
    assert!(message.contains("python+serve task"), "{message}");
}

#[test]
fn missing_root_field_message_reads() {
    let report = validate_run(JOB_RUN, &json!({"function": FUNCTION}), ApiLevel::V15);
    assert_eq!(found(&report), [("/task", "missing-field")]);
    let message = &report.issues[0].message;
    assert!(
        message.starts_with("`task` is required in a run spec: add it"),
        "{message}"
    );
}

#[test]
fn legacy_job_run_replicas_not_warned() {
    let report = validate_run(
        RunKind::Legacy,
        &run("job", json!({"replicas": 0})),
        ApiLevel::V13,
    );
    assert_eq!(found(&report), [("/replicas", "wrong-action")]);
    let report = validate_run(
        RunKind::Legacy,
        &run("serve", json!({"replicas": 0})),
        ApiLevel::V13,
    );
    assert_eq!(found(&report), [("/replicas", "no-replicas")]);
}
