//! Builder output checked against Core's published JSON Schemas of each API level.
//!
//! The schemas live outside the repository. Tests read them from the folder named by
//! `DIGITALHUB_REFERENCE_DIR`, by default `../shared/reference` next to the crate, and print a
//! skip line when it is absent.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::tests::{echo, flat, full_task};
use super::*;
use crate::keys::TaskRef;
use crate::kind::TaskKind;
use crate::level::ApiLevel;

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

fn schema_errors(dir: &std::path::Path, relative: &str, instance: &Value) -> Vec<String> {
    let path = dir.join("digitalhub-core").join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{relative}: {error}"));
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path))
        .collect()
}

#[test]
fn task_specs_pass_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    for level in ApiLevel::ALL {
        for kind in TaskKind::ALL {
            let spec = full_task(kind, level).to_json();
            let relative = format!("{}/task/{kind}.json", level.core_version());

            let errors = schema_errors(&dir, &relative, &spec);

            assert!(errors.is_empty(), "{relative}: {errors:?}");
        }
    }
}

#[test]
fn run_specs_pass_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    for level in ApiLevel::ALL {
        for kind in TaskKind::ALL {
            let task = TaskRef::new(kind, "demo", "t1").unwrap();
            let mut builder = RunBuilder::new(task, echo()).unwrap();
            builder
                .parameter("n", json!(1))
                .init_parameter("m", json!({ "a": [1, 2] }));
            let run_kind = builder.run_kind(level);
            let relative = format!("{}/run/{run_kind}.json", level.core_version());

            let errors = schema_errors(&dir, &relative, &builder.to_json());

            assert!(errors.is_empty(), "{relative}: {errors:?}");
        }
    }
}

#[test]
fn function_specs_pass_core_schemas() {
    let Some(dir) = reference_dir() else { return };
    let mut builder = FunctionBuilder::new();
    builder
        .code("def main():\n    return 1\n")
        .handler("main")
        .requirement("numpy");

    for level in ApiLevel::ALL {
        let relative = format!("{}/function/python.json", level.core_version());

        let errors = schema_errors(&dir, &relative, &builder.to_json());

        assert!(errors.is_empty(), "{relative}: {errors:?}");
    }
}

#[test]
fn schema_check_can_fail() {
    let Some(dir) = reference_dir() else { return };
    let mut builder = TaskBuilder::serve(echo());
    builder.resources(flat("0.5", "1Gi"));

    let errors = schema_errors(&dir, "0.15/task/python+serve.json", &builder.to_json());

    assert_eq!(errors.len(), 1, "{errors:?}");
}
