//! Builder tests: exact JSON output, fields of other actions, and validation.

use serde_json::json;

use super::task_fields::copy_task_fields;
use super::*;
use crate::keys::{FunctionRef, TaskRef};
use crate::kind::{Action, TaskKind};
use crate::level::ApiLevel;
use crate::model::{
    Affinity, FlatResources, LegacyResources, NodeAffinity, NodeSelector, NodeSelectorOperator,
    NodeSelectorRequirement, NodeSelectorTerm, ResourceDefinition, Resources, ServiceType,
    TaskSpec, Toleration, TolerationEffect, TolerationOperator, Volume, VolumeType,
};
use crate::validate::codes::WRONG_ACTION;
use crate::validate::{RejectedBy, Severity};

pub(super) fn echo() -> FunctionRef {
    FunctionRef::python("demo", "echoservice", "f1d2").unwrap()
}

pub(super) fn flat(cpu: &str, mem: &str) -> Resources {
    Resources::Flat(FlatResources {
        cpu: Some(cpu.into()),
        mem: Some(mem.into()),
        ..FlatResources::default()
    })
}

#[test]
fn serve_task_matches_core_example() {
    let mut builder = TaskBuilder::serve(echo());
    builder
        .replicas(1)
        .service_type(ServiceType::ClusterIp)
        .service_name("echo")
        .resources(flat("1", "1Gi"))
        .env("USER", "test")
        .secret("secret-key")
        .volume(Volume::new(VolumeType::EmptyDir, "scratch", "/scratch"))
        .profile("1xa100");

    let document = serde_json::to_value(builder.document()).unwrap();

    assert_eq!(
        document,
        json!({
            "project": "demo",
            "kind": "python+serve",
            "spec": {
                "function": "python://demo/echoservice:f1d2",
                "replicas": 1, "service_type": "ClusterIP", "service_name": "echo",
                "resources": { "cpu": "1", "mem": "1Gi" },
                "envs": [ { "name": "USER", "value": "test" } ],
                "secrets": ["secret-key"],
                "volumes": [
                    { "volume_type": "empty_dir", "name": "scratch", "mount_path": "/scratch" }
                ],
                "profile": "1xa100"
            }
        })
    );
}

#[test]
fn serve_task_adds_no_defaults() {
    let json = TaskBuilder::serve(echo()).to_json();

    assert_eq!(
        json,
        json!({ "function": "python://demo/echoservice:f1d2" })
    );
}

#[test]
fn job_task_leaves_out_serve_fields() {
    let mut builder = TaskBuilder::job(echo());
    builder.replicas(2).service_name("alias").schedule("@daily");

    let json = builder.to_json();

    assert_eq!(
        json,
        json!({ "function": "python://demo/echoservice:f1d2", "schedule": "@daily" })
    );
}

#[test]
fn build_task_instructions() {
    let mut builder = TaskBuilder::build(echo());
    builder
        .instruction("apt-get update")
        .instruction("apt-get install -y git");

    let json = builder.to_json();

    assert_eq!(builder.kind(), TaskKind(Action::Build));
    assert_eq!(
        json["instructions"],
        json!(["apt-get update", "apt-get install -y git"])
    );
}

#[test]
fn legacy_scheduling_fields_in_task() {
    let affinity = Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: Some(vec![NodeSelectorTerm {
                    match_expressions: Some(vec![NodeSelectorRequirement {
                        key: "gpu".into(),
                        operator: NodeSelectorOperator::Exists,
                        values: None,
                    }]),
                    match_fields: None,
                }]),
            }),
            preferred_during_scheduling_ignored_during_execution: None,
        }),
        ..Affinity::default()
    };
    let toleration = Toleration {
        key: Some("gpu".into()),
        operator: Some(TolerationOperator::Exists),
        effect: Some(TolerationEffect::NoSchedule),
        toleration_seconds: Some(30),
        value: None,
    };
    let definition = ResourceDefinition {
        requests: Some("1".into()),
        limits: Some("2".into()),
    };
    let mut builder = TaskBuilder::job(echo());
    builder
        .resources(Resources::Legacy(LegacyResources {
            cpu: Some(definition),
            ..LegacyResources::default()
        }))
        .node_selector("disk", "ssd")
        .affinity(affinity)
        .toleration(toleration)
        .runtime_class("nvidia")
        .priority_class("high");

    let json = builder.to_json();

    assert_eq!(
        json,
        json!({
            "function": "python://demo/echoservice:f1d2",
            "resources": { "cpu": { "requests": "1", "limits": "2" } },
            "node_selector": [ { "key": "disk", "value": "ssd" } ],
            "affinity": { "nodeAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    { "matchExpressions": [ { "key": "gpu", "operator": "Exists" } ] }
                ]
            } } },
            "tolerations": [ {
                "key": "gpu", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 30
            } ],
            "runtime_class": "nvidia",
            "priority_class": "high"
        })
    );
}

#[test]
fn wrong_action_fields_reported() {
    let mut fields = serde_json::Map::new();
    fields.insert("schedule".into(), json!("@daily"));
    fields.insert("replicas".into(), json!(2));
    fields.insert("service_type".into(), json!("NodePort"));
    fields.insert("service_name".into(), json!("alias"));
    fields.insert("instructions".into(), json!(["true"]));
    fields.insert("profile".into(), json!("small"));
    // Paths come in the order of the field names.
    let cases = [
        (
            Action::Job,
            vec![
                "/instructions",
                "/replicas",
                "/service_name",
                "/service_type",
            ],
            vec!["profile", "schedule"],
        ),
        (
            Action::Serve,
            vec!["/instructions", "/schedule"],
            vec!["profile", "replicas", "service_name", "service_type"],
        ),
        (
            Action::Build,
            vec!["/replicas", "/schedule", "/service_name", "/service_type"],
            vec!["instructions", "profile"],
        ),
    ];

    for (action, expected_paths, expected_kept) in cases {
        let mut spec = serde_json::Map::new();

        let issues = copy_task_fields(TaskKind(action), &fields, &mut spec);

        let paths: Vec<&str> = issues.iter().map(|issue| issue.path.as_str()).collect();
        let kept: Vec<&str> = spec.keys().map(String::as_str).collect();
        assert_eq!(paths, expected_paths, "{action:?}");
        assert_eq!(kept, expected_kept, "{action:?}");
        assert!(issues.iter().all(|issue| issue.code == WRONG_ACTION.name));
        assert!(issues.iter().all(|issue| issue.severity == Severity::Error));
        assert!(issues
            .iter()
            .all(|issue| issue.rejected_by == RejectedBy::Library));
    }
}

#[test]
fn wrong_action_message() {
    let mut builder = TaskBuilder::job(echo());
    builder.replicas(2);

    let report = builder.validate(ApiLevel::V15);

    assert_eq!(
        report.issues[0].message,
        "replicas is a field of python+serve tasks, so the python+job spec leaves it out; \
         remove the setting or build a python+serve task"
    );
}

#[test]
fn json_setters_store_values_as_given() {
    let mut builder = TaskBuilder::serve(echo());
    builder
        .volume_json(json!({ "name": "data" }))
        .resources_json(json!({ "cpu": 1 }))
        .affinity_json(json!({ "nodeAffinity": {} }))
        .toleration_json(json!({ "operator": "Exists" }));

    let json = builder.to_json();
    let typed = builder.spec();

    assert_eq!(json["volumes"], json!([{ "name": "data" }]));
    assert_eq!(json["resources"], json!({ "cpu": 1 }));
    assert_eq!(json["affinity"], json!({ "nodeAffinity": {} }));
    assert_eq!(json["tolerations"], json!([{ "operator": "Exists" }]));
    assert!(
        typed.is_err(),
        "a volume without volume_type has no typed form"
    );
}

#[test]
fn json_setters_checked_by_validate() {
    let mut builder = TaskBuilder::serve(echo());
    builder
        .volume_json(json!({ "name": "data", "mount_path": "/data" }))
        .resources_json(json!({ "cpu": 1 }));

    let report = builder.validate(ApiLevel::V15);

    let paths: Vec<&str> = report
        .issues
        .iter()
        .map(|issue| issue.path.as_str())
        .collect();
    assert!(!report.is_valid());
    assert!(paths.contains(&"/volumes/0/volume_type"), "{paths:?}");
    assert!(paths.contains(&"/resources/cpu"), "{paths:?}");
}

#[test]
fn typed_setters_give_typed_spec() {
    let mut builder = TaskBuilder::serve(echo());
    builder
        .replicas(2)
        .service_type(ServiceType::NodePort)
        .volume(Volume::new(VolumeType::EmptyDir, "tmp", "/tmp"))
        .resources(flat("1", "1Gi"));

    let spec = builder.spec().unwrap();

    let TaskSpec::Serve(serve) = spec else {
        panic!("serve builder gave {:?}", spec.kind());
    };
    assert_eq!(serve.replicas, Some(2));
    assert_eq!(serve.service_type, Some(ServiceType::NodePort));
    assert_eq!(serve.k8s.volumes.map(|volumes| volumes.len()), Some(1));
    assert_eq!(serve.k8s.resources, Some(flat("1", "1Gi")));
}

#[test]
fn run_spec_typed() {
    let mut builder = serve_run();
    builder
        .init_parameter("model", json!("small"))
        .replicas(3)
        .env("A", "b");

    let spec = builder.spec().unwrap();

    assert_eq!(spec.task, "python+serve://demo/t1");
    assert_eq!(
        spec.function.as_deref(),
        Some("python://demo/echoservice:f1d2")
    );
    assert_eq!(spec.local_execution, Some(false));
    assert_eq!(spec.action.replicas, Some(3));
    assert_eq!(spec.k8s.envs.map(|envs| envs.len()), Some(1));
    assert!(spec.other.is_empty(), "{:?}", spec.other);
}

fn serve_run() -> RunBuilder {
    let task = TaskRef::parse("python+serve://demo/t1").unwrap();
    RunBuilder::new(task, echo()).unwrap()
}

#[test]
fn serve_run_matches_console_request() {
    let mut builder = serve_run();
    builder.init_parameter("param", json!("value")).replicas(2);

    let document = serde_json::to_value(builder.document(ApiLevel::V15)).unwrap();

    assert_eq!(
        document,
        json!({
            "project": "demo",
            "kind": "python+serve:run",
            "spec": {
                "task": "python+serve://demo/t1",
                "function": "python://demo/echoservice:f1d2",
                "local_execution": false,
                "init_parameters": { "param": "value" },
                "replicas": 2
            }
        })
    );
}

#[test]
fn run_kind_per_level() {
    let builder = serve_run();

    assert_eq!(builder.run_kind(ApiLevel::V13).as_str(), "python+run");
    assert_eq!(builder.run_kind(ApiLevel::V14).as_str(), "python+serve:run");
    assert_eq!(builder.run_kind(ApiLevel::V15).as_str(), "python+serve:run");
    assert_eq!(builder.document(ApiLevel::V13).kind, "python+run");
}

#[test]
fn job_run_parameters_and_inputs() {
    let task = TaskRef::parse("python+job://demo/t2").unwrap();
    let mut builder = RunBuilder::new(task, echo()).unwrap();
    builder
        .parameter("n", json!(3))
        .parameter("names", json!(["a", "b"]))
        .input("table", "store://demo/dataitem/table/t:1")
        .env("MODE", "fast")
        .resources(flat("500m", "256Mi"))
        .service_type(ServiceType::NodePort)
        .local_execution(true);

    let json = builder.to_json();

    assert_eq!(
        json,
        json!({
            "task": "python+job://demo/t2",
            "function": "python://demo/echoservice:f1d2",
            "local_execution": true,
            "parameters": { "n": 3, "names": ["a", "b"] },
            "inputs": { "table": "store://demo/dataitem/table/t:1" },
            "envs": [ { "name": "MODE", "value": "fast" } ],
            "resources": { "cpu": "500m", "mem": "256Mi" }
        })
    );
}

#[test]
fn run_of_non_python_task_rejected() {
    let task = TaskRef::parse("container+job://demo/t3").unwrap();

    let error = RunBuilder::new(task, echo()).unwrap_err();

    assert_eq!(error.kind, "container+job");
}

/// Builds one spec per task kind with every field the level has, in the level's shapes.
pub(super) fn full_task(kind: TaskKind, level: ApiLevel) -> TaskBuilder {
    let mut builder = TaskBuilder::new(kind, echo());
    let resources = match level {
        ApiLevel::V13 => Resources::Legacy(LegacyResources {
            mem: Some(ResourceDefinition {
                requests: Some("1Gi".into()),
                limits: Some("2Gi".into()),
            }),
            ..LegacyResources::default()
        }),
        ApiLevel::V14 => flat("1", "1Gi"),
        ApiLevel::V15 => Resources::Flat(FlatResources {
            disk: Some("10Gi".into()),
            ..FlatResources::default()
        }),
    };
    builder
        .resources(resources)
        .env("USER", "test")
        .secret("secret-key")
        .profile("default")
        .volume(
            Volume::new(VolumeType::PersistentVolumeClaim, "data", "/data")
                .with_setting("size", "1Gi"),
        );
    if level != ApiLevel::V15 {
        builder
            .node_selector("disk", "ssd")
            .toleration(Toleration {
                key: Some("gpu".into()),
                operator: Some(TolerationOperator::Equal),
                value: Some("true".into()),
                effect: Some(TolerationEffect::NoExecute),
                toleration_seconds: Some(10),
            })
            .runtime_class("nvidia")
            .priority_class("high");
    }
    match kind.action() {
        Action::Job if level == ApiLevel::V13 => {
            builder.schedule("0 0 * * *");
        }
        Action::Job => {}
        Action::Serve => {
            builder.replicas(2).service_type(ServiceType::LoadBalancer);
            if level != ApiLevel::V13 {
                builder.service_name("alias");
            }
        }
        Action::Build => {
            builder.instruction("apt-get update");
        }
    }
    builder
}

#[test]
fn task_validate_reports_wrong_action() {
    let mut builder = TaskBuilder::job(echo());
    builder.replicas(2);

    let report = builder.validate(ApiLevel::V15);

    assert!(!report.is_valid());
    assert_eq!(report.issues.len(), 1, "{:?}", report.issues);
    assert_eq!(report.issues[0].code, WRONG_ACTION.name);
    assert_eq!(report.issues[0].path, "/replicas");
}

#[test]
fn run_validate_reports_wrong_action() {
    let task = TaskRef::parse("python+job://demo/t2").unwrap();
    let mut builder = RunBuilder::new(task, echo()).unwrap();
    builder.service_name("alias");

    let report = builder.validate(ApiLevel::V15);

    let paths: Vec<&str> = report
        .issues
        .iter()
        .map(|issue| issue.path.as_str())
        .collect();
    assert_eq!(paths, ["/service_name"]);
    assert_eq!(report.issues[0].code, WRONG_ACTION.name);
}

#[test]
fn task_validate_uses_level() {
    let mut builder = TaskBuilder::serve(echo());
    builder.service_name("alias").resources(flat("1", "1Gi"));

    let at_13 = builder.validate(ApiLevel::V13);
    let at_15 = builder.validate(ApiLevel::V15);

    assert!(at_15.is_valid(), "{:?}", at_15.issues);
    assert!(!at_13.is_valid());
    assert!(at_13
        .issues
        .iter()
        .any(|issue| issue.path == "/service_name"));
    assert!(at_13
        .issues
        .iter()
        .any(|issue| issue.path.starts_with("/resources")));
}

#[test]
fn full_tasks_validate_clean() {
    for level in ApiLevel::ALL {
        for kind in TaskKind::ALL {
            let report = full_task(kind, level).validate(level);

            let errors: Vec<_> = report
                .issues
                .iter()
                .filter(|issue| issue.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{kind} at {level}: {errors:?}");
        }
    }
}

#[test]
fn run_validate_per_level() {
    let builder = serve_run();

    for level in ApiLevel::ALL {
        let report = builder.validate(level);

        assert!(report.is_valid(), "level {level}: {:?}", report.issues);
    }
}

#[test]
fn function_validate_flags_level() {
    let mut builder = FunctionBuilder::new();
    builder.code("def main():\n    return 1\n").handler("main");

    let default_report = builder.validate(ApiLevel::V13);
    builder.python_version(crate::model::PythonVersion::Python3_13);
    let new_version_report = builder.validate(ApiLevel::V13);

    assert!(default_report.is_valid(), "{:?}", default_report.issues);
    assert!(!new_version_report.is_valid());
}
