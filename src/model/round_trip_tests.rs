//! Round trips of Core's example documents, and field names checked against Core's schemas.
//!
//! The reference files live outside the repository. Tests read them from the folder named by
//! `DIGITALHUB_REFERENCE_DIR`, by default `../shared/reference` next to the crate, and print a
//! skip line when it is absent.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{json, Value};

use super::*;
use crate::kind::{Action, TaskKind};

fn reference_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("DIGITALHUB_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: reference folder {} not found; set DIGITALHUB_REFERENCE_DIR",
            dir.display()
        );
        None
    }
}

fn read_json(dir: &std::path::Path, relative: &str) -> Value {
    let path = dir.join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

fn instance(dir: &std::path::Path, entity: &str, name: &str) -> Value {
    read_json(
        dir,
        &format!("digitalhub-runtime-python/instances/{entity}/{name}.json"),
    )
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("model types serialize to JSON")
}

#[test]
fn function_instances_round_trip() {
    let Some(dir) = reference_dir() else { return };
    for name in [
        "function-python-git",
        "function-python-local",
        "function-python-zip",
    ] {
        let original = instance(&dir, "function", name);

        let function: Function = serde_json::from_value(original.clone())
            .unwrap_or_else(|error| panic!("{name}: {error}"));

        assert_eq!(function.kind, "python", "{name}");
        assert_eq!(
            function.spec.python_version,
            PythonVersion::Python3_10,
            "{name}"
        );
        assert_eq!(
            function.spec.source.handler.as_deref(),
            Some("handler"),
            "{name}"
        );
        assert_eq!(
            function.spec.source.lang,
            Some(SourceLanguage::Python),
            "{name}"
        );
        assert_eq!(to_json(&function), original, "{name}");
    }
}

#[test]
fn task_instances_round_trip() {
    let Some(dir) = reference_dir() else { return };
    for action in Action::ALL {
        let kind = TaskKind(action);
        let name = format!("task-{kind}");
        let original = instance(&dir, "task", &name);

        let task: Task = serde_json::from_value(original.clone())
            .unwrap_or_else(|error| panic!("{name}: {error}"));

        assert_eq!(task.kind, kind);
        assert_eq!(task.spec.kind(), kind);
        assert_eq!(
            task.spec.function(),
            "python://demo-etl/func1a:bbc4c820-6321-4ea8-b57b-85c472cfde09"
        );
        let k8s = task.spec.k8s();
        assert_eq!(k8s.profile.as_deref(), Some("1xa100"), "{name}");
        assert_eq!(k8s.volumes.as_ref().map(Vec::len), Some(2), "{name}");
        assert_eq!(to_json(&task), original, "{name}");
    }
}

#[test]
fn task_instance_fields_by_action() {
    let Some(dir) = reference_dir() else { return };

    let serve: Task = serde_json::from_value(instance(&dir, "task", "task-python+serve")).unwrap();
    let TaskSpec::Serve(spec) = serve.spec else {
        panic!("python+serve task read as {:?}", serve.spec.kind());
    };
    assert_eq!(spec.replicas, Some(2));
    assert_eq!(spec.service_type, Some(ServiceType::NodePort));
    assert_eq!(spec.service_name.as_deref(), Some("serve-service"));
    let expected = Resources::Flat(FlatResources {
        cpu: Some("1".into()),
        mem: Some("1Gi".into()),
        gpu: Some("1".into()),
        disk: Some("1Gi".into()),
    });
    assert_eq!(spec.k8s.resources, Some(expected));

    let build: Task = serde_json::from_value(instance(&dir, "task", "task-python+build")).unwrap();
    let TaskSpec::Build(spec) = build.spec else {
        panic!("python+build task read as {:?}", build.spec.kind());
    };
    assert_eq!(spec.instructions, Some(vec!["apt-get update".to_string()]));
}

#[test]
fn run_instances_round_trip() {
    let Some(dir) = reference_dir() else { return };
    for action in Action::ALL {
        let name = format!("run-python+{}:run", action.name());
        let original = instance(&dir, "run", &name);

        let run: Run = serde_json::from_value(original.clone())
            .unwrap_or_else(|error| panic!("{name}: {error}"));

        let task_prefix = format!("python+{}://demo-etl/", action.name());
        assert!(
            run.spec.task.starts_with(&task_prefix),
            "{name}: {}",
            run.spec.task
        );
        assert!(run.spec.function.is_some(), "{name}");
        assert_eq!(
            run.spec
                .parameters
                .as_ref()
                .map(|map| map["param1"].clone()),
            Some(json!(100))
        );
        assert!(
            run.spec.other.contains_key("source"),
            "{name}: function fields kept"
        );
        assert!(run.spec.other.contains_key("python_version"), "{name}");
        assert!(
            !run.spec.other.contains_key("envs"),
            "{name}: envs read as a task field"
        );
        assert_eq!(to_json(&run), original, "{name}");
    }
}

#[test]
fn serve_run_instance_has_service() {
    let Some(dir) = reference_dir() else { return };
    let run: Run = serde_json::from_value(instance(&dir, "run", "run-python+serve:run")).unwrap();

    assert_eq!(run.spec.action.replicas, Some(3));
    assert_eq!(run.spec.action.service_type, Some(ServiceType::NodePort));
    let status = run.status.expect("serve run has a status");
    assert_eq!(status.state.as_deref(), Some("ERROR"));
    assert!(status.other.contains_key("k8s"));
    let service = status.service.expect("serve run has a service");
    assert_eq!(
        service.url.as_deref(),
        Some("s-pythonserve-3c620611-b8dc-41f2-bee6-3b21e3d35265.digitalhub-tenant1:8080")
    );
    assert_eq!(service.cluster_ip.as_deref(), Some("10.106.216.89"));
    let ports = service.ports.expect("service has ports");
    assert_eq!(ports[0].node_port, Some(30566));
    assert_eq!(ports[0].target_port, Some(json!(8080)));
}

#[test]
fn legacy_resources_read_as_legacy() {
    let legacy = json!({ "cpu": { "requests": "1", "limits": "2" }, "mem": { "requests": "1Gi" } });
    let flat = json!({ "cpu": "1", "disk": "10Gi" });

    let read_legacy: Resources = serde_json::from_value(legacy.clone()).unwrap();
    let read_flat: Resources = serde_json::from_value(flat.clone()).unwrap();

    assert!(matches!(read_legacy, Resources::Legacy(_)));
    assert!(matches!(read_flat, Resources::Flat(_)));
    assert_eq!(to_json(&read_legacy), legacy);
    assert_eq!(to_json(&read_flat), flat);
    assert!(read_legacy.fits_level(crate::level::ApiLevel::V13));
    assert!(!read_legacy.fits_level(crate::level::ApiLevel::V14));
    assert!(
        !read_flat.fits_level(crate::level::ApiLevel::V14),
        "disk needs 0.15"
    );
    assert!(read_flat.fits_level(crate::level::ApiLevel::V15));
}

#[test]
fn mixed_resources_are_rejected() {
    let mixed = json!({ "cpu": "1", "mem": { "requests": "1Gi" } });

    let read = serde_json::from_value::<Resources>(mixed);

    assert!(read.is_err());
}

/// One value of every Kubernetes scheduling type with every field set.
fn full_affinity() -> Affinity {
    let requirement = NodeSelectorRequirement {
        key: "zone".into(),
        operator: NodeSelectorOperator::In,
        values: Some(vec!["a".into()]),
    };
    let term = NodeSelectorTerm {
        match_expressions: Some(vec![requirement.clone()]),
        match_fields: Some(vec![requirement]),
    };
    let selector = LabelSelector {
        match_labels: Some([("app".to_string(), "web".to_string())].into()),
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: "tier".into(),
            operator: LabelSelectorOperator::NotIn,
            values: Some(vec!["db".into()]),
        }]),
    };
    let pod_term = PodAffinityTerm {
        topology_key: "kubernetes.io/hostname".into(),
        label_selector: Some(selector.clone()),
        namespaces: Some(vec!["default".into()]),
        namespace_selector: Some(selector),
        match_label_keys: Some(vec!["version".into()]),
        mismatch_label_keys: Some(vec!["team".into()]),
    };
    let weighted = WeightedPodAffinityTerm {
        weight: 10,
        pod_affinity_term: pod_term.clone(),
    };
    Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: Some(vec![term.clone()]),
            }),
            preferred_during_scheduling_ignored_during_execution: Some(vec![
                PreferredSchedulingTerm {
                    weight: 5,
                    preference: term,
                },
            ]),
        }),
        pod_affinity: Some(PodAffinity {
            required_during_scheduling_ignored_during_execution: Some(vec![pod_term.clone()]),
            preferred_during_scheduling_ignored_during_execution: Some(vec![weighted.clone()]),
        }),
        pod_anti_affinity: Some(PodAntiAffinity {
            required_during_scheduling_ignored_during_execution: Some(vec![pod_term]),
            preferred_during_scheduling_ignored_during_execution: Some(vec![weighted]),
        }),
    }
}

/// Asserts that `object`'s keys are exactly the properties of `definition` in `schema`, and
/// descends into the properties that reference another definition.
fn assert_matches_definition(schema: &Value, definition: &str, object: &Value, path: &str) {
    let properties = schema["$defs"][definition]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema has no $defs/{definition}"));
    let object = object
        .as_object()
        .unwrap_or_else(|| panic!("{path} is not an object"));

    let mut expected: Vec<&String> = properties.keys().collect();
    let mut actual: Vec<&String> = object.keys().collect();
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected, "keys of {path} ({definition})");

    for (name, property) in properties {
        let reference = property["$ref"]
            .as_str()
            .or_else(|| property["items"]["$ref"].as_str());
        let Some(target) = reference.and_then(|text| text.strip_prefix("#/$defs/")) else {
            continue;
        };
        if !schema["$defs"][target]["properties"].is_object() {
            continue;
        }
        let child = &object[name.as_str()];
        let child = if child.is_array() { &child[0] } else { child };
        assert_matches_definition(schema, target, child, &format!("{path}/{name}"));
    }
}

#[test]
fn scheduling_names_match_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    let toleration = Toleration {
        key: Some("gpu".into()),
        operator: Some(TolerationOperator::Equal),
        value: Some("true".into()),
        effect: Some(TolerationEffect::NoSchedule),
        toleration_seconds: Some(60),
    };
    let node_selector = NodeSelectorEntry {
        key: "disk".into(),
        value: "ssd".into(),
    };

    for version in ["0.13", "0.14"] {
        let schema = read_json(
            &dir,
            &format!("digitalhub-core/{version}/task/python+job.json"),
        );

        assert_matches_definition(&schema, "CoreAffinity", &to_json(&full_affinity()), version);
        assert_matches_definition(&schema, "CoreToleration", &to_json(&toleration), version);
        assert_matches_definition(
            &schema,
            "CoreNodeSelector",
            &to_json(&node_selector),
            version,
        );
    }
}

#[test]
fn shared_fields_match_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    let volume =
        Volume::new(VolumeType::PersistentVolumeClaim, "data", "/data").with_setting("size", "1Gi");
    let env = EnvVar {
        name: "USER".into(),
        value: "test".into(),
    };
    let definition = ResourceDefinition {
        requests: Some("1".into()),
        limits: Some("2".into()),
    };
    let legacy = Resources::Legacy(LegacyResources {
        cpu: Some(definition.clone()),
        mem: Some(definition.clone()),
        gpu: Some(definition),
    });
    let flat = |disk: Option<&str>| {
        Resources::Flat(FlatResources {
            cpu: Some("1".into()),
            mem: Some("1Gi".into()),
            gpu: Some("1".into()),
            disk: disk.map(str::to_string),
        })
    };

    for (version, resources) in [
        ("0.13", legacy),
        ("0.14", flat(None)),
        ("0.15", flat(Some("1Gi"))),
    ] {
        let schema = read_json(
            &dir,
            &format!("digitalhub-core/{version}/task/python+job.json"),
        );

        assert_matches_definition(&schema, "CoreVolume", &to_json(&volume), version);
        assert_matches_definition(&schema, "CoreEnv", &to_json(&env), version);
        assert_matches_definition(&schema, "CoreResource", &to_json(&resources), version);
    }
}

#[test]
fn task_spec_names_match_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    let legacy_fields = K8sTaskFields {
        volumes: Some(vec![]),
        resources: Some(Resources::Flat(FlatResources::default())),
        envs: Some(vec![]),
        secrets: Some(vec![]),
        profile: Some("p".into()),
        node_selector: Some(vec![]),
        affinity: Some(Affinity::default()),
        tolerations: Some(vec![]),
        runtime_class: Some("r".into()),
        priority_class: Some("p".into()),
    };
    let current_fields = K8sTaskFields {
        node_selector: None,
        affinity: None,
        tolerations: None,
        runtime_class: None,
        priority_class: None,
        ..legacy_fields.clone()
    };
    let cases = [
        ("0.13", legacy_fields.clone(), Some("@daily"), None),
        ("0.14", legacy_fields, None, Some("alias")),
        ("0.15", current_fields, None, Some("alias")),
    ];

    for (version, k8s, schedule, service_name) in cases {
        let specs = [
            TaskSpec::Job(JobTaskSpec {
                function: "python://p/f:1".into(),
                k8s: k8s.clone(),
                schedule: schedule.map(str::to_string),
            }),
            TaskSpec::Serve(ServeTaskSpec {
                function: "python://p/f:1".into(),
                k8s: k8s.clone(),
                replicas: Some(1),
                service_type: Some(ServiceType::ClusterIp),
                service_name: service_name.map(str::to_string),
            }),
            TaskSpec::Build(BuildTaskSpec {
                function: "python://p/f:1".into(),
                k8s: k8s.clone(),
                instructions: Some(vec![]),
            }),
        ];
        for spec in specs {
            let file = format!("digitalhub-core/{version}/task/{}.json", spec.kind());
            let schema = read_json(&dir, &file);
            let mut expected: Vec<&String> =
                schema["properties"].as_object().unwrap().keys().collect();
            let json = to_json(&spec);
            let mut actual: Vec<&String> = json.as_object().unwrap().keys().collect();
            expected.sort();
            actual.sort();

            assert_eq!(actual, expected, "{file}");
        }
    }
}

#[test]
fn function_spec_names_match_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    let spec = PythonFunctionSpec {
        source: SourceCode {
            source: Some("main.py".into()),
            base64: Some("cGFzcw==".into()),
            handler: Some("main".into()),
            init_function: Some("init".into()),
            lang: Some(SourceLanguage::Python),
        },
        python_version: PythonVersion::Python3_10,
        image: Some("python:3.10".into()),
        base_image: Some("python:3.10-slim".into()),
        requirements: Some(vec!["requests".into()]),
    };
    let json = to_json(&spec);

    for version in ["0.13", "0.14", "0.15"] {
        let schema = read_json(
            &dir,
            &format!("digitalhub-core/{version}/function/python.json"),
        );
        let mut expected: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        let mut actual: Vec<&String> = json.as_object().unwrap().keys().collect();
        expected.sort();
        actual.sort();

        assert_eq!(actual, expected, "{version}");
        assert_matches_definition(&schema, "PythonSourceCode", &json["source"], version);
    }
}

#[test]
fn run_spec_fields_by_name() {
    let spec = json!({
        "task": "python+serve://p/t1",
        "function": "python://p/f:1",
        "local_execution": false,
        "inputs": { "table": "store://p/dataitem/table/t:1" },
        "parameters": { "n": 1 },
        "init_parameters": { "model": "m" },
        "replicas": 2,
        "envs": [ { "name": "A", "value": "b" } ],
        "python_version": "PYTHON3_10"
    });

    let run: RunSpec = serde_json::from_value(spec.clone()).unwrap();

    assert_eq!(run.action.replicas, Some(2));
    assert_eq!(run.k8s.envs.as_ref().map(Vec::len), Some(1));
    assert_eq!(run.local_execution, Some(false));
    assert_eq!(run.inputs.as_ref().map(|inputs| inputs.len()), Some(1));
    assert_eq!(
        run.init_parameters.as_ref().map(|map| map["model"].clone()),
        Some(json!("m"))
    );
    assert_eq!(run.other.keys().collect::<Vec<_>>(), ["python_version"]);
    assert_eq!(to_json(&run), spec);
}
