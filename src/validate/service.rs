//! Serve rules beyond Core's schema: zero replicas, and the alias Service name Core derives from
//! `service_name`.

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::lowercase::lowercase;
use super::pointer;
use super::quote::quote;
use super::references;

/// Kubernetes' limit on object names as Core applies it (`K8S_NAME_MAX_LENGTH`).
const K8S_NAME_MAX_LENGTH: usize = 62;

/// Core's `sanitizeNames`: lower case, and only `[a-z0-9-]` kept.
pub fn sanitise(name: &str) -> String {
    name.chars()
        .flat_map(lowercase)
        .filter(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || *character == '-'
        })
        .collect()
}

/// Warns about `replicas: 0`.
pub fn check_replicas(context: &mut Context, spec: &Map<String, Value>) {
    let zero = spec
        .get("replicas")
        .and_then(Value::as_f64)
        .is_some_and(|replicas| replicas == 0.0);
    if zero {
        context.push(
            codes::NO_REPLICAS,
            pointer::child("", "replicas"),
            "replicas is 0, so the service gets no pods and never becomes ready: set 1 or more"
                .to_string(),
        );
    }
}

/// Checks the alias Service name `s-<project>-<function name>-<service_name>`, whose project and
/// function name come from the spec's `function` reference.
pub fn check_service_name(context: &mut Context, spec: &Map<String, Value>) {
    let Some(service_name) = spec.get("service_name").and_then(Value::as_str) else {
        return;
    };
    let path = pointer::child("", "service_name");
    let sanitised = sanitise(service_name);
    if sanitised != service_name {
        context.push(
            codes::SERVICE_NAME_REWRITTEN,
            path.clone(),
            format!(
                "service_name {} becomes {} because Core lower-cases it and removes characters \
                 outside a-z, 0-9 and '-': write it that way to get the Service name you expect",
                quote(service_name),
                quote(&sanitised)
            ),
        );
    }
    let function = spec.get("function").and_then(Value::as_str);
    let Some(reference) = function.and_then(references::parse_function) else {
        return;
    };
    let alias = sanitise(&format!(
        "s-{}-{}-{}",
        reference.project(),
        reference.name(),
        service_name
    ));
    if alias.len() > K8S_NAME_MAX_LENGTH {
        let fixed = alias.len() - sanitised.len();
        let budget = K8S_NAME_MAX_LENGTH.saturating_sub(fixed);
        context.push(
            codes::SERVICE_NAME_TOO_LONG,
            path,
            format!(
                "service_name {} makes the alias Service {} ({} characters), over Core's limit \
                 of {K8S_NAME_MAX_LENGTH}: with project {} and function {} the service name may \
                 have at most {budget} characters",
                quote(service_name),
                quote(&alias),
                alias.len(),
                quote(reference.project()),
                quote(reference.name())
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;
    use crate::level::ApiLevel;
    use crate::validate::catalogue::Entity;
    use serde_json::json;

    fn codes_for(spec: Value) -> Vec<&'static str> {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Serve));
        if let Value::Object(spec) = &spec {
            check_replicas(&mut context, spec);
            check_service_name(&mut context, spec);
        }
        context.issues.iter().map(|issue| issue.code).collect()
    }

    #[test]
    fn service_rules() {
        let function = "python://demo/echo:1";
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (json!({"replicas": 0}), vec!["no-replicas"]),
            (json!({"replicas": 1}), vec![]),
            (json!({"function": function, "service_name": "api"}), vec![]),
            (
                json!({"function": function, "service_name": "My_Api"}),
                vec!["service-name-rewritten"],
            ),
            // s-demo-echo- is 12 characters, which leaves 50.
            (
                json!({"function": function, "service_name": "a".repeat(50)}),
                vec![],
            ),
            (
                json!({"function": function, "service_name": "a".repeat(51)}),
                vec!["service-name-too-long"],
            ),
            (
                json!({"function": "bad", "service_name": "a".repeat(80)}),
                vec![],
            ),
        ];
        for (spec, expected) in cases {
            assert_eq!(codes_for(spec.clone()), expected, "{spec}");
        }
    }

    #[test]
    fn budget_message_names_limit() {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Serve));
        let spec = json!({"function": "python://demo/echo:1", "service_name": "a".repeat(60)});
        if let Value::Object(spec) = &spec {
            check_service_name(&mut context, spec);
        }
        assert!(context.issues[0].message.contains("at most 50 characters"));
    }
}
