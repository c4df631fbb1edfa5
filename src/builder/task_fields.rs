//! Setters for the task fields that task and run builders share, and the check that keeps
//! each action's fields on that action.

use crate::kind::{Action, TaskKind};
use crate::model::{
    ActionFields, Affinity, EnvVar, K8sTaskFields, NodeSelectorEntry, Resources, ServiceType,
    Toleration, Volume,
};
use crate::validate::codes::WRONG_ACTION;
use crate::validate::Issue;

/// Setters of the task fields. [`TaskBuilder`](super::TaskBuilder) sets them on the task and
/// [`RunBuilder`](super::RunBuilder) sets them as overrides of the task's values.
///
/// Every builder accepts every setter. A field of another action (such as `replicas` on a job)
/// is left out of the spec, and `validate` reports it with code `wrong-action`.
pub trait TaskFieldSetters {
    /// Returns the shared Kubernetes fields being built.
    fn k8s_fields_mut(&mut self) -> &mut K8sTaskFields;

    /// Returns the action-specific fields being built.
    fn action_fields_mut(&mut self) -> &mut ActionFields;

    /// Adds a volume.
    fn volume(&mut self, volume: Volume) -> &mut Self {
        push(&mut self.k8s_fields_mut().volumes, volume);
        self
    }

    /// Sets the resource requests, replacing earlier ones. The shape decides the level:
    /// [`Resources::Legacy`] for Core 0.13, [`Resources::Flat`] for 0.14 and later.
    fn resources(&mut self, resources: Resources) -> &mut Self {
        self.k8s_fields_mut().resources = Some(resources);
        self
    }

    /// Adds an environment variable.
    fn env(&mut self, name: &str, value: &str) -> &mut Self {
        let env = EnvVar {
            name: name.to_string(),
            value: value.to_string(),
        };
        push(&mut self.k8s_fields_mut().envs, env);
        self
    }

    /// Adds the name of a project secret to inject as environment variables.
    fn secret(&mut self, name: &str) -> &mut Self {
        push(&mut self.k8s_fields_mut().secrets, name.to_string());
        self
    }

    /// Sets the admin template (profile) id.
    fn profile(&mut self, profile: &str) -> &mut Self {
        self.k8s_fields_mut().profile = Some(profile.to_string());
        self
    }

    /// Adds a node label the pod requires (Core 0.13 and 0.14; 0.15 drops it).
    fn node_selector(&mut self, key: &str, value: &str) -> &mut Self {
        let entry = NodeSelectorEntry {
            key: key.to_string(),
            value: value.to_string(),
        };
        push(&mut self.k8s_fields_mut().node_selector, entry);
        self
    }

    /// Sets the pod affinity (Core 0.13 and 0.14; 0.15 drops it).
    fn affinity(&mut self, affinity: Affinity) -> &mut Self {
        self.k8s_fields_mut().affinity = Some(affinity);
        self
    }

    /// Adds a toleration (Core 0.13 and 0.14; 0.15 drops it).
    fn toleration(&mut self, toleration: Toleration) -> &mut Self {
        push(&mut self.k8s_fields_mut().tolerations, toleration);
        self
    }

    /// Sets the Kubernetes RuntimeClass (Core 0.13 and 0.14; 0.15 drops it).
    fn runtime_class(&mut self, name: &str) -> &mut Self {
        self.k8s_fields_mut().runtime_class = Some(name.to_string());
        self
    }

    /// Sets the Kubernetes PriorityClass (Core 0.13 and 0.14; 0.15 drops it).
    fn priority_class(&mut self, name: &str) -> &mut Self {
        self.k8s_fields_mut().priority_class = Some(name.to_string());
        self
    }

    /// Sets the pod count of a serve deployment.
    fn replicas(&mut self, replicas: u32) -> &mut Self {
        self.action_fields_mut().replicas = Some(replicas);
        self
    }

    /// Sets the Kubernetes Service type of a serve deployment.
    fn service_type(&mut self, service_type: ServiceType) -> &mut Self {
        self.action_fields_mut().service_type = Some(service_type);
        self
    }

    /// Sets the suffix of the extra alias Service of a serve deployment (Core 0.14 and later).
    fn service_name(&mut self, name: &str) -> &mut Self {
        self.action_fields_mut().service_name = Some(name.to_string());
        self
    }

    /// Adds a Dockerfile `RUN` line to a build.
    fn instruction(&mut self, line: &str) -> &mut Self {
        push(&mut self.action_fields_mut().instructions, line.to_string());
        self
    }

    /// Sets the cron schedule of a job (Core 0.13 only).
    fn schedule(&mut self, cron: &str) -> &mut Self {
        self.action_fields_mut().schedule = Some(cron.to_string());
        self
    }
}

fn push<T>(list: &mut Option<Vec<T>>, item: T) {
    list.get_or_insert_with(Vec::new).push(item);
}

/// Splits `fields` into those that belong to `kind`'s action and one issue for each field of
/// another action.
pub(crate) fn split_action_fields(
    kind: TaskKind,
    fields: &ActionFields,
) -> (ActionFields, Vec<Issue>) {
    let action = kind.action();
    let mut kept = ActionFields::default();
    let mut issues = Vec::new();
    let mut misplaced = |name: &str, owner: Action| {
        issues.push(wrong_action_issue(kind, name, owner));
    };

    if fields.schedule.is_some() {
        if action == Action::Job {
            kept.schedule = fields.schedule.clone();
        } else {
            misplaced("schedule", Action::Job);
        }
    }
    if action == Action::Serve {
        kept.replicas = fields.replicas;
        kept.service_type = fields.service_type;
        kept.service_name = fields.service_name.clone();
    } else {
        if fields.replicas.is_some() {
            misplaced("replicas", Action::Serve);
        }
        if fields.service_type.is_some() {
            misplaced("service_type", Action::Serve);
        }
        if fields.service_name.is_some() {
            misplaced("service_name", Action::Serve);
        }
    }
    if fields.instructions.is_some() {
        if action == Action::Build {
            kept.instructions = fields.instructions.clone();
        } else {
            misplaced("instructions", Action::Build);
        }
    }
    (kept, issues)
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
