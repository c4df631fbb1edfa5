//! Toleration rules Kubernetes applies (Core 0.13 and 0.14): operator and value, empty keys, and
//! `tolerationSeconds` only with `NoExecute`.

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::labels::{is_label_value, is_qualified_name};
use super::pointer;
use super::quote::quote;

/// Checks every toleration of the spec.
pub fn check_list(context: &mut Context, spec: &Map<String, Value>) {
    let Some(Value::Array(tolerations)) = spec.get("tolerations") else {
        return;
    };
    let list_path = pointer::child("", "tolerations");
    for (position, toleration) in tolerations.iter().enumerate() {
        if let Value::Object(toleration) = toleration {
            check_one(context, toleration, &pointer::index(&list_path, position));
        }
    }
}

fn check_one(context: &mut Context, toleration: &Map<String, Value>, path: &str) {
    let text = |key: &str| toleration.get(key).and_then(Value::as_str).unwrap_or("");
    let key = text("key");
    let operator = text("operator");
    let value = text("value");
    let effect = text("effect");
    let exists = operator == "Exists";

    if !key.is_empty() && !is_qualified_name(key) {
        context.push(
            codes::INVALID_TOLERATION,
            pointer::child(path, "key"),
            format!(
                "toleration key {} is not a Kubernetes label key: use a name such as \
                 \"nvidia.com/gpu\"",
                quote(key)
            ),
        );
    }
    if key.is_empty() && !exists {
        context.push(
            codes::INVALID_TOLERATION,
            pointer::child(path, "operator"),
            "a toleration without a key matches every taint only with operator \"Exists\": set \
             operator to \"Exists\" or give a key"
                .to_string(),
        );
    }
    if exists && !value.is_empty() {
        context.push(
            codes::INVALID_TOLERATION,
            pointer::child(path, "value"),
            format!(
                "operator \"Exists\" matches any value, so value {} must be empty: remove the \
                 value or use operator \"Equal\"",
                quote(value)
            ),
        );
    }
    if !exists && !is_label_value(value) {
        context.push(
            codes::INVALID_TOLERATION,
            pointer::child(path, "value"),
            format!(
                "toleration value {} is not a Kubernetes label value: use at most 63 letters, \
                 digits, '-', '_' and '.'",
                quote(value)
            ),
        );
    }
    if toleration.contains_key("tolerationSeconds") && effect != "NoExecute" {
        context.push(
            codes::INVALID_TOLERATION,
            pointer::child(path, "tolerationSeconds"),
            "tolerationSeconds applies only to effect \"NoExecute\": set that effect or remove \
             tolerationSeconds"
                .to_string(),
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

    #[test]
    fn toleration_rules() {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"key": "gpu", "operator": "Equal", "value": "a100", "effect": "NoSchedule"}),
                vec![],
            ),
            (json!({"key": "gpu", "value": "a100"}), vec![]),
            (json!({"operator": "Exists"}), vec![]),
            (json!({"key": "gpu", "operator": "Exists"}), vec![]),
            (
                json!({"key": "gpu", "operator": "Exists", "value": "x"}),
                vec!["/0/value"],
            ),
            (json!({"value": "x"}), vec!["/0/operator"]),
            (json!({"key": "", "operator": "Equal"}), vec!["/0/operator"]),
            (
                json!({"key": "gpu", "effect": "NoSchedule", "tolerationSeconds": 5}),
                vec!["/0/tolerationSeconds"],
            ),
            (
                json!({"key": "gpu", "effect": "NoExecute", "tolerationSeconds": 5}),
                vec![],
            ),
            (
                json!({"key": "bad key", "operator": "Exists"}),
                vec!["/0/key"],
            ),
            (json!({"key": "gpu", "value": "a b"}), vec!["/0/value"]),
        ];
        for (toleration, expected) in cases {
            let mut context = Context::new(ApiLevel::V14, Entity::Task(Action::Job));
            let spec = json!({ "tolerations": [toleration.clone()] });
            if let Value::Object(spec) = &spec {
                check_list(&mut context, spec);
            }
            let paths: Vec<String> = context
                .issues
                .iter()
                .map(|issue| issue.path.replace("/tolerations", ""))
                .collect();
            assert_eq!(paths, expected, "{toleration}");
            assert!(context
                .issues
                .iter()
                .all(|issue| issue.code == "invalid-toleration"));
        }
    }
}
