//! The conformance corpus: specs for every kind and level, each with the verdict the corpus
//! expects from Core's schema.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;

use digitalhub_tasks::kind::{Action, FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use serde_json::{json, Value};

use super::mutations;

/// The kind of spec a case holds, and so which schema file and which validator apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Function(FunctionKind),
    Task(TaskKind),
    Run(RunKind),
}

impl Target {
    /// Every target that exists at `level`: the python function, the three task kinds, and
    /// `python+run` at 13 or the three `:run` kinds from 14 on.
    pub fn all(level: ApiLevel) -> Vec<Target> {
        let mut targets = vec![Target::Function(FunctionKind::Python)];
        targets.extend(TaskKind::ALL.into_iter().map(Target::Task));
        match level {
            ApiLevel::V13 => targets.push(Target::Run(RunKind::Legacy)),
            ApiLevel::V14 | ApiLevel::V15 => targets.extend(
                Action::ALL
                    .into_iter()
                    .map(|a| Target::Run(RunKind::Action(a))),
            ),
        }
        targets
    }

    /// Returns the kind string, such as `python+serve:run`.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Function(kind) => kind.as_str(),
            Target::Task(kind) => kind.as_str(),
            Target::Run(kind) => kind.as_str(),
        }
    }

    /// Returns the schema file under `digitalhub-core/<version>/`, such as
    /// `task/python+job.json`.
    pub fn schema_file(self) -> String {
        match self {
            Target::Function(_) => format!("function/{}.json", self.kind()),
            Target::Task(_) => format!("task/{}.json", self.kind()),
            Target::Run(_) => format!("run/{}.json", self.kind()),
        }
    }

    /// Returns the actions whose task fields this spec carries. Core 0.13's `python+run` schema
    /// combines the fields of all three actions with `allOf`; a function has none.
    pub fn actions(self) -> Vec<Action> {
        match self {
            Target::Function(_) => Vec::new(),
            Target::Task(kind) => vec![kind.action()],
            Target::Run(RunKind::Legacy) => Action::ALL.to_vec(),
            Target::Run(RunKind::Action(action)) => vec![action],
        }
    }

    pub fn is_run(self) -> bool {
        matches!(self, Target::Run(_))
    }
}

/// What a group of cases probes. The summary prints a count for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// The `spec` of an example document from the python runtime's repository.
    Example,
    /// The smallest valid spec and a spec with every declared field set.
    Baseline,
    /// A valid value for one field.
    ValidValue,
    /// A value of the wrong JSON type for one field.
    WrongType,
    /// A required field left out.
    MissingRequired,
    /// An enum value, some valid at one level and not at another.
    EnumValue,
    /// A resource quantity against the `pattern` of its level.
    ResourcePattern,
    /// A `minLength` edge: empty or blank strings.
    MinLength,
    /// A `minimum` edge and integer range: `replicas`.
    Minimum,
    /// A volume of each type, its spec map and its required fields.
    Volume,
    /// Environment variables.
    Env,
    /// `node_selector`, `affinity`, `tolerations`, `runtime_class`, `priority_class`, `schedule`.
    Scheduling,
    /// A field no schema declares, at the top level or nested.
    UnknownField,
    /// A field that belongs to another action, or to another level.
    ForeignField,
    /// `null` in place of a value.
    NullValue,
    /// A spec that is not a JSON object.
    NonObject,
    /// Run-only fields: `task`, `local_execution`, `inputs`, `parameters`, `init_parameters`.
    RunField,
    /// Entity reference strings that Core parses on the server.
    Reference,
    /// Several independent errors in one spec, all of which must be reported.
    MultipleErrors,
    /// Map keys that need `~0` / `~1` escaping in a JSON Pointer.
    PointerEscape,
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self {
            Category::Example => "example",
            Category::Baseline => "baseline",
            Category::ValidValue => "valid-value",
            Category::WrongType => "wrong-type",
            Category::MissingRequired => "missing-required",
            Category::EnumValue => "enum-value",
            Category::ResourcePattern => "resource-pattern",
            Category::MinLength => "min-length",
            Category::Minimum => "minimum",
            Category::Volume => "volume",
            Category::Env => "env",
            Category::Scheduling => "scheduling",
            Category::UnknownField => "unknown-field",
            Category::ForeignField => "foreign-field",
            Category::NullValue => "null-value",
            Category::NonObject => "non-object",
            Category::RunField => "run-field",
            Category::Reference => "reference",
            Category::MultipleErrors => "multiple-errors",
            Category::PointerEscape => "pointer-escape",
        };
        f.write_str(label)
    }
}

/// A schema quirk: a reason why Core's schema accepts a spec that is wrong somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirk {
    /// The quirk in one line, for the failure list.
    pub text: &'static str,
    /// Whether Core's server rejects the spec on create although the schema accepts it. The
    /// library must then report an error marked `rejected_by: Core`.
    pub core_rejects: bool,
}

/// The verdict the corpus expects from Core's schema. A mismatch means the schemas changed or
/// the corpus misreads them, and the test reports it apart from validator disagreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Accept,
    /// The schema accepts a spec only because of a quirk; Core's server, Kubernetes or the
    /// runtime would reject it, or Core would drop part of it.
    AcceptByQuirk(Quirk),
    Reject,
}

impl Expect {
    pub fn schema_accepts(self) -> bool {
        !matches!(self, Expect::Reject)
    }
}

/// One spec of the corpus.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub category: Category,
    pub target: Target,
    pub level: ApiLevel,
    pub spec: Value,
    pub expect: Expect,
}

/// Collects cases for one target and level.
pub struct Cases<'a> {
    pub target: Target,
    pub level: ApiLevel,
    out: &'a mut Vec<Case>,
}

impl<'a> Cases<'a> {
    pub fn new(target: Target, level: ApiLevel, out: &'a mut Vec<Case>) -> Self {
        Cases { target, level, out }
    }

    /// Adds a case.
    pub fn add(
        &mut self,
        category: Category,
        name: impl Into<String>,
        spec: Value,
        expect: Expect,
    ) {
        self.out.push(Case {
            name: name.into(),
            category,
            target: self.target,
            level: self.level,
            spec,
            expect,
        });
    }

    /// Returns the smallest spec of this target that Core's schema accepts.
    pub fn base(&self) -> Value {
        base_spec(self.target, self.level)
    }

    /// Returns the base spec with the value at `pointer` set, creating objects on the way.
    pub fn with(&self, pointer: &str, value: Value) -> Value {
        let mut spec = self.base();
        set_pointer(&mut spec, pointer, value);
        spec
    }
}

/// The action of the task a 0.13 `python+run` base spec refers to.
pub const LEGACY_RUN_ACTION: Action = Action::Job;

/// A function key in the form Core parses: `<runtime>://<project>/<name>:<id>`.
pub const FUNCTION_KEY: &str = "python://demo/echo:0f6b1d3c9a2e4b7f8c5d2a1e3b4c5d6e";

/// Builds the task reference of a run, `<task kind>://<project>/<task id>`.
pub fn task_reference(action: Action) -> String {
    format!(
        "{}://demo/7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a",
        TaskKind(action).as_str()
    )
}

/// Returns the smallest spec Core's schema accepts for `target`.
pub fn base_spec(target: Target, level: ApiLevel) -> Value {
    let _ = level;
    match target {
        Target::Function(_) => json!({
            "source": { "source": "main.py", "handler": "handler", "lang": "python" },
            "python_version": "PYTHON3_10"
        }),
        Target::Task(_) => json!({ "function": FUNCTION_KEY }),
        Target::Run(kind) => {
            let action = kind.action().unwrap_or(LEGACY_RUN_ACTION);
            json!({ "task": task_reference(action), "function": FUNCTION_KEY })
        }
    }
}

/// Sets the value at an RFC 6901 `pointer`, creating missing objects. Array indexes must exist.
pub fn set_pointer(spec: &mut Value, pointer: &str, value: Value) {
    let mut current = spec;
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some((last, parents)) = segments.split_last() else {
        *current = value;
        return;
    };
    for segment in parents {
        current = match current {
            Value::Array(items) => {
                let index: usize = segment
                    .parse()
                    .expect("corpus pointers index arrays by number");
                &mut items[index]
            }
            Value::Object(map) => map.entry(segment.clone()).or_insert_with(|| json!({})),
            _ => panic!("corpus pointer {pointer} passes through a scalar"),
        };
    }
    match current {
        Value::Array(items) => {
            let index: usize = last
                .parse()
                .expect("corpus pointers index arrays by number");
            items[index] = value;
        }
        Value::Object(map) => {
            map.insert(last.clone(), value);
        }
        _ => panic!("corpus pointer {pointer} ends under a scalar"),
    }
}

/// Removes the property at a top-level `key`.
pub fn without(mut spec: Value, key: &str) -> Value {
    if let Value::Object(map) = &mut spec {
        map.remove(key);
    }
    spec
}

/// Loads the example documents' specs. Functions belong to every level (`PYTHON3_10` exists in
/// all three); the tasks and runs use `resources.disk`, which exists only from Core 0.15, so
/// they belong to level 15.
///
/// # Errors
/// A message when a document is unreadable, has no `kind` or `spec`, or names a kind this
/// corpus does not model.
pub fn example_cases(reference: &Path, out: &mut Vec<Case>) -> Result<usize, String> {
    let instances = reference.join("digitalhub-runtime-python/instances");
    let mut added = 0;
    for entity in ["function", "task", "run"] {
        let folder = instances.join(entity);
        let mut files: Vec<_> = fs::read_dir(&folder)
            .map_err(|error| format!("cannot list {}: {error}", folder.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        for path in files {
            let text = fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            let document: Value = serde_json::from_str(&text)
                .map_err(|error| format!("{} is not JSON: {error}", path.display()))?;
            let kind = document["kind"]
                .as_str()
                .ok_or_else(|| format!("{} has no kind", path.display()))?;
            let spec = document
                .get("spec")
                .cloned()
                .ok_or_else(|| format!("{} has no spec", path.display()))?;
            let (target, levels) = match entity {
                "function" => {
                    let kind = FunctionKind::parse(kind).map_err(|e| e.to_string())?;
                    (Target::Function(kind), ApiLevel::ALL.to_vec())
                }
                "task" => {
                    let kind = TaskKind::parse(kind).map_err(|e| e.to_string())?;
                    (Target::Task(kind), vec![ApiLevel::V15])
                }
                _ => {
                    let kind = RunKind::parse(kind, ApiLevel::V15).map_err(|e| e.to_string())?;
                    (Target::Run(kind), vec![ApiLevel::V15])
                }
            };
            let file_name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            for level in levels {
                out.push(Case {
                    name: format!("example {file_name}"),
                    category: Category::Example,
                    target,
                    level,
                    spec: spec.clone(),
                    expect: Expect::Accept,
                });
                added += 1;
            }
        }
    }
    Ok(added)
}

/// Builds the whole corpus: the examples plus the generated cases of every target and level.
///
/// # Errors
/// See [`example_cases`].
pub fn build(reference: &Path) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    example_cases(reference, &mut cases)?;
    for level in ApiLevel::ALL {
        for target in Target::all(level) {
            let mut group = Cases::new(target, level, &mut cases);
            mutations::generate(&mut group);
        }
    }
    Ok(cases)
}

/// Case counts per category, in category order.
pub fn counts_by_category(cases: &[Case]) -> BTreeMap<Category, usize> {
    let mut counts = BTreeMap::new();
    for case in cases {
        *counts.entry(case.category).or_insert(0) += 1;
    }
    counts
}
