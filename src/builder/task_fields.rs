//! Setters for the task fields that task and run builders share, and the check that keeps
//! each action's fields on that action.
//!
//! The builders keep the fields as JSON under Core's field names. Typed setters serialize
//! their argument, and the `*_json` setters store a JSON value as given. The JS bindings use
//! the latter, so the model's deserializers stay out of the `.wasm` file. Validation then
//! reports a value of the wrong shape with its JSON Pointer.

use serde_json::{json, Map, Value};

use crate::kind::{Action, TaskKind};
use crate::model::{Affinity, Resources, ServiceType, Toleration, Volume};
use crate::validate::codes::WRONG_ACTION;
use crate::validate::Issue;

/// Task fields that only one action has, with that action.
const ACTION_FIELDS: [(&str, Action); 5] = [
    ("schedule", Action::Job),
    ("replicas", Action::Serve),
    ("service_type", Action::Serve),
    ("service_name", Action::Serve),
    ("instructions", Action::Build),
];

/// Setters of the task fields. [`TaskBuilder`](super::TaskBuilder) sets them on the task and
/// [`RunBuilder`](super::RunBuilder) sets them as overrides of the task's values.
///
/// Every builder accepts every setter. A field of another action (such as `replicas` on a job)
/// is left out of the spec, and `validate` reports it with code `wrong-action`.
pub trait TaskFieldSetters {
    /// Returns the task fields set so far, as JSON under Core's field names.
    fn task_fields_mut(&mut self) -> &mut Map<String, Value>;

    /// Adds a volume.
    fn volume(&mut self, volume: Volume) -> &mut Self {
        self.volume_json(super::model_json(&volume))
    }

    /// Adds a volume given as JSON, stored as is.
    fn volume_json(&mut self, volume: Value) -> &mut Self {
        push(self.task_fields_mut(), "volumes", volume);
        self
    }

    /// Sets the resource requests, replacing earlier ones. The shape decides the level:
    /// [`Resources::Legacy`] for Core 0.13, [`Resources::Flat`] for 0.14 and later.
    fn resources(&mut self, resources: Resources) -> &mut Self {
        self.resources_json(super::model_json(&resources))
    }

    /// Sets the resource requests given as JSON, stored as is.
    fn resources_json(&mut self, resources: Value) -> &mut Self {
        self.task_fields_mut()
            .insert("resources".to_string(), resources);
        self
    }

    /// Adds an environment variable.
    fn env(&mut self, name: &str, value: &str) -> &mut Self {
        let env = json!({ "name": name, "value": value });
        push(self.task_fields_mut(), "envs", env);
        self
    }

    /// Adds the name of a project secret to inject as environment variables.
    fn secret(&mut self, name: &str) -> &mut Self {
        push(self.task_fields_mut(), "secrets", Value::from(name));
        self
    }

    /// Sets the admin template (profile) id.
    fn profile(&mut self, profile: &str) -> &mut Self {
        set(self.task_fields_mut(), "profile", Value::from(profile));
        self
    }

    /// Adds a node label the pod requires (Core 0.13 and 0.14; 0.15 drops it).
    fn node_selector(&mut self, key: &str, value: &str) -> &mut Self {
        let entry = json!({ "key": key, "value": value });
        push(self.task_fields_mut(), "node_selector", entry);
        self
    }

    /// Sets the pod affinity (Core 0.13 and 0.14; 0.15 drops it).
    fn affinity(&mut self, affinity: Affinity) -> &mut Self {
        self.affinity_json(super::model_json(&affinity))
    }

    /// Sets the pod affinity given as JSON, with Kubernetes' camelCase names, stored as is.
    fn affinity_json(&mut self, affinity: Value) -> &mut Self {
        set(self.task_fields_mut(), "affinity", affinity);
        self
    }

    /// Adds a toleration (Core 0.13 and 0.14; 0.15 drops it).
    fn toleration(&mut self, toleration: Toleration) -> &mut Self {
        self.toleration_json(super::model_json(&toleration))
    }

    /// Adds a toleration given as JSON, with Kubernetes' camelCase names, stored as is.
    fn toleration_json(&mut self, toleration: Value) -> &mut Self {
        push(self.task_fields_mut(), "tolerations", toleration);
        self
    }

    /// Sets the Kubernetes RuntimeClass (Core 0.13 and 0.14; 0.15 drops it).
    fn runtime_class(&mut self, name: &str) -> &mut Self {
        set(self.task_fields_mut(), "runtime_class", Value::from(name));
        self
    }

    /// Sets the Kubernetes PriorityClass (Core 0.13 and 0.14; 0.15 drops it).
    fn priority_class(&mut self, name: &str) -> &mut Self {
        set(self.task_fields_mut(), "priority_class", Value::from(name));
        self
    }

    /// Sets the pod count of a serve deployment.
    fn replicas(&mut self, replicas: u32) -> &mut Self {
        set(self.task_fields_mut(), "replicas", Value::from(replicas));
        self
    }

    /// Sets the Kubernetes Service type of a serve deployment.
    fn service_type(&mut self, service_type: ServiceType) -> &mut Self {
        let name = Value::from(service_type.as_str());
        set(self.task_fields_mut(), "service_type", name);
        self
    }

    /// Sets the suffix of the extra alias Service of a serve deployment (Core 0.14 and later).
    fn service_name(&mut self, name: &str) -> &mut Self {
        set(self.task_fields_mut(), "service_name", Value::from(name));
        self
    }

    /// Adds a Dockerfile `RUN` line to a build.
    fn instruction(&mut self, line: &str) -> &mut Self {
        push(self.task_fields_mut(), "instructions", Value::from(line));
        self
    }

    /// Sets the cron schedule of a job (Core 0.13 only).
    fn schedule(&mut self, cron: &str) -> &mut Self {
        set(self.task_fields_mut(), "schedule", Value::from(cron));
        self
    }
}

fn set(fields: &mut Map<String, Value>, name: &str, value: Value) {
    fields.insert(name.to_string(), value);
}

/// Appends `item` to the array `name`, replacing any value that is not an array.
fn push(fields: &mut Map<String, Value>, name: &str, item: Value) {
    let list = fields
        .entry(name.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    match list {
        Value::Array(items) => items.push(item),
        other => *other = Value::Array(vec![item]),
    }
}

/// Copies `fields` into `spec`, leaving out the fields of actions other than `kind`'s, and
/// returns one issue for each field left out.
pub(super) fn copy_task_fields(
    kind: TaskKind,
    fields: &Map<String, Value>,
    spec: &mut Map<String, Value>,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (name, value) in fields {
        let owner = ACTION_FIELDS
            .iter()
            .find(|(field, _)| field == name)
            .map(|&(_, action)| action);
        match owner {
            Some(action) if action != kind.action() => {
                issues.push(wrong_action_issue(kind, name, action));
            }
            _ => {
                spec.insert(name.clone(), value.clone());
            }
        }
    }
    issues
}

fn wrong_action_issue(kind: TaskKind, field: &str, owner: Action) -> Issue {
    let owner_kind = TaskKind(owner);
    Issue {
        path: format!("/{field}"),
        code: WRONG_ACTION.name,
        severity: WRONG_ACTION.severity,
        message: format!(
            "{field} is a field of {owner_kind} tasks, so the {kind} spec leaves it out; \
             remove the setting or build a {owner_kind} task"
        ),
        rejected_by: WRONG_ACTION.rejected_by,
    }
}
